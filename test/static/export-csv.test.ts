/** Per-issue CSV export (static/forecast-page/src/export-csv.ts): columns, quoting, formula injection, values from the report. */
import { csvCell, CSV_COLUMNS, forecastCsv } from '../../static/forecast-page/src/export-csv';
import { makeForecast } from './make-forecast';

/** A minimal RFC 4180 reader for checking the output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-rf')).toBe("'-rf");
  });
  it('keeps numbers (negative floats too), booleans and blanks plain', () => {
    expect(csvCell(-1.23456)).toBe('-1.235');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
  });
});

describe('forecastCsv', () => {
  const pf = makeForecast({ due: '2027-02-10' });
  const rows = parseCsv(forecastCsv(pf));

  it('has the header and one row per scheduled issue', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.length - 1).toBe(pf.schedule.tasks.length);
    for (const r of rows) expect(r.length).toBe(CSV_COLUMNS.length);
  });

  it('carries the report values: dates, floats, critical path, percentiles', () => {
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    for (const t of pf.schedule.tasks) {
      const r = rows.find((x) => x[0] === t.id)!;
      const f = pf.forecast.tasks.find((x) => x.id === t.id)!;
      expect(r[col('start')]).toBe(t.startDate);
      expect(r[col('finish')]).toBe(t.finishDate);
      expect(Number(r[col('total_float_days')])).toBeCloseTo(t.totalFloat, 3);
      expect(r[col('critical_path')]).toBe(pf.schedule.criticalPath.includes(t.id) ? 'yes' : 'no');
      expect(r[col('finish_p50')]).toBe(f.finishDate.p50);
      expect(r[col('finish_p95')]).toBe(f.finishDate.p95);
    }
    // The summary with a comma and quotes survives the round trip.
    expect(rows.find((x) => x[0] === 'ML-14')![1]).toBe('Docs, "v3" = ready');
  });
});
