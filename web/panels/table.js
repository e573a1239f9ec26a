// panels/table.js — the tables as the page's data: the bundled iris, breast
// cancer and digits tables and "Your CSV…" (a file uploaded or text pasted,
// read by the library's fromCSV(); it stays in this page's session, page.csv,
// and in its kept runs, never in the URL, which names it by file name and
// checksum). For a table the data panel offers the label column (a CSV's), the
// standardisation (setting `std`), the split (train ratio, the split seed
// dseed) and the two inputs the surface is drawn over (sx, sy; the others held
// at their training mean, said under each surface, with the axes in the
// file's units; a table of one input: the curve view over it, its label up or,
// with 2 classes, P(class 1)); the generated sets' fields are hidden. A file the page cannot
// use gets fromCSV()'s message (its row and column) next to the upload field,
// and nothing else changes.
import { limits } from '../../dist/gradlab.js';
import { isTable, tableShape, tableProblems, tableRefusal, fitProblems, textSum, cloneState, TABLE_PLANE } from '../state.js';
import { rawAt } from '../experiment.js';
import { EXTENT } from '../grid.js';
import { page, on, emit, PageEvent } from '../page-state.js';
import { showMessage, clearMessage } from './messages.js';
import { plainAxes } from './views.js';
import { $, fillSelect } from './dom.js';

/** The largest file the page reads (bytes): fromCSV()'s own limit is 2^26 characters. */
export const MAX_FILE_BYTES = 1 << 26;
/** The fields of the generated sets only (hidden for a table). */
const GENERATED_ONLY = ['classes-wrap', 'n', 'noise', 'factor', 'features-h'];

/** The data's name as the data menu writes it (its option's text up to the bracket). */
const dataName = (ds) => { const o = [...$('ds').options].find((x) => x.value === ds); return o ? o.textContent.replace(/\s*\(.*$/, '') : ds; };
const strip = (msg) => String(msg).replace(/^fromCSV\(\): /, '');
const plural = (n, w) => `${n.toLocaleString('en')} ${w}${n === 1 ? '' : 's'}`;

function showError(text) {
  $('csv-error').hidden = !text;
  $('csv-error').textContent = text || '';
}

/** All columns of the CSV in file order (the features and the label at its place). */
function fileColumns(t, st) {
  const at = st.label >= 0 ? st.label : t.columns.length;
  return [...t.columns.slice(0, at), t.label, ...t.columns.slice(at)];
}

/**
 * Use the CSV `text` (file name `name`) as the page's data: checked first with
 * fromCSV() as the worker will read it; a problem is said next to the upload
 * field and nothing else changes.
 */
export function useCsv(text, name) {
  const table = { name: String(name).slice(0, 120), sum: textSum(text), text };
  const st = cloneState(page.settings);
  Object.assign(st, { ds: 'csv', table, csv: table.name, csvsum: table.sum, label: -1, sx: 0, sy: 1, pts: [] });
  let t;
  try { t = tableShape(st); } catch (e) { showError(`${table.name}: ${strip(e.message)}. Nothing was changed.`); return false; }
  const refused = tableRefusal(t);
  if (refused) {
    showError(`${table.name}: it ${refused}. Nothing was changed.`);
    return false;
  }
  showError('');
  page.csv = table;
  wantCsv = false;
  commit(st, 'ds');
  return true;
}

/** Take settings `st` (checked) as the page's: fit the outputs to the classes, then restart as a change of `key`. */
function commit(st, key) {
  const fixed = [...tableProblems(st), ...fitProblems(st)];
  if (fixed.length) showMessage(`${fixed.join('; ')}.`, 'info', 'classes'); else clearMessage('classes');
  page.settings = st;
  emit(PageEvent.EDIT, key);
}

async function onFile(input) {
  const f = input.files && input.files[0];
  input.value = '';
  if (!f) return;
  if (f.size > MAX_FILE_BYTES) {
    showError(`${f.name}: the file has ${plural(f.size, 'byte')}, too large to read (the page reads at most ${plural(MAX_FILE_BYTES, 'byte')}). Nothing was changed.`);
    return;
  }
  let text;
  try {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new Error(`byte ${nul + 1} is a NUL byte`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    showError(`${f.name}: this is not a text file (${e.message.includes('NUL') ? e.message : 'it is not valid UTF-8 text'}); a CSV is plain text, e.g. saved from a spreadsheet as "CSV (comma-separated)". Nothing was changed.`);
    return;
  }
  useCsv(text, f.name);
}

/** The data menu: "Your CSV…" without a CSV opens the upload field; a table starts with its own surface inputs. */
function onDataset(ev) {
  if (ev.target.id !== 'ds') return;
  const ds = ev.target.value;
  if (ds === 'csv' && !page.csv) {
    // nothing to train on yet: the menu stays, the upload field opens
    ev.stopImmediatePropagation();
    ev.target.value = page.settings.ds;
    wantCsv = true;
    sync();
    showError('');
    $('csv-file').focus();
    return;
  }
  wantCsv = false;
  const st = page.settings;
  st.table = ds === 'csv' ? page.csv : null;
  if (ds === 'csv') Object.assign(st, { csv: page.csv.name, csvsum: page.csv.sum });
  if (isTable(ds) && ds !== st.ds) [st.sx, st.sy] = TABLE_PLANE[ds] || [0, 1];
}

/** The label column's menu: the CSV read again with that label, or its message and the menu back. */
function onLabel() {
  const st = cloneState(page.settings);
  st.label = Number($('label-col').value);
  const t0 = tableShape(page.settings);
  if (st.label === fileColumns(t0, page.settings).length - 1) st.label = -1;
  try {
    const t = tableShape(st);
    const refused = tableRefusal(t);
    if (refused) throw new Error(`the table ${refused}`);
  } catch (e) {
    showError(`Label column "${$('label-col').selectedOptions[0].textContent}": ${strip(e.message)}. The label stays as it was.`);
    sync();
    return;
  }
  showError('');
  st.sx = 0; st.sy = 1;
  commit(st, 'label');
}

/** Choosing for one axis the input of the other swaps them (the surface needs two different inputs). */
function onPlane(ev) {
  const id = ev.target.id;
  if (id !== 'sx' && id !== 'sy') return;
  const v = Number(ev.target.value), other = id === 'sx' ? 'sy' : 'sx';
  if (v === page.settings[other]) page.settings[other] = page.settings[id];
}

let wantCsv = false;
let shownKey = '';

function sync() {
  const st = page.settings;
  const table = isTable(st.ds);
  const box = $('table-box');
  box.hidden = !table && !wantCsv;
  for (const id of GENERATED_ONLY) { const e = $(id); (e.closest('.field') || e).hidden = table; }
  $('dseed-label').textContent = table ? 'Split seed' : 'Data seed';
  $('dseed').title = table ? 'The rows are shuffled with this seed before the split (a file sorted by class is not split by class)' : '';
  $('regen').textContent = table ? 'New split' : 'Regenerate';
  $('regen').title = table ? 'Shuffle the rows with the next seed and split them again' : 'New data with the next seed';
  $('csv-box').hidden = !(st.ds === 'csv' || wantCsv);
  $('csv-name').textContent = page.csv ? `in use: ${page.csv.name}` : 'no file loaded yet';
  $('label-col').closest('.field').hidden = st.ds !== 'csv';
  // the table's own choices only once there is a table (not while the upload field waits for one)
  $('std').closest('.field').hidden = !table;
  $('plane-fields').hidden = !table;
  // no points are added to a table: its key leaves "added by you" out
  for (const e of document.querySelectorAll('.pk.added')) e.parentElement.hidden = table;
  if (!table) {
    $('table-about').textContent = wantCsv ? `Choose a CSV file or paste its text: the page trains on it once it has been read (until then it keeps the ${dataName(st.ds)} data).` : '';
    shownKey = '';
    return;
  }
  let t;
  try { t = tableShape(st); } catch { return; }
  const ntr = Math.max(1, Math.min(t.rows - 1, Math.round(t.rows * st.split)));
  const what = t.classes ? `${t.classes} classes (${t.label}${t.classNames ? `: ${t.classNames.slice(0, 10).join(', ')}${t.classNames.length > 10 ? ', …' : ''}` : ''})`
    : `a value to predict (${t.label}: regression${st.std === 'zscore' ? '; the label is z-scored like the inputs, so an mse of 1 is no better than predicting its mean' : st.std === 'minmax' ? '; the label is scaled to 0–1 like the inputs' : ''})`;
  $('table-about').textContent = `${st.ds === 'csv' ? st.csv : dataName(st.ds)}: ${plural(t.rows, 'row')}, ${plural(t.inputs, 'input')}, ${what}; ` +
    `${ntr} rows train, ${t.rows - ntr} test (train ratio below).`;
  const key = `${st.ds}:${st.csvsum}:${st.label}`;
  if (key !== shownKey) {
    shownKey = key;
    const names = t.columns.map((c, j) => `${j + 1}. ${c}`);
    fillSelect($('sx'), t.columns.map((_, j) => String(j)), names);
    fillSelect($('sy'), t.columns.map((_, j) => String(j)), names);
    if (st.ds === 'csv') {
      const cols = fileColumns(t, st);
      fillSelect($('label-col'), cols.map((_, j) => String(j)), cols.map((c, j) => `${j + 1}. ${c}`));
    }
  }
  $('sx').value = String(st.sx);
  $('sy').value = String(st.sy);
  if (st.ds === 'csv') $('label-col').value = String(st.label >= 0 ? st.label : fileColumns(t, st).length - 1);
  $('plane-fields').hidden = t.inputs === 1; // one input: the curve over it, nothing to choose
  for (const k of ['a', 'b']) {
    const n = $(`plane-${k}`);
    n.hidden = false;
    if (t.inputs === 1) { n.textContent = curveNote(t, st); continue; }
    const rest = t.inputs - 2;
    n.textContent = `Surface over ${t.columns[st.sx]} × ${t.columns[st.sy]}` +
      (rest ? `; the other ${rest} input${rest > 1 ? 's' : ''} held at ${rest > 1 ? 'their' : 'its'} mean over the training rows.` : ' (the table\u2019s two inputs).');
  }
}

/** What a 1-input table's curve view shows (under each view): its x, its y, the red line. */
function curveNote(t, st) {
  const x = `${t.columns[0]} across (the file's units)`;
  if (t.classes === 2) {
    const [c0, c1] = t.classNames || ['class 0', 'class 1'];
    return `Curve view: ${x}; the rows of ${c0} at 0 and of ${c1} at 1 (${t.label}); the red line: the network's probability of ${c1} at each value of ${t.columns[0]} (0.5: its boundary between the classes).`;
  }
  const how = { zscore: 'z-scored (0: its mean over the training rows, 1: one standard deviation)', minmax: 'scaled to 0–1 over the training rows', none: 'in the file’s units' }[st.std]
    ?? 'standardised';
  return `Curve view: ${x}; ${t.label} up, ${how}, as the network learns it; the red line: its prediction at each value of ${t.columns[0]}.`;
}

/** Nice tick values covering [lo, hi] (about 5). */
function niceTicks(lo, hi) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / 5, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(6)));
  return out;
}

/** A data message: a table's axes in its file's units, named by its columns; other data: the plain axes. */
let tableAxes = false; // the axes show a table's columns (else the plain axes of panels/views.js)
export function showTableAxes(m) {
  if (!m.table && !tableAxes) return;
  tableAxes = !!m.table;
  for (const k of ['a', 'b']) {
    if (!m.table) {
      plainAxes(k, m.inputs === 1 ? 'y' : 'x₂'); // as panels/data.js names it
      $(`plane-${k}`).hidden = true;
      continue;
    }
    const tb = m.table;
    // an axis from lo to hi (its ends' values), named `text` (tooltip `title`)
    const axis = (el, lo, hi, horizontal, text, title) => {
      const ticks = niceTicks(lo, hi).map((v) => {
        const t = document.createElement('span');
        t.className = 'tick'; t.textContent = String(v);
        const pos = (v - lo) / (hi - lo);
        t.style[horizontal ? 'left' : 'top'] = `${((horizontal ? pos : 1 - pos) * 100).toFixed(2)}%`;
        return t;
      });
      const name = document.createElement('span');
      name.className = `axis-name${horizontal ? '' : ' vertical'}`; name.textContent = text; name.title = title;
      el.replaceChildren(...ticks, name);
    };
    const column = (el, j, horizontal) => axis(el, rawAt(tb, j, -EXTENT), rawAt(tb, j, EXTENT), horizontal, tb.columns[j], `${tb.columns[j]}, in the file's units`);
    column($(`axis-x-${k}`), tb.sx, true);
    if (!tb.yRange) { column($(`axis-y-${k}`), tb.sy, false); continue; }
    // one input: the label (as the network learns it) or P(class 1) up
    const [lo, hi] = tb.yRange;
    const up = tb.classNames ? `P(${tb.classNames[1]})` : m.classes ? 'P(class 1)' : `${tb.label}${{ zscore: ' (z-scored)', minmax: ' (scaled 0–1)' }[tb.target?.kind] ?? ''}`;
    axis($(`axis-y-${k}`), lo, hi, false, up, m.classes ? `the rows at 0 and 1 by class; the curve: the network's ${up}` : `${tb.label}, scaled as the network learns it`);
  }
}

export function mount() {
  $('csv-limits').textContent = `Up to ${plural(limits.maxCsvRows, 'row')} and ${plural(limits.maxCsvColumns, 'column')} (the label included), ` +
    `at most ${limits.maxClasses} classes; every input a finite number (the label may be text, or a real number for regression); ` +
    'a header row is optional; the label is the last column unless you choose another. The file stays in this page (and its kept runs): a shared link names it, but cannot carry it.';
  $('csv-file').addEventListener('change', () => onFile($('csv-file')));
  $('csv-use').addEventListener('click', () => {
    const text = $('csv-text').value;
    if (!text.trim()) { showError('The text box is empty: paste the rows of a CSV first. Nothing was changed.'); return; }
    if (useCsv(text, 'pasted text')) $('csv-paste-box').open = false;
  });
  $('label-col').addEventListener('change', onLabel);
  // before the controls' own handlers (capture, on the data section)
  $('ds').closest('section').addEventListener('change', onDataset, true);
  $('plane-fields').addEventListener('change', onPlane, true);
  on(PageEvent.SYNC, sync);
  sync();
}
