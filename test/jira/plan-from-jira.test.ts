import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFromJira, type IssueMeta } from '../../src/jira/plan-from-jira';
import type { IssueSummary, Settings } from '../../src/resolvers/contract';
import { DEFAULT_MAPPING_SETTINGS, withDefaults, type MappingSettings } from '../../src/jira/mapping-settings';
import { MappingError } from '../../src/jira/mapping-warning';
import type { IssueLink, JiraIssue } from '../../src/jira/jira-types';
import type { Plan } from '../../src/engine/plan';
import { compilePlan } from '../../src/engine/compile-plan';

const FIXTURES = join(__dirname, '..', 'fixtures', 'jira');
const load = (dir: string): JiraIssue[] =>
  readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')));
const START = '2026-03-02';

function edges(plan: Plan): string[] {
  return plan.tasks.flatMap((t) => t.after.map((p) => `${p}->${t.id}`)).sort();
}

/** Longest chain (by edges) of a DAG, by DFS with memo; ties broken by key order. */
function longestChain(plan: Plan): string[] {
  const succ = new Map<string, string[]>(plan.tasks.map((t) => [t.id, []]));
  for (const t of plan.tasks) for (const p of t.after) succ.get(p)!.push(t.id);
  const memo = new Map<string, string[]>();
  const from = (id: string): string[] => {
    if (memo.has(id)) return memo.get(id)!;
    let best: string[] = [];
    for (const s of [...succ.get(id)!].sort()) {
      const c = from(s);
      if (c.length > best.length) best = c;
    }
    const chain = [id, ...best];
    memo.set(id, chain);
    return chain;
  };
  let best: string[] = [];
  for (const t of [...plan.tasks].sort((a, b) => a.id.localeCompare(b.id))) {
    const c = from(t.id);
    if (c.length > best.length) best = c;
  }
  return best;
}

/** A minimal Cloud-shaped issue. */
function issue(key: string, fields: Partial<JiraIssue['fields']> = {}, properties?: Record<string, unknown>): JiraIssue {
  return {
    key,
    fields: { summary: `summary of ${key}`, status: { name: 'To Do', statusCategory: { key: 'new' } }, issuetype: { name: 'Story' }, issuelinks: [], ...fields },
    ...(properties ? { properties } : {}),
  };
}
const blocks = (id: string, target: string): IssueLink => ({ id, type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: target } });
const blockedBy = (id: string, source: string, status = 'new'): IssueLink => ({
  id,
  type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  inwardIssue: { key: source, fields: { summary: `stub ${source}`, status: { statusCategory: { key: status } }, issuetype: { name: 'Task' } } },
});

describe('planFromJira', () => {
  it('rejects input that is not a list of issues, and a start that is not a date', () => {
    expect(() => planFromJira({} as never, DEFAULT_MAPPING_SETTINGS, { start: START })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => planFromJira([{ fields: {} } as never], DEFAULT_MAPPING_SETTINGS, { start: START })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => planFromJira([], DEFAULT_MAPPING_SETTINGS, { start: '2026-02-30' })).toThrow(expect.objectContaining({ code: 'invalid-settings' }));
  });

  describe('the TIMOB archive sample (Jira Server v2, fixtures/jira/SOURCES.md)', () => {
    const issues = load('timob');
    const { plan, warnings, issues: metas } = planFromJira(issues, DEFAULT_MAPPING_SETTINGS, { start: START });

    it('maps to the documented graph: 24 nodes, 27 precedence edges, acyclic', () => {
      expect(plan.tasks).toHaveLength(24);
      expect(edges(plan)).toHaveLength(27);
      expect(new Set(edges(plan)).size).toBe(27);
      expect(metas.every((m) => !m.external)).toBe(true);
    });

    it('has the documented longest chain', () => {
      expect(longestChain(plan)).toEqual(['TIMOB-13569', 'TIMOB-12869', 'TIMOB-12863', 'TIMOB-12864', 'TIMOB-12867']);
    });

    it('reads each link type with its documented direction and count', () => {
      const only = (name: string) => edges(planFromJira(issues, withDefaults({ linkTypes: DEFAULT_MAPPING_SETTINGS.linkTypes.filter((r) => r.name === name) }), { start: START }).plan);
      expect(only('Depends')).toHaveLength(11);
      expect(only('Blocks')).toHaveLength(8);
      expect(only('Gantt: finish-start')).toHaveLength(5);
      expect(only('Gantt: start-finish')).toHaveLength(3);
      // The literal examples of SOURCES.md.
      expect(only('Blocks')).toContain('TIMOB-18720->TIMOB-18721');
      expect(only('Depends')).toContain('TIMOB-12865->TIMOB-12868');
      expect(only('Gantt: finish-start')).toContain('TIMOB-19796->TIMOB-19842');
      expect(only('Gantt: start-finish')).toContain('TIMOB-26700->TIMOB-26886');
    });

    it('maps status categories (18 resolved issues are done) and carries metadata', () => {
      expect(plan.tasks.filter((t) => t.status === 'done')).toHaveLength(18);
      const t12868 = metas.find((m) => m.key === 'TIMOB-12868')!;
      expect(t12868).toMatchObject({ issueType: 'Sub-task', status: 'todo', parent: 'TIMOB-12143', labels: ['cb-tooling'], estimateSource: 'default', unestimated: true });
      expect(metas.find((m) => m.key === 'TIMOB-18719')!.epic).toBe('TIMOB-18718');
      // Unestimated warning lists the open issues only (done ones cost nothing).
      const unest = warnings.find((w) => w.code === 'unestimated')!;
      expect(unest.issueKeys).toHaveLength(24 - 18);
      expect(warnings.filter((w) => w.code === 'self-link' || w.code === 'duplicate-link')).toEqual([]);
    });
  });

  describe('the SP Cloud issues (full REST v2 responses)', () => {
    const { plan, issues: metas } = planFromJira(load('sp'), DEFAULT_MAPPING_SETTINGS, { start: START });

    it('keeps the Blocks link (SP-14 blocks SP-15) and ignores Cloners', () => {
      expect(edges(plan)).toEqual(['SP-14->SP-15']);
      expect(plan.tasks.map((t) => t.id)).toEqual(['SP-13', 'SP-14', 'SP-15']);
    });

    it('marks the done issues done (0 days in the engine) and SP-15 in progress (its status category is indeterminate)', () => {
      expect(plan.tasks.map((t) => t.status)).toEqual(['done', 'done', 'in-progress']);
      expect(metas.map((m) => m.statusName)).toEqual(['Done', 'Done', 'Selected for Development']);
      const cp = compilePlan(plan);
      expect(Array.from(['SP-13', 'SP-14'], (k) => cp.det[cp.indexOf.get(k)!])).toEqual([0, 0]);
      expect(cp.det[cp.indexOf.get('SP-15')!]).toBeGreaterThan(0);
    });
  });

  it('reports a cycle with the keys in order', () => {
    const input = [issue('A', { issuelinks: [blocks('1', 'B')] }), issue('B', { issuelinks: [blocks('2', 'C')] }), issue('C', { issuelinks: [blocks('3', 'A')] })];
    let err: unknown;
    try {
      planFromJira(input, DEFAULT_MAPPING_SETTINGS, { start: START });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MappingError);
    expect((err as MappingError).code).toBe('cycle');
    expect((err as MappingError).issueKeys).toEqual(['A', 'B', 'C', 'A']);
  });

  it('ignores self-links and duplicate links with warnings, and merges a link seen from both ends silently', () => {
    const input = [
      issue('A', { issuelinks: [blocks('1', 'B'), blocks('9', 'A'), blocks('2', 'B')] }),
      issue('B', { issuelinks: [blockedBy('1', 'A'), { id: '3', type: { name: 'Depends', inward: 'is dependent of', outward: 'depends on' }, outwardIssue: { key: 'A' } }] }),
    ];
    const { plan, warnings } = planFromJira(input, DEFAULT_MAPPING_SETTINGS, { start: START });
    expect(edges(plan)).toEqual(['A->B']);
    expect(warnings.filter((w) => w.code === 'self-link').map((w) => w.issueKeys)).toEqual([['A']]);
    expect(warnings.filter((w) => w.code === 'duplicate-link').map((w) => w.issueKeys)).toEqual([['A', 'B']]);
  });

  it('turns out-of-scope predecessors into external tasks: fetched, or from the link stub; done ones take 0 days', () => {
    const input = [issue('IN-1', { issuelinks: [blockedBy('1', 'EXT-DONE', 'done'), blockedBy('2', 'EXT-OPEN'), blockedBy('3', 'EXT-FETCHED'), blocks('4', 'OUT-SUCC')] })];
    const fetched = issue('EXT-FETCHED', {}, { 'converge.estimate': { optimistic: 2, mostLikely: 4, pessimistic: 9, distribution: 'triangular' } });
    const { plan, warnings, issues } = planFromJira(input, DEFAULT_MAPPING_SETTINGS, { start: START, externals: [fetched] });
    expect(plan.tasks.map((t) => t.id)).toEqual(['IN-1', 'EXT-DONE', 'EXT-OPEN', 'EXT-FETCHED']);
    expect(plan.tasks[0].after).toEqual(['EXT-DONE', 'EXT-OPEN', 'EXT-FETCHED']);
    expect(plan.tasks[1].status).toBe('done');
    expect(plan.tasks[3].duration).toEqual({ optimistic: 2, mostLikely: 4, pessimistic: 9, distribution: 'triangular' });
    expect(issues.filter((m) => m.external).map((m) => m.key)).toEqual(['EXT-DONE', 'EXT-OPEN', 'EXT-FETCHED']);
    expect(warnings.find((w) => w.code === 'external-not-fetched')!.issueKeys).toEqual(['EXT-OPEN']);
  });

  it('puts a parent after its children, with its own estimate or 0 days, and its blockers before the children', () => {
    const input = [
      issue('EPIC', { issuetype: { name: 'Epic' }, issuelinks: [blockedBy('1', 'GATE')] }),
      issue('GATE'),
      issue('S-1', { parent: { key: 'EPIC', fields: { issuetype: { name: 'Epic' } } } }),
      issue('S-2', { parent: { key: 'EPIC' } }),
      issue('P', { subtasks: [{ key: 'P-1' }] }, { 'converge.estimate': { optimistic: 1, mostLikely: 1, pessimistic: 1, distribution: 'fixed' } }),
      issue('P-1', { issuetype: { name: 'Sub-task' } }),
    ];
    const { plan, issues } = planFromJira(input, DEFAULT_MAPPING_SETTINGS, { start: START });
    expect(edges(plan)).toEqual(['GATE->EPIC', 'GATE->S-1', 'GATE->S-2', 'P-1->P', 'S-1->EPIC', 'S-2->EPIC'].sort());
    const epic = plan.tasks.find((t) => t.id === 'EPIC')!;
    expect(epic.duration.mostLikely).toBe(0);
    expect(issues.find((m) => m.key === 'EPIC')).toMatchObject({ estimateSource: 'children', unestimated: false });
    expect(issues.find((m) => m.key === 'S-1')!.epic).toBe('EPIC');
    expect(plan.tasks.find((t) => t.id === 'P')!.duration.mostLikely).toBe(1);
  });

  describe('estimates: property > fields > time tracking > story points > default', () => {
    const settings: MappingSettings = withDefaults({
      estimateFields: { optimistic: 'cf_o', mostLikely: 'cf_m', pessimistic: 'cf_p', storyPoints: 'cf_sp', startDate: 'cf_start', dataAvailable: 'cf_data', team: 'cf_team' },
      daysPerStoryPoint: 0.5,
    });
    const property = { 'converge.estimate': { optimistic: 3, mostLikely: 5, pessimistic: 20, distribution: 'lognormal', successProbability: 0.6, maxAttempts: 4 } };
    const all = { cf_o: 1, cf_m: 2, cf_p: 6, timetracking: { originalEstimateSeconds: 4 * 8 * 3600 }, cf_sp: 8 };
    const map = (fields: Record<string, unknown>, props?: Record<string, unknown>) =>
      planFromJira([issue('X', fields, props)], settings, { start: START });

    it('prefers the issue property (with retry odds)', () => {
      const r = map(all, property);
      expect(r.plan.tasks[0].duration).toEqual({ optimistic: 3, mostLikely: 5, pessimistic: 20, distribution: 'lognormal' });
      expect(r.plan.tasks[0].attempts).toEqual({ successProbability: 0.6, maxAttempts: 4 });
      expect(r.issues[0].estimateSource).toBe('property');
    });

    it('falls through a malformed property with a warning naming the issue', () => {
      const r = map(all, { 'converge.estimate': { optimistic: 9, mostLikely: 5, pessimistic: 20 } });
      expect(r.warnings.filter((w) => w.code === 'malformed-estimate').map((w) => w.issueKeys)).toEqual([['X']]);
      expect(r.issues[0].estimateSource).toBe('field');
      expect(r.plan.tasks[0].duration).toEqual({ optimistic: 1, mostLikely: 2, pessimistic: 6, distribution: 'pert' });
    });

    it('then time tracking at 8 h a day with the default spread (0.75x, 1.5x)', () => {
      const { cf_m: _m, ...noFields } = all;
      const r = map(noFields);
      expect(r.issues[0].estimateSource).toBe('timetracking');
      expect(r.plan.tasks[0].duration).toEqual({ optimistic: 3, mostLikely: 4, pessimistic: 6, distribution: 'pert' });
    });

    it('then story points x days per point, then the type default (flagged unestimated)', () => {
      const r = map({ cf_sp: 8 });
      expect(r.issues[0].estimateSource).toBe('story-points');
      expect(r.plan.tasks[0].duration.mostLikely).toBe(4);
      const d = map({});
      expect(d.issues[0]).toMatchObject({ estimateSource: 'default', unestimated: true });
      expect(d.plan.tasks[0].duration).toEqual(DEFAULT_MAPPING_SETTINGS.defaultEstimates.Story);
      expect(d.warnings.find((w) => w.code === 'unestimated')!.issueKeys).toEqual(['X']);
    });

    it('gives in-progress work its remaining time-tracking estimate', () => {
      const r = map({ status: { statusCategory: { key: 'indeterminate' } }, timetracking: { originalEstimateSeconds: 10 * 8 * 3600, remainingEstimateSeconds: 2 * 8 * 3600 } });
      expect(r.plan.tasks[0].status).toBe('in-progress');
      expect(r.plan.tasks[0].duration.mostLikely).toBe(10);
      expect(r.plan.tasks[0].remaining).toEqual({ optimistic: 1.5, mostLikely: 2, pessimistic: 3, distribution: 'pert' });
    });

    it('lets a parent\'s start date hold for its children', () => {
      const r = planFromJira(
        [issue('E', { issuetype: { name: 'Epic' }, cf_start: '2026-04-01' }), issue('C', { parent: { key: 'E' }, cf_start: '2026-03-05' }), issue('D', { parent: { key: 'E' }, cf_start: '2026-05-01' })],
        settings,
        { start: START },
      );
      expect(r.plan.tasks.map((t) => t.notBefore)).toEqual(['2026-04-01', '2026-04-01', '2026-05-01']);
    });

    it('maps due date, the later of start / data-available to notBefore, team, and warns on a bad date', () => {
      const r = map({ duedate: '2026-04-30', cf_start: '2026-03-10', cf_data: '2026-03-16T09:00:00.000+0000', cf_team: { value: 'Vision' } });
      expect(r.plan.tasks[0]).toMatchObject({ due: '2026-04-30', notBefore: '2026-03-16' });
      expect(r.issues[0].team).toBe('Vision');
      const bad = map({ duedate: 'soon' });
      expect(bad.warnings.map((w) => w.code)).toContain('invalid-date');
      expect(bad.plan.tasks[0].due).toBeUndefined();
    });
  });

  it('assigns resource pools by label or field, capped at capacity with a warning', () => {
    const settings = withDefaults({ resources: [{ id: 'gpu', capacity: 8, match: { labels: ['gpu'], field: 'cf_gpus', units: 2 } }] });
    const { plan, warnings } = planFromJira(
      [issue('A', { labels: ['gpu'] }), issue('B', { cf_gpus: 16 }), issue('C')],
      settings,
      { start: START },
    );
    expect(plan.resources).toEqual([{ id: 'gpu', capacity: 8 }]);
    expect(plan.tasks.map((t) => t.demand)).toEqual([{ gpu: 2 }, { gpu: 8 }, {}]);
    expect(warnings.find((w) => w.code === 'demand-exceeds-capacity')!.issueKeys).toEqual(['B']);
  });

  it('warns once about a repeated issue key and keeps the first', () => {
    const { plan, warnings } = planFromJira([issue('A'), issue('A', { summary: 'again' })], DEFAULT_MAPPING_SETTINGS, { start: START });
    expect(plan.tasks.map((t) => t.name)).toEqual(['summary of A']);
    expect(warnings.map((w) => w.code)).toContain('duplicate-issue');
  });
});

describe('shared types', () => {
  it('accepts the resolvers\' stored Settings as MappingSettings and IssueMeta as an IssueSummary (checked by tsc)', () => {
    const asMapping = (s: Settings): MappingSettings => s;
    const asSummary = (m: IssueMeta): IssueSummary => m;
    expect(typeof asMapping).toBe('function');
    expect(typeof asSummary).toBe('function');
  });
});
