// csv.js — a table of numbers from CSV text (lab.datasets.fromCSV): RFC 4180
// fields (quotes, "" inside quotes, separators and line breaks in quotes),
// CRLF / LF / CR line ends, a UTF-8 byte-order mark, an optional header, a
// trailing newline. Every problem is an Error that names its row and column
// (1-based, as a spreadsheet shows them; the header is row 1 when there is one).
import { limits } from './tables.js';
import { describe, isPlainObject, checkKeys, oneOf, int } from './check.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_CHARS = 1 << 26; // 64 Mi characters of text

/** The rows of CSV `text` as arrays of strings (quoted cells unquoted), with each row's line number. */
function records(text, sep, where) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false; // inside quotes
  let wasQuoted = false;
  let line = 1;
  let rowLine = 1;
  const endCell = () => { row.push(wasQuoted ? cell : cell.trim()); cell = ''; wasQuoted = false; };
  const endRow = () => {
    endCell();
    if (!(row.length === 1 && row[0] === '' )) rows.push({ cells: row, line: rowLine });
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
      }
    } else if (c === '"') {
      if (cell.trim() !== '') throw new RangeError(`${where}: line ${line}: a quote inside an unquoted cell ("${cell.trim().slice(0, 20)}"…)`);
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === sep) {
      endCell();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (wasQuoted) {
      if (c.trim() !== '') throw new RangeError(`${where}: line ${line}: text after a closing quote`);
    } else {
      cell += c;
    }
  }
  if (quoted) throw new RangeError(`${where}: line ${rowLine}: a quoted cell is not closed`);
  endRow();
  return rows;
}

/**
 * Parse CSV text into { X, y, inputs, classes, columns, label, classNames }.
 * options: { header: 'auto' | true | false, label (column name or 0-based index; default the last),
 *            task: 'auto' | 'classification' | 'regression', separator (',' default, ';' or '\t') }.
 */
export function parseCSV(text, options, where) {
  if (typeof text !== 'string') throw new TypeError(`${where}: text must be a string, got ${describe(text)}`);
  if (text.length > MAX_CHARS) throw new RangeError(`${where}: the text has ${text.length} characters, above the limit of ${MAX_CHARS}`);
  const o = options ?? {};
  if (!isPlainObject(o)) throw new TypeError(`${where}: options must be an object, got ${describe(o)}`);
  checkKeys(o, ['header', 'label', 'task', 'separator'], `${where}: options`);
  const header = o.header === undefined ? 'auto' : o.header;
  if (![true, false, 'auto'].includes(header)) throw new TypeError(`${where}: header must be true, false or 'auto', got ${describe(header)}`);
  const task = oneOf(o.task, ['auto', 'classification', 'regression'], 'task', where, 'auto');
  const sep = oneOf(o.separator, [',', ';', '\t'], 'separator', where, ',');

  const rows = records(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, sep, where);
  if (rows.length === 0) throw new RangeError(`${where}: the file is empty (no rows)`);
  const width = rows[0].cells.length;
  if (width > limits.maxCsvColumns) throw new RangeError(`${where}: row 1 has ${width} columns, above the limit of ${limits.maxCsvColumns}`);
  const isHeader = header === 'auto' ? rows[0].cells.some((c) => !NUMBER.test(c)) : header;
  const names = isHeader ? rows[0].cells.map((c, j) => c || `column ${j + 1}`) : rows[0].cells.map((_, j) => `column ${j + 1}`);
  const data = isHeader ? rows.slice(1) : rows;
  if (data.length === 0) throw new RangeError(`${where}: the file has a header but no data rows`);
  if (data.length > limits.maxCsvRows) throw new RangeError(`${where}: the file has ${data.length} data rows, above the limit of ${limits.maxCsvRows}`);
  if (width < 2) throw new RangeError(`${where}: row 1 has ${width} column; a table needs at least one feature and a label`);
  for (const r of data) {
    if (r.cells.length !== width) {
      throw new RangeError(`${where}: row ${r.line} has ${r.cells.length} cells; ${isHeader ? 'the header' : 'row 1'} has ${width}`);
    }
  }

  let labelCol = width - 1;
  if (o.label !== undefined) {
    if (typeof o.label === 'string') {
      labelCol = names.indexOf(o.label);
      if (labelCol < 0) throw new RangeError(`${where}: label: no column named ${JSON.stringify(o.label)} (columns: ${names.map((n) => JSON.stringify(n)).join(', ')})`);
    } else {
      labelCol = int(o.label, 'label', where, { min: 0, max: width - 1 });
    }
  }
  const where1 = (r, j) => `${where}: row ${r.line}, column ${j + 1}${isHeader ? ` (${JSON.stringify(names[j])})` : ''}`;

  // features: numbers, finite
  const n = data.length;
  const inputs = width - 1;
  const X = new Float32Array(n * inputs);
  for (let i = 0; i < n; i++) {
    const cells = data[i].cells;
    for (let j = 0, k = 0; j < width; j++) {
      if (j === labelCol) continue;
      X[i * inputs + k++] = numberAt(cells[j], () => where1(data[i], j));
    }
  }

  // the label: class indices (whole numbers, or text mapped in order of first appearance) or values
  const raw = data.map((r) => r.cells[labelCol]);
  const numeric = raw.every((c) => NUMBER.test(c));
  const whole = numeric && raw.every((c) => { const v = Number(c); return Number.isInteger(v) && v >= 0; });
  const classify = task === 'classification' || (task === 'auto' && (whole || !numeric));
  const y = new Float32Array(n);
  let classes = 0;
  let classNames = null;
  if (classify) {
    if (numeric && !whole) {
      const i = raw.findIndex((c) => { const v = Number(c); return !(Number.isInteger(v) && v >= 0); });
      throw new RangeError(`${where1(data[i], labelCol)}: the label ${JSON.stringify(raw[i])} is not a class index (a whole number ≥ 0); use task: 'regression' for a numeric target`);
    }
    if (numeric) {
      for (let i = 0; i < n; i++) y[i] = Number(raw[i]);
      classes = Math.max(...y) + 1;
    } else {
      const ids = new Map();
      for (let i = 0; i < n; i++) {
        if (raw[i] === '') throw new RangeError(`${where1(data[i], labelCol)}: the label is empty`);
        if (!ids.has(raw[i])) ids.set(raw[i], ids.size);
        y[i] = ids.get(raw[i]);
      }
      classes = ids.size;
      classNames = [...ids.keys()];
    }
    if (classes > limits.maxClasses) {
      throw new RangeError(`${where}: the label column ${JSON.stringify(names[labelCol])} has ${classes} classes, above the limit of ${limits.maxClasses} (use task: 'regression' for a numeric target)`);
    }
    if (classes < 2) throw new RangeError(`${where}: the label column ${JSON.stringify(names[labelCol])} has only one class`);
  } else {
    for (let i = 0; i < n; i++) y[i] = numberAt(raw[i], () => where1(data[i], labelCol));
  }
  return {
    X, y, inputs, classes,
    columns: names.filter((_, j) => j !== labelCol),
    label: names[labelCol],
    ...(classNames ? { classNames } : {}),
  };
}

function numberAt(cell, at) {
  if (cell === '') throw new RangeError(`${at()}: the cell is empty`);
  if (!NUMBER.test(cell)) {
    const why = /^[+-]?(nan|inf|infinity)$/i.test(cell) ? 'is not a finite number' : 'is not a number';
    throw new RangeError(`${at()}: ${JSON.stringify(cell.slice(0, 40))} ${why}`);
  }
  const v = Number(cell);
  if (!Number.isFinite(v) || !Number.isFinite(Math.fround(v))) throw new RangeError(`${at()}: ${cell} is beyond the float32 range`);
  return v;
}
