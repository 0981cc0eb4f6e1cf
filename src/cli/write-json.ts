/**
 * Writes `JSON.stringify(value, null, 2)` and a newline in pieces, the same bytes, so
 * that the whole text of a large report never exists at once: a 50,000-task forecast's
 * JSON is ~45 MB, and as one string (plus its copy with the newline, plus the buffer
 * the stream makes of it) it took `converge forecast --json` to a 527 MB peak, past the
 * 512 MB a Forge function has. Objects are walked key by key, arrays longer than
 * SPLIT_AT element by element, and everything else (an element: a task) is written by
 * JSON.stringify re-indented (a JSON text holds no raw newline, so indenting after every
 * "\n" is exact); pieces are joined into writes of about CHUNK characters.
 */

const SPLIT_AT = 64;
const CHUNK = 1 << 20;

/** Writes JSON.stringify(value, null, 2) + '\n' through `write`, in chunks. */
export function writeJson(value: unknown, write: (text: string) => void): void {
  const pieces: string[] = [];
  let size = 0;
  const put = (s: string) => {
    pieces.push(s);
    size += s.length;
    if (size >= CHUNK) {
      write(pieces.join(''));
      pieces.length = 0;
      size = 0;
    }
  };
  emit(value, '', put);
  put('\n');
  if (pieces.length) write(pieces.join(''));
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function emit(v: unknown, indent: string, put: (s: string) => void): void {
  const plain = v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
  if (plain && Array.isArray(v) && v.length > SPLIT_AT) {
    const inner = `${indent}  `;
    put('[');
    for (let k = 0; k < v.length; k++) {
      put(k ? `,\n${inner}` : `\n${inner}`);
      // An element (a task) is stringified whole, unless it is itself a long array.
      const x = skipped(v[k]) ? null : v[k];
      if (Array.isArray(x) && x.length > SPLIT_AT) emit(x, inner, put);
      else leaf(x, inner, put);
    }
    put(`\n${indent}]`);
    return;
  }
  if (plain && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => !skipped(o[k]));
    if (keys.length === 0) {
      put('{}');
      return;
    }
    const inner = `${indent}  `;
    put('{');
    keys.forEach((k, i) => {
      put(`${i ? ',\n' : '\n'}${inner}${JSON.stringify(k)}: `);
      emit(o[k], inner, put);
    });
    put(`\n${indent}}`);
    return;
  }
  leaf(v, indent, put);
}

/** JSON.stringify(v, null, 2) indented by `indent` after each line break. */
function leaf(v: unknown, indent: string, put: (s: string) => void): void {
  const text = JSON.stringify(v, null, 2) ?? 'null';
  put(indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text);
}
