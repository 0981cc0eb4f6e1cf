/**
 * Form controls for the settings page: a labelled field with its inline error,
 * and text / number / list inputs that keep what the user typed (a half-typed
 * "0." or "a, b," is not rewritten under the cursor) while handing the parsed
 * value up on every change.
 */
import { useEffect, useState, type ReactNode } from 'react';

/** DOM id of the input for a settings path: "calendar.holidays.2" -> "f-calendar-holidays-2". */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function Field({ path, label, error, help, children, inline, wide }: { path: string; label: ReactNode; error?: string; help?: ReactNode; children: ReactNode; inline?: boolean; wide?: boolean }) {
  return (
    <div className={`cv-field${inline ? ' ap-inline' : ''}${wide ? ' ap-wide' : ''}`} data-path={path}>
      <label className="cv-label" htmlFor={fieldId(path)}>{label}</label>
      {children}
      {error ? <div className="cv-field-error" id={`${fieldId(path)}-error`} role="alert" data-testid={`error-${path}`}>{error}</div> : help ? <div className="cv-help" id={`${fieldId(path)}-help`}>{help}</div> : null}
    </div>
  );
}

function a11y(path: string, error?: string, help?: boolean) {
  return {
    id: fieldId(path),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${fieldId(path)}-error` : help ? `${fieldId(path)}-help` : undefined,
  } as const;
}

export function TextInput({ path, value, onChange, error, placeholder, help, onBlur, width }: {
  path: string; value: string; onChange: (v: string) => void; error?: string; placeholder?: string; help?: boolean; onBlur?: () => void; width?: number;
}) {
  return <input className="cv-input" type="text" {...a11y(path, error, help)} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} style={width ? { width } : undefined} />;
}

/** A number; `scale` shows fractions as percentages (scale 100). Invalid text gives NaN, which validation reports. */
export function NumberInput({ path, value, onChange, error, scale = 1, help, onBlur, width, placeholder }: {
  path: string; value: number | undefined; onChange: (v: number | undefined) => void; error?: string; scale?: number; help?: boolean; onBlur?: () => void; width?: number; placeholder?: string;
}) {
  const show = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(Math.round(v * scale * 1e6) / 1e6));
  const [text, setText] = useState(show(value));
  useEffect(() => {
    const parsed = text.trim() === '' ? undefined : Number(text) / scale;
    if (!(parsed === value || (Number.isNaN(parsed) && Number.isNaN(value)))) setText(show(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input className="cv-input" type="text" inputMode="decimal" {...a11y(path, error, help)} value={text} placeholder={placeholder} onBlur={onBlur} style={width ? { width } : undefined}
      onChange={(e) => {
        setText(e.target.value);
        const t = e.target.value.trim();
        onChange(t === '' ? undefined : /^-?\d*\.?\d+$|^-?\d+\.$/.test(t) ? Number(t) / scale : NaN);
      }} />
  );
}

/** Comma-separated list of strings. */
export function ListInput({ path, value, onChange, error, placeholder, help, onBlur }: {
  path: string; value: string[] | undefined; onChange: (v: string[]) => void; error?: string; placeholder?: string; help?: boolean; onBlur?: () => void;
}) {
  const parse = (t: string) => t.split(',').map((s) => s.trim()).filter(Boolean);
  const [text, setText] = useState((value ?? []).join(', '));
  useEffect(() => {
    if (parse(text).join('\u0000') !== (value ?? []).join('\u0000')) setText((value ?? []).join(', '));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return <input className="cv-input" type="text" {...a11y(path, error, help)} value={text} placeholder={placeholder} onBlur={onBlur} onChange={(e) => { setText(e.target.value); onChange(parse(e.target.value)); }} />;
}

export function Select<T extends string | number>({ path, value, options, onChange, error }: { path: string; value: T; options: Array<{ value: T; label: string }>; onChange: (v: T) => void; error?: string }) {
  return (
    <select className="cv-select" {...a11y(path, error)} value={String(value)} onChange={(e) => {
      const o = options.find((x) => String(x.value) === e.target.value);
      if (o) onChange(o.value);
    }}>
      {options.map((o) => <option key={String(o.value)} value={String(o.value)}>{o.label}</option>)}
    </select>
  );
}
