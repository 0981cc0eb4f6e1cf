/**
 * Settings risks and correlation groups -> plan.risks / plan.correlations (src/resolvers/plan-rules.ts),
 * and through buildForecastPlan into a simulated forecast. Hand-made plans; expected rules written out.
 */
import { buildForecastPlan } from '../../src/resolvers/forecast-plan';
import { correlationLabel, planCorrelations, planRisks } from '../../src/resolvers/plan-rules';
import type { CorrelationSetting, RiskSetting } from '../../src/resolvers/contract';
import { START, plan, task } from './plan-fixtures';
import { compilePlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { PlanError } from '../../src/engine/plan';

const meta = (issueType: string, team?: string) => ({ meta: { issueType, ...(team ? { team } : {}) } });

const P = () => plan([
  task('DATA-1', 2, [], { labels: ['data'], ...meta('Task', 'Data') }),
  task('DATA-2', 3, ['DATA-1'], meta('Task', 'Data')),
  task('ML-1', 4, ['DATA-2'], { labels: ['gpu'], ...meta('Training Run', 'ML') }),
  task('ML-2', 1, ['ML-1'], meta('training run', 'ML')),
  task('OPS-1', 1, ['ML-2'], meta('Deployment', 'Ops')),
]);

describe('planRisks', () => {
  test('an invalid risk reaches the plan validation as plan-invalid (a probability the settings never let through)', () => {
    const bad: RiskSetting = { id: 'r', name: 'r', probability: 2, impactDays: 1, match: { labels: ['data'] } };
    expect(() => buildForecastPlan(P(), { gates: [], risks: [bad] }, [], { asOf: START })).toThrow(PlanError);
  });

  test('maps each criterion: labels, key prefix, issue types (case-insensitive), team and JQL keys to ids', () => {
    const risks: RiskSetting[] = [
      { id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'DATA-', labels: ['data'] } },
      { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 2, mostLikely: 5, pessimistic: 12, distribution: 'triangular' }, match: { issueTypes: ['Training Run'] } },
      { id: 'ops', name: 'Ops busy', probability: 0.5, impactDays: 2, match: { team: 'Ops', jql: 'labels = x' } },
      { id: 'none', name: 'Matches nothing in scope', probability: 0.5, impactDays: 2, match: { jql: 'labels = y' } },
    ];
    expect(planRisks(risks, P(), new Map([['ops', ['DATA-2']], ['vendor', ['ML-1']]]))).toEqual([
      // JQL keys belong to their own risk only: vendor has no JQL criterion, yet a key map entry under its id is still honoured.
      { id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impact: { days: 10 }, appliesTo: { labels: ['data'], idPrefix: 'DATA-', ids: ['ML-1'] } },
      { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { days: 5, optimistic: 2, mostLikely: 5, pessimistic: 12, distribution: 'triangular' }, appliesTo: { ids: ['ML-1', 'ML-2'] } },
      { id: 'ops', name: 'Ops busy', probability: 0.5, impact: { days: 2 }, appliesTo: { ids: ['DATA-2', 'OPS-1'] } },
      { id: 'none', name: 'Matches nothing in scope', probability: 0.5, impact: { days: 2 }, appliesTo: {} },
    ]);
  });
});

describe('planCorrelations', () => {
  test('team and labels map directly; issue types label their in-scope issues; a group with no member is left out; the input is untouched', () => {
    const p = P();
    const before = JSON.stringify(p);
    const groups: CorrelationSetting[] = [
      { id: 'data', label: 'Data team', coefficient: 0.5, match: { team: 'Data' } },
      { id: 'training', label: 'Training runs', coefficient: 0.8, match: { issueTypes: ['TRAINING RUN'], labels: ['gpu'] } },
      { id: 'ghost', label: 'Nobody', coefficient: 0.9, match: { team: 'Nobody' } },
    ];
    const out = planCorrelations(groups, p);
    expect(out.correlations).toEqual([
      { group: { team: 'Data' }, coefficient: 0.5 },
      { group: { labels: ['gpu', correlationLabel('training')] }, coefficient: 0.8 },
    ]);
    expect(out.plan.tasks.find((t) => t.id === 'ML-1')!.labels).toEqual(['gpu', 'converge-correlation:training']);
    expect(out.plan.tasks.find((t) => t.id === 'ML-2')!.labels).toEqual(['converge-correlation:training']);
    expect(out.plan.tasks.find((t) => t.id === 'DATA-2')!.labels).toBeUndefined();
    expect(JSON.stringify(p)).toBe(before);
    // No issue-type group: the same plan object comes back.
    expect(planCorrelations([groups[0]], p).plan).toBe(p);
  });
});

describe('buildForecastPlan with a risk register and correlation groups', () => {
  test('the expanded plan carries them, validated, and the forecast reports the risk', () => {
    const built = buildForecastPlan(P(), {
      gates: [],
      risks: [{ id: 'vendor', name: 'Labelling vendor late', probability: 1, impactDays: 10, match: { keyPrefix: 'DATA-' } }],
      correlations: [{ id: 'ml', label: 'ML team', coefficient: 0.7, match: { team: 'ML' } }],
    }, [], { asOf: START });
    expect(built.plan.risks).toEqual([{ id: 'vendor', name: 'Labelling vendor late', probability: 1, impact: { days: 10 }, appliesTo: { idPrefix: 'DATA-' } }]);
    expect(built.plan.correlations).toEqual([{ group: { team: 'ML' }, coefficient: 0.7 }]);
    // Fixed estimates on one chain: 2 + 3 + 4 + 1 + 1 = 11 working days; a certain risk adds 10 to DATA-1 and to
    // DATA-2: 31 working days, ending on working day 30 = Jan 4 + 6 weeks = Mon Feb 15 2027 (hand-computed).
    const r = forecast(compilePlan(built.plan), { iterations: 200, seed: '1' });
    expect(r.deterministic.finishDate).toBe('2027-01-18'); // the deterministic schedule applies no risk: 11 days, Mon Jan 18
    expect(r.finishDate.p50).toBe('2027-02-15');
    expect(r.risks?.[0]).toMatchObject({ id: 'vendor', occurred: 1, tasks: ['DATA-1', 'DATA-2'] });
  });

  test('a risk that hits no open issue is flagged HC-RISK-UNMATCHED (warning) naming it', () => {
    const built = buildForecastPlan(P(), { gates: [], risks: [{ id: 'ghost', name: 'Nothing here', probability: 0.5, impactDays: 3, match: { keyPrefix: 'NOPE-' } }] }, [], { asOf: START });
    expect(built.health.filter((f) => f.id === 'HC-RISK-UNMATCHED')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'ghost', tasks: [] })]);
  });

  test('risk JQL keys come through opts.riskJqlKeys', () => {
    const built = buildForecastPlan(P(), { gates: [], risks: [{ id: 'q', name: 'JQL risk', probability: 0.2, impactDays: 3, match: { jql: 'labels = late' } }] }, [], { asOf: START, riskJqlKeys: new Map([['q', ['OPS-1']]]) });
    expect(built.plan.risks![0].appliesTo).toEqual({ ids: ['OPS-1'] });
  });
});
