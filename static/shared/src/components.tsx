/** Small building blocks every Converge view shares: loading, error, empty, messages, lozenges. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { CallError } from './api';

/** Seconds since mounting, ticking once a second, so a long simulation visibly makes progress. */
function useElapsed(): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const id = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(id);
  }, []);
  return elapsed;
}

/**
 * Loading state. With `done`/`total` (a batched forecast job) it shows a bar; otherwise a
 * spinner that, after two seconds, says how long the simulation has been running.
 */
export function Loading({ label, done, total }: { label: string; done?: number; total?: number }) {
  const elapsed = useElapsed();
  const pct = total ? Math.min(100, Math.round(((done ?? 0) / total) * 100)) : undefined;
  return (
    <div className="cv-loading" role="status" aria-live="polite" data-testid="loading">
      <span className="cv-spinner" aria-hidden="true" />
      <span>{label}</span>
      {pct !== undefined ? (
        <span className="cv-row">
          <span className="cv-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}><div style={{ width: `${pct}%` }} /></span>
          <span className="cv-subtlest">{pct}%</span>
        </span>
      ) : elapsed >= 2 ? (
        <span className="cv-subtlest">{elapsed} s</span>
      ) : null}
    </div>
  );
}

type Tone = 'danger' | 'warning' | 'info' | 'success';
const ICON: Record<Tone, string> = { danger: '!', warning: '!', info: 'i', success: '✓' };

export function Message({ tone, title, children, testId }: { tone: Tone; title?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <div className={`cv-message cv-${tone}`} role={tone === 'danger' ? 'alert' : undefined} data-testid={testId}>
      <span className="cv-message-icon" aria-hidden="true">{ICON[tone]}</span>
      <div>
        {title ? <div className="cv-message-title">{title}</div> : null}
        {children}
      </div>
    </div>
  );
}

/** The error state: loud, names the code so a bug report can quote it, offers a retry. */
export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const code = error instanceof CallError ? error.code : 'client-error';
  const message = error instanceof Error ? error.message : String(error);
  const culprits = error instanceof CallError ? error.culprits.filter((c) => c !== error.key) : [];
  return (
    <div data-testid="error-state" data-error-code={code}>
      <Message tone="danger" title={title ?? 'Converge could not load this'}>
        <div>{message}</div>
        {culprits.length ? <div className="cv-subtle">Concerns: {culprits.join(', ')}</div> : null}
        <div className="cv-subtlest">Error code: <span className="cv-code">{code}</span></div>
        {onRetry ? <div style={{ marginTop: 8 }}><button type="button" className="cv-button" onClick={onRetry}>Try again</button></div> : null}
      </Message>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="cv-empty" data-testid="empty-state">
      <div className="cv-message-title">{title}</div>
      {children ? <div className="cv-subtlest" style={{ marginTop: 4 }}>{children}</div> : null}
    </div>
  );
}

export function Lozenge({ tone, children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`cv-lozenge${tone ? ` cv-${tone}` : ''}`}>{children}</span>;
}

/** Jira's status lozenge colours: grey to do, blue in progress, green done. */
export function StatusLozenge({ status }: { status: 'todo' | 'in-progress' | 'done' }) {
  if (status === 'done') return <Lozenge tone="success">Done</Lozenge>;
  if (status === 'in-progress') return <Lozenge tone="info">In progress</Lozenge>;
  return <Lozenge>To do</Lozenge>;
}

/** Calls `fn` after `delay` ms of quiet; the latest arguments win. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, delay: number): (...args: A) => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (...args: A) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => fnRef.current(...args), delay);
  };
}
