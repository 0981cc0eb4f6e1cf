/**
 * The Forecast page's Risks tab: the risk register as the simulation saw it
 * (forecast.risks, engine/risk/risk-contributions.ts), ordered by what each risk adds
 * to the P80 finish, with a bar per risk in working days, its configured chance, how
 * often it occurred in the runs and the issues it hits; then the correlation groups
 * from settings with their coefficients. Empty state: how to add risks in settings.
 * Renders only; the one call is getSettings, for the correlation groups and the
 * risks the forecast has not seen yet.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CorrelationSetting, IssueMatchSetting, ProjectForecast, RiskSetting } from '../../../src/resolvers/contract';
import type { RiskForecast } from '../../../src/engine/reports';
import { call, openIssue } from '../../shared/src/api';
import { EmptyState, Message } from '../../shared/src/components';
import { formatDays, formatPercent } from '../../shared/src/format';

type Register = { risks: RiskSetting[]; correlations: CorrelationSetting[] };
type Loaded = { state: 'loading' } | { state: 'ready'; register: Register } | { state: 'unavailable' };

const SHOWN_ISSUES = 8;

/** Largest P80 contribution first; a risk that occurred in every run (no contribution) last, by mean delay; then id. */
export function orderRisks(risks: readonly RiskForecast[]): RiskForecast[] {
  const key = (r: RiskForecast) => (r.p80ContributionDays === null ? -Infinity : r.p80ContributionDays);
  return [...risks].sort((a, b) => key(b) - key(a) || (b.meanDelayDays ?? 0) - (a.meanDelayDays ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** "key prefix DATA-, labels gpu, team ML" */
export function describeMatch(m: IssueMatchSetting): string {
  const parts: string[] = [];
  if (m.keyPrefix) parts.push(`keys ${m.keyPrefix}*`);
  if (m.labels?.length) parts.push(`label${m.labels.length > 1 ? 's' : ''} ${m.labels.join(', ')}`);
  if (m.issueTypes?.length) parts.push(`type${m.issueTypes.length > 1 ? 's' : ''} ${m.issueTypes.join(', ')}`);
  if (m.team) parts.push(`team ${m.team}`);
  if (m.jql) parts.push(`JQL ${m.jql}`);
  return parts.join('; ') || 'no issues';
}

const days = (d: number | null) => (d === null ? '—' : formatDays(d));

export function RisksTab({ pf }: { pf: ProjectForecast }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    call('getSettings', {})
      .then((s) => { if (live) setLoaded({ state: 'ready', register: { risks: s.risks ?? [], correlations: s.correlations ?? [] } }); })
      .catch(() => { if (live) setLoaded({ state: 'unavailable' }); });
    return () => { live = false; };
  }, []);
  const names = useMemo(() => new Map(pf.issues.map((i) => [i.key, i.summary] as const)), [pf]);
  const risks = useMemo(() => orderRisks(pf.forecast.risks ?? []), [pf]);
  const register = loaded.state === 'ready' ? loaded.register : undefined;
  const unseen = register ? register.risks.filter((r) => !risks.some((x) => x.id === r.id)) : [];
  const configured = new Map((register?.risks ?? []).map((r) => [r.id, r] as const));

  if (!risks.length && loaded.state === 'loading') return <p className="cv-help">Loading the risk register…</p>;
  if (!risks.length && !unseen.length && !register?.correlations.length) {
    return (
      <div data-testid="risks-empty">
        <EmptyState title="No risk register">
          Converge can simulate events that may happen and delay the issues they hit, such as &ldquo;labelling vendor late: 30%, +10 days on DATA-*&rdquo;
          or &ldquo;cluster outage: 10%, +5 days on all GPU work&rdquo;, and show what each adds to the P80. A Jira administrator adds them in
          Converge settings (Jira settings › Apps › Converge) under <b>Risk register</b>: a name, the chance, the impact in working days and the issues it hits
          (key prefix, labels, issue types, team or JQL). Under <b>Correlated estimates</b>, group issues whose durations move together.
        </EmptyState>
      </div>
    );
  }

  const top = Math.max(1e-9, ...risks.map((r) => Math.max(0, r.p80ContributionDays ?? 0)));
  return (
    <div data-testid="risks-tab">
      {risks.length > 0 ? (
        <>
          <table className="cv-table" data-testid="risk-table" aria-label="Risks by what they add to the P80 finish">
            <thead>
              <tr>
                <th scope="col">Risk</th><th scope="col">Adds to P80</th><th scope="col">Adds to P50</th><th scope="col">Chance</th><th scope="col">Occurred</th><th scope="col">When it occurs</th><th scope="col">Hits</th>
              </tr>
            </thead>
            <tbody>
              {risks.map((r) => {
                const p80 = r.p80ContributionDays;
                const width = p80 === null ? 0 : Math.max(0, p80) / top;
                const setting = configured.get(r.id);
                return (
                  <tr key={r.id} data-testid={`risk-row-${r.id}`}>
                    <td>
                      <div style={{ fontWeight: 600 }}>{r.name ?? setting?.name ?? r.id}</div>
                      <div className="cv-help">{r.id}{setting ? ` · ${describeMatch(setting.match)}` : ''}</div>
                    </td>
                    <td style={{ minWidth: 220 }}>
                      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                        <svg width={140} height={12} role="img" aria-label={`${days(p80)} added to the P80`} data-testid={`risk-bar-${r.id}`} data-days={p80 ?? ''}>
                          <rect x={0} y={0} width={140} height={12} rx={2} fill="var(--ds-background-neutral, #0515240F)" />
                          <rect x={0} y={0} width={Math.round(140 * width)} height={12} rx={2} fill="var(--ds-background-danger-bold, #C9372C)" />
                        </svg>
                        <span data-testid={`risk-p80-${r.id}`}>{p80 === null ? 'every run' : formatDays(p80)}</span>
                      </div>
                    </td>
                    <td>{days(r.p50ContributionDays)}</td>
                    <td>{formatPercent(r.probability)}</td>
                    <td data-testid={`risk-occurred-${r.id}`}>{formatPercent(r.occurred)}</td>
                    <td>{r.meanDelayDays === null ? '—' : `+${formatDays(r.meanDelayDays)} on the finish`}</td>
                    <td>
                      {r.tasks.length === 0 ? <span className="cv-help">no open issue</span> : (
                        <span data-testid={`risk-hits-${r.id}`}>
                          {r.tasks.slice(0, SHOWN_ISSUES).map((k, j) => (
                            <span key={k}>{j > 0 ? ', ' : ''}<button type="button" className="cv-link" title={names.get(k)} onClick={() => openIssue(k)}>{k}</button></span>
                          ))}
                          {r.tasks.length > SHOWN_ISSUES ? ` +${r.tasks.length - SHOWN_ISSUES} more` : ''}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="fp-note">
            Each of the {pf.forecast.iterations.toLocaleString('en')} simulated runs draws every risk once. &ldquo;Adds to P80&rdquo; compares all runs with the runs
            in which the risk did not occur; &ldquo;when it occurs&rdquo; is the mean finish when it did against when it did not. Small negative values are sampling noise.
          </p>
        </>
      ) : (
        <Message tone="info" title="The risk register is not in this forecast yet">Run the forecast again to simulate the risks configured in settings.</Message>
      )}
      {risks.length > 0 && unseen.length > 0 && (
        <Message tone="info" title={`${unseen.length} risk${unseen.length === 1 ? ' was' : 's were'} added in settings after this forecast`}>
          {unseen.map((r) => r.name).join(', ')}: run the forecast again to include {unseen.length === 1 ? 'it' : 'them'}.
        </Message>
      )}

      <h3 style={{ fontSize: 14, margin: '16px 0 4px' }}>Correlated estimates</h3>
      {loaded.state === 'unavailable' && <p className="cv-help">The correlation groups could not be loaded from settings.</p>}
      {register && register.correlations.length === 0 && <p className="cv-help" data-testid="no-correlations">No correlation groups: every issue&rsquo;s duration is sampled independently. Group one team&rsquo;s or one kind of work&rsquo;s issues in Converge settings.</p>}
      {register && register.correlations.length > 0 && (
        <ul data-testid="correlation-list" style={{ margin: 0, paddingLeft: 18 }}>
          {register.correlations.map((c) => (
            <li key={c.id} data-testid={`correlation-${c.id}`}>
              <b>{c.label}</b>: correlation {c.coefficient.toFixed(2)} between {describeMatch(c.match)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
