/**
 * The Converge issue panel (jira:issuePanel): when will this issue finish (P50/P80/P95),
 * how likely is its due date, is it critical, what upstream chain drives it, what is
 * wrong with its data; and an estimate editor that previews and saves a new three-point
 * estimate, showing the forecast before and after.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { requestJira } from '@forge/bridge';
import type { IssueForecast, ThreePointEstimate } from '../../../src/resolvers/contract';
import { call, getContext, openIssue } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading, Message } from '../../shared/src/components';
import { EstimateFields } from '../../shared/src/EstimateFields';
import { HealthList } from '../../shared/src/HealthList';
import { describeEstimate, draftFrom, sameEstimate, validateDraft, type EstimateDraft } from '../../shared/src/estimate-form';
import { formatDate, formatDays, formatPercent, shiftLabel, sourceLabel } from '../../shared/src/format';

type State =
  | { phase: 'loading' }
  | { phase: 'no-issue' }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; forecast: IssueForecast };

export function IssuePanel() {
  const [issueKey, setIssueKey] = useState<string>();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [reloading, setReloading] = useState(false);

  const load = useCallback(async (key: string, quiet = false) => {
    if (quiet) setReloading(true);
    else setState({ phase: 'loading' });
    try {
      setState({ phase: 'ready', forecast: await call('getIssueForecast', { issueKey: key }) });
    } catch (error) {
      console.error('Converge: getIssueForecast failed', error);
      setState({ phase: 'error', error });
    } finally {
      setReloading(false);
    }
  }, []);

  useEffect(() => {
    getContext()
      .then((ctx) => {
        const key = ctx.extension.issue?.key;
        if (!key) return setState({ phase: 'no-issue' });
        setIssueKey(key);
        return load(key);
      })
      .catch((error) => setState({ phase: 'error', error }));
  }, [load]);

  if (state.phase === 'loading') return <div className="cv-root"><Loading label="Simulating this issue's finish date…" /></div>;
  if (state.phase === 'no-issue') return <div className="cv-root"><EmptyState title="No issue in context">Open this panel from an issue.</EmptyState></div>;
  if (state.phase === 'error') {
    return <div className="cv-root"><ErrorState error={state.error} onRetry={issueKey ? () => void load(issueKey) : undefined} title="Converge could not forecast this issue" /></div>;
  }
  const f = state.forecast;
  return (
    <div className="cv-root" data-testid="issue-panel" data-issue-key={f.issueKey}>
      <ForecastFigures forecast={f} />
      <div className="cv-row cv-subtlest">
        <span>Estimate: {describeEstimate(f.estimate)} · from {sourceLabel(f.estimateSource)}</span>
        <span className="cv-spacer" />
        <span title={f.computedAt}>Computed {f.computedAt.slice(0, 16).replace('T', ' ')}</span>
        <button type="button" className="cv-link" onClick={() => issueKey && void load(issueKey, true)} disabled={reloading}>
          {reloading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <DrivingChain issueKey={f.issueKey} chain={f.drivingChain} waitsForCapacity={f.warnings.some((w) => w.code === 'waits-for-capacity')} />
      <Health forecast={f} />
      <Warnings forecast={f} />
      <EstimateEditor forecast={f} onSaved={(after) => setState({ phase: 'ready', forecast: after })} />
    </div>
  );
}

function tone(p: number | undefined): string {
  if (p === undefined) return '';
  return p >= 0.8 ? ' cv-success' : p >= 0.5 ? ' cv-warning' : ' cv-danger';
}

export function ForecastFigures({ forecast: f }: { forecast: IssueForecast }) {
  const critical = f.criticality >= 0.5 || f.totalFloat <= 0;
  return (
    <div className="cv-figures" data-testid="figures">
      {(['p50', 'p80', 'p95'] as const).map((p) => (
        <div className="cv-figure" key={p} data-testid={p} data-date={f.finishDate[p]}>
          <div className="cv-figure-label">{p.toUpperCase()} FINISH</div>
          <div className="cv-figure-value">{formatDate(f.finishDate[p])}</div>
          <div className="cv-figure-note">{p === 'p50' ? 'even odds' : p === 'p80' ? '4 in 5 chance' : '19 in 20 chance'}</div>
        </div>
      ))}
      <div className={`cv-figure${tone(f.dueProbability)}`} data-testid="due-probability" data-value={f.dueProbability ?? ''}>
        <div className="cv-figure-label">DUE DATE</div>
        <div className="cv-figure-value">{f.dueDate ? formatPercent(f.dueProbability) : 'None'}</div>
        <div className="cv-figure-note">{f.dueDate ? `chance by ${formatDate(f.dueDate)}` : 'no due date set'}</div>
      </div>
      <div className={`cv-figure${critical ? ' cv-danger' : ''}`} data-testid="criticality" data-value={f.criticality}>
        <div className="cv-figure-label">CRITICALITY</div>
        <div className="cv-figure-value">{formatPercent(f.criticality)}</div>
        <div className="cv-figure-note">{critical ? 'on the critical path' : 'of runs on the critical path'}</div>
      </div>
      <div className="cv-figure" data-testid="float" data-value={f.totalFloat}>
        <div className="cv-figure-label">FLOAT</div>
        <div className="cv-figure-value">{formatDays(f.totalFloat)}</div>
        <div className="cv-figure-note">slack before it delays the finish</div>
      </div>
    </div>
  );
}

/** Summaries for issue keys, read as the user through requestJira; best effort (keys alone still work). */
function useSummaries(keys: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  // Only Jira keys: placeholder tasks the forecast added (GATE-..., retraining cycles) would make the JQL fail.
  const joined = keys.filter((k) => /^[A-Z][A-Z0-9_]*-[1-9]\d*$/.test(k)).join(',');
  useEffect(() => {
    if (!joined) return;
    let live = true;
    const jql = `key in (${joined})`;
    requestJira(`/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=summary&maxResults=100`)
      .then((r) => (r.ok ? r.json() : { issues: [] }))
      .then((body: { issues?: Array<{ key: string; fields?: { summary?: string } }> }) => {
        if (!live) return;
        const out: Record<string, string> = {};
        for (const i of body.issues ?? []) if (i.fields?.summary) out[i.key] = i.fields.summary;
        setNames(out);
      })
      .catch(() => undefined);
    return () => { live = false; };
  }, [joined]);
  return names;
}

function IssueLink({ issueKey }: { issueKey: string }) {
  return <button type="button" className="cv-link" data-issue-key={issueKey} onClick={() => openIssue(issueKey)}>{issueKey}</button>;
}

function DrivingChain({ issueKey, chain, waitsForCapacity }: { issueKey: string; chain: string[]; waitsForCapacity?: boolean }) {
  const names = useSummaries(chain);
  return (
    <section data-testid="driving-chain">
      <h3 className="cv-h2">What drives this date</h3>
      {chain.length === 0 ? (
        <div className="cv-subtle">{waitsForCapacity ? `Nothing upstream: ${issueKey} waits only for pool capacity (see Warnings).` : `Nothing upstream: ${issueKey} can start now.`}</div>
      ) : (
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {chain.map((k, i) => (
            <li key={k} style={{ padding: '2px 0' }}>
              <IssueLink issueKey={k} /> <span className="cv-subtle">{names[k] ?? ''}</span>
              {i === 0 ? <span className="cv-subtlest"> · directly blocks {issueKey}{waitsForCapacity ? ', which then waits for pool capacity' : ''}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const WARNING_TITLE: Record<string, string> = {
  unestimated: 'Unestimated',
  'blocked-by-other-team': 'Blocked by another team',
  'gate-missing': 'Review gate missing',
  'waits-for-capacity': 'Waits for capacity',
};

/** Jira keys look like ABC-123; anything else a finding names (GATE-security) is a placeholder the forecast added. */
const JIRA_KEY = /^[A-Z][A-Z0-9_]*-\d+$/;

function Health({ forecast }: { forecast: IssueForecast }) {
  const health = forecast.health ?? [];
  if (!health.length) return null;
  const placeholders = new Set(health.flatMap((h) => h.tasks).filter((k) => !JIRA_KEY.test(k)));
  return (
    <section data-testid="issue-health">
      <h3 className="cv-h2">Schedule health</h3>
      <HealthList findings={health} placeholders={placeholders} onOpen={openIssue} testId="issue-health-list" />
    </section>
  );
}

function Warnings({ forecast }: { forecast: IssueForecast }) {
  // Health findings are listed in their own section (they are also in `warnings` for older panels).
  const warnings = forecast.warnings.filter((w) => !(forecast.health ?? []).some((h) => h.id === w.code));
  if (warnings.length === 0) return null;
  return (
    <section data-testid="warnings">
      <h3 className="cv-h2">Warnings</h3>
      {warnings.map((w, i) => (
        <Message key={`${w.code}-${i}`} tone="warning" title={WARNING_TITLE[w.code] ?? w.code}>
          <div data-warning-code={w.code}>
            {w.message}
            {w.issues?.length ? <> {' '}{w.issues.map((k) => <span key={k} style={{ marginRight: 6 }}><IssueLink issueKey={k} /></span>)}</> : null}
          </div>
        </Message>
      ))}
    </section>
  );
}

function Comparison({ before, after, title }: { before: IssueForecast; after: IssueForecast; title: string }) {
  const rows: Array<[string, string, string, string]> = (['p50', 'p80', 'p95'] as const).map((p) => [
    `${p.toUpperCase()} finish`, formatDate(before.finishDate[p]), formatDate(after.finishDate[p]), shiftLabel(before.finishDate[p], after.finishDate[p]),
  ]);
  if (before.dueDate || after.dueDate) {
    const d = (after.dueProbability ?? 0) - (before.dueProbability ?? 0);
    rows.push(['Chance of due date', formatPercent(before.dueProbability), formatPercent(after.dueProbability),
      Math.abs(d) < 0.005 ? 'no change' : `${d > 0 ? '+' : '−'}${Math.round(Math.abs(d) * 100)} points`]);
  }
  rows.push(['Criticality', formatPercent(before.criticality), formatPercent(after.criticality), '']);
  return (
    <div data-testid="comparison" style={{ marginTop: 8 }}>
      <div className="cv-label" style={{ marginBottom: 4 }}>{title}</div>
      <table className="cv-table">
        <thead><tr><th /><th>Before</th><th>After</th><th>Change</th></tr></thead>
        <tbody>
          {rows.map(([label, b, a, change]) => (
            <tr key={label} data-row={label}>
              <td>{label}</td><td data-testid="before">{b}</td><td data-testid="after"><strong>{a}</strong></td><td className="cv-subtle">{change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type EditState =
  | { kind: 'idle' }
  | { kind: 'busy'; what: 'preview' | 'save' }
  | { kind: 'preview'; before: IssueForecast; after: IssueForecast; estimate: ThreePointEstimate }
  | { kind: 'saved'; before: IssueForecast; after: IssueForecast }
  | { kind: 'error'; error: unknown };

function EstimateEditor({ forecast, onSaved }: { forecast: IssueForecast; onSaved: (after: IssueForecast) => void }) {
  const [open, setOpen] = useState(forecast.estimateSource === 'default');
  const [draft, setDraft] = useState<EstimateDraft>(() => draftFrom(forecast.estimate));
  const [touched, setTouched] = useState<Partial<Record<keyof EstimateDraft, boolean>>>({});
  const [edit, setEdit] = useState<EditState>({ kind: 'idle' });
  const seq = useRef(0);
  const { estimate, errors } = validateDraft(draft);
  const unchanged = sameEstimate(estimate, forecast.estimate) && forecast.estimateSource === 'property';

  const change = (field: keyof EstimateDraft, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => ({ ...t, [field]: true }));
    if (edit.kind !== 'busy') setEdit({ kind: 'idle' });
  };
  const touchAll = () => setTouched({ optimistic: true, mostLikely: true, pessimistic: true, retryPercent: true, maxAttempts: true });

  const preview = async () => {
    touchAll();
    if (!estimate) return;
    const mine = ++seq.current;
    setEdit({ kind: 'busy', what: 'preview' });
    try {
      const after = await call('previewEstimate', { issueKey: forecast.issueKey, estimate });
      if (mine === seq.current) setEdit({ kind: 'preview', before: forecast, after, estimate });
    } catch (error) {
      if (mine === seq.current) setEdit({ kind: 'error', error });
    }
  };
  const save = async () => {
    touchAll();
    if (!estimate) return;
    const mine = ++seq.current;
    setEdit({ kind: 'busy', what: 'save' });
    try {
      const { before, after } = await call('saveEstimate', { issueKey: forecast.issueKey, estimate });
      if (mine !== seq.current) return;
      setEdit({ kind: 'saved', before, after });
      onSaved(after);
    } catch (error) {
      if (mine === seq.current) setEdit({ kind: 'error', error });
    }
  };

  if (!open) {
    return (
      <section style={{ marginTop: 12 }}>
        {edit.kind === 'saved' ? <Comparison before={edit.before} after={edit.after} title="Saved. The forecast before and after your estimate:" /> : null}
        <button type="button" className="cv-button" data-testid="edit-estimate" onClick={() => setOpen(true)}>Edit estimate</button>
      </section>
    );
  }
  const busy = edit.kind === 'busy';
  return (
    <section data-testid="estimate-editor">
      <h3 className="cv-h2">Estimate (working days)</h3>
      <form onSubmit={(e) => { e.preventDefault(); void preview(); }} noValidate>
        <EstimateFields draft={draft} errors={errors} touched={touched} onChange={change} idPrefix="est" disabled={busy} />
        <div className="cv-row" style={{ marginTop: 10 }}>
          <button type="submit" className="cv-button" data-testid="preview-button" disabled={busy || !estimate}>Preview</button>
          <button type="button" className="cv-button cv-primary" data-testid="save-button" disabled={busy || !estimate || unchanged} onClick={() => void save()}>Save estimate</button>
          <button type="button" className="cv-button" onClick={() => { setDraft(draftFrom(forecast.estimate)); setTouched({}); setEdit({ kind: 'idle' }); setOpen(false); }} disabled={busy}>Cancel</button>
          {busy ? <span className="cv-row cv-subtle"><span className="cv-spinner cv-small" aria-hidden="true" />{edit.what === 'save' ? 'Saving and re-forecasting…' : 'Simulating…'}</span> : null}
        </div>
      </form>
      {edit.kind === 'preview' ? <Comparison before={edit.before} after={edit.after} title={`Preview with ${describeEstimate(edit.estimate)} (not saved):`} /> : null}
      {edit.kind === 'saved' ? <Comparison before={edit.before} after={edit.after} title="Saved. The forecast before and after your estimate:" /> : null}
      {edit.kind === 'error' ? <ErrorState error={edit.error} title="The estimate was not applied" /> : null}
    </section>
  );
}
