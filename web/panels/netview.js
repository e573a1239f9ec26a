// panels/netview.js — the network diagram as an instrument: the links'
// toggle (thickness by |W| or by mean |∂L/∂W|), the key under each diagram
// (what colours, thickness and marks mean, with the thresholds), the marks of
// dead and saturated units, and the unit view: hovering, tapping or picking a
// unit with the arrow keys opens its own output over the input plane (a
// heatmap the worker computes for the shown epoch) with its statistics. The
// figures are the worker's Inspection of the weights shown (protocol.js):
// live, or the scrubbed epoch's snapshot (panels/scrubber.js).
import { divergingColor } from '../surface.js';
import { GRAD_DECADES } from '../netdraw.js';
import { unitMarks, SATURATED_SHARE as SAT } from '../inspect.js';
import { ToWorker } from '../protocol.js';
import { page, on, PageEvent } from '../page-state.js';
import { send } from '../session.js';
import { shownRun } from './scrubber.js';
import { $ } from './dom.js';

const KEYS = ['a', 'b'];
const pct = (x) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 0)}%`;
const num = (v) => (v == null || !Number.isFinite(v) ? String(v) : v === 0 ? '0'
  : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));

/** What network drawing i shows besides the weights (NetworkDrawing.draw's view). */
export function netViewOf(i) {
  const s = shownRun(page.runs[i]);
  const h = page.netView.hover;
  return {
    links: page.netView.links,
    gradAbs: s.inspect ? s.inspect.gradAbs : null,
    marks: unitMarks(s.inspect),
    hover: h && h.run === i ? h : null,
  };
}

// ---- the unit's heatmap: asked of the worker per (run, layer, epoch) ------------------
const maps = { req: 0, inFlight: false, got: null }; // got: the last answer (UnitMapsMessage)

function wantMaps() {
  const h = page.netView.hover;
  if (!h || maps.inFlight) return;
  const r = page.runs[h.run];
  if (!r) return;
  const s = shownRun(r);
  const g = maps.got;
  const fresh = g && g.run === h.run && g.layer === h.layer && (page.scrub.epoch == null ? g.epoch >= r.epoch : g.epoch === s.epoch);
  if (fresh) return;
  maps.req += 1;
  maps.inFlight = true;
  send(ToWorker.UNIT_MAPS, { run: h.run, layer: h.layer, epoch: page.scrub.epoch, id: maps.req });
}

/** The worker's unit maps (session.js routes them here). */
export function onUnitMaps(m) {
  maps.inFlight = false;
  maps.got = m;
  showPop();
  wantMaps(); // the hovered unit or the epoch may have changed meanwhile
}

/** A unit-maps request failed in the worker (its error message is shown). */
export function onUnitMapsError() { maps.inFlight = false; }

function setHover(h) {
  const old = page.netView.hover;
  if (h && old && h.run === old.run && h.layer === old.layer && h.unit === old.unit && !!h.pinned === !!old.pinned) return;
  page.netView.hover = h;
  page.dirty.net = true;
  showPop();
  wantMaps();
}

// ---- the unit view (popup) ---------------------------------------------------------------
function showPop() {
  const h = page.netView.hover;
  KEYS.forEach((k, i) => {
    const pop = $(`unit-pop-${k}`);
    if (!h || h.run !== i || !page.runs[i]) { pop.hidden = true; return; }
    const r = page.runs[i];
    const s = shownRun(r);
    const cfg = page.settings[k];
    const nL = cfg.layers.length + 1;
    const act = h.layer < nL - 1 ? cfg.layers[h.layer].act : cfg.out === 'softmax_cce' ? 'softmax' : 'sigmoid';
    const name = h.layer < nL - 1 ? `L${h.layer + 1}` : 'output';
    pop.hidden = false;
    pop.querySelector('.up-title').textContent = `${name}, unit ${h.unit + 1} (${act}) · epoch ${s.epoch}`;
    const u = s.inspect && s.inspect.units ? s.inspect.units[h.layer] : null;
    const dd = pop.querySelectorAll('.up-stats dd');
    const vals = u ? [num(u.meanAct[h.unit]), pct(u.deadShare[h.unit]), pct(u.saturatedShare[h.unit]), num(u.gradMeanAbs[h.unit])]
      : ['–', '–', '–', '–'];
    vals.forEach((v, j) => { dd[j].textContent = v; });
    const mark = u ? unitMarks(s.inspect)[h.layer][h.unit] : null;
    const m = mark === 'dead' ? 'Dead: f′(z) = 0 on every training point, so no gradient passes through it.'
      : mark === 'saturated' ? `Saturated: 0 < |f′(z)| < 1% of its max on ${pct(u.saturatedShare[h.unit] - u.deadShare[h.unit])} of the training points.` : '';
    pop.querySelector('.up-verdict').textContent = m;
    pop.querySelector('.up-verdict').hidden = !m;
    paintMap(pop, h);
    place(pop, i, h);
  });
}

function paintMap(pop, h) {
  const g = maps.got;
  const canvas = pop.querySelector('canvas');
  const ok = g && g.run === h.run && g.layer === h.layer && h.unit < g.units;
  pop.querySelector('.up-map').classList.toggle('loading', !ok);
  if (!ok) return;
  const n = g.grid;
  canvas.width = n; canvas.height = n;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(n, n);
  let m = 0;
  for (let c = 0; c < n * n; c++) { const v = Math.abs(g.maps[c * g.units + h.unit]); if (v > m && Number.isFinite(v)) m = v; }
  for (let c = 0; c < n * n; c++) {
    const v = g.maps[c * g.units + h.unit];
    const [R, G, B] = divergingColor(m > 0 ? 0.5 + (0.5 * v) / m : 0.5);
    img.data.set([R, G, B, 255], 4 * c);
  }
  ctx.putImageData(img, 0, 0);
  const lab = pop.querySelectorAll('.up-cbar span');
  lab[0].textContent = num(-m); lab[1].textContent = num(m);
  pop.querySelector('.up-map').title = `the unit's output a over the input plane at the weights of epoch ${g.epoch}`;
  pop.dataset.mapEpoch = String(g.epoch);
  pop.dataset.mapMax = String(m);
}

/** Put the popup above the diagram (never over it, so the pointer stays on the unit), by the unit. */
function place(pop, i, h) {
  const view = $(`view-${KEYS[i]}`);
  const box = $(`net-${KEYS[i]}`);
  const hit = box.querySelector(`.unit-hit[data-layer="${h.layer}"][data-unit="${h.unit}"]`);
  if (!hit) return;
  const vr = view.getBoundingClientRect(), ur = hit.getBoundingClientRect(), br = box.getBoundingClientRect();
  const w = pop.offsetWidth, ht = pop.offsetHeight;
  const x = Math.max(4, Math.min(vr.width - w - 4, ur.left + ur.width / 2 - vr.left - w / 2));
  pop.style.left = `${x}px`;
  pop.style.top = `${Math.max(4, br.top - vr.top - ht - 4)}px`;
}

// ---- the key under each diagram -------------------------------------------------------------
/** The key's text for run i: what the thickness shows (and its scale), the marks and their thresholds. */
export function updateNetKeys(drawings) {
  KEYS.forEach((k, i) => {
    const d = drawings[i];
    if (!page.runs[i]) return;
    const s = shownRun(page.runs[i]);
    const grad = page.netView.links === 'grad' && s.inspect;
    const marks = unitMarks(s.inspect);
    const count = (what) => (marks ? marks.slice(0, -1).flat().filter((x) => x === what).length : 0);
    const thick = grad ? `thickness: mean |∂L/∂W| (log, ${GRAD_DECADES} decades below ${num(d.maxAbs)})`
      : `thickness: |W| (up to ${num(d.maxAbs)})`;
    const text = `Links: blue W > 0, orange W < 0; ${thick}. ✕ dead unit: f′(z) = 0 on every training point ` +
      `(${count('dead')} here); red ring: saturated unit, 0 < |f′| < 1% of its max on ≥ ${Math.round(SAT * 100)}% of them ` +
      `(${count('saturated')} here). Hover or tap a unit for its picture.`;
    const el = $(`nk-text-${k}`);
    if (el.textContent !== text) el.textContent = text;
  });
}

/** After the diagrams are drawn: the key and the open unit view follow the shown weights. */
export function afterNetDraw(drawings) {
  updateNetKeys(drawings);
  if (page.netView.hover) { showPop(); wantMaps(); }
}

/** For tests: the link mode, the open unit and its figures, the marks of each run and their epoch. */
export function netViewProbe() {
  const h = page.netView.hover;
  const pop = h ? $(`unit-pop-${KEYS[h.run]}`) : null;
  return {
    links: page.netView.links,
    hover: h,
    pop: pop && !pop.hidden ? {
      title: pop.querySelector('.up-title').textContent,
      stats: Array.from(pop.querySelectorAll('.up-stats dd'), (x) => x.textContent),
      mapEpoch: pop.dataset.mapEpoch ? Number(pop.dataset.mapEpoch) : null,
      mapMax: pop.dataset.mapMax ? Number(pop.dataset.mapMax) : null,
      loading: pop.querySelector('.up-map').classList.contains('loading'),
    } : null,
    marks: page.runs.map((r) => unitMarks(shownRun(r).inspect)),
    /** per run, the epoch of the live figures (null: none yet) */
    inspected: page.runs.map((r) => (r.inspect ? r.inspect.epoch : null)),
  };
}

// ---- input ------------------------------------------------------------------------------------
function hitOf(ev) {
  const t = ev.target.closest && ev.target.closest('.unit-hit');
  return t ? { layer: Number(t.dataset.layer), unit: Number(t.dataset.unit) } : null;
}

function mountRun(k, i) {
  const box = $(`net-${k}`);
  box.tabIndex = 0;
  box.setAttribute('aria-label', `Network ${'AB'[i]}: hover or tap a unit to see its output; or the arrow keys pick one, Escape closes`);
  box.addEventListener('pointerover', (ev) => {
    const u = hitOf(ev);
    const h = page.netView.hover;
    if (u && ev.pointerType === 'mouse' && !(h && h.pinned)) setHover({ run: i, ...u });
  });
  box.addEventListener('pointerleave', (ev) => {
    const h = page.netView.hover;
    if (ev.pointerType === 'mouse' && h && !h.pinned) setHover(null);
  });
  box.addEventListener('click', (ev) => {
    const u = hitOf(ev);
    const h = page.netView.hover;
    if (!u) { if (h && h.pinned) setHover(null); return; }
    const same = h && h.pinned && h.run === i && h.layer === u.layer && h.unit === u.unit;
    setHover(same ? null : { run: i, ...u, pinned: true });
  });
  box.addEventListener('keydown', (ev) => {
    const h = page.netView.hover;
    const cfg = page.settings[k];
    const shown = (l) => Math.min(8, l < cfg.layers.length ? cfg.layers[l].units : cfg.out === 'softmax_cce' ? 2 : 1);
    const nL = cfg.layers.length + 1;
    let { layer, unit } = h && h.run === i ? h : { layer: 0, unit: -1 };
    if (ev.key === 'Escape') { setHover(null); ev.preventDefault(); return; }
    if (ev.key === 'ArrowRight') layer = Math.min(nL - 1, layer + 1);
    else if (ev.key === 'ArrowLeft') layer = Math.max(0, layer - 1);
    else if (ev.key === 'ArrowDown') unit += 1;
    else if (ev.key === 'ArrowUp') unit -= 1;
    else return;
    ev.preventDefault();
    setHover({ run: i, layer, unit: Math.max(0, Math.min(shown(layer) - 1, unit)), pinned: true });
  });
  $(`unit-pop-${k}`).querySelector('.up-close').addEventListener('click', () => { setHover(null); box.focus(); });
  for (const radio of document.querySelectorAll(`input[name=links-${k}]`)) {
    radio.addEventListener('change', () => {
      page.netView.links = radio.value;
      for (const o of document.querySelectorAll('input[name^=links-]')) o.checked = o.value === radio.value;
      page.dirty.net = true;
    });
  }
}

export function mount() {
  KEYS.forEach(mountRun);
  const stops = Array.from({ length: 11 }, (_, i) => `rgb(${divergingColor(i / 10).join(',')}) ${i * 10}%`);
  for (const c of document.querySelectorAll('.up-cbar')) c.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  on(PageEvent.RUNS_RESET, () => { page.netView.hover = null; maps.got = null; maps.inFlight = false; showPop(); });
  on(PageEvent.SCRUB, () => { page.dirty.net = true; });
  on(PageEvent.SYNC, () => { page.netView.hover = null; showPop(); });
}
