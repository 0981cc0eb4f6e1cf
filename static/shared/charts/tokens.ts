/**
 * The Atlassian design tokens the charts use, as CSS custom properties with the
 * real Atlassian light-theme values as fallbacks (so a chart exported on its own,
 * or shown outside Jira, still reads correctly). In Jira `view.theme.enable()`
 * defines the properties for the user's light or dark theme.
 */
export const tok = {
  text: 'var(--ds-text, #292A2E)',
  textSubtle: 'var(--ds-text-subtle, #505258)',
  textSubtlest: 'var(--ds-text-subtlest, #6B6E76)',
  textDanger: 'var(--ds-text-danger, #AE2E24)',
  textInverse: 'var(--ds-text-inverse, #FFFFFF)',
  surface: 'var(--ds-surface, #FFFFFF)',
  sunken: 'var(--ds-surface-sunken, #F8F8F8)',
  border: 'var(--ds-border, #0B120E24)',
  borderBold: 'var(--ds-border-bold, #7D818A)',
  neutral: 'var(--ds-background-neutral, #0515240F)',
  bar: 'var(--ds-chart-brand, #357DE8)',
  barDone: 'var(--ds-chart-neutral, #8C8F97)',
  critical: 'var(--ds-background-danger-bold, #C9372C)',
  criticalLine: 'var(--ds-border-danger, #E2483D)',
  nearCritical: 'var(--ds-chart-warning, #F68909)',
  gate: 'var(--ds-background-discovery-bold, #964AC0)',
  window: 'var(--ds-background-accent-yellow-subtler, #F5E989)',
  today: 'var(--ds-border-information, #357DE8)',
  curve: 'var(--ds-chart-discovery, #BF63F3)',
  success: 'var(--ds-chart-success, #82B536)',
  capacity: 'var(--ds-text-subtle, #505258)',
  overload: 'var(--ds-chart-danger, #E2483D)',
  histogram: 'var(--ds-chart-blue-bold, #4688EC)',
  font: 'var(--ds-font-family-body, ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Helvetica Neue", sans-serif)',
} as const;
