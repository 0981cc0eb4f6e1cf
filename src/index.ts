/**
 * Forge entry points, and nothing else: wires the Forge platform (requestJira, KVS, the async
 * event queue) into the platform-free resolvers and exports the handlers manifest.yml names.
 *   handler               every UI module's resolver (25 s, fixed by Forge)
 *   invalidateForecasts   product trigger: issue / issue-link changes
 *   weeklySnapshot        scheduled trigger (week)
 *   forecastConsumer      queue consumer running Monte Carlo batches (timeoutSeconds 900)
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { Queue } from '@forge/events';
import { createForgeJiraClient } from './jira/forge-jira-client';
import { ForgeKvsStorage } from './storage/forge-kvs-storage';
import { createResolvers, FORECAST_QUEUE } from './resolvers';

const queue = new Queue({ key: FORECAST_QUEUE });

const app = createResolvers({
  // Panels act as the viewing user (their Jira permissions apply); triggers and consumers have no user.
  jira: ({ asApp }) => createForgeJiraClient({ as: asApp ? 'app' : 'user' }),
  storage: new ForgeKvsStorage(kvs, WhereConditions.beginsWith),
  now: () => new Date(),
  queue: {
    push: async (events) => {
      await queue.push(events.map((body) => ({ body })));
    },
  },
});

export const handler = app.handler;
export const invalidateForecasts = app.invalidateForecasts;
export const weeklySnapshot = app.weeklySnapshot;
export const forecastConsumer = app.forecastConsumer;
