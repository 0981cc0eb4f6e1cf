/**
 * The History tab of the Forecast page: the trend of P50/P80/P95 against the due date (stored
 * snapshots plus the forecast on screen as "now"), the snapshot list, "why it moved" between two
 * snapshots (or a snapshot and now) decomposed by category, named baselines with each
 * issue's and the program's variance, and how accurate past snapshots were (AccuracySection).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BaselineSummary, BaselineVariance, ShiftCategoryName, SnapshotSummary, WhyMoved } from '../../../src/resolvers/contract';
import { call, openIssue } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import type { ForecastExtras } from './model';
import { TrendChart } from './TrendChart';
import { AccuracySection } from './AccuracySection';
import type { TrendPoint } from './trend-layout';

const CATEGORY_LABEL: Record<ShiftCategoryName, string> = {
  scope: 'Scope added or removed',
  estimates: 'Estimates changed',
  dependencies: 'Dependencies changed',
  progress: 'Progress made (and time passing)',
  resources: 'Resources changed',
  other: 'Calendar, rules and other',
};

const NOW = 'now';

/** "+3.5 d" / "−2 d" / "0": working days, one decimal. */
export function signedDays(d: number): string {
  const r = Math.round(d * 10) / 10;
  if (r === 0) return '0';
  return `${r > 0 ? '+' : '−'}${Math.abs(r)} d`;
}

type Loaded = { snapshots: SnapshotSummary[]; baselines: BaselineSummary[] };

export function HistoryTab({ pf, projectKey }: { pf: ForecastExtras; projectKey: string }) {
  const [loaded, setLoaded] = useState<Loaded | { error: unknown }>();
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>(NOW);
  const [why, setWhy] = useState<WhyMoved | { error: unknown }>();
  const [baselineName, setBaselineName] = useState('');
  const [baselineId, setBaselineId] = useState<string>();
  const [variance, setVariance] = useState<BaselineVariance | { error: unknown }>();

  const reload = useCallback(async () => {
    try {
      const [snapshots, baselines] = await Promise.all([call('listSnapshots', { projectKey }), call('listBaselines', { projectKey })]);
      setLoaded({ snapshots, baselines });
      setFrom((f) => f ?? [...snapshots].reverse().find((s) => s.hasPlan)?.id);
      setBaselineId((b) => b ?? baselines.at(-1)?.id);
    } catch (error) {
      setLoaded({ error });
    }
  }, [projectKey]);
  useEffect(() => { void reload(); }, [reload]);

  useEffect(() => {
    if (!baselineId) return;
    let live = true;
    setVariance(undefined);
    call('getBaselineVariance', { projectKey, baselineId }).then((v) => live && setVariance(v), (error) => live && setVariance({ error }));
    return () => { live = false; };
  }, [projectKey, baselineId, pf.inputHash]);

  const act = async (name: string, body: () => Promise<void>) => {
    setBusy(name);
    setActionError(undefined);
    try {
      await body();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(undefined);
    }
  };
  const snapshotNow = () => act('snapshot', async () => {
    await call('takeSnapshot', { projectKey });
    await reload();
  });
  const saveBaseline = () => act('baseline', async () => {
    const b = await call('saveBaseline', { projectKey, name: baselineName.trim() });
    setBaselineName('');
    await reload();
    setBaselineId(b.id);
  });
  const explain = () => act('explain', async () => {
    if (!from) return;
    setWhy(undefined);
    try {
      setWhy(await call('explainForecastShift', { projectKey, from, ...(to !== NOW ? { to } : {}) }));
    } catch (error) {
      setWhy({ error });
    }
  });

  const points = useMemo<TrendPoint[]>(() => {
    if (!loaded || 'error' in loaded) return [];
    const snaps = loaded.snapshots.map((s) => ({ at: s.takenAt.slice(0, 10), p50: s.finishDate.p50, p80: s.finishDate.p80, p95: s.finishDate.p95, id: s.id }));
    const f = pf.forecast;
    const at = (pf.computedAt ?? pf.start).slice(0, 10);
    return [...snaps, { at, p50: f.finishDate.p50, p80: f.finishDate.p80, p95: f.finishDate.p95 }];
  }, [loaded, pf]);

  if (!loaded) return <Loading label="Loading the forecast history…" />;
  if ('error' in loaded) return <ErrorState error={loaded.error} title="Converge could not load the history" onRetry={() => void reload()} />;
  const { snapshots, baselines } = loaded;
  const due = pf.forecast.due?.date ?? pf.due;
  const newestFirst = [...snapshots].reverse();

  return (
    <div data-testid="history-tab">
      <div className="fp-toolbar">
        <button type="button" className="cv-button" data-testid="snapshot-now" disabled={!!busy} onClick={() => void snapshotNow()}>{busy === 'snapshot' ? 'Saving…' : 'Snapshot now'}</button>
        <span className="fp-note">Converge also takes a snapshot every week. Kept: every snapshot of the last 12 weeks, then one a month for two years; the newest 12 keep what “why it moved” needs.</span>
      </div>
      {actionError !== undefined && <ErrorState error={actionError} title="That did not work" />}

      <h3 className="cv-h">Trend</h3>
      <TrendChart points={points} due={due} width={860} height={280} title={`Forecast trend of ${projectKey}`} />
      <p className="fp-note">
        Each point is a forecast (P50 solid, P80 and P95 dashed) by the day it was made{snapshots.length ? `: ${snapshots.length} snapshot${snapshots.length === 1 ? '' : 's'} and now` : ': only now so far — take a snapshot to start the trend'}.
        {due ? ` Green line: due ${formatDate(due)}.` : ''}
      </p>

      <h3 className="cv-h" style={{ marginTop: 16 }}>Accuracy</h3>
      <AccuracySection projectKey={projectKey} refresh={snapshots.length} />

      <h3 className="cv-h" style={{ marginTop: 16 }}>Snapshots</h3>
      {snapshots.length === 0 ? (
        <EmptyState title="No snapshots yet">Take one now, or wait for the weekly snapshot.</EmptyState>
      ) : (
        <table className="cv-table" data-testid="snapshot-table" aria-label="Snapshots">
          <thead>
            <tr><th>Taken</th><th>How</th><th className="cv-num">P50</th><th className="cv-num">P80</th><th className="cv-num">P95</th><th className="cv-num">Chance by due</th><th className="cv-num">Critical path</th><th>From</th><th>To</th></tr>
          </thead>
          <tbody>
            {newestFirst.map((s) => (
              <tr key={s.id} data-testid="snapshot-row" data-id={s.id}>
                <td>{formatDate(s.takenAt)} <span className="cv-subtlest">{s.takenAt.slice(11, 16)} UTC</span></td>
                <td>{s.trigger ?? '—'}</td>
                <td className="cv-num">{formatDate(s.finishDate.p50)}</td>
                <td className="cv-num">{formatDate(s.finishDate.p80)}</td>
                <td className="cv-num">{formatDate(s.finishDate.p95)}</td>
                <td className="cv-num">{formatPercent(s.dueProbability)}</td>
                <td className="cv-num">{s.criticalPath.length} issues</td>
                <td><input type="radio" name="fp-why-from" aria-label={`Compare from ${s.takenAt}`} disabled={!s.hasPlan} checked={from === s.id} onChange={() => setFrom(s.id)} /></td>
                <td><input type="radio" name="fp-why-to" aria-label={`Compare to ${s.takenAt}`} disabled={!s.hasPlan} checked={to === s.id} onChange={() => setTo(s.id)} /></td>
              </tr>
            ))}
            <tr data-testid="snapshot-row-now">
              <td>Now</td><td>this forecast</td>
              <td className="cv-num">{formatDate(pf.forecast.finishDate.p50)}</td>
              <td className="cv-num">{formatDate(pf.forecast.finishDate.p80)}</td>
              <td className="cv-num">{formatDate(pf.forecast.finishDate.p95)}</td>
              <td className="cv-num">{formatPercent(pf.forecast.due?.probability)}</td>
              <td className="cv-num">{pf.forecast.deterministic.criticalPath.length} issues</td>
              <td />
              <td><input type="radio" name="fp-why-to" aria-label="Compare to now" checked={to === NOW} onChange={() => setTo(NOW)} /></td>
            </tr>
          </tbody>
        </table>
      )}

      {snapshots.length > 0 && (
        <>
          <h3 className="cv-h" style={{ marginTop: 16 }}>Why it moved</h3>
          <div className="fp-toolbar">
            <button type="button" className="cv-button cv-primary" data-testid="explain" disabled={!from || from === to || !!busy} onClick={() => void explain()}>
              {busy === 'explain' ? 'Explaining…' : 'Explain the move'}
            </button>
            <span className="fp-note">Pick “From” and “To” above. The change is applied one category at a time and re-forecast with the same random numbers.</span>
          </div>
          {why && ('error' in why ? <ErrorState error={why.error} title="Converge could not explain the move" /> : <WhyMovedTable why={why} />)}
        </>
      )}

      <h3 className="cv-h" style={{ marginTop: 16 }}>Baselines</h3>
      <form className="fp-toolbar" onSubmit={(e) => { e.preventDefault(); if (baselineName.trim()) void saveBaseline(); }}>
        <div className="cv-field">
          <label className="cv-label" htmlFor="fp-baseline-name">Name</label>
          <input id="fp-baseline-name" className="cv-input" data-testid="baseline-name" value={baselineName} maxLength={80} placeholder="e.g. Q3 commitment" onChange={(e) => setBaselineName(e.target.value)} />
        </div>
        <button type="submit" className="cv-button" data-testid="save-baseline" disabled={!baselineName.trim() || !!busy}>{busy === 'baseline' ? 'Saving…' : 'Save baseline'}</button>
        {baselines.length > 0 && (
          <div className="cv-field">
            <label className="cv-label" htmlFor="fp-baseline">Compare with</label>
            <select id="fp-baseline" className="cv-select" data-testid="baseline-select" value={baselineId} onChange={(e) => setBaselineId(e.target.value)}>
              {[...baselines].reverse().map((b) => <option key={b.id} value={b.id}>{b.name} ({formatDate(b.savedAt)})</option>)}
            </select>
          </div>
        )}
      </form>
      {baselines.length === 0 ? (
        <p className="fp-note">No baseline yet: save the forecast as it stands to measure every issue's slip against it.</p>
      ) : !variance ? (
        <Loading label="Comparing with the baseline…" />
      ) : 'error' in variance ? (
        <ErrorState error={variance.error} title="Converge could not compare with the baseline" />
      ) : (
        <VarianceView v={variance} />
      )}
    </div>
  );
}

function WhyMovedTable({ why }: { why: WhyMoved }) {
  const fromLabel = why.from.takenAt ? formatDate(why.from.takenAt) : 'then';
  const toLabel = why.to.takenAt ? formatDate(why.to.takenAt) : 'now';
  return (
    <div data-testid="why-moved">
      <p>
        P80 moved from <strong>{formatDate(why.from.p80Date)}</strong> ({fromLabel}) to <strong>{formatDate(why.to.p80Date)}</strong> ({toLabel}):{' '}
        <strong data-testid="why-total-p80">{signedDays(why.total.p80)}</strong> working days; P50 {signedDays(why.total.p50)}.
      </p>
      <table className="cv-table" aria-label="Why the forecast moved">
        <thead><tr><th>Category (in the order applied)</th><th className="cv-num">P50</th><th className="cv-num">P80</th><th>What changed</th></tr></thead>
        <tbody>
          {why.steps.map((s) => (
            <tr key={s.category} data-testid="why-row" data-category={s.category} data-p80={s.p80}>
              <td>{CATEGORY_LABEL[s.category]}</td>
              <td className="cv-num">{signedDays(s.p50)}</td>
              <td className="cv-num">{signedDays(s.p80)}</td>
              <td>
                {s.tasks.slice(0, 8).map((k) => (
                  <button key={k} type="button" className="cv-link" style={{ marginRight: 6 }} onClick={() => openIssue(k.replace(/^[+-]/, ''))}>{k}</button>
                ))}
                {s.count > 8 ? <span className="cv-subtlest">and {s.count - 8} more</span> : null}
                {s.fields.length ? <span className="cv-subtlest">{s.fields.join(', ')}</span> : null}
                {s.count === 0 && !s.fields.length ? <span className="cv-subtlest">nothing</span> : null}
              </td>
            </tr>
          ))}
          <tr><td><strong>Total</strong></td><td className="cv-num"><strong>{signedDays(why.total.p50)}</strong></td><td className="cv-num"><strong>{signedDays(why.total.p80)}</strong></td><td /></tr>
        </tbody>
      </table>
      <p className="fp-note">
        Working days, positive = later. Both ends are re-forecast with {why.iterations.toLocaleString('en')} simulations (seed {why.seed}), so they may differ slightly from the stored figures.
        {why.notes.length ? ` ${why.notes.join(' ')}` : ''}
      </p>
    </div>
  );
}

function VarianceView({ v }: { v: BaselineVariance }) {
  const p = v.program;
  const rows = v.issues.filter((i) => i.added || i.removed || (i.p80Days ?? 0) !== 0 || (i.finishDays ?? 0) !== 0);
  const tone = p.p80Days > 0 ? 'cv-danger' : p.p80Days < 0 ? 'cv-success' : undefined;
  return (
    <div data-testid="baseline-variance" data-p80-days={p.p80Days}>
      <div className="cv-figures">
        <div className={`cv-figure${tone ? ` ${tone}` : ''}`} data-testid="variance-p80">
          <div className="cv-figure-label">P80 vs “{v.baseline.name}”</div>
          <div className="cv-figure-value">{signedDays(p.p80Days)}</div>
          <div className="cv-figure-note">{formatDate(p.baselineP80)} → {formatDate(p.currentP80)}</div>
        </div>
        <div className="cv-figure" data-testid="variance-plan">
          <div className="cv-figure-label">Plan as estimated</div>
          <div className="cv-figure-value">{signedDays(p.finishDays)}</div>
          <div className="cv-figure-note">{formatDate(p.baselineFinish)} → {formatDate(p.currentFinish)}</div>
        </div>
        <div className="cv-figure">
          <div className="cv-figure-label">Issues that moved</div>
          <div className="cv-figure-value">{rows.length}</div>
          <div className="cv-figure-note">of {v.issues.length}; baseline saved {formatDate(v.baseline.savedAt)}</div>
        </div>
      </div>
      {rows.length > 0 ? (
        <table className="cv-table" data-testid="variance-table" aria-label="Variance by issue">
          <thead><tr><th>Issue</th><th className="cv-num">P80 variance</th><th className="cv-num">Baseline P80</th><th className="cv-num">P80 now</th><th className="cv-num">Planned finish variance</th></tr></thead>
          <tbody>
            {rows.slice(0, 100).map((i) => (
              <tr key={i.key} data-testid="variance-row" data-key={i.key}>
                <td><button type="button" className="cv-link" onClick={() => openIssue(i.key)}>{i.key}</button>{i.added ? <span className="cv-subtlest"> added since</span> : i.removed ? <span className="cv-subtlest"> no longer in scope</span> : null}</td>
                <td className="cv-num">{i.p80Days === undefined ? '—' : signedDays(i.p80Days)}</td>
                <td className="cv-num">{formatDate(i.baselineP80)}</td>
                <td className="cv-num">{formatDate(i.currentP80)}</td>
                <td className="cv-num">{i.finishDays === undefined ? '—' : signedDays(i.finishDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="fp-note">Every issue finishes when the baseline said it would.</p>
      )}
    </div>
  );
}
