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
 * Pure; O(rules x tasks + windows).
 */
import type { FinishWindow, GateRule as PlanGateRule, Plan } from '../engine/plan';
import type { GateRule, PlanWindow } from './contract';

/** A window id the engine and the findings name: the issue key, or w<i> for a settings window. */
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
