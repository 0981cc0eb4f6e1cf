/**
 * Plans shared by the whatif, portfolio and summary command tests (hand-made, known by
 * construction): two 10-day trainings on one A100 then a 2-day evaluation (22 days; 12 with a
 * second A100), and one-task initiatives that queue for the same A100.
 */
export const PLAN = JSON.stringify({
  name: 'Fraud model v3', start: '2027-01-04', due: '2027-02-05',
  resources: [{ id: 'a100', capacity: 1, name: 'A100' }],
  tasks: [
    { id: 'T1', duration: 10, demand: { a100: 1 } }, { id: 'T2', duration: 10, demand: { a100: 1 } },
    { id: 'EVAL', duration: 2, after: ['T1', 'T2'] },
  ],
});

/** One scenario: a second A100 (the trainings run side by side). */
export const SCEN = JSON.stringify([{ id: 'x2', name: 'Second A100', changes: [{ op: 'set-capacity', pool: 'a100', capacity: 2 }] }]);

/** An initiative whose one 10-day task `${p}1` holds the whole A100 pool. */
export const initiativePlan = (p: string) => JSON.stringify({
  start: '2027-01-04', resources: [{ id: 'a100', capacity: 1, name: 'A100' }],
  tasks: [{ id: `${p}1`, duration: 10, demand: { a100: 1 } }],
});
