import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { durationHours, parseExperimentRuns } from '../../../src/engine/history/experiment-runs';
import { parseCsv } from '../../../src/engine/history/parse-csv';
import { fitLognormal } from '../../../src/engine/history/fit-lognormal';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/ml-durations', name), 'utf8');

describe('experiment run imports', () => {
  it('rejects malformed exports, naming line and column', () => {
    expect(() => parseCsv('a,b\n"x,y\n')).toThrow(expect.objectContaining({ code: 'invalid-runs', line: 2, column: 1 }));
    expect(() => parseCsv('a,b\nx"y,z\n')).toThrow(expect.objectContaining({ code: 'invalid-runs', line: 2, column: 2 }));
    const badDuration = 'Start Time,Duration,Run ID,Name,Status\n2024-01-01 00:00:00,2.5h,r1,a,FINISHED\n2024-01-02 00:00:00,soon,r2,b,FINISHED\n';
    expect(() => parseExperimentRuns(badDuration)).toThrow(expect.objectContaining({ code: 'invalid-runs', line: 3, column: 21 }));
    const badRuntime = 'Name,State,Created,Runtime\nx,finished,2024-01-01,12 min\n';
    expect(() => parseExperimentRuns(badRuntime)).toThrow(expect.objectContaining({ code: 'invalid-runs', line: 2, column: 23 }));
    expect(() => parseExperimentRuns('Name,User\nx,y\n')).toThrow(expect.objectContaining({ code: 'invalid-runs', culprit: 'Status' }));
    expect(() => parseExperimentRuns('{"runs": [{"info": {"status": "FINISHED", "start_time": 5}}]}')).toThrow(expect.objectContaining({ code: 'invalid-runs', culprit: 'runs[0]' }));
    expect(() => parseExperimentRuns('{"runs": 3}')).toThrow(expect.objectContaining({ code: 'invalid-runs' }));
    expect(() => parseExperimentRuns('[1,')).toThrow(expect.objectContaining({ code: 'invalid-runs' }));
  });

  it('reads MLflow UI durations', () => {
    expect(durationHours('500ms')).toBeCloseTo(500 / 3.6e6, 15);
    expect(durationHours('12.3s')).toBeCloseTo(12.3 / 3600, 15);
    expect(durationHours('4.5min')).toBeCloseTo(0.075, 15);
    expect(durationHours('2.0h')).toBe(2);
    expect(durationHours('1.1d')).toBeCloseTo(26.4, 12);
    expect(durationHours('01:30:00')).toBe(1.5);
    expect(durationHours('5400')).toBe(1.5);
    expect(durationHours('later')).toBeUndefined();
  });

  it('MLflow UI CSV: finished runs only (values in the fixture note)', () => {
    const r = parseExperimentRuns(fixture('mlflow-ui-runs.csv'));
    expect(r.format).toBe('mlflow-csv');
    expect(r.runs.map((x) => x.hours)).toEqual([2.5, 3, expect.closeTo(26.4, 12), 1.5]);
    expect(r.runs[1].name).toBe('resnet50, cosine lr');
    expect(r.runs[0].id).toBe('8f3c1a2b9d4e4f0a9b1c2d3e4f5a6b7c');
    expect(r.skipped).toEqual({ failed: 1, running: 1 });
  });

  it('W&B CSV and MLflow JSON', () => {
    const w = parseExperimentRuns(fixture('wandb-runs.csv'));
    expect(w.format).toBe('wandb-csv');
    expect(w.runs.map((x) => [x.name, x.hours])).toEqual([['llama-ft-1', 4], ['llama-ft-2', 8], ['llama-ft-4', 6]]);
    expect(w.skipped).toEqual({ crashed: 1, running: 1 });
    const j = parseExperimentRuns(fixture('mlflow-search-runs.json'));
    expect(j.format).toBe('mlflow-json');
    expect(j.runs.map((x) => [x.id, x.hours])).toEqual([['a1f0c2', 4], ['c3d2e4', 12]]);
    expect(j.skipped).toEqual({ failed: 1 });
    // search_runs().to_csv(): start_time / end_time columns.
    const pandas = 'run_id,status,start_time,end_time\nr1,FINISHED,2024-01-01 10:00:00.000000+00:00,2024-01-01 13:30:00.000000+00:00\n';
    expect(parseExperimentRuns(pandas).runs[0].hours).toBeCloseTo(3.5, 12);
  });
});

describe('fitLognormal', () => {
  it('rejects too little or non-positive data', () => {
    expect(() => fitLognormal([3])).toThrow(expect.objectContaining({ code: 'not-enough-data' }));
    expect(() => fitLognormal([3, 0])).toThrow(expect.objectContaining({ code: 'invalid-work', culprit: 'values[1]' }));
  });

  it('fits the Epoch AI training times (expected values from the fixture note, Python)', () => {
    const rows = parseCsv(fixture('epoch-training-hours.csv'));
    const col = rows[0].fields.indexOf('Training time (hours)');
    const hours = rows.slice(1).map((r) => Number(r.fields[col]));
    expect(hours).toHaveLength(199);
    const fit = fitLognormal(hours);
    expect(fit.mu).toBeCloseTo(4.953404529, 8);
    expect(fit.sigma).toBeCloseTo(1.987075808, 8);
    expect(fit.p5).toBeCloseTo(5.3922, 3);
    expect(fit.p95).toBeCloseTo(3721.39, 1);
    expect(fit.belowP5).toBeCloseTo(14 / 199, 12);
    expect(fit.aboveP95).toBeCloseTo(3 / 199, 12);
    expect(fit.estimate).toEqual({ optimistic: fit.p5, mostLikely: fit.p50, pessimistic: fit.p95, distribution: 'lognormal' });
  });

  it('the W&B runs fit in closed form', () => {
    // ln 4, ln 8, ln 6: mu = ln(192)/3, so P50 = 192^(1/3) = 5.769 h.
    const fit = fitLognormal(parseExperimentRuns(fixture('wandb-runs.csv')).runs.map((r) => r.hours));
    expect(fit.p50).toBeCloseTo(Math.cbrt(192), 12);
  });
});
