/**
 * Geometry of the distribution (histogram + S-curve), tornado and pool-usage charts,
 * and the SVG export helpers (static/shared/charts). Expected values are derived
 * by hand from the inputs; pixel tolerances are 0.1 px (the layouts round to 0.1).
 */
import { formatPercent, layoutDistribution } from '../../static/shared/charts/distribution-layout';
import { layoutTornado } from '../../static/shared/charts/tornado-layout';
import { bucketMax, layoutPoolUsage } from '../../static/shared/charts/pool-usage-layout';
import { composeSvg, resolveCssVars } from '../../static/shared/charts/svg-export';
import { niceMax, niceTicks } from '../../static/shared/charts/scale';

const dateOf = (d: number) => `d${d.toFixed(1)}`;

describe('layoutDistribution', () => {
  it('draws nothing but the markers for an empty histogram (no NaN)', () => {
    const l = layoutDistribution({ histogram: { start: 0, width: 1, counts: [] }, percentiles: { p50: 10, p80: 12, p95: 15 }, dateOf });
    expect(l.bars).toEqual([]);
    expect(l.curve).toBe('');
    expect(l.markers.every((m) => Number.isFinite(m.x))).toBe(true);
  });

  it('trims empty bins, normalises shares and ends the S-curve at 100%', () => {
    const l = layoutDistribution({ histogram: { start: 10, width: 2, counts: [0, 0, 10, 30, 40, 20, 0] }, percentiles: { p50: 16.5, p80: 18, p95: 19.5 }, dateOf, width: 600, height: 300 });
    expect(l.bars.map((b) => [b.from, b.to, b.count])).toEqual([[14, 16, 10], [16, 18, 30], [18, 20, 40], [20, 22, 20]]);
    expect(l.bars.map((b) => b.share)).toEqual([0.1, 0.3, 0.4, 0.2]);
    expect(l.total).toBe(100);
    // Last curve point: cumulative 1 at the plot's top.
    const last = l.curve.split(' ').at(-1)!;
    expect(Number(last.split(',')[1])).toBeCloseTo(l.plot.top, 1);
    // Markers in order, labelled with their dates.
    expect(l.markers.map((m) => m.label)).toEqual(['P50 d16.5', 'P80 d18.0', 'P95 d19.5']);
    expect(l.markers[0].x).toBeLessThan(l.markers[1].x);
    expect(l.markers[1].x).toBeLessThan(l.markers[2].x);
    // The tallest bar (40%) reaches the top of the share axis or below it, never above; the top tick is >= 40%.
    for (const b of l.bars) expect(b.y).toBeGreaterThanOrEqual(l.plot.top - 0.1);
    expect(l.yTicks.at(-1)!.label).toBe('40%');
  });

  it('marks the due date with its probability and widens the axis to show it', () => {
    const l = layoutDistribution({ histogram: { start: 10, width: 1, counts: [5, 5] }, percentiles: { p50: 10.5, p80: 11, p95: 11.5 }, due: { days: 14, probability: 0.999, date: '3 Mar 2027' }, dateOf });
    expect(l.due!.label).toBe('Due 3 Mar 2027: 99.9%');
    expect(l.due!.x).toBeLessThanOrEqual(l.plot.right);
    expect(l.due!.x).toBeGreaterThan(l.markers[2].x);
  });

  it('formats percentages without rounding a near-certainty to a certainty', () => {
    expect(formatPercent(0.723)).toBe('72%');
    expect(formatPercent(0.996)).toBe('99.6%');
    expect(formatPercent(0.004)).toBe('0.4%');
    // One decimal would round these to certainty or impossibility.
    expect(formatPercent(0.9996)).toBe('99.9%');
    expect(formatPercent(0.0004)).toBe('0.1%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(NaN)).toBe('—');
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 x 10^k', () => {
    expect(niceTicks(0, 0.37, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
  it('rounds an axis maximum up to the next tick so the tallest bar fits', () => {
    expect(niceMax(0.19, 4)).toBe(0.2);
    expect(niceMax(0.15, 4)).toBe(0.15);
    expect(niceMax(9, 4)).toBe(10);
  });
});

describe('layoutTornado', () => {
  it('orders by cruciality, clamps to [0, 1] and flags a negative sensitivity', () => {
    const l = layoutTornado([
      { id: 'A', criticality: 0.5, sensitivity: 0.2, cruciality: 0.1 },
      { id: 'B', criticality: 1, sensitivity: 0.9, cruciality: 0.9 },
      { id: 'C', criticality: 1.2, sensitivity: -0.3, cruciality: 0 },
    ], { width: 720, labelWidth: 260 });
    expect(l.rows.map((r) => r.id)).toEqual(['B', 'A', 'C']);
    const half = l.halfWidth;
    expect(l.rows[0].crit.w).toBeCloseTo(half, 1);
    expect(l.rows[0].crit.x + l.rows[0].crit.w).toBeCloseTo(l.centerX, 1);
    expect(l.rows[1].sens.w).toBeCloseTo(0.2 * half, 1);
    expect(l.rows[2].crit.w).toBeCloseTo(half, 1);
    expect(l.rows[2].sens).toMatchObject({ w: 0, negative: true, value: -0.3 });
  });
  it('shows at most `max` drivers', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `T${i}`, criticality: 0.5, sensitivity: 0.5, cruciality: i / 100 }));
    expect(layoutTornado(many, { max: 10 }).rows).toHaveLength(10);
  });
});

describe('layoutPoolUsage', () => {
  it('keeps the maximum of each bucket so an overload is never averaged away', () => {
    expect(bucketMax([0, 0, 9, 0, 1, 1], 3)).toEqual([0, 9, 1]);
    expect(bucketMax([1, 2], 5)).toEqual([1, 2]);
  });

  it('finds the days over capacity and the peak', () => {
    const l = layoutPoolUsage({ id: 'gpu', capacity: [8, 8, 4, 4, 8], usage: [4, 8, 8, 2, 0] }, { dateOf: (d) => `w${d}`, width: 400 });
    expect(l.overloadDays).toBe(1);
    expect(l.overloads).toHaveLength(1);
    expect(l.peak).toBe(8);
    expect(l.peakShare).toBe(2);
    expect(l.name).toBe('gpu');
    expect(l.usagePath.startsWith('M')).toBe(true);
    expect(l.usagePath.endsWith('Z')).toBe(true);
  });

  it('holds the last capacity when usage runs longer, and stays bounded for long horizons', () => {
    const usage = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? 12 : 2));
    const l = layoutPoolUsage({ id: 'gpu', capacity: [10], usage }, { dateOf: String, maxPoints: 200 });
    expect(l.overloadDays).toBe(1);
    expect(l.overloads).toHaveLength(1);
    expect(l.usagePath.length).toBeLessThan(200 * 24);
  });
});

describe('svg export helpers', () => {
  it('resolves var() from the page, falling back through nested fallbacks', () => {
    const look = (n: string) => ({ '--ds-text': '#B6C2CF' } as Record<string, string>)[n];
    expect(resolveCssVars('fill: var(--ds-text, #172B4D); stroke: var(--ds-border, var(--ds-x, #ccc))', look)).toBe('fill: #B6C2CF; stroke: #ccc');
    expect(resolveCssVars('font-family: var(--ds-font, ui-sans-serif, "Segoe UI", sans-serif)', () => undefined)).toBe('font-family: ui-sans-serif, "Segoe UI", sans-serif');
    expect(resolveCssVars('no vars', () => 'x')).toBe('no vars');
  });

  it('lays parts side by side or stacked, in one standalone document', () => {
    const parts = [{ markup: '<svg width="100" height="50"><rect/></svg>', width: 100, height: 50 }, { markup: '<svg x="9" width="200" height="80"><circle/></svg>', width: 200, height: 80 }];
    const row = composeSvg(parts, { background: '#fff', font: 'sans-serif', title: 'A & B' });
    expect([row.width, row.height]).toEqual([300, 80]);
    expect(row.text).toContain('<svg width="100" height="50" x="0" y="0">');
    expect(row.text).toContain('<svg width="200" height="80" x="100" y="0">');
    expect(row.text).toContain('<title>A &amp; B</title>');
    expect(row.text.startsWith('<?xml')).toBe(true);
    const col = composeSvg(parts, { background: '#fff', font: 'sans-serif', direction: 'column' });
    expect([col.width, col.height]).toEqual([200, 130]);
    expect(col.text).toContain('x="0" y="50"');
  });
});
