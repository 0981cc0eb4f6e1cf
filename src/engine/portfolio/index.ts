/** Portfolios of initiatives under shared pools: re-exports, by name. */
export { PortfolioError, INITIATIVE_META, INITIATIVE_RANK_META } from './portfolio';
export type {
  AloneMode, Initiative, MergedPortfolio, MergePortfolioOptions, PortfolioErrorCode, PortfolioForecastOptions, FinishPercentiles, InitiativeForecast, PortfolioForecast,
} from './portfolio';
export { mergePortfolio } from './merge-portfolio';
export { forecastPortfolio, runPortfolioBatch, portfolioFromBatches, privatePool, DEFAULT_PORTFOLIO_ITERATIONS, PORTFOLIO_BATCH_FORMAT } from './portfolio-forecast';
export type { PortfolioBatch, PortfolioBatchOptions } from './portfolio-forecast';
