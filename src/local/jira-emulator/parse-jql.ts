/**
 * parseJql: the subset of Jira Query Language the emulator understands, parsed
 * into a small syntax tree.
 *
 * Grammar (recursive descent, one token of look-ahead, O(length)):
 *   query   := [or] [ORDER BY sort ("," sort)*]
 *   or      := and (OR and)*
 *   and     := not (AND not)*
 *   not     := (NOT | "!") not | "(" or ")" | clause
 *   clause  := field op operand
 *   op      := = | != | > | >= | < | <= | ~ | !~ | IN | NOT IN | IS | IS NOT
 *   operand := value | "(" value ("," value)* ")" | EMPTY | NULL
 *   value   := word | "quoted" | 'quoted' | name "(" args ")"
 *   sort    := field [ASC | DESC]
 * Keywords are case-insensitive, as in Jira. A syntax error throws JqlError with a
 * message in the style of Jira's ("Error in the JQL Query: ..."), which the
 * emulator returns as a 400. Reference: Atlassian, "JQL: the most flexible way to
 * search Jira" (operators and keywords reference).
 */

export class JqlError extends Error {
  readonly code = 'jql-invalid';
}

export type JqlValue =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' };

export type JqlOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlNode =
  | { kind: 'and' | 'or'; children: JqlNode[] }
  | { kind: 'not'; child: JqlNode }
  | { kind: 'clause'; field: string; op: JqlOperator; values: JqlValue[] };

export interface JqlSort {
  field: string;
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: JqlSort[];
}

type Token =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ','; pos: number };

function tokenize(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ t: 'punct', v: c, pos: i }); i++; continue; }
    if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      while (j < jql.length && jql[j] !== c) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        v += jql[j++];
      }
      if (j >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string '${v}' has not been completed. (line 1, character ${i + 1})`);
      out.push({ t: 'string', v, pos: i });
      i = j + 1;
      continue;
    }
    const two = jql.slice(i, i + 2);
    if (two === '!=' || two === '>=' || two === '<=' || two === '!~') { out.push({ t: 'op', v: two, pos: i }); i += 2; continue; }
    if (c === '=' || c === '>' || c === '<' || c === '~') { out.push({ t: 'op', v: c, pos: i }); i++; continue; }
    if (c === '!') { out.push({ t: 'word', v: 'not', pos: i }); i++; continue; }
    let j = i;
    while (j < jql.length && !/[\s(),=!<>~"']/.test(jql[j])) j++;
    // cf[10016] keeps its brackets; "Story Points[Number]" style names arrive quoted.
    out.push({ t: 'word', v: jql.slice(i, j), pos: i });
    i = j;
  }
  return out;
}

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'order', 'by', 'asc', 'desc']);

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let k = 0;
  const peek = (): Token | undefined => tokens[k];
  const isWord = (w: string, tok = peek()): boolean => tok?.t === 'word' && tok.v.toLowerCase() === w;
  const where = (tok: Token | undefined): string => (tok ? `at line 1, character ${tok.pos + 1}` : 'at the end of the query');
  const expected = (what: string): never => {
    const tok = peek();
    throw new JqlError(`Error in the JQL Query: Expecting ${what} but got ${tok ? `'${tok.v}'` : 'end of query'}. (${where(tok)})`);
  };

  const parseValue = (): JqlValue => {
    const tok = peek();
    if (!tok) return expected('either a value, list or function');
    if (tok.t === 'string') { k++; return { kind: 'literal', text: tok.v, quoted: true }; }
    if (tok.t !== 'word') return expected('either a value, list or function');
    if (isWord('empty') || isWord('null')) { k++; return { kind: 'empty' }; }
    if (RESERVED.has(tok.v.toLowerCase())) return expected('either a value, list or function');
    k++;
    if (peek()?.t === 'punct' && peek()!.v === '(') {
      k++;
      const args: string[] = [];
      while (!(peek()?.t === 'punct' && peek()!.v === ')')) {
        const a = peek();
        if (!a || (a.t !== 'word' && a.t !== 'string')) return expected("')'");
        args.push(a.v);
        k++;
        if (peek()?.t === 'punct' && peek()!.v === ',') k++;
      }
      k++;
      return { kind: 'function', name: tok.v, args };
    }
    return { kind: 'literal', text: tok.v, quoted: false };
  };

  const parseClause = (): JqlNode => {
    const f = peek();
    if (!f || (f.t !== 'word' && f.t !== 'string') || (f.t === 'word' && RESERVED.has(f.v.toLowerCase()))) return expected('a field name');
    k++;
    let op: JqlOperator;
    const o = peek();
    if (o?.t === 'op') { op = o.v as JqlOperator; k++; }
    else if (isWord('in')) { op = 'in'; k++; }
    else if (isWord('not') && isWord('in', tokens[k + 1])) { op = 'not in'; k += 2; }
    else if (isWord('is') && isWord('not', tokens[k + 1])) { op = 'is not'; k += 2; }
    else if (isWord('is')) { op = 'is'; k++; }
    else return expected("operator such as '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' or 'IS NOT'");
    let values: JqlValue[];
    if (op === 'in' || op === 'not in') {
      if (!(peek()?.t === 'punct' && peek()!.v === '(')) {
        // `x in openSprints()` takes a function instead of a list.
        const v = parseValue();
        if (v.kind !== 'function') return expected("'('");
        values = [v];
      } else {
        k++;
        values = [parseValue()];
        while (peek()?.t === 'punct' && peek()!.v === ',') { k++; values.push(parseValue()); }
        if (!(peek()?.t === 'punct' && peek()!.v === ')')) return expected("')'");
        k++;
      }
    } else {
      values = [parseValue()];
      if ((op === 'is' || op === 'is not') && values[0].kind !== 'empty') {
        throw new JqlError(`Error in the JQL Query: The operator '${op.toUpperCase()}' can only be used with the values 'EMPTY' or 'NULL'.`);
      }
    }
    return { kind: 'clause', field: f.v, op, values };
  };

  const parseNot = (): JqlNode => {
    if (isWord('not')) { k++; return { kind: 'not', child: parseNot() }; }
    if (peek()?.t === 'punct' && peek()!.v === '(') {
      k++;
      const inner = parseOr();
      if (!(peek()?.t === 'punct' && peek()!.v === ')')) return expected("')'");
      k++;
      return inner;
    }
    return parseClause();
  };
  const parseAnd = (): JqlNode => {
    const children = [parseNot()];
    while (isWord('and')) { k++; children.push(parseNot()); }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  };
  function parseOr(): JqlNode {
    const children = [parseAnd()];
    while (isWord('or')) { k++; children.push(parseAnd()); }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  let whereNode: JqlNode | null = null;
  if (peek() && !isWord('order')) whereNode = parseOr();
  const orderBy: JqlSort[] = [];
  if (isWord('order')) {
    k++;
    if (!isWord('by')) return expected("'by'");
    k++;
    do {
      if (orderBy.length) k++;
      const f = peek();
      if (!f || (f.t !== 'word' && f.t !== 'string')) return expected('a field name');
      k++;
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord('asc') || isWord('desc')) { direction = (peek()!.v.toLowerCase() as 'asc' | 'desc'); k++; }
      orderBy.push({ field: f.v, direction });
    } while (peek()?.t === 'punct' && peek()!.v === ',');
  }
  if (peek()) return expected("either 'AND', 'OR' or 'ORDER BY'");
  return { where: whereNode, orderBy };
}
