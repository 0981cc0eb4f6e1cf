import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { run } from '../../src/cli/commands/schedule-psplib';
import type { CliIO } from '../../src/cli/io';

const fixture = join(__dirname, '../fixtures/psplib/j30/j301_1.sm');

function capture(stdin?: string): CliIO & { out: string; err: string } {
  const io = {
    out: '', err: '', env: {},
    stdout: (s: string) => { io.out += s; },
    stderr: (s: string) => { io.err += s; },
    readInput: (p: string) => (p === '-' ? stdin ?? '' : readFileSync(p, 'utf8')),
  };
  return io;
}

describe('converge schedule FILE.sm', () => {
  it('reports a malformed file with its line number, exit 2, nothing on stdout', async () => {
    const lines = readFileSync(fixture, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('RESOURCEAVAILABILITIES')) + 2;
    lines[i] = '   12   13    4';
    const io = capture(lines.join('\n'));
    expect(await run(['-', '--json'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain(`-:${i + 1}: psplib-bad-line`);
  });

  it('rejects a bad budget', async () => {
    const io = capture();
    expect(await run([fixture, '--schedules', 'x'], io)).toBe(2);
  });

  // j301_1: optimum 43 (j30opt.sm), critical-path length 38 (MPM-Time in the file).
  it('prints the makespan comparable with the published optimum, ids = job numbers', async () => {
    const io = capture();
    expect(await run([fixture, '--json', '--seed', '3'], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.makespan).toBe(43);
    expect(r.criticalPathLength).toBe(38);
    expect(r.tasks.map((t: { id: string }) => t.id).slice(0, 3)).toEqual(['1', '2', '3']);
    expect(r.tasks).toHaveLength(32);
    expect(r.seed).toBe('3');
    const text = capture();
    expect(await run([fixture, '--schedules', '200'], text)).toBe(0);
    expect(text.out).toContain('makespan');
  });
});
