/**
 * CSV text -> rows of fields, RFC 4180: fields separated by commas, records by CRLF or
 * LF, a field in double quotes may hold commas, line breaks and doubled quotes ("").
 * A UTF-8 byte-order mark (Excel, the MLflow UI) is dropped. Each row keeps the line it
 * starts on, and each field the column (1-based characters) it starts at, so a caller
 * can name the exact cell that is wrong. Blank lines are skipped.
 * Errors: an unterminated quoted field or a quote inside an unquoted field
 * (HistoryError 'invalid-runs' with line and column). Cost: O(characters).
 * Reference: RFC 4180, "Common Format and MIME Type for CSV Files" (2005).
 */
import { HistoryError } from './history-error';

export interface CsvRow {
  line: number;
  fields: string[];
  columns: number[];
}

export function parseCsv(text: string, what = 'CSV'): CsvRow[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let line = 1, col = 1, i = 0;
  let fields: string[] = [], columns: number[] = [], rowLine = 1;
  let field = '', fieldCol = 1, quoted = false, inQuotes = false, fieldStarted = false;
  const endField = () => {
    fields.push(field);
    columns.push(fieldCol);
    field = '';
    quoted = false;
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) rows.push({ line: rowLine, fields, columns });
    fields = [];
    columns = [];
  };
  while (i < s.length) {
    const c = s[i];
    if (inQuotes) {
      if (c === '"') {
        if (s[i + 1] === '"') { field += '"'; i += 2; col += 2; continue; }
        inQuotes = false; i++; col++;
        continue;
      }
      if (c === '\n') { line++; col = 1; } else col++;
      field += c;
      i++;
      continue;
    }
    if (!fieldStarted) { fieldCol = col; fieldStarted = true; if (fields.length === 0) rowLine = line; }
    if (c === '"') {
      if (field !== '' || quoted) throw new HistoryError('invalid-runs', `${what}: line ${line} column ${col}: a quote inside an unquoted field`, undefined, line, col);
      quoted = true; inQuotes = true; i++; col++;
      continue;
    }
    if (c === ',') { endField(); i++; col++; continue; }
    if (c === '\r' && s[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === '\r') { endRow(); i++; line++; col = 1; continue; }
    if (quoted) throw new HistoryError('invalid-runs', `${what}: line ${line} column ${col}: text after a closing quote`, undefined, line, col);
    field += c;
    i++;
    col++;
  }
  if (inQuotes) throw new HistoryError('invalid-runs', `${what}: line ${rowLine} column ${fieldCol}: a quoted field is never closed`, undefined, rowLine, fieldCol);
  if (fieldStarted || fields.length) endRow();
  return rows;
}
