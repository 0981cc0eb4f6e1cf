/**
 * Settings validation of the risk register, correlation groups and re-planning thresholds
 * (src/resolvers/settings.ts): every rejection is 'invalid-payload' naming the field path.
 */
import { DEFAULT_SETTINGS, RISK_LIMITS, validateSettings } from '../../src/resolvers/settings';
import { ResolverFailure } from '../../src/resolvers/errors';
import type { RiskSetting, Settings } from '../../src/resolvers/contract';

const base = (): Settings => structuredClone(DEFAULT_SETTINGS);
const risk = (patch: Partial<RiskSetting> = {}): RiskSetting => ({ id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'DATA-' }, ...patch });

/** The field path a rejection names (without the "settings." prefix). */
function rejected(raw: unknown): string {
  try {
    validateSettings(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ResolverFailure);
    expect((e as ResolverFailure).code).toBe('invalid-payload');
    return (e as ResolverFailure).culprits[0].replace(/^settings\./, '');
  }
  throw new Error('accepted');
}

describe('validateSettings: risks, correlations, replanning', () => {
  test('invalid input names the field: probability, impact, match, ids, limits', () => {
    expect(rejected({ ...base(), risks: [risk(), risk({ id: 'b' }), risk({ id: 'c', probability: 1.5 })] })).toBe('risks.2.probability');
    expect(rejected({ ...base(), risks: [risk({ probability: -0.1 })] })).toBe('risks.0.probability');
    expect(rejected({ ...base(), risks: [risk({ probability: '0.3' as unknown as number })] })).toBe('risks.0.probability');
    expect(rejected({ ...base(), risks: [risk({ impactDays: undefined })] })).toBe('risks.0.impactDays');
    expect(rejected({ ...base(), risks: [risk({ impact: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'pert' } })] })).toBe('risks.0.impactDays');
    expect(rejected({ ...base(), risks: [risk({ impactDays: -1 })] })).toBe('risks.0.impactDays');
    expect(rejected({ ...base(), risks: [risk({ impactDays: undefined, impact: { optimistic: 5, mostLikely: 2, pessimistic: 3, distribution: 'pert' } })] })).toBe('risks.0.impact');
    expect(rejected({ ...base(), risks: [risk({ match: {} })] })).toBe('risks.0.match');
    expect(rejected({ ...base(), risks: [risk({ match: { keyPrefix: 'not a key' } })] })).toBe('risks.0.match.keyPrefix');
    expect(rejected({ ...base(), risks: [risk({ match: { labels: [''] } })] })).toBe('risks.0.match.labels');
    expect(rejected({ ...base(), risks: [risk({ match: { jql: 'x'.repeat(2001) } })] })).toBe('risks.0.match.jql');
    expect(rejected({ ...base(), risks: [risk({ match: { bogus: 1 } as never })] })).toBe('risks.0.match.bogus');
    expect(rejected({ ...base(), risks: [risk(), risk()] })).toBe('risks.1.id');
    expect(rejected({ ...base(), risks: [risk({ id: 'has space' })] })).toBe('risks.0.id');
    expect(rejected({ ...base(), risks: [risk({ name: ' ' })] })).toBe('risks.0.name');
    expect(rejected({ ...base(), risks: [risk({ name: 'n'.repeat(RISK_LIMITS.name + 1) })] })).toBe('risks.0.name');
    expect(rejected({ ...base(), risks: Array.from({ length: RISK_LIMITS.risks + 1 }, (_, i) => risk({ id: `r${i}` })) })).toBe('risks');
    expect(rejected({ ...base(), risks: {} })).toBe('risks');

    const group = { id: 'infra', label: 'Infra team', coefficient: 0.5, match: { team: 'Infra' } };
    expect(rejected({ ...base(), correlations: [group, { ...group, id: 'g2', coefficient: 1.2 }] })).toBe('correlations.1.coefficient');
    expect(rejected({ ...base(), correlations: [{ ...group, coefficient: -0.5 }] })).toBe('correlations.0.coefficient');
    expect(rejected({ ...base(), correlations: [{ ...group, match: { keyPrefix: 'A-' } }] })).toBe('correlations.0.match.keyPrefix');
    expect(rejected({ ...base(), correlations: [{ ...group, match: {} }] })).toBe('correlations.0.match');
    expect(rejected({ ...base(), correlations: [{ ...group, label: '' }] })).toBe('correlations.0.label');
    expect(rejected({ ...base(), correlations: [group, group] })).toBe('correlations.1.id');
    expect(rejected({ ...base(), correlations: Array.from({ length: RISK_LIMITS.correlations + 1 }, (_, i) => ({ ...group, id: `g${i}` })) })).toBe('correlations');

    expect(rejected({ ...base(), replanning: { minDueProbability: 80 } })).toBe('replanning.minDueProbability');
    expect(rejected({ ...base(), replanning: { p80SlipDays: -2 } })).toBe('replanning.p80SlipDays');
    expect(rejected({ ...base(), replanning: { gateAtRisk: 'yes' } })).toBe('replanning.gateAtRisk');
    expect(rejected({ ...base(), replanning: { slip: 3 } })).toBe('replanning.slip');
    expect(rejected({ ...base(), replanning: [] })).toBe('replanning');
  });

  test('settings without them are unchanged (the fields stay absent)', () => {
    const out = validateSettings(base());
    expect(out).not.toHaveProperty('risks');
    expect(out).not.toHaveProperty('correlations');
    expect(out).not.toHaveProperty('replanning');
  });

  test('accepts and cleans a register: fixed and three-point impacts, every match criterion, trimmed names', () => {
    const out = validateSettings({
      ...base(),
      risks: [
        risk({ name: '  Labelling vendor late ', match: { keyPrefix: 'DATA-', jql: '', team: '' } }),
        { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 2, mostLikely: 5, pessimistic: 12, distribution: 'triangular' }, match: { labels: ['gpu'], issueTypes: ['Training Run'], jql: ' labels = gpu ', team: 'ML Platform' } },
      ],
      correlations: [{ id: 'infra', label: 'Infra estimates', coefficient: 0.6, match: { team: 'Infra', labels: ['infra'], issueTypes: ['Task'] } }],
      replanning: { p80SlipDays: 5, minDueProbability: 0.7, criticalPathChange: true, gateAtRisk: false },
    });
    expect(out.risks).toEqual([
      { id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'DATA-' } },
      { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 2, mostLikely: 5, pessimistic: 12, distribution: 'triangular' }, match: { jql: 'labels = gpu', labels: ['gpu'], issueTypes: ['Training Run'], team: 'ML Platform' } },
    ]);
    expect(out.correlations).toEqual([{ id: 'infra', label: 'Infra estimates', coefficient: 0.6, match: { team: 'Infra', labels: ['infra'], issueTypes: ['Task'] } }]);
    expect(out.replanning).toEqual({ p80SlipDays: 5, minDueProbability: 0.7, criticalPathChange: true, gateAtRisk: false });
    // Probability 0 and 1 are allowed (a risk switched off, a certain one); an empty register too.
    expect(validateSettings({ ...base(), risks: [risk({ probability: 0 }), risk({ id: 'sure', probability: 1 })] }).risks).toHaveLength(2);
    expect(validateSettings({ ...base(), risks: [], correlations: [], replanning: {} })).toMatchObject({ risks: [], correlations: [], replanning: {} });
  });
});
