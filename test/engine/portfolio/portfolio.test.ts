/**
 * Portfolio: merging under shared pools (errors name both initiatives), the
 * priority order deciding who slips, and the slip attributed to the pool that
 * causes it. Hand plans with fixed durations: every expected number follows from
 * the construction.
 */
import { validatePlan } from '../../../src/engine/validate-plan';
import type { Plan } from '../../../src/engine/plan';
import { mergePortfolio, forecastPortfolio, runPortfolioBatch, portfolioFromBatches, PortfolioError } from '../../../src/engine/portfolio';
import { compareScenarios } from '../../../src/engine/scenarios';

function plan(raw: Record<string, unknown>): Plan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}
const START = '2027-01-04';
const POOLS = [{ id: 'a100', capacity: 1, name: 'A100' }, { id: 'team', capacity: 5 }];
// Each initiative: prep (2 days, team) then a 10-day training run holding the whole A100 pool.
const initiative = (p: string, extra: Record<string, unknown> = {}) => plan({
  start: START, resources: POOLS, ...extra,
  tasks: [
    { id: `${p}-prep`, duration: 2, demand: { team: 1 } },
    { id: `${p}-train`, duration: 10, after: [`${p}-prep`], demand: { a100: 1 } },
  ],
});

describe('mergePortfolio', () => {
  it('refuses invalid portfolios with stable codes naming both initiatives', () => {
    expect(() => mergePortfolio([])).toThrow(expect.objectContaining({ code: 'invalid-portfolio' }));
    const a = initiative('A');
    expect(() => mergePortfolio([{ key: 'A', plan: a }, { key: 'A', plan: initiative('B') }])).toThrow(expect.objectContaining({ code: 'duplicate-initiative' }));
    const other = plan({ start: START, resources: [{ id: 'a100', capacity: 2 }], tasks: [{ id: 'X', duration: 1 }] });
    expect(() => mergePortfolio([{ key: 'A', plan: a }, { key: 'X', plan: other }])).toThrow(expect.objectContaining({ code: 'capacity-mismatch', initiatives: ['A', 'X'], pool: 'a100' }));
    expect(() => mergePortfolio([{ key: 'A', plan: a }, { key: 'A2', plan: a }])).toThrow(expect.objectContaining({ code: 'duplicate-task', initiatives: ['A', 'A2'], task: 'A-prep' }));
    const sat = plan({ start: START, calendar: { workdays: [1, 2, 3, 4, 5, 6], holidays: [] }, tasks: [{ id: 'S', duration: 1 }] });
    expect(() => mergePortfolio([{ key: 'A', plan: a }, { key: 'S', plan: sat }])).toThrow(PortfolioError);
  });

  it('merges pools by id, prefixes ids on request, and a later start becomes notBefore', () => {
    const late = initiative('B', { start: '2027-01-11' });
    const m = mergePortfolio([{ key: 'A', plan: initiative('A'), priority: 2 }, { key: 'B', plan: late, priority: 1 }], { prefixIds: true });
    expect(m.plan.start).toBe(START);
    expect(m.plan.resources.map((r) => r.id)).toEqual(['a100', 'team']);
    expect(m.sharedPools).toEqual(['a100', 'team']);
    expect(m.initiatives.map((x) => [x.key, x.rank])).toEqual([['B', 0], ['A', 1]]);
    expect(m.plan.tasks.map((t) => t.id)).toEqual(['B/B-prep', 'B/B-train', 'A/A-prep', 'A/A-train']);
    expect(m.plan.tasks[1].after).toEqual(['B/B-prep']);
    expect(m.plan.tasks[0].notBefore).toBe('2027-01-11');
    expect(m.initiativeOf['A/A-train']).toBe('A');
  });
});

describe('mergePortfolio keeps gate rules', () => {
  // A security review that only the board can pass; the board sits once, on Friday 2027-01-15 (the end of working day 10).
  const board = { id: 'R1', gate: 'security-review', guards: { ids: [] as string[] }, cadence: { dates: ['2027-01-15'] } };
  const gated = (p: string, rule = board) => plan({
    start: START, gateRules: [{ ...rule, guards: { ids: [`${p}-ship`] } }],
    tasks: [
      { id: `${p}-prep`, duration: 2 },
      { id: `${p}-review`, duration: 1, after: [`${p}-prep`], gate: { kind: 'security-review' } },
      { id: `${p}-ship`, duration: 1, after: [`${p}-review`] },
    ],
  });

  it('one rule for the same board (guards merged), a prefixed id and a note for a different one; together honours the board days', () => {
    const m = mergePortfolio([{ key: 'A', plan: gated('A') }, { key: 'B', plan: gated('B') }]);
    expect(m.plan.gateRules!.map((r) => [r.id, r.guards])).toEqual([['R1', { ids: ['A-ship', 'B-ship'] }]]);
    const f = forecastPortfolio(m, { iterations: 10 });
    // Without the rule the review would end on day 3; with it, on the sitting (day 10), then a day to ship.
    expect(f.initiatives.map((x) => [x.key, x.alone.p80, x.shared.p80])).toEqual([['A', 11, 11], ['B', 11, 11]]);
    const other = gated('C', { ...board, cadence: { dates: ['2027-01-22'] } });
    const same = gated('D', { ...board, cadence: { dates: ['2027-01-22'] } });
    const m2 = mergePortfolio([{ key: 'A', plan: gated('A') }, { key: 'C', plan: other }, { key: 'D', plan: same }], { prefixIds: true });
    // D's rule is C's (same id and content): one rule, under the id C's got.
    expect(m2.plan.gateRules!.map((r) => [r.id, r.guards.ids])).toEqual([['R1', ['A/A-ship']], ['C/R1', ['C/C-ship', 'D/D-ship']]]);
    expect(m2.notes.join(' ')).toMatch(/C: its security-review board .* uses A's/);
  });
});

describe('forecastPortfolio', () => {
  it('alone with its predecessors: waiting on another initiative\'s work is not counted as contention', () => {
    // B's evaluation (3 days, no pool) waits for A's training (2 + 10 days on the A100).
    const b = plan({ start: START, resources: POOLS, tasks: [{ id: 'B-eval', duration: 3 }] });
    b.tasks[0].after = ['A-train']; // a cross-initiative link (validatePlan checks one plan only)
    const m = mergePortfolio([{ key: 'A', plan: initiative('A') }, { key: 'B', plan: b }]);
    const own = forecastPortfolio(m, { iterations: 10 });
    // Own tasks only: B alone takes 3 days, so its 15 in the portfolio looks like 12 days of contention.
    expect(own.initiatives[1]).toMatchObject({ key: 'B', alone: { p80: 3 }, shared: { p80: 15 }, slip: { p80: 12 } });
    expect(own.warnings.join(' ')).toMatch(/links are ignored/);
    const withInputs = forecastPortfolio(m, { iterations: 10, alone: 'with-predecessors' });
    // With A's prep and training (its inputs): 15 alone, 15 together, no slip; A unchanged (12, no inputs).
    expect(withInputs.initiatives.map((x) => [x.key, x.alone.p80, x.shared.p80, x.slip.p80])).toEqual([['A', 12, 12, 0], ['B', 15, 15, 0]]);
    expect(withInputs.warnings.join(' ')).not.toMatch(/links are ignored/);
    // Batches of one mode merge; batches of two modes are two different runs.
    const b1 = runPortfolioBatch(m, { from: 0, count: 4, alone: 'with-predecessors' });
    const b2 = runPortfolioBatch(m, { from: 4, count: 6, alone: 'with-predecessors' });
    expect(JSON.parse(JSON.stringify(portfolioFromBatches(m, [b2, b1])))).toEqual(JSON.parse(JSON.stringify(withInputs)));
    expect(() => portfolioFromBatches(m, [b1, runPortfolioBatch(m, { from: 4, count: 6 })])).toThrow(expect.objectContaining({ code: 'invalid-portfolio' }));
  });

  it('the lower-priority initiative slips by the other\'s training run, attributed to the A100 pool; the priority order decides who', () => {
    const m = mergePortfolio([{ key: 'A', plan: initiative('A'), name: 'Fraud v3' }, { key: 'B', plan: initiative('B'), name: 'Search ranker' }]);
    const f = forecastPortfolio(m, { iterations: 50 });
    const [a, b] = f.initiatives;
    expect(a.key).toBe('A');
    // Alone: 2 + 10 = 12 days each. Shared: A first (12), B's training waits for A's: 22.
    expect(a.alone.p80).toBe(12);
    expect(a.shared.p80).toBe(12);
    expect(b.alone.p80).toBe(12);
    expect(b.shared.p80).toBe(22);
    expect(b.slip.p80).toBe(10);
    expect(b.byPool[0]).toEqual({ pool: 'a100', name: 'A100', p80Days: 10, p50Days: 10 });
    expect(b.byPool.find((p) => p.pool === 'team')!.p80Days).toBe(0);
    expect(b.explanation).toBe('Search ranker slips 10 working days (P80) because of contention for the A100 pool.');
    expect(a.explanation).toBe('Fraud v3 is not delayed by shared pools (P80).');
    expect(f.portfolio.p80).toBe(22);

    // Reorder: B first, so A slips.
    const swapped = forecastPortfolio(mergePortfolio([{ key: 'A', plan: initiative('A'), priority: 2 }, { key: 'B', plan: initiative('B'), priority: 1 }]), { iterations: 50 });
    const byKey = new Map(swapped.initiatives.map((x) => [x.key, x]));
    expect(byKey.get('A')!.slip.p80).toBe(10);
    expect(byKey.get('B')!.slip.p80).toBe(0);
  });

  it('a set-priority scenario moves the slip in a what-if on the merged plan', () => {
    // A's training is due 2027-01-19 (the end of working day 12): met when A goes first (12 days), missed after B (22).
    const a = initiative('A');
    a.tasks[1].due = '2027-01-19';
    const m = mergePortfolio([{ key: 'A', plan: a }, { key: 'B', plan: initiative('B') }]);
    for (const replan of [false, true]) {
      const c = compareScenarios(m.plan, [{ id: 'b-first', changes: [{ op: 'set-priority', order: ['B'] }] }], { iterations: 20, replan });
      // The portfolio finish is 22 either way; the milestone says who finishes when.
      expect(c.results.map((r) => r.finishDays.p80)).toEqual([22, 22]);
      expect(c.results.map((r) => r.milestones)).toEqual([[{ id: 'A-train', date: '2027-01-19', probability: 1 }], [{ id: 'A-train', date: '2027-01-19', probability: 0 }]]);
    }
  });
});

describe('portfolio batches', () => {
  it('refuses overlapping or foreign batches, and merges ranges in any order into the one-run report', () => {
    const stochastic = (p: string) => plan({
      start: START, resources: POOLS,
      tasks: [
        { id: `${p}-prep`, duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 }, demand: { team: 1 } },
        { id: `${p}-train`, duration: { optimistic: 5, mostLikely: 8, pessimistic: 20, distribution: 'lognormal' }, after: [`${p}-prep`], demand: { a100: 1 } },
      ],
    });
    const m = mergePortfolio([{ key: 'A', plan: stochastic('A') }, { key: 'B', plan: stochastic('B') }]);
    const one = forecastPortfolio(m, { iterations: 300, seed: '5' });
    const b1 = runPortfolioBatch(m, { seed: '5', from: 0, count: 100 });
    const b2 = runPortfolioBatch(m, { seed: '5', from: 100, count: 200 });
    expect(JSON.parse(JSON.stringify(portfolioFromBatches(m, [b2, b1])))).toEqual(JSON.parse(JSON.stringify(one)));
    expect(() => portfolioFromBatches(m, [b2])).toThrow(expect.objectContaining({ code: 'invalid-portfolio' }));
    expect(() => portfolioFromBatches(m, [b1, runPortfolioBatch(m, { seed: '6', from: 100, count: 200 })])).toThrow(expect.objectContaining({ code: 'invalid-portfolio' }));
    expect(one.initiatives[1].slip.p80).toBeGreaterThan(0);
  });
});
