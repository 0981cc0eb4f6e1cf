/**
 * Trade-off: the P80 finish against a GPU pool's capacity (getTradeoffCurve), a line of
 * points from half to twice the current capacity, the current one marked, each point
 * labelled with its P80 date; the same numbers in a table for screen readers and copying.
 */
import { useState } from 'react';
import type { TradeoffCurve } from '../../../src/resolvers/contract';
import { call } from '../../shared/src/api';
import { ErrorState, Loading } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { linear, niceTicks } from '../../shared/charts/scale';
import { tok } from '../../shared/charts/tokens';
import type { PoolRef } from './ScenarioEditor';
import { capacitySteps } from './scenario-form';

type State = { phase: 'idle' } | { phase: 'loading' } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: TradeoffCurve };

export function Tradeoff({ projectKeys, pools }: { projectKeys: string[]; pools: PoolRef[] }) {
  const [pool, setPool] = useState(pools[0]?.id ?? '');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const chosen = pools.find((p) => p.id === pool);
  const draw = async () => {
    if (!chosen) return;
    setState({ phase: 'loading' });
    try {
      setState({ phase: 'ready', data: await call('getTradeoffCurve', { projectKeys, pool: chosen.id, capacities: capacitySteps(chosen.capacity ?? 8) }) });
    } catch (error) {
      console.error('Converge: trade-off curve failed', error);
      setState({ phase: 'error', error });
    }
  };
  if (!pools.length) return null;
  return (
    <section className="pf-section" aria-labelledby="pf-tradeoff-h">
      <h2 className="pf-h2" id="pf-tradeoff-h">Trade-off: P80 against GPU capacity</h2>
      <form className="cv-row pf-wrap" onSubmit={(e) => { e.preventDefault(); void draw(); }}>
        <label className="pf-field">
          <span className="cv-label">Pool</span>
          <select className="cv-input" value={pool} onChange={(e) => setPool(e.target.value)} data-testid="tradeoff-pool">
            {pools.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <button type="submit" className="cv-button" data-testid="tradeoff-run" disabled={state.phase === 'loading' || !projectKeys.length}>Draw the curve</button>
      </form>
      {state.phase === 'loading' && <Loading label="Simulating each capacity…" />}
      {state.phase === 'error' && <ErrorState error={state.error} title="The trade-off curve failed" onRetry={() => void draw()} />}
      {state.phase === 'ready' && <CurveChart curve={state.data} />}
    </section>
  );
}

export function CurveChart({ curve, width = 640 }: { curve: TradeoffCurve; width?: number }) {
  const h = 240, left = 56, right = width - 48, top = 24, bottom = h - 40;
  const pts = curve.points;
  const xs = pts.map((p) => p.x), ys = pts.map((p) => p.finishDays.p80);
  const x = linear(Math.min(...xs), Math.max(...xs), left, right);
  const yLo = Math.floor(Math.min(...ys) - 2), yHi = Math.ceil(Math.max(...ys) + 2);
  const y = linear(yLo, yHi, bottom, top);
  const name = curve.poolName ?? curve.pool ?? 'pool';
  return (
    <figure className="cv-figure pf-curve" data-testid="tradeoff-chart">
      <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} role="img" aria-label={`P80 finish against ${name} capacity`} style={{ display: 'block', maxWidth: '100%', fontFamily: tok.font }}>
        {niceTicks(yLo, yHi, 4).map((t) => (
          <g key={t}>
            <line x1={left} x2={right} y1={y(t)} y2={y(t)} style={{ stroke: tok.border }} />
            <text x={left - 6} y={y(t) + 4} fontSize={11} textAnchor="end" style={{ fill: tok.textSubtlest }}>{t} d</text>
          </g>
        ))}
        <polyline points={pts.map((p) => `${x(p.x)},${y(p.finishDays.p80)}`).join(' ')} style={{ fill: 'none', stroke: tok.bar, strokeWidth: 2 }} />
        {pts.map((p, k) => (
          <g key={p.x} className="pf-curve-point" data-x={p.x}>
            <circle cx={x(p.x)} cy={y(p.finishDays.p80)} r={p.current ? 6 : 4} style={{ fill: p.current ? tok.text : tok.bar }}>
              <title>{`${p.label}: P80 ${formatDate(p.finishDate.p80)}`}</title>
            </circle>
            <text x={x(p.x)} y={bottom + 16} fontSize={11} textAnchor="middle" style={{ fill: tok.textSubtle }}>{p.x}</text>
            {(k === 0 || pts[k - 1].finishDate.p80 !== p.finishDate.p80) && (
              <text x={x(p.x)} y={y(p.finishDays.p80) - 9} fontSize={10} textAnchor="middle" style={{ fill: tok.textSubtle }}>{formatDate(p.finishDate.p80)}</text>
            )}
          </g>
        ))}
        <text x={(left + right) / 2} y={h - 6} fontSize={11} textAnchor="middle" style={{ fill: tok.textSubtlest }}>{name} capacity (units; the black point is today's)</text>
      </svg>
      <table className="cv-table pf-table cv-sr-only">
        <caption>P80 finish by {name} capacity</caption>
        <thead><tr><th scope="col">Capacity</th><th scope="col">P80</th><th scope="col">Change</th><th scope="col">Chance by the due date</th></tr></thead>
        <tbody>{pts.map((p) => <tr key={p.x}><td>{p.x}{p.current ? ' (now)' : ''}</td><td>{formatDate(p.finishDate.p80)}</td><td>{p.deltaP80} d</td><td>{formatPercent(p.dueProbability)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
