import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFromJiraExport, todayIso } from '../../src/jira/plan-from-jira-export';
import { compilePlan } from '../../src/engine/compile-plan';

const dir = join(__dirname, '..', 'fixtures', 'jira', 'timob');
const timob = readdirSync(dir).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

describe('planFromJiraExport', () => {
  it('rejects JSON that is not a Jira export', () => {
    for (const bad of [null, 42, 'x', { foo: [] }]) {
      const r = planFromJiraExport(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0].code).toBe('not-an-object');
    }
    const r = planFromJiraExport([{ nokey: true }]);
    expect(r.ok).toBe(false);
  });

  it('reads an array of v2 issues into a validated plan the engine compiles', () => {
    const r = planFromJiraExport(timob, undefined, { start: '2026-03-02' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.tasks).toHaveLength(24);
    expect(r.plan.tasks.reduce((n, t) => n + t.after.length, 0)).toBe(27);
    expect(compilePlan(r.plan).n).toBe(24);
    expect(r.warnings.some((w) => w.startsWith('unestimated:'))).toBe(true);
  });

  it('reads a saved search response {"issues": [...]} and defaults start to today', () => {
    const r = planFromJiraExport({ isLast: true, issues: timob.slice(0, 3) });
    expect(r.ok && r.plan.start).toBe(todayIso());
  });

  it('reports a cycle as a PlanIssue with the keys in order', () => {
    const link = (id: string, target: string) => ({ id, type: { name: 'Depends', inward: 'is dependent of', outward: 'depends on' }, outwardIssue: { key: target } });
    const issue = (key: string, dep: string, id: string) => ({ key, fields: { summary: key, status: { statusCategory: { key: 'new' } }, issuelinks: [link(id, dep)] } });
    // X depends on Y, Y depends on X: each precedes the other.
    const r = planFromJiraExport([issue('X-1', 'X-2', '1'), issue('X-2', 'X-1', '2')], undefined, { start: '2026-03-02' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'cycle', task: 'X-1' });
    expect(r.issues[0].message).toContain('X-1 -> X-2 -> X-1');
  });
});
