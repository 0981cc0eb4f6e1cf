/** The three-point estimate inputs with inline validation, laid out as one row of fields. */
import type { DraftErrors, EstimateDraft } from './estimate-form';
import { DISTRIBUTIONS } from './estimate-form';

export function EstimateFields({ draft, errors, touched, onChange, idPrefix, disabled }: {
  draft: EstimateDraft;
  errors: DraftErrors;
  touched: Partial<Record<keyof EstimateDraft, boolean>>;
  onChange: (field: keyof EstimateDraft, value: string) => void;
  idPrefix: string;
  disabled?: boolean;
}) {
  const fixed = draft.distribution === 'fixed';
  const field = (name: keyof EstimateDraft, label: string, help?: string) => {
    const err = touched[name] ? errors[name] : undefined;
    const id = `${idPrefix}-${name}`;
    return (
      <div className="cv-field" style={{ flex: '1 1 90px' }}>
        <label className="cv-label" htmlFor={id}>{label}</label>
        <input id={id} name={name} className="cv-input" inputMode="decimal" autoComplete="off" disabled={disabled}
          value={draft[name]} aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-error` : undefined}
          onChange={(e) => onChange(name, e.target.value)} placeholder={help} />
        {err ? <div className="cv-field-error" id={`${id}-error`} data-testid={`error-${name}`}>{err}</div> : null}
      </div>
    );
  };
  return (
    <div>
      <div className="cv-row" style={{ alignItems: 'flex-start' }}>
        <div className="cv-field" style={{ flex: '1 1 130px' }}>
          <label className="cv-label" htmlFor={`${idPrefix}-distribution`}>Distribution</label>
          <select id={`${idPrefix}-distribution`} name="distribution" className="cv-select" value={draft.distribution} disabled={disabled}
            onChange={(e) => onChange('distribution', e.target.value)}>
            {DISTRIBUTIONS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
          </select>
        </div>
        {fixed ? null : field('optimistic', 'Optimistic (days)')}
        {field('mostLikely', fixed ? 'Duration (days)' : 'Most likely (days)', draft.distribution === 'uniform' ? 'optional' : undefined)}
        {fixed ? null : field('pessimistic', 'Pessimistic (days)')}
      </div>
      <div className="cv-row" style={{ alignItems: 'flex-start', marginTop: 8 }}>
        {field('retryPercent', 'Retry chance (%)', 'e.g. 30')}
        {draft.retryPercent.trim() !== '' && Number(draft.retryPercent) > 0 ? field('maxAttempts', 'Max attempts', '3') : <div style={{ flex: '1 1 90px' }} />}
        <div className="cv-help" style={{ flex: '2 1 200px', alignSelf: 'center' }}>
          For work that may not converge (a training run): the chance one attempt must be repeated.
        </div>
      </div>
    </div>
  );
}
