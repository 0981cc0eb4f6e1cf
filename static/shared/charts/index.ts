/** Converge's SVG charts: layouts (pure geometry) and their React renderers. */
export { tok } from './tokens';
export { formatDate, dayNumber, isoFromDayNumber, type Zoom } from './calendar-axis';
export { layoutTimeline, elbow, NO_GROUP, type TimelineItem, type TimelineWindow, type TimelineOptions, type TimelineLayout } from './timeline-layout';
export { layoutDistribution, formatPercent, type DistributionInput } from './distribution-layout';
export { layoutTornado, type TornadoDriver } from './tornado-layout';
export { layoutPoolUsage, bucketMax, type PoolSeries } from './pool-usage-layout';
export { resolveCssVars, composeSvg, exportSvg, svgToPng, download } from './svg-export';
export { Timeline, TimelineLegend } from './Timeline';
export { DistributionChart } from './DistributionChart';
export { Tornado } from './Tornado';
export { PoolUsage } from './PoolUsage';
export { ChartSvg, YGrid, XAxis, type PlotBox } from './chart-frame';
