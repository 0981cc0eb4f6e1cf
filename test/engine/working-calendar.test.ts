// Calendar arithmetic must not depend on the machine's time zone: run it under zones
// with daylight saving (Santiago's spring-forward falls in September, Chatham's is
// UTC+12:45/+13:45). Set before any Date use; Jest keeps process.env per test file,
// so the time-zone runs below also execute the calendar in child processes whose
// real TZ is set, and check there that the zone took effect.
process.env.TZ = 'America/Santiago';

import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { dayNumber, isIsoDate, isoWeekday, WorkingCalendar } from '../../src/engine/working-calendar';

/** The contract's example (docs/plan-format.md, Conventions): start Monday 2027-01-04, holiday 2027-01-18. */
function contractExample(Calendar: typeof WorkingCalendar) {
  const cal = new Calendar('2027-01-04', { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-18'] });
  return {
    finish: [37, 40.1, 45.9, 51.3].map((x) => cal.finishDate(x)),
    fourDayTask: cal.finishDate(0 + 4),
    starts: [0, 0.99, 1, 9.5, 10].map((s) => cal.startDate(s)),
    notBefore: ['2027-01-04', '2027-01-09', '2027-01-10', '2027-01-11', '2027-01-18', '2027-01-19'].map((d) => cal.workingDaysBefore(d)),
    before: ['2027-01-01', '2026-12-28'].map((d) => cal.workingDaysBefore(d)),
    through: cal.workingDaysThrough('2027-02-24'),
  };
}

const EXPECTED = {
  // From the contract text: 37 -> 2027-02-24, 40.1 -> 2027-03-02, 45.9 -> 2027-03-09, 51.3 -> 2027-03-17.
  finish: ['2027-02-24', '2027-03-02', '2027-03-09', '2027-03-17'],
  // "A task of 4 days starting at day 0 finishes on 2027-01-07."
  fourDayTask: '2027-01-07',
  // floor(s): day 0 = Mon 01-04, day 1 = Tue 01-05, day 9 = Fri 01-15, day 10 = Tue 01-19 (01-18 is a holiday).
  starts: ['2027-01-04', '2027-01-04', '2027-01-05', '2027-01-15', '2027-01-19'],
  // Working days in [start, d): a Saturday/Sunday notBefore means the following Monday (5); the holiday means day 10.
  notBefore: [0, 5, 5, 5, 10, 10],
  // Dates before start count back: Fri 2027-01-01 is working day -1, Mon 2026-12-28 is -5.
  before: [-1, -5],
  // The end of 2027-02-24 is 37 working days in: the inverse of finishDate(37).
  through: 37,
};

describe('WorkingCalendar: invalid input', () => {
  it('rejects impossible dates and empty weeks', () => {
    expect(() => new WorkingCalendar('2027-02-30')).toThrow(RangeError);
    expect(() => new WorkingCalendar('2027-01-04', { workdays: [], holidays: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar('2027-01-04', { workdays: [0], holidays: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar('2027-01-04').workingDaysBefore('2027-13-01')).toThrow(RangeError);
    expect(dayNumber('2027-02-29')).toBeNaN();
    expect(dayNumber('2028-02-29')).toBe(Date.UTC(2028, 1, 29) / 86_400_000);
    expect(isIsoDate('2027-1-4')).toBe(false);
  });
});

describe('WorkingCalendar (in-process, TZ as set by the test environment)', () => {
  it("maps the contract's example days to the contract's dates", () => {
    expect(contractExample(WorkingCalendar)).toEqual(EXPECTED);
  });

  it('x <= 0 finishes on day 0; a start before `start` is rolled to the first working day', () => {
    const cal = new WorkingCalendar('2027-01-02'); // a Saturday: day 0 is Monday 2027-01-04
    expect(cal.finishDate(0)).toBe('2027-01-04');
    expect(cal.finishDate(-3)).toBe('2027-01-04');
    expect(cal.startDate(0)).toBe('2027-01-04');
    expect(cal.workingDaysBefore('2027-01-04')).toBe(0);
    expect(cal.workingDaysBefore('2027-01-05')).toBe(1);
  });

  it('follows custom workdays (a Sunday-Thursday week)', () => {
    const cal = new WorkingCalendar('2027-01-03', { workdays: [7, 1, 2, 3, 4], holidays: [] });
    // 2027-01-03 is a Sunday: days 0..4 are Sun..Thu, day 5 is the next Sunday 2027-01-10.
    expect([0, 4, 5].map((i) => cal.dateOfIndex(i))).toEqual(['2027-01-03', '2027-01-07', '2027-01-10']);
    expect(cal.workingDaysBefore('2027-01-09')).toBe(5); // Saturday: the week's five days are behind it
    expect(isoWeekday(dayNumber('2027-01-03'))).toBe(7);
  });

  it('handles a seven-day week and a leap day', () => {
    const cal = new WorkingCalendar('2028-02-27', { workdays: [1, 2, 3, 4, 5, 6, 7], holidays: [] });
    expect(cal.finishDate(4)).toBe('2028-03-01'); // 27, 28, 29 Feb, 1 Mar
  });
});

describe('WorkingCalendar under real time zones with daylight saving', () => {
  const bundle = buildSync({
    entryPoints: [join(__dirname, '../../src/engine/working-calendar.ts')],
    bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
  }).outputFiles[0].text;

  const script = `
    const { WorkingCalendar } = (() => {
      const module = { exports: {} };
      ${bundle}
      return module.exports;
    })();
    const contractExample = ${contractExample.toString()};
    // Offsets on either side of a DST change prove the zone is really in force.
    const offsets = [new Date(2027, 0, 4).getTimezoneOffset(), new Date(2027, 6, 4).getTimezoneOffset()];
    // 2026-09-06 is Santiago's spring-forward Sunday and 2027-04-04 its fall-back;
    // 2026-09-27 and 2027-04-04 are Chatham's. Crossing them must not move a date.
    const cal = new WorkingCalendar('2026-09-04', { workdays: [1, 2, 3, 4, 5], holidays: [] });
    const dst = [cal.finishDate(2), cal.finishDate(16), cal.startDate(151), cal.workingDaysBefore('2026-09-07')];
    process.stdout.write(JSON.stringify({ offsets, example: contractExample(WorkingCalendar), dst }));
  `;

  for (const tz of ['America/Santiago', 'Pacific/Chatham']) {
    it(`gives the contract's dates under TZ=${tz}`, () => {
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }));
      // Santiago: UTC-3 in January (summer), UTC-4 in July. Chatham: UTC+13:45 / UTC+12:45.
      expect(out.offsets).toEqual(tz === 'America/Santiago' ? [180, 240] : [-825, -765]);
      expect(out.example).toEqual(EXPECTED);
      // Fri 2026-09-04 is day 0; day 1 Mon 09-07; 2 days finish Mon 09-07; day 16 finishes
      // Fri 09-25; start 151 is 30 weeks + 1 day in: Mon 2027-04-05; [start, 09-07) holds one day.
      expect(out.dst).toEqual(['2026-09-07', '2026-09-25', '2027-04-05', 1]);
    });
  }
});
