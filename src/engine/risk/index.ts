/** Risk events, correlated estimates and review rework in the Monte Carlo (re-exports only). */
export { hasRiskFeatures, RiskModel } from './risk-model';
export { applyRiskEvents, compileRiskEvents, hitsRisk, impactEstimate, riskOccurred, type RiskEvents, type RiskImpact } from './risk-events';
export { applyCorrelations, compileCorrelations, inCorrelationGroup, type CorrelationGroups } from './correlated-uniforms';
export { applyReviewRework, compileReviewRework, expectedRounds, MAX_ROUNDS, type ReviewRework } from './review-rework';
export { riskContributions } from './risk-contributions';
export { normalCdf } from './normal-cdf';
