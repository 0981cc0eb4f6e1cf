import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/schedule';
import type { CliIO } from '../../src/cli/io';
import { fakeIO } from './fake-io';


const VALID = JSON.stringify({
  name: 'Contract example',
  start: '2027-01-04',
  calendar: { holidays: ['2027-01-18'] },
  tasks: [
    { id: 'ML-10', name: 'Prepare data', duration: 4 },
    { id: 'ML-12', name: 'Train baseline', duration: { optimistic: 2, mostLikely: 33, pessimistic: 40 }, after: ['ML-10'] },
    { id: 'ML-13', name: 'Write model card', duration: 30, after: ['ML-10'] },
  ],
});

const INVALID = JSON.stringify({
  start: '2027-01-04',
  tasks: [
    { id: 'ML-3', duration: { optimistic: 5, mostLikely: 4, pessimistic: 9 }, after: ['ML-7'] },
    { id: 'ML-7', duration: 2, after: ['ML-3'], status: 'blocked' },
    { id: 'ML-8', duration: '4' },
  ],
});

describe('converge schedule', () => {
  it('rejects an invalid plan: exit 2, every issue on stderr, nothing on stdout', async () => {
    const io = fakeIO({ 'bad.json': INVALID });
    expect(await run(['bad.json', '--json'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.trimEnd().split('\n')).toEqual([
      'error [estimate-order] task ML-3 field duration.optimistic: task ML-3 duration: optimistic 5 is greater than mostLikely 4',
      'error [invalid-status] task ML-7 field status: task ML-7 status "blocked" is not one of todo, in-progress, done',
      'error [invalid-duration] task ML-8 field duration: task ML-8 duration must be a number of working days or {optimistic, mostLikely, pessimistic}, not "4"',
      'error [cycle] task ML-3 field after: dependency cycle: ML-3 -> ML-7 -> ML-3',
    ]);
  });

  it('reports a JSON syntax error with line and column, and a missing file', async () => {
    const io = fakeIO({ 'syntax.json': '{\n  "start": "2027-01-04",\n  "tasks": [,]\n}' });
    expect(await run(['syntax.json'], io)).toBe(2);
    expect(io.err).toMatch(/^error \[json-syntax\] line 3 column 13: /);
    expect(io.out).toBe('');
    const io2 = fakeIO({});
    expect(await run(['nope.json'], io2)).toBe(2);
    expect(io2.err).toBe('error [read-error] field file: cannot read nope.json: no such file\n');
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [[], ['a.json', 'b.json'], ['a.json', '--near-critical', '-1'], ['a.json', '--schedules', '0'], ['a.json', '--bogus']]) {
      const io = fakeIO({ 'a.json': VALID });
      expect([args, await run(args, io)]).toEqual([args, 2]);
      expect(io.out).toBe('');
      expect(io.err).toContain('usage: converge schedule');
    }
  });

  it('prints the ScheduleReport with --json', async () => {
    const io = fakeIO({ '-': VALID });
    expect(await run(['-', '--json'], io)).toBe(0);
    expect(io.err).toBe('');
    const report = JSON.parse(io.out);
    // The contract's fields (docs/plan-format.md, `schedule --json`).
    expect(report).toMatchObject({ makespan: 37, finishDate: '2027-02-24', criticalPath: ['ML-10', 'ML-12'] });
    expect(report.tasks[0]).toMatchObject({ id: 'ML-10', start: 0, finish: 4, startDate: '2027-01-04', finishDate: '2027-01-07', totalFloat: 0, freeFloat: 0, critical: true });
    expect(report.tasks[2]).toMatchObject({ id: 'ML-13', start: 4, finish: 34, totalFloat: 3, freeFloat: 3, critical: false });
    for (const t of report.tasks) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'start', 'finish', 'startDate', 'finishDate', 'totalFloat', 'freeFloat', 'critical']));
    }
    // Default near-critical threshold is 2 days: ML-13 (float 3) is out; --near-critical 3 brings it in.
    expect(report.nearCritical).toEqual(['ML-10', 'ML-12']);
    const io3 = fakeIO({ '-': VALID });
    await run(['-', '--json', '--near-critical', '3'], io3);
    expect(JSON.parse(io3.out).nearCritical).toEqual(['ML-10', 'ML-12', 'ML-13']);
  });

  it('prints a readable table, the critical path and the finish date', async () => {
    const io = fakeIO({ 'plan.json': VALID });
    expect(await run(['plan.json'], io)).toBe(0);
    const lines = io.out.split('\n');
    expect(lines[0]).toBe('Contract example');
    expect(lines.find((l) => l.includes('ML-10'))).toMatch(/^\*\s+ML-10\s+Prepare data\s+2027-01-04\s+2027-01-07\s+4\s+0$/);
    expect(lines.find((l) => l.includes('ML-13'))).toMatch(/^\s+ML-13\s+Write model card\s+2027-01-08\s+2027-02-19\s+30\s+3$/);
    expect(io.out).toContain('Critical path: ML-10 -> ML-12\n');
    expect(io.out).toContain('Finish: 2027-02-24 (37 working days)\n');
  });

  it('carries plan warnings into the report', async () => {
    const text = JSON.stringify({ start: '2027-01-04', tasks: [{ id: 'A', duration: 1, notbefore: '2027-02-01' }] });
    const io = fakeIO({ 'w.json': text });
    expect(await run(['w.json', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).warnings).toEqual(["task A: unknown field 'notbefore' ignored"]);
  });

  it('reads a real file through the process IO', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-schedule-'));
    try {
      const file = join(dir, 'plan.json');
      writeFileSync(file, VALID);
      const { processIO } = await import('../../src/cli/io');
      const out: string[] = [];
      const io: CliIO = { ...processIO, stdout: (t) => { out.push(t); }, stderr: (t) => { out.push(t); } };
      expect(await run([file, '--json'], io)).toBe(0);
      expect(JSON.parse(out.join('')).makespan).toBe(37);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps a Jira export with --jira, and reports a cycle of Jira links like a plan cycle', async () => {
    // A hand-written search response in the REST v3 shape: ML-1 blocks ML-2.
    const issue = (key: string, links: unknown[]) => ({
      key,
      fields: {
        summary: `Issue ${key}`, issuetype: { name: 'Task' }, status: { name: 'To Do', statusCategory: { key: 'new' } },
        timetracking: { originalEstimateSeconds: 3 * 8 * 3600 }, issuelinks: links,
      },
    });
    const blocks = { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
    const exportJson = {
      issues: [
        issue('ML-1', [{ type: blocks, outwardIssue: { key: 'ML-2' } }]),
        issue('ML-2', [{ type: blocks, inwardIssue: { key: 'ML-1' } }]),
      ],
    };
    const io = fakeIO({ 'export.json': JSON.stringify(exportJson) });
    expect(await run(['export.json', '--jira', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.tasks.map((t: { id: string }) => t.id)).toEqual(['ML-1', 'ML-2']);
    expect(report.criticalPath).toEqual(['ML-1', 'ML-2']);

    exportJson.issues[1].fields.issuelinks.push({ type: blocks, outwardIssue: { key: 'ML-1' } } as never);
    const io2 = fakeIO({ 'export.json': JSON.stringify(exportJson) });
    expect(await run(['export.json', '--jira'], io2)).toBe(2);
    expect(io2.out).toBe('');
    expect(io2.err).toMatch(/^error \[cycle\] .*ML-1 -> ML-2 -> ML-1/);

    const io3 = fakeIO({ 'export.json': '{"issues": [' });
    expect(await run(['export.json', '--jira'], io3)).toBe(2);
    expect(io3.err).toMatch(/^error \[json-syntax\] line 1 column 13: /);
  });
});

describe('converge schedule with resources', () => {
  it('exits 2 naming the task when a demand can never be met', async () => {
    // 8 GPUs exist only during one 5-working-day window; a 6-day task needing 8 never fits.
    const text = JSON.stringify({
      start: '2027-01-04',
      resources: [{ id: 'gpu', capacity: 2, availability: [{ from: '2027-01-11', to: '2027-01-15', capacity: 8 }] }],
      tasks: [{ id: 'A', duration: 6, demand: { gpu: 8 } }],
    });
    const io = fakeIO({ 'r.json': text });
    expect(await run(['r.json'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^error \[[a-z-]+\] task A: /);
  });
});

describe('converge schedule FILE.sm', () => {
  it('hands PSPLIB instances to the PSPLIB scheduler', async () => {
    const { processIO } = await import('../../src/cli/io');
    const out: string[] = [];
    const io: CliIO = { ...processIO, stdout: (t) => { out.push(t); }, stderr: (t) => { out.push(t); } };
    const file = join(__dirname, '../fixtures/psplib/j30/j301_1.sm');
    expect(await run([file, '--json', '--schedules', '100'], io)).toBe(0);
    const report = JSON.parse(out.join(''));
    // j301_1's published optimum is 43 (PSPLIB j30opt.sm); a heuristic can only match or exceed it.
    expect(report.makespan).toBeGreaterThanOrEqual(43);
    expect(report.makespan).toBeLessThan(60);
  });
});
