// session.js — the live training worker: starts it, sends it messages
// (protocol.js), and keeps the page's runs (page.gen, page.runs, page.playing,
// page.data, page.curve) in step with what it answers.
import { FromWorker } from './protocol.js';
import { page, plainState, emit, PageEvent } from './page-state.js';
import { DistSeries } from './dist-series.js';
import { showMessage, clearMessage } from './panels/messages.js';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onerror = (e) => showMessage(`The training worker failed: ${e.message || 'unknown error'}`);

/**
 * Take the worker's messages: the session's own part here, then the panels'
 * through `to` ({ ready, data, curve, model, imported, scrubbed, unitMaps, error }: functions
 * of the message; scrubbed and unitMaps only of the current generation).
 */
export function listen(to) {
  worker.onmessage = (ev) => {
    const m = ev.data;
    switch (m.type) {
      case FromWorker.READY:
        page.workerReady = true;
        to.ready(m);
        break;
      case FromWorker.DATA:
        if (m.gen !== page.gen) return;
        page.data = m;
        to.data(m);
        break;
      case FromWorker.UPDATE: applyUpdate(m); break;
      case FromWorker.CURVE: page.curve = m; to.curve(m); break;
      case FromWorker.MODEL: to.model(m); break;
      case FromWorker.IMPORTED: to.imported(m); break;
      case FromWorker.SCRUBBED: if (m.gen === page.gen) to.scrubbed(m); break;
      case FromWorker.UNIT_MAPS: if (m.gen === page.gen) to.unitMaps(m); break;
      case FromWorker.ERROR: to.error(m); break;
      default: break;
    }
  };
}

/** Post one message of protocol.js to the worker. */
export function send(type, fields = {}) { worker.postMessage({ type, ...fields }); }

export function setPlaying(playing) {
  page.playing = playing;
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
    history: [], surface: null, weights: null, inspect: null, current: null, stopped: null, epoch: 0,
    layers: cfg.layers.length + 1, scrubbed: null, dist: new DistSeries(cfg.layers.length + 1),
  }));
  page.playing = false;
  page.dirty = { surface: true, charts: true, status: true, net: true, layers: true };
  emit(PageEvent.RUNS_RESET);
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
  if (m.gen !== page.gen) return;
  m.runs.forEach((u, i) => {
    const r = page.runs[i];
    if (!r) return;
    for (const s of u.epochs) r.history.push(s);
    if (u.dist) { r.dist.add(u.epochs.map((s) => s.epoch), u.dist.pct, u.dist.full); page.dirty.layers = true; }
    r.epoch = u.epoch;
    if (u.surface) { r.surface = u.surface; r.surfaceNew = true; page.dirty.surface = true; }
    if (u.weights) { r.weights = u.weights; page.dirty.net = true; }
    if (u.inspect) { r.inspect = u.inspect; page.dirty.net = true; }
    if (u.current) r.current = u.current;
    if (u.confusion) r.confusion = u.confusion;
    if (u.initShare) r.initShare = u.initShare;
    if (u.stopped && !r.stopped) {
      r.stopped = u.stopped;
      showMessage(`Network ${'AB'[i]} stopped at epoch ${u.stopped.epoch}: ${u.stopped.message || u.stopped.reason}. ` +
        (u.stopped.reason === 'diverged' ? 'Try a smaller learning rate, then Reset.' : ''), 'error', `stopped-${i}`);
    }
  });
  if (m.runs.some((u) => u.epochs.length)) page.dirty.charts = true;
  page.dirty.status = true;
  if (page.playing !== m.playing) setPlaying(m.playing);
  emit(PageEvent.UPDATE, m);
}
