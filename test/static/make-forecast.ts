/**
 * Test helper: a ProjectForecast built by the real engine (validatePlan ->
 * compilePlan -> forecast) from a small hand-written AI program, so the page's
 * pure functions are tested against the shapes the resolvers really send.
 */
import type { IssueSummary, ProjectForecast } from '../../src/resolvers/contract';
import { compilePlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { validatePlan } from '../../src/engine/validate-plan';

export interface MiniTask {
  id: string;
  name: string;
  epic?: string;
  d: [number, number, number];
  after?: string[];
  status?: 'todo' | 'in-progress' | 'done';
  gate?: string;
  unestimated?: boolean;
  type?: string;
}

export const PROGRAM: MiniTask[] = [
  { id: 'ML-1', name: 'Data & training', d: [0, 0, 0], type: 'Epic' },
  { id: 'ML-10', name: 'Label vendor delivery', epic: 'ML-1', d: [4, 5, 9] },
  { id: 'ML-11', name: 'Feature store work', epic: 'ML-1', d: [2, 3, 4] },
  { id: 'ML-12', name: 'Retrain the fraud model', epic: 'ML-1', d: [3, 5, 20], after: ['ML-10', 'ML-11'] },
  { id: 'ML-13', name: 'Bias audit', d: [2, 3, 5], after: ['ML-12'], gate: 'bias-audit' },
  { id: 'ML-14', name: 'Docs, "v3" = ready', d: [1, 1, 2], after: ['ML-11'], unestimated: true },
  { id: 'ML-15', name: 'Old cleanup', d: [1, 1, 1], status: 'done' },
];

export function makeForecast(opts: { due?: string; tasks?: MiniTask[]; seed?: string; iterations?: number } = {}): ProjectForecast {
  const tasks = (opts.tasks ?? PROGRAM).filter((t) => t.type !== 'Epic');
  const parsed = validatePlan({
    name: 'Mini program', start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-18'] },
    tasks: tasks.map((t) => ({
      id: t.id, name: t.name, after: t.after ?? [], status: t.status ?? 'todo',
      duration: { optimistic: t.d[0], mostLikely: t.d[1], pessimistic: t.d[2], distribution: 'pert' },
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const report = forecast(compilePlan(parsed.plan), { iterations: opts.iterations ?? 2000, seed: opts.seed ?? '7', due: opts.due });
  const issues: IssueSummary[] = (opts.tasks ?? PROGRAM).map((t) => ({
    key: t.id, summary: t.name, issueType: t.type ?? (t.gate ? 'Review Gate' : 'Story'), status: t.status ?? 'todo', epic: t.epic,
    estimateSource: t.unestimated ? 'default' : 'property', unestimated: !!t.unestimated, predecessors: t.after ?? [],
    ...(t.gate ? { labels: [`gate:${t.gate}`] } : {}),
  }));
  return {
    projectKey: 'ML', jql: 'project = ML', planName: 'Mini program', start: '2027-01-04', issues,
    forecast: report, schedule: report.schedule, summary: '', warnings: [], inputHash: 'test', computedAt: '2027-01-11T12:00:00.000Z',
  };
}
