/**
 * The settings page's "Training-run history" section: paste or choose an experiment-tracker
 * export (MLflow UI CSV, MLflow search_runs JSON, W&B runs CSV), preview how many finished runs
 * it holds and the lognormal fit of their durations, and save the durations (never the file)
 * for the forecast page's Calibrated switch. Parsing and fitting happen on the server
 * (previewTrainingRuns / saveTrainingRuns) so the page and the forecast read exports the
 * same way; a malformed export's error names its line and column. Saving is for Jira
 * administrators, checked by the server; it is separate from the settings' Save button.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import type { TrainingRunsSummary } from '../../../src/resolvers/contract';
import { call, CallError } from '../../shared/src/api';
import { Message } from '../../shared/src/components';

type Status =
  | { state: 'idle' }
  | { state: 'working'; what: 'preview' | 'save' }
  | { state: 'previewed'; summary: TrainingRunsSummary }
  | { state: 'saved'; summary: TrainingRunsSummary }
  | { state: 'failed'; error: unknown };

const h = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

function FitLine({ s, testId }: { s: TrainingRunsSummary; testId: string }) {
  const skipped = Object.entries(s.skipped).map(([k, v]) => `${v} ${k}`).join(', ');
  return (
    <p data-testid={testId}>
      <strong data-testid={`${testId}-count`}>{s.count}</strong> finished run{s.count === 1 ? '' : 's'} ({s.format}){skipped ? `; left out: ${skipped}` : ''}
      {s.fitHours
        ? <>. Duration P5 {h(s.fitHours.p5)} h, P50 {h(s.fitHours.p50)} h, P95 {h(s.fitHours.p95)} h (lognormal).</>
        : <>. At least 2 finished runs are needed for a fit.</>}
    </p>
  );
}

const FORMATS = 'MLflow UI CSV, MLflow search_runs JSON or Weights & Biases runs CSV';

export function TrainingRuns() {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [stored, setStored] = useState<TrainingRunsSummary | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    call('getTrainingRuns', {}).then((s) => { if (live) setStored(s); }, (err) => { console.error('Converge: loading training runs failed', err); if (live) setStored(null); });
    return () => { live = false; };
  }, []);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setStatus({ state: 'idle' });
  };

  const run = async (what: 'preview' | 'save') => {
    setStatus({ state: 'working', what });
    try {
      if (what === 'preview') {
        setStatus({ state: 'previewed', summary: await call('previewTrainingRuns', { text }) });
      } else {
        const summary = await call('saveTrainingRuns', { text });
        setStored(summary);
        setStatus({ state: 'saved', summary });
      }
    } catch (error) {
      setStatus({ state: 'failed', error });
    }
  };

  const busy = status.state === 'working';
  const error = status.state === 'failed' ? status.error : undefined;
  const forbidden = error instanceof CallError && error.code === 'forbidden';

  return (
    <section className="ap-section" aria-labelledby="ap-training-runs" data-testid="training-runs">
      <h2 className="ap-h2" id="ap-training-runs">Training-run history</h2>
      <p className="cv-help ap-desc">
        How long your training runs really take, from your experiment tracker ({FORMATS}). With the forecast page&apos;s Calibrated switch on,
        open training issues without an estimate of their own take this distribution instead of the default. Only the run durations are stored.
      </p>
      <div data-testid="training-runs-stored">
        {stored === undefined ? <p className="cv-subtle">Loading the saved runs…</p>
          : stored === null ? <p className="cv-subtle" data-testid="training-runs-none">No training runs saved yet.</p>
            : <><FitLine s={stored} testId="training-runs-saved" />{stored.savedAt && <p className="cv-subtle">Saved {stored.savedAt.slice(0, 10)}.</p>}</>}
      </div>
      <label className="cv-label" htmlFor="ap-training-runs-text">Runs export</label>
      <textarea
        id="ap-training-runs-text" className="cv-input" data-testid="training-runs-text" rows={6} style={{ width: '100%', fontFamily: 'monospace' }}
        placeholder={'Name,State,Runtime\nllama-ft-1,finished,14400'} value={text}
        aria-invalid={error && !forbidden ? true : undefined} aria-describedby={error && !forbidden ? 'ap-training-runs-error' : undefined}
        onChange={(e) => { setText(e.target.value); if (status.state !== 'working') setStatus({ state: 'idle' }); }}
      />
      <div className="cv-row ap-add">
        <label className="cv-button">
          Choose file…
          <input type="file" accept=".csv,.json,text/csv,application/json" className="cv-sr-only" data-testid="training-runs-file" onChange={(e) => void onFile(e)} />
        </label>
        <button type="button" className="cv-button" data-testid="training-runs-preview" disabled={!text.trim() || busy} onClick={() => void run('preview')}>Preview</button>
        <button type="button" className="cv-button" data-testid="training-runs-save" disabled={!text.trim() || busy} onClick={() => void run('save')}>Save runs</button>
        <span className="cv-subtle" role="status" aria-live="polite" data-testid="training-runs-status">
          {busy ? (status.what === 'preview' ? 'Reading the export…' : 'Saving…') : status.state === 'saved' ? 'Saved.' : ''}
        </span>
      </div>
      {status.state === 'previewed' && <FitLine s={status.summary} testId="training-runs-preview-result" />}
      {error !== undefined && (forbidden
        ? <Message tone="warning" title="Only Jira administrators can save training runs" testId="training-runs-forbidden">{(error as Error).message}</Message>
        : <div id="ap-training-runs-error" data-testid="training-runs-error"><Message tone="danger" title="The export could not be read">{error instanceof Error ? error.message : String(error)}</Message></div>)}
    </section>
  );
}
