/**
 * Payload checks for every resolver key: a panel (or anyone calling `invoke`) may send
 * anything, so each field is checked before it reaches Jira or the engine, and a bad one
 * fails with 'invalid-payload' naming the field. Returns clean, typed values.
 */
import type { ThreePointEstimate } from './contract';
import { invalidPayload } from './errors';
import { DISTRIBUTIONS } from '../engine/plan';

export type Raw = Record<string, unknown>;

export function objectPayload(raw: unknown): Raw {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidPayload('the payload must be an object', 'payload');
  return raw as Raw;
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,99}$/;
/** A Jira issue key (ML-12): group 1 is the project key. */
export const ISSUE_KEY = /^([A-Z][A-Z0-9_]{0,99})-([1-9][0-9]{0,17})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function projectKey(p: Raw, field = 'projectKey'): string {
  const v = p[field];
  if (typeof v !== 'string' || !PROJECT_KEY.test(v)) throw invalidPayload(`${field} must be a Jira project key like ML, got ${JSON.stringify(v)}`, field);
  return v;
}

export function issueKey(p: Raw, field = 'issueKey'): string {
  const v = p[field];
  if (typeof v !== 'string' || !ISSUE_KEY.test(v)) throw invalidPayload(`${field} must be a Jira issue key like ML-12, got ${JSON.stringify(v)}`, field);
  return v;
}

export function optionalString(p: Raw, field: string, max = 256): string | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalidPayload(`${field} must be a non-empty string of at most ${max} characters`, field);
  return v;
}

export function optionalInt(p: Raw, field: string, min: number, max: number): number | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidPayload(`${field} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`, field);
  return v;
}

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function optionalDate(p: Raw, field: string): string | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  if (!isIsoDate(v)) throw invalidPayload(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`, field);
  return v;
}

/** Limits on what a panel may ask for in one call. */
export const MAX_ITERATIONS = 1_000_000;
export const MIN_ITERATIONS = 100;

export function forecastOptions(p: Raw): { iterations?: number; seed?: string; due?: string } {
  return {
    iterations: optionalInt(p, 'iterations', MIN_ITERATIONS, MAX_ITERATIONS),
    seed: optionalString(p, 'seed', 64),
    due: optionalDate(p, 'due'),
  };
}

/** A JQL override: bounded in length; Jira itself rejects bad syntax (answered as 'jira-error'). */
export function optionalJql(p: Raw): string | undefined {
  return optionalString(p, 'jql', 4000);
}

/** Checks a three-point estimate; `field` names it in errors (e.g. 'estimate' or 'estimates.ML-3'). */
export function estimate(v: unknown, field = 'estimate'): ThreePointEstimate {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidPayload(`${field} must be an object {optimistic, mostLikely, pessimistic, distribution}`, field);
  const e = v as Raw;
  const num = (k: string) => {
    const x = e[k];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 100_000) throw invalidPayload(`${field}.${k} must be a number of working days from 0 to 100000`, `${field}.${k}`);
    return x;
  };
  const optimistic = num('optimistic'), mostLikely = num('mostLikely'), pessimistic = num('pessimistic');
  const distribution = e.distribution ?? 'pert';
  if (typeof distribution !== 'string' || !(DISTRIBUTIONS as readonly string[]).includes(distribution)) {
    throw invalidPayload(`${field}.distribution must be one of ${DISTRIBUTIONS.join(', ')}`, `${field}.distribution`);
  }
  if (!(optimistic <= mostLikely && mostLikely <= pessimistic)) {
    throw invalidPayload(`${field} must satisfy optimistic <= mostLikely <= pessimistic`, field);
  }
  if (distribution === 'lognormal' && !(optimistic > 0)) throw invalidPayload(`${field}.optimistic must be above 0 for a lognormal estimate`, `${field}.optimistic`);
  const out: ThreePointEstimate = { optimistic, mostLikely, pessimistic, distribution: distribution as ThreePointEstimate['distribution'] };
  if (e.successProbability !== undefined) {
    const p = e.successProbability;
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) throw invalidPayload(`${field}.successProbability must be in (0, 1]`, `${field}.successProbability`);
    out.successProbability = p;
  }
  if (e.maxAttempts !== undefined) {
    const m = e.maxAttempts;
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 100) throw invalidPayload(`${field}.maxAttempts must be a whole number from 1 to 100`, `${field}.maxAttempts`);
    out.maxAttempts = m;
  }
  return out;
}
