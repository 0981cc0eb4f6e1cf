import { textOf } from '../../src/jira/field-text';

describe('textOf (a team or option field value as text)', () => {
  test('values with no text give undefined', () => {
    for (const v of [undefined, null, '', 0, 12, true, [], [''], {}, { value: '' }, { id: '10001' }, { value: 3 }]) expect(textOf(v)).toBeUndefined();
  });

  test('a string, an option, a user, or the first of an array', () => {
    expect(textOf('ML Platform')).toBe('ML Platform');
    expect(textOf({ value: 'Data', id: '1' })).toBe('Data');
    expect(textOf({ name: 'Ops' })).toBe('Ops');
    expect(textOf({ title: 'Infra' })).toBe('Infra');
    expect(textOf({ displayName: 'Ada Lovelace', accountId: 'x' })).toBe('Ada Lovelace');
    // value wins over name; an empty value falls through to the next key.
    expect(textOf({ value: 'A', name: 'B' })).toBe('A');
    expect(textOf({ value: '', name: 'B' })).toBe('B');
    expect(textOf([{ value: 'First' }, { value: 'Second' }])).toBe('First');
  });
});
