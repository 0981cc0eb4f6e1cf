/**
 * Sprint estimation (jira:sprintAction / jira:backlogAction modal, also embeddable in the
 * Forecast page): the sprint's issues in a grid built for fast three-point entry, and the
 * probability that the sprint completes by its end date, recomputed (debounced) from the
 * draft estimates as they are typed. Nothing is written until "Save estimates".
 *
 * Keyboard: Tab / Shift+Tab move across a row; Enter / Shift+Enter and the up/down arrows
 * move to the same column in the next / previous row.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { IssueSummary, SprintEstimation, ThreePointEstimate } from '../../../src/resolvers/contract';
import { call, closeModal, openIssue } from '../../shared/src/api';
import { EmptyState, ErrorState, Loading, Message, StatusLozenge, useDebounced } from '../../shared/src/components';
import { DISTRIBUTIONS, draftFrom, sameEstimate, validateDraft, type EstimateDraft } from '../../shared/src/estimate-form';
import { formatDate, formatPercent, sourceLabel } from '../../shared/src/format';

export interface EstimationViewProps {
  boardId?: number;
  sprintId?: number;
  projectKey?: string;
  /** Inside a modal: show a Close button that closes it. */
  modal?: boolean;
  /** Called after estimates were saved, with the keys written. */
  onSaved?: (keys: string[]) => void;
}

const COLS = ['optimistic', 'mostLikely', 'pessimistic', 'distribution', 'retryPercent'] as const;
type Col = (typeof COLS)[number];
const DEBOUNCE_MS = 350;

type Load = { phase: 'loading' } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: SprintEstimation };
type Save = { state: 'idle' } | { state: 'saving'; done: number; total: number } | { state: 'saved'; keys: string[] } | { state: 'failed'; error: unknown; saved: string[] };

export function EstimationView({ boardId, sprintId, projectKey, modal, onSaved }: EstimationViewProps) {
  const scope = useMemo(() => ({ boardId, sprintId, projectKey }), [boardId, sprintId, projectKey]);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [drafts, setDrafts] = useState<Record<string, EstimateDraft>>({});
  const [probability, setProbability] = useState<number | undefined>();
  const [updating, setUpdating] = useState(false);
  const [updateError, setUpdateError] = useState<unknown>();
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const seq = useRef(0);

  const reload = useCallback(async () => {
    setLoad({ phase: 'loading' });
    try {
      const data = await call('getSprintEstimation', scope);
      setLoad({ phase: 'ready', data });
      setDrafts(Object.fromEntries(data.issues.map((i) => [i.key, draftFrom(i.estimate)])));
      setProbability(data.completionProbability);
    } catch (error) {
      console.error('Converge: getSprintEstimation failed', error);
      setLoad({ phase: 'error', error });
    }
  }, [scope]);
  useEffect(() => { void reload(); }, [reload]);

  const issues = load.phase === 'ready' ? load.data.issues : [];
  const validations = useMemo(() => Object.fromEntries(Object.entries(drafts).map(([k, d]) => [k, validateDraft(d)])), [drafts]);
  /** Valid estimates that differ from what Jira holds: what the probability is computed with and what Save writes. */
  const changed = useMemo(() => {
    const out: Record<string, ThreePointEstimate> = {};
    for (const i of issues) {
      const v = validations[i.key];
      if (i.status === 'done' || !v?.estimate || !isEdited(drafts[i.key], i)) continue;
      // An unestimated issue shows its type's default; typing over it counts even when the numbers match.
      if (i.unestimated || !sameEstimate(v.estimate, i.estimate)) out[i.key] = v.estimate;
    }
    return out;
  }, [issues, validations, drafts]);
  const invalidCount = issues.filter((i) => i.status !== 'done' && Object.keys(validations[i.key]?.errors ?? {}).length > 0 && isEdited(drafts[i.key], i)).length;

  const recompute = useDebounced(async (estimates: Record<string, ThreePointEstimate>) => {
    const mine = ++seq.current;
    setUpdating(true);
    try {
      const r = await call('getSprintEstimation', { ...scope, estimates });
      if (mine !== seq.current) return;
      setProbability(r.completionProbability);
      setUpdateError(undefined);
    } catch (error) {
      if (mine === seq.current) setUpdateError(error);
    } finally {
      if (mine === seq.current) setUpdating(false);
    }
  }, DEBOUNCE_MS);

  const changedKey = JSON.stringify(changed);
  /** The drafts the shown probability was computed for: '{}' = Jira's own estimates. */
  const lastSent = useRef('{}');
  useEffect(() => {
    if (load.phase !== 'ready' || changedKey === lastSent.current) return;
    lastSent.current = changedKey;
    setUpdating(true);
    recompute(changed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [changedKey, load.phase]);

  const setField = (key: string, col: keyof EstimateDraft, value: string) => {
    setDrafts((d) => ({ ...d, [key]: { ...d[key], [col]: value } }));
    if (save.state !== 'saving') setSave({ state: 'idle' });
  };

  const saveAll = async () => {
    const keys = Object.keys(changed);
    const saved: string[] = [];
    setSave({ state: 'saving', done: 0, total: keys.length });
    for (const key of keys) {
      try {
        await call('saveEstimate', { issueKey: key, estimate: changed[key] });
        saved.push(key);
        setSave({ state: 'saving', done: saved.length, total: keys.length });
      } catch (error) {
        setSave({ state: 'failed', error, saved });
        return;
      }
    }
    lastSent.current = '{}';
    await reload();
    setSave({ state: 'saved', keys: saved });
    onSaved?.(saved);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>, row: number, col: Col) => {
    let target = -1;
    if (e.key === 'Enter') target = e.shiftKey ? row - 1 : row + 1;
    else if (e.key === 'ArrowDown') target = row + 1;
    else if (e.key === 'ArrowUp') target = row - 1;
    else return;
    if (col === 'distribution' && e.key !== 'Enter') return; // arrows change a select's value
    e.preventDefault();
    for (let r = target; r >= 0 && r < issues.length; r += target > row ? 1 : -1) {
      const el = document.getElementById(cellId(r, col));
      if (el && !(el as HTMLInputElement).disabled) { el.focus(); if (el instanceof HTMLInputElement) el.select(); return; }
    }
  };

  if (load.phase === 'loading') return <div className="cv-root"><Loading label="Loading the sprint and simulating its completion…" /></div>;
  if (load.phase === 'error') return <div className="cv-root"><ErrorState error={load.error} onRetry={() => void reload()} title="Converge could not load the sprint" /></div>;
  const { data } = load;
  const sprint = data.sprint;
  const nChanged = Object.keys(changed).length;

  return (
    <div className="cv-root" data-testid="estimation-view">
      <div className="cv-row" style={{ alignItems: 'flex-start', marginBottom: 8 }}>
        <div>
          <h2 className="cv-h" style={{ marginBottom: 2 }}>{sprint ? `Estimate ${sprint.name}` : 'Estimate issues'}</h2>
          <div className="cv-subtlest">{sprint?.endDate ? `Sprint ends ${formatDate(sprint.endDate.slice(0, 10))}` : 'This sprint has no end date'} · {issues.length} issues · durations in working days</div>
        </div>
        <span className="cv-spacer" />
        <div className={`cv-figure${probability === undefined ? '' : probability >= 0.8 ? ' cv-success' : probability >= 0.5 ? ' cv-warning' : ' cv-danger'}`}
          data-testid="completion-probability" data-value={probability ?? ''} data-updating={updating ? 'true' : 'false'} style={{ minWidth: 220 }}>
          <div className="cv-figure-label">CHANCE THE SPRINT COMPLETES ON TIME</div>
          <div className="cv-row" style={{ gap: 8 }}>
            <span className="cv-figure-value" style={{ fontSize: 24, lineHeight: '32px' }}>{formatPercent(probability)}</span>
            {updating ? <span className="cv-spinner cv-small" aria-label="Updating" /> : null}
            {nChanged > 0 && data.completionProbability !== undefined && !updating
              ? <span className="cv-subtlest" data-testid="probability-before">was {formatPercent(data.completionProbability)}</span> : null}
          </div>
        </div>
      </div>

      {updateError ? <ErrorState error={updateError} title="The probability could not be updated" /> : null}

      {issues.length === 0 ? (
        <EmptyState title="No issues in this sprint">Add issues to the sprint in the backlog, then estimate them here.</EmptyState>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="cv-table" data-testid="estimation-table" aria-label="Three-point estimates">
            <thead>
              <tr>
                <th>Issue</th><th>Status</th>
                <th className="cv-num">Optimistic</th><th className="cv-num">Most likely</th><th className="cv-num">Pessimistic</th>
                <th>Distribution</th><th className="cv-num">Retry %</th><th>Check</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue, row) => (
                <Row key={issue.key} issue={issue} row={row} draft={drafts[issue.key]} result={validations[issue.key]}
                  changed={issue.key in changed} onField={setField} onKeyDown={onKeyDown} disabled={save.state === 'saving'} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="cv-row" style={{ marginTop: 12 }}>
        <button type="button" className="cv-button cv-primary" data-testid="save-estimates" disabled={nChanged === 0 || save.state === 'saving'} onClick={() => void saveAll()}>
          {save.state === 'saving' ? `Saving ${save.done + 1} of ${save.total}…` : nChanged > 0 ? `Save ${nChanged} estimate${nChanged === 1 ? '' : 's'}` : 'Save estimates'}
        </button>
        {nChanged > 0 && save.state !== 'saving' ? (
          <button type="button" className="cv-button" onClick={() => setDrafts(Object.fromEntries(issues.map((i) => [i.key, draftFrom(i.estimate)])))}>Discard changes</button>
        ) : null}
        {modal ? <button type="button" className="cv-button" onClick={() => closeModal()}>Close</button> : null}
        <span className="cv-subtlest">{invalidCount > 0 ? `${invalidCount} row${invalidCount === 1 ? ' has' : 's have'} errors and ${invalidCount === 1 ? 'is' : 'are'} not counted.` : 'Enter or ↑/↓ moves between rows.'}</span>
      </div>
      {save.state === 'saved' ? <Message tone="success" title="Estimates saved" testId="saved-message">Saved {save.keys.join(', ')}. The probability above uses them now.</Message> : null}
      {save.state === 'failed' ? <ErrorState error={save.error} title={`Saving stopped${save.saved.length ? ` after ${save.saved.join(', ')}` : ''}`} /> : null}
    </div>
  );
}

function cellId(row: number, col: Col): string {
  return `cv-cell-${row}-${col}`;
}

function isEdited(d: EstimateDraft | undefined, issue: IssueSummary): boolean {
  if (!d) return false;
  const base = draftFrom(issue.estimate);
  return (Object.keys(base) as Array<keyof EstimateDraft>).some((k) => base[k] !== d[k]);
}

function Row({ issue, row, draft, result, changed, onField, onKeyDown, disabled }: {
  issue: IssueSummary;
  row: number;
  draft: EstimateDraft;
  result: ReturnType<typeof validateDraft>;
  changed: boolean;
  onField: (key: string, col: keyof EstimateDraft, value: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>, row: number, col: Col) => void;
  disabled: boolean;
}) {
  const done = issue.status === 'done';
  const edited = isEdited(draft, issue);
  const errors = edited ? result.errors : {};
  const fixed = draft.distribution === 'fixed';
  const firstError = Object.values(errors)[0];
  const input = (col: Exclude<Col, 'distribution'>, label: string) => {
    const off = disabled || done || (fixed && col !== 'mostLikely' && col !== 'retryPercent');
    return (
      <td className="cv-num" style={{ width: col === 'retryPercent' ? 72 : 92 }}>
        <input id={cellId(row, col)} className={`cv-input cv-num${changed ? ' cv-changed' : ''}`} inputMode="decimal" autoComplete="off"
          aria-label={`${label} for ${issue.key}`} aria-invalid={errors[col] ? true : undefined} title={errors[col]}
          value={off && fixed && col !== 'mostLikely' && col !== 'retryPercent' ? '' : draft[col]} disabled={off}
          data-issue-key={issue.key} data-col={col}
          onChange={(e) => onField(issue.key, col, e.target.value)} onKeyDown={(e) => onKeyDown(e, row, col)} onFocus={(e) => e.target.select()} />
      </td>
    );
  };
  return (
    <tr data-issue-key={issue.key} data-testid="estimation-row">
      <td style={{ minWidth: 200 }}>
        <button type="button" className="cv-link" onClick={() => openIssue(issue.key)}>{issue.key}</button>{' '}
        <span className="cv-subtle">{issue.summary}</span>
      </td>
      <td><StatusLozenge status={issue.status} /></td>
      {input('optimistic', 'Optimistic')}
      {input('mostLikely', fixed ? 'Duration' : 'Most likely')}
      {input('pessimistic', 'Pessimistic')}
      <td style={{ width: 130 }}>
        <select id={cellId(row, 'distribution')} className="cv-select" aria-label={`Distribution for ${issue.key}`} value={draft.distribution}
          disabled={disabled || done} onChange={(e) => onField(issue.key, 'distribution', e.target.value)} onKeyDown={(e) => onKeyDown(e, row, 'distribution')}>
          {DISTRIBUTIONS.map((d) => <option key={d.value} value={d.value}>{d.label.split(' ')[0]}</option>)}
        </select>
      </td>
      {input('retryPercent', 'Retry chance')}
      <td style={{ minWidth: 150 }} data-testid="row-check">
        {done ? <span className="cv-subtlest">done</span>
          : firstError ? <span className="cv-field-error" role="alert">{firstError}</span>
          : changed ? <span className="cv-lozenge cv-info">changed</span>
          : issue.unestimated ? <span className="cv-lozenge cv-warning" title={`Using the ${issue.issueType} default`}>unestimated</span>
          : <span className="cv-subtlest">{sourceLabel(issue.estimateSource)}</span>}
      </td>
    </tr>
  );
}
