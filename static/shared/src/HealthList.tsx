/**
 * Schedule health findings (contract HealthFinding): one row each with its severity, the
 * stable id, the message, the issue keys as links (placeholders the forecast added are
 * shown, not linked: they are not Jira issues) and the hint how to fix it. Errors first,
 * as the resolver sends them. Shared by the Forecast page's Health tab and the issue panel.
 */
import type { HealthFinding } from '../../../src/resolvers/contract';

const TONE: Record<HealthFinding['severity'], string> = { error: 'cv-danger', warning: 'cv-warning', info: 'cv-info' };
const MAX_KEYS = 12;

export function HealthList({ findings, placeholders, onOpen, testId = 'health' }: {
  findings: readonly HealthFinding[];
  /** Keys that are not Jira issues (placeholder gates, generated retraining cycles). */
  placeholders?: ReadonlySet<string>;
  onOpen: (issueKey: string) => void;
  testId?: string;
}) {
  return (
    <ul className="cv-health" data-testid={testId}>
      {findings.map((f, i) => (
        <li key={`${f.id}-${i}`} className="cv-health-item" data-testid="health-finding" data-id={f.id} data-severity={f.severity}>
          <div className="cv-health-head">
            <span className={`cv-lozenge ${TONE[f.severity] ?? 'cv-info'}`}>{f.severity}</span>{' '}
            <code className="cv-health-id">{f.id}</code>{' '}
            <span className="cv-health-keys">
              {f.tasks.slice(0, MAX_KEYS).map((k) => (placeholders?.has(k)
                ? <span key={k} className="cv-health-key cv-placeholder" title="Added by the forecast: not a Jira issue">{k}</span>
                : <button key={k} type="button" className="cv-link cv-health-key" data-testid="health-key" onClick={() => onOpen(k)}>{k}</button>))}
              {f.tasks.length > MAX_KEYS ? <span className="cv-health-more">+{f.tasks.length - MAX_KEYS} more</span> : null}
            </span>
          </div>
          <div className="cv-health-message">{f.message}</div>
          <div className="cv-health-hint">{f.hint}</div>
        </li>
      ))}
    </ul>
  );
}
