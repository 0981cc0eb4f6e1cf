// Credential storage is never used by the offline lint in tests.
const unavailable = async () => { throw new Error('keytar is stubbed in this project (no OS keychain)'); };
module.exports = { getPassword: unavailable, setPassword: unavailable, deletePassword: unavailable, findCredentials: unavailable, findPassword: unavailable };
