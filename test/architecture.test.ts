/**
 * The project's one direction of imports (ui -> resolvers -> jira/storage -> engine)
 * and the engine's purity, checked over the source text so a slip fails CI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
  const abs = join(root, dir);
  let out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) {
      if (name === 'node_modules' || name === 'build' || name === 'build-local') continue;
      out = out.concat(sources(relative(root, p)));
    } else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

/** The top-level layer a relative import lands in, e.g. 'src/engine'. */
function layerOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = relative(root, resolve(dirname(file), spec));
  const parts = target.split(/[\\/]/);
  return parts[0] === 'src' ? `src/${parts[1]}` : parts[0];
}

describe('architecture', () => {
  it('keeps src/engine pure: no I/O, Forge, React, clock or global randomness', () => {
    const offences: string[] = [];
    for (const file of sources('src/engine')) {
      const rel = relative(root, file);
      for (const spec of imports(file)) {
        if (/^(node:|fs$|http|https$|net$|child_process|worker_threads|@forge\/|react)/.test(spec)) offences.push(`${rel} imports ${spec}`);
        const layer = layerOf(file, spec);
        if (layer && layer !== 'src/engine') offences.push(`${rel} imports ${spec} (outside the engine)`);
      }
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/.test(text)) offences.push(`${rel} reads the clock or Math.random`);
    }
    expect(offences).toEqual([]);
  });

  it('imports only downwards: ui -> resolvers -> jira/storage -> engine', () => {
    const allowed: Record<string, string[]> = {
      'src/engine': ['src/engine'],
      'src/jira': ['src/jira', 'src/engine'],
      'src/storage': ['src/storage', 'src/engine'],
      'src/resolvers': ['src/resolvers', 'src/jira', 'src/storage', 'src/engine'],
    };
    const offences: string[] = [];
    for (const [layer, ok] of Object.entries(allowed)) {
      for (const file of sources(layer)) {
        for (const spec of imports(file)) {
          const target = layerOf(file, spec);
          if (target && !ok.includes(target)) offences.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('never uses the removed UI Kit 1 package or the removed @forge/api storage', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('@forge/ui');
    const offences = sources('src').filter((f) => /from\s+['"]@forge\/ui['"]|\bstorage\b[^\n]*from\s+['"]@forge\/api['"]/.test(readFileSync(f, 'utf8')));
    expect(offences).toEqual([]);
  });
});
