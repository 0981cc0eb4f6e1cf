/**
 * Validation of the admin page's settings before they are saved: every problem
 * keyed by the path of the field it concerns ("calendar.holidays.2",
 * "gates.0.reworkProbability"), so the page can show the message next to that
 * field and list all of them in an error summary. Pure; the server validates
 * again (a page is never the only guard).
 */
import type { CorrelationSetting, GateRule, ResourcePoolSetting, RiskSetting, Settings, ThreePointEstimate } from '../../../src/resolvers/contract';
import { RISK_LIMITS } from '../../../src/resolvers/contract';

export type SettingsErrors = Record<string, string>;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The server's id rule (src/resolvers/settings.ts): letters, digits, . _ - */
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const FIELD_ID = /^(customfield_\d+|[a-z][a-zA-Z0-9_]*)$/;
export const GATE_KINDS: Array<{ value: GateRule['kind']; label: string }> = [
  { value: 'bias-audit', label: 'Bias audit' },
  { value: 'performance-benchmark', label: 'Performance benchmark' },
  { value: 'compliance-documentation', label: 'Compliance documentation' },
  { value: 'regulatory-review', label: 'Regulatory review' },
  { value: 'security-review', label: 'Security review' },
  { value: 'custom', label: 'Custom' },
];
export const MIN_ITERATIONS = 100;
export const MAX_ITERATIONS = 1_000_000;

/** A real calendar date in YYYY-MM-DD form (2027-02-30 is not). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function dateError(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return 'Enter a date as YYYY-MM-DD.';
  if (!ISO.test(v)) return `"${v}" is not a date: use YYYY-MM-DD, e.g. 2027-12-25.`;
  if (!isIsoDate(v)) return `${v} is not a real calendar date.`;
  return undefined;
}

function checkEstimate(e: ThreePointEstimate, at: string, out: SettingsErrors): void {
  for (const k of ['optimistic', 'mostLikely', 'pessimistic'] as const) {
    if (!finite(e[k]) || e[k] < 0) out[`${at}.${k}`] = 'Enter a number of working days, 0 or more.';
  }
  if (finite(e.optimistic) && finite(e.mostLikely) && e.optimistic > e.mostLikely) out[`${at}.mostLikely`] = 'Most likely must be at least the optimistic value.';
  if (finite(e.mostLikely) && finite(e.pessimistic) && e.mostLikely > e.pessimistic) out[`${at}.pessimistic`] = 'Pessimistic must be at least the most likely value.';
}

function checkPool(p: ResourcePoolSetting, at: string, out: SettingsErrors): void {
  if (!ID.test(p.id ?? '')) out[`${at}.id`] = 'Use letters, digits, "-", "_" or "." (e.g. gpu-a100).';
  if (!p.name?.trim()) out[`${at}.name`] = 'Give the pool a name.';
  if (!finite(p.capacity) || p.capacity <= 0) out[`${at}.capacity`] = 'Capacity is a number of units, more than 0.';
  (p.availability ?? []).forEach((w, j) => {
    const a = `${at}.availability.${j}`;
    const fe = dateError(w.from), te = dateError(w.to);
    if (fe) out[`${a}.from`] = fe;
    if (te) out[`${a}.to`] = te;
    if (!fe && !te && w.from > w.to) out[`${a}.to`] = 'The window ends before it starts.';
    if (!finite(w.capacity) || w.capacity < 0) out[`${a}.capacity`] = 'Capacity is a number of units, 0 or more.';
  });
  const m = p.match;
  if (m?.field !== undefined && m.field !== '' && !FIELD_ID.test(m.field)) out[`${at}.match.field`] = 'Use a field id such as customfield_10042.';
  if (m?.units !== undefined && (!finite(m.units) || m.units <= 0)) out[`${at}.match.units`] = 'Units must be more than 0.';
  if (!m || (!(m.labels?.length) && !m.field)) out[`${at}.match.labels`] = 'Say which issues use this pool: a label (e.g. gpu:a100) or a units field.';
}

function checkGate(g: GateRule, at: string, out: SettingsErrors): void {
  if (!ID.test(g.id ?? '')) out[`${at}.id`] = 'Use letters, digits, "-", "_" or "." (e.g. bias-audit).';
  if (!GATE_KINDS.some((k) => k.value === g.kind)) out[`${at}.kind`] = 'Choose a gate kind.';
  const m = g.match ?? {};
  if (!m.jql?.trim() && !m.issueTypes?.length && !m.labels?.length) out[`${at}.match`] = 'Match issues by JQL, issue type or label.';
  if (g.when !== 'start' && g.when !== 'finish') out[`${at}.when`] = 'Choose whether the gate guards the start or the finish.';
  if (!finite(g.defaultDurationDays) || g.defaultDurationDays < 0) out[`${at}.defaultDurationDays`] = 'Enter a number of working days, 0 or more.';
  if (g.reworkProbability !== undefined && (!finite(g.reworkProbability) || g.reworkProbability < 0 || g.reworkProbability >= 1)) out[`${at}.reworkProbability`] = 'A rework chance is between 0% and 99%.';
  if (g.reworkShare !== undefined && (!finite(g.reworkShare) || g.reworkShare <= 0 || g.reworkShare > 1)) out[`${at}.reworkShare`] = 'Rework takes more than 0% and at most 100% of the work again.';
  const c = g.cadence;
  if (c && 'dates' in c) {
    if (!c.dates.length) out[`${at}.cadence.dates`] = 'List at least one sitting date, or choose no cadence.';
    c.dates.forEach((d, j) => { const e = dateError(d); if (e) out[`${at}.cadence.dates.${j}`] = e; });
  } else if (c) {
    if (!Number.isInteger(c.everyWeeks) || c.everyWeeks < 1 || c.everyWeeks > 52) out[`${at}.cadence.everyWeeks`] = 'Every 1 to 52 weeks.';
    if (!Number.isInteger(c.weekday) || c.weekday < 1 || c.weekday > 7) out[`${at}.cadence.weekday`] = 'Choose a weekday.';
    const e = dateError(c.from);
    if (e) out[`${at}.cadence.from`] = e;
  }
}

export { RISK_LIMITS };
const KEY_PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,99}(-\d*)?$/;

function checkName(v: string | undefined, at: string, what: string, out: SettingsErrors): void {
  if (!v?.trim()) out[at] = `Give the ${what} a name.`;
  else if (v.length > RISK_LIMITS.name) out[at] = `At most ${RISK_LIMITS.name} characters.`;
}

function checkRisk(r: RiskSetting, at: string, out: SettingsErrors): void {
  if (!ID.test(r.id ?? '')) out[`${at}.id`] = 'Use letters, digits, "-", "_" or "." (e.g. vendor-late).';
  checkName(r.name, `${at}.name`, 'risk', out);
  if (!finite(r.probability) || r.probability < 0 || r.probability > 1) out[`${at}.probability`] = 'A chance is between 0% and 100%.';
  if (r.impact) {
    checkEstimate({ ...r.impact }, `${at}.impact`, out);
    if (finite(r.impact.pessimistic) && r.impact.pessimistic > RISK_LIMITS.maxImpactDays) out[`${at}.impact.pessimistic`] = `At most ${RISK_LIMITS.maxImpactDays} working days.`;
    if (r.impact.distribution === 'lognormal' && finite(r.impact.optimistic) && r.impact.optimistic <= 0) out[`${at}.impact.optimistic`] = 'A lognormal impact needs an optimistic value above 0.';
  } else if (!finite(r.impactDays) || r.impactDays < 0 || r.impactDays > RISK_LIMITS.maxImpactDays) {
    out[`${at}.impactDays`] = `Enter the working days it adds, 0 to ${RISK_LIMITS.maxImpactDays}.`;
  }
  const m = r.match ?? {};
  if (!m.jql?.trim() && !m.labels?.length && !m.issueTypes?.length && !m.keyPrefix && !m.team?.trim()) out[`${at}.match`] = 'Say which issues it hits: a key prefix, labels, issue types, a team or JQL.';
  if (m.keyPrefix && !KEY_PREFIX.test(m.keyPrefix)) out[`${at}.match.keyPrefix`] = 'The start of an issue key, e.g. DATA-.';
  if (m.jql && m.jql.length > RISK_LIMITS.jql) out[`${at}.match.jql`] = `The JQL is limited to ${RISK_LIMITS.jql} characters.`;
}

function checkCorrelation(c: CorrelationSetting, at: string, out: SettingsErrors): void {
  if (!ID.test(c.id ?? '')) out[`${at}.id`] = 'Use letters, digits, "-", "_" or "." (e.g. infra-team).';
  checkName(c.label, `${at}.label`, 'group', out);
  if (!finite(c.coefficient) || c.coefficient < 0 || c.coefficient > 1) out[`${at}.coefficient`] = 'A correlation is between 0 (independent) and 1 (move together).';
  const m = c.match ?? {};
  if (!m.team?.trim() && !m.labels?.length && !m.issueTypes?.length) out[`${at}.match`] = 'Say which issues move together: a team, labels or issue types.';
}

/** Checks each entry of a list (`field`.i) and flags an id already used by an earlier entry. */
function checkEntries<T extends { id: string }>(list: readonly T[], field: string, noun: string, check: (x: T, at: string, out: SettingsErrors) => void, out: SettingsErrors): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    check(x, `${field}.${i}`, out);
    if (seen.has(x.id)) out[`${field}.${i}.id`] = `Another ${noun} is already called "${x.id}".`;
    seen.add(x.id);
  });
}

export function validateSettings(s: Settings): SettingsErrors {
  const out: SettingsErrors = {};
  if (!s.linkTypes.length) out.linkTypes = 'Choose at least one link type that means "depends on", or no dependencies are read.';
  const seenLinks = new Set<string>();
  s.linkTypes.forEach((l, i) => {
    const name = l.name.trim().toLowerCase();
    if (!name) out[`linkTypes.${i}.name`] = 'Enter the link type name as Jira shows it (e.g. Blocks).';
    else if (seenLinks.has(name)) out[`linkTypes.${i}.name`] = `"${l.name}" is listed twice.`;
    seenLinks.add(name);
    if (l.predecessorSide !== 'outward' && l.predecessorSide !== 'inward') out[`linkTypes.${i}.predecessorSide`] = 'Choose which side is the predecessor.';
  });
  for (const [k, v] of Object.entries(s.estimateFields)) {
    if (v !== undefined && v !== '' && !FIELD_ID.test(v)) out[`estimateFields.${k}`] = 'Use a field id such as customfield_10016.';
  }
  if (!finite(s.daysPerStoryPoint) || s.daysPerStoryPoint <= 0 || s.daysPerStoryPoint > 100) out.daysPerStoryPoint = 'Days per story point is more than 0 (e.g. 0.5).';
  for (const [type, e] of Object.entries(s.defaultEstimates)) checkEstimate(e, `defaultEstimates.${type}`, out);

  const wd = s.calendar.workdays;
  if (!wd.length) out['calendar.workdays'] = 'Choose at least one working day.';
  else if (wd.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) out['calendar.workdays'] = 'Working days are Monday (1) to Sunday (7).';
  const seenDays = new Map<string, number>();
  s.calendar.holidays.forEach((h, i) => {
    const e = dateError(h);
    if (e) out[`calendar.holidays.${i}`] = e;
    else if (seenDays.has(h)) out[`calendar.holidays.${i}`] = `${h} is listed twice.`;
    seenDays.set(h, i);
  });

  checkEntries(s.resources, 'resources', 'pool', checkPool, out);
  checkEntries(s.gates, 'gates', 'gate rule', checkGate, out);

  const risks = s.risks ?? [];
  if (risks.length > RISK_LIMITS.risks) out.risks = `At most ${RISK_LIMITS.risks} risks.`;
  checkEntries(risks, 'risks', 'risk', checkRisk, out);
  const groups = s.correlations ?? [];
  if (groups.length > RISK_LIMITS.correlations) out.correlations = `At most ${RISK_LIMITS.correlations} groups.`;
  checkEntries(groups, 'correlations', 'group', checkCorrelation, out);
  const rp = s.replanning ?? {};
  if (rp.p80SlipDays !== undefined && (!finite(rp.p80SlipDays) || rp.p80SlipDays < 0 || rp.p80SlipDays > 1000)) out['replanning.p80SlipDays'] = 'Working days, 0 to 1000 (leave empty for no flag).';
  if (rp.minDueProbability !== undefined && (!finite(rp.minDueProbability) || rp.minDueProbability < 0 || rp.minDueProbability > 1)) out['replanning.minDueProbability'] = 'A chance between 0% and 100% (leave empty for no flag).';

  if (!s.defaultJql.includes('{project}')) out.defaultJql = 'The scope JQL must contain {project}, which stands for the project key.';
  else if (s.defaultJql.length > 2000) out.defaultJql = 'The scope JQL is limited to 2000 characters.';
  if (!Number.isInteger(s.iterations) || s.iterations < MIN_ITERATIONS || s.iterations > MAX_ITERATIONS) out.iterations = `Between ${MIN_ITERATIONS.toLocaleString('en')} and ${MAX_ITERATIONS.toLocaleString('en')} simulations.`;
  return out;
}

/** Settings as the page first shows them when the server has none stored yet. */
export function emptySettings(): Settings {
  return {
    linkTypes: [{ name: 'Blocks', predecessorSide: 'outward' }],
    estimateFields: {},
    daysPerStoryPoint: 1,
    defaultEstimates: {},
    calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
    resources: [],
    gates: [],
    defaultJql: 'project = {project} AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank',
    iterations: 10_000,
    version: 0,
  };
}
