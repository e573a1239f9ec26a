// panels/data.js — what the data panel shows for the kind of data: the
// Classes field (spiral and gauss only), the "Click adds" toggle with one
// choice per class, on a 2-D regression set the value a click adds (slider and
// number over [-1, 1], CLICK_VALUE; the sine: a click adds the point (x, y)
// itself), the keys under the surfaces (a colour bar of P(class 1) for
// 2 classes; for more, the likeliest class, deeper = surer; a regression set:
// the predicted value, or with one input the curve over the points), the y
// axis's name and the output menu (each output offered only for the data it
// fits: state.js fitProblems(), which keeps the settings consistent).
import { hasClasses, dataClasses, dataInputs, MAX_PAGE_CLASSES, REGRESSION_OUTPUT, isTable, tableShape } from '../state.js';
import { CLASS_COLORS, classColor, divergingColor, valueColor, KEY_TEXT, CURVE_TRAIN, CURVE_TEST, CURVE_LINE } from '../surface.js';
import { page, on, PageEvent } from '../page-state.js';
import { $, fillSelect } from './dom.js';

let shown = '', shownK = -1, shownNames = ''; // the view, the number of classes and their names the panel shows

/** The values a click may add on a 2-D regression set: the range of those sets' values (and of the surface's colour scale). */
export const CLICK_VALUE = Object.freeze({ min: -1, max: 1 });

/** The value the next click adds (a 2-D regression set). */
export const clickValue = () => Number($('click-value-n').value);

/**
 * Take value v (from the slider or the number field) into both, clamped to
 * CLICK_VALUE (not a number: the slider's value stays); the swatch shows its colour.
 */
function setClickValue(v) {
  const c = Number.isFinite(v) ? Math.max(CLICK_VALUE.min, Math.min(CLICK_VALUE.max, Math.round(v * 1000) / 1000)) : Number($('click-value').value);
  $('click-value').value = String(c);
  $('click-value-n').value = String(c);
  $('click-value-dot').style.background = valueColor(c);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

const dot = (c) => { const d = el('i', 'dot'); d.style.background = CLASS_COLORS[c]; return d; };

function clickChoices(k) {
  const box = document.querySelector('.field.click-class');
  const old = document.querySelector('input[name=click-class]:checked');
  const keep = old ? Math.min(Number(old.value), k - 1) : 1;
  const head = box.querySelector('#click-class-h');
  box.replaceChildren(head, ...Array.from({ length: k }, (_, c) => {
    const l = el('label');
    const r = el('input'); r.type = 'radio'; r.name = 'click-class'; r.value = String(c); r.checked = c === keep;
    l.append(r, ' ', dot(c), k > 2 ? String(c) : `class ${c}`);
    return l;
  }));
}

/** The view of data with k classes (0: a regression set) and `inputs` inputs: 'class', 'classes', 'value' or 'curve'. */
const viewOf = (k, inputs) => (inputs === 1 ? 'curve' : k === 0 ? 'value' : k > 2 ? 'classes' : 'class');

/** The key of surface `id`; names: a table's class names (null: the classes' numbers); tab: a table (no added points). */
function key(id, k, view, names, tab) {
  const box = $(id);
  const bar = box.querySelector('.cbar');
  bar.hidden = view === 'curve';
  const stops = Array.from({ length: 11 }, (_, i) => `rgb(${(k > 2 ? classColor(0, i / 10) : divergingColor(i / 10)).join(',')}) ${i * 10}%`);
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const ends = view === 'value' ? [[0, '-1'], [50, '0'], [100, '1']] : k > 2 ? [[0, `1/${k}`], [100, '1']] : [[0, '0'], [50, '0.5'], [100, '1']];
  bar.replaceChildren(...ends.map(([at, t]) => { const s = el('span', '', t); s.style.left = `${at}%`; return s; }));
  box.querySelector('.cbar-name').textContent = KEY_TEXT[view](k, names, tab);
  const pk = box.querySelector('.pt-key');
  pk.hidden = view === 'curve';
  box.querySelectorAll('.class-key, .curve-key').forEach((e) => e.remove());
  if (view === 'curve') {
    const line = el('div', 'curve-key');
    const item = (color, text, ring) => {
      const s = el('span'); const i = el('i', 'dot');
      if (ring) { i.style.border = `1.5px solid ${color}`; i.style.background = '#fff'; } else i.style.background = color;
      s.append(i, text); return s;
    };
    const name = (c) => (names && names[c] ? names[c] : `class ${c}`);
    const l = el('span'); const bar2 = el('i', 'line-key'); bar2.style.background = CURVE_LINE; l.append(bar2, k === 2 ? `P(${name(1)})` : 'prediction');
    // 2 classes (a 1-input table): the rows at 0 and 1 in their class's colour
    const pts = k === 2 ? [item(CLASS_COLORS[0], `${name(0)} (y = 0)`), item(CLASS_COLORS[1], `${name(1)} (y = 1)`), item('#4b5563', 'test', true)]
      : [item(CURVE_TRAIN, 'train'), item(CURVE_TEST, 'test', true)];
    line.append(...pts, l);
    if (!tab) { const added = el('span'); added.append(el('i', 'pk added'), 'added by you'); line.append(added); }
    box.append(line);
  }
  for (let c = 0; c < k && view !== 'value' && view !== 'curve'; c++) {
    const s = el('span', 'class-key');
    s.append(dot(c), names && names[c] ? names[c] : k > 2 ? String(c) : `class ${c}`);
    pk.append(s);
  }
}

function sync() {
  const st = page.settings;
  $('classes').disabled = !hasClasses(st.ds);
  $('classes-wrap').title = hasClasses(st.ds) ? 'Arms of the spiral or clusters of the gaussians, one class each'
    : 'Only the spiral and the gaussians take more than 2 classes';
  const k = dataClasses(st), view = viewOf(k, dataInputs(st));
  // each output only for the data it fits (a sigmoid: 2 classes; linear: a regression set)
  for (const o of $('out').options) {
    o.disabled = k === 0 ? o.value !== REGRESSION_OUTPUT : k > 2 && o.value !== 'softmax_cce';
  }
  // a table: its class names in the key; no points are added to it (its plane is a slice)
  const tab = isTable(st.ds);
  let names = null;
  if (tab) { try { names = tableShape(st)?.classNames || null; } catch { names = null; } }
  const nameKey = `${tab}:${names ? names.join('\u0001') : ''}`;
  if (view === shown && k === shownK && nameKey === shownNames) return;
  shown = view; shownK = k; shownNames = nameKey;
  document.querySelector('.field.click-class').hidden = k === 0 || tab;
  $('click-value-box').hidden = view !== 'value' || tab;
  $('confusion-box').hidden = k === 0;
  // a regression set has no classes: no "Classes 2" beside it (a class, as tables hide it with `hidden`)
  $('classes-wrap').classList.toggle('no-classes', k === 0);
  $('acc-caption').textContent = k === 0 ? 'R² = 1 − mse / variance of y (1: perfect fit, 0: no better than the mean)' : 'Accuracy';
  $('added-row').hidden = tab;
  if (k > 0) clickChoices(k);
  for (const r of ['a', 'b']) {
    key(`key-${r}`, k, view, names, tab);
    const name = document.querySelector(`#axis-y-${r} .axis-name`);
    if (name) name.textContent = view === 'curve' ? 'y' : 'x₂';
    $(`surface-${r}`).classList.toggle('no-click', tab);
  }
}

export function mount() {
  fillSelect($('classes'), Array.from({ length: MAX_PAGE_CLASSES - 1 }, (_, i) => String(i + 2)));
  $('classes').value = String(page.settings.classes);
  for (const id of ['click-value', 'click-value-n']) {
    $(id).min = String(CLICK_VALUE.min); $(id).max = String(CLICK_VALUE.max);
    $(id).addEventListener(id === 'click-value' ? 'input' : 'change', () => setClickValue($(id).value.trim() === '' ? NaN : Number($(id).value)));
  }
  setClickValue(clickValue());
  on(PageEvent.SYNC, sync);
  sync();
}
