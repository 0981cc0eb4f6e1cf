/**
 * What a worker thread hands back (packState) and the main thread adds (unpackState)
 * makes the same report as one thread: the worker's internal-order accumulators go to
 * the main thread's simulation as they are, including when their 16-bit histogram
 * counts would overflow together, and when the worker had already mapped some to the
 * plan's order. (The real threads: test/cli/forecast.test.ts, --workers 2 and 3.)
 */
import { fourTaskPlan } from '../engine/four-task-plan';
import { buildForecastReport, forecast } from '../../src/engine/forecast';
import { emptyState, MonteCarloError, permuteCompiledPlan, PILOT_PARTS, prepareSimulation, Simulation, simulationFor, takePending } from '../../src/engine/monte-carlo';
import { rebuildCompiledPlan } from '../../src/cli/forecast-worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receiveMessageOnPort } from 'node:worker_threads';
import { KERNEL_MODULE } from '../../src/engine/kernel-wasm-module';
import { PERT_TABLE_MODULE } from '../../src/engine/random/pert-quantile-table-wasm';
import { adoptAheadMessages, packState, runForecast, startForecastWorkers, unpackState, workerPlan } from '../../src/cli/forecast-workers';
import { hasPertTables } from '../../src/engine/random/pert-table-cache';
import { pertShapeKeys } from '../../src/engine/random/sample-duration';
import { parsePlan } from '../../src/engine/parse-plan';
import { compilePlan } from '../../src/engine/compile-plan';

const plan = fourTaskPlan;

const seed = 'threads', iterations = 120_000, batchSize = 30_000;

describe('packState / unpackState', () => {
  const cp = plan();
  const alone = JSON.stringify(forecast(cp, { iterations, seed, batchSize }));

  // [main thread's batches, worker's batches]: 60,000 + 60,000 pending counts would exceed 16 bits if added
  // in the 16-bit scratch (they go to the 32-bit state together); 90,000 on the worker exceed them there (it maps part to plan order).
  it.each([
    [[0, 1], [2, 3], false],
    [[0], [1, 2, 3], true],
    [[3], [0, 1, 2], true],
  ])('main %j, worker %j: the same report as one thread', (mine, theirs, workerMapped) => {
    const main = new Simulation(cp, seed);
    const worker = new Simulation(cp, seed, { layoutLater: true });
    expect(() => worker.layout).toThrow(MonteCarloError);
    // As a worker thread does while it waits for the layout: throwaway iterations leave nothing
    // behind, and they stop when asked (here after 5; a worker stops when the layout is posted).
    let asked = 0;
    worker.warmUp(1000, () => ++asked > 5);
    expect(asked).toBe(6);
    worker.useLayout(main.layout);
    const state = emptyState(cp.n, seed, batchSize, iterations);
    const theirState = emptyState(cp.n, seed, batchSize, iterations);
    for (const b of mine) main.runBatchInto(state, b);
    for (const b of theirs) worker.runBatchInto(theirState, b);
    const packed = packState(theirState);
    expect(packed.state.kind).toBe('typed');
    if (packed.state.kind !== 'typed') return;
    expect(packed.state.pending?.count).toBeGreaterThan(0);
    expect(packed.state.sums !== undefined).toBe(workerMapped);
    // Through a structured clone, as postMessage does.
    unpackState(state, structuredClone(packed.state), main);
    // Everything went to the state in that one pass: the main thread holds nothing more for it (the report's settle walks nothing again).
    expect(takePending(state)).toBeNull();
    expect(JSON.stringify(buildForecastReport(cp, state, main, { iterations, seed, batchSize, workers: 1 }))).toBe(alone);
  });

  it('refuses a layout of another run, a second layout, and accumulators of another plan', () => {
    const main = simulationFor(cp, seed);
    expect(() => new Simulation(cp, 'other', { layout: main.layout })).toThrow(MonteCarloError);
    const worker = new Simulation(cp, seed, { layoutLater: true });
    worker.useLayout(main.layout);
    expect(() => worker.useLayout(main.layout)).toThrow(/already has a layout/);
    const state = emptyState(cp.n, seed, batchSize, iterations);
    worker.runBatchInto(state, 0);
    const packed = packState(state);
    if (packed.state.kind !== 'typed' || !packed.state.pending) throw new Error('expected pending accumulators');
    const wrong = { ...packed.state.pending, hist: new Uint16Array(3) };
    expect(() => main.addPending(emptyState(cp.n, seed, batchSize, iterations), wrong)).toThrow(MonteCarloError);
  });
});

describe('the pilot in parts', () => {
  const cp = plan();

  it('gives the same layout whichever thread runs which part, in any order', () => {
    const one = new Simulation(cp, seed).layout;
    const main = new Simulation(cp, seed, { layoutLater: true });
    const worker = new Simulation(cp, seed, { layoutLater: true });
    // As forecast-workers.ts shares them: the worker takes parts 1 and 3, through a structured clone.
    const parts = [main.pilotPart(0), structuredClone(worker.pilotPart(3)), main.pilotPart(2), structuredClone(worker.pilotPart(1))];
    expect(parts).toHaveLength(PILOT_PARTS);
    expect(JSON.stringify(main.layoutFromPilot(parts))).toBe(JSON.stringify(one));
  });

  it('refuses a missing, repeated or unknown part', () => {
    const sim = new Simulation(cp, seed, { layoutLater: true });
    const parts = Array.from({ length: PILOT_PARTS }, (_, k) => sim.pilotPart(k));
    expect(() => sim.layoutFromPilot(parts.slice(1))).toThrow(MonteCarloError);
    expect(() => sim.layoutFromPilot([parts[0], ...parts.slice(0, -1)])).toThrow(/once each/);
    expect(() => sim.pilotPart(PILOT_PARTS)).toThrow(MonteCarloError);
    expect(() => sim.pilotPart(-1)).toThrow(MonteCarloError);
  });
});

describe('a worker\'s plan', () => {
  it('is rebuilt without its index until it is read, and renumbered by the order the main thread sends', () => {
    const cp = plan();
    const msg = structuredClone(workerPlan(cp, { seed, iterations, batchSize }));
    const rebuilt = () => rebuildCompiledPlan(JSON.parse(msg.planJson), msg.compiled);
    const wcp = rebuilt();
    expect(Object.keys(wcp)).not.toContain('indexOf');
    expect([...wcp.indexOf]).toEqual([...cp.indexOf]);
    const levels = prepareSimulation(cp);
    expect(levels).not.toBeNull();
    // Another order than levelOrder's (its first two tasks, both sources, swapped): the worker takes what it is given.
    const sources = [...levels!].filter((i) => cp.predStart[i + 1] === cp.predStart[i]);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    const given = Int32Array.from(levels!);
    [given[0], given[1]] = [given[1], given[0]];
    expect([...prepareSimulation(wcp, {}, given)!]).toEqual([...given]);
    expect([...new Simulation(wcp, seed, { layoutLater: true }).order!]).toEqual([...given]);
    // One of the wrong length is not taken.
    expect([...prepareSimulation(rebuilt(), {}, given.subarray(1))!]).toEqual([...levels!]);
    // The renumbered plan's index follows its new positions.
    const icp = permuteCompiledPlan(cp, levels!);
    expect(Object.keys(icp)).not.toContain('indexOf');
    icp.ids.forEach((id, p) => expect(icp.indexOf.get(id)).toBe(p));
  });
});

describe('workerPlan', () => {
  it('leaves the tasks out when a worker does not read them, and sends them with pools, risks, correlations or gate rules', () => {
    const cp = plan();
    const run = { seed, iterations, batchSize };
    const bare = workerPlan(cp, run);
    expect(bare.run).toEqual(run);
    expect(bare.withTasks).toBe(false);
    expect(JSON.parse(bare.planJson)).toEqual({ ...cp.plan, tasks: [] });
    // With pool demands the main thread's schedule goes along (the worker builds the resource pass from it).
    const schedule = { makespan: 7, tasks: cp.plan.tasks.map((t, k) => ({ id: t.id, start: k })) };
    expect(workerPlan(cp, run, schedule).withTasks).toBe(true);
    expect(workerPlan(cp, run, schedule).schedule).toEqual(schedule);
    const withRisk = compilePlan({ ...cp.plan, risks: [{ id: 'K', probability: 0.5, impact: { days: 1 }, appliesTo: { ids: [cp.plan.tasks[0].id] } }] });
    const sent = workerPlan(withRisk, run);
    expect(sent.withTasks).toBe(true);
    expect(JSON.parse(sent.planJson).tasks).toHaveLength(cp.plan.tasks.length);
  });
});

describe('startForecastWorkers', () => {
  it('the first worker posts the forecast\'s compiled WebAssembly modules as soon as it starts, for this thread to adopt', async () => {
    // The real worker script, built (as forecast.test.ts runs the built CLI).
    const script = join(process.env.CONVERGE_DIST ?? join(__dirname, '../../dist'), 'cli/forecast-worker.js');
    const pool = startForecastWorkers(2, script)!;
    try {
      let got: ReturnType<typeof receiveMessageOnPort>;
      for (let k = 0; k < 500 && !(got = receiveMessageOnPort(pool.modules)); k++) await new Promise((r) => setTimeout(r, 10));
      const { modules } = got!.message as { modules: Record<string, WebAssembly.Module> };
      expect(Object.keys(modules).sort()).toEqual([PERT_TABLE_MODULE, KERNEL_MODULE].sort());
      // (jest's WebAssembly global is another realm's: its own Module, so no instanceof here.)
      for (const m of Object.values(modules)) expect(Object.prototype.toString.call(m)).toBe('[object WebAssembly.Module]');
      // A module compiled in the worker instantiates here.
      expect(WebAssembly.Module.exports(modules[KERNEL_MODULE]).map((e) => e.name)).toContain('pass');
    } finally {
      await pool.close();
    }
  });

  it('given the plan file\'s text while this thread compiles it, the first worker builds the plan\'s PERT tables and posts them, and this thread adopts them', async () => {
    const script = join(process.env.CONVERGE_DIST ?? join(__dirname, '../../dist'), 'cli/forecast-worker.js');
    // Shapes no other test of this file builds (this thread's cache must not have them already).
    const tasks = Array.from({ length: 6 }, (_, k) => ({ id: `T${k}`, duration: { optimistic: 1, mostLikely: 1.013 + k * 0.0917, pessimistic: 11.3 }, after: k ? [`T${k - 1}`] : [] }));
    const text = JSON.stringify({ start: '2027-01-04', tasks });
    const parsed = parsePlan(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const keys = pertShapeKeys(compilePlan(parsed.plan));
    expect(keys).toHaveLength(6);
    expect(keys.some((key) => hasPertTables(key))).toBe(false);
    const pool = startForecastWorkers(2, script)!;
    try {
      pool.planText(text);
      let adopted = { modules: 0, tables: 0 };
      for (let k = 0; k < 500 && adopted.tables === 0; k++) {
        await new Promise((r) => setTimeout(r, 10));
        const got = adoptAheadMessages(pool);
        adopted = { modules: adopted.modules + got.modules, tables: adopted.tables + got.tables };
      }
      expect(adopted).toEqual({ modules: 2, tables: 6 });
      expect(keys.every((key) => hasPertTables(key))).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('tables built ahead, once the run has started', () => {
  it('are not built: the run builds them with the worker', async () => {
    const script = join(process.env.CONVERGE_DIST ?? join(__dirname, '../../dist'), 'cli/forecast-worker.js');
    const tasks = [{ id: 'A', duration: { optimistic: 1, mostLikely: 1.777, pessimistic: 12.9 } }];
    const pool = startForecastWorkers(2, script)!;
    try {
      // As runForecast does when it posts the plan.
      Atomics.store(pool.next, 3, 1);
      pool.planText(JSON.stringify({ start: '2027-01-04', tasks }));
      let adopted = { modules: 0, tables: 0 };
      // Until the worker has started (its modules come first), then a while for tables it should not send.
      for (let k = 0, after = 0; k < 500 && after < 20; k++, after += adopted.modules ? 1 : 0) {
        await new Promise((r) => setTimeout(r, 10));
        const got = adoptAheadMessages(pool);
        adopted = { modules: adopted.modules + got.modules, tables: adopted.tables + got.tables };
      }
      expect(adopted).toEqual({ modules: 2, tables: 0 });
    } finally {
      await pool.close();
    }
  });
});

describe('runForecast on two threads', () => {
  it('tells its steps in order (the bench times them) and gives the report of one thread', async () => {
    const script = join(process.env.CONVERGE_DIST ?? join(__dirname, '../../dist'), 'cli/forecast-worker.js');
    const cp = plan();
    const steps: string[] = [];
    const pool = startForecastWorkers(2, script)!;
    const opts = { iterations: 2000, seed, batchSize: 250 };
    const two = await runForecast(cp, { ...opts, workers: 2, onStep: (step) => steps.push(step) }, pool);
    expect(steps).toEqual(['layout', 'batches', 'merged']);
    const one = await runForecast(cp, { ...opts, workers: 1, onStep: (step) => steps.push(step) });
    // One thread has no such steps.
    expect(steps).toHaveLength(3);
    expect(JSON.stringify({ ...two, batches: undefined })).toBe(JSON.stringify({ ...one, batches: undefined }));
  });
});

describe('runForecast with workers that fail', () => {
  // Worker scripts written for the test (plain JavaScript: the real one runs from dist/).
  const dir = mkdtempSync(join(tmpdir(), 'converge-workers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string) => {
    const file = join(dir, `${name}.js`);
    writeFileSync(file, `const { parentPort, workerData } = require('node:worker_threads');\nconst { next } = workerData;\n${body}\n`);
    return file;
  };
  const cp = plan();
  const opts = { iterations: 2000, seed, batchSize: 250, workers: 2 };

  it('fails with the worker\'s message when it fails holding a part of the pilot (instead of waiting for it)', async () => {
    // Takes every part at its start (so the main thread has none to run and waits for them), then
    // fails a while after the plan comes.
    const file = script('holds-pilot', `while (Atomics.add(next, 2, 1) < 4);
    parentPort.on('message', (msg) => {
      if ('planJson' in msg) setTimeout(() => parentPort.postMessage({ ok: false, message: 'boom in the pilot' }), 200);
    });`);
    const pool = startForecastWorkers(2, file)!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Atomics.load(pool.next, 2)).toBeGreaterThan(4);
    await expect(runForecast(cp, opts, pool)).rejects.toThrow(/boom in the pilot/);
  });

  it('fails when a worker dies at its start, before the plan is even sent', async () => {
    const pool = startForecastWorkers(2, script('dies', `throw new Error('cannot start');`))!;
    // The error comes before the run listens for replies: it must still reach the run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(runForecast(cp, opts, pool)).rejects.toThrow(/cannot start/);
  });
});
