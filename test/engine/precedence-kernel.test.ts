/**
 * The fused precedence kernel (src/engine/precedence-kernel.ts): its WebAssembly
 * forward pass must equal the JavaScript pass bit for bit, and both must equal
 * DurationSampler.fill followed by PrecedenceForwardPass (durations and task
 * finishes exactly; the project finish within an ulp, see the kernel's banner).
 * Plans are generated here from a fixed seed (seedrandom), with every distribution,
 * notBefore dates, done tasks, rework and deployment windows.
 */
import seedrandom from 'seedrandom';
import { validatePlan } from '../../src/engine/validate-plan';
import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { levelOrder, permuteCompiledPlan, PrecedenceForwardPass } from '../../src/engine/monte-carlo';
import { kernelOptions, PrecedenceKernel } from '../../src/engine/precedence-kernel';
import { DurationSampler } from '../../src/engine/random/sample-duration';
import { aleaStreams } from '../../src/engine/random/seeded-streams';

function plan(tasks: unknown[], extra: Record<string, unknown> = {}): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', tasks, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}

/** Same length and same bytes. */
function sameBits(x: ArrayBufferView, y: ArrayBufferView): boolean {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** A layered plan of n tasks with ~2 predecessors each (seeded). */
function generated(n: number, seed: string, windows = false): CompiledPlan {
  const r = seedrandom(seed);
  const dists = ['pert', 'pert', 'pert', 'lognormal', 'triangular', 'uniform', 'fixed'];
  const tasks = Array.from({ length: n }, (_, i) => {
    const m = 1 + Math.floor(r() * 8);
    const after = i === 0 ? [] : [...new Set([`T${Math.floor(r() * i)}`, `T${Math.max(0, i - 1 - Math.floor(r() * 5))}`])];
    // Some tasks with more predecessors than the WebAssembly pass's fixed slots (the rest overflow).
    if (i > 10 && r() < 0.08) for (let k = 0; k < 7; k++) after.push(`T${Math.floor(r() * i)}`);
    const t: Record<string, unknown> = {
      id: `T${i}`,
      duration: { optimistic: Math.max(0.5, m / 2), mostLikely: m, pessimistic: m * (1.5 + 3 * r()), distribution: dists[Math.floor(r() * dists.length)] },
      after: [...new Set(after)],
    };
    if (r() < 0.05) t.notBefore = '2027-02-15';
    if (r() < 0.03) t.status = 'done';
    if (r() < 0.03) t.attempts = { successProbability: 0.6, maxAttempts: 3 };
    if (windows && r() < 0.03) t.kind = 'deploy';
    return t;
  });
  return plan(tasks, windows ? { windows: [{ id: 'W', kind: 'deployment', from: '2027-03-01', to: '2027-03-05' }, { id: 'W2', kind: 'deployment', from: '2027-06-01', to: '2027-06-04' }] } : {});
}

/** A kernel on cp renumbered by level (as Simulation runs it), with histogram ranges over [0, 400). */
function kernelFor(cp: CompiledPlan, wasm: boolean, acc?: { rows: number; histBins: number; sensBins: number }): { icp: CompiledPlan; kernel: PrecedenceKernel } {
  const icp = permuteCompiledPlan(cp, levelOrder(cp));
  const sampler = new DurationSampler(icp);
  sampler.prepareRankSamples((p) => aleaStreams('k', `rank/${icp.ids[p]}`));
  const before = kernelOptions.wasm;
  kernelOptions.wasm = wasm;
  try {
    const kernel = new PrecedenceKernel(icp, sampler, acc);
    kernel.setHistograms(new Float64Array(icp.n).fill(0), new Float64Array(icp.n).fill(256 / 400));
    return { icp, kernel };
  } finally {
    kernelOptions.wasm = before;
  }
}

describe('PrecedenceKernel', () => {
  it('an empty plan iterates to a finish of 0 and marks nothing', () => {
    const cp = plan([]);
    for (const wasm of [true, false]) {
      const { kernel } = kernelFor(cp, wasm);
      const f = kernel.iterate(aleaStreams('1', 'x'), new Uint8Array(0), 0);
      expect(f).toBe(0);
      kernel.markCritical(f);
      expect(kernel.markedCount).toBe(0);
    }
  });

  it('runs the WebAssembly pass where WebAssembly exists', () => {
    const { kernel } = kernelFor(generated(50, 'w'), true);
    expect((kernel as unknown as { wasmPass: unknown }).wasmPass).not.toBeNull();
  });

  for (const windows of [false, true]) {
    it(`WebAssembly and JavaScript passes agree bit for bit${windows ? ' (with deployment windows)' : ''}`, () => {
      const cp = generated(600, `plan-${windows}`, windows);
      if (windows) expect(cp.finishRule?.some((r) => r >= 0)).toBe(true);
      const a = kernelFor(cp, true).kernel, b = kernelFor(cp, false).kernel;
      const n = cp.n;
      const binsA = new Uint8Array(2 * n), binsB = new Uint8Array(2 * n);
      const ra = aleaStreams('7', 'batch/0'), rb = aleaStreams('7', 'batch/0');
      for (let it = 0; it < 30; it++) {
        const row = (it & 1) * n;
        const fa = a.iterate(ra, binsA, row), fb = b.iterate(rb, binsB, row);
        expect(fa).toBe(fb);
        expect(sameBits(a.ef, b.ef) && sameBits(a.dur, b.dur) && sameBits(a.score, b.score) && sameBits(binsA, binsB)).toBe(true);
        a.markCritical(fa);
        b.markCritical(fb);
        expect(sameBits(a.marked.subarray(0, a.markedCount), b.marked.subarray(0, b.markedCount))).toBe(true);
      }
    });
  }

  for (const windows of [false, true]) {
    it(`criticality counts: WebAssembly and JavaScript count the same tasks, as marking by hand does${windows ? ' (with deployment windows)' : ''}`, () => {
      const cp = generated(600, `count-${windows}`, windows);
      const acc = { rows: 1, histBins: 256, sensBins: 1 };
      const a = kernelFor(cp, true, acc).kernel, b = kernelFor(cp, false, acc).kernel;
      const byHand = new Float64Array(cp.n);
      const ra = aleaStreams('5', 'batch/3'), rb = aleaStreams('5', 'batch/3');
      let marked = 0;
      for (let it = 0; it < 40; it++) {
        const fa = a.iterate(ra, a.bins, 0), fb = b.iterate(rb, b.bins, 0);
        a.markAndCount(fa);
        b.markAndCount(fb);
        expect(sameBits(a.marked.subarray(0, a.markedCount), b.marked.subarray(0, b.markedCount))).toBe(true);
        for (let k = 0; k < b.markedCount; k++) byHand[b.marked[k]]++;
        marked += a.markedCount;
        // Marks are cleared after each call: marking the same iteration again lists the same tasks.
        const again = a.marked.slice(0, a.markedCount);
        a.markCritical(fa);
        expect(sameBits(a.marked.subarray(0, a.markedCount), again)).toBe(true);
      }
      expect(marked).toBeGreaterThan(40);
      expect(sameBits(a.critical, b.critical) && sameBits(a.critical, byHand)).toBe(true);
    });
  }

  it('the pilot (each task\'s least and largest finish) is the same in WebAssembly and in JavaScript, and equals iterating by hand', () => {
    const cp = generated(500, 'pilot');
    const acc = { rows: 1, histBins: 256, sensBins: 1 };
    const run = (kernel: PrecedenceKernel) => {
      const finishes = new Float64Array(40), lo = new Float64Array(cp.n), hi = new Float64Array(cp.n);
      kernel.pilot(aleaStreams('3', 'pilot/0'), finishes, lo, hi);
      return { finishes, lo, hi };
    };
    const a = run(kernelFor(cp, true, acc).kernel), b = run(kernelFor(cp, false, acc).kernel);
    expect(sameBits(a.finishes, b.finishes) && sameBits(a.lo, b.lo) && sameBits(a.hi, b.hi)).toBe(true);
    const { kernel } = kernelFor(cp, true, acc);
    const rng = aleaStreams('3', 'pilot/0');
    const lo = new Float64Array(cp.n).fill(Infinity), hi = new Float64Array(cp.n).fill(-Infinity);
    for (let it = 0; it < 40; it++) {
      expect(kernel.iterate(rng, kernel.bins, 0)).toBe(a.finishes[it]);
      for (let p = 0; p < cp.n; p++) {
        lo[p] = Math.min(lo[p], kernel.ef[p]);
        hi[p] = Math.max(hi[p], kernel.ef[p]);
      }
    }
    expect(sameBits(lo, a.lo) && sameBits(hi, a.hi)).toBe(true);
    // Tasks whose finish varies have lo < hi; none is left at ±Infinity.
    expect(a.lo.every((x, p) => x <= a.hi[p] && Number.isFinite(x))).toBe(true);
    expect(a.lo.some((x, p) => x < a.hi[p])).toBe(true);
  });

  it('draws in the PERT and lognormal tails (near and deep) agree bit for bit and equal the sampler\'s quantile', () => {
    const cp = generated(400, 'tails');
    const a = kernelFor(cp, true), b = kernelFor(cp, false);
    const sampler = new DurationSampler(a.icp);
    // Uniforms chosen in every region: deep tails (< 1/1024), near tails (< 1/64), body, and their mirrors.
    const us = [3e-6, 0.0004, 0.00097, 0.0011, 0.004, 0.0151, 0.3, 0.6, 0.9851, 0.996, 0.99905, 0.9996, 1 - 2e-6];
    const fixedRng = () => { let k = 0; return () => us[k++ % us.length]; };
    const bins = new Uint8Array(a.icp.n);
    a.kernel.iterate(fixedRng(), bins, 0);
    b.kernel.iterate(fixedRng(), bins, 0);
    expect(sameBits(a.kernel.dur, b.kernel.dur)).toBe(true);
    const rng = fixedRng();
    let checked = 0;
    for (let i = 0; i < a.icp.n; i++) {
      const u = rng();
      if (sampler.attemptMax[i] !== 1 || sampler.kind[i] === 0) continue;
      expect(a.kernel.dur[i]).toBe(sampler.quantile(i, u));
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('equals DurationSampler.fill + PrecedenceForwardPass (durations and finishes exactly)', () => {
    const cp = generated(400, 'replay', true);
    const { icp, kernel } = kernelFor(cp, true);
    const sampler = new DurationSampler(icp);
    sampler.prepareRankSamples((p) => aleaStreams('k', `rank/${icp.ids[p]}`));
    const pass = new PrecedenceForwardPass(icp);
    const n = icp.n;
    const dur = new Float64Array(n), score = new Float64Array(n), es = new Float64Array(n), ef = new Float64Array(n);
    sampler.fillFixed(dur);
    const r1 = aleaStreams('3', 'batch/1'), r2 = aleaStreams('3', 'batch/1');
    for (let it = 0; it < 40; it++) {
      const f = kernel.iterate(r1, new Uint8Array(n), 0);
      sampler.fill(r2, dur, score);
      const g = pass.run(dur, es, ef);
      expect(sameBits(kernel.dur, dur) && sameBits(kernel.ef, ef)).toBe(true);
      // The kernel takes the largest sink EF, the pass a running branch-free maximum: within an ulp or two.
      expect(Math.abs(f - g)).toBeLessThanOrEqual(1e-12 * Math.max(1, g));
    }
  });

  it('counts buffered bins into the same histograms in WebAssembly (whole blocks and a partial one) and in JavaScript', () => {
    for (const [n, histBins] of [[5, 256], [16, 256], [37, 256], [70, 64]]) {
      const cp = generated(n, `count${n}`);
      const sampler = new DurationSampler(cp);
      const rows = 9;
      const kernels = [true, false].map((wasm) => {
        const before = kernelOptions.wasm;
        kernelOptions.wasm = wasm;
        try {
          return new PrecedenceKernel(cp, sampler, { rows, histBins, sensBins: 1 });
        } finally {
          kernelOptions.wasm = before;
        }
      });
      const r = seedrandom(`bins${n}`);
      const bins = Uint8Array.from({ length: rows * n }, () => Math.floor(r() * histBins));
      for (const k of kernels) {
        k.bins.set(bins);
        k.countBins(rows);
        k.countBins(rows - 2);
      }
      expect(sameBits(kernels[0].hist, kernels[1].hist)).toBe(true);
      // Every count is there: two passes over rows + (rows - 2) rows of n tasks.
      expect(kernels[0].hist.reduce((a, b) => a + b, 0)).toBe((2 * rows - 2) * n);
    }
  });

  it('the non-fused pass (risk events, rework) samples the same durations with the kernel\'s WebAssembly samplers as with DurationSampler.fill', () => {
    const cp = () => {
      const base = generated(200, 'risky');
      const tasks = base.plan.tasks.map((t) => ({ ...t }));
      return plan(tasks, { risks: [{ id: 'K', probability: 0.3, impact: { days: 4 }, appliesTo: { ids: ['T5', 'T50'] } }] });
    };
    const withWasm = JSON.stringify(forecast(cp(), { iterations: 1200, seed: '9' }));
    expect(withWasm).toContain('"risks"');
    kernelOptions.wasm = false;
    try {
      expect(JSON.stringify(forecast(cp(), { iterations: 1200, seed: '9' }))).toBe(withWasm);
    } finally {
      kernelOptions.wasm = true;
    }
  });

  it.each([300, 301])('a forecast is the same bytes with the JavaScript pass (%i tasks: paired and odd SIMD sums)', (n) => {
    const cp = () => generated(n, 'report', true);
    const withWasm = JSON.stringify(forecast(cp(), { iterations: 1500, seed: '5' }));
    kernelOptions.wasm = false;
    try {
      expect(JSON.stringify(forecast(cp(), { iterations: 1500, seed: '5' }))).toBe(withWasm);
    } finally {
      kernelOptions.wasm = true;
    }
  });
});
