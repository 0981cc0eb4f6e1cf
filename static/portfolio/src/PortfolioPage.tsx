/**
 * Portfolio (jira:globalPage): the chosen projects' P50/P80/P95 finish dates and
 * due-date probabilities side by side, a range chart on one calendar axis, and
 * contention on pools the projects share. Issue #8: the projects in a priority order,
 * forecast together under their shared pools (who slips, by how much, for which pool),
 * what-if scenarios side by side, the P80-against-capacity trade-off and the leadership
 * summary export. Projects are forecast one call each, so the progress bar moves.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ForecastJob, ProjectForecast, SharedPoolsForecast } from '../../../src/resolvers/contract';
import { call, CallError } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading, Message } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { listProjects, type ProjectRef } from './projects';
import { poolContention } from './contention';
import { RangeChart } from './RangeChart';
import { SharedPools } from './SharedPools';
import { ScenarioEditor, type PoolRef } from './ScenarioEditor';
import { Tradeoff } from './TradeoffChart';
import { LeadershipExport } from './LeadershipExport';

const MAX_PROJECTS = 10;

type Load<T> = { phase: 'idle' } | { phase: 'loading'; done?: number; total?: number; step?: string } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: T };

interface PortfolioResult {
  projects: ProjectForecast[];
  shared?: SharedPoolsForecast;
  keys: string[];
}

/** Starts a portfolio job and polls it once a second until done; `progress(done, total)` on every poll. */
async function sharedPoolsJob(payload: { projectKeys: string[]; priority: string[]; due?: string }, progress: (done: number, total: number) => void): Promise<SharedPoolsForecast> {
  let job: ForecastJob & { result?: SharedPoolsForecast } = await call('startPortfolioForecastJob', payload);
  for (;;) {
    progress(job.done, job.total);
    if (job.state === 'failed') throw new CallError(job.error?.code ?? 'job-failed', job.error?.message ?? 'the portfolio job failed', job.error?.culprits ?? []);
    if (job.state === 'done' && job.result) return job.result;
    await new Promise((r) => setTimeout(r, 1000));
    job = await call('getPortfolioForecastJob', { jobId: job.jobId });
  }
}

/** The pools the projects use (each project reports every configured pool; the tightest capacity wins). */
export function poolsOf(projects: readonly ProjectForecast[]): PoolRef[] {
  const out = new Map<string, PoolRef>();
  for (const p of projects) {
    for (const r of p.forecast.resources ?? []) {
      const seen = out.get(r.id);
      out.set(r.id, { id: r.id, name: r.name ?? r.id, capacity: Math.min(seen?.capacity ?? Infinity, r.capacity) });
    }
  }
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function PortfolioPage() {
  const [projects, setProjects] = useState<Load<ProjectRef[]>>({ phase: 'loading' });
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setResult] = useState<Load<PortfolioResult>>({ phase: 'idle' });
  // Empty: each project is measured against its own due date (its epics' latest, or the admin's).
  const [due, setDue] = useState('');
  const [sharedPools, setSharedPools] = useState(false);

  // `keys` is also the priority order (most important first).
  const compare = useCallback(async (keys: string[], dueAll?: string, together = false) => {
    if (!keys.length) return;
    const total = keys.length + (together ? 1 : 0);
    setResult({ phase: 'loading', done: 0, total, step: keys[0] });
    try {
      const projects: ProjectForecast[] = [];
      for (const [k, key] of keys.entries()) {
        setResult({ phase: 'loading', done: k, total, step: key });
        const r = await call('getPortfolioForecast', { projectKeys: [key], ...(dueAll ? { due: dueAll } : {}) });
        projects.push(...r.projects);
      }
      let shared: SharedPoolsForecast | undefined;
      if (together) {
        setResult({ phase: 'loading', done: keys.length, total, step: 'shared pools' });
        const payload = { projectKeys: keys, priority: keys, ...(dueAll ? { due: dueAll } : {}) };
        try {
          shared = (await call('getPortfolioForecast', { ...payload, sharedPools: true, sharedOnly: true })).shared;
        } catch (e) {
          // Too large for one call: the same forecast as queue batches, with their progress.
          if (!(e instanceof CallError) || e.code !== 'too-large') throw e;
          shared = await sharedPoolsJob(payload, (done, jobTotal) => setResult({ phase: 'loading', done: keys.length + done / Math.max(1, jobTotal), total, step: 'shared pools (queued batches)' }));
        }
      }
      setResult({ phase: 'ready', data: { projects, keys, ...(shared ? { shared } : {}) } });
    } catch (error) {
      console.error('Converge: portfolio forecast failed', error);
      setResult({ phase: 'error', error });
    }
  }, []);

  useEffect(() => {
    listProjects().then((list) => {
      setProjects({ phase: 'ready', data: list });
      const keys = list.slice(0, MAX_PROJECTS).map((p) => p.key);
      setChosen(keys);
      void compare(keys);
    }, (error) => setProjects({ phase: 'error', error }));
  }, [compare]);

  const toggle = (key: string) => setChosen((c) => (c.includes(key) ? c.filter((k) => k !== key) : c.length >= MAX_PROJECTS ? c : [...c, key]));
  const move = (key: string, by: -1 | 1) => setChosen((c) => {
    const i = c.indexOf(key), j = i + by;
    if (i < 0 || j < 0 || j >= c.length) return c;
    const out = [...c];
    [out[i], out[j]] = [out[j], out[i]];
    return out;
  });

  return (
    <div className="pf-root" data-testid="portfolio">
      <h1 className="pf-title">Converge portfolio</h1>
      <p className="cv-subtle">When each programme will finish, how likely it is to make its due date, and where shared pools are overbooked.</p>
      {projects.phase === 'loading' && <Loading label="Loading projects…" />}
      {projects.phase === 'error' && <ErrorState error={projects.error} title="Converge could not list your projects" />}
      {projects.phase === 'ready' && (projects.data.length === 0 ? (
        <EmptyState title="No projects">You cannot see any Jira project yet.</EmptyState>
      ) : (
        <form className="pf-pick" onSubmit={(e) => { e.preventDefault(); void compare(chosen, due, sharedPools); }}>
          <fieldset>
            <legend className="cv-label">Projects (up to {MAX_PROJECTS})</legend>
            <div className="cv-row">
              {projects.data.map((p) => (
                <label key={p.key} className="pf-check">
                  <input type="checkbox" checked={chosen.includes(p.key)} onChange={() => toggle(p.key)} disabled={!chosen.includes(p.key) && chosen.length >= MAX_PROJECTS} />
                  <span><strong>{p.key}</strong> {p.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="pf-due">
            <span className="cv-label">Due date for all</span>
            <input type="date" className="cv-input" value={due} onChange={(e) => setDue(e.target.value)} data-testid="portfolio-due" aria-describedby="pf-due-help" />
            <span className="cv-help" id="pf-due-help">Leave empty to use each project's own due date.</span>
          </label>
          <fieldset className="pf-priority">
            <legend className="cv-label">Priority (first is served first on shared pools)</legend>
            <ol data-testid="priority-list">
              {chosen.map((key, i) => (
                <li key={key} data-key={key}>
                  <span className="pf-priority-key">{key}</span>
                  <button type="button" className="cv-button pf-small" onClick={() => move(key, -1)} disabled={i === 0} aria-label={`Move ${key} up`} data-testid={`up-${key}`}>↑</button>
                  <button type="button" className="cv-button pf-small" onClick={() => move(key, 1)} disabled={i === chosen.length - 1} aria-label={`Move ${key} down`} data-testid={`down-${key}`}>↓</button>
                </li>
              ))}
            </ol>
          </fieldset>
          <label className="pf-check">
            <input type="checkbox" checked={sharedPools} onChange={(e) => setSharedPools(e.target.checked)} data-testid="shared-pools" />
            <span>Forecast together under shared pools</span>
          </label>
          <button type="submit" className="cv-button cv-primary" disabled={!chosen.length || result.phase === 'loading'}>Compare</button>
        </form>
      ))}
      {result.phase === 'loading' && <Loading label={`Forecasting ${result.step ?? ''} (${Math.min((result.done ?? 0) + 1, result.total ?? 1)} of ${result.total ?? 1})…`} done={result.done} total={result.total} />}
      {result.phase === 'error' && <ErrorState error={result.error} title="The portfolio forecast failed" onRetry={() => void compare(chosen, due, sharedPools)} />}
      {result.phase === 'ready' && (
        <>
          <Results projects={result.data.projects} names={projects.phase === 'ready' ? new Map(projects.data.map((p) => [p.key, p.name])) : new Map()} />
          {result.data.shared && <SharedPools shared={result.data.shared} />}
          <Analysis keys={result.data.keys} projects={result.data.projects} />
        </>
      )}
    </div>
  );
}

/** What-if, trade-off and the leadership export for the compared projects. */
function Analysis({ keys, projects }: { keys: string[]; projects: ProjectForecast[] }) {
  const pools = useMemo(() => poolsOf(projects), [projects]);
  const issueKeys = useMemo(() => [...new Set(projects.flatMap((p) => p.issues.filter((i) => !i.placeholder && i.status !== 'done').map((i) => i.key)))].sort(), [projects]);
  return (
    <>
      <ScenarioEditor projectKeys={keys} pools={pools} issueKeys={issueKeys} />
      <Tradeoff projectKeys={keys} pools={pools} />
      <LeadershipExport projectKeys={keys} />
    </>
  );
}

function Results({ projects, names }: { projects: ProjectForecast[]; names: Map<string, string> }) {
  const contention = useMemo(() => poolContention(projects), [projects]);
  const shared = contention.filter((c) => c.projects.length > 1);
  if (!projects.length) return <EmptyState title="Nothing to compare">The chosen projects have no issues in scope.</EmptyState>;
  return (
    <>
      <table className="cv-table pf-table" data-testid="portfolio-table">
        <thead>
          <tr>
            <th scope="col">Project</th><th scope="col">P50</th><th scope="col">P80</th><th scope="col">P95</th>
            <th scope="col">Due date</th><th scope="col" className="cv-num">Chance to make it</th><th scope="col" className="cv-num">Critical path</th><th scope="col">Main risk</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const f = p.forecast;
            const prob = f.due?.probability;
            const tone = prob === undefined ? '' : prob >= 0.8 ? 'cv-success' : prob >= 0.5 ? 'cv-warning' : 'cv-danger';
            const top = f.drivers[0];
            return (
              <tr key={p.projectKey} data-key={p.projectKey}>
                <th scope="row">{p.projectKey}<div className="cv-subtlest">{names.get(p.projectKey) ?? (p.planName !== p.projectKey ? p.planName : '')}</div></th>
                <td data-testid={`p50-${p.projectKey}`}>{formatDate(f.finishDate.p50)}</td>
                <td>{formatDate(f.finishDate.p80)}</td>
                <td>{formatDate(f.finishDate.p95)}</td>
                <td data-testid={`due-${p.projectKey}`}>{f.due ? formatDate(f.due.date) : '—'}</td>
                <td className="cv-num" data-testid={`chance-${p.projectKey}`}>{prob === undefined ? '—' : <span className={`cv-lozenge ${tone}`}>{formatPercent(prob)}</span>}</td>
                <td className="cv-num">{p.schedule.criticalPath.length} issues</td>
                <td>{top ? `${top.id} ${p.issues.find((i) => i.key === top.id)?.summary ?? top.name ?? ''}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2 className="pf-h2">Finish ranges</h2>
      <p className="cv-help">Bars run from P50 to P95; the tick is P80, the diamond the due date. Green: likely to make it; amber: at risk; red: unlikely.</p>
      <RangeChart projects={projects} />
      <h2 className="pf-h2">Shared pools</h2>
      {shared.length === 0 ? (
        <p className="cv-help" data-testid="no-contention">{contention.length ? 'No pool is used by more than one of these projects.' : 'These projects use no resource pools.'}</p>
      ) : (
        <ul className="pf-pools" data-testid="contention">
          {shared.map((c) => (
            <li key={c.id}>
              {c.overbookedDays > 0 ? (
                <Message tone="warning" title={`${c.name}: overbooked on ${c.overbookedDays} working day${c.overbookedDays === 1 ? '' : 's'} from ${formatDate(c.firstOverbooked)}`}>
                  {c.projects.join(', ')} together need up to {c.peakDemand} units on {formatDate(c.peakDate)}; capacity is {c.capacityAtPeak}. Each project's schedule fits on its own, so one of them will slip.
                </Message>
              ) : (
                <Message tone="info" title={`${c.name}: shared by ${c.projects.join(', ')}`}>Peak demand {c.peakDemand} of {c.capacityAtPeak} units on {formatDate(c.peakDate)}; no overbooking.</Message>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
