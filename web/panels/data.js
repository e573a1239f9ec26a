// panels/data.js — what the data panel shows for the number of classes: the
// Classes field (spiral and gauss only), the "Click adds" toggle with one
// choice per class, the keys under the surfaces (a colour bar of P(class 1) for
// 2 classes; for more, the likeliest class, deeper = surer) and the output
// menu (a sigmoid takes 2 classes only). state.js classProblems() keeps the
// settings consistent when the classes change.
import { hasClasses, dataClasses, MAX_PAGE_CLASSES } from '../state.js';
import { CLASS_COLORS, classColor, divergingColor } from '../surface.js';
import { page, on, PageEvent } from '../page-state.js';
import { $, fillSelect } from './dom.js';

let shown = 0; // the number of classes the panel shows

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

function key(id, k) {
  const box = $(id);
  const bar = box.querySelector('.cbar');
  const stops = Array.from({ length: 11 }, (_, i) => `rgb(${(k > 2 ? classColor(0, i / 10) : divergingColor(i / 10)).join(',')}) ${i * 10}%`);
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const ends = k > 2 ? [[0, `1/${k}`], [100, '1']] : [[0, '0'], [50, '0.5'], [100, '1']];
  bar.replaceChildren(...ends.map(([at, t]) => { const s = el('span', '', t); s.style.left = `${at}%`; return s; }));
  box.querySelector('.cbar-name').textContent = k > 2
    ? `background: the likeliest of the ${k} classes in its colour, deeper = surer (its probability, 1/${k} to 1)`
    : 'background: predicted P(class 1)';
  const pk = box.querySelector('.pt-key');
  pk.querySelectorAll('.class-key').forEach((e) => e.remove());
  for (let c = 0; c < k; c++) {
    const s = el('span', 'class-key');
    s.append(dot(c), k > 2 ? String(c) : `class ${c}`);
    pk.append(s);
  }
}

function sync() {
  const st = page.settings;
  $('classes').disabled = !hasClasses(st.ds);
  $('classes-wrap').title = hasClasses(st.ds) ? 'Arms of the spiral or clusters of the gaussians, one class each'
    : 'Only the spiral and the gaussians take more than 2 classes';
  const k = dataClasses(st);
  // a sigmoid output takes 2 classes: offered only then
  for (const o of $('out').options) o.disabled = k > 2 && o.value !== 'softmax_cce';
  if (k === shown) return;
  shown = k;
  clickChoices(k);
  key('key-a', k);
  key('key-b', k);
}

export function mount() {
  fillSelect($('classes'), Array.from({ length: MAX_PAGE_CLASSES - 1 }, (_, i) => String(i + 2)));
  $('classes').value = String(page.settings.classes);
  on(PageEvent.SYNC, sync);
  sync();
}
