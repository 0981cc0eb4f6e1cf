/**
 * Pool usage over time vs capacity (one small chart per pool), overloaded days
 * marked in red with a text note. Geometry from layoutPoolUsage.
 */
import React from 'react';
import { tok } from './tokens';
import { ChartSvg, XAxis, YGrid } from './chart-frame';
import { layoutPoolUsage, type PoolSeries } from './pool-usage-layout';

export function PoolUsage({ pool, dateOf, width }: { pool: PoolSeries; dateOf: (day: number) => string; width?: number }): React.JSX.Element {
  const l = React.useMemo(() => layoutPoolUsage(pool, { dateOf, width }), [pool, dateOf, width]);
  const p = l.plot;
  return (
    <figure style={{ margin: '0 0 16px' }} className="cv-pool" data-id={pool.id}>
      <figcaption style={{ fontSize: 13, fontWeight: 600, color: tok.text, marginBottom: 4 }}>
        {l.name}
        <span style={{ fontWeight: 400, color: tok.textSubtle, marginLeft: 8 }}>
          peak {l.peak} units{Number.isFinite(l.peakShare) ? ` (${Math.round(l.peakShare * 100)}% of capacity)` : ''}
          {l.overloadDays > 0 && <strong style={{ color: tok.textDanger }}> · over capacity on {l.overloadDays} working day{l.overloadDays === 1 ? '' : 's'}</strong>}
        </span>
      </figcaption>
      <ChartSvg width={l.width} height={l.height} part={`pool-${pool.id}`} label={`${l.name}: units in use per working day vs capacity`}>
        <YGrid plot={p} ticks={l.yTicks} />
        {l.overloads.map((o) => <rect key={`o${o.x}`} className="cv-overload" x={o.x} y={p.top} width={o.w} height={p.bottom - p.top} style={{ fill: tok.overload, fillOpacity: 0.18 }} />)}
        <path className="cv-usage" d={l.usagePath} style={{ fill: tok.bar, fillOpacity: 0.35, stroke: tok.bar, strokeWidth: 1 }} />
        <path className="cv-capacity" d={l.capacityPath} style={{ fill: 'none', stroke: tok.capacity, strokeWidth: 2, strokeDasharray: '6 3' }} />
        <XAxis plot={p} ticks={l.xTicks} tickMarks={false} labelGap={16} />
      </ChartSvg>
    </figure>
  );
}
