/**
 * Risk-driver tornado: one row per driver, ordered by cruciality (criticality x
 * sensitivity, the share of finish variation the task drives). Criticality (share
 * of simulations in which the task is on the critical path) extends left of the
 * centre line, sensitivity (rank correlation of its duration with the project
 * finish) extends right; both are on a 0..1 scale so the halves compare.
 * A negative sensitivity (longer task, earlier finish: noise) would read as
 * criticality if drawn leftwards, so its bar is clamped at 0 and the row flagged.
 * Cost: O(drivers log drivers).
 */
import { round1 } from './scale';

export interface TornadoDriver {
  id: string;
  name?: string;
  criticality: number;
  sensitivity: number;
  cruciality: number;
}

export interface TornadoLayout {
  width: number;
  height: number;
  centerX: number;
  halfWidth: number;
  labelWidth: number;
  rows: Array<{
    id: string;
    name?: string;
    y: number;
    crit: { x: number; w: number; value: number };
    sens: { x: number; w: number; value: number; negative: boolean };
    cruciality: number;
  }>;
}

export function layoutTornado(drivers: readonly TornadoDriver[], opts: { width?: number; rowHeight?: number; max?: number; labelWidth?: number } = {}): TornadoLayout {
  const width = opts.width ?? 720;
  const rowHeight = opts.rowHeight ?? 30;
  const labelWidth = opts.labelWidth ?? 260;
  const top = 34;
  const list = [...drivers].sort((a, b) => b.cruciality - a.cruciality || a.id.localeCompare(b.id, 'en', { numeric: true })).slice(0, opts.max ?? 10);
  const halfWidth = (width - labelWidth - 24 - 56) / 2;
  const centerX = labelWidth + 28 + halfWidth;
  const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
  const rows = list.map((d, i) => {
    const c = clamp01(d.criticality);
    const s = clamp01(d.sensitivity);
    return {
      id: d.id, name: d.name, y: top + i * rowHeight, cruciality: d.cruciality,
      crit: { x: round1(centerX - c * halfWidth), w: round1(c * halfWidth), value: d.criticality },
      sens: { x: centerX, w: round1(s * halfWidth), value: d.sensitivity, negative: d.sensitivity < 0 },
    };
  });
  return { width, height: top + rows.length * rowHeight + 12, centerX, halfWidth, labelWidth, rows };
}
