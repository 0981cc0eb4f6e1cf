/**
 * The leadership summary: plain-language content from a forecast and levers, an
 * HTML page that is self-contained (no script, no external resource), escapes every
 * text, and is byte-identical for the same inputs and seed.
 */
import { validatePlan } from '../../../src/engine/validate-plan';
import type { Plan } from '../../../src/engine/plan';
import { leadershipSummary, buildLeadershipSummary, renderSummaryHtml, escapeHtml, verdictOf, plainDate } from '../../../src/engine/summary';
import { mergePortfolio, forecastPortfolio } from '../../../src/engine/portfolio';
import { compilePlan } from '../../../src/engine/compile-plan';
import { forecast } from '../../../src/engine/forecast';

function plan(raw: Record<string, unknown>): Plan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

const PLAN = plan({
  name: 'Fraud <model> v3 & "friends"',
  start: '2027-01-04',
  due: '2027-02-26',
  resources: [{ id: 'a100', capacity: 1, name: 'A100 pool' }],
  tasks: [
    { id: 'DATA', name: 'Data delivery', duration: { optimistic: 3, mostLikely: 5, pessimistic: 12 } },
    { id: 'T1', name: 'Train <b>baseline</b>', duration: { optimistic: 5, mostLikely: 8, pessimistic: 20 }, after: ['DATA'], demand: { a100: 1 } },
    { id: 'T2', name: 'Train challenger', duration: { optimistic: 5, mostLikely: 8, pessimistic: 20 }, after: ['DATA'], demand: { a100: 1 } },
    { id: 'EVAL', name: 'Evaluation', duration: 3, after: ['T1', 'T2'], due: '2027-02-12' },
    { id: 'DOCS', name: 'Model card', duration: 2, after: ['DATA'], labels: ['optional'] },
  ],
});

describe('leadership summary', () => {
  it('refuses an unknown scenario change with its code (invalid input first)', () => {
    expect(() => leadershipSummary(PLAN, { generatedAt: '2027-01-04', iterations: 100, scenarios: [{ id: 'x', changes: [{ op: 'remove-tasks', ids: ['NOPE'] }] }] }))
      .toThrow(expect.objectContaining({ code: 'unknown-task' }));
  });

  it('says the chances, the drivers, the pool and the best lever in plain words', () => {
    const { summary } = leadershipSummary(PLAN, { generatedAt: '2027-01-04', iterations: 2000, seed: '42' });
    expect(summary.commitments.map((c) => [c.label, c.date])).toEqual([['Fraud <model> v3 & "friends" (whole plan)', '2027-02-26'], ['Evaluation', '2027-02-12']]);
    expect(summary.pools[0].id).toBe('a100');
    // Doubling the A100 pool runs the two trainings side by side: by far the best lever (~ one training, 8+ days).
    expect(summary.levers[0].id).toBe('double-a100');
    expect(summary.levers[0].p80Days).toBeGreaterThan(5);
    expect(summary.headline.some((h) => h.startsWith('Best lever: Double A100 pool capacity (1 -> 2)'))).toBe(true);
    expect(summary.headline[1]).toMatch(/^We are 80% confident of finishing by \d+ \w{3} 2027/);
  });

  it('renders a self-contained page, escaped, byte-identical for the same seed', () => {
    const a = leadershipSummary(PLAN, { generatedAt: '2027-01-04 09:00 UTC', iterations: 1000, seed: '7' }).html;
    const b = leadershipSummary(PLAN, { generatedAt: '2027-01-04 09:00 UTC', iterations: 1000, seed: '7' }).html;
    expect(a).toBe(b);
    expect(a).not.toMatch(/<script|https?:\/\/|src=|@import|url\(/i);
    expect(a).toContain('Fraud &lt;model&gt; v3 &amp; &quot;friends&quot;');
    expect(a).not.toContain('<b>baseline</b>');
    expect(a.startsWith('<!DOCTYPE html>')).toBe(true);
    const c = leadershipSummary(PLAN, { generatedAt: '2027-01-04 09:00 UTC', iterations: 1000, seed: '8' }).html;
    expect(c).not.toBe(a);
  });

  it('helpers: verdicts, dates, escaping', () => {
    expect([0.9, 0.8, 0.6, 0.2].map(verdictOf)).toEqual(['on track', 'on track', 'at risk', 'unlikely']);
    expect(plainDate('2027-03-09')).toBe('9 Mar 2027');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
    const html = renderSummaryHtml({
      title: 'T', generatedAt: 'g', seed: '1', iterations: 1, start: '2027-01-04',
      forecast: { p50Date: '2027-01-05', p80Date: '2027-01-06', p95Date: '2027-01-07', p50Days: 2, p80Days: 3 },
      commitments: [], drivers: [], pools: [], levers: [], contention: [], headline: ['h'], method: 'm',
    });
    expect(html).toContain('No committed date is set');
  });
});

describe('summary page snapshot', () => {
  it('renders a fixed summary to the stored bytes', () => {
    const html = renderSummaryHtml({
      title: 'Fraud model v3: delivery outlook', generatedAt: '2027-01-04', seed: '42', iterations: 10000, start: '2027-01-04',
      forecast: { p50Date: '2027-02-18', p80Date: '2027-02-25', p95Date: '2027-03-08', p50Days: 34, p80Days: 39 },
      commitments: [{ label: 'Whole plan', date: '2027-02-26', probability: 0.83, verdict: 'on track' }, { label: 'Evaluation', task: 'EVAL', date: '2027-02-12', probability: 0.41, verdict: 'unlikely' }],
      drivers: [{ id: 'T1', name: 'Train baseline', criticality: 0.62, cruciality: 0.4 }],
      pools: [{ id: 'a100', name: 'A100 pool', criticality: 0.55 }],
      levers: [{ id: 'double-a100', label: 'Double A100 pool capacity (1 -> 2)', p80Days: 8.4, p50Days: 7.9, p80Date: '2027-02-13', dueDelta: 0.15 }],
      contention: ['Search ranker slips 9 working days (P80) because of contention for the A100 pool.'],
      headline: ['Whole plan: 83% chance of meeting the committed date of 26 Feb 2027 (on track).'],
      method: 'Monte Carlo simulation of 10000 outcomes (seed 42).',
    });
    expect(html).toMatchSnapshot();
  });
});

describe('portfolio summary', () => {
  it('names the initiative that slips and the pool that causes it', () => {
    const one = (p: string) => plan({ start: '2027-01-04', due: '2027-01-29', resources: [{ id: 'a100', capacity: 1, name: 'A100' }], tasks: [{ id: `${p}1`, duration: 10, demand: { a100: 1 } }] });
    const m = mergePortfolio([{ key: 'A', name: 'Fraud v3', plan: one('A') }, { key: 'B', name: 'Search ranker', plan: one('B') }]);
    const pf = forecastPortfolio(m, { iterations: 20 });
    const s = buildLeadershipSummary({ plan: m.plan, forecast: forecast(compilePlan(m.plan), { iterations: 100 }), portfolio: pf, generatedAt: '2027-01-04' });
    expect(s.contention).toEqual(['Search ranker slips 10 working days (P80) because of contention for the A100 pool.']);
    // Both due 2027-01-29 (20 working days): met in the portfolio too (A by day 10, B by day 20).
    expect(s.commitments.map((c) => [c.label, c.probability])).toEqual([['Fraud v3 (in the portfolio)', 1], ['Search ranker (in the portfolio)', 1]]);
    expect(renderSummaryHtml(s)).toContain('Shared capacity');
    // Several initiatives on one page: each one's dates in the portfolio (A 10 days: 15 Jan; B 20: 29 Jan).
    expect(s.initiatives!.map((x) => [x.key, x.forecast.p80Date, x.due?.verdict])).toEqual([['A', '2027-01-15', 'on track'], ['B', '2027-01-29', 'on track']]);
    const html = renderSummaryHtml(s);
    expect(html).toContain('<th>Initiative</th>');
    expect(html).toContain('<td>B <span class="muted">Search ranker</span></td><td>29 Jan 2027</td><td><b>29 Jan 2027</b></td>');
  });

  it('names the initiative of each lever; one plan (no initiatives) keeps the one-plan page', () => {
    const base = {
      title: 'T', generatedAt: 'g', seed: '1', iterations: 1, start: '2027-01-04',
      forecast: { p50Date: '2027-01-05', p80Date: '2027-01-06', p95Date: '2027-01-07', p50Days: 2, p80Days: 3 },
      commitments: [], drivers: [], pools: [], contention: [], headline: ['h'], method: 'm',
      levers: [{ id: 'x', label: 'Grow <GPU>', p80Days: 4, p80Date: '2027-01-05', initiative: 'ML' }],
    };
    const several = renderSummaryHtml({ ...base, initiatives: [{ key: 'ML', forecast: base.forecast, drivers: [{ id: 'ML-1', criticality: 0.5 }], pools: [{ id: 'gpu', criticality: 0.25 }] }] });
    expect(several).toContain('<td>ML: Grow &lt;GPU&gt;</td>');
    expect(several).toContain('<li><b>ML</b>: the critical work on ML-1 (critical in 50% of outcomes); and waiting for gpu (holds the finish back in 25% of outcomes).</li>');
    expect(several).not.toContain('class="dates"');
    expect(renderSummaryHtml(base)).toContain('<div class="dates">');
  });
});
