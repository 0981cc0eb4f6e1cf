import type { CliIO, Command } from '../../src/cli/io';

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

/** Each case is bad input for `run`: exit 2, stderr matching the culprit, nothing on stdout. */
export async function expectRejected(run: Command, cases: Array<[files: Record<string, string>, args: string[], stderr: RegExp]>): Promise<void> {
  for (const [files, args, stderr] of cases) {
    const io = fakeIO(files);
    expect(await run(args, io)).toBe(2);
    expect(io.err).toMatch(stderr);
    expect(io.out).toBe('');
  }
}
