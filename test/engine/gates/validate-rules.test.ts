import { validatePlan } from '../../../src/engine/validate-plan';

const base = { start: '2027-01-04', tasks: [{ id: 'T', duration: 1 }] };
const issuesOf = (extra: Record<string, unknown>) => {
  const r = validatePlan({ ...base, ...extra });
  return r.ok ? [] : r.issues.map((i) => ({ code: i.code, field: i.field, ...(i.task ? { task: i.task } : {}) }));
};

describe('plan-format extensions: gates, windows, retraining, defaults, risks, correlations', () => {
  test('malformed rules are reported with stable codes and field paths, all together', () => {
    expect(issuesOf({
      gateRules: [{ id: 'R1', gate: 'vibe-check', guards: { ids: ['NOPE'] }, cadence: { everyWeeks: 0, weekday: 9 }, rework: { probability: 2, share: 0.5 } }],
      windows: [{ id: 'W1', kind: 'holiday', from: '2027-02-10', to: '2027-02-01' }],
      risks: [{ id: 'K1', probability: 0.3, impact: { days: -1 }, appliesTo: { idPrefix: 'DATA-' } }],
      correlations: [{ group: {}, coefficient: 1.5 }],
    })).toEqual([
      { code: 'invalid-rule', field: 'gateRules[0].gate' },
      { code: 'unknown-task', field: 'gateRules[0].guards.ids', task: 'NOPE' },
      { code: 'invalid-rule', field: 'gateRules[0].cadence.everyWeeks' },
      { code: 'invalid-rule', field: 'gateRules[0].cadence.weekday' },
      { code: 'missing-field', field: 'gateRules[0].cadence.from' },
      { code: 'invalid-rule', field: 'gateRules[0].rework.probability' },
      { code: 'invalid-rule', field: 'windows[0].kind' },
      { code: 'invalid-rule', field: 'windows[0]' },
      { code: 'invalid-rule', field: 'risks[0].impact.days' },
      { code: 'invalid-rule', field: 'correlations[0].group' },
      { code: 'invalid-rule', field: 'correlations[0].coefficient' },
    ]);
  });

  test('task kind, gate and labels are checked', () => {
    expect(issuesOf({ tasks: [{ id: 'T', duration: 1, kind: 3, gate: { kind: 'nope' }, labels: 'x' }] })).toEqual([
      { code: 'invalid-rule', field: 'kind', task: 'T' },
      { code: 'invalid-rule', field: 'labels', task: 'T' },
      { code: 'invalid-rule', field: 'gate.kind', task: 'T' },
    ]);
  });

  test('retraining needs until, cycles or a horizon; a missing duration is allowed only when unestimated', () => {
    expect(issuesOf({ retraining: [{ id: 'RT', everyWeeks: 2, from: '2027-01-04', retrain: 3, evaluate: 1, deploy: 1 }] })).toEqual([{ code: 'missing-field', field: 'retraining[0].until' }]);
    expect(issuesOf({ horizon: '2027-06-30', retraining: [{ id: 'RT', everyWeeks: 2, from: '2027-01-04', retrain: 3, evaluate: 1, deploy: 1 }] })).toEqual([]);
    expect(issuesOf({ tasks: [{ id: 'U', unestimated: true }] })).toEqual([]);
    expect(issuesOf({ tasks: [{ id: 'U' }] })).toEqual([{ code: 'missing-field', field: 'duration', task: 'U' }]);
  });

  test('defaults are filled in: when start, 5-day placeholder, unlinked gates linked, windows for deploys, gate tasks of kind gate', () => {
    const r = validatePlan({
      ...base,
      tasks: [{ id: 'T', duration: 1 }, { id: 'G', duration: 1, gate: { kind: 'bias-audit' }, labels: ['a', 'a'] }],
      gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { kinds: ['deploy'] }, cadence: { weekday: 2, from: '2027-01-05' } }],
      windows: [{ id: 'W', kind: 'freeze', from: '2027-12-20', to: '2028-01-03' }],
      risks: [{ id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 10 }, appliesTo: { idPrefix: 'DATA-' } }],
      correlations: [{ group: { team: 'ml' }, coefficient: 0.4 }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.gateRules).toEqual([{ id: 'R1', gate: 'bias-audit', guards: { kinds: ['deploy'] }, when: 'start', duration: 5, treatUnlinkedAsDependency: true, cadence: { everyWeeks: 1, weekday: 2, from: '2027-01-05' } }]);
    expect(r.plan.windows![0].appliesTo).toEqual({ kinds: ['deploy'] });
    expect(r.plan.tasks[1]).toMatchObject({ kind: 'gate', gate: { kind: 'bias-audit' }, labels: ['a'] });
    expect(r.plan.risks![0]).toEqual({ id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 10 }, appliesTo: { idPrefix: 'DATA-' } });
    expect(r.warnings).toEqual([]);
  });
});

describe('risks, correlations and rework are simulated (test/engine/risk)', () => {
  it('no longer warns that they change no figure', () => {
    const { parsePlan } = require('../../../src/engine/parse-plan');
    const r = parsePlan(JSON.stringify({
      start: '2027-01-04',
      tasks: [{ id: 'A', duration: 3 }],
      gateRules: [{ id: 'G', gate: 'bias-audit', guards: { ids: ['A'] }, rework: { probability: 0.2, share: 0.5 } }],
      risks: [{ id: 'K1', probability: 0.3, impact: { days: 10 }, appliesTo: { idPrefix: 'A' } }],
      correlations: [{ group: { kinds: ['training'] }, coefficient: 0.5 }],
    }));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
  });
});
