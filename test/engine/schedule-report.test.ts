import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { scheduleReport, cleanDays } from '../../src/engine/schedule-report';
import { validatePlan } from '../../src/engine/validate-plan';

function compiled(tasks: unknown[], extra: Record<string, unknown> = {}): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', tasks, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}

describe('scheduleReport', () => {
  it('rejects a negative or non-finite near-critical threshold', () => {
    const cp = compiled([{ id: 'A', duration: 1 }]);
    expect(() => scheduleReport(cp, { nearCriticalDays: -1 })).toThrow(RangeError);
    expect(() => scheduleReport(cp, { nearCriticalDays: NaN })).toThrow(RangeError);
  });

  it("matches the contract's schedule example: a 4-day task from day 0 ends 2027-01-07", () => {
    const cp = compiled([
      { id: 'ML-10', name: 'Prepare data', duration: 4 },
      { id: 'ML-12', name: 'Train baseline', duration: { optimistic: 2, mostLikely: 33, pessimistic: 40 }, after: ['ML-10'] },
    ], { calendar: { holidays: ['2027-01-18'] } });
    const r = scheduleReport(cp);
    // docs/plan-format.md: makespan 37 -> 2027-02-24 with the 2027-01-18 holiday.
    expect(r).toMatchObject({ makespan: 37, finishDate: '2027-02-24', criticalPath: ['ML-10', 'ML-12'] });
    expect(r.tasks[0]).toEqual({
      id: 'ML-10', name: 'Prepare data', start: 0, finish: 4, startDate: '2027-01-04', finishDate: '2027-01-07',
      totalFloat: 0, freeFloat: 0, critical: true, earlyStart: 0, earlyFinish: 4, lateStart: 0, lateFinish: 4, duration: 4, status: 'todo',
    });
    expect(r.tasks[1]).toMatchObject({ start: 4, finish: 37, startDate: '2027-01-08', finishDate: '2027-02-24' });
    expect(r.warnings).toEqual([]);
  });

  it('lists tasks in file order with dates by the contract conventions', () => {
    const cp = compiled([
      { id: 'Z', duration: 1.5, after: ['Y'] },
      { id: 'Y', duration: 2.25 },
      { id: 'M', duration: 0, after: ['Z'] },
    ]);
    const r = scheduleReport(cp);
    expect(r.tasks.map((t) => t.id)).toEqual(['Z', 'Y', 'M']);
    // Z runs [2.25, 3.75): starts on day floor(2.25) = 2 (Wed), finishes on day ceil(3.75) - 1 = 3 (Thu).
    expect(r.tasks[0]).toMatchObject({ start: 2.25, finish: 3.75, startDate: '2027-01-06', finishDate: '2027-01-07' });
    // The milestone at 3.75 is reached by the end of Thursday; its start date is floor(3.75) = Thursday too.
    expect(r.tasks[2]).toMatchObject({ start: 3.75, finish: 3.75, startDate: '2027-01-07', finishDate: '2027-01-07', duration: 0 });
    expect(r).toMatchObject({ makespan: 3.75, finishDate: '2027-01-07', criticalPath: ['Y', 'Z', 'M'] });
  });

  it('reports done tasks with zero duration and in-progress ones from `remaining`', () => {
    const cp = compiled([
      { id: 'A', duration: 5, status: 'done' },
      { id: 'B', duration: { optimistic: 4, mostLikely: 6, pessimistic: 9 }, remaining: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, status: 'in-progress', after: ['A'] },
      { id: 'C', duration: 3, after: ['B'] },
    ]);
    const r = scheduleReport(cp);
    expect(r.tasks.map((t) => [t.id, t.status, t.start, t.finish, t.duration])).toEqual([
      ['A', 'done', 0, 0, 0], ['B', 'in-progress', 0, 2, 2], ['C', 'todo', 2, 5, 3],
    ]);
    expect(r.makespan).toBe(5);
  });

  it('lists near-critical tasks (float <= threshold, critical included) in schedule order', () => {
    const cp = compiled([
      { id: 'A', duration: 10 },
      { id: 'B', duration: 1 }, // float 9
      { id: 'C', duration: 8.5 }, // float 1.5
      { id: 'D', duration: 8 }, // float 2: on the default threshold
      { id: 'E', duration: 7.5 }, // float 2.5
    ]);
    expect(scheduleReport(cp).nearCritical).toEqual(['A', 'C', 'D']);
    expect(scheduleReport(cp, { nearCriticalDays: 0 }).nearCritical).toEqual(['A']);
    const wide = scheduleReport(cp, { nearCriticalDays: 9 });
    expect(wide.nearCritical).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(wide.nearCriticalDays).toBe(9);
  });

  it('cleans binary-fraction noise from the numbers it prints', () => {
    expect(cleanDays(0.1 + 0.2)).toBe(0.3);
    expect(Object.is(cleanDays(-0), 0)).toBe(true);
    const r = scheduleReport(compiled([{ id: 'A', duration: 0.1 }, { id: 'B', duration: 0.2, after: ['A'] }]));
    expect(r.tasks[1].finish).toBe(0.3);
    expect(r.makespan).toBe(0.3);
  });

  it('gives an empty plan makespan 0 finishing on day 0', () => {
    expect(scheduleReport(compiled([]))).toMatchObject({ makespan: 0, finishDate: '2027-01-04', criticalPath: [], tasks: [], nearCritical: [] });
  });
});
