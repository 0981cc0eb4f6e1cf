/**
 * Builds a throwaway Forge app directory for offline validation: a (possibly edited) copy of
 * manifest.yml, copies of the bundled src/ files and tsconfig.json, a stub index.html in each
 * Custom UI resource folder that is not built yet, and `lint/jira-calls.ts`, which restates as
 * literal `requestJira(route...)` calls every Jira path the bundled code sends through
 * `JiraClient.request(METHOD, jiraPath...)` — @forge/lint only recognises the literal form,
 * so without it the permission check would see no Jira call at all.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export const repoRoot = resolve(__dirname, '../..');

/** The TypeScript files Forge would bundle: src/index.ts and its relative imports, transitively. */
export function bundleFiles(entry = join(repoRoot, 'src/index.ts')): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const re = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|require\(\s*['"](\.[^'"]+)['"]\s*\)|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const spec = resolve(dirname(file), m[1] ?? m[2] ?? m[3]);
      const target = [`${spec}.ts`, `${spec}.tsx`, join(spec, 'index.ts')].find((p) => existsSync(p));
      if (target) visit(target);
    }
  };
  visit(entry);
  return [...seen].map((f) => relative(repoRoot, f)).sort();
}

export interface JiraCall {
  method: string;
  /** The path template with each interpolation written as ${x}. */
  template: string;
  file: string;
}

/** Every `<client>.request('METHOD', jiraPath`...`, ...)` in the given files. */
export function jiraCalls(files: string[]): JiraCall[] {
  const out: JiraCall[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(join(repoRoot, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const isPath = (n: ts.Node): n is ts.TaggedTemplateExpression => ts.isTaggedTemplateExpression(n) && n.tag.getText(sf) === 'jiraPath';
    const templateOf = (p: ts.TaggedTemplateExpression) => {
      const t = p.template;
      return ts.isNoSubstitutionTemplateLiteral(t) ? t.text : t.head.text + t.templateSpans.map((s) => '${x}' + s.literal.text).join('');
    };
    // Paths kept in module constants (`const SEARCH = jiraPath...`), by name.
    const constants = new Map<string, string>();
    const collect = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isPath(node.initializer)) constants.set(node.name.text, templateOf(node.initializer));
      ts.forEachChild(node, collect);
    };
    collect(sf);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.arguments.length >= 2) {
        const [m, p] = node.arguments;
        if (ts.isStringLiteral(m) && /^(GET|POST|PUT|DELETE)$/.test(m.text)) {
          const template = isPath(p) ? templateOf(p) : ts.isIdentifier(p) ? constants.get(p.text) : undefined;
          if (template !== undefined) out.push({ method: m.text, template, file });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

export interface AppDirOptions {
  /** Edits the manifest text before it is written. */
  editManifest?: (text: string) => string;
  /** Extra source files (path relative to the app dir -> content). */
  extraFiles?: Record<string, string>;
}

export function makeAppDir(options: AppDirOptions = {}): { dir: string; lintFiles: string[]; calls: JiraCall[] } {
  const dir = mkdtempSync(join(tmpdir(), 'converge-forge-'));
  const manifest = readFileSync(join(repoRoot, 'manifest.yml'), 'utf8');
  writeFileSync(join(dir, 'manifest.yml'), options.editManifest ? options.editManifest(manifest) : manifest);
  // Copies of the bundled files (not a link: the linter resolves real paths against tsconfig's include).
  const files = bundleFiles();
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(dir, f));
  }
  // The repository's compiler options without `include`: @forge/lint compares each file path with
  // the include entries verbatim (directories never match a file), so with an include list it
  // silently skips every .ts file; without one, TypeScript's default takes every file here.
  const { include: _include, ...tsconfig } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  for (const m of manifest.matchAll(/^\s+path:\s+(static\/\S+)\s*$/gm)) {
    const built = join(repoRoot, m[1]);
    const target = join(dir, m[1]);
    mkdirSync(dirname(target), { recursive: true });
    // Copied, not linked: the validator wants a real directory (lstat).
    if (existsSync(join(built, 'index.html'))) cpSync(built, target, { recursive: true });
    else {
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, 'index.html'), '<!doctype html><title>stub</title>');
    }
  }
  for (const [p, text] of Object.entries(options.extraFiles ?? {})) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const calls = jiraCalls(files);
  const lines = calls.map((c) => `requestJira(route\`${c.template}\`, { method: '${c.method}' }); // ${c.file}`);
  mkdirSync(join(dir, 'lint'));
  const header = `/* generated: the bundle's Jira calls in the form @forge/lint reads */\ndeclare const requestJira: (r: unknown, init?: unknown) => void;\ndeclare const route: (s: TemplateStringsArray, ...v: unknown[]) => unknown;\ndeclare const x: string;\n`;
  writeFileSync(join(dir, 'lint/jira-calls.ts'), `${header}${lines.join('\n')}\nexport {};\n`);
  return { dir, lintFiles: [...files, 'lint/jira-calls.ts', ...Object.keys(options.extraFiles ?? {})], calls };
}
