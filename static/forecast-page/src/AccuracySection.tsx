/**
 * The History tab's "Accuracy" section: how good the stored snapshots' forecasts were against
 * what has resolved since (getAccuracyRetrospective): P80 hit rate, P50 error in working days,
 * the interval score, and a calibration chart (expected vs observed share of finishes at or
 * before each percentile, with the diagonal) plus the same figures as a table for screen readers.
 */
import React, { useEffect, useMemo, useState } from 'react';
import type { AccuracyRetrospective, AccuracyScore } from '../../../src/resolvers/contract';
import { call } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { tok } from '../../shared/charts/tokens';
import { ChartSvg, XAxis, YGrid } from '../../shared/charts/chart-frame';
import { layoutCalibration, type CalibrationSeries } from './calibration-layout';

const SERIES_COLOR: Record<string, string> = { issues: tok.bar, program: tok.nearCritical };

/** "+1.2 d" / "−0.5 d" / "0 d": working days, one decimal. */
function signed(d: number): string {
  const r = Math.round(d * 10) / 10;
  return r === 0 ? '0 d' : `${r > 0 ? '+' : '−'}${Math.abs(r)} d`;
}

export function AccuracySection({ projectKey, refresh }: { projectKey: string; refresh?: unknown }) {
  const [got, setGot] = useState<AccuracyRetrospective | { error: unknown }>();
  useEffect(() => {
    let live = true;
    setGot(undefined);
    call('getAccuracyRetrospective', { projectKey }).then((r) => live && setGot(r), (error) => live && setGot({ error }));
    return () => { live = false; };
  }, [projectKey, refresh]);

  if (!got) return <Loading label="Scoring past forecasts…" />;
  if ('error' in got) return <ErrorState error={got.error} title="Converge could not score the past forecasts" />;
  if (got.empty) {
    return (
      <div data-testid="accuracy" data-empty={got.empty}>
        <EmptyState title={got.empty === 'no-snapshots' ? 'No track record yet' : 'Nothing forecast has finished yet'}>
          The record builds up by itself: Converge snapshots every project's forecast each week (and whenever you press “Snapshot now”).
          As the issues those snapshots forecast are resolved, this section compares each forecast with the real finish: how often work
          finished by its P80, how far the P50 was off, and how well calibrated every percentile was.
          {got.snapshots ? ` ${got.snapshots} snapshot${got.snapshots === 1 ? '' : 's'} stored so far.` : ''}
        </EmptyState>
      </div>
    );
  }
  return <AccuracyView r={got} />;
}

function AccuracyView({ r }: { r: AccuracyRetrospective }) {
  const errorScore: AccuracyScore | undefined = r.issues.score ?? r.program.score;
  const errorOf = r.issues.score ? 'issues' : 'program';
  const series = useMemo<CalibrationSeries[]>(() => [
    ...(r.issues.score ? [{ key: 'issues', label: `Issues (${r.issues.score.count})`, rows: r.issues.score.calibration }] : []),
    ...(r.program.score ? [{ key: 'program', label: `Program finish (${r.program.score.count})`, rows: r.program.score.calibration }] : []),
  ], [r]);
  const hit = r.issues.p80HitRate;
  const hitTone = hit === undefined ? undefined : hit < 0.7 ? 'cv-danger' : hit >= 0.75 ? 'cv-success' : undefined;
  return (
    <div data-testid="accuracy" data-records={r.issues.records}>
      <div className="cv-figures">
        <div className={`cv-figure${hitTone ? ` ${hitTone}` : ''}`} data-testid="accuracy-hit-rate" data-value={hit}>
          <div className="cv-figure-label">P80 hit rate</div>
          <div className="cv-figure-value">{formatPercent(hit)}</div>
          <div className="cv-figure-note">{r.issues.p80Hits} of {r.issues.records} issue forecasts finished by their P80 (80% if calibrated)</div>
        </div>
        {errorScore && (
          <div className="cv-figure" data-testid="accuracy-p50-error" data-mean={errorScore.p50Error.mean} data-median={errorScore.p50Error.median}>
            <div className="cv-figure-label">P50 error ({errorOf})</div>
            <div className="cv-figure-value">{signed(errorScore.p50Error.mean)} mean · {signed(errorScore.p50Error.median)} median</div>
            <div className="cv-figure-note">actual − P50, working days (positive = later); mean |error| {Math.round(errorScore.p50Error.meanAbsolute * 10) / 10} d</div>
          </div>
        )}
        {r.program.score?.interval && (
          <div className="cv-figure" data-testid="accuracy-interval" data-value={r.program.score.interval.mean}>
            <div className="cv-figure-label">Interval score ({r.program.score.interval.lower.toUpperCase()}–{r.program.score.interval.upper.toUpperCase()})</div>
            <div className="cv-figure-value">{Math.round(r.program.score.interval.mean * 10) / 10} d</div>
            <div className="cv-figure-note">width plus penalties for misses; lower is better</div>
          </div>
        )}
        <div className="cv-figure" data-testid="accuracy-counts">
          <div className="cv-figure-label">Evidence</div>
          <div className="cv-figure-value">{r.resolvedIssues} issues</div>
          <div className="cv-figure-note">
            resolved since a snapshot; {r.program.records} finished program forecast{r.program.records === 1 ? '' : 's'}
            {r.from ? `; snapshots ${formatDate(r.from)}${r.to && r.to !== r.from ? ` – ${formatDate(r.to)}` : ''}` : ''}
          </div>
        </div>
      </div>
      {series.length > 0 ? (
        <>
          <CalibrationChart series={series} />
          <table className="cv-sr-only" data-testid="calibration-table" aria-label="Calibration: share of actual finishes at or before each percentile">
            <thead><tr><th>Forecasts</th><th>Percentile</th><th>Expected</th><th>Observed</th><th>Records</th></tr></thead>
            <tbody>
              {series.flatMap((s) => s.rows.map((row) => (
                <tr key={`${s.key}-${row.level}`} data-testid="calibration-row" data-series={s.key} data-level={row.level} data-observed={row.observed}>
                  <td>{s.label}</td><td>P{Math.round(row.level * 100)}</td><td>{formatPercent(row.level)}</td><td>{formatPercent(row.observed)}</td><td>{row.count}</td>
                </tr>
              )))}
            </tbody>
          </table>
          <p className="fp-note">
            Calibration: for each percentile, the share of real finishes at or before it. On the dashed diagonal the forecasts were calibrated;
            below it, work finished later than forecast (optimistic); above it, earlier (pessimistic).
          </p>
        </>
      ) : (
        <p className="fp-note">The calibration chart needs snapshots that kept each issue's P50 and P95 (taken from now on) or a finished program.</p>
      )}
      {r.warnings.map((w) => <p key={w} className="fp-note">{w}</p>)}
    </div>
  );
}

export function CalibrationChart({ series, width = 380, height = 300 }: { series: CalibrationSeries[]; width?: number; height?: number }): React.JSX.Element {
  const l = useMemo(() => layoutCalibration(series, width, height), [series, width, height]);
  const { plot } = l;
  return (
    <ChartSvg width={l.width} height={l.height} part="calibration" label="Calibration chart: expected against observed share of finishes at or before each percentile" className="fp-calibration">
      <YGrid plot={plot} ticks={l.yTicks} />
      <XAxis plot={plot} ticks={l.xTicks} />
      <text x={(plot.left + plot.right) / 2} y={plot.bottom + 34} fontSize={11} textAnchor="middle" style={{ fill: tok.textSubtlest }}>Percentile (expected share)</text>
      <text x={12} y={(plot.top + plot.bottom) / 2} fontSize={11} textAnchor="middle" transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`} style={{ fill: tok.textSubtlest }}>Observed share</text>
      <line className="fp-calibration-diagonal" x1={l.diagonal.x1} y1={l.diagonal.y1} x2={l.diagonal.x2} y2={l.diagonal.y2} style={{ stroke: tok.borderBold, strokeDasharray: '4 4' }} />
      {l.series.map((s, k) => (
        <g key={s.key} className={`fp-calibration-series fp-calibration-${s.key}`}>
          <path d={s.d} style={{ fill: 'none', stroke: SERIES_COLOR[s.key] ?? tok.text, strokeWidth: 2 }} />
          {s.dots.map((d) => (
            <circle key={d.level} cx={d.x} cy={d.y} r={4} style={{ fill: SERIES_COLOR[s.key] ?? tok.text }}>
              <title>{`${s.label}: P${Math.round(d.level * 100)} — ${Math.round(d.observed * 100)}% finished by it (${d.count} records)`}</title>
            </circle>
          ))}
          <text x={plot.left + 8} y={plot.top + 14 + k * 16} fontSize={11} fontWeight={700} style={{ fill: SERIES_COLOR[s.key] ?? tok.text }}>{s.label}</text>
        </g>
      ))}
    </ChartSvg>
  );
}
