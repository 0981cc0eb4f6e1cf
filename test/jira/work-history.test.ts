import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpMethod, JiraClient, RequestOptions } from '../../src/jira/jira-client';
import type { JiraPath } from '../../src/jira/jira-path';
import { withDefaults } from '../../src/jira/mapping-settings';
import type { ChangeHistory } from '../../src/jira/bulk-changelog';
import {
  completedWorkFromIssues, expectedAttempts, fetchCompletedWork, historyIssues, issuesAsOf, parseInstant, resolvedJql, statusCategoryIndex,
  statusTimeline, workingDaysBetween, type IssueWithHistory,
} from '../../src/jira/work-history';
import { WorkingCalendar } from '../../src/engine/working-calendar';

const sp = (key: string): IssueWithHistory => JSON.parse(readFileSync(join(__dirname, '../fixtures/jira/sp', `${key}.json`), 'utf8'));
const settings = withDefaults({ estimateFields: { storyPoints: 'customfield_10036' } });
const calendar = { workdays: [1, 2, 3, 4, 5], holidays: [] };

function issue(key: string, histories: ChangeHistory[], over: Record<string, unknown> = {}): IssueWithHistory {
  return {
    id: key.replace(/\D/g, ''),
    key,
    fields: {
      issuetype: { name: 'Story' },
      status: { id: '3', name: 'Done', statusCategory: { key: 'done' } },
      created: '2024-01-01T09:00:00.000+0000',
      resolutiondate: null,
      ...over,
    },
    changelog: { histories },
  };
}
const move = (created: string, from: [string, string], to: [string, string]): ChangeHistory => ({
  id: created, created, items: [{ field: 'status', fieldId: 'status', from: from[0], fromString: from[1], to: to[0], toString: to[1] }],
});
const TODO: [string, string] = ['1', 'To Do'], PROG: [string, string] = ['2', 'In Progress'], DONE: [string, string] = ['3', 'Done'];

describe('work history', () => {
  it('rejects what is not a history export; unreadable timestamps are undefined', () => {
    expect(historyIssues({ nope: 1 })).toBeUndefined();
    expect(historyIssues('x')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
    expect(parseInstant('2024-02-30T00:00:00Z')).toBeUndefined();
  });

  it('reads Jira timestamps in their own offset', () => {
    const t = parseInstant('2022-04-19T01:31:30.710+0000')!;
    expect(t.date).toBe('2022-04-19');
    expect(t.fraction).toBeCloseTo((1 * 3600 + 31 * 60 + 30.71) / 86400, 12);
    const local = parseInstant('2024-01-05T17:00:00.000-0800')!;
    expect(local.date).toBe('2024-01-05');
    expect(local.ms).toBe(Date.UTC(2024, 0, 6, 1, 0, 0));
    expect(parseInstant(1650332851)!.ms).toBe(1650332851000);
  });

  it('counts working time only on working days', () => {
    const cal = new WorkingCalendar('2000-01-03', calendar);
    // Friday 12:00 -> Monday 12:00 (2024-01-05 is a Friday): half of Friday + half of Monday.
    expect(workingDaysBetween(cal, parseInstant('2024-01-05T12:00:00Z')!, parseInstant('2024-01-08T12:00:00Z')!)).toBeCloseTo(1, 12);
    expect(workingDaysBetween(cal, parseInstant('2024-01-06T12:00:00Z')!, parseInstant('2024-01-07T12:00:00Z')!)).toBe(0);
  });

  it('the real SP changelogs: in-progress time and story points at start, hand-checked from the JSON', () => {
    const issues = [sp('SP-13'), sp('SP-14'), sp('SP-15')];
    const { work, warnings } = completedWorkFromIssues(issues, { settings, calendar });
    expect(warnings).toEqual([]);
    // SP-13: Backlog -> Selected for Development (indeterminate, per SP-15's status) at 2022-04-19T01:31:30.710,
    // -> Done at 01:53:42.206 (a Tuesday), cut at resolutiondate 01:53:42.180: 1331.470 s = 0.0154105 working days.
    // Story points 13, set 2022-04-15. SP-14: Backlog -> In Progress at 01:31:32.667, resolved 01:53:07.028: 1294.361 s; 14 points.
    // SP-15 is unresolved: not completed work.
    expect(work).toHaveLength(2);
    expect(work[0]).toMatchObject({ id: 'SP-13', kind: 'Story', estimateDays: 13, resolved: '2022-04-19' });
    expect(work[0].actualDays).toBeCloseTo(1331.47 / 86400, 9);
    expect(work[1]).toMatchObject({ id: 'SP-14', kind: 'Story', estimateDays: 14, resolved: '2022-04-19' });
    expect(work[1].actualDays).toBeCloseTo(1294.361 / 86400, 9);
  });

  it('sums a reopened issue\'s stints and cuts at the resolution', () => {
    const x = issue('A-1', [
      move('2024-01-02T00:00:00.000+0000', TODO, PROG), // Tue
      move('2024-01-04T00:00:00.000+0000', PROG, DONE), // Thu: 2 days
      move('2024-01-08T00:00:00.000+0000', DONE, PROG), // Mon
      move('2024-01-09T12:00:00.000+0000', PROG, DONE), // Tue noon: 1.5 days
    ], { resolutiondate: '2024-01-09T12:00:00.000+0000' });
    const { work } = completedWorkFromIssues([x], { settings, calendar });
    expect(work[0].actualDays).toBeCloseTo(3.5, 12);
    expect(work[0].estimateDays).toBeUndefined();
  });

  it('unknown statuses: overrides, then names; never in progress is skipped with a warning', () => {
    const flow = (key: string) => issue(key, [
      move('2024-01-02T00:00:00.000+0000', TODO, ['9', 'Peer Review']),
      move('2024-01-03T00:00:00.000+0000', ['9', 'Peer Review'], DONE),
    ]);
    // 'Peer Review' is unknown: assumed in progress (1 day).
    expect(completedWorkFromIssues([flow('B-1')], { settings, calendar }).work[0].actualDays).toBeCloseTo(1, 12);
    const r = completedWorkFromIssues([flow('B-2')], { settings, calendar, statusCategories: { 'Peer Review': 'new' } });
    expect(r.work).toEqual([]);
    expect(r.warnings[0]).toMatch(/^never-in-progress: 1 .*B-2/);
  });

  it('the estimate at start comes from the changelog (time tracking seconds)', () => {
    const x = issue('C-1', [
      { id: 'e1', created: '2024-01-01T10:00:00.000+0000', items: [{ field: 'timeoriginalestimate', fieldId: 'timeoriginalestimate', from: null, fromString: null, to: '57600', toString: '16h' }] },
      move('2024-01-02T00:00:00.000+0000', TODO, PROG),
      { id: 'e2', created: '2024-01-03T10:00:00.000+0000', items: [{ field: 'timeoriginalestimate', fieldId: 'timeoriginalestimate', from: '57600', fromString: '16h', to: '115200', toString: '32h' }] },
      move('2024-01-04T00:00:00.000+0000', PROG, DONE),
    ], { timeoriginalestimate: 115200 });
    // 57,600 s / (8 h x 3600) = 2 days when work started; 4 days now.
    expect(completedWorkFromIssues([x], { settings, calendar }).work[0]).toMatchObject({ estimateDays: 2, actualDays: 2 });
  });

  it('rewinds issues to a past date', () => {
    const x = issue('D-1', [
      move('2024-01-02T09:00:00.000+0000', TODO, PROG),
      { id: 'sp', created: '2024-01-02T10:00:00.000+0000', items: [{ field: 'Story Points', fieldId: 'customfield_10036', from: null, fromString: '3', to: null, toString: '5' }] },
      move('2024-01-05T09:00:00.000+0000', PROG, DONE),
    ], { resolutiondate: '2024-01-05T09:00:00.000+0000', customfield_10036: 5 });
    const later = issue('D-2', [], { created: '2024-01-10T00:00:00.000+0000' });
    const index = statusCategoryIndex([x]);
    expect(statusTimeline(x, index).map((s) => s.category)).toEqual(['new', 'indeterminate', 'done']);
    const [asOf, ...rest] = issuesAsOf([x, later], '2024-01-01', settings);
    expect(rest).toEqual([]);
    expect(asOf.fields.status?.statusCategory?.key).toBe('new');
    expect(asOf.fields.resolutiondate).toBeNull();
    expect(asOf.fields.customfield_10036).toBe(3);
    const mid = issuesAsOf([x], '2024-01-03', settings)[0];
    expect(mid.fields.status?.statusCategory?.key).toBe('indeterminate');
    expect(mid.fields.statuscategorychangedate).toBe('2024-01-02T00:00:00.000+0000');
    expect(mid.fields.customfield_10036).toBe(5);
    expect(x.fields.customfield_10036).toBe(5);
  });

  it('fetchCompletedWork: resolved-only JQL, status list, bulk changelog by issue id', async () => {
    expect(resolvedJql('project = ML ORDER BY rank')).toBe('(project = ML) AND statusCategory = Done ORDER BY rank');
    const calls: Array<{ method: HttpMethod; path: string; opts: RequestOptions }> = [];
    const found = issue('E-7', []);
    const client: JiraClient = {
      async request<T>(method: HttpMethod, path: JiraPath, opts: RequestOptions = {}): Promise<T> {
        calls.push({ method, path: path.text, opts });
        if (path.text.endsWith('/search/jql')) return { issues: [found], isLast: true } as T;
        if (path.text.endsWith('/status')) return [{ id: '2', name: 'In Progress', statusCategory: { key: 'indeterminate' } }] as T;
        return { issueChangeLogs: [{ issueId: '7', changeHistories: [move('2024-01-02T00:00:00.000+0000', TODO, PROG), move('2024-01-03T00:00:00.000+0000', PROG, DONE)] }] } as T;
      },
    };
    const r = await fetchCompletedWork(client, { jql: 'project = E', settings, calendar });
    expect(r.work).toEqual([{ id: 'E-7', kind: 'Story', actualDays: 1, resolved: '2024-01-03' }]);
    expect((calls[0].opts.body as { jql: string }).jql).toBe('(project = E) AND statusCategory = Done ORDER BY resolved DESC');
    expect(calls[2].opts.body).toMatchObject({ issueIdsOrKeys: ['7'], fieldIds: ['status', 'resolution', 'timeoriginalestimate', 'customfield_10036'] });
  });
});

describe('estimates with retry odds', () => {
  it('count their expected total over attempts', () => {
    // p = 0.5, at most 3 attempts: E[K] = (1 - 0.5^3) / 0.5 = 1.75; mostLikely 2 -> 3.5 days expected.
    const x = issue('R-1', [
      move('2024-01-02T00:00:00.000+0000', TODO, PROG),
      move('2024-01-09T00:00:00.000+0000', PROG, DONE),
    ]);
    x.properties = { 'converge.estimate': { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'pert', successProbability: 0.5, maxAttempts: 3 } };
    expect(expectedAttempts({ successProbability: 0.5, maxAttempts: 3 })).toBe(1.75);
    expect(completedWorkFromIssues([x], { settings, calendar }).work[0]).toMatchObject({ estimateDays: 3.5, actualDays: 5 });
  });
});
