/** What the mapping reports: warnings it worked around, and the errors that stop it. Codes are stable. */

export type MappingWarningCode =
  /** An issue linked to itself; the link is ignored. */
  | 'self-link'
  /** Two different links give the same precedence edge; it is kept once. */
  | 'duplicate-link'
  /** The same issue key appears twice in the input; the first is kept. */
  | 'duplicate-issue'
  /** An estimate (property, field, time tracking, story points) could not be read; the next source was used. */
  | 'malformed-estimate'
  /** Issues that got their issue type's default estimate. */
  | 'unestimated'
  /** Out-of-scope predecessors known only from the link (not fetched): estimated by their type's default. */
  | 'external-not-fetched'
  /** A date field (due, start, data available) is not a date; it is ignored. */
  | 'invalid-date'
  /** Issues without a status category (the search did not return `status`); treated as to-do. */
  | 'missing-status'
  /** An issue asks for more of a pool than it has; its demand is capped at the capacity. */
  | 'demand-exceeds-capacity'
  /** In progress for longer than the pessimistic estimate: the whole estimate is kept (no credit for days in progress). */
  | 'stale-in-progress'
  /** The upstream chain of out-of-scope predecessors is longer or wider than the loader's bound; the rest is not followed. */
  | 'upstream-truncated';

export interface MappingWarning {
  code: MappingWarningCode;
  message: string;
  issueKeys: string[];
}

export type MappingErrorCode =
  /** The links form a cycle; `issueKeys` is the cycle in order, the first key repeated at the end. */
  | 'cycle'
  /** The input is not a list of issues (or an issue has no key). */
  | 'invalid-input'
  /** The options or settings are unusable (e.g. start is not a date). */
  | 'invalid-settings';

export class MappingError extends Error {
  constructor(readonly code: MappingErrorCode, message: string, readonly issueKeys: string[] = []) {
    super(message);
    this.name = 'MappingError';
  }
}
