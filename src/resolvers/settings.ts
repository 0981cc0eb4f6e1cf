/**
 * The app settings (contract `Settings`): defaults, validation of what the admin page saves,
 * and the mapping settings the Jira adapter needs. `Settings` is a superset of the adapter's
 * `MappingSettings`; `mappingFromSettings` is the one conversion.
 */
import type { CorrelationSetting, GateRule, IssueMatchSetting, PlanWindow, ReplanningSettings, ResourcePoolSetting, RiskSetting, Settings, ThreePointEstimate } from './contract';
import { RISK_LIMITS } from './contract';
import { invalidPayload } from './errors';
import { estimate, isIsoDate, type Raw } from './validate-payload';
import { DEFAULT_MAPPING_SETTINGS, DEFAULT_SCOPE_JQL, type MappingSettings } from '../jira/mapping-settings';

export const DEFAULT_ITERATIONS = 10_000;

export const DEFAULT_SETTINGS: Settings = {
  linkTypes: DEFAULT_MAPPING_SETTINGS.linkTypes.map((l) => ({ ...l })),
  estimateFields: { ...DEFAULT_MAPPING_SETTINGS.estimateFields },
  daysPerStoryPoint: DEFAULT_MAPPING_SETTINGS.daysPerStoryPoint,
  defaultEstimates: Object.fromEntries(Object.entries(DEFAULT_MAPPING_SETTINGS.defaultEstimates).map(([k, v]) => [k, { ...v }])),
  calendar: { workdays: [...DEFAULT_MAPPING_SETTINGS.calendar.workdays], holidays: [...DEFAULT_MAPPING_SETTINGS.calendar.holidays] },
  resources: [],
  gates: [],
  defaultJql: DEFAULT_SCOPE_JQL,
  iterations: DEFAULT_ITERATIONS,
  version: 0,
};

export function mappingFromSettings(s: Settings): MappingSettings {
  return {
    ...DEFAULT_MAPPING_SETTINGS,
    linkTypes: s.linkTypes,
    estimateFields: s.estimateFields,
    daysPerStoryPoint: s.daysPerStoryPoint,
    defaultEstimates: s.defaultEstimates,
    calendar: s.calendar,
    resources: s.resources,
    defaultJql: s.defaultJql,
  };
}

const FIELD_ID = /^(customfield_\d{1,12}|[a-z][a-zA-Z]{0,63})$/;
const GATE_KINDS: GateRule['kind'][] = ['bias-audit', 'performance-benchmark', 'compliance-documentation', 'regulatory-review', 'security-review', 'custom'];
const ID = /^[A-Za-z0-9._-]{1,64}$/;

function fail(field: string, message: string): never {
  throw invalidPayload(`settings.${field} ${message}`, `settings.${field}`);
}
const isObj = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown, field: string, max = 100): string[] => {
  if (!Array.isArray(v) || v.length > max || v.some((x) => typeof x !== 'string' || x.length === 0 || x.length > 255)) fail(field, `must be a list of at most ${max} non-empty strings`);
  return v as string[];
};

/** Checks a whole Settings object from the admin page; returns a clean copy. */
export function validateSettings(raw: unknown): Settings {
  if (!isObj(raw)) throw invalidPayload('settings must be an object', 'settings');

  if (!Array.isArray(raw.linkTypes) || raw.linkTypes.length === 0 || raw.linkTypes.length > 50) fail('linkTypes', 'must list 1 to 50 link types');
  const linkTypes = (raw.linkTypes as unknown[]).map((l, i) => {
    if (!isObj(l) || typeof l.name !== 'string' || !l.name.trim() || l.name.length > 255) fail(`linkTypes.${i}.name`, 'must be a link type name');
    if (l.predecessorSide !== 'outward' && l.predecessorSide !== 'inward') fail(`linkTypes.${i}.predecessorSide`, "must be 'outward' or 'inward'");
    return { name: l.name as string, predecessorSide: l.predecessorSide as 'outward' | 'inward' };
  });

  if (!isObj(raw.estimateFields)) fail('estimateFields', 'must be an object');
  const estimateFields: Settings['estimateFields'] = {};
  for (const k of ['optimistic', 'mostLikely', 'pessimistic', 'storyPoints', 'startDate', 'dataAvailable', 'team'] as const) {
    const v = (raw.estimateFields as Raw)[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' || !FIELD_ID.test(v)) fail(`estimateFields.${k}`, 'must be a Jira field id like customfield_10016');
    estimateFields[k] = v;
  }

  const dpsp = raw.daysPerStoryPoint;
  if (typeof dpsp !== 'number' || !(dpsp > 0 && dpsp <= 100)) fail('daysPerStoryPoint', 'must be a number above 0 and at most 100');

  if (!isObj(raw.defaultEstimates)) fail('defaultEstimates', 'must be an object keyed by issue type');
  const defaultEstimates: Record<string, ThreePointEstimate> = {};
  for (const [type, e] of Object.entries(raw.defaultEstimates as Raw)) defaultEstimates[type] = estimate(e, `settings.defaultEstimates.${type}`);

  if (!isObj(raw.calendar)) fail('calendar', 'must be an object {workdays, holidays}');
  const cal = raw.calendar as Raw;
  const wd = cal.workdays;
  if (!Array.isArray(wd) || wd.length === 0 || wd.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(wd).size !== wd.length) {
    fail('calendar.workdays', 'must list distinct ISO weekdays 1 (Monday) to 7');
  }
  const holidays = strings(cal.holidays ?? [], 'calendar.holidays', 1000);
  holidays.forEach((h, i) => isIsoDate(h) || fail(`calendar.holidays.${i}`, 'must be a date YYYY-MM-DD'));

  if (!Array.isArray(raw.resources) || raw.resources.length > 100) fail('resources', 'must be a list of at most 100 pools');
  const seen = new Set<string>();
  const resources = (raw.resources as unknown[]).map((r, i): ResourcePoolSetting => {
    if (!isObj(r) || typeof r.id !== 'string' || !ID.test(r.id) || seen.has(r.id)) fail(`resources.${i}.id`, 'must be a unique id of letters, digits, . _ -');
    seen.add(r.id as string);
    if (typeof r.capacity !== 'number' || !(r.capacity > 0) || !Number.isFinite(r.capacity)) fail(`resources.${i}.capacity`, 'must be a number above 0');
    const out: ResourcePoolSetting = { id: r.id as string, name: typeof r.name === 'string' ? r.name : (r.id as string), capacity: r.capacity as number };
    if (r.availability !== undefined) {
      if (!Array.isArray(r.availability)) fail(`resources.${i}.availability`, 'must be a list');
      out.availability = (r.availability as unknown[]).map((w, j) => {
        if (!isObj(w) || !isIsoDate(w.from) || !isIsoDate(w.to) || w.to < w.from || typeof w.capacity !== 'number' || !(w.capacity >= 0)) {
          fail(`resources.${i}.availability.${j}`, 'must be {from, to, capacity} with from <= to and capacity >= 0');
        }
        return { from: w.from as string, to: w.to as string, capacity: w.capacity as number };
      });
    }
    if (r.match !== undefined) {
      if (!isObj(r.match)) fail(`resources.${i}.match`, 'must be an object');
      const m = r.match as Raw;
      out.match = {};
      if (m.labels !== undefined) out.match.labels = strings(m.labels, `resources.${i}.match.labels`);
      if (m.field !== undefined) {
        if (typeof m.field !== 'string' || !FIELD_ID.test(m.field)) fail(`resources.${i}.match.field`, 'must be a Jira field id');
        out.match.field = m.field;
      }
      if (m.units !== undefined) {
        if (typeof m.units !== 'number' || !(m.units > 0)) fail(`resources.${i}.match.units`, 'must be a number above 0');
        out.match.units = m.units;
      }
    }
    return out;
  });

  if (!Array.isArray(raw.gates) || raw.gates.length > 100) fail('gates', 'must be a list of at most 100 gate rules');
  const gates = (raw.gates as unknown[]).map((g, i): GateRule => {
    if (!isObj(g) || typeof g.id !== 'string' || !ID.test(g.id)) fail(`gates.${i}.id`, 'must be an id of letters, digits, . _ -');
    if (!GATE_KINDS.includes(g.kind as GateRule['kind'])) fail(`gates.${i}.kind`, `must be one of ${GATE_KINDS.join(', ')}`);
    if (g.when !== 'start' && g.when !== 'finish') fail(`gates.${i}.when`, "must be 'start' or 'finish'");
    if (typeof g.defaultDurationDays !== 'number' || !(g.defaultDurationDays >= 0)) fail(`gates.${i}.defaultDurationDays`, 'must be a number >= 0');
    if (!isObj(g.match)) fail(`gates.${i}.match`, 'must be an object {jql?, issueTypes?, labels?}');
    for (const p of ['reworkProbability', 'reworkShare'] as const) {
      if (g[p] !== undefined && (typeof g[p] !== 'number' || !((g[p] as number) >= 0 && (g[p] as number) <= 1))) fail(`gates.${i}.${p}`, 'must be a number from 0 to 1');
    }
    // The rule's remaining shape (cadence...) is the gate engine's to interpret; keep it as given.
    return { ...(g as unknown as GateRule), treatUnlinkedAsDependency: g.treatUnlinkedAsDependency === true };
  });

  const jql = raw.defaultJql;
  if (typeof jql !== 'string' || !jql.includes('{project}') || jql.length > 2000) fail('defaultJql', "must be JQL containing '{project}' (at most 2000 characters)");

  const it = raw.iterations;
  if (typeof it !== 'number' || !Number.isInteger(it) || it < 100 || it > 1_000_000) fail('iterations', 'must be a whole number from 100 to 1000000');

  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) fail('version', 'must be the version that was loaded (a whole number)');

  // Optional (additive): windows shown on every timeline, and project due dates by key.
  let windows: PlanWindow[] | undefined;
  if (raw.windows !== undefined) {
    if (!Array.isArray(raw.windows) || raw.windows.length > 200) fail('windows', 'must be a list of at most 200 windows');
    windows = (raw.windows as unknown[]).map((w, i) => {
      if (!isObj(w) || !isIsoDate(w.from) || !isIsoDate(w.to) || (w.to as string) < (w.from as string)) fail(`windows.${i}`, 'must be {from, to, label} with dates from <= to');
      if (typeof w.label !== 'string' || !w.label.trim() || w.label.length > 100) fail(`windows.${i}.label`, 'must be a label of 1 to 100 characters');
      if (w.kind !== undefined && (typeof w.kind !== 'string' || w.kind.length > 40)) fail(`windows.${i}.kind`, 'must be a short word such as deployment, freeze or maintenance');
      return { from: w.from as string, to: w.to as string, label: w.label as string, ...(w.kind ? { kind: w.kind as string } : {}) };
    });
  }
  let projectDue: Record<string, string> | undefined;
  if (raw.projectDue !== undefined) {
    if (!isObj(raw.projectDue)) fail('projectDue', 'must map project keys to dates');
    projectDue = {};
    for (const [k, d] of Object.entries(raw.projectDue as Raw)) {
      if (!/^[A-Z][A-Z0-9_]{0,49}$/i.test(k)) fail(`projectDue.${k}`, 'must be keyed by a Jira project key');
      if (!isIsoDate(d)) fail(`projectDue.${k}`, 'must be a date YYYY-MM-DD');
      projectDue[k] = d as string;
    }
  }

  const risks = raw.risks === undefined ? undefined : validateRisks(raw.risks);
  const correlations = raw.correlations === undefined ? undefined : validateCorrelations(raw.correlations);
  const replanning = raw.replanning === undefined ? undefined : validateReplanning(raw.replanning);

  return {
    linkTypes, estimateFields, daysPerStoryPoint: dpsp as number, defaultEstimates,
    calendar: { workdays: wd as number[], holidays }, resources, gates,
    defaultJql: jql as string, iterations: it as number, version: version as number,
    ...(windows ? { windows } : {}),
    ...(projectDue ? { projectDue } : {}),
    ...(risks ? { risks } : {}),
    ...(correlations ? { correlations } : {}),
    ...(replanning ? { replanning } : {}),
  };
}

/** Limits of the risk register and the correlation groups (a settings record stays well under the KVS value limit). */
export { RISK_LIMITS };

const unit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** An issue match: at least one criterion; `allowed` limits which (correlation groups take team, labels, issue types). */
function issueMatch(v: unknown, at: string, allowed: ReadonlyArray<keyof IssueMatchSetting>): IssueMatchSetting {
  if (!isObj(v)) fail(at, `must be an object {${allowed.join('?, ')}?}`);
  const m = v as Raw;
  for (const k of Object.keys(m)) if (!allowed.includes(k as keyof IssueMatchSetting)) fail(`${at}.${k}`, `is not a criterion here (use ${allowed.join(', ')})`);
  const out: IssueMatchSetting = {};
  if (m.jql !== undefined && m.jql !== '') {
    if (typeof m.jql !== 'string' || !m.jql.trim() || m.jql.length > RISK_LIMITS.jql) fail(`${at}.jql`, `must be JQL of at most ${RISK_LIMITS.jql} characters`);
    out.jql = m.jql.trim();
  }
  if (m.labels !== undefined) { const l = strings(m.labels, `${at}.labels`); if (l.length) out.labels = [...l]; }
  if (m.issueTypes !== undefined) { const t = strings(m.issueTypes, `${at}.issueTypes`); if (t.length) out.issueTypes = [...t]; }
  if (m.keyPrefix !== undefined && m.keyPrefix !== '') {
    if (typeof m.keyPrefix !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,99}(-\d*)?$/.test(m.keyPrefix)) fail(`${at}.keyPrefix`, 'must be the start of an issue key, e.g. DATA- or DATA-1');
    out.keyPrefix = m.keyPrefix;
  }
  if (m.team !== undefined && m.team !== '') {
    if (typeof m.team !== 'string' || !m.team.trim() || m.team.length > 255) fail(`${at}.team`, 'must be a team name of at most 255 characters');
    out.team = m.team.trim();
  }
  if (!out.jql && !out.labels && !out.issueTypes && !out.keyPrefix && !out.team) fail(at, `must name at least one of ${allowed.join(', ')}`);
  return out;
}

function uniqueId(v: unknown, at: string, seen: Set<string>): string {
  if (typeof v !== 'string' || !ID.test(v)) fail(at, 'must be an id of letters, digits, . _ -');
  if (seen.has(v as string)) fail(at, `must be unique (${v as string} is used twice)`);
  seen.add(v as string);
  return v as string;
}

function label(v: unknown, at: string): string {
  if (typeof v !== 'string' || !v.trim() || v.length > RISK_LIMITS.name) fail(at, `must be a name of 1 to ${RISK_LIMITS.name} characters`);
  return (v as string).trim();
}

/**
 * A list of at most `max` objects, each with a unique id and a name (read from `nameKey`), checked in
 * that order; `entry` reads the rest of one object, `at` being its field path (e.g. "risks.2").
 */
function namedEntries<T>(v: unknown, field: string, max: number, noun: string, shape: string, nameKey: 'name' | 'label', entry: (o: Raw, at: string, id: string, name: string) => T): T[] {
  if (!Array.isArray(v) || v.length > max) fail(field, `must be a list of at most ${max} ${noun}`);
  const seen = new Set<string>();
  return (v as unknown[]).map((o, i) => {
    const at = `${field}.${i}`;
    if (!isObj(o)) fail(at, `must be ${shape}`);
    return entry(o, at, uniqueId(o.id, `${at}.id`, seen), label(o[nameKey], `${at}.${nameKey}`));
  });
}

/** settings.risks: the risk register. */
export function validateRisks(v: unknown): RiskSetting[] {
  return namedEntries(v, 'risks', RISK_LIMITS.risks, 'risks', '{id, name, probability, impactDays | impact, match}', 'name', (r, at, id, name): RiskSetting => {
    if (!unit(r.probability)) fail(`${at}.probability`, 'must be a number from 0 to 1');
    const hasDays = r.impactDays !== undefined && r.impactDays !== null;
    const hasEst = r.impact !== undefined && r.impact !== null;
    if (hasDays === hasEst) fail(`${at}.impactDays`, 'give either impactDays (working days) or impact (a three-point estimate), not both');
    const out: RiskSetting = { id, name, probability: r.probability as number, match: issueMatch(r.match, `${at}.match`, ['jql', 'labels', 'issueTypes', 'keyPrefix', 'team']) };
    if (hasDays) {
      const d = r.impactDays;
      if (typeof d !== 'number' || !(d >= 0 && d <= RISK_LIMITS.maxImpactDays)) fail(`${at}.impactDays`, `must be working days from 0 to ${RISK_LIMITS.maxImpactDays}`);
      out.impactDays = d as number;
    } else {
      const e = estimate(r.impact, `settings.${at}.impact`);
      if (e.pessimistic > RISK_LIMITS.maxImpactDays) fail(`${at}.impact.pessimistic`, `must be at most ${RISK_LIMITS.maxImpactDays} working days`);
      out.impact = { optimistic: e.optimistic, mostLikely: e.mostLikely, pessimistic: e.pessimistic, distribution: e.distribution };
    }
    return out;
  });
}

/** settings.correlations: groups whose durations move together. */
export function validateCorrelations(v: unknown): CorrelationSetting[] {
  return namedEntries(v, 'correlations', RISK_LIMITS.correlations, 'groups', '{id, label, coefficient, match}', 'label', (c, at, id, name): CorrelationSetting => {
    if (!unit(c.coefficient)) fail(`${at}.coefficient`, 'must be a correlation coefficient from 0 to 1');
    const match = issueMatch(c.match, `${at}.match`, ['team', 'labels', 'issueTypes']) as CorrelationSetting['match'];
    return { id, label: name, coefficient: c.coefficient as number, match };
  });
}

/** settings.replanning: thresholds of the re-planning flags (K2 reads them). */
export function validateReplanning(v: unknown): ReplanningSettings {
  if (!isObj(v)) fail('replanning', 'must be an object {p80SlipDays?, minDueProbability?, criticalPathChange?, gateAtRisk?}');
  const r = v as Raw;
  for (const k of Object.keys(r)) if (!['p80SlipDays', 'minDueProbability', 'criticalPathChange', 'gateAtRisk'].includes(k)) fail(`replanning.${k}`, 'is not a re-planning threshold');
  const out: ReplanningSettings = {};
  if (r.p80SlipDays !== undefined && r.p80SlipDays !== null) {
    if (typeof r.p80SlipDays !== 'number' || !(r.p80SlipDays >= 0 && r.p80SlipDays <= 1000)) fail('replanning.p80SlipDays', 'must be working days from 0 to 1000');
    out.p80SlipDays = r.p80SlipDays;
  }
  if (r.minDueProbability !== undefined && r.minDueProbability !== null) {
    if (!unit(r.minDueProbability)) fail('replanning.minDueProbability', 'must be a probability from 0 to 1');
    out.minDueProbability = r.minDueProbability;
  }
  for (const k of ['criticalPathChange', 'gateAtRisk'] as const) {
    if (r[k] === undefined || r[k] === null) continue;
    if (typeof r[k] !== 'boolean') fail(`replanning.${k}`, 'must be true or false');
    out[k] = r[k] as boolean;
  }
  return out;
}
