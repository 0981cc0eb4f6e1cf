/**
 * The executive summary (static/forecast-page/src/summary.ts): plain language, the
 * right tone at the thresholds, the main risk named, and the same text for the
 * same report. Reports come from the real engine (make-forecast.ts) with a fixed seed.
 */
import { executiveSummary } from '../../static/forecast-page/src/summary';
import { makeForecast } from './make-forecast';

describe('executiveSummary', () => {
  it('says there is nothing to forecast for an empty scope instead of inventing dates', () => {
    const pf = makeForecast();
    const empty = { ...pf, schedule: { ...pf.schedule, tasks: [], criticalPath: [] } };
    const s = executiveSummary(empty);
    expect(s.tone).toBe('neutral');
    expect(s.headline).toMatch(/nothing to forecast/i);
    expect(s.text).not.toMatch(/\d{4}/);
  });

  it('leads with the P80 date when there is no due date', () => {
    const pf = makeForecast();
    const s = executiveSummary(pf);
    expect(s.tone).toBe('neutral');
    // The date is the report's P80 finish date, written as "D Mon YYYY".
    const [y, m, d] = pf.forecast.finishDate.p80.split('-').map(Number);
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
    expect(s.headline).toBe(`80% chance to ship by ${d} ${mon} ${y}.`);
  });

  it('grades the due-date probability: on track, at risk, unlikely', () => {
    const pf = makeForecast({ due: '2027-02-10' });
    const at = (p: number) => executiveSummary({ ...pf, forecast: { ...pf.forecast, due: { ...pf.forecast.due!, probability: p } } });
    expect(at(0.8).tone).toBe('success');
    expect(at(0.8).headline).toMatch(/^On track: 80% chance to ship by 10 Feb 2027\.$/);
    expect(at(0.79).tone).toBe('warning');
    expect(at(0.5).headline).toMatch(/^At risk: 50%/);
    expect(at(0.49).tone).toBe('danger');
    expect(at(0.995).headline).toContain('99.5%');
  });

  it('names the main risk driver, the critical path, the gate on it and the unestimated issues', () => {
    const pf = makeForecast({ due: '2027-02-10' });
    const s = executiveSummary(pf);
    // ML-12 (3/5/20 days, on the only long chain) dominates the spread of this plan.
    expect(pf.forecast.drivers[0].id).toBe('ML-12');
    expect(s.text).toContain('The main risk is ML-12 Retrain the fraud model');
    expect(s.text).toMatch(/critical path runs through \d+ issues, from ML-10 to ML-13/);
    expect(s.text).toContain('A review gate is on the critical path: ML-13 Bias audit. Book the review board early.');
    expect(s.text).toContain('1 open issue has no estimate');
  });

  it('mentions a resource bottleneck by pool name', () => {
    const pf = makeForecast();
    const tasks = pf.schedule.tasks.map((t, i) => (i < 2 ? { ...t, delayedBy: 'gpu-a100' } : t));
    const s = executiveSummary({ ...pf, schedule: { ...pf.schedule, tasks, resourceUsage: [{ id: 'gpu-a100', name: 'A100 pool', capacity: [8], usage: [8] }] } });
    expect(s.text).toContain('The A100 pool is a bottleneck: 2 issues wait for capacity.');
    const other = executiveSummary({ ...pf, schedule: { ...pf.schedule, tasks, resourceUsage: [{ id: 'gpu-a100', name: 'H100 cluster', capacity: [8], usage: [8] }] } });
    expect(other.text).toContain('The H100 cluster pool is a bottleneck');
  });

  it('is deterministic: the same report gives the same words', () => {
    expect(executiveSummary(makeForecast({ due: '2027-02-10' })).text).toBe(executiveSummary(makeForecast({ due: '2027-02-10' })).text);
  });
});
