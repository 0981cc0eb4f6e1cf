/**
 * The admin's rules as plan rules, so the engine enforces them rather than the panels only
 * shading them:
 *   - settings.gates (contract GateRule) -> plan.gateRules: match.labels -> guards.labels;
 *     match.issueTypes -> guards.ids (the in-scope issues of those types, case-insensitive);
 *     match.jql -> guards.ids (the keys that JQL found, resolved by the caller); kind -> gate;
 *     defaultDurationDays -> duration; reworkProbability/reworkShare -> rework.
 *   - windows (plan-windows.ts: settings, pools, start-date issues) -> plan.windows:
 *     'deployment' and 'freeze' only (a pool's maintenance is the pool's availability).
 *     A settings window applies to deploy-kind work (the engine's default); a window an
 *     issue opens with its start date applies to that issue only, since the issue is the
 *     change it schedules (FRAUD's production deployment and its March window).
 *   - settings.risks (contract RiskSetting) -> plan.risks: match.labels -> appliesTo.labels;
 *     match.keyPrefix -> appliesTo.idPrefix; match.issueTypes (case-insensitive), match.team
 *     (the issue's team field, exact) and match.jql (keys found, resolved by the caller) ->
 *     appliesTo.ids; impactDays -> impact.days; a three-point impact -> impact {days = mostLikely,
 *     optimistic, mostLikely, pessimistic, distribution}; name and probability as they are.
 *   - settings.correlations (CorrelationSetting) -> plan.correlations: match.team -> group.team,
 *     match.labels -> group.labels; match.issueTypes has no counterpart in a plan group, so the
 *     in-scope issues of those types get the label `converge-correlation:<id>` and the group
 *     lists it (correlationLabel). A group with no member in scope is left out (nothing to correlate).
 * Pure; O(rules x tasks + windows).
 */
import type { Correlation, FinishWindow, GateRule as PlanGateRule, Plan, RiskEvent, Task, TaskMatch } from '../engine/plan';
import type { CorrelationSetting, GateRule, IssueMatchSetting, PlanWindow, RiskSetting } from './contract';

/** A window id the engine and the findings name: `<issue key>-window` for an issue's window, else `<kind>-<position>` (e.g. freeze-2). */
export function windowId(w: PlanWindow, i: number): string {
  return w.source ? `${w.source}-window` : `${w.kind ?? 'window'}-${i + 1}`;
}

export function planGateRules(gates: readonly GateRule[], plan: Plan, jqlKeys: ReadonlyMap<string, readonly string[]> = new Map()): PlanGateRule[] {
  return gates.map((g) => {
    const types = new Set((g.match.issueTypes ?? []).map((t) => t.toLowerCase()));
    const ids = types.size
      ? plan.tasks.filter((t) => typeof t.meta?.issueType === 'string' && types.has((t.meta.issueType as string).toLowerCase())).map((t) => t.id)
      : [];
    ids.push(...(jqlKeys.get(g.id) ?? []).filter((k) => !ids.includes(k)));
    const rule: PlanGateRule = {
      id: g.id,
      gate: g.kind,
      // An empty match guards nothing: a rule whose types or JQL match no issue in scope is inert here.
      guards: { ...(g.match.labels?.length ? { labels: [...g.match.labels] } : {}), ...(ids.length ? { ids } : {}) },
      when: g.when,
      duration: g.defaultDurationDays,
      treatUnlinkedAsDependency: g.treatUnlinkedAsDependency,
    };
    if (g.cadence) rule.cadence = 'dates' in g.cadence ? { dates: [...g.cadence.dates] } : { ...g.cadence };
    if (g.reworkProbability !== undefined && g.reworkProbability > 0) rule.rework = { probability: g.reworkProbability, share: g.reworkShare ?? 0.5 };
    return rule;
  });
}

export function planFinishWindows(windows: readonly PlanWindow[], plan: Plan): FinishWindow[] {
  const ids = new Set(plan.tasks.map((t) => t.id));
  const out: FinishWindow[] = [];
  windows.forEach((w, i) => {
    if (w.kind !== 'deployment' && w.kind !== 'freeze') return;
    const fromIssue = w.source !== undefined && ids.has(w.source);
    out.push({ id: windowId(w, i), kind: w.kind, from: w.from, to: w.to, appliesTo: fromIssue ? { ids: [w.source!] } : { kinds: ['deploy'] } });
  });
  return out;
}

const typeOf = (t: Task): string | undefined => (typeof t.meta?.issueType === 'string' ? (t.meta.issueType as string).toLowerCase() : undefined);
const teamOf = (t: Task): string | undefined => (typeof t.meta?.team === 'string' ? (t.meta.team as string) : undefined);

/** The ids a match's issue types, team and JQL keys select (plan order, no duplicates). */
function matchedIds(m: IssueMatchSetting, plan: Plan, jqlKeys: readonly string[] = []): string[] {
  const types = new Set((m.issueTypes ?? []).map((t) => t.toLowerCase()));
  const jql = new Set(jqlKeys);
  return plan.tasks.filter((t) => (types.size > 0 && types.has(typeOf(t) ?? '\u0000')) || (m.team !== undefined && teamOf(t) === m.team) || jql.has(t.id)).map((t) => t.id);
}

export function planRisks(risks: readonly RiskSetting[], plan: Plan, jqlKeys: ReadonlyMap<string, readonly string[]> = new Map()): RiskEvent[] {
  return risks.map((r) => {
    const ids = matchedIds(r.match, plan, jqlKeys.get(r.id));
    const appliesTo: TaskMatch = {
      ...(r.match.labels?.length ? { labels: [...r.match.labels] } : {}),
      ...(r.match.keyPrefix ? { idPrefix: r.match.keyPrefix } : {}),
      ...(ids.length ? { ids } : {}),
    };
    const impact: RiskEvent['impact'] = r.impact
      ? ({ days: r.impact.mostLikely, optimistic: r.impact.optimistic, mostLikely: r.impact.mostLikely, pessimistic: r.impact.pessimistic, distribution: r.impact.distribution } as RiskEvent['impact'])
      : { days: r.impactDays ?? 0 };
    return { id: r.id, name: r.name, probability: r.probability, impact, appliesTo };
  });
}

/** The label that marks the members of a correlation group matched by issue type. */
export function correlationLabel(id: string): string {
  return `converge-correlation:${id}`;
}

/** plan.correlations for the settings' groups, and the plan with the issue-type members labelled (a new plan; the input is untouched). */
export function planCorrelations(groups: readonly CorrelationSetting[], plan: Plan): { plan: Plan; correlations: Correlation[] } {
  const extra = new Map<string, string[]>();
  const correlations: Correlation[] = [];
  for (const g of groups) {
    const group: Correlation['group'] = {};
    if (g.match.team) group.team = g.match.team;
    const labels = [...(g.match.labels ?? [])];
    const types = new Set((g.match.issueTypes ?? []).map((t) => t.toLowerCase()));
    if (types.size) {
      const mark = correlationLabel(g.id);
      for (const t of plan.tasks) if (types.has(typeOf(t) ?? '\u0000')) extra.set(t.id, [...(extra.get(t.id) ?? []), mark]);
      labels.push(mark);
    }
    if (labels.length) group.labels = labels;
    const members = plan.tasks.filter((t) => (group.team !== undefined && teamOf(t) === group.team) || t.labels?.some((l) => labels.includes(l)) || extra.get(t.id)?.some((l) => labels.includes(l)));
    if (members.length === 0) continue;
    correlations.push({ group, coefficient: g.coefficient });
  }
  if (!extra.size) return { plan, correlations };
  const tasks = plan.tasks.map((t) => (extra.has(t.id) ? { ...t, labels: [...new Set([...(t.labels ?? []), ...extra.get(t.id)!])] } : t));
  return { plan: { ...plan, tasks }, correlations };
}
