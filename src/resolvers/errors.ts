/**
 * The resolvers' typed error envelope. Every failure a panel can see becomes
 * `{ ok: false, error: { code, message, culprits } }` with a stable code from the contract;
 * errors of the layers below (Jira, mapping, engine, storage) are translated here, in one place.
 */
import type { Envelope, ResolverError } from './contract';
import { JiraError } from '../jira/jira-error';
import { MappingError } from '../jira/mapping-warning';
import { CycleError } from '../engine/compile-plan';
import { PlanError } from '../engine/plan';
import { StorageKeyError } from '../storage/storage';

/** Thrown inside a resolver to answer with this error. */
export class ResolverFailure extends Error {
  constructor(readonly code: string, message: string, readonly culprits: string[] = []) {
    super(message);
    this.name = 'ResolverFailure';
  }
}

export const invalidPayload = (message: string, ...culprits: string[]) => new ResolverFailure('invalid-payload', message, culprits);

const JIRA_CODES: Record<string, string> = {
  forbidden: 'forbidden',
  unauthorized: 'forbidden',
  'not-found': 'not-found',
  'rate-limited': 'rate-limited',
  'too-many-issues': 'too-large',
  'too-large': 'too-large',
};

/** Maps any thrown value onto the contract's error shape. */
export function toResolverError(e: unknown): ResolverError {
  if (e instanceof ResolverFailure) return { code: e.code, message: e.message, culprits: e.culprits };
  if (e instanceof JiraError) {
    return { code: JIRA_CODES[e.code] ?? 'jira-error', message: e.message, culprits: e.culprit ? [e.culprit] : [] };
  }
  if (e instanceof MappingError) {
    return { code: e.code === 'cycle' ? 'cycle' : 'plan-invalid', message: e.message, culprits: e.issueKeys };
  }
  if (e instanceof CycleError) return { code: 'cycle', message: e.message, culprits: e.cycle };
  if (e instanceof PlanError) {
    return { code: 'plan-invalid', message: e.message, culprits: [...new Set(e.issues.map((i) => i.task ?? i.field).filter((x): x is string => !!x))] };
  }
  if (e instanceof StorageKeyError) return { code: 'invalid-payload', message: e.message, culprits: [e.key] };
  const message = e instanceof Error ? e.message : String(e);
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : undefined;
  // Engine errors (RcpspError 'unschedulable', MonteCarloError ...) keep their own stable code.
  return { code: code && /^[a-z][a-z-]*$/.test(code) ? code : 'internal', message };
}

/** Runs a resolver body and wraps its outcome in the envelope; never throws. */
export async function enveloped<T>(body: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (e) {
    return { ok: false, error: toResolverError(e) };
  }
}
