import { compilePlan } from '../../../src/engine/compile-plan';
import { cpm } from '../../../src/engine/critical-path';
import { expandPlan } from '../../../src/engine/gates/expand-plan';
import type { Plan } from '../../../src/engine/plan';
import { validatePlan } from '../../../src/engine/validate-plan';

// Plans start Monday 2027-01-04 (Mon-Fri): working day 10 = Mon Jan 18.
function plan(p: Record<string, unknown>): Plan {
  const r = validatePlan({ start: '2027-01-04', ...p });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}
function expanded(p: Record<string, unknown>) {
  const r = expandPlan(plan(p));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r;
}
const task = (pl: Plan, id: string) => pl.tasks.find((t) => t.id === id)!;

describe('expandPlan', () => {
  test('a cadence whose board never sits within the horizon is reported (no-sitting), not looped on', () => {
    const r = expandPlan(plan({
      horizon: '2027-06-30',
      gateRules: [{ id: 'R1', gate: 'regulatory-review', guards: { kinds: ['deploy'] }, cadence: { dates: ['2026-11-03', '2027-09-01'] } }],
      tasks: [{ id: 'G', duration: 1, gate: { kind: 'regulatory-review' } }, { id: 'D', duration: 1, kind: 'deploy', after: ['G'] }],
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ code: 'no-sitting', task: 'G', field: 'gateRules.R1.cadence' })]);
  });

  test('an unestimated task no default matches is an error (no-default-estimate)', () => {
    const r = expandPlan(plan({ tasks: [{ id: 'U', unestimated: true, kind: 'training' }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'no-default-estimate', task: 'U' });
  });

  test('a missing gate gets a placeholder with the rule\'s duration, upstream of every guarded task, and an error finding', () => {
    const r = expanded({
      gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { kinds: ['deploy'] }, duration: 3 }],
      tasks: [{ id: 'T', duration: 2, kind: 'deploy' }, { id: 'T2', duration: 1, kind: 'deploy', after: ['T'] }, { id: 'X', duration: 1 }],
    });
    const g = task(r.plan, 'GATE-R1');
    expect(g).toMatchObject({ kind: 'gate', gate: { kind: 'bias-audit' }, assumed: true, duration: { mostLikely: 3 } });
    expect(task(r.plan, 'T').after).toEqual(['GATE-R1']);
    expect(task(r.plan, 'T2').after).toEqual(['T']); // already downstream of the placeholder
    expect(r.findings).toEqual([expect.objectContaining({ id: 'HC-MISSING-GATE', severity: 'error', tasks: ['T'], rule: 'R1' })]);
    // Schedule: GATE-R1 0..3, T 3..5, T2 5..6 (hand-computed).
    const cp = compilePlan(r.plan);
    expect(cpm(cp).finish).toBe(6);
  });

  test('an existing gate that is not upstream is linked (warning), or only flagged when the rule says not to', () => {
    const tasks = [{ id: 'BA', duration: 2, gate: { kind: 'bias-audit' } }, { id: 'T', duration: 2, kind: 'deploy' }];
    const linked = expanded({ gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { ids: ['T'] } }], tasks });
    expect(task(linked.plan, 'T').after).toEqual(['BA']);
    expect(linked.findings).toEqual([expect.objectContaining({ id: 'HC-GATE-UNLINKED', severity: 'warning', tasks: ['T', 'BA'] })]);
    const flagged = expanded({ gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { ids: ['T'] }, treatUnlinkedAsDependency: false }], tasks });
    expect(task(flagged.plan, 'T').after).toEqual([]);
    expect(flagged.findings[0]).toMatchObject({ id: 'HC-GATE-UNLINKED', severity: 'error' });
  });

  test('a gate already upstream satisfies the rule (no finding); done tasks are not guarded', () => {
    const r = expanded({
      gateRules: [{ id: 'R1', gate: 'security-review', guards: { labels: ['prod'] } }],
      tasks: [{ id: 'S', duration: 1, gate: { kind: 'security-review' } }, { id: 'A', duration: 1, after: ['S'] }, { id: 'T', duration: 1, labels: ['prod'], after: ['A'] }, { id: 'Old', duration: 1, labels: ['prod'], status: 'done' }],
    });
    expect(r.findings).toEqual([]);
    expect(r.plan.tasks).toHaveLength(4);
  });

  test("a 'start' placeholder follows the guarded task's own predecessors, not day 0; equal inputs share one, the rest get their own", () => {
    // DATA 0..5 (Mon Jan 4 - Fri Jan 8); CODE 0..2. DEP1 and DEP2 both need DATA only, DEP3 needs CODE.
    // GATE-R1 (3 days) after DATA: 5..8, DEP1 8..9 and DEP2 8..10 (finish Fri Jan 15);
    // GATE-R1-DEP3 after CODE: 2..5, DEP3 5..6. Before the fix the gate ran 0..3 and DEP1 started at 5. Hand-computed.
    const r = expanded({
      gateRules: [{ id: 'R1', gate: 'regulatory-review', guards: { kinds: ['deploy'] }, duration: 3 }],
      tasks: [
        { id: 'DATA', duration: 5 }, { id: 'CODE', duration: 2 },
        { id: 'DEP1', duration: 1, kind: 'deploy', after: ['DATA'] }, { id: 'DEP2', duration: 2, kind: 'deploy', after: ['DATA'] },
        { id: 'DEP3', duration: 1, kind: 'deploy', after: ['CODE'] },
      ],
    });
    expect(task(r.plan, 'GATE-R1').after).toEqual(['DATA']);
    expect(task(r.plan, 'GATE-R1-DEP3').after).toEqual(['CODE']);
    expect(task(r.plan, 'DEP1').after).toEqual(['DATA', 'GATE-R1']);
    expect(task(r.plan, 'DEP2').after).toEqual(['DATA', 'GATE-R1']);
    expect(task(r.plan, 'DEP3').after).toEqual(['CODE', 'GATE-R1-DEP3']);
    expect(r.findings).toEqual([expect.objectContaining({ id: 'HC-MISSING-GATE', tasks: ['DEP1', 'DEP2', 'DEP3'], rule: 'R1' })]);
    const cp = compilePlan(r.plan);
    const c = cpm(cp);
    const at = (id: string) => cp.indexOf.get(id)!;
    expect([c.es[at('GATE-R1')], c.ef[at('GATE-R1')]]).toEqual([5, 8]);
    expect([c.es[at('GATE-R1-DEP3')], c.ef[at('GATE-R1-DEP3')]]).toEqual([2, 5]);
    expect([c.es[at('DEP1')], c.es[at('DEP3')]]).toEqual([8, 5]);
    expect(cp.calendar.finishDate(c.finish)).toBe('2027-01-15');
  });

  test("a 'start' rule visits guarded tasks upstream first: a guarded task downstream of a gated one needs no second gate", () => {
    // File order puts B (after A) first; A is upstream, so A gets the placeholder and B is already behind it.
    const r = expanded({
      gateRules: [{ id: 'R1', gate: 'custom', guards: { labels: ['g'] }, duration: 1 }],
      tasks: [{ id: 'B', duration: 1, labels: ['g'], after: ['A'] }, { id: 'A', duration: 2, labels: ['g'], after: ['P'] }, { id: 'P', duration: 1 }],
    });
    expect(r.plan.tasks.filter((t) => t.meta?.placeholder).map((t) => [t.id, t.after])).toEqual([['GATE-R1', ['P']]]);
    expect(task(r.plan, 'B').after).toEqual(['A']);
    expect(cpm(compilePlan(r.plan)).finish).toBe(5); // P 0..1, gate 1..2, A 2..4, B 4..5
  });

  test("a 'finish' rule puts a placeholder after the guarded task and before its successors", () => {
    const r = expanded({
      gateRules: [{ id: 'R2', gate: 'performance-benchmark', guards: { kinds: ['training'] }, when: 'finish', duration: 2 }],
      tasks: [{ id: 'TR', duration: 4, kind: 'training' }, { id: 'DEP', duration: 1, after: ['TR'] }],
    });
    expect(task(r.plan, 'GATE-R2-TR').after).toEqual(['TR']);
    expect(task(r.plan, 'DEP').after).toEqual(['TR', 'GATE-R2-TR']);
    expect(cpm(compilePlan(r.plan)).finish).toBe(7); // TR 0..4, gate 4..6, DEP 6..7
  });

  test('retraining cycles: retrain -> evaluate -> deploy every N weeks, released on the cycle date, chained', () => {
    const r = expanded({
      retraining: [{ id: 'RT', everyWeeks: 2, from: '2027-01-04', cycles: 2, retrain: 3, evaluate: 1, deploy: 1, labels: ['fraud'] }],
      tasks: [{ id: 'BASE', duration: 1 }],
    });
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['BASE', 'RT-c1-retrain', 'RT-c1-evaluate', 'RT-c1-deploy', 'RT-c2-retrain', 'RT-c2-evaluate', 'RT-c2-deploy']);
    expect(task(r.plan, 'RT-c2-retrain')).toMatchObject({ notBefore: '2027-01-18', after: ['RT-c1-deploy'], kind: 'training', labels: ['fraud', 'retraining'] });
    expect(task(r.plan, 'RT-c1-deploy').kind).toBe('deploy');
    expect(r.plan.retraining).toBeUndefined(); // expanding again adds nothing
    // c1: 0..3, 3..4, 4..5; c2 released on day 10: 10..13, 13..14, 14..15 -> Fri Jan 22 (hand-computed).
    const cp = compilePlan(r.plan);
    const fin = cpm(cp).finish;
    expect(fin).toBe(15);
    expect(cp.calendar.finishDate(fin)).toBe('2027-01-22');
    const again = expandPlan(r.plan);
    expect(again.ok && again.plan.tasks.length).toBe(7);
  });

  test('retraining up to `until` (inclusive) or the horizon', () => {
    const r = expanded({ horizon: '2027-02-01', retraining: [{ id: 'RT', everyWeeks: 1, from: '2027-01-04', until: '2027-01-18', retrain: 1, evaluate: 1, deploy: 1 }], tasks: [] });
    expect(r.plan.tasks.filter((t) => t.kind === 'training').map((t) => t.notBefore)).toEqual(['2027-01-04', '2027-01-11', '2027-01-18']);
    const h = expanded({ horizon: '2027-01-12', retraining: [{ id: 'RT', everyWeeks: 1, from: '2027-01-04', retrain: 1, evaluate: 1, deploy: 1 }], tasks: [] });
    expect(h.plan.tasks).toHaveLength(6);
  });

  test('convergence-risk defaults fill unestimated work by kind or label, flagged assumed; own attempts win', () => {
    const r = expanded({
      convergenceDefaults: [
        { match: { kinds: ['training'] }, duration: { optimistic: 2, mostLikely: 4, pessimistic: 12, distribution: 'lognormal' }, attempts: { successProbability: 0.7, maxAttempts: 3 } },
        { match: { labels: ['data'] }, duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 } },
      ],
      tasks: [
        { id: 'U', unestimated: true, kind: 'training' },
        { id: 'V', unestimated: true, labels: ['data'], attempts: { successProbability: 0.9, maxAttempts: 2 } },
        { id: 'E', duration: 3, kind: 'training' },
      ],
    });
    expect(task(r.plan, 'U')).toMatchObject({ assumed: true, duration: { mostLikely: 4, distribution: 'lognormal' }, attempts: { successProbability: 0.7 } });
    expect(task(r.plan, 'V')).toMatchObject({ assumed: true, duration: { mostLikely: 2 }, attempts: { successProbability: 0.9 } });
    expect(task(r.plan, 'E').assumed).toBeUndefined();
    expect(r.findings).toEqual([expect.objectContaining({ id: 'HC-ASSUMED-ESTIMATE', tasks: ['U', 'V'] })]);
  });

  test('the input plan is not mutated', () => {
    const p = plan({ gateRules: [{ id: 'R1', gate: 'custom', guards: { ids: ['T'] } }], tasks: [{ id: 'T', duration: 1 }] });
    const before = JSON.stringify(p);
    expandPlan(p);
    expect(JSON.stringify(p)).toBe(before);
  });
});
