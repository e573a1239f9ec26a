// panels/views.js — the training views, one per run: the decision surface with
// the data (a click or Enter adds a point of the class chosen under "Click
// adds"), the drawing of the network, and the run's title.
import { SurfaceView } from '../surface.js';
import { NetworkDrawing } from '../netdraw.js';
import { depthColor } from '../charts.js';
import { ToWorker } from '../protocol.js';
import { page } from '../page-state.js';
import { send } from '../session.js';
import { INIT_PARAMS } from './controls.js';
import { $ } from './dom.js';

const clickClass = () => Number(document.querySelector('input[name=click-class]:checked').value);
const surfaces = ['a', 'b'].map((k) => new SurfaceView($(`surface-${k}`), {
  onClick(x, y) {
    if (!page.data) return;
    send(ToWorker.ADD_POINT, { x, y, label: clickClass() });
  },
}));

const netDrawings = ['a', 'b'].map((k) => new NetworkDrawing($(`net-${k}`)));

/** A run's configuration in one line, e.g. "5 × 5 tanh, random_uniform(0, 1), momentum lr 0.01". */
export function runTitle(cfg) {
  const acts = [...new Set(cfg.layers.map((l) => l.act))].join('/');
  const units = [...new Set(cfg.layers.map((l) => l.units))];
  const shape = units.length === 1 ? `${cfg.layers.length} × ${units[0]}` : cfg.layers.map((l) => l.units).join('-');
  const p = INIT_PARAMS[cfg.init] ? `(${cfg.ia}, ${cfg.ib})` : '';
  return `${shape} ${acts}, ${cfg.init}${p}, ${cfg.opt} lr ${cfg.lr}`;
}

/** The data points of a `data` message, on every surface. */
export function setPoints(data) { surfaces.forEach((s) => s.setPoints(data)); }

/** Paint the runs' decision surfaces that are new since the last call. */
export function showSurfaces() {
  page.runs.forEach((r, i) => { if (r.surfaceNew) { surfaces[i].setSurface(r.surface); r.surfaceNew = false; } });
}

export function drawNets() {
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  cfgs.forEach((cfg, i) => {
    const r = page.runs[i];
    const nL = cfg.layers.length + 1;
    const colors = Array.from({ length: nL }, (_, l) => depthColor(l, nL));
    const outUnits = cfg.out === 'softmax_cce' ? 2 : 1;
    netDrawings[i].draw([2, ...cfg.layers.map((l) => l.units), outUnits],
      [...cfg.layers.map((l) => l.act), cfg.out === 'softmax_cce' ? 'softmax' : 'sigmoid'], r ? r.weights : null, colors);
    const t = runTitle(cfg);
    if ($(`title-${'ab'[i]}`).textContent !== t) $(`title-${'ab'[i]}`).textContent = t;
  });
}

/** Run i's surface with its points on one canvas (for the PNG export). */
export function surfaceCanvas(i) { return surfaces[i].composite(); }

export function mount() {
  // the drawings follow their boxes' size
  const netObserver = new ResizeObserver(() => { page.dirty.net = true; });
  for (const k of ['a', 'b']) netObserver.observe($(`net-${k}`));
}
