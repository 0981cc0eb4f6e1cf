import { expandPlan } from '../../src/engine/gates/expand-plan';
import { cycleFindings, healthChecks } from '../../src/engine/health-checks';
import type { Plan } from '../../src/engine/plan';
import { validatePlan } from '../../src/engine/validate-plan';

// Plans start Monday 2027-01-04 (Mon-Fri).
function plan(p: Record<string, unknown>): Plan {
  const r = validatePlan({ start: '2027-01-04', ...p });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}
const found = (p: Plan, opts = {}) => healthChecks(p, opts).findings.map((f) => [f.id, f.severity, f.tasks] as const);

describe('healthChecks', () => {
  test('an invalid asOf is rejected', () => {
    expect(() => healthChecks(plan({ tasks: [] }), { asOf: '2027-02-30' })).toThrow(RangeError);
  });

  test('cycles from validation become HC-CYCLE findings with the keys in order', () => {
    const r = validatePlan({ start: '2027-01-04', tasks: [{ id: 'A', duration: 1, after: ['B'] }, { id: 'B', duration: 1, after: ['A'] }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(cycleFindings(r.issues)).toEqual([expect.objectContaining({ id: 'HC-CYCLE', severity: 'error', tasks: ['A', 'B'] })]);
  });

  test('a clean plan has no findings', () => {
    expect(found(plan({ tasks: [{ id: 'A', duration: 1 }, { id: 'B', duration: 2, after: ['A'] }] }))).toEqual([]);
  });

  test('negative float: B is due Wed Jan 6 (3 working days) but finishes at 5 -> 2 days late; the plan due date too', () => {
    const p = plan({ due: '2027-01-07', tasks: [{ id: 'A', duration: 3 }, { id: 'B', duration: 2, after: ['A'], due: '2027-01-06' }] });
    const r = healthChecks(p);
    expect(r.findings.map((f) => [f.id, f.tasks])).toEqual([['HC-NEGATIVE-FLOAT', ['B']], ['HC-NEGATIVE-FLOAT', ['A', 'B']]]);
    expect(r.findings[0].message).toContain('2027-01-08');
    expect(r.findings[0].message).toContain('2 working days late');
    expect(r.counts).toEqual({ error: 2, warning: 0, info: 0 });
  });

  test('stale and overdue need asOf (calendar days; 34 > 14 days since the last update)', () => {
    const p = plan({ tasks: [
      { id: 'S', duration: 1, status: 'in-progress', meta: { updated: '2026-12-01T10:00:00.000+0000' } },
      { id: 'F', duration: 1, status: 'in-progress', meta: { updated: '2026-12-28' }, after: ['S'] }, // 7 days: fresh
      { id: 'O', duration: 1, due: '2027-01-01', after: ['F'] },
    ] });
    expect(found(p)).toEqual([['HC-NEGATIVE-FLOAT', 'error', ['O']]]);
    expect(found(p, { asOf: '2027-01-04' })).toEqual([
      ['HC-OVERDUE', 'error', ['O']],
      ['HC-NEGATIVE-FLOAT', 'error', ['O']],
      ['HC-STALE', 'warning', ['S']],
    ]);
  });

  test('unestimated, long, isolated and closed-link tasks', () => {
    const p = plan({ tasks: [
      { id: 'A', duration: 2 },
      { id: 'U', duration: 1, after: ['A'], meta: { unestimated: true } },
      { id: 'L', duration: 25, after: ['A'] },
      { id: 'D', duration: 1, status: 'done', after: ['U'] },
      { id: 'Z', duration: 1, after: ['L'] },
      { id: 'I', duration: 1 },
    ] });
    // U has no successor but D (done) is after it, so it is not dangling; I is isolated.
    expect(found(p, { longTaskDays: 20 })).toEqual([
      ['HC-UNESTIMATED', 'warning', ['U']],
      ['HC-CLOSED-LINK', 'warning', ['D', 'U']],
      ['HC-LONG-TASK', 'warning', ['L']],
      ['HC-NO-LOGIC', 'warning', ['I']],
    ]);
  });

  test('a task without successor that does not end the plan is flagged', () => {
    const p = plan({ tasks: [{ id: 'A', duration: 1 }, { id: 'B', duration: 5, after: ['A'] }, { id: 'C', duration: 1, after: ['A'] }] });
    expect(found(p)).toEqual([['HC-NO-SUCCESSOR', 'info', ['C']]]);
  });

  test('cross-team hand-off with less than 2 days of float (X has 0; P has 5)', () => {
    const p = plan({ tasks: [
      { id: 'X', duration: 3, meta: { team: 'data' } }, { id: 'Y', duration: 2, after: ['X'], meta: { team: 'ml' } },
      { id: 'P', duration: 0, after: [], meta: { team: 'data' } }, { id: 'Q', duration: 0, after: ['P'], meta: { team: 'ml' } },
    ] });
    expect(healthChecks(p).findings.filter((f) => f.id === 'HC-CROSS-TEAM-LOW-FLOAT').map((f) => f.tasks)).toEqual([['X', 'Y']]);
  });

  test('overallocated pool in the precedence-only schedule: 3 + 2 GPUs on day 0 of a pool of 4', () => {
    const p = plan({
      resources: [{ id: 'gpu', capacity: 4, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 1 }] }],
      tasks: [{ id: 'P1', duration: 2, demand: { gpu: 3 } }, { id: 'P2', duration: 2, demand: { gpu: 2 } }, { id: 'E', duration: 1, after: ['P1', 'P2'] }],
    });
    const f = healthChecks(p).findings.filter((x) => x.id === 'HC-OVERALLOCATED');
    expect(f.map((x) => x.tasks)).toEqual([['P1', 'P2']]);
    expect(f[0].message).toContain('2027-01-04');
    // Within capacity except during the reservation window (capacity 1 from day 5): 2 units on day 5.
    const q = plan({ resources: [{ id: 'gpu', capacity: 4, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 1 }] }], tasks: [{ id: 'T', duration: 7, demand: { gpu: 2 } }] });
    expect(healthChecks(q).findings[0].message).toContain('2027-01-11');
  });

  test('expansion findings are included; a board that never sits again is an error finding, not a crash', () => {
    const e = expandPlan(plan({
      gateRules: [{ id: 'R1', gate: 'security-review', guards: { kinds: ['deploy'] }, duration: 2, cadence: { dates: ['2027-01-05'] } }],
      tasks: [{ id: 'D', duration: 1, kind: 'deploy' }],
    }));
    if (!e.ok) throw new Error('expected expansion');
    const r = healthChecks(e.plan, { findings: e.findings });
    // Placeholder gate GATE-R1 works days 0..2 (done Tue Jan 5, the only sitting: finish 2), so it is schedulable.
    expect(r.findings.map((f) => f.id)).toEqual(['HC-MISSING-GATE']);
    const late = expandPlan(plan({
      gateRules: [{ id: 'R1', gate: 'security-review', guards: { kinds: ['deploy'] }, duration: 3, cadence: { dates: ['2027-01-05'] } }],
      tasks: [{ id: 'D', duration: 1, kind: 'deploy' }],
    }));
    if (!late.ok) throw new Error('expected expansion');
    expect(healthChecks(late.plan, { findings: late.findings }).findings.map((f) => [f.id, f.tasks])).toEqual([['HC-MISSING-GATE', ['D']], ['HC-NO-SITTING', ['GATE-R1']]]);
  });

  test('a deploy with no window left is flagged, and the other checks still run on its unconstrained finish', () => {
    // A 0..3, D 3..5 (finish Fri Jan 8): the only window is Mon Jan 4 - Tue Jan 5, so D keeps finish 5 and is
    // flagged; its due date Thu Jan 7 (working days through = 4) is then missed by 1 day (HC-NEGATIVE-FLOAT). Hand-computed.
    const p = plan({
      windows: [{ id: 'W1', kind: 'deployment', from: '2027-01-04', to: '2027-01-05' }],
      tasks: [{ id: 'A', duration: 3 }, { id: 'D', duration: 2, kind: 'deploy', after: ['A'], due: '2027-01-07' }],
    });
    const r = healthChecks(p);
    expect(r.findings.map((f) => [f.id, f.tasks])).toEqual([['HC-NO-ALLOWED-FINISH', ['D']], ['HC-NEGATIVE-FLOAT', ['D']]]);
    expect(r.findings[1].message).toContain('2027-01-08 (1 working days late)');
  });
});
