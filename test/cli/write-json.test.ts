/**
 * writeJson (src/cli/write-json.ts) writes the bytes of JSON.stringify(value, null, 2)
 * and a newline, in pieces: on a real forecast report of a generated plan (long task
 * arrays), and on the cases JSON.stringify treats specially (undefined, functions,
 * toJSON, empty containers, nested long arrays, typed arrays, strings with newlines).
 */
import seedrandom from 'seedrandom';
import { compilePlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { validatePlan } from '../../src/engine/validate-plan';
import { writeJson } from '../../src/cli/write-json';

function written(value: unknown): { text: string; writes: number } {
  const parts: string[] = [];
  writeJson(value, (t) => parts.push(t));
  return { text: parts.join(''), writes: parts.length };
}

describe('writeJson', () => {
  it('writes the bytes of JSON.stringify(value, null, 2) + newline for a 3,000-task forecast report, in several writes', () => {
    const r = seedrandom('w');
    const tasks = Array.from({ length: 3000 }, (_, i) => ({
      id: `T${i}`,
      name: `Task "${i}"\nline two`,
      duration: { optimistic: 1, mostLikely: 2 + (i % 3), pessimistic: 6 + (i % 5) },
      after: i ? [`T${Math.floor(r() * i)}`] : [],
    }));
    const v = validatePlan({ start: '2027-01-04', due: '2027-09-01', tasks });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const report = forecast(compilePlan(v.plan), { iterations: 500, seed: '1' });
    const { text, writes } = written(report);
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(writes).toBeGreaterThan(1);
  });

  it('treats undefined, functions, toJSON, empty and nested containers as JSON.stringify does', () => {
    const long = Array.from({ length: 70 }, (_, i) => (i % 7 === 0 ? undefined : i % 5 === 0 ? () => i : i % 3 === 0 ? [i, [i]] : { i, s: 'a\nb', u: undefined }));
    const values = [
      { a: undefined, b: () => 1, c: new Date(Date.UTC(2027, 0, 4)), d: {}, e: [], f: [long, [long]], g: new Float64Array([1.5, -0]), h: new Map([[1, 2]]), i: null },
      long,
      [],
      {},
      'x\ny',
      12.5,
      null,
    ];
    for (const value of values) expect(written(value).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});
