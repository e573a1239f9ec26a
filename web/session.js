// session.js — the live training: starts its workers (pool.js), sends them
// messages (protocol.js), and keeps the page's runs (page.gen, page.runs,
// page.playing, page.data, page.curve) in step with what they answer. Network A
// trains in the first worker; in compare mode with a pool of 2 or more
// workers, network B trains in a second one (page.split), else beside A.
import { ToWorker, FromWorker } from './protocol.js';
import { page, plainState, emit, PageEvent } from './page-state.js';
import { newWorker, poolSize } from './pool.js';
import { GRID, toGrid } from './grid.js';
import { DistSeries } from './dist-series.js';
import { showMessage, clearMessage } from './panels/messages.js';

const workers = [start(0)];     // [A's (and B's unless split), B's while split]
const playing = [false, false]; // each worker's last word on whether it trains
const hasData = [false, false]; // the worker has had a setup (a rebuild keeps its data)
let to = null;
const ahead = [];               // updates of a generation the page has not reached yet
const scrubParts = new Map();   // split: scrub id -> the answers so far (one per worker)

function start(i) {
  const w = newWorker();
  w.onerror = (e) => showMessage(`The training worker failed: ${e.message || 'unknown error'}`);
  w.onmessage = (ev) => take(i, ev.data);
  return w;
}

function take(i, m) {
  if (!to) return;
  switch (m.type) {
    case FromWorker.READY:
      if (i > 0) return;
      page.workerReady = true;
      to.ready(m);
      break;
    case FromWorker.DATA:
      if (m.gen !== page.gen) return;
      page.data = m;
      to.data(m);
      break;
    case FromWorker.UPDATE:
      if (m.gen > page.gen) { ahead.push([i, m]); return; } // e.g. B's import answered before A's
      if (m.gen !== page.gen) return;
      playing[i] = m.playing;
      applyUpdate(m);
      break;
    case FromWorker.CURVE: page.curve = m; to.curve(m); break;
    case FromWorker.MODEL: to.model(m); break;
    case FromWorker.IMPORTED: to.imported(m); break;
    case FromWorker.SCRUBBED: if (m.gen === page.gen) scrubbed(m); break;
    case FromWorker.UNIT_MAPS: if (m.gen === page.gen) to.unitMaps(m); break;
    case FromWorker.ERROR: to.error(m); break;
    default: break;
  }
}

// A scrub answer; split, one per worker: passed on as one, its runs in order.
function scrubbed(m) {
  if (!page.split) { to.scrubbed(m); return; }
  const parts = scrubParts.get(m.id) || [];
  parts.push(m);
  if (parts.length < 2) { scrubParts.set(m.id, parts); return; }
  scrubParts.clear(); // older ids are of requests the scrubber has asked again
  to.scrubbed({ ...m, runs: parts.flatMap((p) => p.runs).sort((a, b) => a.run - b.run) });
}

/**
 * Take the workers' messages: the session's own part here, then the panels'
 * through `to` ({ ready, data, curve, model, imported, scrubbed, unitMaps, error }: functions
 * of the message; scrubbed and unitMaps only of the current generation).
 */
export function listen(handlers) { to = handlers; }

// Which runs each worker trains for the current settings: null (one worker, all runs) or [[0], [1]].
function owners() { return page.split ? [[0], [1]] : null; }

/**
 * Post one message of protocol.js: to the worker(s) it concerns (setup, rebuild
 * and importModel name the runs each worker trains in `runs`, openRuns in `own`; exportModel and unitMaps go
 * to the run's worker, curve to the first; the rest to every worker in use).
 */
export function send(type, fields = {}) {
  const own = owners();
  if (type === ToWorker.CURVE) { workers[0].postMessage({ type, ...fields }); return; }
  if (type === ToWorker.EXPORT_MODEL || type === ToWorker.UNIT_MAPS) { workers[own && fields.run === 1 ? 1 : 0].postMessage({ type, ...fields }); return; }
  const withRuns = type === ToWorker.SETUP || type === ToWorker.REBUILD || type === ToWorker.IMPORT_MODEL;
  (own ? workers : workers.slice(0, 1)).forEach((w, i) => {
    // a worker that has no data yet (B's, just started) gets a setup instead of a rebuild
    const t = type === ToWorker.REBUILD && !hasData[i] ? ToWorker.SETUP : type;
    if (t === ToWorker.SETUP || t === ToWorker.OPEN_RUNS) hasData[i] = true;
    // openRuns: `runs` is the kept runs (every worker gets all, and takes those of `own`)
    const owner = !own ? {} : type === ToWorker.OPEN_RUNS ? { own: own[i] } : withRuns ? { runs: own[i] } : {};
    w.postMessage({ ...fields, type: t, ...owner });
  });
}

export function setPlaying(on) {
  page.playing = on;
  emit(PageEvent.PLAYING);
}

/**
 * New, empty runs for the current settings under generation `gen` (by default
 * the next one; an import passes the one the worker has rebuilt the runs under).
 */
export function resetRuns(gen = page.gen + 1) {
  page.gen = gen;
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  page.runs = cfgs.map((cfg) => ({
    history: [], surface: null, surfaceRes: 0, weights: null, inspect: null, current: null, stopped: null, epoch: 0,
    layers: cfg.layers.length + 1, scrubbed: null, dist: new DistSeries(cfg.layers.length + 1),
  }));
  page.playing = false;
  playing.fill(false);
  Object.assign(page.dirty, { surface: true, charts: true, status: true, net: true, layers: true });
  emit(PageEvent.RUNS_RESET);
  for (const [i, m] of ahead.splice(0)) if (m.gen === gen) take(i, m);
}

/**
 * Send the whole state: what = ToWorker.SETUP (new data) or ToWorker.REBUILD (new nets),
 * or ToWorker.OPEN_RUNS with `kept`: kept runs shown as the current ones (panels/runs.js
 * opens a kept run), one per network of page.settings, { history, stopped, weights }; the
 * worker rebuilds the data and networks, sets the kept weights and counts on from the history's epochs.
 */
export function restart(what, kept = null) {
  page.buildError = null;
  clearMessage('build');
  // compare mode on a pool of 2+: B gets a worker of its own (started once, ended when compare mode ends)
  page.split = !!page.settings.cmp && poolSize() >= 2;
  if (page.split && !workers[1]) workers[1] = start(1);
  if (!page.split && workers[1]) { workers.pop().terminate(); playing[1] = false; hasData[1] = false; }
  resetRuns();
  const fields = { state: plainState(), gen: page.gen };
  if (kept) {
    page.runs.forEach((r, i) => {
      r.history = kept[i].history.slice();
      r.epoch = r.opened = r.history.length;
      r.stopped = kept[i].stopped;
    });
    fields.runs = kept.map((k) => ({ weights: k.weights, epoch: k.history.length, stopped: k.stopped }));
  }
  emit(PageEvent.RESTART);
  send(what, fields);
  emit(PageEvent.PLAYING);
}

function applyUpdate(m) {
  m.runs.forEach((u, k) => {
    const i = u.run ?? k;
    const r = page.runs[i];
    if (!r) return;
    for (const s of u.epochs) r.history.push(s);
    if (u.dist) { r.dist.add(u.dist.epochs, u.dist.pct, u.dist.full); page.dirty.layers = true; }
    r.epoch = u.epoch;
    if (u.surface) {
      r.surfaceRes = u.surfaceRes ?? GRID;
      r.surface = toGrid(u.surface, r.surfaceRes);
      r.surfaceNew = true;
      page.dirty.surface = true;
    }
    if (u.weights) { r.weights = u.weights; page.dirty.net = true; }
    if (u.inspect) { r.inspect = u.inspect; page.dirty.net = true; }
    if (u.current) r.current = u.current;
    if (u.confusion) r.confusion = u.confusion;
    if (u.wrong) r.wrong = u.wrong;
    if (u.initShare) r.initShare = u.initShare;
    if (u.stopped && !r.stopped) {
      r.stopped = u.stopped;
      showMessage(`Network ${'AB'[i]} stopped at epoch ${u.stopped.epoch}: ${u.stopped.message || u.stopped.reason}. ` +
        (u.stopped.reason === 'diverged' ? 'Try a smaller learning rate, then Reset.' : ''), 'error', `stopped-${i}`);
    }
  });
  if (m.runs.some((u) => u.epochs.length)) page.dirty.charts = true;
  page.dirty.status = true;
  const any = playing.some((p) => p);
  if (page.playing !== any) setPlaying(any);
  emit(PageEvent.UPDATE, m);
}
