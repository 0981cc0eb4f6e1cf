/**
 * compileJql: turns a parsed JQL query into a predicate and a sort order over the
 * sample site's issues.
 *
 * Semantics follow Jira Cloud where the app depends on them: string comparisons
 * ignore case; `field != x` and `NOT IN` never match an issue whose field is
 * empty; `resolution = Unresolved` means no resolution; relative dates (`-30d`,
 * `2w`, `-4h`, `-15m`) count from "now" (the site's clock, UTC); a project, issue
 * type, status or issue key that does not exist is an error, as it is in Jira.
 * Unknown fields and unsupported operators throw JqlError (the emulator answers
 * 400). Cost: O(clauses) per issue; sorting O(n log n).
 */
import type { JqlQuery, JqlNode, JqlValue, JqlOperator } from './parse-jql';
import { JqlError } from './parse-jql';
import type { SampleIssue } from '../sample-site/sample-site-types';
import { STATUS_CATEGORIES, PRIORITIES, keyNumber, type SiteIndex } from './site-index';

type Kind = 'text' | 'date' | 'datetime' | 'number' | 'key' | 'id';
type Scalar = string | number;

interface FieldDef {
  name: string;
  kind: Kind;
  values(issue: SampleIssue): Scalar[];
  /** Throws when a literal names something that does not exist (project, type, status, key). */
  check?(value: string): void;
  /** For ~ and !~. */
  text?: boolean;
  sort?(issue: SampleIssue): Scalar | null;
}

const MS_DAY = 86_400_000;
const dayMs = (iso: string | null): Scalar[] => (iso ? [Date.parse(`${iso}T00:00:00Z`)] : []);
const timeMs = (ts: string | null): Scalar[] => (ts ? [Date.parse(ts)] : []);

function fieldTable(ix: SiteIndex): Map<string, FieldDef> {
  const { site } = ix;
  const defs: Array<[string[], FieldDef]> = [];
  const def = (names: string[], d: Omit<FieldDef, 'name'>): void => { defs.push([names, { name: names[0], ...d }]); };
  const mustExist = (field: string, known: (v: string) => boolean) => (v: string): void => {
    if (!known(v)) throw new JqlError(`The value '${v}' does not exist for the field '${field}'.`);
  };

  def(['project'], {
    kind: 'text',
    values: (i) => { const p = ix.projectByKey.get(i.projectKey)!; return [p.key, p.id, p.name]; },
    check: mustExist('project', (v) => site.projects.some((p) => [p.key, p.id, p.name].some((x) => x.toLowerCase() === v.toLowerCase()))),
    sort: (i) => i.projectKey,
  });
  def(['key', 'issuekey', 'id', 'issue'], {
    kind: 'key',
    values: (i) => [i.key, i.id],
    check: (v) => {
      if (/^\d+$/.test(v)) return;
      if (!/^[A-Z][A-Z0-9_]*-\d+$/i.test(v)) throw new JqlError(`The issue key '${v}' for field 'key' is invalid.`);
      if (!ix.issueByKey.has(v.toUpperCase())) throw new JqlError(`An issue with key '${v}' does not exist for field 'key'.`);
    },
  });
  def(['parent'], {
    kind: 'key',
    values: (i) => (i.parent ? [i.parent, ix.issueByKey.get(i.parent)!.id] : []),
  });
  def(['sprint', 'cf[10020]'], {
    kind: 'id',
    values: (i) => i.sprints.flatMap((id) => [id, ix.sprintById.get(id)!.name]),
  });
  def(['statuscategory'], {
    kind: 'text',
    values: (i) => { const c = STATUS_CATEGORIES[ix.statusByName.get(i.status)!.category]; return [c.key, c.name, c.id]; },
    check: mustExist('statusCategory', (v) => Object.values(STATUS_CATEGORIES).some((c) => [c.key, c.name, String(c.id)].some((x) => x.toLowerCase() === v.toLowerCase()))),
  });
  def(['status'], {
    kind: 'text',
    values: (i) => { const s = ix.statusByName.get(i.status)!; return [s.name, s.id]; },
    check: mustExist('status', (v) => site.statuses.some((s) => s.name.toLowerCase() === v.toLowerCase() || s.id === v)),
    sort: (i) => i.status,
  });
  def(['resolution'], {
    kind: 'text',
    values: (i) => (i.resolution ? [i.resolution, '10000'] : []),
  });
  def(['resolved', 'resolutiondate'], { kind: 'datetime', values: (i) => timeMs(i.resolutiondate), sort: (i) => i.resolutiondate });
  def(['created', 'createddate'], { kind: 'datetime', values: (i) => timeMs(i.created), sort: (i) => i.created });
  def(['updated', 'updateddate'], { kind: 'datetime', values: (i) => timeMs(i.updated), sort: (i) => i.updated });
  def(['statuscategorychangeddate'], { kind: 'datetime', values: (i) => timeMs(i.statuscategorychangedate) });
  def(['duedate', 'due'], { kind: 'date', values: (i) => dayMs(i.duedate), sort: (i) => i.duedate });
  def(['start date', 'cf[10015]', 'customfield_10015'], { kind: 'date', values: (i) => dayMs(i.startDate), sort: (i) => i.startDate });
  def(['data available', 'cf[10050]', 'customfield_10050'], { kind: 'date', values: (i) => dayMs(i.dataAvailable) });
  def(['labels'], { kind: 'text', values: (i) => i.labels });
  def(['issuetype', 'type'], {
    kind: 'text',
    values: (i) => { const t = ix.typeByName.get(i.issueType)!; return [t.name, t.id]; },
    check: mustExist('issuetype', (v) => site.issueTypes.some((t) => t.name.toLowerCase() === v.toLowerCase() || t.id === v)),
    sort: (i) => i.issueType,
  });
  def(['assignee'], { kind: 'text', values: (i) => (i.assignee ? [i.assignee] : []) });
  def(['reporter'], { kind: 'text', values: (i) => [i.reporter] });
  def(['priority'], {
    kind: 'text',
    values: (i) => { const p = PRIORITIES.find((x) => x.name === i.priority)!; return [p.name, p.id]; },
    sort: (i) => PRIORITIES.findIndex((x) => x.name === i.priority),
  });
  def(['team', 'cf[10001]', 'customfield_10001'], {
    kind: 'text', values: (i) => (i.team ? [i.team, ix.teamById.get(i.team)?.name ?? ''] : []),
  });
  def(['story points', 'cf[10016]', 'customfield_10016'], { kind: 'number', values: (i) => (i.storyPoints ?? null) === null ? [] : [i.storyPoints!], sort: (i) => i.storyPoints });
  def(['gpus', 'cf[10061]', 'customfield_10061'], { kind: 'number', values: (i) => (i.gpus ?? null) === null ? [] : [i.gpus!] });
  def(['summary'], { kind: 'text', text: true, values: (i) => [i.summary], sort: (i) => i.summary.toLowerCase() });
  def(['description'], { kind: 'text', text: true, values: (i) => (i.description ? [i.description] : []) });
  def(['text'], { kind: 'text', text: true, values: (i) => [i.summary, i.description ?? ''] });
  def(['rank', 'cf[10019]'], { kind: 'text', values: (i) => [i.rank], sort: (i) => i.rank });

  const table = new Map<string, FieldDef>();
  for (const [names, d] of defs) for (const n of names) table.set(n, d);
  return table;
}

function fieldFor(table: Map<string, FieldDef>, name: string): FieldDef {
  const f = table.get(name.toLowerCase()) ?? table.get(name.toLowerCase().replace(/\[[a-z ]+\]$/, ''));
  if (!f) throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  return f;
}

/** A date operand as epoch ms: relative (-30d, 2w, -4h, -15m), absolute (2026-12-01[ 10:00]) or a function. */
function dateOperand(v: JqlValue, ix: SiteIndex, field: string): number {
  if (v.kind === 'function') {
    const n = v.name.toLowerCase();
    const day = Math.floor(ix.nowMs / MS_DAY) * MS_DAY;
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
    const offset = v.args[0] ? relative(v.args[0]) ?? 0 : 0;
    const base: Record<string, number> = {
      now: ix.nowMs, startofday: day, endofday: day + MS_DAY - 1,
      startofweek: day - weekday * MS_DAY, endofweek: day + (7 - weekday) * MS_DAY - 1,
      startofmonth: Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 1),
    };
    if (!(n in base)) throw new JqlError(`Unable to find JQL function '${v.name}()'.`);
    return base[n] + offset;
  }
  if (v.kind !== 'literal') throw new JqlError(`Date value expected for field '${field}'.`);
  const rel = relative(v.text);
  if (rel !== null) return ix.nowMs + rel;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(v.text.trim());
  if (!m) {
    throw new JqlError(`Date value '${v.text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`);
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

function relative(text: string): number | null {
  const m = /^([-+]?)\s*(\d+)\s*([wdhm])$/i.exec(text.trim());
  if (!m) return null;
  const unit = { w: 7 * MS_DAY, d: MS_DAY, h: 3600_000, m: 60_000 }[m[3].toLowerCase() as 'w' | 'd' | 'h' | 'm'];
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit;
}

export interface CompiledJql {
  match(issue: SampleIssue): boolean;
  compare(a: SampleIssue, b: SampleIssue): number;
}

export function compileJql(query: JqlQuery, ix: SiteIndex, currentUser: string): CompiledJql {
  const table = fieldTable(ix);

  const operands = (field: FieldDef, values: JqlValue[]): Array<Scalar | null> => {
    const out: Array<Scalar | null> = [];
    for (const v of values) {
      if (v.kind === 'empty') { out.push(null); continue; }
      if (field.kind === 'date' || field.kind === 'datetime') { out.push(dateOperand(v, ix, field.name)); continue; }
      if (v.kind === 'function') {
        const n = v.name.toLowerCase();
        if (n === 'currentuser') out.push(currentUser);
        else if (field.name === 'sprint' && (n === 'opensprints' || n === 'closedsprints' || n === 'futuresprints')) {
          const states = n === 'opensprints' ? ['active', 'future'] : n === 'closedsprints' ? ['closed'] : ['future'];
          for (const s of ix.site.sprints) if (states.includes(s.state)) out.push(s.id);
        } else if (field.name === 'issuetype' && (n === 'standardissuetypes' || n === 'subtaskissuetypes')) {
          for (const t of ix.site.issueTypes) if (t.subtask === (n === 'subtaskissuetypes')) out.push(t.name);
        } else throw new JqlError(`Unable to find JQL function '${v.name}()'.`);
        continue;
      }
      if (field.name === 'resolution' && v.text.toLowerCase() === 'unresolved') { out.push(null); continue; }
      if (field.kind === 'number' || (field.kind === 'id' && /^\d+$/.test(v.text))) {
        const n = Number(v.text);
        if (field.kind === 'number' && !Number.isFinite(n)) throw new JqlError(`The value '${v.text}' is not a number for field '${field.name}'.`);
        out.push(n);
        continue;
      }
      field.check?.(v.text);
      out.push(v.text);
    }
    return out;
  };

  const equal = (a: Scalar, b: Scalar): boolean =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : String(a) === String(b);

  const clause = (fieldName: string, op: JqlOperator, values: JqlValue[]): ((i: SampleIssue) => boolean) => {
    const field = fieldFor(table, fieldName);
    const ops = operands(field, values);
    const has = (i: SampleIssue, wanted: Array<Scalar | null>): boolean => {
      const vals = field.values(i);
      return wanted.some((w) => (w === null ? vals.length === 0
        : field.kind === 'date' ? vals.some((x) => Math.floor(Number(x) / MS_DAY) === Math.floor(Number(w) / MS_DAY))
          : vals.some((x) => equal(x, w))));
    };
    switch (op) {
      case '=': case 'in': case 'is':
        return (i) => has(i, ops);
      case '!=': case 'not in': case 'is not':
        // Jira: a negative clause never matches an empty field (unless it asks about EMPTY itself).
        return (i) => (ops.includes(null) ? true : field.values(i).length > 0) && !has(i, ops);
      case '>': case '>=': case '<': case '<=': {
        if (field.kind !== 'date' && field.kind !== 'datetime' && field.kind !== 'number') {
          throw new JqlError(`The operator '${op}' is not supported by the '${fieldName}' field.`);
        }
        const w = ops[0];
        if (w === null) throw new JqlError(`The operator '${op}' does not support the value 'EMPTY'.`);
        const cmp = (x: number): boolean => (op === '>' ? x > Number(w) : op === '>=' ? x >= Number(w) : op === '<' ? x < Number(w) : x <= Number(w));
        return (i) => field.values(i).some((x) => cmp(Number(x)));
      }
      case '~': case '!~': {
        if (!field.text) throw new JqlError(`The operator '${op}' is not supported by the '${fieldName}' field.`);
        const words = String(ops[0] ?? '').toLowerCase().replace(/[*?]/g, '').split(/\s+/).filter(Boolean);
        const contains = (i: SampleIssue): boolean => field.values(i).some((x) => words.every((w) => String(x).toLowerCase().includes(w)));
        return op === '~' ? contains : (i) => !contains(i);
      }
    }
  };

  const build = (node: JqlNode): ((i: SampleIssue) => boolean) => {
    if (node.kind === 'clause') return clause(node.field, node.op, node.values);
    if (node.kind === 'not') { const c = build(node.child); return (i) => !c(i); }
    const kids = node.children.map(build);
    return node.kind === 'and' ? (i) => kids.every((k) => k(i)) : (i) => kids.some((k) => k(i));
  };

  const match = query.where ? build(query.where) : () => true;
  const sorts = query.orderBy.map((s) => {
    const lower = s.field.toLowerCase();
    const sign = s.direction === 'desc' ? -1 : 1;
    if (lower === 'key' || lower === 'issuekey' || lower === 'id') {
      return (a: SampleIssue, b: SampleIssue) => sign * (a.projectKey.localeCompare(b.projectKey) || keyNumber(a.key) - keyNumber(b.key));
    }
    const f = fieldFor(table, s.field);
    if (!f.sort) throw new JqlError(`Field '${s.field}' does not support sorting.`);
    return (a: SampleIssue, b: SampleIssue) => {
      const x = f.sort!(a), y = f.sort!(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1; // empties last, whatever the direction
      if (y === null || y === undefined) return -1;
      return sign * (x < y ? -1 : 1);
    };
  });
  const compare = (a: SampleIssue, b: SampleIssue): number => {
    for (const s of sorts) { const c = s(a, b); if (c) return c; }
    // Stable tie-break (and the order without ORDER BY): key, ascending.
    return a.projectKey.localeCompare(b.projectKey) || keyNumber(a.key) - keyNumber(b.key);
  };
  return { match, compare };
}
