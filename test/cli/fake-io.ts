import type { CliIO } from '../../src/cli/io';

/** A CliIO that captures output and serves files from a map ('-' is stdin). */
export function fakeIO(files: Record<string, string>): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
    readInput: (p: string) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      return files[p];
    },
    env: {},
  };
  return io;
}
