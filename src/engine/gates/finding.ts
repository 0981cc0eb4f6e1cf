/** A diagnostic of expansion or of the health checks: a stable id, a severity, the tasks concerned and a hint how to fix it. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable id, e.g. 'HC-NEGATIVE-FLOAT', 'HC-MISSING-GATE'; tools branch on it, not on the wording. */
  id: string;
  severity: Severity;
  /** Task ids (Jira issue keys when the plan came from Jira), most relevant first. */
  tasks: string[];
  message: string;
  hint: string;
  /** The rule (gate rule, window, retraining or default) that produced it, when one did. */
  rule?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
