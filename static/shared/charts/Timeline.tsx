/**
 * The roadmap timeline (SVG Gantt): a fixed label column and a horizontally
 * scrolling chart with bars, P50–P90 whiskers, dependency arrows, the critical
 * path (red, hatched, and a "CRITICAL" lozenge so it reads without colour),
 * gates (diamonds), deployment windows and the today line. Geometry comes from
 * layoutTimeline; this file only draws it.
 */
import React from 'react';
import { tok } from './tokens';
import { formatDate } from './calendar-axis';
import { layoutTimeline, type TimelineItem, type TimelineOptions, type TimelineLayout, type TaskRow } from './timeline-layout';

export interface TimelineProps extends TimelineOptions {
  items: TimelineItem[];
  onToggleGroup?: (key: string) => void;
  onSelect?: (id: string) => void;
  labelWidth?: number;
  /** Accessible name of the chart. */
  title?: string;
}

const LABEL_W = 300;

export function Timeline(props: TimelineProps): React.JSX.Element {
  const layout = React.useMemo(
    () => layoutTimeline(props.items, props),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.items, props.zoom, props.grouped, props.collapsed, props.maxRows, props.today, props.windows],
  );
  const labelWidth = props.labelWidth ?? LABEL_W;
  return (
    <div className="cv-timeline" style={{ display: 'flex', border: `1px solid ${tok.border}`, borderRadius: 4, background: tok.surface }}>
      <Labels layout={layout} width={labelWidth} onToggleGroup={props.onToggleGroup} onSelect={props.onSelect} />
      <div className="cv-timeline-scroll" style={{ overflowX: 'auto', flex: 1 }} tabIndex={0} aria-label="Timeline, scroll horizontally">
        <Chart layout={layout} title={props.title ?? 'Timeline'} />
      </div>
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Estimated width of one bold 10 px capital in a lozenge; the label column and the lozenges both size by it. */
const LOZENGE_CHAR_W = 6.9;

function Lozenge({ x, y, text, bg, fg }: { x: number; y: number; text: string; bg: string; fg: string }): React.JSX.Element {
  const w = text.length * LOZENGE_CHAR_W + 8;
  return (
    <g>
      <rect x={x} y={y - 8} width={w} height={16} rx={3} style={{ fill: bg }} />
      <text x={x + 4} y={y + 4} fontSize={10} fontWeight={700} style={{ fill: fg }}>{text}</text>
    </g>
  );
}

function Labels({ layout, width, onToggleGroup, onSelect }: { layout: TimelineLayout; width: number; onToggleGroup?: (k: string) => void; onSelect?: (id: string) => void }): React.JSX.Element {
  const rh = layout.rowHeight;
  return (
    <svg width={width} height={layout.height} data-export-part="labels" role="list" aria-label="Issues" style={{ flex: 'none', fontFamily: tok.font, borderRight: `1px solid ${tok.border}` }}>
      <rect x={0} y={0} width={width} height={layout.headerHeight} style={{ fill: tok.sunken }} />
      <text x={12} y={layout.headerHeight / 2 + 5} fontSize={12} fontWeight={600} style={{ fill: tok.textSubtle }}>Issue</text>
      {layout.rows.map((r) => {
        const cy = r.y + rh / 2;
        if (r.kind === 'group') {
          const toggle = () => onToggleGroup?.(r.key);
          return (
            <g
              key={`g:${r.key}`}
              role="button"
              tabIndex={0}
              aria-expanded={!r.collapsed}
              aria-label={`${r.label}: ${r.count} issues${r.critical ? `, ${r.critical} critical` : ''}. ${r.collapsed ? 'Expand' : 'Collapse'}`}
              className="cv-group-row"
              data-group={r.key}
              style={{ cursor: 'pointer' }}
              onClick={toggle}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } }}
            >
              <rect x={0} y={r.y} width={width} height={rh} style={{ fill: tok.neutral }} />
              <text x={10} y={cy + 4} fontSize={11} style={{ fill: tok.textSubtle }}>{r.collapsed ? '▶' : '▼'}</text>
              <text x={26} y={cy + 4} fontSize={13} fontWeight={600} style={{ fill: tok.text }}>{truncate(r.label, 30)}</text>
              <text x={width - 10} y={cy + 4} fontSize={11} textAnchor="end" style={{ fill: tok.textSubtlest }}>{r.count}</text>
            </g>
          );
        }
        const it = r.item;
        const badges: Array<{ text: string; bg: string; fg: string }> = [];
        if (it.critical) badges.push({ text: 'CRITICAL', bg: tok.critical, fg: tok.textInverse });
        // A placeholder is an assumption of the forecast (the engine flags it `assumed`), not a Jira issue.
        if (it.placeholder) badges.push({ text: 'ASSUMED', bg: tok.textSubtlest, fg: tok.textInverse });
        if (it.gate) badges.push({ text: 'GATE', bg: tok.gate, fg: tok.textInverse });
        const badgeW = badges.reduce((s, b) => s + b.text.length * LOZENGE_CHAR_W + 12, 0);
        // Text is truncated by an estimate of its width and clipped by a nested <svg>, so it can never run under the lozenges.
        const textW = Math.max(40, width - 12 - badgeW - 8);
        const room = Math.max(6, Math.floor((textW - it.id.length * 8.2 - 6) / 7));
        return (
          <g key={it.id} role="listitem" className={`cv-label-row${it.critical ? ' critical' : ''}`} data-id={it.id}>
            <title>{`${it.id} ${it.label ?? ''}`}</title>
            <svg x={12} y={r.y} width={textW} height={rh} overflow="hidden">
              <text
                x={0} y={rh / 2 + 4} fontSize={13}
                style={{ fill: it.done ? tok.textSubtlest : tok.text, cursor: onSelect ? 'pointer' : undefined }}
                onClick={onSelect && !it.placeholder ? () => onSelect(it.id) : undefined}
                {...(onSelect && !it.placeholder ? { role: 'link', tabIndex: 0, 'aria-label': `Open ${it.id}`, onKeyDown: (e: React.KeyboardEvent) => { if (e.key === 'Enter') onSelect(it.id); } } : {})}
              >
                <tspan fontWeight={600} fontStyle={it.placeholder ? 'italic' : undefined} style={{ fill: it.done || it.placeholder ? tok.textSubtlest : 'var(--ds-link, #1868DB)', textDecoration: it.done ? 'line-through' : undefined }}>{it.id}</tspan>
                <tspan dx={6} style={{ fill: tok.textSubtle }}>{truncate(it.label ?? '', room)}</tspan>
              </text>
            </svg>
            {badges.map((b, i) => {
              const x = width - 8 - badges.slice(i).reduce((s, bb) => s + bb.text.length * LOZENGE_CHAR_W + 12, 0) + 4;
              return <Lozenge key={b.text} x={x} y={cy} text={b.text} bg={b.bg} fg={b.fg} />;
            })}
          </g>
        );
      })}
    </svg>
  );
}

function barFill(r: TaskRow): string {
  // The reported path wins over "done": the count of red bars always equals the path's length.
  if (r.item.critical) return tok.critical;
  if (r.item.done) return tok.barDone;
  if (r.item.nearCritical) return tok.nearCritical;
  return tok.bar;
}

function Chart({ layout, title }: { layout: TimelineLayout; title: string }): React.JSX.Element {
  const { width, height, headerHeight: hh, rowHeight: rh } = layout;
  const mid = hh / 2;
  return (
    <svg width={width} height={height} data-export-part="chart" role="img" aria-label={title} style={{ display: 'block', fontFamily: tok.font }}>
      <defs>
        <pattern id="cv-hatch" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={2} height={6} style={{ fill: '#FFFFFF', fillOpacity: 0.35 }} />
        </pattern>
        <marker id="cv-arrow" viewBox="0 0 8 8" refX={7} refY={4} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" style={{ fill: tok.borderBold }} />
        </marker>
        <marker id="cv-arrow-crit" viewBox="0 0 8 8" refX={7} refY={4} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" style={{ fill: tok.critical }} />
        </marker>
      </defs>
      <rect x={0} y={0} width={width} height={hh} style={{ fill: tok.sunken }} />
      {layout.weekends.map((w) => <rect key={`we${w.x}`} x={w.x} y={hh} width={w.w} height={height - hh} style={{ fill: tok.neutral }} />)}
      {layout.rows.filter((r) => r.kind === 'group').map((r) => <rect key={`gb:${r.y}`} x={0} y={r.y} width={width} height={rh} style={{ fill: tok.neutral }} />)}
      {layout.windows.map((w, i) => (
        <g key={`win${i}`} className="cv-window">
          <rect x={w.x} y={hh} width={w.w} height={height - hh} style={{ fill: tok.window, fillOpacity: 0.45 }} />
          <text x={w.x + 3} y={hh + 11} fontSize={10} style={{ fill: tok.textSubtle }}>{w.label}</text>
        </g>
      ))}
      {layout.lowerTicks.map((t) => <line key={`gl${t.day}`} x1={t.x} x2={t.x} y1={mid} y2={height} style={{ stroke: tok.border }} />)}
      {layout.upperTicks.map((t) => (
        <g key={`u${t.day}`}>
          <line x1={t.x} x2={t.x} y1={0} y2={mid} style={{ stroke: tok.border }} />
          <text x={t.x + 4} y={mid - 7} fontSize={12} fontWeight={600} style={{ fill: tok.textSubtle }}>{t.label}</text>
        </g>
      ))}
      {layout.lowerTicks.map((t) => <text key={`lt${t.day}`} x={t.x + 3} y={hh - 7} fontSize={11} style={{ fill: tok.textSubtlest }}>{t.label}</text>)}
      <line x1={0} x2={width} y1={hh} y2={hh} style={{ stroke: tok.border }} />
      <line x1={0} x2={width} y1={mid} y2={mid} style={{ stroke: tok.border }} />
      {layout.arrows.map((a) => (
        <path
          key={`${a.from}>${a.to}`}
          className={`cv-arrow${a.critical ? ' critical' : ''}`}
          d={a.d}
          markerEnd={a.critical ? 'url(#cv-arrow-crit)' : 'url(#cv-arrow)'}
          style={{ fill: 'none', stroke: a.critical ? tok.criticalLine : tok.borderBold, strokeWidth: a.critical ? 1.6 : 1, strokeOpacity: a.critical ? 0.95 : 0.6 }}
        />
      ))}
      {layout.rows.map((r) => {
        if (r.kind === 'group') {
          return (
            <g key={`gs:${r.key}`} className="cv-group-bar">
              <rect x={r.x} y={r.y + rh / 2 - 3} width={r.w} height={6} rx={1} style={{ fill: r.critical ? tok.critical : tok.textSubtle, fillOpacity: 0.8 }} />
            </g>
          );
        }
        const it = r.item;
        const y = r.y + 6, h = rh - 12, cy = r.y + rh / 2;
        const tip = `${it.id}${it.label ? ` ${it.label}` : ''}\n${formatDate(it.start)} → ${formatDate(it.finish)}${it.critical ? '\nOn the critical path' : ''}${it.p50 ? `\nFinish P50 ${formatDate(it.p50)}, P80 ${formatDate(it.p80 ?? it.p50)}, ${it.p90 ? 'P90' : 'P95'} ${formatDate(it.p90 ?? it.p95 ?? it.p50)}` : ''}${it.gate ? `\nGate: ${it.gate}` : ''}${it.placeholder ? '\nPlaceholder added by the forecast (no such issue in Jira)' : ''}`;
        const cls = `cv-bar${it.critical ? ' critical' : ''}${it.nearCritical && !it.critical ? ' near-critical' : ''}${it.done ? ' done' : ''}${it.gate ? ' gate' : ''}${it.placeholder ? ' placeholder' : ''}`;
        return (
          <g key={it.id} data-id={it.id}>
            {r.whisker && (
              <g className="cv-whisker" style={{ stroke: tok.textSubtle, strokeWidth: 1.2 }}>
                <line x1={r.whisker.x50} x2={r.whisker.xHigh} y1={cy} y2={cy} />
                <line x1={r.whisker.x50} x2={r.whisker.x50} y1={cy - 4} y2={cy + 4} />
                {r.whisker.x80 !== undefined && <line x1={r.whisker.x80} x2={r.whisker.x80} y1={cy - 3} y2={cy + 3} />}
                <line x1={r.whisker.xHigh} x2={r.whisker.xHigh} y1={cy - 5} y2={cy + 5} />
              </g>
            )}
            {it.milestone ? (
              <path className={cls} d={`M${r.x},${cy - 7} l7,7 l-7,7 l-7,-7 z`} style={{ fill: barFill(r) }}><title>{tip}</title></path>
            ) : (
              <>
                <rect className={cls} x={r.x} y={y} width={r.w} height={h} rx={3} style={{ fill: barFill(r) }}><title>{tip}</title></rect>
                {it.critical && <rect x={r.x} y={y} width={r.w} height={h} rx={3} style={{ fill: 'url(#cv-hatch)', pointerEvents: 'none' }} />}
              </>
            )}
            {it.gate && <path className="cv-gate" d={`M${r.x + r.w},${cy - 7} l7,7 l-7,7 l-7,-7 z`} style={{ fill: tok.gate, stroke: tok.surface, strokeWidth: 1 }}><title>{`Gate: ${it.gate}`}</title></path>}
          </g>
        );
      })}
      {layout.todayX !== undefined && (
        <g className="cv-today">
          <line x1={layout.todayX} x2={layout.todayX} y1={hh} y2={height} style={{ stroke: tok.today, strokeWidth: 2, strokeDasharray: '4 3' }} />
          <rect x={layout.todayX - 22} y={hh + 2} width={44} height={15} rx={3} style={{ fill: tok.today }} />
          <text x={layout.todayX} y={hh + 13} fontSize={10} fontWeight={700} textAnchor="middle" style={{ fill: tok.textInverse }}>Today</text>
        </g>
      )}
    </svg>
  );
}

/** Legend shared by the page and the export. */
export function TimelineLegend({ high }: { high: 'p90' | 'p95' }): React.JSX.Element {
  const item = (swatch: React.ReactNode, text: string) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, marginRight: 16 }}>
      <svg width={28} height={14} aria-hidden="true">{swatch}</svg>
      {text}
    </span>
  );
  return (
    <div className="cv-legend" role="note" aria-label="Legend" style={{ fontSize: 12, color: tok.textSubtle, display: 'flex', flexWrap: 'wrap', rowGap: 4 }}>
      {item(<><rect x={2} y={2} width={24} height={10} rx={2} style={{ fill: tok.critical }} /><rect x={2} y={2} width={24} height={10} rx={2} style={{ fill: 'url(#cv-hatch)' }} /></>, 'Critical path (labelled CRITICAL)')}
      {item(<rect x={2} y={2} width={24} height={10} rx={2} style={{ fill: tok.nearCritical }} />, 'Near-critical')}
      {item(<rect x={2} y={2} width={24} height={10} rx={2} style={{ fill: tok.bar }} />, 'Scheduled')}
      {item(<rect x={2} y={2} width={24} height={10} rx={2} style={{ fill: tok.barDone }} />, 'Done')}
      {item(<g style={{ stroke: tok.textSubtle, strokeWidth: 1.2 }}><line x1={3} x2={25} y1={7} y2={7} /><line x1={3} x2={3} y1={3} y2={11} /><line x1={14} x2={14} y1={4} y2={10} /><line x1={25} x2={25} y1={2} y2={12} /></g>, `Finish P50 · P80 · ${high.toUpperCase()}`)}
      {item(<path d="M14,0 l7,7 l-7,7 l-7,-7 z" style={{ fill: tok.gate }} />, 'Review gate')}
      {item(<rect x={2} y={1} width={24} height={12} style={{ fill: tok.window, fillOpacity: 0.6 }} />, 'Window (deployment, freeze, maintenance)')}
      {item(<line x1={14} x2={14} y1={0} y2={14} style={{ stroke: tok.today, strokeWidth: 2, strokeDasharray: '4 3' }} />, 'Today')}
    </div>
  );
}

