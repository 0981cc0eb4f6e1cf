/**
 * Parses plan-file text (JSON) into a validated, normalized Plan.
 *
 * Method: JSON.parse, then validatePlan. On a syntax error the offending offset
 * is found by a small JSON grammar scanner (Node's messages name a position only
 * for some errors, and the wording changes between versions), then turned into a
 * 1-based line and column so an editor can jump to it. A leading byte-order mark
 * is ignored. Cost: O(length of the text).
 * Reference: RFC 8259 (JSON grammar); docs/plan-format.md.
 */
import type { PlanIssue } from './plan';
import { validatePlan, type ParseResult } from './validate-plan';

export type { ParseResult } from './validate-plan';
export { validatePlan } from './validate-plan';

export function parsePlan(text: string): ParseResult {
  const json = parseJson(text);
  return json.ok ? validatePlan(json.value) : { ok: false, issues: [json.issue] };
}

/** JSON.parse with a 'json-syntax' PlanIssue (line, column) instead of an exception. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; issue: PlanIssue } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    return { ok: false, issue: jsonSyntaxIssue(body, err) };
  }
}

function jsonSyntaxIssue(text: string, err: unknown): PlanIssue {
  const reason = err instanceof Error ? err.message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '') : String(err);
  let offset = locateJsonError(text);
  if (offset < 0) {
    const m = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
    offset = m ? Number(m[1]) : text.length;
  }
  const { line, column } = lineAndColumn(text, offset);
  return { code: 'json-syntax', message: `invalid JSON at line ${line}, column ${column}: ${reason}`, line, column };
}

/** 1-based line and column of a UTF-16 offset; lines end at \n (a \r\n counts once). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Offset of the first character at which `text` stops being valid JSON (text.length
 * when it ends too early), or -1 when it is valid. Iterative, so deep nesting
 * cannot overflow the stack.
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  const string = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 34) { i++; return true; }
      if (ch < 0x20) return false;
      if (ch === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) { i += k; return false; }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else return false;
      } else i++;
    }
    return false;
  };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (text[i] >= '1' && text[i] <= '9') while (text[i] >= '0' && text[i] <= '9') i++;
    else return false;
    if (text[i] === '.') {
      i++;
      if (!(text[i] >= '0' && text[i] <= '9')) return false;
      while (text[i] >= '0' && text[i] <= '9') i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(text[i] >= '0' && text[i] <= '9')) return false;
      while (text[i] >= '0' && text[i] <= '9') i++;
    }
    return true;
  };
  // Stack of open containers: '{' or '['. `expect` is what the grammar needs next.
  const stack: string[] = [];
  type Expect = 'value' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'value-or-close';
  let expect: Expect = 'value';
  for (;;) {
    ws();
    if (i >= n) return stack.length === 0 && expect === 'comma-or-close' ? -1 : n;
    const ch = text[i];
    switch (expect) {
      case 'value':
      case 'value-or-close':
        if (expect === 'value-or-close' && ch === ']') { stack.pop(); i++; expect = 'comma-or-close'; break; }
        if (ch === '{') { stack.push('{'); i++; expect = 'key-or-close'; break; }
        if (ch === '[') { stack.push('['); i++; expect = 'value-or-close'; break; }
        if (ch === '"') { if (!string()) return Math.min(i, n); expect = 'comma-or-close'; break; }
        if (ch === '-' || (ch >= '0' && ch <= '9')) { if (!number()) return Math.min(i, n); expect = 'comma-or-close'; break; }
        if (ch === 't' || ch === 'f' || ch === 'n') {
          const word = ch === 't' ? 'true' : ch === 'f' ? 'false' : 'null';
          const from = i;
          if (!literal(word)) return Math.min(i, n, from + word.length);
          expect = 'comma-or-close';
          break;
        }
        return i;
      case 'key-or-close':
      case 'key':
        if (expect === 'key-or-close' && ch === '}') { stack.pop(); i++; expect = 'comma-or-close'; break; }
        if (ch !== '"') return i;
        if (!string()) return Math.min(i, n);
        expect = 'colon';
        break;
      case 'colon':
        if (ch !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        if (top === undefined) return i; // trailing content after the document
        if (ch === ',') { i++; expect = top === '{' ? 'key' : 'value'; break; }
        if ((top === '{' && ch === '}') || (top === '[' && ch === ']')) { stack.pop(); i++; expect = 'comma-or-close'; break; }
        return i;
      }
    }
  }
}
