/**
 * The leadership summary as one self-contained HTML page: inline CSS and SVG, no
 * script, no external resource (fonts, images, links to fetch), printable on one
 * page (A4/Letter) and so exportable to PDF with the browser's print.
 *
 * Method: a fixed template filled from LeadershipSummary; every text goes through
 * escapeHtml (plan and task names come from Jira and may hold markup), numbers are
 * formatted without locale. A pure function: the same summary gives the same bytes.
 * One page for one plan and for several initiatives (projects, programs): with
 * `initiatives` the page adds a table of each one's dates, the drivers and pools per
 * initiative, and names the initiative of each lever; without it, it is the one-plan page.
 * Cost: O(size of the summary).
 */
import type { LeadershipSummary, Verdict } from './summary';
import { percent, plainDate } from './leadership-summary';

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const COLOURS: Record<Verdict, string> = { 'on track': '#1f845a', 'at risk': '#b38600', unlikely: '#c9372c' };
const num = (x: number) => String(Math.round(x * 10) / 10);

function probabilityBar(p: number, verdict: Verdict): string {
  const w = Math.round(Math.max(0, Math.min(1, p)) * 160);
  return `<svg width="160" height="12" viewBox="0 0 160 12" role="img" aria-label="${escapeHtml(percent(p))}"><rect width="160" height="12" rx="3" fill="#e9ecef"/><rect width="${w}" height="12" rx="3" fill="${COLOURS[verdict]}"/></svg>`;
}

function leverChart(s: LeadershipSummary): string {
  if (!s.levers.length) return '';
  const max = Math.max(...s.levers.map((l) => l.p80Days), 1);
  const row = 26, width = 520, label = 300, bar = width - label - 60;
  const rows = s.levers.map((l, k) => {
    const w = Math.max(1, Math.round((l.p80Days / max) * bar));
    const y = k * row;
    const full = leverLabel(l);
    const text = full.length > 48 ? `${full.slice(0, 47)}…` : full;
    return `<text x="0" y="${y + 17}" font-size="12" fill="#172b4d">${escapeHtml(text)}</text>` +
      `<rect x="${label}" y="${y + 6}" width="${w}" height="14" rx="2" fill="#0c66e4"/>` +
      `<text x="${label + w + 6}" y="${y + 17}" font-size="12" fill="#172b4d">${escapeHtml(num(l.p80Days))} d</text>`;
  }).join('');
  return `<svg width="${width}" height="${s.levers.length * row}" viewBox="0 0 ${width} ${s.levers.length * row}" role="img" aria-label="Working days gained on the 80% date, per lever">${rows}</svg>`;
}

const leverLabel = (l: LeadershipSummary['levers'][number]) => (l.initiative !== undefined ? `${l.initiative}: ${l.label}` : l.label);

/** Several initiatives: who finishes when. */
function initiativeDates(s: LeadershipSummary): string {
  const e = escapeHtml;
  return `<table><thead><tr><th>Initiative</th><th>Even odds (50%)</th><th>Confident (80%)</th><th>Near certain (95%)</th></tr></thead><tbody>${s.initiatives!.map((x) =>
    `<tr><td>${e(x.key)}${x.name !== undefined && x.name !== x.key ? ` <span class="muted">${e(x.name)}</span>` : ''}</td><td>${e(plainDate(x.forecast.p50Date))}</td><td><b>${e(plainDate(x.forecast.p80Date))}</b></td><td>${e(plainDate(x.forecast.p95Date))}</td></tr>`).join('')}</tbody></table>`;
}

/** Several initiatives: the drivers and pools of each. */
function initiativeDrivers(s: LeadershipSummary): string {
  const e = escapeHtml;
  return `<ul>${s.initiatives!.map((x) => {
    const parts: string[] = [];
    if (x.drivers.length) parts.push(`the critical work on ${x.drivers.map((d) => `${e(d.name ?? d.id)} (${d.name ? `${e(d.id)}, ` : ''}critical in ${e(percent(d.criticality))} of outcomes)`).join('; ')}`);
    if (x.pools.length) parts.push(`waiting for ${x.pools.map((p) => `${e(p.name ?? p.id)} (holds the finish back in ${e(percent(p.criticality))} of outcomes)`).join(' and ')}`);
    return `<li><b>${e(x.key)}</b>: ${parts.length ? parts.join('; and ') : 'no single driver stands out'}.</li>`;
  }).join('')}</ul>`;
}

export function renderSummaryHtml(s: LeadershipSummary): string {
  const e = escapeHtml;
  const several = !!s.initiatives?.length;
  const commitments = s.commitments.length
    ? `<table><thead><tr><th>Commitment</th><th>Date</th><th>Chance</th><th></th><th>Status</th></tr></thead><tbody>${s.commitments.map((c) =>
      `<tr><td>${e(c.label)}</td><td>${e(plainDate(c.date))}</td><td class="num">${e(percent(c.probability))}</td><td>${probabilityBar(c.probability, c.verdict)}</td><td><span class="v" style="color:${COLOURS[c.verdict]}">${e(c.verdict)}</span></td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No committed date is set: the dates below are the forecast only.</p>';
  const drivers = several ? initiativeDrivers(s) : s.drivers.length
    ? `<ol>${s.drivers.map((d) => `<li>${e(d.name ? `${d.name} (${d.id})` : d.id)}: on the critical path in ${e(percent(d.criticality))} of outcomes</li>`).join('')}</ol>`
    : '<p class="muted">No single task dominates the uncertainty.</p>';
  const pools = s.pools.length
    ? `<ul>${s.pools.map((p) => `<li>${e(p.name ?? p.id)}: holds the finish back in ${e(percent(p.criticality))} of outcomes</li>`).join('')}</ul>`
    : '';
  const levers = s.levers.length
    ? `<table><thead><tr><th>Lever</th><th>80% date gain</th><th>New 80% date</th><th>Chance of the date</th></tr></thead><tbody>${s.levers.map((l) =>
      `<tr><td>${e(leverLabel(l))}</td><td class="num">${e(num(l.p80Days))} working days</td><td>${e(plainDate(l.p80Date))}</td><td class="num">${l.dueDelta !== undefined ? e(`${l.dueDelta >= 0 ? '+' : ''}${Math.round(l.dueDelta * 100)} pts`) : '–'}</td></tr>`).join('')}</tbody></table>${leverChart(s)}`
    : '<p class="muted">No lever examined brings the 80% date forward.</p>';
  const contention = s.contention.length ? `<h2>Shared capacity</h2><ul>${s.contention.map((c) => `<li>${e(c)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(s.title)}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #172b4d; margin: 24px auto; max-width: 760px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 20px 0 6px; border-bottom: 1px solid #dfe1e6; padding-bottom: 3px; }
.muted { color: #626f86; }
.headline { background: #f1f2f4; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.headline p { margin: 4px 0; }
.dates { display: flex; gap: 12px; margin: 8px 0; }
.dates div { flex: 1; border: 1px solid #dfe1e6; border-radius: 6px; padding: 8px 10px; }
.dates b { display: block; font-size: 18px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #ebecf0; vertical-align: middle; }
th { font-size: 12px; color: #626f86; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
.v { font-weight: 600; }
footer { margin-top: 20px; font-size: 11px; color: #626f86; }
</style>
</head>
<body>
<h1>${e(s.title)}</h1>
<div class="muted">As of ${e(s.generatedAt)} · work starts ${e(plainDate(s.start))}</div>
<div class="headline">${s.headline.map((h) => `<p>${e(h)}</p>`).join('')}</div>
${several ? initiativeDates(s) : `<div class="dates"><div>Even odds (50%)<b>${e(plainDate(s.forecast.p50Date))}</b></div><div>Confident (80%)<b>${e(plainDate(s.forecast.p80Date))}</b></div><div>Near certain (95%)<b>${e(plainDate(s.forecast.p95Date))}</b></div></div>`}
<h2>Committed dates</h2>
${commitments}
<h2>What drives the risk</h2>
${drivers}${pools}
<h2>Best levers</h2>
${levers}
${contention}
<footer>${e(s.method)} Same inputs and seed, same page.</footer>
</body>
</html>
`;
}
