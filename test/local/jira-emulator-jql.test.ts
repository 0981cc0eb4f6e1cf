/** The emulator's JQL subset: parse trees, Jira-style syntax errors, and evaluation details. */
import { parseJql, compileJql, JqlError } from '../../src/local/jira-emulator';
import { indexSite } from '../../src/local/jira-emulator/site-index';
import { sampleSite } from '../../src/local/sample-site';

const site = sampleSite();
const ix = indexSite(site);
const run = (jql: string) => {
  const c = compileJql(parseJql(jql), ix, site.currentUser);
  return ix.ordered.filter((i) => c.match(i)).sort((a, b) => c.compare(a, b)).map((i) => i.key);
};

describe('parseJql', () => {
  it('rejects malformed queries with JqlError (code jql-invalid)', () => {
    for (const bad of ['project =', 'project = FRAUD AND', '(project = FRAUD', 'project FRAUD', 'labels in a, b', 'summary ~ "open',
      'project = FRAUD ORDER key', 'project = FRAUD ORDER BY', 'status IS Done', 'AND project = X']) {
      let err: unknown;
      try { parseJql(bad); } catch (e) { err = e; }
      expect({ bad, err: err instanceof JqlError && (err as JqlError).code }).toEqual({ bad, err: 'jql-invalid' });
    }
  });

  it('parses AND/OR precedence, NOT, lists, functions and ORDER BY', () => {
    const q = parseJql('project in (A, "B C") AND NOT status = Done OR sprint in openSprints() order by rank, key DESC');
    expect(q.where!.kind).toBe('or');
    expect(q.orderBy).toEqual([{ field: 'rank', direction: 'asc' }, { field: 'key', direction: 'desc' }]);
    const and = (q.where as { children: Array<{ kind: string }> }).children[0];
    expect(and.kind).toBe('and');
    expect(parseJql('resolution IS EMPTY').where).toEqual({ kind: 'clause', field: 'resolution', op: 'is', values: [{ kind: 'empty' }] });
    expect(parseJql('"Story Points" >= 5').where).toMatchObject({ field: 'Story Points', op: '>=' });
  });
});

describe('compileJql', () => {
  it('rejects unknown fields, unknown values and unsupported operators', () => {
    for (const bad of ['foo = 1', 'project = NOPE', 'issuetype = Saga', 'status = Shipped', 'key = FRAUD-9999', 'key = not-a-key',
      'labels > 1', 'project ~ x', 'created >= yesterday', 'sprint in nosuchFunction()']) {
      expect(() => run(bad)).toThrow(JqlError);
    }
  });

  it('treats negative clauses like Jira: empty fields never match != or NOT IN', () => {
    const noLabels = site.issues.filter((i) => i.labels.length === 0).map((i) => i.key);
    const notTraining = run('project in (FRAUD, LLM, PLAT) AND labels != training');
    for (const k of noLabels) expect(notTraining).not.toContain(k);
    expect(run('labels IS EMPTY').sort()).toEqual([...noLabels].sort());
  });

  it('understands Unresolved, relative dates, date functions, numbers and sprint functions', () => {
    expect(run('resolution = Unresolved')).toEqual(run('resolution IS EMPTY'));
    expect(run('resolved >= -4w')).toEqual(run('resolved >= -28d'));
    expect(run('created <= now()').length).toBe(site.issues.length);
    expect(run('created > startOfDay()')).toEqual([]);
    expect(run('"Story Points" >= 8').every((k) => (ix.issueByKey.get(k)!.storyPoints ?? 0) >= 8)).toBe(true);
    const open = new Set(site.sprints.filter((s) => s.state !== 'closed').map((s) => s.id));
    expect(run('sprint in openSprints()').sort()).toEqual(site.issues.filter((i) => i.sprints.some((s) => open.has(s))).map((i) => i.key).sort());
    expect(run('assignee = currentUser()')).toEqual(site.issues.filter((i) => i.assignee === site.currentUser).map((i) => i.key).sort());
    expect(run('summary ~ "training run"').length).toBeGreaterThan(0);
  });

  it('sorts by rank, by key descending and puts empty values last', () => {
    const byRank = run('project = FRAUD ORDER BY rank');
    const ranks = byRank.map((k) => ix.issueByKey.get(k)!.rank);
    expect(ranks).toEqual([...ranks].sort());
    const due = run('project = FRAUD ORDER BY duedate DESC');
    const firstEmpty = due.findIndex((k) => !ix.issueByKey.get(k)!.duedate);
    expect(due.slice(firstEmpty).every((k) => !ix.issueByKey.get(k)!.duedate)).toBe(true);
  });
});
