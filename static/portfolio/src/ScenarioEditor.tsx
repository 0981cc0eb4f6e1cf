/**
 * What-if scenarios: an editor (pool capacity, due date, scope out / in, an estimate, the
 * priority order, a dependency added or removed) and the scenarios side by side against the
 * current plan: P50 / P80 dates, their change in working days, the chance of each date.
 * Runs runWhatIf, which never writes to Jira (the page says so).
 */
import { Fragment, useState } from 'react';
import type { WhatIfResult } from '../../../src/resolvers/contract';
import { call } from '../../shared/src/api';
import { ErrorState, Loading, Message } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { changeErrors, emptyChange, OPS, toScenarios, type ChangeDraft, type ChangeOp, type ScenarioDraft } from './scenario-form';

export interface PoolRef {
  id: string;
  name: string;
  capacity?: number;
}

const MAX_SCENARIOS = 4;

export function formatDelta(d: number): string {
  if (Math.abs(d) < 0.05) return '±0 d';
  return `${d > 0 ? '+' : '−'}${Math.abs(Math.round(d * 10) / 10)} d`;
}

type Run = { phase: 'idle' } | { phase: 'running' } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: WhatIfResult };

export function ScenarioEditor({ projectKeys, pools, issueKeys }: { projectKeys: string[]; pools: PoolRef[]; issueKeys: string[] }) {
  const first = (): ScenarioDraft => ({ name: `Scenario ${1}`, changes: [emptyChange('set-capacity', pools[0]?.id ?? '')] });
  const [drafts, setDrafts] = useState<ScenarioDraft[]>(() => [first()]);
  const [problem, setProblem] = useState<string>();
  const [run, setRun] = useState<Run>({ phase: 'idle' });

  const update = (i: number, f: (d: ScenarioDraft) => ScenarioDraft) => setDrafts((ds) => ds.map((d, k) => (k === i ? f(d) : d)));
  const updateChange = (i: number, j: number, patch: Partial<ChangeDraft>) => update(i, (d) => ({ ...d, changes: d.changes.map((c, k) => (k === j ? { ...c, ...patch } : c)) }));

  const submit = async () => {
    const checked = toScenarios(drafts);
    if (!checked.ok) {
      setProblem(`${drafts[checked.scenario]?.name || `Scenario ${checked.scenario + 1}`}${checked.change !== undefined ? `, change ${checked.change + 1}` : ''}: ${checked.message}`);
      return;
    }
    setProblem(undefined);
    setRun({ phase: 'running' });
    try {
      setRun({ phase: 'ready', data: await call('runWhatIf', { projectKeys, scenarios: checked.scenarios }) });
    } catch (error) {
      console.error('Converge: what-if failed', error);
      setRun({ phase: 'error', error });
    }
  };

  return (
    <section className="pf-section" aria-labelledby="pf-whatif-h">
      <h2 className="pf-h2" id="pf-whatif-h">What-if scenarios</h2>
      <p className="cv-help">Try changes side by side against the current plan. Nothing is written to Jira or to the settings.</p>
      <datalist id="pf-issue-keys">{issueKeys.map((k) => <option key={k} value={k} />)}</datalist>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} data-testid="scenario-editor" noValidate>
        {drafts.map((d, i) => (
          <fieldset key={i} className="pf-scenario" data-testid={`scenario-${i}`}>
            <legend className="cv-label">Scenario {i + 1}</legend>
            <div className="cv-row pf-wrap">
              <label className="pf-field">
                <span className="cv-label">Name</span>
                <input className="cv-input" value={d.name} onChange={(e) => update(i, (x) => ({ ...x, name: e.target.value }))} data-testid={`scenario-name-${i}`} maxLength={80} />
              </label>
              {drafts.length > 1 && (
                <button type="button" className="cv-button" onClick={() => setDrafts((ds) => ds.filter((_, k) => k !== i))} aria-label={`Remove scenario ${d.name || i + 1}`}>Remove scenario</button>
              )}
            </div>
            <ul className="pf-changes">
              {d.changes.map((c, j) => (
                <ChangeRow key={j} id={`pf-s${i}-c${j}`} change={c} pools={pools} onChange={(patch) => updateChange(i, j, patch)}
                  onRemove={d.changes.length > 1 ? () => update(i, (x) => ({ ...x, changes: x.changes.filter((_, k) => k !== j) })) : undefined} />
              ))}
            </ul>
            <button type="button" className="cv-button" data-testid={`add-change-${i}`} onClick={() => update(i, (x) => ({ ...x, changes: [...x.changes, emptyChange('move-due')] }))}>Add change</button>
          </fieldset>
        ))}
        <div className="cv-row pf-wrap">
          <button type="button" className="cv-button" disabled={drafts.length >= MAX_SCENARIOS}
            onClick={() => setDrafts((ds) => [...ds, { name: `Scenario ${ds.length + 1}`, changes: [emptyChange('set-capacity', pools[0]?.id ?? '')] }])}>Add scenario</button>
          <button type="submit" className="cv-button cv-primary" data-testid="run-scenarios" disabled={run.phase === 'running' || !projectKeys.length}>Run scenarios</button>
        </div>
        {problem && <Message tone="warning" testId="scenario-problem">{problem}</Message>}
      </form>
      {run.phase === 'running' && <Loading label="Simulating the scenarios…" />}
      {run.phase === 'error' && <ErrorState error={run.error} title="The what-if failed" onRetry={() => void submit()} />}
      {run.phase === 'ready' && <WhatIfTable result={run.data} />}
    </section>
  );
}

function ChangeRow({ id, change: c, pools, onChange, onRemove }: { id: string; change: ChangeDraft; pools: PoolRef[]; onChange: (p: Partial<ChangeDraft>) => void; onRemove?: () => void }) {
  const errors = changeErrors(c);
  const field = (name: keyof ChangeDraft, label: string, props: { type?: string; list?: string; placeholder?: string; width?: number } = {}) => (
    <label className="pf-field" style={props.width ? { width: props.width } : undefined}>
      <span className="cv-label">{label}</span>
      <input className="cv-input" type={props.type ?? 'text'} value={c[name]} list={props.list} placeholder={props.placeholder}
        onChange={(e) => onChange({ [name]: e.target.value })} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${id}-${name}-err` : undefined}
        data-testid={`${id}-${name}`} />
      {errors[name] && c[name] !== '' && <span className="cv-help pf-err" id={`${id}-${name}-err`}>{errors[name]}</span>}
    </label>
  );
  const threePoint = (
    <>
      {field('optimistic', 'Optimistic (days)', { type: 'number', width: 110 })}
      {field('mostLikely', 'Most likely (days)', { type: 'number', width: 110 })}
      {field('pessimistic', 'Pessimistic (days)', { type: 'number', width: 110 })}
    </>
  );
  return (
    <li className="pf-change cv-row pf-wrap">
      <label className="pf-field">
        <span className="cv-label">Change</span>
        <select className="cv-input" value={c.op} onChange={(e) => onChange({ op: e.target.value as ChangeOp })} data-testid={`${id}-op`}>
          {OPS.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
        </select>
      </label>
      {c.op === 'set-capacity' && (
        <>
          <label className="pf-field">
            <span className="cv-label">Pool</span>
            <select className="cv-input" value={c.pool} onChange={(e) => onChange({ pool: e.target.value })} data-testid={`${id}-pool`}>
              <option value="">Choose…</option>
              {pools.map((p) => <option key={p.id} value={p.id}>{p.name}{p.capacity !== undefined ? ` (now ${p.capacity})` : ''}</option>)}
            </select>
          </label>
          {field('capacity', 'Units', { type: 'number', width: 90 })}
        </>
      )}
      {c.op === 'move-due' && field('date', 'Due date', { type: 'date' })}
      {c.op === 'remove-tasks' && field('issues', 'Issues to remove', { list: 'pf-issue-keys', placeholder: 'FRAUD-36, FRAUD-60' })}
      {c.op === 'add-task' && (<>{field('issue', 'New work', { placeholder: 'NEW-1' })}{threePoint}{field('issues', 'After (issues)', { list: 'pf-issue-keys' })}</>)}
      {c.op === 'set-estimate' && (<>{field('issue', 'Issue', { list: 'pf-issue-keys' })}{threePoint}</>)}
      {(c.op === 'add-dependency' || c.op === 'remove-dependency') && (<>{field('to', 'Issue', { list: 'pf-issue-keys' })}{field('from', c.op === 'add-dependency' ? 'Waits for' : 'No longer waits for', { list: 'pf-issue-keys' })}</>)}
      {c.op === 'set-priority' && field('order', 'Projects, most important first', { placeholder: 'LLM, FRAUD' })}
      {onRemove && <button type="button" className="cv-button pf-remove" onClick={onRemove} aria-label="Remove this change">Remove</button>}
    </li>
  );
}

export function WhatIfTable({ result }: { result: WhatIfResult }) {
  const cols = [result.baseline, ...result.scenarios];
  const dates = result.baseline.dateProbabilities.map((d) => d.date);
  return (
    <>
      <table className="cv-table pf-table pf-whatif" data-testid="whatif-table">
        <caption className="cv-help">{result.iterations.toLocaleString('en-US')} simulations each, seed {result.seed}, the same random draws in every column.</caption>
        <thead>
          <tr><th scope="col">Measure</th>{cols.map((c, k) => <th scope="col" key={k} data-testid={`whatif-col-${k}`}>{c.name}</th>)}</tr>
        </thead>
        <tbody>
          <tr><th scope="row">P50 finish</th>{cols.map((c, k) => <td key={k}>{formatDate(c.finishDate.p50)}</td>)}</tr>
          <tr><th scope="row">P80 finish</th>{cols.map((c, k) => <td key={k} data-testid={`whatif-p80-${k}`}>{formatDate(c.finishDate.p80)}</td>)}</tr>
          <tr><th scope="row">Δ P50</th>{cols.map((c, k) => <td key={k} className="cv-num">{k ? formatDelta(c.deltaDays.p50) : '—'}</td>)}</tr>
          <tr><th scope="row">Δ P80</th>{cols.map((c, k) => <td key={k} className="cv-num" data-testid={`whatif-dp80-${k}`}>{k ? formatDelta(c.deltaDays.p80) : '—'}</td>)}</tr>
          {dates.map((d) => (
            <tr key={d}><th scope="row">Chance by {formatDate(d)}</th>{cols.map((c, k) => <td key={k} className="cv-num">{formatPercent(c.dateProbabilities.find((x) => x.date === d)?.probability)}</td>)}</tr>
          ))}
          <tr><th scope="row">Changes</th>{cols.map((c, k) => <td key={k} className="pf-notes">{c.notes.length ? c.notes.map((n, j) => <Fragment key={j}>{n}<br /></Fragment>) : k ? '—' : 'as planned'}</td>)}</tr>
        </tbody>
      </table>
      {result.warnings.map((w, k) => <Message key={k} tone="info">{w.message}</Message>)}
    </>
  );
}
