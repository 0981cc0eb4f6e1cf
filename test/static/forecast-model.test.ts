/**
 * From the resolver's ProjectForecast to timeline rows (static/forecast-page/src/model.ts)
 * and the portfolio's shared-pool contention (static/portfolio/src/contention.ts).
 */
import type { ProjectForecast } from '../../src/resolvers/contract';
import { asOfDate, calendarOf, gateOf, timelineItems, type ForecastExtras } from '../../static/forecast-page/src/model';
import { poolContention } from '../../static/portfolio/src/contention';
import { makeForecast } from './make-forecast';

describe('timelineItems', () => {
  it('falls back to a Mon-Fri calendar when the forecast carries a bad one', () => {
    const pf = { ...makeForecast(), calendar: { workdays: [], holidays: [] } } as ForecastExtras;
    expect(calendarOf(pf).dateOfIndex(5)).toBe('2027-01-11');
    expect(asOfDate({ ...pf, computedAt: 'garbage' })).toBeUndefined();
    expect(asOfDate(pf)).toBe('2027-01-11');
  });

  it('marks exactly the critical path as critical and carries dates, percentiles, gates and epics', () => {
    const pf = makeForecast();
    const items = timelineItems(pf);
    expect(items.map((i) => i.id).sort()).toEqual(pf.schedule.tasks.map((t) => t.id).sort());
    expect(items.filter((i) => i.critical).map((i) => i.id).sort()).toEqual([...pf.schedule.criticalPath].sort());
    const ml12 = items.find((i) => i.id === 'ML-12')!;
    const s12 = pf.schedule.tasks.find((t) => t.id === 'ML-12')!;
    const f12 = pf.forecast.tasks.find((t) => t.id === 'ML-12')!;
    expect(ml12).toMatchObject({ start: s12.startDate, finish: s12.finishDate, p50: f12.finishDate.p50, p95: f12.finishDate.p95, group: 'ML-1', groupLabel: 'ML-1 Data & training', preds: ['ML-10', 'ML-11'] });
    expect(items.find((i) => i.id === 'ML-13')!.gate).toBe('bias-audit');
    expect(items.find((i) => i.id === 'ML-15')!.done).toBe(true);
    expect(items.find((i) => i.id === 'ML-13')!.group).toBeUndefined();
  });

  it('recognises gates by an explicit kind, a gate: label or the issue type', () => {
    const base = { key: 'X-1', summary: '', status: 'todo' as const, estimateSource: 'default', unestimated: false, predecessors: [] };
    expect(gateOf({ ...base, issueType: 'Story', gate: 'security-review' })).toBe('security-review');
    expect(gateOf({ ...base, issueType: 'Story', labels: ['GATE:bias-audit'] })).toBe('bias-audit');
    expect(gateOf({ ...base, issueType: 'Review Gate' })).toBe('Review Gate');
    expect(gateOf({ ...base, issueType: 'Story' })).toBeUndefined();
  });
});

describe('poolContention', () => {
  const project = (key: string, start: string, usage: number[], capacity: number[]): ProjectForecast => {
    const pf = makeForecast();
    return { ...pf, projectKey: key, start, schedule: { ...pf.schedule, resourceUsage: [{ id: 'h100', name: 'H100 cluster', usage, capacity }] } };
  };

  it('reports nothing without pools', () => {
    expect(poolContention([makeForecast()])).toEqual([]);
  });

  it('sums demand per calendar date across projects with different starts', () => {
    // A starts Mon 4 Jan, B one week later: B's day 0 is A's day 5.
    const a = project('A', '2027-01-04', [4, 4, 4, 4, 4, 4, 4, 0], [8]);
    const b = project('B', '2027-01-11', [6, 6, 0], [8]);
    const [c] = poolContention([a, b]);
    expect(c).toMatchObject({ id: 'h100', name: 'H100 cluster', projects: ['A', 'B'], peakDemand: 10, peakDate: '2027-01-11', capacityAtPeak: 8, overbookedDays: 2, firstOverbooked: '2027-01-11' });
  });

  it('uses the tightest capacity reported for a date', () => {
    const a = project('A', '2027-01-04', [5], [8]);
    const b = project('B', '2027-01-04', [0], [4]);
    expect(poolContention([a, b])[0]).toMatchObject({ capacityAtPeak: 4, overbookedDays: 1 });
  });

  it('does not count a project that reports a pool but never uses it as sharing it', () => {
    const a = project('A', '2027-01-04', [5], [8]);
    const b = project('B', '2027-01-04', [0], [8]);
    expect(poolContention([a, b])[0].projects).toEqual(['A']);
    expect(poolContention([b])).toEqual([]);
  });
});
