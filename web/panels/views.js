// panels/views.js — the training views, one per run: the decision surface with
// the data, its axes and its key (colour bar, point shapes), the drawing of the
// network, and the run's title. Both show the live run or, while scrubbed, the
// epoch of panels/scrubber.js (shownRun); panels/netview.js adds the diagram's
// marks, key and unit view. A click or Enter adds a point where it is: of the
// class chosen under "Click adds", on a 2-D regression set with the value
// chosen there (panels/data.js clickValue), on the 1-D sine the point (x, y)
// itself; shift-click, right-click or Delete removes the nearest added point,
// "Clear added points" all of them. The added points are the setting `pts` (in
// the share link, at most MAX_ADDED_POINTS): they stay when the data's settings
// change and the data takes their kind (state.js fitProblems drops the others,
// with a message; they are appended to whatever data is drawn) and go with a
// preset or a link without them.
import { SurfaceView, TICKS, tickPos, divergingColor } from '../surface.js';
import { GRID } from '../grid.js';
import { NetworkDrawing } from '../netdraw.js';
import { depthColor } from '../charts.js';
import { ToWorker } from '../protocol.js';
import { MAX_ADDED_POINTS, outputActivation, cureSummary, dataPointKind, dataClasses, dataInputs } from '../state.js';
import { clickValue } from './data.js';
import { netInputsOf } from '../experiment.js';
import { page, on, PageEvent } from '../page-state.js';
import { send } from '../session.js';
import { writeHash } from '../url-hash.js';
import { INIT_PARAMS } from './controls.js';
import { showMessage, clearMessage } from './messages.js';
import { shownRun } from './scrubber.js';
import { netViewOf, afterNetDraw } from './netview.js';
import { $ } from './dom.js';

const clickClass = () => Number(document.querySelector('input[name=click-class]:checked').value);
const round3 = (v) => Math.round(v * 1000) / 1000;

/** The added points are now `pts`: tell the worker, the URL and the panel. */
function setAdded(pts) {
  page.settings.pts = pts;
  send(ToWorker.POINTS, { points: pts });
  writeHash();
  syncAdded();
}

/** The point a click at (x, y) adds to data of its kind (state.js pointKind), or null. */
function newPoint(x, y) {
  const kind = dataPointKind(page.data.classes, page.data.inputs);
  const at = { x: round3(x), y: round3(y) };
  return kind === 'class' ? { ...at, c: clickClass() } : kind === 'value' ? { ...at, v: round3(clickValue()) } : kind === 'curve' ? at : null;
}

function addPoint(x, y) {
  if (!page.data) return;
  if (page.data.table) {
    showMessage('Points are added to the generated 2-D sets and the sine only: a table\'s surface is a slice through its inputs.', 'info', 'added-none');
    return;
  }
  const p = newPoint(x, y);
  if (!p) {
    showMessage('Points can be added to the generated 2-D sets and the sine only.', 'info', 'added-none');
    return;
  }
  const pts = page.settings.pts;
  if (pts.length >= MAX_ADDED_POINTS) {
    showMessage(`At most ${MAX_ADDED_POINTS} points can be added (they travel in the share link): ` +
      'remove some (shift-click or right-click) or Clear added points.', 'error', 'added-max');
    return;
  }
  setAdded([...pts, p]);
}

/** Remove the added point nearest to (x, y), if one lies within `radius`. */
function removePoint(x, y, radius) {
  const pts = page.settings.pts;
  let best = -1, bestD = radius * radius;
  pts.forEach((p, i) => { const d = (p.x - x) ** 2 + (p.y - y) ** 2; if (d <= bestD) { bestD = d; best = i; } });
  if (best < 0) {
    if (pts.length) showMessage('No added point there: shift-click or right-click on one of the diamonds to remove it.', 'info', 'added-none');
    return;
  }
  clearMessage('added-max');
  setAdded(pts.filter((_, i) => i !== best));
}

const surfaces = ['a', 'b'].map((k) => new SurfaceView($(`surface-${k}`), { onClick: addPoint, onRemove: removePoint }));

function syncAdded() {
  const n = page.settings.pts.length;
  $('clear-points').disabled = n === 0;
  $('clear-points').textContent = n ? `Clear ${n} added point${n > 1 ? 's' : ''}` : 'Clear added points';
  const kind = dataPointKind(dataClasses(page.settings), dataInputs(page.settings));
  const how = kind === 'curve' ? 'Click the plot to add a training point (x₁, y) where you click'
    : kind === 'value' ? 'Click the surface to add a training point with the value above' : 'Click the surface to add a training point';
  $('added-count').textContent = n
    ? `${n} of at most ${MAX_ADDED_POINTS} points added (diamonds); shift-click or right-click removes the nearest.`
    : `${how}; shift-click or right-click removes the nearest added one.`;
}

const netDrawings = ['a', 'b'].map((k) => new NetworkDrawing($(`net-${k}`)));

/** A run's configuration in one line, e.g. "5 × 5 tanh, random_uniform(0, 1), momentum lr 0.01". */
export function runTitle(cfg) {
  const acts = [...new Set(cfg.layers.map((l) => l.act))].join('/');
  const units = [...new Set(cfg.layers.map((l) => l.units))];
  const shape = units.length === 1 ? `${cfg.layers.length} × ${units[0]}` : cfg.layers.map((l) => l.units).join('-');
  const p = INIT_PARAMS[cfg.init] ? `(${cfg.ia}, ${cfg.ib})` : '';
  const cures = cureSummary(cfg);
  return `${shape} ${acts}${cures.length ? ` + ${cures.join(', ')}` : ''}, ${cfg.init}${p}, ${cfg.opt} lr ${cfg.lr}`;
}

/** The data points of a `data` message, on every surface. */
export function setPoints(data) {
  const nAdded = data.table ? 0 : Math.min(page.settings.pts.length, data.ytr.length);
  // a table's rows at their values of the surface's two inputs (the worker's plot coordinates);
  // one input: at its value, the label (or class 0 / 1) up, over the table's y range
  const shown = data.plot ? { ...data, Xtr: data.plot.Xtr, Xte: data.plot.Xte, inputs: Math.min(2, data.inputs), yRange: data.table.yRange } : data;
  surfaces.forEach((s) => s.setPoints(shown, nAdded));
}

/** Paint the runs' decision surfaces that are new since the last call. */
export function showSurfaces() {
  // GRID×GRID values: P(class 1); GRID×GRID×k: the probabilities of k classes
  page.runs.forEach((r, i) => {
    const s = shownRun(r).surface;
    if (r.surfaceNew && s) { surfaces[i].setSurface(s, Math.max(2, s.length / (GRID * GRID))); r.surfaceNew = false; }
  });
}

export function drawNets() {
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  cfgs.forEach((cfg, i) => {
    const r = page.runs[i];
    const nL = cfg.layers.length + 1;
    const colors = Array.from({ length: nL }, (_, l) => depthColor(l, nL));
    const outUnits = cfg.out === 'softmax_cce' ? (page.data ? page.data.classes : 2) : 1;
        const inputs = page.data ? netInputsOf(page.data) : 2;
    netDrawings[i].draw([inputs, ...cfg.layers.map((l) => l.units), outUnits],
      [...cfg.layers.map((l) => l.act), outputActivation(cfg.out)], r ? shownRun(r).weights : null, colors,
      r ? netViewOf(i) : {});
    const t = runTitle(cfg);
    if ($(`title-${'ab'[i]}`).textContent !== t) { $(`title-${'ab'[i]}`).textContent = t; $(`title-${'ab'[i]}`).title = t; }
    // while scrubbed: which epoch's weights the surface and the drawing show
    const at = $(`at-${'ab'[i]}`), shown = r && r.scrubbed && page.scrub.epoch != null ? `epoch ${r.scrubbed.shown}` : '';
    at.hidden = !shown;
    if (at.textContent !== shown) at.textContent = shown;
  });
  afterNetDraw(netDrawings);
}

/** Surface k's axes as the page shows them ({ x, y }: { ticks: [[pos 0..1, text]], name }; a table's in its file's units). */
function shownAxes(k) {
  const axis = (el, prop) => ({
    ticks: [...el.querySelectorAll('.tick')].map((t) => [parseFloat(t.style[prop]) / 100, t.textContent]),
    name: el.querySelector('.axis-name')?.textContent ?? '',
  });
  const y = axis($(`axis-y-${k}`), 'top');
  y.ticks = y.ticks.map(([p, t]) => [1 - p, t]);
  return { x: axis($(`axis-x-${k}`), 'left'), y };
}

/** Run i's surface with its points, axes (as shown) and key on one canvas (for the PNG export). */
export function surfaceCanvas(i, size, scale) { return surfaces[i].figure(size, scale, shownAxes('ab'[i])); }

/** The plain axes of surface k ('a' | 'b'): x₁, x₂ (or y: `yName`) over the generated sets' square (panels/table.js draws a table's). */
export function plainAxes(k, yName = 'x₂') {
  const tick = (v, prop, pos) => {
    const t = document.createElement('span');
    t.className = 'tick'; t.textContent = String(v); t.style[prop] = `${(pos * 100).toFixed(2)}%`;
    return t;
  };
  const name = (text) => { const n = document.createElement('span'); n.className = 'axis-name'; n.textContent = text; return n; };
  $(`axis-x-${k}`).replaceChildren(...TICKS.map((v) => tick(v, 'left', tickPos(v))), name('x₁'));
  $(`axis-y-${k}`).replaceChildren(...TICKS.map((v) => tick(v, 'top', 1 - tickPos(v))), name(yName));
}

function buildAxes(k) {
  plainAxes(k);
  const stops = Array.from({ length: 11 }, (_, i) => `rgb(${divergingColor(i / 10).join(',')}) ${i * 10}%`);
  $(`key-${k}`).querySelector('.cbar').style.background = `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Show view `name` of the centre ('surface' | 'layers'): its tab selected, its panel shown. */
export function showView(name) {
  page.view = name;
  for (const t of document.querySelectorAll('[data-view]')) t.setAttribute('aria-selected', String(t.dataset.view === name));
  for (const p of document.querySelectorAll('[data-view-panel]')) p.hidden = p.dataset.viewPanel !== name;
  page.dirty.layers = true;
}

export function mount() {
  for (const t of document.querySelectorAll('[data-view]')) t.addEventListener('click', () => showView(t.dataset.view));
  for (const k of ['a', 'b']) buildAxes(k);
  $('clear-points').addEventListener('click', () => { clearMessage('added-max'); setAdded([]); });
  on(PageEvent.SYNC, syncAdded);
  // the drawings follow their boxes' size
  const netObserver = new ResizeObserver(() => { page.dirty.net = true; });
  for (const k of ['a', 'b']) netObserver.observe($(`net-${k}`));
}
