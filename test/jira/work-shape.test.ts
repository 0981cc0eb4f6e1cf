import { planFromJira } from '../../src/jira/plan-from-jira';
import { withDefaults } from '../../src/jira/mapping-settings';
import type { IssueLink, JiraIssue } from '../../src/jira/jira-types';

const START = '2027-01-04';
function issue(key: string, fields: Partial<JiraIssue['fields']> = {}): JiraIssue {
  return { key, fields: { summary: key, status: { name: 'To Do', statusCategory: { key: 'new' } }, issuetype: { name: 'Story' }, issuelinks: [], ...fields } };
}
const blocks = (id: string, target: string): IssueLink => ({ id, type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: target } });
const task = (r: ReturnType<typeof planFromJira>, id: string) => r.plan.tasks.find((t) => t.id === id)!;

describe('Jira mapping: the shape of AI work', () => {
  test('an unusable convergence default is a settings error', () => {
    const settings = withDefaults({ convergenceDefaults: [{ labels: ['training'], estimate: { optimistic: 5, mostLikely: 2, pessimistic: 1, distribution: 'pert' } }] });
    expect(() => planFromJira([issue('ML-1', { labels: ['training'] })], settings, { start: START })).toThrow(expect.objectContaining({ code: 'invalid-settings' }));
  });

  test('gate kind from a gate:<kind> label or the Review Gate issue type; deploy and training kinds from types and labels', () => {
    const r = planFromJira([
      issue('G-1', { labels: ['gate:bias-audit'] }),
      issue('G-2', { issuetype: { name: 'Review Gate' } }),
      issue('D-1', { issuetype: { name: 'Deployment' } }),
      issue('T-1', { labels: ['Training'] }),
      issue('S-1'),
      issue('G-3', { labels: ['gate:compliance'] }),
      issue('G-4', { labels: ['gate:launch'] }),
    ], withDefaults(), { start: START });
    // Short aliases of the standard kinds (GATE_KIND_ALIASES); anything else is a custom gate.
    expect(task(r, 'G-3').gate).toEqual({ kind: 'compliance-documentation' });
    expect(task(r, 'G-4').gate).toEqual({ kind: 'custom' });
    expect(task(r, 'G-1')).toMatchObject({ kind: 'gate', gate: { kind: 'bias-audit' }, labels: ['gate:bias-audit'] });
    expect(task(r, 'G-2')).toMatchObject({ kind: 'gate', gate: { kind: 'custom' } });
    expect(task(r, 'D-1').kind).toBe('deploy');
    expect(task(r, 'T-1').kind).toBe('training');
    expect(task(r, 'S-1').kind).toBeUndefined();
  });

  test('convergence-risk defaults by label replace the type default for unestimated issues, with retry odds, flagged assumed', () => {
    const settings = withDefaults({ convergenceDefaults: [{ labels: ['training'], estimate: { optimistic: 2, mostLikely: 4, pessimistic: 12, distribution: 'lognormal', successProbability: 0.6, maxAttempts: 3 } }] });
    const r = planFromJira([issue('ML-1', { labels: ['training'] }), issue('ML-2')], settings, { start: START });
    expect(task(r, 'ML-1')).toMatchObject({ assumed: true, duration: { mostLikely: 4, distribution: 'lognormal' }, attempts: { successProbability: 0.6, maxAttempts: 3 }, meta: { unestimated: true } });
    expect(task(r, 'ML-2').assumed).toBeUndefined();
  });

  test('data availability from a link to an open data-delivery issue: notBefore = the day after its due date', () => {
    const r = planFromJira([
      issue('DATA-1', { issuetype: { name: 'Data Delivery' }, duedate: '2027-01-15', issuelinks: [blocks('1', 'ML-1')] }),
      issue('ML-1'),
      issue('DATA-2', { labels: ['data-delivery'], duedate: '2027-01-20', status: { name: 'Done', statusCategory: { key: 'done' } }, issuelinks: [blocks('2', 'ML-2')] }),
      issue('ML-2'),
    ], withDefaults(), { start: START });
    expect(task(r, 'ML-1').notBefore).toBe('2027-01-16');
    expect(task(r, 'ML-2').notBefore).toBeUndefined(); // delivered already
  });

  test('GPU demand by label mapping still applies to training issues', () => {
    const settings = withDefaults({ resources: [{ id: 'gpu', capacity: 8, match: { labels: ['gpu'], units: 4 } }] });
    const r = planFromJira([issue('ML-1', { labels: ['training', 'gpu'] })], settings, { start: START });
    expect(task(r, 'ML-1')).toMatchObject({ kind: 'training', demand: { gpu: 4 } });
  });
});

test('a --jira export keeps kinds, gates, labels and assumed through validation without warnings', async () => {
  const { planFromJiraExport } = await import('../../src/jira/plan-from-jira-export');
  const r = planFromJiraExport([issue('G-1', { labels: ['gate:security-review'] }), issue('ML-1', { labels: ['training'] })]);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.warnings.filter((w) => w.includes('unknown field'))).toEqual([]);
  expect(r.plan.tasks[0]).toMatchObject({ kind: 'gate', gate: { kind: 'security-review' } });
});
