/**
 * The settings page's risk sections: the risk register (events with a chance and an
 * impact on the issues they hit), correlation groups (issues whose durations move
 * together) and the re-planning thresholds. Editable tables in the page's style; every
 * input is keyed by its settings path, so inline and server errors land next to it.
 */
import type { CorrelationSetting, ReplanningSettings, RiskSetting, ThreePointEstimate } from '../../../src/resolvers/contract';
import type { ReactNode } from 'react';
import { Field, fieldId, ListInput, NumberInput, Select, TextInput } from './form-controls';

type ErrorFor = (path: string) => string | undefined;
type Touch = (path: string) => () => void;

const DISTRIBUTIONS: Array<{ value: ThreePointEstimate['distribution']; label: string }> = [
  { value: 'pert', label: 'PERT' }, { value: 'triangular', label: 'Triangular' }, { value: 'uniform', label: 'Uniform' }, { value: 'lognormal', label: 'Lognormal' },
];

/** A field's error under its input, linked by id (as Field does). */
function CellError({ path, errorFor }: { path: string; errorFor: ErrorFor }) {
  const e = errorFor(path);
  return e ? <div className="cv-field-error" id={`${fieldId(path)}-error`} role="alert" data-testid={`error-${path}`}>{e}</div> : null;
}

/** A table cell holding one input: its label for screen readers, the input, and (given `errorFor`) the error for `errorPath`. */
function InputCell({ path, label, errorFor, errorPath = path, children }: { path: string; label: string; errorFor?: ErrorFor; errorPath?: string; children: ReactNode }) {
  return (
    <td>
      <label className="cv-sr-only" htmlFor={fieldId(path)}>{label}</label>
      {children}
      {errorFor && <CellError path={errorPath} errorFor={errorFor} />}
    </td>
  );
}

export function newRisk(existing: readonly RiskSetting[]): RiskSetting {
  let k = existing.length + 1;
  while (existing.some((r) => r.id === `risk-${k}`)) k++;
  return { id: `risk-${k}`, name: '', probability: 0.2, impactDays: 5, match: {} };
}

export function RiskRegister({ risks, errorFor, touch, onChange, onAdd, onRemove }: {
  risks: RiskSetting[]; errorFor: ErrorFor; touch: Touch; onChange: (i: number, fn: (r: RiskSetting) => void) => void; onAdd: () => void; onRemove: (i: number) => void;
}) {
  return (
    <>
      {risks.length === 0 && <p className="cv-help" data-testid="no-risks">No risks yet. Add events such as "labelling vendor late: 30%, +10 days on DATA-*".</p>}
      {risks.length > 0 && (
        <table className="cv-table ap-table ap-risks" data-testid="risk-register">
          <thead>
            <tr>
              <th scope="col">Risk</th><th scope="col">Id</th><th scope="col">Chance (%)</th><th scope="col">Impact (working days)</th><th scope="col"><span className="cv-sr-only">Actions</span></th>
            </tr>
          </thead>
          {risks.map((r, i) => {
            const at = `risks.${i}`;
            const set = (fn: (r: RiskSetting) => void) => onChange(i, fn);
            const three = r.impact !== undefined;
            return (
              <tbody key={i} data-testid={`risk-${i}`}>
                <tr>
                  <InputCell path={`${at}.name`} label={`Risk ${i + 1} name`} errorFor={errorFor}>
                    <TextInput path={`${at}.name`} value={r.name} placeholder="Labelling vendor late" error={errorFor(`${at}.name`)} onBlur={touch(`${at}.name`)} onChange={(v) => set((x) => { x.name = v; })} />
                  </InputCell>
                  <InputCell path={`${at}.id`} label={`Risk ${i + 1} id`} errorFor={errorFor}>
                    <TextInput path={`${at}.id`} value={r.id} width={120} error={errorFor(`${at}.id`)} onBlur={touch(`${at}.id`)} onChange={(v) => set((x) => { x.id = v.trim(); })} />
                  </InputCell>
                  <InputCell path={`${at}.probability`} label={`Risk ${i + 1} chance in percent`} errorFor={errorFor}>
                    <NumberInput path={`${at}.probability`} scale={100} value={r.probability} width={80} error={errorFor(`${at}.probability`)} onBlur={touch(`${at}.probability`)} onChange={(v) => set((x) => { x.probability = v ?? NaN; })} />
                  </InputCell>
                  <td>
                    <div className="cv-row ap-impact">
                      <label className="cv-sr-only" htmlFor={fieldId(`${at}.impactKind`)}>Risk {i + 1} impact kind</label>
                      <Select path={`${at}.impactKind`} value={three ? 'three' : 'fixed'} options={[{ value: 'fixed', label: 'Fixed' }, { value: 'three', label: 'Three-point' }]}
                        onChange={(v) => set((x) => {
                          if (v === 'three') { const d = x.impactDays ?? 5; x.impact = { optimistic: d, mostLikely: d, pessimistic: d * 2, distribution: 'pert' }; delete x.impactDays; }
                          else { x.impactDays = x.impact?.mostLikely ?? 5; delete x.impact; }
                        })} />
                      {!three && (
                        <>
                          <label className="cv-sr-only" htmlFor={fieldId(`${at}.impactDays`)}>Risk {i + 1} impact in working days</label>
                          <NumberInput path={`${at}.impactDays`} value={r.impactDays} width={80} error={errorFor(`${at}.impactDays`)} onBlur={touch(`${at}.impactDays`)} onChange={(v) => set((x) => { x.impactDays = v ?? NaN; })} />
                        </>
                      )}
                      {three && (['optimistic', 'mostLikely', 'pessimistic'] as const).map((k) => (
                        <span key={k}>
                          <label className="cv-sr-only" htmlFor={fieldId(`${at}.impact.${k}`)}>Risk {i + 1} impact {k}</label>
                          <NumberInput path={`${at}.impact.${k}`} value={r.impact![k]} width={64} placeholder={k === 'optimistic' ? 'min' : k === 'mostLikely' ? 'likely' : 'max'} error={errorFor(`${at}.impact.${k}`)} onBlur={touch(`${at}.impact.${k}`)}
                            onChange={(v) => set((x) => { x.impact![k] = v ?? NaN; })} />
                        </span>
                      ))}
                      {three && (
                        <>
                          <label className="cv-sr-only" htmlFor={fieldId(`${at}.impact.distribution`)}>Risk {i + 1} impact distribution</label>
                          <Select path={`${at}.impact.distribution`} value={r.impact!.distribution} options={DISTRIBUTIONS} onChange={(v) => set((x) => { x.impact!.distribution = v; })} />
                        </>
                      )}
                    </div>
                    <CellError path={`${at}.impactDays`} errorFor={errorFor} />
                    {(['optimistic', 'mostLikely', 'pessimistic'] as const).map((k) => <CellError key={k} path={`${at}.impact.${k}`} errorFor={errorFor} />)}
                  </td>
                  <td><button type="button" className="cv-button" aria-label={`Remove risk ${r.name || i + 1}`} onClick={() => onRemove(i)}>Remove</button></td>
                </tr>
                <tr className="ap-subrow">
                  <td colSpan={5}>
                    <div className="ap-grid ap-match">
                      <Field path={`${at}.match.keyPrefix`} label="Hits issues with key prefix" error={errorFor(`${at}.match.keyPrefix`)}>
                        <TextInput path={`${at}.match.keyPrefix`} value={r.match.keyPrefix ?? ''} placeholder="DATA-" error={errorFor(`${at}.match.keyPrefix`)} onBlur={touch(`${at}.match`)}
                          onChange={(v) => set((x) => { x.match = { ...x.match, keyPrefix: v.trim() || undefined }; })} />
                      </Field>
                      <Field path={`${at}.match.labels`} label="or labels" help="Comma-separated">
                        <ListInput path={`${at}.match.labels`} value={r.match.labels} help onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, labels: v.length ? v : undefined }; })} />
                      </Field>
                      <Field path={`${at}.match.issueTypes`} label="or issue types" help="Comma-separated">
                        <ListInput path={`${at}.match.issueTypes`} value={r.match.issueTypes} help onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, issueTypes: v.length ? v : undefined }; })} />
                      </Field>
                      <Field path={`${at}.match.team`} label="or team">
                        <TextInput path={`${at}.match.team`} value={r.match.team ?? ''} onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, team: v || undefined }; })} />
                      </Field>
                      <Field path={`${at}.match.jql`} wide label="or JQL" error={errorFor(`${at}.match.jql`) ?? errorFor(`${at}.match`)} help="e.g. labels = gpu AND project = ML">
                        <TextInput path={`${at}.match.jql`} value={r.match.jql ?? ''} help error={errorFor(`${at}.match.jql`) ?? errorFor(`${at}.match`)} onBlur={touch(`${at}.match`)}
                          onChange={(v) => set((x) => { x.match = { ...x.match, jql: v || undefined }; })} />
                      </Field>
                    </div>
                  </td>
                </tr>
              </tbody>
            );
          })}
        </table>
      )}
      {errorFor('risks') && <div className="cv-field-error">{errorFor('risks')}</div>}
      <button type="button" className="cv-button ap-add" data-testid="add-risk" onClick={onAdd}>Add risk</button>
    </>
  );
}

export function newCorrelation(existing: readonly CorrelationSetting[]): CorrelationSetting {
  let k = existing.length + 1;
  while (existing.some((c) => c.id === `group-${k}`)) k++;
  return { id: `group-${k}`, label: '', coefficient: 0.5, match: {} };
}

export function CorrelationGroups({ groups, errorFor, touch, onChange, onAdd, onRemove }: {
  groups: CorrelationSetting[]; errorFor: ErrorFor; touch: Touch; onChange: (i: number, fn: (c: CorrelationSetting) => void) => void; onAdd: () => void; onRemove: (i: number) => void;
}) {
  return (
    <>
      {groups.length === 0 && <p className="cv-help">No groups: every issue's duration is sampled independently, which makes the spread too narrow when one team's estimates are all optimistic.</p>}
      {groups.length > 0 && (
        <table className="cv-table ap-table" data-testid="correlation-groups">
          <thead>
            <tr>
              <th scope="col">Group</th><th scope="col">Id</th><th scope="col">Correlation (0–1)</th><th scope="col">Team</th><th scope="col">Labels</th><th scope="col">Issue types</th><th scope="col"><span className="cv-sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {groups.map((c, i) => {
              const at = `correlations.${i}`;
              const set = (fn: (c: CorrelationSetting) => void) => onChange(i, fn);
              return (
                <tr key={i} data-testid={`correlation-${i}`}>
                  <InputCell path={`${at}.label`} label={`Group ${i + 1} name`} errorFor={errorFor}>
                    <TextInput path={`${at}.label`} value={c.label} placeholder="Infra team estimates" error={errorFor(`${at}.label`)} onBlur={touch(`${at}.label`)} onChange={(v) => set((x) => { x.label = v; })} />
                  </InputCell>
                  <InputCell path={`${at}.id`} label={`Group ${i + 1} id`} errorFor={errorFor}>
                    <TextInput path={`${at}.id`} value={c.id} width={110} error={errorFor(`${at}.id`)} onBlur={touch(`${at}.id`)} onChange={(v) => set((x) => { x.id = v.trim(); })} />
                  </InputCell>
                  <InputCell path={`${at}.coefficient`} label={`Group ${i + 1} correlation coefficient`} errorFor={errorFor}>
                    <NumberInput path={`${at}.coefficient`} value={c.coefficient} width={80} error={errorFor(`${at}.coefficient`)} onBlur={touch(`${at}.coefficient`)} onChange={(v) => set((x) => { x.coefficient = v ?? NaN; })} />
                  </InputCell>
                  <InputCell path={`${at}.match.team`} label={`Group ${i + 1} team`} errorFor={errorFor} errorPath={`${at}.match`}>
                    <TextInput path={`${at}.match.team`} value={c.match.team ?? ''} error={errorFor(`${at}.match`)} onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, team: v || undefined }; })} />
                  </InputCell>
                  <InputCell path={`${at}.match.labels`} label={`Group ${i + 1} labels`}>
                    <ListInput path={`${at}.match.labels`} value={c.match.labels} onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, labels: v.length ? v : undefined }; })} />
                  </InputCell>
                  <InputCell path={`${at}.match.issueTypes`} label={`Group ${i + 1} issue types`}>
                    <ListInput path={`${at}.match.issueTypes`} value={c.match.issueTypes} onBlur={touch(`${at}.match`)} onChange={(v) => set((x) => { x.match = { ...x.match, issueTypes: v.length ? v : undefined }; })} />
                  </InputCell>
                  <td><button type="button" className="cv-button" aria-label={`Remove group ${c.label || i + 1}`} onClick={() => onRemove(i)}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {errorFor('correlations') && <div className="cv-field-error">{errorFor('correlations')}</div>}
      <button type="button" className="cv-button ap-add" data-testid="add-correlation" onClick={onAdd}>Add correlation group</button>
    </>
  );
}

export function ReplanningThresholds({ value, errorFor, touch, onChange }: { value: ReplanningSettings; errorFor: ErrorFor; touch: Touch; onChange: (fn: (r: ReplanningSettings) => void) => void }) {
  const setKey = <K extends keyof ReplanningSettings>(k: K, v: ReplanningSettings[K] | undefined) => onChange((r) => { if (v === undefined || v === false) delete r[k]; else r[k] = v; });
  return (
    <div data-testid="replanning">
      <div className="ap-grid">
        <Field path="replanning.p80SlipDays" label="P80 slipped more than (working days)" error={errorFor('replanning.p80SlipDays')} help="Since the baseline or the last snapshot; empty = no flag">
          <NumberInput path="replanning.p80SlipDays" value={value.p80SlipDays} help placeholder="off" error={errorFor('replanning.p80SlipDays')} onBlur={touch('replanning.p80SlipDays')} onChange={(v) => setKey('p80SlipDays', v)} />
        </Field>
        <Field path="replanning.minDueProbability" label="Chance of the due date below (%)" error={errorFor('replanning.minDueProbability')} help="Empty = no flag">
          <NumberInput path="replanning.minDueProbability" scale={100} value={value.minDueProbability} help placeholder="off" error={errorFor('replanning.minDueProbability')} onBlur={touch('replanning.minDueProbability')} onChange={(v) => setKey('minDueProbability', v)} />
        </Field>
      </div>
      <div className="cv-row ap-add">
        <label className="ap-check">
          <input type="checkbox" id={fieldId('replanning.criticalPathChange')} checked={value.criticalPathChange === true} onChange={(e) => setKey('criticalPathChange', e.target.checked)} />
          Flag a change of the critical path
        </label>
        <label className="ap-check">
          <input type="checkbox" id={fieldId('replanning.gateAtRisk')} checked={value.gateAtRisk === true} onChange={(e) => setKey('gateAtRisk', e.target.checked)} />
          Flag a review gate at risk
        </label>
      </div>
    </div>
  );
}
