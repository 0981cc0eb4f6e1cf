/**
 * `converge calibrate --plan [--out]` and `converge forecast --calibrate`: the calibration put to
 * work on a plan (src/cli/commands/calibrate.ts, src/cli/commands/forecast.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as calibrate } from '../../src/cli/commands/calibrate';
import { run as forecast } from '../../src/cli/commands/forecast';
import { parsePlan } from '../../src/engine/parse-plan';
import { expectRejected, fakeIO } from './fake-io';
import { chainHistory, HISTORY_SETTINGS } from './backtest-history';

// Source: test/fixtures/ml-durations/wandb-runs.csv (finished runs of 4 h, 8 h, 6 h).
const runsFixture = readFileSync(join(__dirname, '../fixtures/ml-durations/wandb-runs.csv'), 'utf8');

const PLAN = {
  name: 'Calibrated',
  start: '2027-01-04',
  tasks: [
    { id: 'A', duration: { optimistic: 2, mostLikely: 3, pessimistic: 6 } },
    { id: 'B', duration: { optimistic: 1, mostLikely: 4, pessimistic: 10, distribution: 'triangular' }, after: ['A'] },
    { id: 'T', kind: 'training', unestimated: true, duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 }, after: ['B'] },
    { id: 'L', labels: ['training'], unestimated: true, duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 }, after: ['B'] },
    { id: 'D', status: 'done', duration: 2 },
  ],
  convergenceDefaults: [{ match: { labels: ['training'], kinds: ['training'] }, duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 } }],
};

// Every history item took 1.5x its estimate: ratio, p10 and p90 are all 1.5.
const files = () => ({
  'h.json': JSON.stringify(chainHistory([1, 2, 3, 5, 8, 2, 3, 1, 5, 4], 1.5, { team: 'ML' })),
  's.json': HISTORY_SETTINGS,
  'p.json': JSON.stringify(PLAN),
  'r.csv': runsFixture,
});

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'converge-calibrate-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('converge calibrate --plan', () => {
  test('malformed input: culprit on stderr, exit 2, nothing on stdout and no --out file', async () => {
    const out = join(dir, 'never.json');
    await expectRejected(calibrate, [
      // A runs CSV with an unreadable runtime: line 2 column 12.
      [{ ...files(), 'r.csv': 'Name,State,Runtime\nx,finished,ten\n' }, ['h.json', '--settings', 's.json', '--runs', 'r.csv', '--plan', 'p.json', '--out', out], /\[invalid-runs\] r\.csv line 2 column 12/],
      // A runs JSON with a syntax error on its third line.
      [{ ...files(), 'r.json': '[\n  {"info": {}},\n  {"info": }\n]' }, ['h.json', '--settings', 's.json', '--runs', 'r.json', '--plan', 'p.json', '--out', out], /\[invalid-runs\] r\.json line 3 column 12/],
      [{ ...files(), 'p.json': '{"start": "2027-01-04", "tasks": [{"id": "A", "duration": {"optimistic": 5, "mostLikely": 2, "pessimistic": 9}}]}' }, ['h.json', '--settings', 's.json', '--plan', 'p.json', '--out', out], /A/],
      [files(), ['h.json', '--settings', 's.json', '--plan', 'missing.json', '--out', out], /missing\.json/],
      [files(), ['h.json', '--out', out], /--out needs --plan/],
    ]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an --out that cannot be written: exit 1, the reason on stderr, nothing on stdout', async () => {
    const io = fakeIO(files());
    expect(await calibrate(['h.json', '--settings', 's.json', '--plan', 'p.json', '--out', join(dir, 'no-such-dir', 'x.json')], io)).toBe(1);
    expect(io.err).toMatch(/\[write-error\] cannot write .*no-such-dir/);
    expect(io.out).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a 1.5x history multiplies every open estimate by 1.5; training tasks take the run fit; --out writes the plan', async () => {
    const out = join(dir, 'calibrated.json');
    const io = fakeIO(files());
    expect(await calibrate(['h.json', '--settings', 's.json', '--runs', 'r.csv', '--plan', 'p.json', '--out', out, '--json'], io)).toBe(0);
    expect(io.err).toBe('');
    const json = JSON.parse(io.out);
    const byId = new Map(json.changes.map((c: { id: string }) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual(['A', 'B', 'L', 'T']);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    const task = (id: string) => written.tasks.find((t: { id: string }) => t.id === id);
    for (const id of ['A', 'B']) {
      const src = PLAN.tasks.find((t) => t.id === id)!.duration as { optimistic: number; mostLikely: number; pessimistic: number };
      // Geometric mean of exact 1.5 ratios: 1.5 up to rounding of the fitted ratio (1e-6).
      expect(task(id).duration.optimistic / src.optimistic).toBeCloseTo(1.5, 6);
      expect(task(id).duration.mostLikely / src.mostLikely).toBeCloseTo(1.5, 6);
      expect(task(id).duration.pessimistic / src.pessimistic).toBeCloseTo(1.5, 6);
    }
    expect(task('B').duration.distribution).toBe('triangular');
    expect(task('D').duration).toEqual({ optimistic: 2, mostLikely: 2, pessimistic: 2, distribution: 'fixed' });
    // The W&B fixture's lognormal fit (4 h, 8 h, 6 h): P50 = 192^(1/3) h = 5.769 h, in days / 24.
    for (const id of ['T', 'L']) {
      expect(task(id).duration.distribution).toBe('lognormal');
      expect(task(id).duration.mostLikely).toBeCloseTo(Math.cbrt(192) / 24, 9);
      expect(task(id).duration).toEqual(json.model.training.estimate);
    }
    expect(task('L').kind).toBeUndefined();
    expect(task('T').kind).toBe('training');
    // The written plan is a valid plan.
    const reparsed = parsePlan(readFileSync(out, 'utf8'));
    expect(reparsed.ok).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('text output lists each change: from -> to, ratio, group', async () => {
    const io = fakeIO(files());
    expect(await calibrate(['h.json', '--settings', 's.json', '--plan', 'p.json'], io)).toBe(0);
    expect(io.out).toContain('Calibrated estimates (2 task(s)');
    expect(io.out).toMatch(/^ {2}A\s+2\.00\/3\.00\/6\.00 pert -> 3\.00\/4\.50\/9\.00 pert\s+x1\.50\s+\(overall\)$/m);
  });
});

describe('converge forecast --calibrate', () => {
  test('bad history or runs: exit 2, nothing on stdout', async () => {
    await expectRejected(forecast, [
      [{ ...files(), 'h.json': '{"issues": [' }, ['p.json', '--calibrate', 'h.json'], /\[invalid-history\] h\.json line 1 column 13/],
      [{ ...files(), 'r.csv': 'Name,State,Runtime\nx,finished,ten\n' }, ['p.json', '--calibrate', 'h.json', '--settings', 's.json', '--runs', 'r.csv'], /r\.csv line 2 column 12/],
      [files(), ['p.json', '--runs', 'r.csv'], /need --calibrate/],
    ]);
  });

  test('forecasts the calibrated plan and says so', async () => {
    const plain = fakeIO(files());
    expect(await forecast(['p.json', '--iterations', '2000', '--json'], plain)).toBe(0);
    const io = fakeIO(files());
    expect(await forecast(['p.json', '--iterations', '2000', '--json', '--calibrate', 'h.json', '--settings', 's.json', '--runs', 'r.csv'], io)).toBe(0);
    const before = JSON.parse(plain.out);
    const after = JSON.parse(io.out);
    expect(before.calibration).toBeUndefined();
    expect(after.calibration.changes.map((c: { id: string }) => c.id).sort()).toEqual(['A', 'B', 'L', 'T']);
    // A and B (the chain before the training runs) are 1.5x longer, the runs 2 -> ~0.24 days shorter:
    // deterministically 7 -> 10.5 + 0.24 working days, so the calibrated P50 is later.
    expect(after.finishDays.p50).toBeGreaterThan(before.finishDays.p50);
    const text = fakeIO(files());
    expect(await forecast(['p.json', '--iterations', '2000', '--calibrate', 'h.json', '--settings', 's.json'], text)).toBe(0);
    expect(text.out).toMatch(/^Calibrated by h\.json: 2 task estimate\(s\) changed/);
  });
});
