import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePsplib, problemFromPsplib, PsplibError } from '../../../src/engine/rcpsp/parse-psplib';
import { criticalPathBound } from '../../../src/engine/rcpsp/priority-rules';

const dir = join(__dirname, '../../fixtures/psplib');
const j301 = readFileSync(join(dir, 'j30/j301_1.sm'), 'utf8');

function errorOf(text: string): PsplibError {
  try { parsePsplib(text); } catch (e) { if (e instanceof PsplibError) return e; throw e; }
  throw new Error('no error');
}

describe('parsePsplib', () => {
  it('rejects malformed files with a code and the line number', () => {
    const lines = j301.split('\n');
    const i = lines.findIndex((l) => /^\s+3\s+1\s+4\s+10/.test(l));
    const broken = [...lines]; broken[i] = '  3      1     4      10    0    0';
    let e = errorOf(broken.join('\n'));
    expect([e.code, e.line]).toEqual(['psplib-bad-line', i + 1]);

    const p = lines.findIndex((l) => /^\s+5\s+1\s+1\s+20\s*$/.test(l));
    const unknown = [...lines]; unknown[p] = '   5        1          1          99';
    e = errorOf(unknown.join('\n'));
    expect([e.code, e.line]).toEqual(['psplib-unknown-job', p + 1]);

    const noAvail = j301.slice(0, j301.indexOf('RESOURCEAVAILABILITIES'));
    expect(errorOf(noAvail).code).toBe('psplib-missing-section');
    expect(errorOf('hello\nworld').code).toBe('psplib-missing-header');
    const multi = [...lines]; multi[p] = '   5        2          1          20';
    expect(errorOf(multi.join('\n')).code).toBe('psplib-unsupported');
  });

  it('reads j301_1: 32 jobs, capacities 12 13 4 12, 48 arcs, CPM 38 (SOURCES.md verified facts)', () => {
    const inst = parsePsplib(j301);
    expect(inst.jobs).toBe(32);
    expect(inst.capacity).toEqual([12, 13, 4, 12]);
    expect(inst.successors.reduce((s, l) => s + l.length, 0)).toBe(48);
    expect(inst.duration[1]).toBe(8);
    expect(inst.demand[2]).toEqual([10, 0, 0, 0]);
    const { problem, jobOf } = problemFromPsplib(inst);
    expect(Array.from(jobOf.slice(0, 3))).toEqual([1, 2, 3]);
    expect(criticalPathBound(problem)).toBe(38);
    expect(inst.mpmTime).toBe(38);
  });
});
