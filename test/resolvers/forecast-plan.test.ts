import { buildForecastPlan, windowFindings } from '../../src/resolvers/forecast-plan';
import { planFinishWindows, planGateRules } from '../../src/resolvers/plan-rules';
import { ResolverFailure } from '../../src/resolvers/errors';
import type { GateRule, PlanWindow } from '../../src/resolvers/contract';
import { START, plan, task } from './plan-fixtures';
import { compilePlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { PlanError } from '../../src/engine/plan';

const rule = (patch: Partial<GateRule>): GateRule => ({ id: 'R1', kind: 'security-review', match: {}, when: 'start', defaultDurationDays: 3, treatUnlinkedAsDependency: true, ...patch });

describe('planGateRules / planFinishWindows (settings -> plan rules)', () => {
  it('maps a rule with nothing in scope to an empty guard, and drops maintenance windows', () => {
    const p = plan([task('A-1', 2)]);
    expect(planGateRules([rule({ match: { issueTypes: ['Deployment'] } })], p)[0].guards).toEqual({});
    expect(planFinishWindows([{ from: '2027-01-01', to: '2027-01-02', label: 'x', kind: 'maintenance' }], p)).toEqual([]);
  });

  it('round-trips the admin page fields: labels, issue types (case-insensitive), JQL keys, cadence, rework', () => {
    const p = plan([task('A-1', 2, [], { meta: { issueType: 'deployment' } }), task('A-2', 2, [], { meta: { issueType: 'Story' } })]);
    const [r] = planGateRules([rule({
      match: { labels: ['release'], issueTypes: ['Deployment'], jql: 'labels = x' }, when: 'finish', defaultDurationDays: 4,
      cadence: { everyWeeks: 2, weekday: 2, from: '2027-01-05' }, reworkProbability: 0.2, reworkShare: 0.3, treatUnlinkedAsDependency: false,
    })], p, new Map([['R1', ['A-2']]]));
    expect(r).toEqual({
      id: 'R1', gate: 'security-review', guards: { labels: ['release'], ids: ['A-1', 'A-2'] }, when: 'finish', duration: 4,
      cadence: { everyWeeks: 2, weekday: 2, from: '2027-01-05' }, rework: { probability: 0.2, share: 0.3 }, treatUnlinkedAsDependency: false,
    });
  });

  it('applies a settings window to deploy work and an issue window to its own issue', () => {
    const p = plan([task('F-48', 2)]);
    const ws: PlanWindow[] = [
      { from: '2027-03-15', to: '2027-03-19', label: 'Deployment window', kind: 'deployment', source: 'F-48' },
      { from: '2027-12-20', to: '2028-01-03', label: 'Year-end freeze', kind: 'freeze' },
    ];
    expect(planFinishWindows(ws, p)).toEqual([
      { id: 'F-48-window', kind: 'deployment', from: '2027-03-15', to: '2027-03-19', appliesTo: { ids: ['F-48'] } },
      { id: 'freeze-2', kind: 'freeze', from: '2027-12-20', to: '2028-01-03', appliesTo: { kinds: ['deploy'] } },
    ]);
  });
});

describe('buildForecastPlan', () => {
  it('rejects a cadence that never sits, naming the rule (no-sitting)', () => {
    const p = plan([task('G-1', 1, [], { gate: { kind: 'security-review' }, kind: 'gate' }), task('D-1', 1, ['G-1'], { kind: 'deploy' })]);
    let err: unknown;
    try { buildForecastPlan(p, { gates: [rule({ id: 'board', match: { labels: ['x'] }, cadence: { dates: ['2026-12-01'] } })] }, [], { asOf: START }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ResolverFailure);
    expect((err as ResolverFailure).code).toBe('no-sitting');
    expect((err as ResolverFailure).culprits).toContain('board');
  });

  it('rejects an invalid rule as plan-invalid', () => {
    const p = plan([task('A-1', 1)]);
    expect(() => buildForecastPlan(p, { gates: [rule({ defaultDurationDays: -1 })] }, [], { asOf: START })).toThrow(PlanError);
  });

  it('adds a placeholder gate with HC-MISSING-GATE naming the guarded issue, and links an unlinked gate', () => {
    const p = plan([
      task('A-1', 3), task('D-1', 2, ['A-1'], { labels: ['release'], kind: 'deploy' }),
      task('B-1', 1, [], { gate: { kind: 'bias-audit' }, kind: 'gate' }),
    ]);
    const built = buildForecastPlan(p, { gates: [rule({ match: { labels: ['release'] } }), rule({ id: 'R2', kind: 'bias-audit', match: { labels: ['release'] } })] }, [], { asOf: START });
    const missing = built.health.find((f) => f.id === 'HC-MISSING-GATE')!;
    expect(missing).toMatchObject({ severity: 'error', tasks: ['D-1', 'GATE-R1'], rule: 'R1' });
    expect(built.plan.tasks.find((t) => t.id === 'GATE-R1')).toMatchObject({ gate: { kind: 'security-review' }, meta: { placeholder: true } });
    expect(built.plan.tasks.find((t) => t.id === 'D-1')!.after).toEqual(['A-1', 'GATE-R1', 'B-1']);
    expect(built.health.find((f) => f.id === 'HC-GATE-UNLINKED')).toMatchObject({ tasks: ['D-1', 'B-1'] });
    // Errors first.
    expect(built.health.map((f) => f.severity)).toEqual([...built.health.map((f) => f.severity)].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
  });

  it('enforces a deployment window: the deploy waits for it (hand-computed)', () => {
    // A-1 takes 3 days (Mon-Wed Jan 4-6); D-1 (kind deploy, 2 days) could finish Fri Jan 8, but the only
    // window is Mon Jan 18 - Tue Jan 19. docs/plan-format.md: the finish moves to the end of the first allowed
    // day (Mon Jan 18) and the start moves with it, keeping the duration: Fri Jan 15 - Mon Jan 18.
    const p = plan([task('A-1', 3), task('D-1', 2, ['A-1'], { kind: 'deploy' })]);
    const built = buildForecastPlan(p, { gates: [] }, [{ from: '2027-01-18', to: '2027-01-19', label: 'w', kind: 'deployment' }], { asOf: START });
    const cp = compilePlan(built.plan);
    const r = forecast(cp, { iterations: 50, seed: '1' });
    expect(r.schedule.tasks.find((t) => t.id === 'D-1')).toMatchObject({ startDate: '2027-01-15', finishDate: '2027-01-18' });
    expect(windowFindings(built.plan, r)).toEqual([]);
  });

  it('drops an issue window its issue cannot make, with HC-OUTSIDE-WINDOW; keeps a settings window no deploy can make, flagged', () => {
    const p = plan([task('A-1', 10), task('D-1', 2, ['A-1'], { kind: 'deploy' })]);
    const early: PlanWindow = { from: '2027-01-05', to: '2027-01-06', label: 'Deployment window', kind: 'deployment' };
    const built = buildForecastPlan(p, { gates: [] }, [{ ...early, source: 'D-1' }], { asOf: START });
    expect(built.plan.windows).toBeUndefined();
    expect(built.health).toContainEqual(expect.objectContaining({ id: 'HC-OUTSIDE-WINDOW', severity: 'error', tasks: ['D-1'], rule: 'D-1-window' }));
    // A settings window no deploy can make no longer aborts the forecast: D-1 keeps its unconstrained
    // finish (A-1 0..10, D-1 10..12 = Tue Jan 19) and the finding names the task and the window.
    const kept = buildForecastPlan(p, { gates: [] }, [early], { asOf: START });
    expect(kept.plan.windows?.map((w) => w.id)).toEqual(['deployment-1']);
    expect(kept.health).toContainEqual(expect.objectContaining({ id: 'HC-NO-ALLOWED-FINISH', severity: 'error', tasks: ['D-1'], rule: 'deployment-1' }));
    const r = forecast(compilePlan(kept.plan), { iterations: 50, seed: '1' });
    expect(r.schedule.tasks.find((t) => t.id === 'D-1')).toMatchObject({ startDate: '2027-01-18', finishDate: '2027-01-19' });
    expect(r.finishDate.p50).toBe('2027-01-19');
  });

  it('keeps a gate whose board stops sitting before its work is done, flagged HC-NO-SITTING naming the rule', () => {
    // The board sits only Tue Jan 5 (within the horizon, so expansion accepts it); G-1 follows A-1 (5 days): no sitting left.
    const p = plan([task('A-1', 5), task('G-1', 1, ['A-1'], { gate: { kind: 'security-review' }, kind: 'gate' }), task('D-1', 1, ['G-1'], { labels: ['x'] })]);
    const built = buildForecastPlan(p, { gates: [rule({ id: 'board', match: { labels: ['x'] }, cadence: { dates: ['2027-01-05'] } })] }, [], { asOf: START });
    expect(built.health).toContainEqual(expect.objectContaining({ id: 'HC-NO-SITTING', severity: 'error', tasks: ['G-1'], rule: 'board' }));
  });
});
