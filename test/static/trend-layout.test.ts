/** layoutTrend: the History tab's trend geometry (pure). Expected positions follow from the linear scales. */
import { dayOf, layoutTrend } from '../../static/forecast-page/src/trend-layout';

describe('layoutTrend', () => {
  it('survives a single point (a week of padding either side)', () => {
    const l = layoutTrend({ points: [{ at: '2027-01-11', p50: '2027-04-27', p80: '2027-05-13', p95: '2027-06-02' }], width: 800, height: 300 });
    expect(l.lines.map((x) => x.dots.length)).toEqual([1, 1, 1]);
    expect(l.lines[0].dots[0].x).toBeCloseTo((l.plot.left + l.plot.right) / 2, 6);
    expect(l.lines[0].d).toMatch(/^M[\d.]+,[\d.]+$/);
  });

  it('puts later finishes higher, later snapshots to the right, and the due date as a line', () => {
    const l = layoutTrend({
      points: [
        { at: '2027-01-04', p50: '2027-04-01', p80: '2027-04-20', p95: '2027-05-10', id: 'a' },
        { at: '2027-01-11', p50: '2027-04-08', p80: '2027-04-27', p95: '2027-05-17', id: 'b' },
        { at: '2027-01-18', p50: '2027-04-08', p80: '2027-04-27', p95: '2027-05-17' },
      ],
      due: '2027-04-23', width: 860, height: 280,
    });
    const p80 = l.lines.find((x) => x.key === 'p80')!.dots;
    expect(p80[0].x).toBeLessThan(p80[1].x);
    expect(p80[1].y).toBeLessThan(p80[0].y); // slipped a week: higher on screen
    expect(p80[2].y).toBeCloseTo(p80[1].y, 9);
    expect(l.due!.y).toBeGreaterThan(p80[1].y); // due before the P80
    expect(l.due!.label).toBe('Due 23 Apr');
    expect(l.yTicks.length).toBeGreaterThanOrEqual(2);
    expect(dayOf('1970-01-02')).toBe(1);
  });
});
