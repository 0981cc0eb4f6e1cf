/**
 * The embedded sample Jira site: deterministic, about 150 issues, referentially
 * intact, an acyclic precedence graph, and six months of history whose dates,
 * statuses, changelogs and sprints agree with each other.
 */
import { sampleSite, SAMPLE_TODAY, ESTIMATE_PROPERTY } from '../../src/local/sample-site';
import type { SampleSite, SampleIssue } from '../../src/local/sample-site';

const site = sampleSite();
const byKey = new Map(site.issues.map((i) => [i.key, i]));
const statusCategory = (i: SampleIssue) => site.statuses.find((s) => s.name === i.status)!.category;
const ms = (t: string) => Date.parse(t);

/** Precedence edges (predecessor -> successor) as the app's default mapping reads them. */
function precedence(s: SampleSite): Array<[string, string]> {
  return s.links.flatMap((l): Array<[string, string]> =>
    l.type === 'Blocks' ? [[l.outward, l.inward]] : l.type === 'Depends' ? [[l.inward, l.outward]] : []);
}

describe('sampleSite', () => {
  it('rejects a today that is not a calendar date', () => {
    expect(() => sampleSite({ today: '2027-02-30' })).toThrow(/calendar date/);
    expect(() => sampleSite({ today: 'next monday' })).toThrow(/YYYY-MM-DD/);
  });

  it('is deterministic and defaults to the fixed sample today', () => {
    expect(site.today).toBe(SAMPLE_TODAY);
    expect(site.now).toBe('2027-01-11T12:00:00.000Z');
    expect(JSON.stringify(sampleSite())).toBe(JSON.stringify(site));
  });

  it('holds about 150 issues in three projects with the issue types and status categories the app cares about', () => {
    expect(site.issues.length).toBeGreaterThanOrEqual(140);
    expect(site.issues.length).toBeLessThanOrEqual(170);
    expect(site.projects.map((p) => p.key)).toEqual(['FRAUD', 'LLM', 'PLAT']);
    const types = new Set(site.issues.map((i) => i.issueType));
    for (const t of ['Epic', 'Story', 'Task', 'Sub-task', 'Bug', 'Training Run', 'Review Gate']) expect(types).toContain(t);
    for (const p of site.projects) {
      const cats = new Set(site.issues.filter((i) => i.projectKey === p.key).map(statusCategory));
      expect([...cats].sort()).toEqual(['done', 'indeterminate', 'new']);
    }
    const labels = new Set(site.issues.flatMap((i) => i.labels));
    for (const l of ['gpu:a100', 'gpu:h100', 'training', 'gate:bias-audit']) expect(labels).toContain(l);
  });

  it('has unique ids and keys, keys numbered per project in creation order, and ids in creation order', () => {
    expect(new Set(site.issues.map((i) => i.id)).size).toBe(site.issues.length);
    expect(byKey.size).toBe(site.issues.length);
    const sorted = [...site.issues].sort((a, b) => Number(a.id) - Number(b.id));
    for (let k = 1; k < sorted.length; k++) expect(ms(sorted[k].created)).toBeGreaterThanOrEqual(ms(sorted[k - 1].created));
  });

  it('only refers to things that exist: link ends, parents, assignees, teams, sprints, types, statuses', () => {
    const accounts = new Set(site.users.map((u) => u.accountId));
    const teams = new Set(site.teams.map((t) => t.id));
    const sprints = new Map(site.sprints.map((s) => [s.id, s]));
    const boards = new Map(site.boards.map((b) => [b.id, b]));
    for (const l of site.links) {
      expect(byKey.has(l.outward)).toBe(true);
      expect(byKey.has(l.inward)).toBe(true);
      expect(l.outward).not.toBe(l.inward);
      expect(site.linkTypes.map((t) => t.name)).toContain(l.type);
    }
    for (const i of site.issues) {
      expect(site.issueTypes.map((t) => t.name)).toContain(i.issueType);
      expect(site.statuses.map((s) => s.name)).toContain(i.status);
      if (i.issueType === 'Epic') expect(i.parent).toBeNull();
      else {
        const parent = byKey.get(i.parent!)!;
        expect(parent).toBeDefined();
        expect(parent.issueType).toBe(i.issueType === 'Sub-task' ? parent.issueType : 'Epic');
        if (i.issueType === 'Sub-task') expect(parent.issueType).not.toBe('Epic');
      }
      if (i.assignee) expect(accounts.has(i.assignee)).toBe(true);
      expect(accounts.has(i.reporter)).toBe(true);
      if (i.team) expect(teams.has(i.team)).toBe(true);
      for (const id of i.sprints) expect(boards.get(sprints.get(id)!.boardId)!.projectKey).toBe(i.projectKey);
    }
  });

  it('has an acyclic precedence graph over Blocks and Depends, with cross-project dependencies', () => {
    const edges = precedence(site);
    const indeg = new Map(site.issues.map((i) => [i.key, 0]));
    const succ = new Map<string, string[]>();
    for (const [a, b] of edges) { indeg.set(b, indeg.get(b)! + 1); succ.set(a, [...(succ.get(a) ?? []), b]); }
    const queue = [...indeg].filter(([, d]) => d === 0).map(([k]) => k);
    let seen = 0;
    while (queue.length) {
      const k = queue.pop()!;
      seen++;
      for (const s of succ.get(k) ?? []) { indeg.set(s, indeg.get(s)! - 1); if (indeg.get(s) === 0) queue.push(s); }
    }
    expect(seen).toBe(site.issues.length);
    expect(site.links.filter((l) => l.type === 'Blocks').length).toBeGreaterThan(site.links.filter((l) => l.type === 'Depends').length);
    expect(site.links.some((l) => l.type === 'Depends')).toBe(true);
    const cross = edges.filter(([a, b]) => byKey.get(a)!.projectKey !== byKey.get(b)!.projectKey);
    expect(cross.length).toBeGreaterThanOrEqual(4);
    // FRAUD's full training run waits for the PLAT A100 expansion.
    const full = site.issues.find((i) => i.summary.startsWith('Full training run'))!;
    const burnIn = site.issues.find((i) => i.summary.startsWith('A100 pool expansion'))!;
    expect(edges).toContainEqual([burnIn.key, full.key]);
  });

  it('never starts work before its predecessors are resolved', () => {
    const firstStart = (i: SampleIssue) => i.changelog.find((h) => h.items.some((it) => it.field === 'status' && it.fromString === 'To Do'));
    for (const [a, b] of precedence(site)) {
      const succ = byKey.get(b)!;
      const started = firstStart(succ);
      if (!started) continue;
      const pred = byKey.get(a)!;
      expect({ pred: a, status: pred.status }).toEqual({ pred: a, status: 'Done' });
      expect(ms(pred.resolutiondate!)).toBeLessThanOrEqual(ms(started.created));
    }
  });

  it('keeps every issue consistent with its changelog, and every resolved one resolved at its last transition', () => {
    const now = ms(site.now);
    for (const i of site.issues) {
      const created = ms(i.created);
      expect(created).toBeLessThan(now);
      let at = created;
      let status = 'To Do';
      for (const h of i.changelog) {
        expect(ms(h.created)).toBeGreaterThan(at);
        at = ms(h.created);
        for (const it of h.items.filter((x) => x.field === 'status')) {
          expect(it.fromString).toBe(status);
          expect(it.from).toBe(site.statuses.find((s) => s.name === it.fromString)!.id);
          expect(it.to).toBe(site.statuses.find((s) => s.name === it.toString)!.id);
          status = it.toString!;
        }
      }
      expect(at).toBeLessThan(now);
      expect(status).toBe(i.status);
      expect(ms(i.updated)).toBe(at);
      const done = statusCategory(i) === 'done';
      expect(i.resolution !== null).toBe(done);
      expect(i.resolutiondate !== null).toBe(done);
      if (done) {
        const last = i.changelog[i.changelog.length - 1];
        expect(last.created).toBe(i.resolutiondate);
        expect(last.items.map((x) => x.field).sort()).toEqual(['resolution', 'status']);
      }
      if (i.changelog.length) expect(i.statuscategorychangedate).toBe(i.changelog[i.changelog.length - 1].created);
    }
    // Six months of history.
    const first = Math.min(...site.issues.map((i) => ms(i.created)));
    expect((now - first) / 86_400_000).toBeGreaterThan(170);
  });

  it('gives sub-tasks and epics the status their children imply', () => {
    for (const epic of site.issues.filter((i) => i.issueType === 'Epic')) {
      const kids = site.issues.filter((i) => i.parent === epic.key);
      expect(kids.length).toBeGreaterThan(0);
      const cats = kids.map(statusCategory);
      const want = cats.every((c) => c === 'done') ? 'done' : cats.every((c) => c === 'new') ? 'new' : 'indeterminate';
      expect({ epic: epic.key, cat: statusCategory(epic) }).toEqual({ epic: epic.key, cat: want });
      expect(epic.duedate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('stores valid estimates: the converge.estimate property on about half the work items, story points or time tracking on others', () => {
    const work = site.issues.filter((i) => i.issueType !== 'Epic' && i.issueType !== 'Sub-task');
    const withProp = work.filter((i) => ESTIMATE_PROPERTY in i.properties);
    expect(withProp.length / work.length).toBeGreaterThan(0.35);
    expect(withProp.length / work.length).toBeLessThan(0.65);
    for (const i of withProp) {
      const e = i.properties[ESTIMATE_PROPERTY] as Record<string, unknown>;
      expect(['pert', 'triangular', 'uniform', 'lognormal', 'fixed']).toContain(e.distribution);
      const [o, m, p] = [e.optimistic, e.mostLikely, e.pessimistic] as number[];
      expect(o).toBeGreaterThan(0);
      expect(o).toBeLessThanOrEqual(m);
      expect(m).toBeLessThanOrEqual(p);
      if (e.successProbability !== undefined) {
        expect(e.successProbability).toBeGreaterThan(0);
        expect(e.successProbability).toBeLessThanOrEqual(1);
        expect(Number.isInteger(e.maxAttempts) && (e.maxAttempts as number) >= 1).toBe(true);
      }
    }
    expect(withProp.some((i) => i.issueType === 'Training Run' && (i.properties[ESTIMATE_PROPERTY] as { successProbability?: number }).successProbability)).toBe(true);
    expect(work.filter((i) => i.storyPoints !== null && !(ESTIMATE_PROPERTY in i.properties)).length).toBeGreaterThan(20);
    for (const i of site.issues.filter((x) => x.timetracking)) {
      const t = i.timetracking!;
      expect(t.originalEstimateSeconds).toBeGreaterThan(0);
      expect(t.remainingEstimateSeconds).toBeGreaterThanOrEqual(0);
      if (statusCategory(i) === 'done') expect(t.remainingEstimateSeconds).toBe(0);
      if (statusCategory(i) === 'new') expect(t.timeSpentSeconds).toBe(0);
    }
    expect(site.issues.filter((i) => i.timetracking).length).toBeGreaterThan(10);
  });

  it('has dated fields: data-available dates on deliveries, start-date windows, due dates on milestones', () => {
    const deliveries = site.issues.filter((i) => i.labels.includes('data-delivery'));
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    for (const d of deliveries) expect(d.dataAvailable).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(deliveries.some((d) => d.dataAvailable! > site.today)).toBe(true);
    const prod = site.issues.find((i) => i.summary.startsWith('Production deployment'))!;
    expect(prod.startDate).toBe('2027-03-15');
    expect(prod.duedate).toBe('2027-03-19');
  });

  it('has a board per project with closed, one active and future sprints; the active one spans now', () => {
    for (const b of site.boards) {
      const sprints = site.sprints.filter((s) => s.boardId === b.id);
      expect(sprints.filter((s) => s.state === 'active')).toHaveLength(1);
      expect(sprints.filter((s) => s.state === 'future').length).toBeGreaterThanOrEqual(1);
      expect(sprints.filter((s) => s.state === 'closed').length).toBeGreaterThanOrEqual(5);
      const active = sprints.find((s) => s.state === 'active')!;
      expect(ms(active.startDate!)).toBeLessThanOrEqual(ms(site.now));
      expect(ms(active.endDate!)).toBeGreaterThanOrEqual(ms(site.now));
      for (const s of sprints.filter((x) => x.state === 'closed')) expect(ms(s.completeDate!)).toBeLessThan(ms(site.now));
    }
    expect(site.issues.filter((i) => i.sprints.length > 1).length).toBeGreaterThan(10);
  });

  it('moves to another today without changing the program', () => {
    const later = sampleSite({ today: '2027-06-02' });
    expect(later.issues.map((i) => [i.key, i.summary])).toEqual(site.issues.map((i) => [i.key, i.summary]));
    expect(later.links).toEqual(site.links);
    expect(later.now).toBe('2027-06-02T12:00:00.000Z');
    const shift = (ms(later.now) - ms(site.now)) / 86_400_000;
    const d = (ms(later.issues[0].created) - ms(site.issues[0].created)) / 86_400_000;
    expect(Math.abs(d - shift)).toBeLessThan(7);
    for (const i of later.issues) for (const h of i.changelog) expect(ms(h.created)).toBeLessThan(ms(later.now));
  });
});
