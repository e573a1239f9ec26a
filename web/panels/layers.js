// panels/layers.js — the layer list of the Network panel: one row per hidden
// layer of the edited network (units, activation, and from the latest epoch
// the share of dead units or saturated unit-samples), under it the layer's
// options (leaky_relu / elu alpha, norm, residual, dropout: shown for a layer
// that uses one, for all with "Layer options"), the + / − buttons and the
// activation for all layers.
import { ACTIVATIONS, MAX_LAYERS, MAX_UNITS, ALPHA, NORMS, LAYER_OPT_SPECS, layerOptionError, layerProblems, netInputs } from '../state.js';
import { depthColor } from '../charts.js';
import { page, editedNet, editedRun, on, emit, PageEvent } from '../page-state.js';
import { setInvalid } from './messages.js';
import { showCurve } from './charts.js';
import { $, fillSelect } from './dom.js';

/** The option fields of a layer row: key → [label, element maker]. */
const OPT_FIELDS = ['alpha', 'norm', 'res', 'drop', 'gain'];
const OPT_LABEL = { alpha: 'alpha', norm: 'norm', res: 'skip k', drop: 'dropout', gain: 'init gain' };
const OPT_TITLE = {
  alpha: 'alpha of leaky_relu (slope for x < 0) or elu (its floor −alpha)',
  norm: 'normalisation between the affine map and the activation: batch (over the batch\u2019s samples) or layer (over the layer\u2019s units)',
  res: 'residual: add the output of the layer k places before (k = this layer\u2019s number: the network\u2019s input); 0: none. The widths must match',
  drop: 'dropout rate: share of this layer\u2019s outputs zeroed in training (inverted dropout)',
  gain: 'multiplies this layer\u2019s initial weights; empty: the network\u2019s hidden init gain',
};
const hasOptions = (l) => !!((l.norm && l.norm !== 'none') || l.res || l.drop || ALPHA[l.act] || l.gain !== undefined);
const numText = (v) => String(Number(Number(v).toPrecision(6)));

function optValue(l, key) {
  if (key === 'alpha') return numText(l.alpha ?? (ALPHA[l.act] ? ALPHA[l.act].def : 0));
  if (key === 'norm') return l.norm || 'none';
  if (key === 'gain') return l.gain === undefined ? '' : numText(l.gain);
  return numText(l[key] || 0);
}

function makeRow(i) {
  const li = document.createElement('li');
  const sw = document.createElement('span');
  sw.className = 'swatch';
  const name = document.createElement('span');
  name.className = 'lname'; name.textContent = `L${i + 1}`;
  const units = document.createElement('input');
  units.type = 'number'; units.min = '1'; units.max = String(MAX_UNITS); units.step = '1';
  units.id = `units-${i}`; units.dataset.layer = String(i); units.dataset.opt = 'units';
  units.setAttribute('aria-label', `Units in hidden layer ${i + 1}`);
  const act = document.createElement('select');
  fillSelect(act, ACTIVATIONS); act.id = `act-${i}`; act.dataset.layer = String(i); act.dataset.opt = 'act';
  act.setAttribute('aria-label', `Activation of hidden layer ${i + 1}`);
  const stat = document.createElement('span');
  stat.className = 'lstat';
  stat.id = `lstat-${i}`;
  const opts = document.createElement('div');
  opts.className = 'lopts';
  for (const key of OPT_FIELDS) {
    const lab = document.createElement('label');
    lab.className = `lopt lopt-${key}`;
    lab.title = OPT_TITLE[key];
    const t = document.createElement('span');
    t.textContent = OPT_LABEL[key];
    let el;
    if (key === 'norm') { el = document.createElement('select'); fillSelect(el, NORMS); } else {
      el = document.createElement('input');
      el.type = 'number';
      const spec = key === 'alpha' ? null : LAYER_OPT_SPECS[key];
      el.step = key === 'res' ? '1' : key === 'drop' ? '0.05' : '0.01';
      if (key === 'gain') el.placeholder = 'net';
      el.min = key === 'res' ? '0' : spec ? String(spec.min) : '0';
      if (spec) el.max = String(key === 'res' ? Math.min(spec.max, MAX_LAYERS) : spec.max);
    }
    el.id = `${key}-${i}`; el.dataset.layer = String(i); el.dataset.opt = key;
    el.setAttribute('aria-label', `${OPT_LABEL[key] === 'skip k' ? 'Residual k' : OPT_LABEL[key][0].toUpperCase() + OPT_LABEL[key].slice(1)} of hidden layer ${i + 1}`);
    lab.append(t, el);
    opts.append(lab);
  }
  li.append(sw, name, units, act, stat, opts);
  return li;
}

function fillRow(li, l, i, nL, showAll) {
  li.querySelector('.swatch').style.background = depthColor(i, nL);
  const set = (el, v) => { if (el.value !== v && document.activeElement !== el) el.value = v; };
  set(li.querySelector('[data-opt=units]'), String(l.units));
  li.querySelector('[data-opt=act]').value = l.act;
  for (const key of OPT_FIELDS) set(li.querySelector(`[data-opt=${key}]`), optValue(l, key));
  const alpha = li.querySelector('[data-opt=alpha]');
  if (ALPHA[l.act]) {
    alpha.min = String(ALPHA[l.act].min); alpha.max = String(ALPHA[l.act].max);
  }
  li.querySelector('.lopt-alpha').hidden = !ALPHA[l.act];
  li.querySelector('.lopts').hidden = !(showAll || hasOptions(l));
}

export function syncLayerList() {
  const cfg = editedNet();
  $('layer-count').textContent = String(cfg.layers.length);
  $('layer-remove').disabled = cfg.layers.length <= 1;
  $('layer-add').disabled = cfg.layers.length >= MAX_LAYERS;
  const nL = cfg.layers.length + 1;
  const same = cfg.layers.every((l) => l.act === cfg.layers[0].act);
  $('act-all').value = same ? cfg.layers[0].act : '';
  const showAll = $('layer-opts').checked;
  const list = $('layer-list');
  list.classList.toggle('with-opts', showAll || cfg.layers.some(hasOptions));
  // Same number of layers: update in place, so keyboard focus stays where it is.
  if (list.children.length !== cfg.layers.length) {
    for (const el of list.querySelectorAll('input, select')) setInvalid(el, null);
    list.replaceChildren(...cfg.layers.map((l, i) => makeRow(i)));
  }
  cfg.layers.forEach((l, i) => fillRow(list.children[i], l, i, nL, showAll));
  for (const el of list.querySelectorAll('input, select')) setInvalid(el, null);
  // what the network cannot be built with (a residual onto unequal widths, …) stays marked
  for (const pr of layerProblems(cfg, netInputs(page.settings))) setInvalid($(`${pr.key}-${pr.layer}`), pr.message);
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
    const key = el.dataset.opt;
    const cfg = editedNet();
    const l = cfg.layers[i];
    if (key === 'units') {
      const v = Number(el.value);
      if (el.value.trim() === '' || !Number.isInteger(v) || v < 1 || v > MAX_UNITS) {
        setInvalid(el, `units of hidden layer ${i + 1}: "${el.value}" is out of range (must be a whole number from 1 to ${MAX_UNITS})`);
        return;
      }
      setInvalid(el, null);
      l.units = v;
    } else if (key === 'act') {
      l.act = el.value;
      delete l.alpha; // alpha belongs to its activation: a new one starts from its own default
      if (i === 0) showCurve(el.value);
    } else {
      if (key === 'gain' && el.value.trim() === '') { // the network's hidden init gain
        setInvalid(el, null);
        delete l.gain;
        emit(PageEvent.EDIT, 'layers');
        return;
      }
      const v = key === 'norm' ? el.value : el.value.trim() === '' ? NaN : Number(el.value);
      const err = layerOptionError(i, l.act, key, v);
      if (err) { setInvalid(el, err); return; }
      setInvalid(el, null);
      if (key === 'norm' && v === 'none') delete l.norm;
      else if ((key === 'res' || key === 'drop') && v === 0) delete l[key];
      else l[key] = v;
    }
    emit(PageEvent.EDIT, 'layers');
  });
  $('layer-opts').addEventListener('change', syncLayerList);
  $('layer-add').addEventListener('click', () => {
    const cfg = editedNet();
    if (cfg.layers.length >= MAX_LAYERS) return;
    const last = cfg.layers[cfg.layers.length - 1];
    const { res, ...copy } = last; // a residual of the last layer would reach elsewhere from the new one
    cfg.layers.push(copy);
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
    for (const l of editedNet().layers) {
      l.act = a;
      delete l.alpha;
    }
    showCurve(a);
    emit(PageEvent.EDIT, 'layers');
  });
  on(PageEvent.SYNC, syncLayerList);
}
