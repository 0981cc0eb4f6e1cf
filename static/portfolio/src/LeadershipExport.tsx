/**
 * "Export leadership summary": the one-page HTML from getLeadershipSummary, downloaded as a
 * file, and "Print / PDF", which prints the same HTML from a hidden frame (the browser's
 * print dialog saves it as PDF). Reproducible: the seed is shown and sent.
 */
import { useState } from 'react';
import { call } from '../../shared/src/api';
import { ErrorState } from '../../shared/src/components';
import { download } from '../../shared/charts/svg-export';

function printHtml(html: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  frame.srcdoc = html;
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } finally {
      setTimeout(() => frame.remove(), 60_000);
    }
  };
  document.body.appendChild(frame);
}

export function LeadershipExport({ projectKeys, seed = '1' }: { projectKeys: string[]; seed?: string }) {
  const [busy, setBusy] = useState<'download' | 'print'>();
  const [error, setError] = useState<unknown>();
  const run = async (what: 'download' | 'print') => {
    setBusy(what);
    setError(undefined);
    try {
      const { html, summary } = await call('getLeadershipSummary', { projectKeys, seed });
      if (what === 'download') download(`converge-leadership-${summary.generatedAt}.html`, html, 'text/html');
      else printHtml(html);
    } catch (e) {
      console.error('Converge: leadership summary failed', e);
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section className="pf-section" aria-labelledby="pf-lead-h">
      <h2 className="pf-h2" id="pf-lead-h">Leadership summary</h2>
      <p className="cv-help">One page in plain words: the chance of each committed date, what drives the risk, and the best levers with their effect in days (seed {seed}: the same data gives the same page).</p>
      <div className="cv-row pf-wrap">
        <button type="button" className="cv-button cv-primary" data-testid="export-leadership" disabled={!!busy || !projectKeys.length} onClick={() => void run('download')}>
          {busy === 'download' ? 'Preparing…' : 'Export leadership summary'}
        </button>
        <button type="button" className="cv-button" data-testid="print-leadership" disabled={!!busy || !projectKeys.length} onClick={() => void run('print')}>
          {busy === 'print' ? 'Preparing…' : 'Print / PDF'}
        </button>
      </div>
      {error !== undefined && <ErrorState error={error} title="The leadership summary failed" />}
    </section>
  );
}
