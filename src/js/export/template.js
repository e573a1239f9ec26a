// template.js — the exporter's Python templates (src/js/export/*.py): files of
// valid Python whose marked blocks the exporter takes out or fills in.
//
//   # @gradlab:begin NAME     a block: the lines up to the matching end marker.
//   ...                       In a template they are a stand-in that keeps the
//   # @gradlab:end NAME       file valid Python and shows what goes there.
//   <a line>  # @gradlab:NAME a one-line block (a line the exporter replaces).
//
// block(file, NAME) is a block's text: a piece of Python the exporter writes
// (a helper function, the data section, ...); blocks may hold blocks.
// fill(text, values) replaces each outermost block of text by values[NAME]
// (a string or an array of lines; '' leaves no line) and fails on a block
// without a value or a value without a block. Both read a block's lines
// relative to its marker's indentation: block() removes it, fill() adds it.
// NAME is a Python identifier; each name appears once per file.

const MARK = /^([ ]*)# @gradlab:(begin|end) ([A-Za-z_]\w*)\s*$/;
const LINE = /^([ ]*)(\S.*?)\s+# @gradlab:([A-Za-z_]\w*)\s*$/;

function fail(where, msg) {
  throw new Error(`internal: template ${where}: ${msg}`);
}

// The outermost blocks of text ({ name, indent, body: raw lines, inner
// markers included }) and, as strings, the lines between them.
function outer(text, where) {
  const items = [];
  const open = [];
  text.split('\n').forEach((line, i) => {
    const m = MARK.exec(line);
    if (m) {
      const [, indent, kind, name] = m;
      if (kind === 'begin') {
        if (open.length) items[items.length - 1].body.push(line);
        else items.push({ name, indent, body: [] });
        open.push({ name, indent, at: i + 1 });
        return;
      }
      const b = open.pop();
      if (!b || b.name !== name || b.indent !== indent) {
        fail(where, `line ${i + 1} ends block ${name}, but ${b ? `block ${b.name} (line ${b.at}, same indentation) is open` : 'no block is open'}`);
      }
      if (open.length) items[items.length - 1].body.push(line);
      return;
    }
    if (open.length) {
      items[items.length - 1].body.push(line);
      return;
    }
    const one = LINE.exec(line);
    if (one) items.push({ name: one[3], indent: one[1], body: [one[1] + one[2]] });
    else items.push(line);
  });
  if (open.length) fail(where, `block ${open[open.length - 1].name} (line ${open[open.length - 1].at}) has no end marker`);
  return items;
}

function dedent(b, where) {
  return b.body.map((line) => {
    if (line.trim() === '') return '';
    if (!line.startsWith(b.indent)) fail(where, `a line of block ${b.name} is indented less than its markers: ${line.trim()}`);
    return line.slice(b.indent.length);
  }).join('\n');
}

// Every block of text, at any depth: name → [its text, ...].
function index(text, where, found = new Map()) {
  for (const item of outer(text, where)) {
    if (typeof item === 'string') continue;
    const body = dedent(item, where);
    found.set(item.name, [...(found.get(item.name) ?? []), body]);
    index(body, where, found);
  }
  return found;
}

const indexes = new Map(); // template text → its index (the templates are constants)

/** The text of block NAME of a template (wherever it is), relative to its markers. */
export function block(text, name, where) {
  if (!indexes.has(text)) indexes.set(text, index(text, where));
  const found = indexes.get(text).get(name) ?? [];
  if (found.length !== 1) fail(where, found.length ? `${found.length} blocks are named ${name}` : `no block ${name}`);
  return found[0];
}

/** text with each outermost block replaced by values[NAME], indented as its markers. */
export function fill(text, values, where) {
  const out = [];
  const used = new Set();
  for (const item of outer(text, where)) {
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (!Object.hasOwn(values, item.name)) fail(where, `no value for block ${item.name}`);
    if (used.has(item.name)) fail(where, `two blocks are named ${item.name}`);
    used.add(item.name);
    const v = values[item.name];
    const s = Array.isArray(v) ? v.join('\n') : v;
    if (typeof s !== 'string') fail(where, `the value for block ${item.name} is not text`);
    if (s === '') continue;
    out.push(item.indent ? s.split('\n').map((l) => (l ? item.indent + l : l)).join('\n') : s);
  }
  for (const name of Object.keys(values)) {
    if (!used.has(name)) fail(where, `no block ${name} for its value`);
  }
  return out.join('\n');
}
