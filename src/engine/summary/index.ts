/** The leadership summary: re-exports, by name. */
export type { LeadershipSummary, SummaryCommitment, SummaryDriver, SummaryInitiative, SummaryPool, SummaryLever, Verdict } from './summary';
export { buildLeadershipSummary, leadershipSummary, verdictOf, plainDate, ON_TRACK, AT_RISK } from './leadership-summary';
export type { LeadershipSummaryInput, LeadershipSummaryOptions } from './leadership-summary';
export { renderSummaryHtml, escapeHtml } from './summary-html';
