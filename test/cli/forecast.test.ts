/**
 * `converge forecast` through the built CLI (dist/cli/converge.js; the test
 * script builds first), so the worker threads run exactly as users run them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// CONVERGE_DIST points at another build (e.g. a private outDir while dist/ is being rebuilt).
const cli = resolve(process.env.CONVERGE_DIST ?? resolve(__dirname, '../../dist'), 'cli/converge.js');
let dir: string;

function converge(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PLAN = {
  name: 'Fraud model v3',
  start: '2027-01-04',
  calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-18'] },
  due: '2027-02-26',
  tasks: [
    { id: 'ML-10', name: 'Ingest', duration: { optimistic: 2, mostLikely: 3, pessimistic: 6 } },
    { id: 'ML-11', name: 'Label', duration: { optimistic: 3, mostLikely: 5, pessimistic: 12, distribution: 'triangular' } },
    { id: 'ML-12', name: 'Train baseline', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14, distribution: 'lognormal' }, after: ['ML-10', 'ML-11'], attempts: { successProbability: 0.6, maxAttempts: 3 } },
    { id: 'ML-13', name: 'Bias audit', duration: 2, after: ['ML-12'] },
    { id: 'ML-14', name: 'Docs', duration: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'uniform' }, after: ['ML-11'] },
    { id: 'ML-15', name: 'Deploy', duration: { optimistic: 1, mostLikely: 2, pessimistic: 5 }, after: ['ML-13', 'ML-14'], notBefore: '2027-01-25' },
  ],
};

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'converge-forecast-'));
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(PLAN));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ start: '2027-01-04', tasks: [{ id: 'A', duration: { optimistic: 5, mostLikely: 2, pessimistic: 9 } }, { id: 'B', duration: 1, after: ['NOPE'] }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('converge forecast', () => {
  it('invalid plans: every issue on stderr, exit 2, nothing on stdout', () => {
    const r = converge(['forecast', join(dir, 'bad.json'), '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error \[estimate-order\] task A field /m);
    expect(r.stderr).toMatch(/^error \[unknown-predecessor\] task B/m);
    expect(converge(['forecast', join(dir, 'missing.json')]).status).toBe(2);
    // The worker threads start before the plan is read: they must not keep a failed run alive.
    const t0 = Date.now();
    const two = converge(['forecast', join(dir, 'bad.json'), '--workers', '2']);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/^error \[unknown-predecessor\] task B/m);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('bad options are usage errors (exit 2)', () => {
    for (const args of [['--iterations', '0'], ['--iterations', 'x'], ['--due', '2027-02-30'], ['--workers', '-1'], ['--frobnicate']]) {
      const r = converge(['forecast', join(dir, 'plan.json'), ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(converge(['forecast']).status).toBe(2);
  });

  it('--json prints the contract report', () => {
    const r = converge(['forecast', join(dir, 'plan.json'), '--json', '--iterations', '3000', '--seed', '42']);
    expect(r.status).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.iterations).toBe(3000);
    expect(rep.seed).toBe('42');
    expect(Object.keys(rep.finishDays)).toEqual(['mean', 'p10', 'p50', 'p80', 'p90', 'p95']);
    expect(rep.finishDate.p50).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rep.deterministic.criticalPath.length).toBeGreaterThan(0);
    expect(Object.keys(rep.criticality)).toEqual(PLAN.tasks.map((t) => t.id));
    expect(rep.due.date).toBe('2027-02-26');
    expect(rep.due.probability).toBeGreaterThan(0);
    expect(rep.tasks).toHaveLength(PLAN.tasks.length);
    expect(rep.batches).toEqual({ size: 250, count: 12 });
    // The deploy task waits for notBefore 2027-01-25 = working day 14 (one holiday before it).
    expect(rep.tasks.find((t: { id: string }) => t.id === 'ML-15').finishDays.p50).toBeGreaterThanOrEqual(15);
  });

  it('same seed: byte-identical output for 1, 2 and 3 workers and from stdin', () => {
    const args = ['--json', '--iterations', '5000', '--seed', '7'];
    const one = converge(['forecast', join(dir, 'plan.json'), ...args]);
    expect(one.status).toBe(0);
    for (const w of ['2', '3']) {
      const r = converge(['forecast', join(dir, 'plan.json'), ...args, '--workers', w]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(one.stdout);
    }
    expect(converge(['forecast', '-', ...args, '--workers', '2'], JSON.stringify(PLAN)).stdout).toBe(one.stdout);
    expect(converge(['forecast', join(dir, 'plan.json'), '--json', '--iterations', '5000', '--seed', '8']).stdout).not.toBe(one.stdout);
  });

  it('with risk events, correlations and review rework: identical for 1 and 2 workers (the workers then get the tasks)', () => {
    const risky = {
      ...PLAN,
      tasks: PLAN.tasks.map((t) => (t.id === 'ML-13' ? { ...t, gate: { kind: 'bias-audit' }, meta: { team: 'ml' } } : t.id === 'ML-12' ? { ...t, meta: { team: 'ml' } } : t)),
      gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { ids: ['ML-15'] }, rework: { probability: 0.3, share: 0.5 } }],
      risks: [{ id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 4 }, appliesTo: { ids: ['ML-11'] } }],
      correlations: [{ group: { team: 'ml' }, coefficient: 0.5 }],
    };
    writeFileSync(join(dir, 'risky.json'), JSON.stringify(risky));
    const args = ['forecast', join(dir, 'risky.json'), '--json', '--iterations', '3000', '--seed', '3'];
    const one = converge(args);
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).risks).toHaveLength(1);
    const two = converge([...args, '--workers', '2']);
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
  });

  it('with resources: the resource-aware pass, still identical for any number of workers', () => {
    const gpu = { ...PLAN, resources: [{ id: 'gpu', capacity: 1 }], tasks: PLAN.tasks.map((t) => (t.id === 'ML-12' || t.id === 'ML-14' ? { ...t, demand: { gpu: 1 } } : t)) };
    writeFileSync(join(dir, 'gpu.json'), JSON.stringify(gpu));
    const args = ['forecast', join(dir, 'gpu.json'), '--json', '--iterations', '3000'];
    const one = converge(args);
    expect(one.status).toBe(0);
    const rep = JSON.parse(one.stdout);
    expect(rep.warnings.some((w: string) => /ignores capacities/.test(w))).toBe(false);
    expect(rep.batches).toEqual({ size: 250, count: 12 });
    expect(rep.resources).toHaveLength(1);
    expect(rep.resources[0]).toMatchObject({ id: 'gpu', capacity: 1 });
    expect(rep.resources[0].criticality).toBeGreaterThan(0);
    expect(rep.resources[0].criticality).toBeLessThanOrEqual(1);
    expect(converge([...args, '--workers', '2']).stdout).toBe(one.stdout);
    const text = converge(['forecast', join(dir, 'gpu.json'), '--iterations', '3000']).stdout;
    expect(text).toMatch(/Resource pools/);
    expect(text).toMatch(/gpu delayed the finish in \d+(\.\d)?% of iterations/);
  });

  it('prints a readable summary', () => {
    const r = converge(['forecast', join(dir, 'plan.json'), '--iterations', '2000', '--due', '2027-03-05']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Forecast of Fraud model v3: 2,000 iterations, seed 1/);
    expect(r.stdout).toMatch(/P50/);
    expect(r.stdout).toMatch(/Due 2027-03-05: \d+(\.\d)?% chance/);
    expect(r.stdout).toMatch(/Critical path \(\d+ tasks?\): ML-/);
    expect(r.stdout).toMatch(/Top risk drivers/);
  });
});
