/**
 * Converge settings (jira:adminPage, useAsConfig): gate rules, dependency link
 * types, estimate fields, calendars and resource pools. Validates inline before
 * saving (validateSettings), shows server errors against the fields they name,
 * and makes a non-admin's read-only access explicit.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { GateRule, ResourcePoolSetting, Settings, ThreePointEstimate } from '../../../src/resolvers/contract';
import { call, CallError } from '../../shared/src/api';
import { ErrorState, Loading, Message } from '../../shared/src/components';
import { Field, fieldId, ListInput, NumberInput, Select, TextInput } from './form-controls';
import { emptySettings, GATE_KINDS, validateSettings, type SettingsErrors } from './validate-settings';
import { CorrelationGroups, newCorrelation, newRisk, ReplanningThresholds, RiskRegister } from './RiskSettings';
import { TrainingRuns } from './TrainingRuns';

type Load = { phase: 'loading' } | { phase: 'error'; error: unknown } | { phase: 'forbidden'; message: string } | { phase: 'ready' };
type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'failed'; error: unknown };

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DISTRIBUTIONS: Array<{ value: ThreePointEstimate['distribution']; label: string }> = [
  { value: 'pert', label: 'PERT' }, { value: 'triangular', label: 'Triangular' }, { value: 'uniform', label: 'Uniform' }, { value: 'lognormal', label: 'Lognormal (heavy tail)' }, { value: 'fixed', label: 'Fixed' },
];
const ESTIMATE_FIELDS: Array<{ key: keyof Settings['estimateFields']; label: string; help: string }> = [
  { key: 'optimistic', label: 'Optimistic (days)', help: 'Number field with the optimistic estimate' },
  { key: 'mostLikely', label: 'Most likely (days)', help: 'Number field with the most likely estimate' },
  { key: 'pessimistic', label: 'Pessimistic (days)', help: 'Number field with the pessimistic estimate' },
  { key: 'storyPoints', label: 'Story points', help: 'e.g. customfield_10016' },
  { key: 'startDate', label: 'Start date', help: 'Work cannot start before it' },
  { key: 'dataAvailable', label: 'Data available', help: 'Date the data arrives' },
  { key: 'team', label: 'Team', help: 'For per-team views' },
];

export function AdminPage() {
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [saved, setSaved] = useState<Settings>(emptySettings());
  const [draft, setDraft] = useState<Settings>(emptySettings());
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });

  const reload = useCallback(async () => {
    setLoad({ phase: 'loading' });
    try {
      const s = await call('getSettings', {});
      const full = { ...emptySettings(), ...s };
      setSaved(full);
      setDraft(full);
      setTouched(new Set());
      setAttempted(false);
      setLoad({ phase: 'ready' });
    } catch (error) {
      if (error instanceof CallError && error.code === 'forbidden') setLoad({ phase: 'forbidden', message: error.message });
      else setLoad({ phase: 'error', error });
    }
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  const errors = useMemo(() => validateSettings(draft), [draft]);
  const serverErrors = useMemo<SettingsErrors>(() => {
    if (save.state !== 'failed' || !(save.error instanceof CallError)) return {};
    // The server names fields as "settings.calendar.holidays.2"; the page's paths drop the prefix.
    const message = save.error.message;
    return Object.fromEntries(save.error.culprits.filter((c) => c !== 'saveSettings').map((c) => [c.replace(/^settings\./, ''), message]));
  }, [save]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const errorFor = (path: string): string | undefined => serverErrors[path] ?? ((attempted || touched.has(path)) ? errors[path] : undefined);
  const touch = (path: string) => () => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));
  const update = (fn: (d: Settings) => void) => {
    setDraft((s) => { const d = structuredClone(s); fn(d); return d; });
    if (save.state === 'saved' || save.state === 'failed') setSave({ state: 'idle' });
  };

  const onSave = async () => {
    setAttempted(true);
    if (Object.keys(errors).length) {
      requestAnimationFrame(() => document.getElementById('ap-error-summary')?.focus());
      return;
    }
    setSave({ state: 'saving' });
    try {
      const result = await call('saveSettings', { settings: draft });
      const full = { ...emptySettings(), ...result };
      setSaved(full);
      setDraft(full);
      setAttempted(false);
      setTouched(new Set());
      setSave({ state: 'saved' });
    } catch (error) {
      console.error('Converge: saving settings failed', error);
      setSave({ state: 'failed', error });
    }
  };

  if (load.phase === 'loading') return <div className="ap-root"><Loading label="Loading Converge settings…" /></div>;
  if (load.phase === 'error') return <div className="ap-root"><ErrorState error={load.error} title="Converge could not load its settings" onRetry={reload} /></div>;
  if (load.phase === 'forbidden') {
    return (
      <div className="ap-root" data-testid="forbidden">
        <h1 className="ap-title">Converge settings</h1>
        <Message tone="warning" title="Only Jira administrators can see and change Converge settings">{load.message}</Message>
      </div>
    );
  }

  const errorList = Object.entries(attempted ? errors : {});
  const forbiddenSave = save.state === 'failed' && save.error instanceof CallError && save.error.code === 'forbidden';

  return (
    <div className="ap-root" data-testid="admin-page">
      <h1 className="ap-title">Converge settings</h1>
      <p className="cv-subtle ap-intro">How Converge reads your Jira issues as a plan: which links are dependencies, where estimates live, the working calendar, shared resource pools, review gates, the risk register and when to re-plan.</p>

      {errorList.length > 0 && (
        <div id="ap-error-summary" tabIndex={-1} data-testid="error-summary">
          <Message tone="danger" title={`Fix ${errorList.length} problem${errorList.length === 1 ? '' : 's'} before saving`}>
            <ul className="ap-error-list">
              {errorList.slice(0, 12).map(([path, msg]) => (
                <li key={path}><button type="button" className="cv-link" onClick={() => document.getElementById(fieldId(path))?.focus()}>{labelOf(path)}</button>: {msg}</li>
              ))}
              {errorList.length > 12 ? <li>…and {errorList.length - 12} more</li> : null}
            </ul>
          </Message>
        </div>
      )}
      {save.state === 'failed' && (forbiddenSave ? (
        <div data-testid="save-forbidden">
          <Message tone="warning" title="Only Jira administrators can change Converge settings">
            {(save.error as Error).message} Ask a Jira administrator to make this change.
          </Message>
        </div>
      ) : (
        <ErrorState error={save.error} title="The settings were not saved" onRetry={() => void onSave()} />
      ))}

      <Section title="Dependencies" description='Link types that mean "depends on", and which side of the link is the predecessor (the work that must finish first).'>
        <table className="cv-table ap-table">
          <thead><tr><th scope="col">Link type</th><th scope="col">Predecessor</th><th scope="col"><span className="cv-sr-only">Actions</span></th></tr></thead>
          <tbody>
            {draft.linkTypes.map((l, i) => (
              <tr key={i}>
                <td>
                  <TextInput path={`linkTypes.${i}.name`} value={l.name} error={errorFor(`linkTypes.${i}.name`)} onBlur={touch(`linkTypes.${i}.name`)} onChange={(v) => update((d) => { d.linkTypes[i].name = v; })} />
                  {errorFor(`linkTypes.${i}.name`) && <div className="cv-field-error" id={`${fieldId(`linkTypes.${i}.name`)}-error`}>{errorFor(`linkTypes.${i}.name`)}</div>}
                </td>
                <td>
                  <Select path={`linkTypes.${i}.predecessorSide`} value={l.predecessorSide} onChange={(v) => update((d) => { d.linkTypes[i].predecessorSide = v; })}
                    options={[{ value: 'outward', label: 'Outward side ("X blocks Y": X first)' }, { value: 'inward', label: 'Inward side ("X depends on Y": Y first)' }]} />
                </td>
                <td><button type="button" className="cv-button" aria-label={`Remove link type ${l.name || i + 1}`} onClick={() => update((d) => { d.linkTypes.splice(i, 1); })}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {errorFor('linkTypes') && <div className="cv-field-error">{errorFor('linkTypes')}</div>}
        <button type="button" className="cv-button ap-add" onClick={() => update((d) => { d.linkTypes.push({ name: '', predecessorSide: 'outward' }); })}>Add link type</button>
      </Section>

      <Section title="Estimates" description="Where three-point estimates come from when an issue has no Converge estimate of its own. Field ids look like customfield_10016.">
        <div className="ap-grid">
          {ESTIMATE_FIELDS.map((f) => (
            <Field key={f.key} path={`estimateFields.${f.key}`} label={f.label} error={errorFor(`estimateFields.${f.key}`)} help={f.help}>
              <TextInput path={`estimateFields.${f.key}`} value={draft.estimateFields[f.key] ?? ''} error={errorFor(`estimateFields.${f.key}`)} help onBlur={touch(`estimateFields.${f.key}`)} placeholder="customfield_…"
                onChange={(v) => update((d) => { if (v.trim()) d.estimateFields[f.key] = v.trim(); else delete d.estimateFields[f.key]; })} />
            </Field>
          ))}
          <Field path="daysPerStoryPoint" label="Working days per story point" error={errorFor('daysPerStoryPoint')} help="Story points become a PERT estimate around this">
            <NumberInput path="daysPerStoryPoint" value={draft.daysPerStoryPoint} error={errorFor('daysPerStoryPoint')} help onBlur={touch('daysPerStoryPoint')} onChange={(v) => update((d) => { d.daysPerStoryPoint = v ?? NaN; })} />
          </Field>
        </div>
        <h3 className="ap-h3">Default estimates by issue type</h3>
        <p className="cv-help">Used for issues with no estimate at all; the forecast flags them as unestimated.</p>
        <table className="cv-table ap-table">
          <thead><tr><th scope="col">Issue type</th><th scope="col">Optimistic</th><th scope="col">Most likely</th><th scope="col">Pessimistic</th><th scope="col">Distribution</th><th scope="col"><span className="cv-sr-only">Actions</span></th></tr></thead>
          <tbody>
            {Object.entries(draft.defaultEstimates).map(([type, e]) => {
              const at = `defaultEstimates.${type}`;
              const num = (k: 'optimistic' | 'mostLikely' | 'pessimistic') => (
                <td>
                  <NumberInput path={`${at}.${k}`} value={e[k]} error={errorFor(`${at}.${k}`)} onBlur={touch(`${at}.${k}`)} width={90} onChange={(v) => update((d) => { d.defaultEstimates[type][k] = v ?? NaN; })} />
                  {errorFor(`${at}.${k}`) && <div className="cv-field-error" id={`${fieldId(`${at}.${k}`)}-error`}>{errorFor(`${at}.${k}`)}</div>}
                </td>
              );
              return (
                <tr key={type}>
                  <td className="ap-cell-text">{type === '*' ? 'Any other type' : type}</td>
                  {num('optimistic')}{num('mostLikely')}{num('pessimistic')}
                  <td><Select path={`${at}.distribution`} value={e.distribution} options={DISTRIBUTIONS} onChange={(v) => update((d) => { d.defaultEstimates[type].distribution = v; })} /></td>
                  <td><button type="button" className="cv-button" aria-label={`Remove the default for ${type}`} onClick={() => update((d) => { delete d.defaultEstimates[type]; })}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <AddDefaultEstimate existing={Object.keys(draft.defaultEstimates)} onAdd={(type) => update((d) => { d.defaultEstimates[type] = { optimistic: 1, mostLikely: 3, pessimistic: 8, distribution: 'pert' }; })} />
      </Section>

      <Section title="Calendar" description="Working days and holidays. Durations are in working days; nothing is scheduled on a holiday.">
        <fieldset className="ap-fieldset">
          <legend className="cv-label">Working days</legend>
          <div className="cv-row">
            {WEEKDAYS.map((name, i) => (
              <label key={name} className="ap-check">
                <input type="checkbox" checked={draft.calendar.workdays.includes(i + 1)}
                  onChange={(e) => update((d) => { d.calendar.workdays = e.target.checked ? [...new Set([...d.calendar.workdays, i + 1])].sort() : d.calendar.workdays.filter((w) => w !== i + 1); })} />
                {name}
              </label>
            ))}
          </div>
          {errorFor('calendar.workdays') && <div className="cv-field-error" role="alert">{errorFor('calendar.workdays')}</div>}
        </fieldset>
        <h3 className="ap-h3">Holidays</h3>
        {draft.calendar.holidays.length === 0 && <p className="cv-help">No holidays yet.</p>}
        <ul className="ap-list" data-testid="holidays">
          {draft.calendar.holidays.map((h, i) => (
            <li key={i}>
              <Field path={`calendar.holidays.${i}`} label={<span className="cv-sr-only">Holiday {i + 1}</span>} error={errorFor(`calendar.holidays.${i}`)} inline>
                <div className="cv-row">
                  <TextInput path={`calendar.holidays.${i}`} value={h} placeholder="YYYY-MM-DD" width={160} error={errorFor(`calendar.holidays.${i}`)} onBlur={touch(`calendar.holidays.${i}`)}
                    onChange={(v) => update((d) => { d.calendar.holidays[i] = v.trim(); })} />
                  <button type="button" className="cv-button" aria-label={`Remove holiday ${h || i + 1}`} onClick={() => update((d) => { d.calendar.holidays.splice(i, 1); })}>Remove</button>
                </div>
              </Field>
            </li>
          ))}
        </ul>
        <button type="button" className="cv-button ap-add" data-testid="add-holiday" onClick={() => {
          update((d) => { d.calendar.holidays.push(''); });
          const i = draft.calendar.holidays.length;
          requestAnimationFrame(() => document.getElementById(fieldId(`calendar.holidays.${i}`))?.focus());
        }}>Add holiday</button>
      </Section>

      <Section title="Resource pools" description="Shared capacity such as GPU clusters or a team. Issues that use a pool hold its units while they run; the schedule never exceeds capacity.">
        {draft.resources.length === 0 && <p className="cv-help">No pools: schedules consider dependencies only.</p>}
        {draft.resources.map((p, i) => <PoolEditor key={i} pool={p} at={`resources.${i}`} errorFor={errorFor} touch={touch}
          onChange={(fn) => update((d) => fn(d.resources[i]))} onRemove={() => update((d) => { d.resources.splice(i, 1); })} />)}
        <button type="button" className="cv-button ap-add" onClick={() => update((d) => { d.resources.push({ id: `pool-${d.resources.length + 1}`, name: '', capacity: 1, match: { labels: [] } }); })}>Add pool</button>
      </Section>

      <Section title="Review gates" description="Gates such as a bias audit or a regulatory review become tasks in the plan: which issues they guard, how long they take, when the review board sits, and how often work goes back for rework.">
        {draft.gates.length === 0 && <p className="cv-help">No gate rules.</p>}
        {draft.gates.map((g, i) => <GateEditor key={i} gate={g} at={`gates.${i}`} errorFor={errorFor} touch={touch}
          onChange={(fn) => update((d) => fn(d.gates[i]))} onRemove={() => update((d) => { d.gates.splice(i, 1); })} />)}
        <button type="button" className="cv-button ap-add" onClick={() => update((d) => {
          d.gates.push({ id: `gate-${d.gates.length + 1}`, kind: 'bias-audit', match: { labels: [] }, when: 'finish', defaultDurationDays: 3, treatUnlinkedAsDependency: true });
        })}>Add gate rule</button>
      </Section>

      <Section title="Risk register" description="Events that may happen and delay the issues they hit, e.g. &quot;labelling vendor late: 30%, +10 days on DATA-*&quot;. Each simulated run draws every risk once; the Forecast page shows what each adds to the P80.">
        <RiskRegister risks={draft.risks ?? []} errorFor={errorFor} touch={touch}
          onChange={(i, fn) => update((d) => fn(d.risks![i]))}
          onAdd={() => {
            const i = draft.risks?.length ?? 0;
            update((d) => { d.risks = [...(d.risks ?? []), newRisk(d.risks ?? [])]; });
            requestAnimationFrame(() => document.getElementById(fieldId(`risks.${i}.name`))?.focus());
          }}
          onRemove={(i) => update((d) => { d.risks!.splice(i, 1); })} />
      </Section>

      <Section title="Correlated estimates" description="Issues whose durations move together, e.g. one team's estimates or all training runs: 0 = independent, 1 = always late or early together. Without this the spread of the forecast comes out too narrow.">
        <CorrelationGroups groups={draft.correlations ?? []} errorFor={errorFor} touch={touch}
          onChange={(i, fn) => update((d) => fn(d.correlations![i]))}
          onAdd={() => update((d) => { d.correlations = [...(d.correlations ?? []), newCorrelation(d.correlations ?? [])]; })}
          onRemove={(i) => update((d) => { d.correlations!.splice(i, 1); })} />
      </Section>

      <Section title="Re-planning" description="When a project's forecast crosses one of these thresholds, the panels raise a re-planning flag and list it for the project manager.">
        <ReplanningThresholds value={draft.replanning ?? {}} errorFor={errorFor} touch={touch} onChange={(fn) => update((d) => { const r = { ...(d.replanning ?? {}) }; fn(r); d.replanning = r; })} />
      </Section>

      <TrainingRuns />

      <Section title="Forecast" description="The default scope of a project's forecast and how many runs a simulation makes.">
        <div className="ap-grid">
          <Field path="defaultJql" wide label="Scope JQL" error={errorFor('defaultJql')} help="{project} stands for the project key">
            <TextInput path="defaultJql" value={draft.defaultJql} help error={errorFor('defaultJql')} onBlur={touch('defaultJql')} onChange={(v) => update((d) => { d.defaultJql = v; })} />
          </Field>
          <Field path="iterations" label="Simulations per forecast" error={errorFor('iterations')} help="10,000 gives percentiles within about a day">
            <NumberInput path="iterations" value={draft.iterations} help error={errorFor('iterations')} onBlur={touch('iterations')} onChange={(v) => update((d) => { d.iterations = v ?? NaN; })} />
          </Field>
        </div>
      </Section>

      <div className="ap-savebar" role="region" aria-label="Save">
        {/* No blur on mousedown: blurring the field being edited shows its error, the page grows and
            the button could move away before the mouse is released, losing the click (seen in tests). */}
        <button type="button" className="cv-button cv-primary" data-testid="save" disabled={save.state === 'saving' || !dirty} onMouseDown={(e) => e.preventDefault()} onClick={() => void onSave()}>
          {save.state === 'saving' ? 'Saving…' : 'Save settings'}
        </button>
        <button type="button" className="cv-button" disabled={!dirty || save.state === 'saving'} onClick={() => { setDraft(saved); setAttempted(false); setTouched(new Set()); setSave({ state: 'idle' }); }}>Discard changes</button>
        <span className="cv-subtle" role="status" aria-live="polite" data-testid="save-status">
          {save.state === 'saved' ? 'Saved.' : dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
    </div>
  );
}

function labelOf(path: string): string {
  const p = path.split('.');
  const n = (i: number) => Number(p[i]) + 1;
  switch (p[0]) {
    case 'calendar': return p[1] === 'holidays' ? `Holiday ${n(2)}` : 'Working days';
    case 'linkTypes': return p.length > 1 ? `Link type ${n(1)}` : 'Link types';
    case 'resources': return `Pool ${n(1)} ${p.slice(2).join(' ')}`.trim();
    case 'gates': return `Gate rule ${n(1)} ${p.slice(2).join(' ')}`.trim();
    case 'risks': return p.length > 1 ? `Risk ${n(1)} ${p.slice(2).join(' ')}`.trim() : 'Risk register';
    case 'correlations': return p.length > 1 ? `Correlation group ${n(1)} ${p.slice(2).join(' ')}`.trim() : 'Correlation groups';
    case 'replanning': return `Re-planning ${p[1] === 'p80SlipDays' ? 'P80 slip' : p[1] === 'minDueProbability' ? 'due-date chance' : p[1] ?? ''}`.trim();
    case 'estimateFields': return `Estimate field ${p[1]}`;
    case 'defaultEstimates': return `Default estimate for ${p[1]}`;
    case 'daysPerStoryPoint': return 'Days per story point';
    case 'defaultJql': return 'Scope JQL';
    case 'iterations': return 'Simulations';
    default: return path;
  }
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = `ap-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="ap-section" aria-labelledby={id}>
      <h2 className="ap-h2" id={id}>{title}</h2>
      <p className="cv-help ap-desc">{description}</p>
      {children}
    </section>
  );
}

function AddDefaultEstimate({ existing, onAdd }: { existing: string[]; onAdd: (type: string) => void }) {
  const [type, setType] = useState('');
  const clash = existing.includes(type.trim());
  return (
    <div className="cv-row ap-add">
      <label className="cv-sr-only" htmlFor="ap-new-type">Issue type</label>
      <input id="ap-new-type" className="cv-input" style={{ width: 200 }} placeholder="Issue type, e.g. Training Run" value={type} onChange={(e) => setType(e.target.value)} aria-invalid={clash || undefined} />
      <button type="button" className="cv-button" disabled={!type.trim() || clash} onClick={() => { onAdd(type.trim()); setType(''); }}>Add default</button>
      {clash && <span className="cv-field-error">{type} already has a default.</span>}
    </div>
  );
}

type ErrorFor = (path: string) => string | undefined;
type Touch = (path: string) => () => void;

function PoolEditor({ pool, at, errorFor, touch, onChange, onRemove }: { pool: ResourcePoolSetting; at: string; errorFor: ErrorFor; touch: Touch; onChange: (fn: (p: ResourcePoolSetting) => void) => void; onRemove: () => void }) {
  return (
    <div className="ap-card" data-testid={`pool-${pool.id}`}>
      <div className="ap-grid">
        <Field path={`${at}.name`} label="Name" error={errorFor(`${at}.name`)}>
          <TextInput path={`${at}.name`} value={pool.name} placeholder="A100 cluster" error={errorFor(`${at}.name`)} onBlur={touch(`${at}.name`)} onChange={(v) => onChange((p) => { p.name = v; })} />
        </Field>
        <Field path={`${at}.id`} label="Id" error={errorFor(`${at}.id`)} help="Stable; used in plans and reports">
          <TextInput path={`${at}.id`} value={pool.id} help error={errorFor(`${at}.id`)} onBlur={touch(`${at}.id`)} onChange={(v) => onChange((p) => { p.id = v.trim(); })} />
        </Field>
        <Field path={`${at}.capacity`} label="Capacity (units)" error={errorFor(`${at}.capacity`)}>
          <NumberInput path={`${at}.capacity`} value={pool.capacity} error={errorFor(`${at}.capacity`)} onBlur={touch(`${at}.capacity`)} onChange={(v) => onChange((p) => { p.capacity = v ?? NaN; })} />
        </Field>
        <Field path={`${at}.match.labels`} label="Issues with labels" error={errorFor(`${at}.match.labels`)} help="Comma-separated, e.g. gpu:a100">
          <ListInput path={`${at}.match.labels`} value={pool.match?.labels} help error={errorFor(`${at}.match.labels`)} onBlur={touch(`${at}.match.labels`)} onChange={(v) => onChange((p) => { p.match = { ...p.match, labels: v }; })} />
        </Field>
        <Field path={`${at}.match.field`} label="Units field (optional)" error={errorFor(`${at}.match.field`)} help="Number field holding the units an issue uses">
          <TextInput path={`${at}.match.field`} value={pool.match?.field ?? ''} help placeholder="customfield_…" error={errorFor(`${at}.match.field`)} onBlur={touch(`${at}.match.field`)}
            onChange={(v) => onChange((p) => { p.match = { ...p.match, field: v.trim() || undefined }; })} />
        </Field>
        <Field path={`${at}.match.units`} label="Units per issue" error={errorFor(`${at}.match.units`)} help="When there is no units field (default 1)">
          <NumberInput path={`${at}.match.units`} value={pool.match?.units} help placeholder="1" error={errorFor(`${at}.match.units`)} onBlur={touch(`${at}.match.units`)}
            onChange={(v) => onChange((p) => { p.match = { ...p.match, units: v }; })} />
        </Field>
      </div>
      <h3 className="ap-h3">Capacity changes (reservations, maintenance)</h3>
      {(pool.availability ?? []).map((w, j) => {
        const a = `${at}.availability.${j}`;
        return (
          <div className="cv-row ap-window" key={j}>
            <Field path={`${a}.from`} label="From" error={errorFor(`${a}.from`)} inline>
              <TextInput path={`${a}.from`} value={w.from} placeholder="YYYY-MM-DD" width={140} error={errorFor(`${a}.from`)} onBlur={touch(`${a}.from`)} onChange={(v) => onChange((p) => { p.availability![j].from = v.trim(); })} />
            </Field>
            <Field path={`${a}.to`} label="To (inclusive)" error={errorFor(`${a}.to`)} inline>
              <TextInput path={`${a}.to`} value={w.to} placeholder="YYYY-MM-DD" width={140} error={errorFor(`${a}.to`)} onBlur={touch(`${a}.to`)} onChange={(v) => onChange((p) => { p.availability![j].to = v.trim(); })} />
            </Field>
            <Field path={`${a}.capacity`} label="Capacity" error={errorFor(`${a}.capacity`)} inline>
              <NumberInput path={`${a}.capacity`} value={w.capacity} width={90} error={errorFor(`${a}.capacity`)} onBlur={touch(`${a}.capacity`)} onChange={(v) => onChange((p) => { p.availability![j].capacity = v ?? NaN; })} />
            </Field>
            <button type="button" className="cv-button ap-align-end" aria-label={`Remove capacity change ${j + 1}`} onClick={() => onChange((p) => { p.availability!.splice(j, 1); })}>Remove</button>
          </div>
        );
      })}
      <div className="cv-row ap-add">
        <button type="button" className="cv-button" onClick={() => onChange((p) => { p.availability = [...(p.availability ?? []), { from: '', to: '', capacity: 0 }]; })}>Add capacity change</button>
        <span className="cv-spacer" />
        <button type="button" className="cv-button" onClick={onRemove}>Remove pool</button>
      </div>
    </div>
  );
}

type CadenceMode = 'none' | 'weekly' | 'dates';

function GateEditor({ gate, at, errorFor, touch, onChange, onRemove }: { gate: GateRule; at: string; errorFor: ErrorFor; touch: Touch; onChange: (fn: (g: GateRule) => void) => void; onRemove: () => void }) {
  const mode: CadenceMode = !gate.cadence ? 'none' : 'dates' in gate.cadence ? 'dates' : 'weekly';
  const weekly = gate.cadence && !('dates' in gate.cadence) ? gate.cadence : undefined;
  const dates = gate.cadence && 'dates' in gate.cadence ? gate.cadence.dates : undefined;
  return (
    <div className="ap-card" data-testid={`gate-${gate.id}`}>
      <div className="ap-grid">
        <Field path={`${at}.kind`} label="Kind" error={errorFor(`${at}.kind`)}>
          <Select path={`${at}.kind`} value={gate.kind} options={GATE_KINDS} onChange={(v) => onChange((g) => { g.kind = v; })} />
        </Field>
        <Field path={`${at}.id`} label="Id" error={errorFor(`${at}.id`)}>
          <TextInput path={`${at}.id`} value={gate.id} error={errorFor(`${at}.id`)} onBlur={touch(`${at}.id`)} onChange={(v) => onChange((g) => { g.id = v.trim(); })} />
        </Field>
        <Field path={`${at}.when`} label="Guards the issues'">
          <Select path={`${at}.when`} value={gate.when} options={[{ value: 'finish', label: 'Finish (review after the work)' }, { value: 'start', label: 'Start (approval before the work)' }]} onChange={(v) => onChange((g) => { g.when = v; })} />
        </Field>
        <Field path={`${at}.match.jql`} wide label="Match by JQL" error={errorFor(`${at}.match`)} help="e.g. labels = model-release">
          <TextInput path={`${at}.match.jql`} value={gate.match.jql ?? ''} help error={errorFor(`${at}.match`)} onBlur={touch(`${at}.match`)} onChange={(v) => onChange((g) => { g.match = { ...g.match, jql: v || undefined }; })} />
        </Field>
        <Field path={`${at}.match.issueTypes`} label="or issue types" help="Comma-separated">
          <ListInput path={`${at}.match.issueTypes`} value={gate.match.issueTypes} help onBlur={touch(`${at}.match`)} onChange={(v) => onChange((g) => { g.match = { ...g.match, issueTypes: v }; })} />
        </Field>
        <Field path={`${at}.match.labels`} label="or labels" help="Comma-separated, e.g. gate:bias-audit">
          <ListInput path={`${at}.match.labels`} value={gate.match.labels} help onBlur={touch(`${at}.match`)} onChange={(v) => onChange((g) => { g.match = { ...g.match, labels: v }; })} />
        </Field>
        <Field path={`${at}.defaultDurationDays`} label="Default duration (working days)" error={errorFor(`${at}.defaultDurationDays`)}>
          <NumberInput path={`${at}.defaultDurationDays`} value={gate.defaultDurationDays} error={errorFor(`${at}.defaultDurationDays`)} onBlur={touch(`${at}.defaultDurationDays`)} onChange={(v) => onChange((g) => { g.defaultDurationDays = v ?? NaN; })} />
        </Field>
        <Field path={`${at}.reworkProbability`} label="Rework chance (%)" error={errorFor(`${at}.reworkProbability`)} help="Chance the review sends work back">
          <NumberInput path={`${at}.reworkProbability`} scale={100} value={gate.reworkProbability} help placeholder="0" error={errorFor(`${at}.reworkProbability`)} onBlur={touch(`${at}.reworkProbability`)} onChange={(v) => onChange((g) => { g.reworkProbability = v; })} />
        </Field>
        <Field path={`${at}.reworkShare`} label="Rework size (% of the work)" error={errorFor(`${at}.reworkShare`)} help="How much is redone on rework">
          <NumberInput path={`${at}.reworkShare`} scale={100} value={gate.reworkShare} help placeholder="50" error={errorFor(`${at}.reworkShare`)} onBlur={touch(`${at}.reworkShare`)} onChange={(v) => onChange((g) => { g.reworkShare = v; })} />
        </Field>
      </div>
      <div className="cv-row ap-add">
        <Field path={`${at}.cadence`} label="Review board sits" inline>
          <Select<CadenceMode> path={`${at}.cadence`} value={mode} options={[{ value: 'none', label: 'Any working day' }, { value: 'weekly', label: 'Every N weeks' }, { value: 'dates', label: 'On listed dates' }]}
            onChange={(v) => onChange((g) => { g.cadence = v === 'none' ? undefined : v === 'weekly' ? { everyWeeks: 2, weekday: 3, from: '' } : { dates: [] }; })} />
        </Field>
        {weekly && (
          <>
            <Field path={`${at}.cadence.everyWeeks`} label="Every (weeks)" error={errorFor(`${at}.cadence.everyWeeks`)} inline>
              <NumberInput path={`${at}.cadence.everyWeeks`} value={weekly.everyWeeks} width={80} error={errorFor(`${at}.cadence.everyWeeks`)} onBlur={touch(`${at}.cadence.everyWeeks`)} onChange={(v) => onChange((g) => { (g.cadence as { everyWeeks: number }).everyWeeks = v ?? NaN; })} />
            </Field>
            <Field path={`${at}.cadence.weekday`} label="On" inline>
              <Select path={`${at}.cadence.weekday`} value={weekly.weekday} options={WEEKDAYS.map((w, i) => ({ value: i + 1, label: w }))} onChange={(v) => onChange((g) => { (g.cadence as { weekday: number }).weekday = v; })} />
            </Field>
            <Field path={`${at}.cadence.from`} label="Starting" error={errorFor(`${at}.cadence.from`)} inline>
              <TextInput path={`${at}.cadence.from`} value={weekly.from} placeholder="YYYY-MM-DD" width={140} error={errorFor(`${at}.cadence.from`)} onBlur={touch(`${at}.cadence.from`)} onChange={(v) => onChange((g) => { (g.cadence as { from: string }).from = v.trim(); })} />
            </Field>
          </>
        )}
        {dates && (
          <Field path={`${at}.cadence.dates`} label="Sitting dates" error={errorFor(`${at}.cadence.dates`) ?? dates.map((_, j) => errorFor(`${at}.cadence.dates.${j}`)).find(Boolean)} help="Comma-separated YYYY-MM-DD" inline>
            <ListInput path={`${at}.cadence.dates`} value={dates} help onBlur={touch(`${at}.cadence.dates`)} onChange={(v) => onChange((g) => { g.cadence = { dates: v }; })} />
          </Field>
        )}
      </div>
      <div className="cv-row ap-add">
        <label className="ap-check">
          <input type="checkbox" checked={gate.treatUnlinkedAsDependency} onChange={(e) => onChange((g) => { g.treatUnlinkedAsDependency = e.target.checked; })} />
          Add the gate even where no issue link connects it (guarded issues wait for it)
        </label>
        <span className="cv-spacer" />
        <button type="button" className="cv-button" onClick={onRemove}>Remove gate rule</button>
      </div>
    </div>
  );
}
