/**
 * examples/ai-program.json is the plan the README and `npm start` use: it must stay
 * valid, exercise the format (every distribution, attempts, remaining, done tasks,
 * notBefore, holidays, resources with an availability window, due dates, meta) and
 * give a schedule that makes sense.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePlan } from '../../src/engine/compile-plan';
import { parsePlan } from '../../src/engine/parse-plan';
import { scheduleReport } from '../../src/engine/schedule-report';
import { schedulePlan } from '../../src/engine/schedule-plan';

const text = readFileSync(join(__dirname, '../../examples/ai-program.json'), 'utf8');

describe('examples/ai-program.json', () => {
  const parsed = parsePlan(text);

  it('validates without issues or warnings', () => {
    expect(parsed.ok ? parsed.warnings : parsed.issues).toEqual([]);
  });
  if (!parsed.ok) return;
  const plan = parsed.plan;

  it('reads like a real AI program and uses the whole format', () => {
    expect(plan.name).toBe('Fraud detection model v3');
    expect(plan.start).toBe('2027-01-04');
    expect(plan.due).toBe('2027-04-30');
    expect(plan.tasks.length).toBeGreaterThanOrEqual(25);
    expect(plan.tasks.length).toBeLessThanOrEqual(35);
    expect(new Set(plan.tasks.map((t) => t.duration.distribution))).toEqual(new Set(['pert', 'triangular', 'uniform', 'lognormal', 'fixed']));
    expect(plan.tasks.filter((t) => t.attempts).length).toBeGreaterThanOrEqual(2);
    expect(plan.tasks.some((t) => t.status === 'done')).toBe(true);
    expect(plan.tasks.some((t) => t.status === 'in-progress' && t.remaining)).toBe(true);
    expect(plan.tasks.filter((t) => t.notBefore).length).toBeGreaterThanOrEqual(2);
    expect(plan.calendar.holidays.length).toBeGreaterThan(0);
    expect(plan.resources.map((r) => [r.id, r.capacity])).toEqual([['gpu-a100', 8], ['ml-eng', 3]]);
    expect(plan.resources[0].availability?.length).toBe(1);
    expect(plan.tasks.some((t) => t.demand['gpu-a100'])).toBe(true);
    expect(plan.tasks.filter((t) => /^Gate:/.test(t.name ?? '')).every((t) => t.duration.distribution === 'fixed')).toBe(true);
  });

  it('has a precedence schedule that meets the due date, with the change window binding', () => {
    // Resource-free: the GPU reservation does not apply here.
    const cp = compilePlan(plan);
    const r = scheduleReport(cp);
    // Hand check: the longest chain (data -> features -> training -> gates -> shadow) ends
    // 2027-03-15; the rollout waits for the 2027-03-22 change window and takes 2 days.
    expect(r.makespan).toBe(55);
    expect(r.finishDate).toBe('2027-03-23');
    expect(r.criticalPath).toEqual(['FRD-146', 'FRD-147']);
    expect(r.tasks.find((t) => t.id === 'FRD-144')).toMatchObject({ finishDate: '2027-03-15', totalFloat: 4 });
    expect(r.tasks.find((t) => t.id === 'FRD-101')).toMatchObject({ duration: 0, status: 'done' });
  });

  it('has a resource-feasible schedule in which the GPU reservation delays the sweep', () => {
    const cp = compilePlan(plan);
    const r = schedulePlan(cp, { schedules: 200, seed: '1' });
    // The 8-GPU sweep (5 days, ready 2027-02-02) cannot fit before the 2027-02-08..02-19
    // reservation leaves only 4 GPUs, so it waits until 02-22 and the plan finishes later.
    expect(r.makespan).toBeGreaterThan(55);
    expect(r.tasks.find((t) => t.id === 'FRD-122')).toMatchObject({ startDate: '2027-02-22', delayedBy: 'gpu-a100' });
    expect(r.tasks).toHaveLength(plan.tasks.length);
    expect(r.resourceUsage?.map((u) => u.id)).toEqual(['gpu-a100', 'ml-eng']);
    for (const u of r.resourceUsage ?? []) u.usage.forEach((x, d) => expect(x).toBeLessThanOrEqual(u.capacity[d] + 1e-9));
  });
});
