/**
 * Offline validation of manifest.yml and the Forge bundle: @forge/manifest's full validation
 * and @forge/lint in client-side mode (no login, no network: the permission linter reads the
 * Jira OpenAPI scope tables in ./fixtures/openapi-scopes instead of downloading them).
 * Each check is also shown to fail on a broken copy, so a green run means something.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import { lint, type LintResult } from '@forge/lint';
import { makeAppDir, bundleFiles, jiraCalls, repoRoot } from './forge-app-dir';

const specs = join(__dirname, 'fixtures/openapi-scopes');
const savedEnv = { ...process.env };
const savedCwd = process.cwd();
const dirs: string[] = [];

beforeAll(() => {
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: join(specs, 'jira-platform.scopes.json'),
    LOCAL_JSW_SWAGGER: join(specs, 'jira-software.scopes.json'),
    LOCAL_JSM_SWAGGER: join(specs, 'empty.json'),
    LOCAL_CONF_SWAGGER: join(specs, 'empty.json'),
    LOCAL_CONF_V2_SWAGGER: join(specs, 'empty.json'),
    LOCAL_BB_SWAGGER: join(specs, 'empty.json'),
    // @forge/cli-shared reads its config and cache under HOME; keep it out of the real one.
    HOME: join(savedCwd, 'node_modules/.cache/converge-forge-lint-home'),
  });
});
afterAll(() => {
  process.chdir(savedCwd);
  process.env = savedEnv;
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

interface Problem {
  file: string;
  message: string;
}

/** Full manifest validation of an app dir. */
async function validate(dir: string): Promise<{ success: boolean; errors: string[]; manifest: any }> {
  const r = await ProcessorBuilder.instance().withValidation(ValidationTypes.FULL).build().process(join(dir, 'manifest.yml'));
  return { success: r.success, errors: (r.errors ?? []).map((e) => e.message), manifest: r.manifestObject?.typedContent };
}

/** @forge/lint, client-side linters only, run from inside the app dir as `forge lint` would. */
async function lintApp(options: Parameters<typeof makeAppDir>[0] = {}): Promise<{ errors: Problem[]; warnings: Problem[] }> {
  const app = makeAppDir(options);
  dirs.push(app.dir);
  const v = await validate(app.dir);
  process.chdir(app.dir);
  try {
    const results: LintResult[] = await lint(
      app.lintFiles,
      v.manifest,
      'development',
      { info: () => undefined },
      { getDeprecatedRuntimes: async () => [] } as any,
      { linter: { mode: 'client-side' } },
    );
    const pick = (k: 'errors' | 'warnings') => results.flatMap((r) => r[k].map((p) => ({ file: r.file, message: p.message })));
    return { errors: pick('errors'), warnings: pick('warnings') };
  } finally {
    process.chdir(savedCwd);
  }
}

const dropLine = (pattern: RegExp) => (text: string) => text.split('\n').filter((l) => !pattern.test(l)).join('\n');

describe('manifest.yml: @forge/manifest full validation', () => {
  it('rejects a manifest with an unknown module', async () => {
    const app = makeAppDir({ editManifest: (t) => t.replace('  jira:globalPage:', '  jira:timelinePanel:\n    - key: converge-timeline\n      title: Timeline\n      resource: portfolio\n  jira:globalPage:') });
    dirs.push(app.dir);
    const v = await validate(app.dir);
    expect(v.success).toBe(false);
    expect(v.errors.join('\n')).toMatch(/jira:timelinePanel/);
  });

  it('rejects a function whose handler file does not exist', async () => {
    const app = makeAppDir({ editManifest: (t) => t.replace('handler: index.weeklySnapshot', 'handler: snapshots.weeklySnapshot') });
    dirs.push(app.dir);
    const v = await validate(app.dir);
    expect(v.success).toBe(false);
    expect(v.errors.join('\n')).toMatch(/snapshots/);
  });

  it('accepts the real manifest', async () => {
    const app = makeAppDir();
    dirs.push(app.dir);
    const v = await validate(app.dir);
    expect(v.errors).toEqual([]);
    expect(v.success).toBe(true);
  });

  it('declares the modules, resources and limits the app relies on', () => {
    const text = readFileSync(join(repoRoot, 'manifest.yml'), 'utf8');
    for (const m of ['jira:issuePanel', 'jira:projectPage', 'jira:adminPage', 'jira:globalPage', 'jira:sprintAction', 'jira:backlogAction', 'jira:entityProperty', 'scheduledTrigger', 'trigger', 'consumer']) {
      expect(text).toContain(`  ${m}:`);
    }
    for (const r of ['issue-panel', 'forecast-page', 'admin-page', 'estimation', 'portfolio']) expect(text).toContain(`path: static/${r}/build`);
    for (const e of ['avi:jira:updated:issue', 'avi:jira:created:issuelink', 'avi:jira:deleted:issuelink']) expect(text).toContain(e);
    expect(text).toMatch(/propertyKey: converge\.estimate/);
    expect(text).toMatch(/useAsConfig: true/);
    expect(text).toMatch(/interval: week/);
  });
});

describe('Forge bundle: @forge/lint (client-side, offline)', () => {
  it('rejects a handler the bundle does not export', async () => {
    // @forge/lint reports a missing handler export as a warning (and `forge deploy` then fails).
    const { warnings } = await lintApp({ editManifest: (t) => t.replace('handler: index.weeklySnapshot', 'handler: index.weeklySnapshotMissing') });
    expect(warnings.map((e) => e.message).join('\n')).toMatch(/weeklySnapshotMissing/);
  });

  it('rejects a manifest missing a scope the bundle needs', async () => {
    const { errors } = await lintApp({ editManifest: dropLine(/^\s+- write:jira-work$/) });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/write:jira-work/);
  });

  it('rejects a manifest missing the Jira Software scope the sprint view needs', async () => {
    const { errors } = await lintApp({ editManifest: dropLine(/^\s+- read:sprint:jira-software$/) });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/read:sprint:jira-software/);
  });

  it('rejects timeoutSeconds on a function a UI module uses', async () => {
    const { errors } = await lintApp({ editManifest: (t) => t.replace('      handler: index.handler\n', '      handler: index.handler\n      timeoutSeconds: 60\n') });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Function "resolver" defines timeoutSeconds/);
  });

  it('passes on the real manifest and bundle', async () => {
    const { errors, warnings } = await lintApp();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('sees the Jira calls of the bundle (so the scope check is not vacuous)', () => {
    const calls = jiraCalls(bundleFiles());
    const seen = calls.map((c) => `${c.method} ${c.template}`);
    expect(seen).toEqual(
      expect.arrayContaining(['PUT /rest/api/3/issue/${x}/properties/${x}', 'GET /rest/api/3/mypermissions', 'POST /rest/api/3/search/jql', 'GET /rest/agile/1.0/sprint/${x}']),
    );
    // The HTTPS client (global fetch, for the CLI) must stay out of the Forge bundle.
    expect(bundleFiles()).not.toContain('src/jira/https-jira-client.ts');
  });

  it('declares storage:app when the bundle uses @forge/kvs (a rule @forge/lint does not check)', () => {
    const usesKvs = bundleFiles().some((f) => /from\s+['"]@forge\/kvs['"]/.test(readFileSync(join(repoRoot, f), 'utf8')));
    const scopes = readFileSync(join(repoRoot, 'manifest.yml'), 'utf8').match(/^\s+- (\S+)$/gm)?.map((l) => l.trim().slice(2)) ?? [];
    expect(usesKvs).toBe(true);
    expect(scopes).toContain('storage:app');
  });

  it('keeps UI functions free of timeoutSeconds and the consumer off UI modules', () => {
    const text = readFileSync(join(repoRoot, 'manifest.yml'), 'utf8');
    const uiResolvers = [...text.matchAll(/resolver:\n\s+function: (\S+)/g)].map((m) => m[1]);
    expect(new Set(uiResolvers)).toEqual(new Set(['resolver']));
    const fnBlock = (key: string) => text.match(new RegExp(`- key: ${key}\\n((?:\\s{6}.*\\n)*)`))?.[1] ?? '';
    expect(fnBlock('resolver')).not.toMatch(/timeoutSeconds/);
    expect(fnBlock('forecast-consumer')).toMatch(/timeoutSeconds: 900/);
  });
});
