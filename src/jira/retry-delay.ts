/**
 * How long to wait before retrying a throttled or failed Jira request.
 *
 * Method: a 429 that says when to come back is obeyed exactly: `Retry-After` (delta
 * seconds or an HTTP date), else `X-RateLimit-Reset` (an ISO 8601 instant, or epoch
 * seconds). Otherwise, and for 5xx / network failures, exponential back-off with
 * "equal jitter": min(maxDelay, base * 2^attempt) * (0.5 + 0.5 * jitter()), so
 * concurrent clients spread out but never retry at once. The jitter source and the
 * clock are injected so tests are deterministic.
 * Reference: Atlassian, "Rate limiting" (developer.atlassian.com/cloud/jira/platform/rate-limiting);
 * AWS Architecture Blog, "Exponential Backoff and Jitter" (2015).
 */

export interface RetryPolicy {
  /** Retries after a 429 (default 4). */
  maxRateLimitRetries: number;
  /** Retries after a 5xx or a network failure, for idempotent requests (default 2). */
  maxServerErrorRetries: number;
  /** Upper bound on the total time spent waiting for one request (default 60 s). */
  maxTotalWaitMs: number;
  /** First back-off step (default 500 ms). */
  baseDelayMs: number;
  /** Cap on one computed back-off step (default 30 s); a server's Retry-After is honoured up to maxTotalWaitMs. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRateLimitRetries: 4,
  maxServerErrorRetries: 2,
  maxTotalWaitMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** The server's own instruction, in ms from `nowMs`, or undefined when it gave none we can read. */
export function serverRetryAfterMs(header: (name: string) => string | null, nowMs: number): number | undefined {
  const retryAfter = header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const reset = header('x-ratelimit-reset')?.trim();
  if (reset) {
    // Jira sends an ISO 8601 instant; some proxies send epoch seconds.
    const at = /^\d{9,11}$/.test(reset) ? Number(reset) * 1000 : Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  return undefined;
}

/** Back-off before retry number `attempt` (0-based) when the server gave no instruction. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, jitter: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return step * (0.5 + 0.5 * jitter());
}
