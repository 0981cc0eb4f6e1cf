/**
 * Risk-driver tornado: criticality to the left, sensitivity to the right of a
 * centre line, rows ordered by cruciality. Geometry from layoutTornado.
 */
import React from 'react';
import { tok } from './tokens';
import { layoutTornado, type TornadoDriver } from './tornado-layout';

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

export function Tornado({ drivers, width, onSelect, title }: { drivers: TornadoDriver[]; width?: number; onSelect?: (id: string) => void; title?: string }): React.JSX.Element {
  const l = React.useMemo(() => layoutTornado(drivers, { width }), [drivers, width]);
  const trunc = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return (
    <svg width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} data-export-part="tornado" role="img" aria-label={title ?? 'Risk drivers'} style={{ display: 'block', fontFamily: tok.font, maxWidth: '100%' }}>
      <rect x={0} y={0} width={l.width} height={l.height} style={{ fill: tok.surface }} />
      <text x={l.centerX - 8} y={16} fontSize={12} fontWeight={600} textAnchor="end" style={{ fill: tok.critical }}>◀ Criticality (on the critical path)</text>
      <text x={l.centerX + 8} y={16} fontSize={12} fontWeight={600} style={{ fill: tok.histogram }}>Sensitivity (drives the finish) ▶</text>
      {l.rows.map((r) => {
        const cy = r.y + 15;
        return (
          <g key={r.id} className="cv-driver" data-id={r.id}>
            <text x={8} y={cy + 4} fontSize={12} style={{ fill: tok.text, cursor: onSelect ? 'pointer' : undefined }} onClick={onSelect ? () => onSelect(r.id) : undefined}>
              <tspan fontWeight={600} style={{ fill: 'var(--ds-link, #1868DB)' }}>{r.id}</tspan>
              <tspan dx={6} style={{ fill: tok.textSubtle }}>{trunc(r.name ?? '', Math.max(6, Math.floor((l.labelWidth - 20 - r.id.length * 7) / 6.5)))}</tspan>
            </text>
            <rect className="cv-crit-bar" x={r.crit.x} y={r.y + 5} width={r.crit.w} height={20} style={{ fill: tok.critical, fillOpacity: 0.85 }}><title>{`${r.id}: critical in ${pct(r.crit.value)} of runs`}</title></rect>
            <rect className="cv-sens-bar" x={r.sens.x} y={r.y + 5} width={r.sens.w} height={20} style={{ fill: tok.histogram, fillOpacity: 0.85 }}><title>{`${r.id}: sensitivity ${r.sens.value.toFixed(2)}`}</title></rect>
            <text x={r.crit.x - 4} y={cy + 4} fontSize={11} textAnchor="end" style={{ fill: tok.textSubtle }}>{pct(r.crit.value)}</text>
            <text x={r.sens.x + r.sens.w + 4} y={cy + 4} fontSize={11} style={{ fill: tok.textSubtle }}>{r.sens.negative ? `${r.sens.value.toFixed(2)} (noise)` : r.sens.value.toFixed(2)}</text>
          </g>
        );
      })}
      <line x1={l.centerX} x2={l.centerX} y1={24} y2={l.height - 6} style={{ stroke: tok.borderBold }} />
    </svg>
  );
}
