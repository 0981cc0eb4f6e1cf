import seedrandom from 'seedrandom';
import { applyCalibration, fitCalibration, withTrainingFit, type CompletedWork } from '../../../src/engine/history/calibration';
import type { Plan, Task } from '../../../src/engine/plan';

const work = (id: string, estimateDays: number | undefined, actualDays: number, team?: string, kind?: string): CompletedWork => ({
  id, estimateDays, actualDays, resolved: '2024-01-01', ...(team ? { team } : {}), ...(kind ? { kind } : {}),
});

const task = (id: string, over: Partial<Task> = {}): Task => ({
  id, duration: { optimistic: 2, mostLikely: 4, pessimistic: 8, distribution: 'pert' }, after: [], demand: {}, status: 'todo', ...over,
});

describe('fitCalibration', () => {
  it('rejects unusable work and options, naming the culprit', () => {
    expect(() => fitCalibration([work('A-1', 2, -1)])).toThrow(expect.objectContaining({ code: 'invalid-work', culprit: 'A-1' }));
    expect(() => fitCalibration([work('A-1', Number.NaN, 1)])).toThrow(expect.objectContaining({ code: 'invalid-work', culprit: 'A-1' }));
    expect(() => fitCalibration([{ actualDays: 1 } as CompletedWork])).toThrow(expect.objectContaining({ code: 'invalid-work' }));
    expect(() => fitCalibration([], { minSamples: 0 })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });

  it('too little history is the identity', () => {
    const m = fitCalibration([work('A-1', 2, 4), work('A-2', undefined, 3)], { minSamples: 5 });
    expect(m.overall).toEqual({ ratio: 1, samples: 1, p10: 1, p50: 1, p90: 1 });
    expect(m.skipped).toBe(1);
    expect(m.groups).toEqual([]);
  });

  it('a team that always takes 1.5x its estimate calibrates to 1.5 within 1%', () => {
    const rng = seedrandom('calib-1');
    const items: CompletedWork[] = [];
    for (let i = 0; i < 60; i++) {
      const e = 1 + Math.floor(rng() * 10);
      items.push(work(`ML-${i}`, e, 1.5 * e, 'ML', i % 2 ? 'Story' : 'Task'));
    }
    const m = fitCalibration(items);
    expect(m.overall.ratio).toBeCloseTo(1.5, 10);
    for (const g of m.groups) {
      expect(Math.abs(g.ratio / 1.5 - 1)).toBeLessThan(0.01);
      expect(g.p10).toBeCloseTo(1.5, 10);
      expect(g.p90).toBeCloseTo(1.5, 10);
    }
    expect(m.groups.map((g) => [g.team, g.kind, g.samples])).toEqual([['ML', undefined, 60], ['ML', 'Story', 30], ['ML', 'Task', 30]]);
  });

  it('noisy lognormal ratios: the geometric mean and quantiles are recovered', () => {
    // ln r ~ N(ln 1.5, 0.3^2): median 1.5, p10 = 1.5 exp(-1.2816 * 0.3) = 1.0213, p90 = 2.2030.
    const rng = seedrandom('calib-2');
    const items: CompletedWork[] = [];
    for (let i = 0; i < 4000; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      items.push(work(`X-${i}`, 3, 3 * 1.5 * Math.exp(0.3 * z)));
    }
    const m = fitCalibration(items);
    // Standard error of the log-mean: 0.3 / sqrt(4000) = 0.0047; 3 SE about 1.5%.
    expect(Math.abs(m.overall.ratio / 1.5 - 1)).toBeLessThan(0.015);
    expect(Math.abs(m.overall.p10 / 1.0213 - 1)).toBeLessThan(0.03);
    expect(Math.abs(m.overall.p90 / 2.203 - 1)).toBeLessThan(0.03);
  });

  it('small groups fall back and used groups shrink toward their parent', () => {
    const items: CompletedWork[] = [];
    for (let i = 0; i < 10; i++) items.push(work(`A-${i}`, 2, 4, 'A', 'Story')); // ratio 2
    for (let i = 0; i < 10; i++) items.push(work(`B-${i}`, 2, 2, 'B', 'Story')); // ratio 1
    items.push(work('B-x', 2, 8, 'B', 'Bug')); // one Bug: below minSamples
    const m = fitCalibration(items, { minSamples: 5 });
    // overall log-mean = (10 ln 2 + 0 + ln 4) / 21 = 12 ln 2 / 21
    const overall = (12 * Math.log(2)) / 21;
    expect(Math.log(m.overall.ratio)).toBeCloseTo(overall, 12);
    // team A: n=10, k=5: (10 ln 2 + 5 overall) / 15
    const teamA = (10 * Math.log(2) + 5 * overall) / 15;
    const a = m.groups.find((g) => g.team === 'A' && g.kind === undefined)!;
    expect(Math.log(a.ratio)).toBeCloseTo(teamA, 12);
    // pair (A, Story): shrunk toward team A's shrunk value
    const pairA = m.groups.find((g) => g.team === 'A' && g.kind === 'Story')!;
    expect(Math.log(pairA.ratio)).toBeCloseTo((10 * Math.log(2) + 5 * teamA) / 15, 12);
    expect(m.groups.find((g) => g.kind === 'Bug')).toBeUndefined();
    expect(pairA.p10).toBeLessThanOrEqual(pairA.p50);
    expect(pairA.p50).toBeLessThanOrEqual(pairA.p90);
  });
});

describe('applyCalibration', () => {
  const plan = (tasks: Task[]): Plan => ({ start: '2024-01-01', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [], tasks });
  const model = fitCalibration(Array.from({ length: 10 }, (_, i) => work(`H-${i}`, 2, i < 5 ? 2 : 4, 'ML', 'Story')), { minSamples: 5 });

  it('scales open estimates by the group ratio, widens to p10..p90, leaves the input and done work untouched', () => {
    const input = plan([
      task('T-1', { meta: { team: 'ML', issueType: 'Story' } }),
      task('T-2', { status: 'done', meta: { team: 'ML' } }),
      task('T-3', { status: 'in-progress', remaining: { optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' }, meta: { team: 'ML', issueType: 'Story' } }),
      task('G-1', { gate: { kind: 'bias-audit' } }),
      task('U-1', { assumed: true }),
    ]);
    const before = JSON.stringify(input);
    const { plan: out, changes } = applyCalibration(input, model);
    expect(JSON.stringify(input)).toBe(before);
    const g = model.groups.find((x) => x.team === 'ML' && x.kind === 'Story')!;
    expect(changes.map((c) => c.id)).toEqual(['T-1', 'T-3']);
    expect(changes[0].group).toBe('team ML, kind Story');
    const t1 = out.tasks[0].duration;
    expect(t1.mostLikely).toBeCloseTo(4 * g.ratio, 12);
    expect(t1.optimistic).toBeCloseTo(Math.min(2 * g.ratio, 4 * g.p10), 12);
    expect(t1.pessimistic).toBeCloseTo(Math.max(8 * g.ratio, 4 * g.p90), 12);
    expect(out.tasks[1]).toBe(input.tasks[1]);
    expect(out.tasks[3]).toBe(input.tasks[3]);
    expect(out.tasks[4]).toBe(input.tasks[4]);
    // A widened fixed remaining estimate becomes PERT.
    expect(out.tasks[2].remaining!.distribution).toBe('pert');
    expect(out.tasks[2].remaining!.mostLikely).toBeCloseTo(g.ratio, 12);
    expect(changes[1].remainingFrom).toEqual({ optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' });
  });

  it('an unknown team falls back to overall; the identity model changes nothing', () => {
    const { changes } = applyCalibration(plan([task('T-9', { meta: { team: 'Other' } })]), model);
    expect(changes[0].group).toBe('overall');
    const none = applyCalibration(plan([task('T-9')]), fitCalibration([]));
    expect(none.changes).toEqual([]);
  });
});

describe('training-run fit', () => {
  it('replaces assumed estimates of open training tasks, keeps retry odds, leaves estimated ones to the ratio', () => {
    const plan: Plan = {
      start: '2024-01-01', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [],
      tasks: [
        task('TR-1', { kind: 'training', assumed: true, attempts: { successProbability: 0.6, maxAttempts: 3 } }),
        task('TR-2', { kind: 'training', status: 'in-progress', unestimated: true, remaining: { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'pert' } }),
        task('TR-3', { kind: 'training', status: 'done', assumed: true }),
        task('TR-4', { kind: 'training' }),
      ],
    };
    const run = { optimistic: 0.5, mostLikely: 2, pessimistic: 8, distribution: 'lognormal' as const };
    const model = withTrainingFit(fitCalibration([]), run, 40);
    const { plan: out, changes } = applyCalibration(plan, model);
    expect(out.tasks[0].duration).toEqual(run);
    expect(out.tasks[0].attempts).toEqual({ successProbability: 0.6, maxAttempts: 3 });
    // Most likely 4 -> 2: what is left halves too.
    expect(out.tasks[1].remaining).toEqual({ optimistic: 0.5, mostLikely: 1, pessimistic: 2, distribution: 'pert' });
    expect(out.tasks[2]).toBe(plan.tasks[2]);
    // TR-4 is the team's estimate; the identity ratio model leaves it alone.
    expect(out.tasks[3]).toBe(plan.tasks[3]);
    expect(changes.map((c) => [c.id, c.group, c.ratio])).toEqual([['TR-1', 'training runs (40)', 0.5], ['TR-2', 'training runs (40)', 0.5]]);
  });
});
