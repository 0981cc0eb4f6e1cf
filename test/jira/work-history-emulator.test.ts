/**
 * fetchCompletedWork end to end against the local Jira emulator (real HTTP on 127.0.0.1,
 * port 0): search restricted to finished work, the status list, the bulk changelog.
 */
import { createJiraEmulator } from '../../src/local/jira-emulator';
import { sampleSite, SAMPLE_TODAY } from '../../src/local/sample-site/sample-site';
import { createHttpsJiraClient } from '../../src/jira/https-jira-client';
import { withDefaults } from '../../src/jira/mapping-settings';
import { fetchCompletedWork } from '../../src/jira/work-history';
import { fitCalibration } from '../../src/engine/history/calibration';

describe('fetchCompletedWork on the Jira emulator', () => {
  let close: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    const listening = await createJiraEmulator(sampleSite({ today: SAMPLE_TODAY })).listen(0, '127.0.0.1');
    close = () => listening.close();
    url = listening.url;
  });
  afterAll(() => close());

  it('measures the sample site\'s resolved work and calibrates from it', async () => {
    const client = createHttpsJiraClient({ site: url, email: 'test@converge.local', apiToken: 'test' });
    const settings = withDefaults();
    const r = await fetchCompletedWork(client, { jql: 'project = FRAUD ORDER BY rank', settings, calendar: settings.calendar });
    expect(r.work.length).toBeGreaterThan(0);
    for (const w of r.work) {
      expect(w.id).toMatch(/^FRAUD-\d+$/);
      expect(w.actualDays).toBeGreaterThanOrEqual(0);
      expect(w.resolved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const model = fitCalibration(r.work);
    expect(model.overall.ratio).toBeGreaterThan(0);
    // The emulator has no GET /rest/api/3/status (404): names and the issues' own statuses decide, silently.
    expect(r.warnings).toEqual([]);
    expect(r.work.some((w) => w.estimateDays !== undefined)).toBe(true);
  });
});
