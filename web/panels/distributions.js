// panels/distributions.js — the Layers view: per run (A, B side by side in
// compare mode) one percentile fan over the epochs per layer for the chosen
// quantity (z, a, f′(z), ∂L/∂z, ∂L/∂W, W), every layer and both runs on one
// y-scale; beside them the update:data ratio ‖ΔW‖/‖W‖ per layer and epoch
// (log y, the 1e-3 rule of thumb marked) and the saturated and dead
// (sample, unit) pairs per layer. Where a run's values of the quantity include
// exact zeros (a ReLU's f′ and a, the ∂L/∂z of its off units), each of its fans
// has a strip under it with the share exactly 0, and on the log scale the fan
// is of the non-zero values (a log scale has no 0). A cursor marks
// page.scrub.epoch (the scrubber's), and every figure is that of the nearest
// kept epoch (the latest when the scrubber is live).
import { DIST_QUANTITIES, DIST_PERCENTILES, formatPercentile } from '../../dist/gradlab.js';
import { page } from '../page-state.js';
import { depthColor } from '../charts.js';
import { drawFan, drawLines, drawBars, yScale, FAN_BANDS, STRIP_H, ZERO_COLOR } from '../fan-chart.js';
import { runTitle } from './views.js';
import { $, fillSelect } from './dom.js';

/** The quantities' names on the page, and whether each is shown as |value| on a log scale by default. */
export const QUANTITY = Object.freeze({
  z: { label: 'z, pre-activation', short: 'z', log: false },
  a: { label: 'a = f(z), activation', short: 'a', log: false },
  dact: { label: 'f′(z), local derivative', short: 'f′', log: true },
  dz: { label: '∂L/∂z, error signal', short: '∂L/∂z', log: true },
  grad: { label: '∂L/∂W, weight gradient', short: '∂L/∂W', log: true },
  weight: { label: 'W, weights', short: 'W', log: false },
});
/** The rule of thumb for the update:data ratio. */
export const UPDATE_RULE = 1e-3;
const FAN_H = 92;
const SIDE_H = 150;
const SAT = '#f59e0b';
const DEAD = '#374151';
const MED = DIST_PERCENTILES.indexOf(50);

const pct = (v) => `${Math.round(v * 100)}%`;
const useLog = () => page.layersView.log ?? QUANTITY[page.layersView.quantity].log;
const runCfgs = () => (page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a]);
const layerName = (l, n) => (l === n - 1 ? 'out' : `L${l + 1}`);

let built = '';        // the layout key the DOM was built for
let cells = [];        // per run: { fans: [{ canvas, zero, read, text }], ratio, bars, title, barsCap }
let drawnAt = { time: 0, scrub: undefined };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function buildHead() {
  const head = el('div', 'lv-head');
  const lab = el('label', 'field inline');
  lab.append(el('span', '', 'Quantity'));
  const sel = el('select'); sel.id = 'lv-quantity';
  fillSelect(sel, DIST_QUANTITIES, DIST_QUANTITIES.map((q) => QUANTITY[q].label));
  lab.append(sel);
  const logLab = el('label', 'toggle');
  const log = el('input'); log.type = 'checkbox'; log.id = 'lv-log';
  logLab.append(log, ' |value|, log scale');
  const key = el('span', 'lv-key');
  key.innerHTML = FAN_BANDS.map(([a, b]) => `<i class="fk" style="opacity:${FAN_BANDS.find((x) => x[0] === a)[2] + 0.1}"></i>${DIST_PERCENTILES[a]}–${DIST_PERCENTILES[b]} %`).join(' ') +
    ' <i class="fk med"></i>median <span class="muted">of the layer\u2019s (sample, unit) values in each epoch\u2019s first batch; a figure with \u2248 is an estimate from log bins (within 12%), the others are exact; sat and the bars of saturated and off pairs: over the whole epoch</span>';
  const zkey = el('span', 'lv-key lv-zkey'); zkey.id = 'lv-zkey'; zkey.hidden = true;
  const at = el('span', 'lv-at'); at.id = 'lv-at';
  head.append(lab, logLab, key, zkey, at);
  sel.addEventListener('change', () => { page.layersView = { quantity: sel.value, log: null }; syncHead(); redraw(); });
  log.addEventListener('change', () => { page.layersView.log = log.checked; redraw(); });
  return head;
}

function syncHead() {
  $('lv-quantity').value = page.layersView.quantity;
  $('lv-log').checked = useLog();
}

/** (Re)build the runs' columns when the runs or their layer counts change. */
function build() {
  const cfgs = runCfgs();
  const key = cfgs.map((c) => c.layers.length).join(',');
  if (key === built && $('lv-runs')) return;
  built = key;
  const root = $('layers-view');
  if (!$('lv-quantity')) root.append(buildHead(), Object.assign(el('div', 'lv-runs'), { id: 'lv-runs' }));
  cells = cfgs.map((cfg, i) => {
    const nL = cfg.layers.length + 1;
    const col = el('div', 'lv-run'); col.dataset.run = String(i);
    const h = el('h3', 'run-title');
    h.append(el('span', `run-tag ${'ab'[i]}`, 'AB'[i]));
    const title = el('span', 'lv-title');
    h.append(title);
    const fansBox = el('div', 'lv-fans');
    const fans = Array.from({ length: nL }, (_, l) => {
      const fig = el('figure', 'lv-fan'); fig.dataset.layer = String(l);
      const cap = el('figcaption');
      const sw = el('i', 'swatch'); sw.style.background = depthColor(l, nL);
      const name = el('b', '', layerName(l, nL));
      const zero = el('span', 'lv-zero'); // the share exactly 0, beside the layer's name
      const read = el('span', 'lv-read');
      cap.append(sw, name, ' ', el('span', 'muted', l < nL - 1 ? cfg.layers[l].act : 'output'), zero, read);
      const canvas = el('canvas'); canvas.setAttribute('role', 'img');
      fig.append(cap, canvas);
      fansBox.append(fig);
      return { canvas, zero, read, fig, text: '' };
    });
    const side = el('div', 'lv-side');
    const rfig = el('figure', 'chart-box lv-ratio');
    rfig.append(el('figcaption', '', 'Update : data ratio ‖ΔW‖/‖W‖ per epoch'), el('canvas'));
    const bfig = el('figure', 'chart-box lv-bars');
    const bcap = el('figcaption');
    const barsCap = el('span', '', 'Saturated and off (sample, unit) pairs');
    bcap.append(barsCap, el('span', 'lv-bkey', ''));
    bcap.lastChild.innerHTML = '<i class="bk-sat"></i>saturated: 0 &lt; |f′| &lt; 1% of its max <i class="bk-dead"></i>f′ = 0: the unit is off';
    bfig.append(bcap, el('canvas'));
    side.append(rfig, bfig);
    col.append(h, fansBox, side);
    return { col, title, fans, ratio: rfig.querySelector('canvas'), bars: bfig.querySelector('canvas'), barsCap };
  });
  $('lv-runs').replaceChildren(...cells.map((c) => c.col));
  $('lv-runs').classList.toggle('two', cells.length > 1);
  syncHead();
}

/** The shared y-range of every layer's fan of every run: [min, max] of the 1st/99th percentiles. */
function sharedRange(q, log) {
  let min = Infinity, max = -Infinity;
  for (const r of page.runs) {
    const d = r.dist;
    if (!d) continue;
    const step = Math.max(1, Math.floor(d.rows.length / 400));
    for (let i = 0; i < d.rows.length; i += step) {
      for (let l = 0; l < d.layers; l++) {
        const p = d.at(i, l, q, log);
        const lo = log ? p.find((v) => v > 0) : p[0];
        if (lo !== undefined && lo < min) min = lo;
        if (p[6] > max) max = p[6];
      }
    }
  }
  return [min, max];
}

/** Whether run r's values of quantity q (index) are exactly 0 anywhere (a layer, a kept epoch): its fans get the zero strip. */
function hasZeros(r, q) {
  const d = r.dist;
  if (!d) return false;
  for (let i = 0; i < d.rows.length; i++) for (let l = 0; l < d.layers; l++) if (d.zeroShare(i, l, q) > 0) return true;
  return false;
}

/** The history entry of run r at `epoch` (its nearest kept one). */
function historyAt(r, epoch) {
  const h = r.history;
  if (!h.length) return null;
  const e = h[Math.min(h.length - 1, Math.max(0, epoch - 1))];
  return e && e.epoch === epoch ? e : h.reduce((b, x) => (Math.abs(x.epoch - epoch) < Math.abs(b.epoch - epoch) ? x : b));
}

/**
 * What the view shows now, per run (for the tests and the console): the shown epoch, whether
 * its fans have the zero strip, and per layer the percentiles of the shown quantity (on the
 * log scale those of the non-zero |x|), the share exactly 0, the shares, the readout and the
 * cursor's x (CSS px).
 */
export function layersProbe() {
  const q = DIST_QUANTITIES.indexOf(page.layersView.quantity);
  const log = useLog();
  return page.runs.map((r) => {
    const i = r.dist.nearest(page.scrub.epoch);
    if (i < 0) return { epoch: null, strip: false, layers: [] };
    const epoch = r.dist.epochs[i];
    const e = historyAt(r, epoch);
    return {
      epoch,
      strip: hasZeros(r, q),
      layers: Array.from({ length: r.dist.layers }, (_, l) => ({
        p: Array.from(r.dist.at(i, l, q, log)),
        median: r.dist.figure(i, l, q, log, MED),
        zeroShare: r.dist.zeroShare(i, l, q),
        saturatedShare: e ? e.layers[l].saturatedShare : null,
        deadShare: e ? e.layers[l].deadShare : null,
        updateRatio: e ? e.layers[l].updateRatio : null,
        text: cells[page.runs.indexOf(r)]?.fans[l]?.text ?? '',
        cursorX: cells[page.runs.indexOf(r)]?.fans[l]?.cursorX ?? null,
      })),
    };
  });
}

function drawRun(r, c, cfg, ys, rys, x, qi, log) {
  const nL = r.dist.layers;
  const d = r.dist;
  const i = d.nearest(page.scrub.epoch);
  const epoch = i >= 0 ? d.epochs[i] : null;
  const e = epoch !== null ? historyAt(r, epoch) : null;
  const cursor = page.scrub.epoch ?? null;
  const short = QUANTITY[page.layersView.quantity].short;
  const strip = hasZeros(r, qi);
  c.title.textContent = runTitle(cfg);
  c.fans.forEach((f, l) => {
    f.cursorX = drawFan(f.canvas, {
      epochs: d.epochs, pct: (k) => d.at(k, l, qi, log), color: depthColor(l, nL), ys, x, cursor,
      height: FAN_H + (strip ? STRIP_H + 3 : 0), zeros: strip ? (k) => d.zeroShare(k, l, qi) : null,
    });
    let text = '', zero = '';
    if (i >= 0) {
      // the median, exact where the data allow (library distPercentiles, formatPercentile); "all 1" when every value is one
      const m = d.figure(i, l, qi, log, MED);
      const [word, v] = m.all !== null ? ['all', formatPercentile(m.all, true)] : ['median', formatPercentile(m.value, m.exact)];
      // with zeros: their share (beside the name), and the fan's median (log: of the rest, the non-zero values)
      if (strip) { zero = `${short}=0: ${pct(d.zeroShare(i, l, qi))}`; text = log ? `rest: ${word} ${v}` : `${word} ${v}`; }
      else text = `${word} ${log ? `|${short}|` : short} ${v}`;
      if (e && l < nL - 1) {
        const dead = e.layers[l].deadShare, tail = e.layers[l].saturatedShare - dead;
        if (tail > 0 || !(dead > 0)) text += ` · sat ${pct(tail)}`;
      }
    }
    if (f.zero.textContent !== zero) f.zero.textContent = zero;
    if (f.read.textContent !== text) f.read.textContent = text;
    f.text = zero ? `${zero} · ${text}` : text;
    text = f.text;
    f.canvas.setAttribute('aria-label', `${layerName(l, nL)}: percentiles of ${short} over the epochs${text ? `; at epoch ${epoch}:${text}` : ''}`);
  });
  // update:data ratio, at the epochs of the history measured in full (worker.js: fullAt)
  const hs = r.history.filter((s) => s.layers[0]?.updateRatio !== undefined);
  const xs = hs.map((s) => s.epoch);
  const series = Array.from({ length: nL }, (_, l) => ({ color: depthColor(l, nL), xs, ys: hs.map((s) => s.layers[l].updateRatio) }));
  drawLines(c.ratio, { series, ys: rys, x, rule: { value: UPDATE_RULE, label: '1e-3: rule of thumb' }, cursor, height: SIDE_H });
  // saturated and dead pairs per hidden layer at the shown epoch
  const rows = Array.from({ length: nL - 1 }, (_, l) => ({
    label: layerName(l, nL),
    parts: e ? [{ value: e.layers[l].deadShare, color: DEAD }, { value: e.layers[l].saturatedShare - e.layers[l].deadShare, color: SAT }] : [],
  }));
  drawBars(c.bars, rows);
  c.barsCap.textContent = `Saturated and off (sample, unit) pairs${epoch !== null ? ` at epoch ${epoch}` : ''}`;
}

/** The key of the zero strip, shown when a run has one. */
function zeroKey(shown, log) {
  const k = $('lv-zkey');
  k.hidden = !shown;
  if (!shown) return;
  const q = page.layersView.quantity, short = QUANTITY[q].short;
  const html = `<i class="fk" style="background:${ZERO_COLOR}"></i> the strip under a fan (\u201c= 0\u201d): the share of its pairs with ${short} = 0 exactly` +
    `${q === 'dact' ? ' (the unit is off for that sample)' : ''}, per epoch (full height: 100%)` +
    `${log ? `; the fan and \u201crest\u201d are of the other pairs: a log scale has no 0` : ''}`;
  if (k.innerHTML !== html) k.innerHTML = html;
}

/** Draw every chart of the view now. */
export function redraw() {
  if (page.view !== 'layers') return;
  build();
  const qi = DIST_QUANTITIES.indexOf(page.layersView.quantity);
  const log = useLog();
  const [min, max] = sharedRange(qi, log);
  const ys = yScale(min, max, log, 0.051); // an estimate is its log bin's centre (fan-chart.js yScale; exact figures: the value)
  const x1 = Math.max(1, ...page.runs.map((r) => r.dist?.epochs.at(-1) ?? 0));
  // the update:data ratio charts share one log scale too, always showing the rule's 1e-3
  let lo = UPDATE_RULE, hi = UPDATE_RULE;
  for (const r of page.runs) for (const e of r.history) for (const L of e.layers) if (L.updateRatio > 0 && Number.isFinite(L.updateRatio)) { lo = Math.min(lo, L.updateRatio); hi = Math.max(hi, L.updateRatio); }
  const rys = yScale(lo, hi, true);
  const cfgs = runCfgs();
  page.runs.forEach((r, i) => { if (cells[i] && r.dist) drawRun(r, cells[i], cfgs[i], ys, rys, [1, x1], qi, log); });
  zeroKey(page.runs.some((r) => hasZeros(r, qi)), log);
  const shown = page.runs[0]?.dist?.nearest(page.scrub.epoch) ?? -1;
  $('lv-at').textContent = shown < 0 ? 'no epochs yet: press Play'
    : page.scrub.epoch === null ? `figures at the latest epoch, ${page.runs[0].dist.epochs[shown]}` : `figures at epoch ${page.runs[0].dist.epochs[shown]} (the scrubber's)`;
  drawnAt = { time: performance.now(), scrub: page.scrub.epoch };
  page.dirty.layers = false;
}

/** Called every animation frame: redraw when shown and something changed (≤ 6 times a second while training). */
export function updateLayersView(now) {
  if (page.view !== 'layers') return;
  const scrubMoved = drawnAt.scrub !== page.scrub.epoch;
  if (scrubMoved || (page.dirty.layers && (!page.playing || now - drawnAt.time > 160))) redraw();
}

export function mount() {
  const ro = new ResizeObserver(() => { page.dirty.layers = true; drawnAt.time = 0; });
  ro.observe($('layers-view'));
}

/** The runs were replaced (new layer counts maybe): rebuild on the next draw. */
export function resetLayersView() { built = ''; page.dirty.layers = true; }
