import { readFileSync } from 'fs';
import { join } from 'path';
import { run as check } from '../../src/cli/commands/check';
import { run as forecast } from '../../src/cli/commands/forecast';
import { run as schedule } from '../../src/cli/commands/schedule';
import { fakeIO } from './fake-io';

const PLAN = readFileSync(join(__dirname, '../fixtures/throughput-plan.json'), 'utf8');

describe('CLI on a plan with throughput tasks', () => {
  test('invalid input: a throughput task with 0 items is rejected (exit 2, code and task on stderr)', async () => {
    const bad = JSON.parse(PLAN);
    bad.tasks[1].throughput.items = 0;
    const io = fakeIO({ 'p.json': JSON.stringify(bad) });
    expect(await check(['p.json'], io)).toBe(2);
    expect(io.err).toMatch(/\[invalid-throughput\] task EPIC-1/);
    expect(io.out).toBe('');
  });

  test('check: the throughput estimates are info findings, exit 0', async () => {
    const io = fakeIO({ 'p.json': PLAN });
    expect(await check(['p.json', '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    const found = out.findings.filter((f: { id: string }) => f.id === 'HC-THROUGHPUT-ESTIMATE');
    expect(found.map((f: { tasks: string[] }) => f.tasks[0])).toEqual(['EPIC-1', 'EPIC-2']);
    expect(out.warnings).toEqual([]);
  });

  test('schedule and forecast run; EPIC-1 at 2 items/day for 10 items takes 5 days', async () => {
    const s = fakeIO({ 'p.json': PLAN });
    expect(await schedule(['p.json', '--json'], s)).toBe(0);
    const rep = JSON.parse(s.out);
    const epic = (rep.tasks ?? []).find((t: { id: string }) => t.id === 'EPIC-1');
    // SPEC takes days 0-1, EPIC-1 then exactly 5 working days (ceil(10 / 2)): days 2..7.
    expect(epic).toMatchObject({ start: 2, finish: 7 });
    const f = fakeIO({ 'p.json': PLAN });
    expect(await forecast(['p.json', '--json', '--iterations', '500', '--seed', '7'], f)).toBe(0);
    const fr = JSON.parse(f.out);
    expect(fr.iterations).toBe(500);
    expect(f.err).toBe('');
  });
});
