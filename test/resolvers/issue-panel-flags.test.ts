import type { IssueForecast, ReplanningStatus } from '../../src/resolvers/contract';
import { withReplanningFlags } from '../../src/resolvers/issue-panel';

const forecast: IssueForecast = {
  issueKey: 'ML-7', finishDate: { p50: '2027-02-01', p80: '2027-02-08', p95: '2027-02-15' }, finishDays: { p50: 20, p80: 25, p95: 30 },
  criticality: 0.9, totalFloat: 0, drivingChain: [], warnings: [], estimateSource: 'property', computedAt: '2027-01-04T00:00:00.000Z',
};
const status: ReplanningStatus = {
  projectKey: 'ML', evaluatedAt: '2027-01-04T00:00:00.000Z', source: 'snapshot',
  flags: [
    { kind: 'p80-slip', severity: 'warning', message: 'P80 slipped 7 working days since baseline "Q1"', value: 7, threshold: 5 },
    { kind: 'gate-at-risk', severity: 'error', message: 'GATE-bias finishes after its due date', issues: ['ML-9'] },
    { kind: 'critical-path', severity: 'warning', message: 'The critical path now runs through ML-7', issues: ['ML-7', 'ML-3'] },
  ],
};

describe('re-planning flags in the issue panel', () => {
  it('adds nothing when the project has no flags', () => {
    expect(withReplanningFlags(forecast, undefined)).toBe(forecast);
    expect(withReplanningFlags(forecast, { ...status, flags: [] })).toBe(forecast);
  });

  it('shows program-wide flags and flags naming the issue, not flags about other issues', () => {
    const out = withReplanningFlags(forecast, status);
    expect(out.replanning!.map((f) => f.kind)).toEqual(['p80-slip', 'critical-path']);
    expect(out.warnings.map((w) => w.code)).toEqual(['replan-p80-slip', 'replan-critical-path']);
    expect(out.warnings[0].message).toMatch(/P80 slipped 7 working days/);
    expect(forecast.warnings).toEqual([]);
  });
});
