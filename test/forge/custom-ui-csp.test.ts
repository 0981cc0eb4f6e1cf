/**
 * The panels under Forge's Custom UI content security policy. Forge computes the policy
 * with @forge/csp (installed with @forge/lint); this checks, offline, that
 *   - the policy allows what the panels rely on: data: images (the PNG export loads the
 *     chart's SVG from a data: URL), blob: images and downloads (exports are saved through
 *     blob: links; the sandbox has allow-downloads), and no more than 'self' for scripts;
 *   - the manifest asks for no permissions.content (no inline styles or scripts needed), and
 *     the built panels carry no inline <script>, <style> or style="" the policy would block;
 *   - the workspace's copy of the policy (src/local/forge-csp.ts, which the browser tests
 *     run under) keeps Forge's directives.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CSPInjectionService } from '@forge/csp/out/csp/csp-injection-service';
import { forgeCustomUiCsp } from '../../src/local/forge-csp';

const root = join(__dirname, '..', '..');
const directives = (policy: string | string[]): Map<string, string[]> =>
  new Map((Array.isArray(policy) ? policy : policy.split(';')).map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));

describe('Forge Custom UI CSP', () => {
  const forge = directives(new CSPInjectionService().getInjectableCSP({ existingCSPDetails: {}, microsEnv: 'prod', hostname: 'https://example.atlassian.net' } as never));

  it('rejects nothing the panels need: data: and blob: images, downloads, self scripts', () => {
    expect(forge.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));
    expect(forge.get('sandbox')).toEqual(expect.arrayContaining(['allow-downloads', 'allow-scripts', 'allow-same-origin']));
    expect(forge.get('style-src')).not.toContain("'unsafe-inline'");
    expect(forge.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('is what the workspace serves the panels under (minus Atlassian hosts and the report URI)', () => {
    const ours = directives(forgeCustomUiCsp());
    for (const [k, v] of ours) {
      expect(forge.has(k)).toBe(true);
      // Every source of ours is in Forge's (ours only drops hosts).
      for (const src of v) expect(forge.get(k)).toContain(src);
    }
    for (const k of forge.keys()) if (k !== 'report-uri' && k !== 'frame-ancestors') expect(ours.has(k)).toBe(true);
    expect(ours.get('sandbox')).toEqual(forge.get('sandbox'));
  });

  it('needs no permissions.content in the manifest: the built panels have no inline script or style', () => {
    expect(readFileSync(join(root, 'manifest.yml'), 'utf8')).not.toMatch(/^\s+content:/m);
    const apps = readdirSync(join(root, 'static'), { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(root, 'static', d.name, 'build', 'index.html')));
    expect(apps.length).toBeGreaterThanOrEqual(5);
    for (const app of apps) {
      const html = readFileSync(join(root, 'static', app.name, 'build', 'index.html'), 'utf8');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style\b|\sstyle=/);
    }
  });
});
