import { compilePlan, type CompiledPlan } from '../../../src/engine/compile-plan';
import { cpm, FinishConstraintError, unmetFinishError } from '../../../src/engine/critical-path';
import { nextAllowedFinish, prevAllowedFinish } from '../../../src/engine/gates/allowed-finish';
import { validatePlan } from '../../../src/engine/validate-plan';

// All plans start Monday 2027-01-04, Mon-Fri: working day 0 = Jan 4, 5 = Jan 11, 10 = Jan 18, 15 = Jan 25.
function compiled(plan: Record<string, unknown>): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', ...plan });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}
const at = (cp: CompiledPlan, id: string) => cp.indexOf.get(id)!;

const securityBoard = { id: 'R1', gate: 'security-review', guards: { kinds: ['deploy'] }, cadence: { everyWeeks: 2, weekday: 2, from: '2027-01-05' } };

describe('finish constraints in the deterministic CPM', () => {
  test('a gate whose board never sits again after its work is done keeps its unconstrained finish and is listed (no-sitting, names the task)', () => {
    // The only sitting is Tue Jan 5 (day 1); A: 0..3, G: 3..4 -> no sitting left: G keeps finish 4 (Thu Jan 7),
    // as the Monte Carlo keeps a draw with no sitting left. B: 4..6. Hand-computed.
    const cp = compiled({
      gateRules: [{ ...securityBoard, cadence: { dates: ['2027-01-05'] } }],
      tasks: [{ id: 'A', duration: 3 }, { id: 'G', duration: 1, after: ['A'], gate: { kind: 'security-review' } }, { id: 'B', duration: 2, after: ['G'] }],
    });
    const r = cpm(cp);
    const g = at(cp, 'G');
    expect([r.es[g], r.ef[g], r.finish]).toEqual([3, 4, 6]);
    expect(r.totalFloat[g]).toBe(0);
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['A', 'G', 'B']);
    expect(r.unmetFinish).toEqual([expect.objectContaining({ task: g, code: 'no-sitting' })]);
    const err = unmetFinishError(cp, r);
    expect(err).toBeInstanceOf(FinishConstraintError);
    expect(err).toMatchObject({ code: 'no-sitting', task: 'G' });
  });

  test('a plan whose constraints all hold lists nothing unmet', () => {
    const cp = compiled({ gateRules: [securityBoard], tasks: [{ id: 'G', duration: 1, gate: { kind: 'security-review' } }] });
    const r = cpm(cp);
    expect(r.unmetFinish).toEqual([]);
    expect(unmetFinishError(cp, r)).toBeNull();
  });

  test('a gate finishes at the first sitting on or after its work is done, and waits (start unchanged)', () => {
    // Board: every other Tuesday from Jan 5 -> sittings on working days 1 (Jan 5), 11 (Jan 19), 21 (Feb 2).
    // A: days 0..3 (done Wed Jan 6). G's work: 3..4, done on day 3 (Thu Jan 7); next sitting day 11 -> finish 12 (Tue Jan 19).
    // B: 12..14, finishes Thu Jan 21. Hand-computed.
    const cp = compiled({
      gateRules: [securityBoard],
      tasks: [{ id: 'A', duration: 3 }, { id: 'G', duration: 1, after: ['A'], gate: { kind: 'security-review' } }, { id: 'B', duration: 2, after: ['G'] }],
    });
    const r = cpm(cp);
    const g = at(cp, 'G');
    expect(r.es[g]).toBe(3);
    expect(r.ef[g]).toBe(12);
    expect(cp.calendar.finishDate(r.ef[g])).toBe('2027-01-19');
    expect(r.ef[at(cp, 'B')]).toBe(14);
    expect(cp.calendar.finishDate(r.finish)).toBe('2027-01-21');
    expect(r.totalFloat[g]).toBe(0);
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['A', 'G', 'B']);
  });

  test('work done on a sitting day is reviewed that day (no wait)', () => {
    // A: 0..1 (Mon Jan 4); G: 1..2, done on day 1 = Tue Jan 5, a sitting -> finish stays 2.
    const cp = compiled({ gateRules: [securityBoard], tasks: [{ id: 'A', duration: 1 }, { id: 'G', duration: 1, after: ['A'], gate: { kind: 'security-review' } }] });
    expect(cpm(cp).ef[at(cp, 'G')]).toBe(2);
  });

  const windows = [
    { id: 'W1', kind: 'deployment', from: '2027-01-11', to: '2027-01-15' }, // working days 5..9
    { id: 'F1', kind: 'freeze', from: '2027-01-13', to: '2027-01-13' }, // working day 7
  ];
  const deployAfter = (d: number) => compiled({ windows, tasks: [{ id: 'A', duration: 3 }, { id: 'D', duration: d, after: ['A'], kind: 'deploy' }] });

  test('a deploy that would finish before the window is shifted so it finishes on the window\'s first day', () => {
    // D (2 days) after A: 3..5, finish day 4 (Fri Jan 8) outside W1 -> finish 6 (end of Mon Jan 11), start 4.
    const cp = deployAfter(2);
    const r = cpm(cp);
    expect([r.es[at(cp, 'D')], r.ef[at(cp, 'D')]]).toEqual([4, 6]);
    expect(cp.calendar.finishDate(6)).toBe('2027-01-11');
  });

  test('a deploy finishing inside the window stays; one finishing in the freeze moves past it', () => {
    const ok = deployAfter(4); // 3..7, finish day 6 (Tue Jan 12) in W1
    expect(cpm(ok).ef[at(ok, 'D')]).toBe(7);
    const frozen = deployAfter(5); // 3..8, finish day 7 (Wed Jan 13) frozen -> day 8 -> finish 9, start 4
    const r = cpm(frozen);
    expect([r.es[at(frozen, 'D')], r.ef[at(frozen, 'D')]]).toEqual([4, 9]);
    expect(frozen.calendar.finishDate(9)).toBe('2027-01-14');
  });

  test('a deploy finishing after the last window has no allowed finish: it keeps 3..11 and is listed (no-allowed-finish)', () => {
    const cp = deployAfter(8); // 3..11: finish day 10 (Mon Jan 18), after W1 and no other window
    const r = cpm(cp);
    const d = at(cp, 'D');
    expect([r.es[d], r.ef[d], r.ls[d], r.lf[d]]).toEqual([3, 11, 3, 11]);
    expect(r.unmetFinish.map((u) => [cp.ids[u.task], u.code])).toEqual([['D', 'no-allowed-finish']]);
    expect(unmetFinishError(cp, r)).toMatchObject({ code: 'no-allowed-finish', task: 'D' });
  });

  test('a freeze alone blocks only its own days; tasks the windows do not apply to are free', () => {
    const cp = compiled({ windows: [windows[1]], tasks: [{ id: 'D', duration: 8, kind: 'deploy' }, { id: 'T', duration: 8 }] });
    const r = cpm(cp);
    expect(r.ef[at(cp, 'D')]).toBe(9); // finish day 7 frozen -> end of day 8
    expect(r.ef[at(cp, 'T')]).toBe(8);
  });

  test('nextAllowedFinish / prevAllowedFinish lookups (the Monte Carlo hook)', () => {
    const cp = deployAfter(2) as Required<CompiledPlan>;
    const d = at(cp, 'D');
    expect(nextAllowedFinish(cp, d, 4.5)).toBe(6); // day 4 -> end of day 5
    expect(nextAllowedFinish(cp, d, 6.5)).toBe(6.5); // day 6 allowed
    expect(nextAllowedFinish(cp, d, 7.2)).toBe(9); // day 7 frozen -> end of day 8
    expect(nextAllowedFinish(cp, d, 12)).toBe(Infinity);
    expect(prevAllowedFinish(cp, d, 12)).toBe(10); // last window day 9 -> end of day 9
    expect(prevAllowedFinish(cp, d, 8)).toBe(7); // day 7 frozen -> end of day 6
    expect(nextAllowedFinish(cp, at(cp, 'A'), 4.5)).toBe(4.5); // unconstrained
  });

  test('late dates respect windows: a deploy with slack can only finish at the end of an allowed day', () => {
    // X (12 days) runs in parallel and sets the finish at 12; D (2 days, after A) finishes at 6.
    // Latest allowed finish <= 12 for D: window ends day 9 -> LF 10, total float 10 - 6 = 4.
    const cp = compiled({ windows, tasks: [{ id: 'A', duration: 3 }, { id: 'D', duration: 2, after: ['A'], kind: 'deploy' }, { id: 'X', duration: 12 }] });
    const r = cpm(cp);
    expect(r.lf[at(cp, 'D')]).toBe(10);
    expect(r.totalFloat[at(cp, 'D')]).toBe(4);
  });

  test('plans without gates or windows compile no tables (v1 plans are unchanged)', () => {
    const cp = compiled({ tasks: [{ id: 'A', duration: 1 }] });
    expect(cp.finishRule).toBeUndefined();
  });
});
