#!/usr/bin/env node
/**
 * Builds every Custom UI app static/<app>/src/index.tsx (React 19, esbuild) twice:
 *   static/<app>/build/        for Forge: minified, relative asset paths (Forge serves the
 *                              resource folder under an unknown prefix), real @forge/bridge;
 *   static/<app>/build-local/  for the local workspace: `@forge/bridge` aliased to
 *                              src/local/bridge-shim.ts, which routes calls to the workspace.
 * Each folder gets index.html + index.js (+ index.css when the app imports CSS).
 *
 * Usage: node scripts/build-static.mjs [--prod | --local] [app ...]
 * Exit status 1 on any build error (nothing half-written is left: each app is built into a
 * temporary folder that replaces the old one only when the build succeeded).
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'static');
const shim = join(root, 'src', 'local', 'bridge-shim.ts');

const TITLES = {
  'issue-panel': 'Converge forecast',
  'forecast-page': 'Converge forecast',
  'admin-page': 'Converge settings',
  estimation: 'Converge sprint estimation',
  portfolio: 'Converge portfolio',
};

export function listApps() {
  if (!existsSync(staticDir)) return [];
  return readdirSync(staticDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(staticDir, d.name, 'src', 'index.tsx')))
    .map((d) => d.name)
    .sort();
}

function html(app, hasCss) {
  // No inline script: Forge's Custom UI content security policy forbids it.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[app] ?? `Converge ${app}`}</title>
${hasCss ? '<link rel="stylesheet" href="./index.css">\n' : ''}</head>
<body>
<div id="root"></div>
<script src="./index.js"></script>
</body>
</html>
`;
}

async function buildApp(app, variant) {
  const out = join(staticDir, app, variant === 'prod' ? 'build' : 'build-local');
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const result = await build({
      entryPoints: { index: join(staticDir, app, 'src', 'index.tsx') },
      bundle: true,
      outdir: tmp,
      format: 'iife',
      platform: 'browser',
      target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
      jsx: 'automatic',
      minify: true,
      sourcemap: variant === 'local' ? 'linked' : false,
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      alias: variant === 'local' ? { '@forge/bridge': shim } : {},
      loader: { '.svg': 'text', '.png': 'dataurl' },
      logLevel: 'silent',
      metafile: true,
    });
    const hasCss = Object.keys(result.metafile.outputs).some((f) => f.endsWith('.css'));
    writeFileSync(join(tmp, 'index.html'), html(app, hasCss));
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    return { app, variant, out, bytes };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw Object.assign(new Error(`static/${app} (${variant}): ${err.message}`), { cause: err });
  }
}

async function main(argv) {
  const flags = argv.filter((a) => a.startsWith('--'));
  const names = argv.filter((a) => !a.startsWith('--'));
  const variants = flags.includes('--prod') ? ['prod'] : flags.includes('--local') ? ['local'] : ['prod', 'local'];
  const apps = names.length ? names : listApps();
  const unknown = apps.filter((a) => !listApps().includes(a));
  if (unknown.length) {
    console.error(`build-static: no static/<app>/src/index.tsx for: ${unknown.join(', ')}`);
    return 1;
  }
  let failed = 0;
  const jobs = apps.flatMap((app) => variants.map((v) => buildApp(app, v)));
  for (const r of await Promise.allSettled(jobs)) {
    if (r.status === 'fulfilled') console.log(`built ${r.value.out.slice(root.length + 1)} (${Math.round(r.value.bytes / 1024)} KiB)`);
    else { failed++; console.error(`build-static: ${r.reason.message}`); }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
}
