/**
 * The Forecast page (jira:projectPage, Converge's roadmap view): executive summary,
 * key figures, and tabs for the roadmap timeline, the finish-date distribution,
 * risk drivers, pool usage, sprint estimation and warnings; exports as CSV, JSON,
 * SVG and PNG. The simulation runs on the server; this page only renders.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CalibrationView, ProjectForecast, ReplanningFlag } from '../../../src/resolvers/contract';
import { call, openIssue } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading, Message } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { DistributionChart } from '../../shared/charts/DistributionChart';
import { PoolUsage } from '../../shared/charts/PoolUsage';
import { Timeline, TimelineLegend } from '../../shared/charts/Timeline';
import { Tornado } from '../../shared/charts/Tornado';
import { download, exportSvg, svgToPng } from '../../shared/charts/svg-export';
import type { Zoom } from '../../shared/charts/calendar-axis';
import { EstimationView } from '../../estimation/src/EstimationView';
import { HealthList } from '../../shared/src/HealthList';
import { JOB_THRESHOLD, loadForecast } from './api';
import { forecastCsv } from './export-csv';
import { asOfDate, calendarOf, finishLabel, timelineItems, type ForecastExtras } from './model';
import { executiveSummary } from './summary';
import { HistoryTab } from './HistoryTab';
import { RisksTab } from './RisksTab';

type TabId = 'timeline' | 'distribution' | 'drivers' | 'risks' | 'resources' | 'estimation' | 'history' | 'health' | 'warnings';

type State =
  | { phase: 'loading'; done?: number; total?: number }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; data: ForecastExtras; refreshing?: { done?: number; total?: number }; refreshError?: unknown };

const ROW_PAGE = 150;
const ITERATION_CHOICES = [10_000, 50_000, 100_000];

export function ForecastPage({ projectKey }: { projectKey: string }) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [iterations, setIterations] = useState(10_000);
  const [due, setDue] = useState('');
  const [tab, setTab] = useState<TabId>('timeline');
  const [calibrated, setCalibrated] = useState(false);
  const [flags, setFlags] = useState<ReplanningFlag[]>([]);
  const run = useRef({ cancelled: false });

  const fetchForecast = useCallback(async (opts: { iterations: number; due?: string; calibrated?: boolean }) => {
    run.current.cancelled = true;
    const token = { cancelled: false };
    run.current = token;
    setState((s) => (s.phase === 'ready' ? { ...s, refreshing: {}, refreshError: undefined } : { phase: 'loading' }));
    const progress = (done: number, total: number) => {
      if (token.cancelled) return;
      setState((s) => (s.phase === 'ready' ? { ...s, refreshing: { done, total } } : { phase: 'loading', done, total }));
    };
    try {
      const data = await loadForecast({ projectKey, iterations: opts.iterations, due: opts.due || undefined, ...(opts.calibrated ? { calibrated: true } : {}) }, progress, token);
      if (token.cancelled) return;
      setState({ phase: 'ready', data: data as ForecastExtras });
      // The forecast re-evaluated the project's re-planning flags; a failure here only hides the banner.
      call('listReplanningFlags', { projectKey }).then((st) => { if (!token.cancelled) setFlags(st[0]?.flags ?? []); }, () => undefined);
      setDue((d) => d || data.forecast.due?.date || '');
    } catch (error) {
      if (token.cancelled) return;
      console.error('Converge: the forecast failed', error);
      setState((s) => (s.phase === 'ready' ? { ...s, refreshing: undefined, refreshError: error } : { phase: 'error', error }));
    }
  }, [projectKey]);

  useEffect(() => {
    void fetchForecast({ iterations: 10_000 });
    return () => { run.current.cancelled = true; };
  }, [fetchForecast]);

  const refresh = () => void fetchForecast({ iterations, due, calibrated });
  const toggleCalibrated = (on: boolean) => {
    setCalibrated(on);
    void fetchForecast({ iterations, due, calibrated: on });
  };

  if (state.phase === 'loading') {
    return (
      <div className="fp-root">
        <h1 className="fp-title">Forecast</h1>
        <Loading label={`Simulating ${projectKey}…`} done={state.done} total={state.total} />
      </div>
    );
  }
  if (state.phase === 'error') {
    return (
      <div className="fp-root">
        <h1 className="fp-title">Forecast</h1>
        <ErrorState error={state.error} title="Converge could not forecast this project" onRetry={refresh} />
      </div>
    );
  }

  const pf = state.data;
  const dueValid = due === '' || /^\d{4}-\d{2}-\d{2}$/.test(due);
  return (
    <div className="fp-root" data-testid="forecast-page">
      <div className="fp-header">
        <div>
          <h1 className="fp-title">Forecast{pf.planName ? ` · ${pf.planName}` : ''}</h1>
          <div className="fp-meta" data-testid="forecast-meta">
            {pf.schedule.tasks.length} issues · {pf.forecast.iterations.toLocaleString('en')} simulations · seed {pf.forecast.seed} · as of {formatDate(asOfDate(pf))}
          </div>
        </div>
        <form className="fp-controls" onSubmit={(e) => { e.preventDefault(); if (dueValid) refresh(); }}>
          <div className="cv-field">
            <label className="cv-label" htmlFor="fp-due">Due date</label>
            <input id="fp-due" className="cv-input" type="date" value={due} onChange={(e) => setDue(e.target.value)} aria-invalid={!dueValid} />
          </div>
          <div className="cv-field">
            <label className="cv-label" htmlFor="fp-iter">Simulations</label>
            <select id="fp-iter" className="cv-select" value={iterations} onChange={(e) => setIterations(Number(e.target.value))}>
              {ITERATION_CHOICES.map((n) => <option key={n} value={n}>{n.toLocaleString('en')}{n > JOB_THRESHOLD ? ' (background)' : ''}</option>)}
            </select>
          </div>
          <label className="fp-check fp-calibrated" title="Scale open estimates by how long the team's completed work took against its estimates">
            <input type="checkbox" data-testid="calibrated-toggle" checked={calibrated} disabled={!!state.refreshing} onChange={(e) => toggleCalibrated(e.target.checked)} /> Calibrated
          </label>
          <button type="submit" className="cv-button cv-primary" disabled={!!state.refreshing || !dueValid}>{state.refreshing ? 'Running…' : 'Run forecast'}</button>
        </form>
      </div>

      {state.refreshing && (
        <div className="fp-refreshing"><Loading label="Running the forecast…" done={state.refreshing.done} total={state.refreshing.total} /></div>
      )}
      {state.refreshError !== undefined && <ErrorState error={state.refreshError} title="The new forecast failed; showing the previous one" onRetry={refresh} />}
      {flags.length > 0 && (
        <Message tone={flags.some((f) => f.severity === 'error') ? 'danger' : 'warning'} title="Time to re-plan?" testId="replanning-flags">
          <ul className="fp-flags">{flags.map((f, i) => <li key={i} data-kind={f.kind}>{f.message}</li>)}</ul>
        </Message>
      )}
      {pf.calibration && <CalibrationNote c={pf.calibration} />}

      <Body pf={pf} tab={tab} setTab={setTab} projectKey={projectKey} />
    </div>
  );
}

function Body({ pf, tab, setTab, projectKey }: { pf: ForecastExtras; tab: TabId; setTab: (t: TabId) => void; projectKey: string }) {
  const summary = useMemo(() => executiveSummary(pf), [pf]);
  const panelRef = useRef<HTMLDivElement>(null);
  if (!pf.schedule.tasks.length) {
    return (
      <EmptyState title="No issues to forecast">
        The scope ({pf.jql || 'the default JQL'}) found no issues. Change the scope JQL in Converge settings, or add issues and dependencies to {projectKey}.
      </EmptyState>
    );
  }
  const f = pf.forecast;
  const warnings = [...pf.warnings.map((w) => w.message), ...f.warnings, ...pf.schedule.warnings.filter((w) => !f.warnings.includes(w))];
  const health = pf.health ?? [];
  const tabs: Array<{ id: TabId; label: string }> = [
    { id: 'timeline', label: 'Roadmap' },
    { id: 'distribution', label: 'Finish date' },
    { id: 'drivers', label: 'Risk drivers' },
    { id: 'risks', label: 'Risks' },
    { id: 'resources', label: 'Resources' },
    { id: 'estimation', label: 'Sprint estimation' },
    { id: 'history', label: 'History' },
    { id: 'health', label: `Health (${health.length})` },
    { id: 'warnings', label: `Warnings (${warnings.length})` },
  ];
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(tabs[next].id);
    document.getElementById(`fp-tab-${tabs[next].id}`)?.focus();
  };
  const toneOf = (p?: number) => (p === undefined ? undefined : p >= 0.8 ? 'cv-success' : p >= 0.5 ? 'cv-warning' : 'cv-danger');
  const base = `${projectKey.toLowerCase()}-forecast`;
  const exportCharts = async (kind: 'svg' | 'png') => {
    const svgs = Array.from(panelRef.current?.querySelectorAll<SVGSVGElement>("svg[data-export-part]") ?? []);
    if (!svgs.length) return;
    const column = tab !== 'timeline';
    const svg = exportSvg(svgs, `${projectKey} ${tabs.find((t) => t.id === tab)?.label ?? ''}`, column ? 'column' : 'row');
    if (kind === 'svg') download(`${base}-${tab}.svg`, svg.text, 'image/svg+xml');
    else download(`${base}-${tab}.png`, await svgToPng(svg, 2));
  };
  const chartTab = tab === 'timeline' || tab === 'distribution' || tab === 'drivers' || tab === 'resources' || tab === 'history';

  return (
    <>
      <section className={`fp-summary tone-${summary.tone}`} aria-labelledby="fp-headline" data-testid="executive-summary">
        <h2 className="fp-headline" id="fp-headline">{summary.headline}</h2>
        <p>{summary.sentences.join(' ')}</p>
      </section>

      <div className="cv-figures" data-testid="figures">
        <Figure id="p50" label="P50 finish" value={formatDate(f.finishDate.p50)} iso={f.finishDate.p50} note="even odds" />
        <Figure id="p80" label="P80 finish" value={formatDate(f.finishDate.p80)} iso={f.finishDate.p80} note="commit to this" />
        <Figure id="p95" label="P95 finish" value={formatDate(f.finishDate.p95)} iso={f.finishDate.p95} note="near worst case" />
        {f.due ? (
          <Figure id="due" label={`By ${formatDate(f.due.date)}`} value={formatPercent(f.due.probability)} tone={toneOf(f.due.probability)} note="chance to make it" />
        ) : (
          <Figure id="due" label="Due date" value="—" note="set one above" />
        )}
        <Figure id="plan" label="Plan as estimated" value={formatDate(f.deterministic.finishDate)} iso={f.deterministic.finishDate} note="no surprises" />
        <Figure id="critical" label="Critical path" value={`${pf.schedule.criticalPath.length} issues`} note={`${pf.schedule.nearCritical.filter((k) => !pf.schedule.criticalPath.includes(k)).length} more near-critical (float ≤ ${pf.schedule.nearCriticalDays} d)`} />
      </div>

      <div className="fp-toolbar" aria-label="Export">
        <span className="cv-label">Export</span>
        <span className="fp-export">
          <button type="button" className="cv-button" data-testid="export-csv" onClick={() => download(`${base}.csv`, forecastCsv(pf), 'text/csv')}>CSV</button>
          <button type="button" className="cv-button" data-testid="export-json" onClick={() => download(`${base}.json`, `${JSON.stringify(pf, null, 2)}\n`, 'application/json')}>JSON</button>
          <button type="button" className="cv-button" data-testid="export-svg" disabled={!chartTab} onClick={() => void exportCharts('svg')}>Chart as SVG</button>
          <button type="button" className="cv-button" data-testid="export-png" disabled={!chartTab} onClick={() => void exportCharts('png')}>Chart as PNG</button>
        </span>
      </div>

      <div className="fp-tabs" role="tablist" aria-label="Forecast views">
        {tabs.map((t, i) => (
          <button key={t.id} id={`fp-tab-${t.id}`} type="button" role="tab" className="fp-tab" aria-selected={tab === t.id} aria-controls={`fp-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1} onClick={() => setTab(t.id)} onKeyDown={(e) => onTabKey(e, i)}>{t.label}</button>
        ))}
      </div>
      <div className="fp-panel" role="tabpanel" id={`fp-panel-${tab}`} aria-labelledby={`fp-tab-${tab}`} ref={panelRef}>
        {tab === 'timeline' && <RoadmapTab pf={pf} />}
        {tab === 'distribution' && <DistributionTab pf={pf} />}
        {tab === 'drivers' && <DriversTab pf={pf} />}
        {tab === 'risks' && <RisksTab pf={pf} />}
        {tab === 'resources' && <ResourcesTab pf={pf} />}
        {tab === 'estimation' && <EstimationView projectKey={projectKey} />}
        {tab === 'history' && <HistoryTab pf={pf} projectKey={projectKey} />}
        {tab === 'health' && <HealthTab pf={pf} />}
        {tab === 'warnings' && (warnings.length
          ? <ul className="fp-warnings" data-testid="warnings">{warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
          : <EmptyState title="No warnings">Every issue in scope has an estimate and the dependency graph is sound.</EmptyState>)}
      </div>
    </>
  );
}

/** What the calibrated switch changed: the ratios fitted and each estimate's from/to. */
function CalibrationNote({ c }: { c: CalibrationView }) {
  const d = (e: { optimistic: number; mostLikely: number; pessimistic: number }) => `${+e.optimistic.toFixed(1)} / ${+e.mostLikely.toFixed(1)} / ${+e.pessimistic.toFixed(1)}`;
  return (
    <Message tone="info" title={`Calibrated from ${c.samples} completed issue${c.samples === 1 ? '' : 's'}: ${c.changes.length} estimate${c.changes.length === 1 ? '' : 's'} changed`} testId="calibration">
      <div>Overall, work took {c.overall.ratio.toFixed(2)}× its estimate (80% between {c.overall.p10.toFixed(2)}× and {c.overall.p90.toFixed(2)}×){c.groups.length ? `; ${c.groups.length} team/type group${c.groups.length === 1 ? '' : 's'} fitted` : ''}. History of {formatDate(c.fetchedOn)}.</div>
      {c.warnings.map((w, i) => <div key={i} className="cv-subtle">{w}</div>)}
      {c.changes.length > 0 && (
        <details>
          <summary>What changed</summary>
          <table className="cv-table" data-testid="calibration-changes">
            <thead><tr><th>Issue</th><th>Group</th><th className="cv-num">Ratio</th><th className="cv-num">Estimate (o / m / p days)</th><th className="cv-num">Calibrated</th></tr></thead>
            <tbody>
              {c.changes.slice(0, 200).map((x) => (
                <tr key={x.key}><td><button type="button" className="cv-link" onClick={() => openIssue(x.key)}>{x.key}</button></td><td>{x.group}</td><td className="cv-num">{x.ratio.toFixed(2)}×</td><td className="cv-num">{d(x.from)}</td><td className="cv-num">{d(x.to)}</td></tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Message>
  );
}

function HealthTab({ pf }: { pf: ForecastExtras }) {
  const health = pf.health ?? [];
  const placeholders = useMemo(() => new Set(pf.issues.filter((i) => i.placeholder).map((i) => i.key)), [pf]);
  if (!health.length) return <EmptyState title="No health findings">Gates, windows, estimates, links and float all pass the schedule health checks.</EmptyState>;
  const count = (s: string) => health.filter((f) => f.severity === s).length;
  return (
    <div data-testid="health-tab">
      <p className="fp-note">
        Schedule health as of {formatDate(pf.start)}: {count('error')} error(s), {count('warning')} warning(s), {count('info')} note(s).
        Gate rules and deployment windows are applied in every forecast; a placeholder gate (shown in italics, not a Jira issue) stands in for a required gate that does not exist.
      </p>
      <HealthList findings={health} placeholders={placeholders} onOpen={openIssue} />
    </div>
  );
}

function Figure({ id, label, value, iso, note, tone }: { id: string; label: string; value: string; iso?: string; note?: ReactNode; tone?: string }) {
  return (
    <div className={`cv-figure${tone ? ` ${tone}` : ''}`} data-testid={`fig-${id}`} data-value={iso}>
      <div className="cv-figure-label">{label}</div>
      <div className="cv-figure-value">{value}</div>
      {note ? <div className="cv-figure-note">{note}</div> : null}
    </div>
  );
}

/** Weeks when the whole plan fits the screen at 12 px a day, else months. */
function initialZoom(pf: ForecastExtras): Zoom {
  const items = timelineItems(pf);
  const days = items.flatMap((i) => [i.start, i.p95 ?? i.finish]).map((d) => Date.parse(`${d}T00:00:00Z`) / 86_400_000).filter(Number.isFinite);
  const span = days.length ? Math.max(...days) - Math.min(...days) + 10 : 0;
  const room = (typeof window === 'undefined' ? 1200 : window.innerWidth) - 360;
  return span * 12 <= room ? 'weeks' : 'months';
}

function RoadmapTab({ pf }: { pf: ForecastExtras }) {
  const [zoom, setZoom] = useState<Zoom>(() => initialZoom(pf));
  const [grouped, setGrouped] = useState(true);
  const [showDone, setShowDone] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [maxRows, setMaxRows] = useState(ROW_PAGE);
  const all = useMemo(() => timelineItems(pf), [pf]);
  // Done work takes no time in the model (it sits at day 0), so it is noise on a roadmap
  // unless it is on the reported critical path.
  const doneHidden = all.filter((i) => i.done && !i.critical).length;
  const items = useMemo(() => (showDone ? all : all.filter((i) => !i.done || i.critical)), [all, showDone]);
  const groups = useMemo(() => [...new Set(items.map((i) => i.group ?? '(no epic)'))], [items]);
  const windows = pf.windows;
  const hasP90 = items.some((i) => i.p90);
  const toggle = useCallback((key: string) => setCollapsed((c) => {
    const next = new Set(c);
    if (next.has(key)) next.delete(key); else next.add(key);
    return next;
  }), []);
  const hidden = Math.max(0, items.length - maxRows);
  return (
    <div data-testid="roadmap">
      <div className="fp-toolbar">
        <span className="cv-label" id="fp-zoom-label">Zoom</span>
        <span className="fp-seg" role="group" aria-labelledby="fp-zoom-label">
          <button type="button" className="cv-button" aria-pressed={zoom === 'weeks'} data-testid="zoom-weeks" onClick={() => setZoom('weeks')}>Weeks</button>
          <button type="button" className="cv-button" aria-pressed={zoom === 'months'} data-testid="zoom-months" onClick={() => setZoom('months')}>Months</button>
        </span>
        <label className="fp-check"><input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} data-testid="group-by-epic" /> Group by epic</label>
        {doneHidden > 0 && <label className="fp-check"><input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} data-testid="show-done" /> Show {doneHidden} done</label>}
        {grouped && (
          <>
            <button type="button" className="cv-link" onClick={() => setCollapsed(new Set())}>Expand all</button>
            <button type="button" className="cv-link" onClick={() => setCollapsed(new Set(groups))}>Collapse all</button>
          </>
        )}
      </div>
      <TimelineLegend high={hasP90 ? 'p90' : 'p95'} />
      <div style={{ height: 8 }} />
      <Timeline items={items} zoom={zoom} grouped={grouped} collapsed={collapsed} onToggleGroup={toggle} maxRows={maxRows}
        today={asOfDate(pf)} windows={windows} onSelect={openIssue} title={`Roadmap of ${pf.projectKey}`} />
      {hidden > 0 && (
        <div className="fp-more">
          <button type="button" className="cv-button" data-testid="show-more" onClick={() => setMaxRows((m) => m + ROW_PAGE)}>
            Show {Math.min(ROW_PAGE, hidden)} more ({hidden} not shown)
          </button>
        </div>
      )}
      <p className="fp-note">Bars are the deterministic schedule{pf.schedule.resourceUsage?.length ? ' (resource-levelled)' : ''}; whiskers show where each issue's finish falls in 50%–{hasP90 ? '90' : '95'}% of simulations.</p>
    </div>
  );
}

function DistributionTab({ pf }: { pf: ForecastExtras }) {
  const cal = useMemo(() => calendarOf(pf), [pf]);
  const dateOf = useMemo(() => finishLabel(cal), [cal]);
  const f = pf.forecast;
  return (
    <div data-testid="distribution">
      <DistributionChart
        histogram={f.histogram}
        percentiles={f.finishDays}
        due={f.due ? { days: f.due.days, probability: f.due.probability, date: formatDate(f.due.date) } : undefined}
        dateOf={dateOf}
        width={860}
        height={320}
        title={`Finish date distribution of ${pf.projectKey}`}
      />
      <p className="fp-note">
        Bars: share of {f.iterations.toLocaleString('en')} simulated runs finishing in each period. Curve: chance to have finished by that date.
        P50 {formatDate(f.finishDate.p50)} · P80 {formatDate(f.finishDate.p80)} · P95 {formatDate(f.finishDate.p95)}.
      </p>
    </div>
  );
}

function DriversTab({ pf }: { pf: ForecastExtras }) {
  const drivers = pf.forecast.drivers;
  const names = useMemo(() => new Map(pf.issues.map((i) => [i.key, i.summary])), [pf]);
  if (!drivers.length) return <EmptyState title="No risk drivers">No task's duration moves the finish date: the plan is fully deterministic.</EmptyState>;
  return (
    <div data-testid="drivers">
      <Tornado drivers={drivers.map((d) => ({ ...d, name: names.get(d.id) ?? d.name }))} width={860} onSelect={openIssue} title="Risk drivers: criticality and sensitivity" />
      <p className="fp-note">Ordered by how much of the finish-date spread each issue drives (criticality × sensitivity). Narrowing the estimate or de-risking the top issues moves the P80 most.</p>
    </div>
  );
}

function ResourcesTab({ pf }: { pf: ForecastExtras }) {
  const cal = useMemo(() => calendarOf(pf), [pf]);
  const dateOf = useCallback((d: number) => formatDate(cal.dateOfIndex(Math.max(0, Math.floor(d)))).replace(/ \d{4}$/, ''), [cal]);
  const usage = pf.schedule.resourceUsage ?? [];
  if (!usage.length) return <EmptyState title="No resource pools">No issue in scope uses a pool. Configure GPU clusters and teams in Converge settings.</EmptyState>;
  const delayed = pf.schedule.tasks.filter((t) => t.delayedBy);
  // A pool this project never uses would only draw an empty chart: name it instead.
  const used = usage.filter((u) => u.usage.some((x) => x > 0));
  const unused = usage.filter((u) => !used.includes(u));
  return (
    <div data-testid="resources">
      {used.map((u) => <PoolUsage key={u.id} pool={u} dateOf={dateOf} width={860} />)}
      {used.length === 0 && <p className="cv-help">No issue in the levelled schedule holds a pool.</p>}
      {unused.length > 0 && <p className="fp-note" data-testid="unused-pools">Not used by {pf.projectKey}: {unused.map((u) => u.name ?? u.id).join(', ')}.</p>}
      {delayed.length > 0 ? (
        <Message tone="warning" title={`${delayed.length} issue${delayed.length === 1 ? ' waits' : 's wait'} for capacity`}>
          {delayed.slice(0, 12).map((t) => `${t.id} (${usage.find((u) => u.id === t.delayedBy)?.name ?? t.delayedBy})`).join(', ')}{delayed.length > 12 ? '…' : ''}
        </Message>
      ) : null}
      <p className="fp-note">Filled area: units in use each working day in the levelled schedule. Dashed line: capacity. Red bands: over capacity.</p>
    </div>
  );
}

export type { ProjectForecast };
