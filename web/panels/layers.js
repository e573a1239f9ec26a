// panels/layers.js — the layer list of the Network panel: one row per hidden
// layer of the edited network (units, activation, and from the latest epoch
// the share of dead units or saturated unit-samples), the + / − buttons and the
// activation for all layers.
import { ACTIVATIONS, MAX_LAYERS, MAX_UNITS } from '../state.js';
import { depthColor } from '../charts.js';
import { page, editedNet, editedRun, on, emit, PageEvent } from '../page-state.js';
import { setInvalid } from './messages.js';
import { showCurve } from './charts.js';
import { $, fillSelect } from './dom.js';

export function syncLayerList() {
  const cfg = editedNet();
  $('layer-count').textContent = String(cfg.layers.length);
  $('layer-remove').disabled = cfg.layers.length <= 1;
  $('layer-add').disabled = cfg.layers.length >= MAX_LAYERS;
  const nL = cfg.layers.length + 1;
  const same = cfg.layers.every((l) => l.act === cfg.layers[0].act);
  $('act-all').value = same ? cfg.layers[0].act : '';
  // Same number of layers: update in place, so keyboard focus stays where it is.
  const list = $('layer-list');
  if (list.children.length === cfg.layers.length) {
    cfg.layers.forEach((l, i) => {
      const li = list.children[i];
      li.querySelector('.swatch').style.background = depthColor(i, nL);
      const units = li.querySelector('input');
      if (units.value !== String(l.units)) units.value = String(l.units);
      setInvalid(units, null);
      li.querySelector('select').value = l.act;
    });
    updateLayerStats();
    return;
  }
  const items = cfg.layers.map((l, i) => {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = 'swatch'; sw.style.background = depthColor(i, nL);
    const name = document.createElement('span');
    name.className = 'lname'; name.textContent = `L${i + 1}`;
    const units = document.createElement('input');
    units.type = 'number'; units.min = '1'; units.max = String(MAX_UNITS); units.step = '1';
    units.value = String(l.units); units.id = `units-${i}`; units.dataset.layer = String(i);
    units.setAttribute('aria-label', `Units in hidden layer ${i + 1}`);
    const act = document.createElement('select');
    fillSelect(act, ACTIVATIONS); act.value = l.act; act.id = `act-${i}`; act.dataset.layer = String(i);
    act.setAttribute('aria-label', `Activation of hidden layer ${i + 1}`);
    const stat = document.createElement('span');
    stat.className = 'lstat';
    stat.id = `lstat-${i}`;
    li.append(sw, name, units, act, stat);
    return li;
  });
  for (const el of list.querySelectorAll('input')) setInvalid(el, null);
  list.replaceChildren(...items);
  updateLayerStats();
}

// Per hidden layer of the edited network, from the latest epoch: for a
// saturating activation (tanh, sigmoid, …) the share of the epoch's (sample,
// unit) pairs whose f′ was under 1% of its maximum (saturatedShare: what the
// eye sees, a unit pinned near ±1 on most samples); otherwise the share of
// units whose f′ was 0 for every sample of the epoch (deadFraction: dying
// ReLU). The tooltip gives the other count too.
const SAT_ACTS = new Set(['tanh', 'sigmoid', 'hard_sigmoid', 'softsign']);
const pct = (x) => `${Math.round(x * 100)}%`;
export function updateLayerStats() {
  const r = page.runs[editedRun()];
  const last = r && r.history[r.history.length - 1];
  const cfg = editedNet();
  cfg.layers.forEach((l, k) => {
    const el = $(`lstat-${k}`);
    if (!el) return;
    const ls = last && last.layers && last.layers[k];
    let text = '', title = '', warn = false;
    if (ls) {
      const e = last.epoch;
      if (ls.deadFraction > 0 || !SAT_ACTS.has(l.act)) {
        text = `dead ${pct(ls.deadFraction)}`;
        title = `dead: ${pct(ls.deadFraction)} of this layer's units had f\u2032 = 0 for every sample of epoch ${e} ` +
          `(${pct(ls.deadShare)} of its unit-samples had f\u2032 = 0)`;
        warn = ls.deadFraction >= 1;
      } else {
        text = `sat ${pct(ls.saturatedShare)}`;
        title = `sat: ${pct(ls.saturatedShare)} of this layer's (sample, unit) pairs in epoch ${e} had f\u2032 under 1% ` +
          `of its maximum; ${pct(ls.saturatedFraction)} of its units were saturated on every sample`;
        warn = ls.saturatedShare >= 0.5;
      }
    }
    if (el.textContent !== text) { el.textContent = text; el.classList.toggle('warn', warn); }
    if (el.title !== title) el.title = title;
  });
}

export function mount() {
  fillSelect($('act-all'), ['', ...ACTIVATIONS], ['—', ...ACTIVATIONS]);
  $('layer-list').addEventListener('change', (ev) => {
    const el = ev.target;
    const i = Number(el.dataset.layer);
    const cfg = editedNet();
    if (el.tagName === 'INPUT') {
      const v = Number(el.value);
      if (el.value.trim() === '' || !Number.isInteger(v) || v < 1 || v > MAX_UNITS) {
        setInvalid(el, `units of hidden layer ${i + 1}: "${el.value}" is out of range (must be a whole number from 1 to ${MAX_UNITS})`);
        return;
      }
      setInvalid(el, null);
      cfg.layers[i].units = v;
    } else {
      cfg.layers[i].act = el.value;
      if (i === 0) showCurve(el.value);
    }
    emit(PageEvent.EDIT, 'layers');
  });
  $('layer-add').addEventListener('click', () => {
    const cfg = editedNet();
    if (cfg.layers.length >= MAX_LAYERS) return;
    const last = cfg.layers[cfg.layers.length - 1];
    cfg.layers.push({ ...last });
    emit(PageEvent.EDIT, 'layers');
  });
  $('layer-remove').addEventListener('click', () => {
    const cfg = editedNet();
    if (cfg.layers.length <= 1) return;
    cfg.layers.pop();
    emit(PageEvent.EDIT, 'layers');
  });
  $('act-all').addEventListener('change', () => {
    const a = $('act-all').value;
    if (!a) return;
    for (const l of editedNet().layers) l.act = a;
    showCurve(a);
    emit(PageEvent.EDIT, 'layers');
  });
  on(PageEvent.SYNC, syncLayerList);
}
