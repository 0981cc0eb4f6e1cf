import { lineAndColumn, locateJsonError, parsePlan } from '../../src/engine/parse-plan';

describe('parsePlan', () => {
  it('reports invalid JSON with code json-syntax, line and column', () => {
    const text = '{\n  "start": "2027-01-04",\n  "tasks": [\n    { "id": "A", "duration": 4, }\n  ]\n}\n';
    const r = parsePlan(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    // Line 4 is `    { "id": "A", "duration": 4, }`: the '}' after the trailing comma is column 33.
    expect(r.issues[0]).toMatchObject({ code: 'json-syntax', line: 4, column: 33 });
    expect(r.issues[0].message).toContain('line 4, column 33');
  });

  it('locates errors Node reports without a position (an unexpected token)', () => {
    const r = parsePlan('{\n  "start": "2027-01-04",\n  "tasks": tru\n}');
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'json-syntax', line: 3, column: 15 });
    // Node quotes an excerpt of the text in such messages; the issue keeps only the reason.
    expect(!r.ok && r.issues[0].message).not.toContain('is not valid JSON');
    const long = parsePlan('{\n  "start": "2027-01-04",\n  "tasks": [,]\n}');
    expect(!long.ok && long.issues[0].message).toBe("invalid JSON at line 3, column 13: Unexpected token ','");
  });

  it('puts a truncated document at its end', () => {
    const r = parsePlan('{\n  "start": "2027-01-04",\n  "tasks": [');
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'json-syntax', line: 3, column: 13 });
    expect(!parsePlan('').ok && parsePlan('')).toMatchObject({ issues: [{ code: 'json-syntax', line: 1, column: 1 }] });
  });

  it('accepts a byte-order mark and validates the plan', () => {
    const r = parsePlan('\uFEFF{"start": "2027-01-04", "tasks": [{"id": "A", "duration": 4}]}');
    expect(r.ok && r.plan.tasks[0].duration.mostLikely).toBe(4);
  });

  it('hands valid JSON to validation, which reports plan issues', () => {
    const r = parsePlan('{"start": "2027-01-04", "tasks": [{"id": "A", "duration": 1e999}]}');
    expect(!r.ok && r.issues.map((i) => i.code)).toEqual(['invalid-duration']);
  });
});

describe('locateJsonError', () => {
  it('returns -1 for valid JSON of every kind', () => {
    for (const t of ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a": [true, false, null, {"b": []}]}', '\n[1,\r\n2]\t']) {
      expect(locateJsonError(t)).toBe(-1);
    }
  });

  it("agrees with Node's position whenever Node gives one", () => {
    const bad = ['{"a": 1,}', '{"a" 1}', '[1 2]', '{"a": 1} x', '{"a": 01}', '{"a": "x\ny"}', '{"a": 1.}', '{"a": -}', '[1, 2', '{"a": "\\q"}', '{a: 1}', '[1,]', '{"a": nul}', '{"a":1 "b":2}'];
    let compared = 0;
    for (const t of bad) {
      let nodePos: number | null = null;
      try { JSON.parse(t); } catch (err) {
        const m = /at position (\d+)/.exec((err as Error).message);
        if (m) nodePos = Number(m[1]);
      }
      const ours = locateJsonError(t);
      expect(ours).toBeGreaterThanOrEqual(0);
      if (nodePos !== null) { expect([t, ours]).toEqual([t, nodePos]); compared++; }
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('survives deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(100000) + ']'.repeat(100000))).toBe(-1);
  });
});

describe('lineAndColumn', () => {
  it('is 1-based and counts \\r\\n as one line end', () => {
    expect(lineAndColumn('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});
