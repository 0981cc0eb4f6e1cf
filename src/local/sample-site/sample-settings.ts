/**
 * The settings the local workspace starts with on the sample site, as an admin of that
 * site would configure them: its custom fields (Team, Start date, Story Points, Data
 * available), the A100 and H100 GPU pools with the units read from the GPUs field and
 * the pool picked by a `gpu:a100` / `gpu:h100` label, both drained during the cluster
 * maintenance window (the sample's maintenance issue), and gate rules for releases
 * (bias audit on a Thursday board, model-risk sign-off, security review). Dates come from the site itself, so they follow the site's `today`.
 * A real Jira site starts from DEFAULT_SETTINGS instead (its field ids differ).
 */
import { DEFAULT_SETTINGS } from '../../resolvers/settings';
import type { Settings } from '../../resolvers/contract';
import { WorkingCalendar, dayNumber, isoWeekday } from '../../engine/working-calendar';
import { SAMPLE_FIELDS } from './sample-site';
import type { SampleSite } from './sample-site-types';

/** A100 pool after the expansion (16 -> 48 GPUs) and the new H100 pool (sample-program.ts, PLAT). */
export const SAMPLE_POOLS = { a100: 48, h100: 32 } as const;

export function sampleSettings(site: SampleSite): Settings {
  const cal = new WorkingCalendar(site.today);
  const maintenance = site.issues.find((i) => i.labels.includes('maintenance') && i.startDate && i.status !== 'Done');
  // The cluster is drained from the window's start date for the upgrade's two working days.
  const drained = maintenance?.startDate
    ? [{ from: maintenance.startDate, to: new WorkingCalendar(maintenance.startDate).finishDate(2), capacity: 0 }]
    : [];
  const thursday = (() => {
    for (let k = 0; k < 7; k++) {
      const d = cal.dateOfIndex(k);
      if (isoWeekday(dayNumber(d)) === 4) return d;
    }
    return site.today;
  })();
  return {
    ...structuredClone(DEFAULT_SETTINGS),
    estimateFields: {
      storyPoints: SAMPLE_FIELDS.storyPoints,
      startDate: SAMPLE_FIELDS.startDate,
      dataAvailable: SAMPLE_FIELDS.dataAvailable,
      team: SAMPLE_FIELDS.team,
    },
    resources: [
      { id: 'gpu-a100', name: 'A100 pool', capacity: SAMPLE_POOLS.a100, availability: drained.map((w) => ({ ...w })), match: { labels: ['gpu:a100'], field: SAMPLE_FIELDS.gpus, units: 8 } },
      { id: 'gpu-h100', name: 'H100 pool', capacity: SAMPLE_POOLS.h100, availability: drained.map((w) => ({ ...w })), match: { labels: ['gpu:h100'], field: SAMPLE_FIELDS.gpus, units: 8 } },
    ],
    // Every release needs a bias audit (the board sits on Thursdays), model-risk sign-off and a security review
    // upstream. FRAUD has the first two (gate:bias-audit, gate:compliance) but no security review, so its forecast
    // adds a placeholder security gate and flags HC-MISSING-GATE on the production deployment.
    gates: [
      {
        id: 'bias-audit', kind: 'bias-audit', match: { labels: ['release'] }, when: 'start', defaultDurationDays: 8,
        cadence: { everyWeeks: 1, weekday: 4, from: thursday }, reworkProbability: 0.2, reworkShare: 0.5, treatUnlinkedAsDependency: true,
      },
      {
        id: 'model-risk', kind: 'compliance-documentation', match: { labels: ['release'] }, when: 'start', defaultDurationDays: 5,
        treatUnlinkedAsDependency: true,
      },
      {
        id: 'security', kind: 'security-review', match: { labels: ['release'] }, when: 'start', defaultDurationDays: 5,
        treatUnlinkedAsDependency: true,
      },
    ],
  };
}
