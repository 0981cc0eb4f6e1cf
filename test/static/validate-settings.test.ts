/** Settings validation of the admin page (static/admin-page/src/validate-settings.ts): every problem keyed by its field path. */
import type { Settings } from '../../src/resolvers/contract';
import { emptySettings, isIsoDate, validateSettings } from '../../static/admin-page/src/validate-settings';

function valid(): Settings {
  return {
    ...emptySettings(),
    linkTypes: [{ name: 'Blocks', predecessorSide: 'outward' }, { name: 'Depends', predecessorSide: 'inward' }],
    estimateFields: { storyPoints: 'customfield_10016' },
    defaultEstimates: { Story: { optimistic: 1, mostLikely: 3, pessimistic: 8, distribution: 'pert' } },
    calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-12-24', '2027-12-25'] },
    resources: [{ id: 'gpu-a100', name: 'A100', capacity: 8, availability: [{ from: '2027-02-01', to: '2027-02-05', capacity: 4 }], match: { labels: ['gpu:a100'] } }],
    gates: [{ id: 'bias', kind: 'bias-audit', match: { labels: ['gate:bias-audit'] }, when: 'finish', defaultDurationDays: 5, cadence: { everyWeeks: 2, weekday: 3, from: '2027-01-06' }, reworkProbability: 0.2, reworkShare: 0.5, treatUnlinkedAsDependency: true }],
  };
}

describe('validateSettings', () => {
  it('rejects bad holiday dates with a message on that holiday', () => {
    const s = valid();
    s.calendar.holidays = ['2027-12-24', '2027-02-30', '24/12/2027', '', '2027-12-24'];
    const e = validateSettings(s);
    expect(Object.keys(e).sort()).toEqual(['calendar.holidays.1', 'calendar.holidays.2', 'calendar.holidays.3', 'calendar.holidays.4']);
    expect(e['calendar.holidays.1']).toMatch(/not a real calendar date/);
    expect(e['calendar.holidays.2']).toMatch(/YYYY-MM-DD/);
    expect(e['calendar.holidays.4']).toMatch(/twice/);
  });

  it('accepts valid settings', () => {
    expect(validateSettings(valid())).toEqual({});
    expect(validateSettings(emptySettings())).toEqual({});
  });

  it('checks link types, estimate fields, story points and default estimates', () => {
    const s = valid();
    s.linkTypes.push({ name: 'blocks', predecessorSide: 'outward' }, { name: ' ', predecessorSide: 'inward' });
    s.estimateFields.team = 'team field';
    s.daysPerStoryPoint = 0;
    s.defaultEstimates.Story = { optimistic: 5, mostLikely: 3, pessimistic: NaN, distribution: 'pert' };
    const e = validateSettings(s);
    expect(Object.keys(e).sort()).toEqual(['daysPerStoryPoint', 'defaultEstimates.Story.mostLikely', 'defaultEstimates.Story.pessimistic', 'estimateFields.team', 'linkTypes.2.name', 'linkTypes.3.name']);
    expect(validateSettings({ ...valid(), linkTypes: [] })).toHaveProperty('linkTypes');
  });

  it('checks calendars: at least one working weekday, in 1..7', () => {
    expect(validateSettings({ ...valid(), calendar: { workdays: [], holidays: [] } })).toHaveProperty(['calendar.workdays']);
    expect(validateSettings({ ...valid(), calendar: { workdays: [0, 8], holidays: [] } })).toHaveProperty(['calendar.workdays']);
  });

  it('checks pools: ids, capacity, windows, how issues match', () => {
    const s = valid();
    s.resources.push({ id: 'gpu-a100', name: '', capacity: 0, availability: [{ from: '2027-03-05', to: '2027-03-01', capacity: 2 }], match: {} });
    const e = validateSettings(s);
    expect(Object.keys(e).sort()).toEqual(['resources.1.availability.0.to', 'resources.1.capacity', 'resources.1.id', 'resources.1.match.labels', 'resources.1.name']);
  });

  it('checks gates: match, duration, rework range, cadence', () => {
    const s = valid();
    s.gates.push({ id: 'bias:2', kind: 'regulatory-review', match: {}, when: 'start', defaultDurationDays: -2, reworkProbability: 1, reworkShare: 0, cadence: { dates: ['2027-13-01'] }, treatUnlinkedAsDependency: false });
    s.gates[0].cadence = { everyWeeks: 0, weekday: 9, from: 'soon' };
    const e = validateSettings(s);
    expect(Object.keys(e).sort()).toEqual([
      'gates.0.cadence.everyWeeks', 'gates.0.cadence.from', 'gates.0.cadence.weekday',
      'gates.1.cadence.dates.0', 'gates.1.defaultDurationDays', 'gates.1.id', 'gates.1.match', 'gates.1.reworkProbability', 'gates.1.reworkShare',
    ]);
  });

  it('checks the scope JQL and the number of simulations', () => {
    const e = validateSettings({ ...valid(), defaultJql: 'project = ML', iterations: 50 });
    expect(Object.keys(e).sort()).toEqual(['defaultJql', 'iterations']);
    expect(validateSettings({ ...valid(), iterations: 1_000_001 })).toHaveProperty('iterations');
    expect(validateSettings({ ...valid(), iterations: 10.5 })).toHaveProperty('iterations');
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-2-1')).toBe(false);
    expect(isIsoDate(20270101)).toBe(false);
  });
});

describe('validateSettings: risk register, correlation groups, re-planning (R2, #6)', () => {
  it('keys each problem by its path, as the server does (settings.ts)', () => {
    const s = valid();
    s.risks = [
      { id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'DATA-' } },
      { id: 'vendor', name: '', probability: 1.5, impactDays: -1, match: {} },
      { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 5, mostLikely: 2, pessimistic: 3, distribution: 'pert' }, match: { keyPrefix: 'not a key' } },
    ];
    s.correlations = [{ id: 'g', label: '', coefficient: 1.2, match: {} }];
    s.replanning = { p80SlipDays: -1, minDueProbability: 1.5 };
    const e = validateSettings(s);
    expect(Object.keys(e).sort()).toEqual([
      'correlations.0.coefficient', 'correlations.0.label', 'correlations.0.match',
      'replanning.minDueProbability', 'replanning.p80SlipDays',
      'risks.1.id', 'risks.1.impactDays', 'risks.1.match', 'risks.1.name', 'risks.1.probability',
      'risks.2.impact.mostLikely', 'risks.2.match.keyPrefix',
    ]);
    expect(e['risks.1.probability']).toMatch(/between 0% and 100%/);
    expect(e['risks.1.id']).toMatch(/already called "vendor"/);
  });

  it('accepts a valid register, groups and thresholds', () => {
    const s = valid();
    s.risks = [{ id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 2, mostLikely: 5, pessimistic: 12, distribution: 'triangular' }, match: { labels: ['gpu'] } }];
    s.correlations = [{ id: 'training', label: 'Training runs', coefficient: 0.6, match: { issueTypes: ['Training Run'] } }];
    s.replanning = { p80SlipDays: 5, minDueProbability: 0.7, criticalPathChange: true };
    expect(validateSettings(s)).toEqual({});
  });
});
