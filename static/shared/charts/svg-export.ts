/**
 * Chart export: an on-screen SVG becomes a standalone SVG file (theme colours
 * resolved, fonts and size inlined) or a PNG (the SVG drawn on a canvas).
 *
 * Method: the charts colour themselves with `var(--ds-token, #fallback)` in inline
 * styles. A standalone file has no token stylesheet, so each var() is replaced by
 * the page's current value of the property (dark theme exports stay dark), or by
 * its fallback. Several SVGs (the timeline's label column and chart) can be laid
 * side by side into one file. PNG: the SVG text is loaded as an image through a
 * data URL and drawn at `scale` x for sharp output.
 */

/** Replace every `var(--name, fallback)` (nested fallbacks allowed) by lookup(name) or the fallback. */
export function resolveCssVars(text: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('var(', i);
    if (at < 0) { out += text.slice(i); break; }
    out += text.slice(i, at);
    // Find the matching close paren.
    let depth = 0, j = at + 3;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    const inner = text.slice(at + 4, j);
    const comma = inner.indexOf(',');
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? '' : inner.slice(comma + 1).trim();
    const value = lookup(name)?.trim();
    out += value ? value : resolveCssVars(fallback, lookup);
    i = j + 1;
  }
  return out;
}

export interface SvgPart {
  /** outerHTML of an <svg>. */
  markup: string;
  width: number;
  height: number;
}

/** One standalone SVG document with the parts side by side (row) or stacked (column), on a background. */
export function composeSvg(parts: SvgPart[], opts: { background: string; font: string; title?: string; direction?: 'row' | 'column' }): { text: string; width: number; height: number } {
  const row = (opts.direction ?? 'row') === 'row';
  const sum = (f: (p: SvgPart) => number) => parts.reduce((s, p) => s + f(p), 0);
  const max = (f: (p: SvgPart) => number) => Math.max(0, ...parts.map(f));
  const width = row ? sum((p) => p.width) : max((p) => p.width);
  const height = row ? max((p) => p.height) : sum((p) => p.height);
  let at = 0;
  const body = parts.map((p) => {
    // Outer x/y place a nested <svg>; any existing x/y on the part's root is dropped first.
    const inner = p.markup.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => `<svg${attrs.replace(/\s(x|y)="[^"]*"/g, '')} x="${row ? at : 0}" y="${row ? 0 : at}">`);
    at += row ? p.width : p.height;
    return inner;
  }).join('');
  const title = opts.title ? `<title>${escapeXml(opts.title)}</title>` : '';
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(opts.font)}">${title}<rect width="100%" height="100%" fill="${escapeXml(opts.background)}"/>${body}</svg>`;
  return { text, width, height };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The current page's value of a custom property (browser only). */
export function pageLookup(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const v = getComputedStyle(document.documentElement).getPropertyValue(name);
  return v ? v : undefined;
}

/** Standalone SVG text of on-screen <svg> elements placed side by side. */
export function exportSvg(svgs: SVGSVGElement[], title?: string, direction: 'row' | 'column' = 'row'): { text: string; width: number; height: number } {
  const parts = svgs.map((el) => {
    const clone = el.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    // Interactive-only bits (focus rings, buttons) are marked data-export="skip".
    clone.querySelectorAll('[data-export="skip"]').forEach((n) => n.remove());
    return { markup: new XMLSerializer().serializeToString(clone), width: el.width.baseVal.value || el.getBoundingClientRect().width, height: el.height.baseVal.value || el.getBoundingClientRect().height };
  });
  const bg = resolveCssVars('var(--ds-surface, #FFFFFF)', pageLookup);
  const font = resolveCssVars(getComputedStyle(document.body).fontFamily || 'sans-serif', pageLookup).replace(/"/g, "'");
  const composed = composeSvg(parts, { background: bg, font, title, direction });
  // Values are spliced into serialized XML (often inside style="..."), so they are escaped.
  return { ...composed, text: resolveCssVars(composed.text, (name) => { const v = pageLookup(name); return v === undefined ? undefined : escapeXml(v); }) };
}

/** PNG bytes of a standalone SVG, drawn at `scale` (2 = retina). Canvas size is capped to what browsers allow. */
export async function svgToPng(svg: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const max = 16000;
  const s = Math.min(scale, max / Math.max(1, svg.width), max / Math.max(1, svg.height));
  const img = new Image();
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be rendered as an image'));
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(svg.width * s));
  canvas.height = Math.max(1, Math.round(svg.height * s));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.scale(s, s);
  ctx.drawImage(img, 0, 0, svg.width, svg.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Save text or a blob as a file through a temporary link (works in Forge's sandboxed iframe with allow-downloads). */
export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
