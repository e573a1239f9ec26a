// app.js — the page's entry point. The page's state is page-state.js's `page`;
// session.js talks to the training worker (messages: protocol.js); each panel
// of the page is a module of panels/. Here they are mounted, the worker's
// messages are routed to them, the page starts from the URL hash, and one
// animation frame loop redraws what changed.
import { ToWorker } from './protocol.js';
import { page, plainState, on, onDirty, PageEvent } from './page-state.js';
import { listen } from './session.js';
import { poolSize, warmStudyPool, spareWorkers } from './pool.js';
import { mount as mountUrlHash, applyHash } from './url-hash.js';
import { showWorkerError } from './panels/messages.js';
import { mount as mountControls, syncPlay } from './panels/controls.js';
import { mount as mountLayers, updateLayerStats } from './panels/layers.js';
import { mount as mountCompare, showInitShare } from './panels/compare.js';
import { mount as mountExports, onModel, onImported, clearImport } from './panels/exports.js';
import { mount as mountViews, setPoints, showSurfaces, drawNets } from './panels/views.js';
import { mount as mountStatus, updateStatus } from './panels/status.js';
import { updateLearningChecks, clearLearningChecks } from './panels/learning.js';
import { mount as mountRuns, keptProbe, flushRuns } from './panels/runs.js';
import { mount as mountDistributions, updateLayersView, resetLayersView, layersProbe } from './panels/distributions.js';
import { updateDiagnosis, clearDiagnosis } from './panels/diagnosis.js';
import { mount as mountScrubber, onScrubbed, onScrubError, scrubProbe, scrubTo } from './panels/scrubber.js';
import { mount as mountNetView, onUnitMaps, onUnitMapsError, netViewProbe } from './panels/netview.js';
import { mount as mountData } from './panels/data.js';
import { mount as mountFeatures } from './panels/features.js';
import { mount as mountTable, showTableAxes } from './panels/table.js';
import { updateDigits, digitsProbe } from './panels/digits.js';
import { mount as mountConfusion, updateConfusion, confusionProbe } from './panels/confusion.js';
import {
  mount as mountCharts, updateCharts, markChartsStale, drawCurve, requestCurve, seriesCount, chartProbe, overlayLabels,
} from './panels/charts.js';

// Mounting binds each panel's controls and subscribes it to the page events
// (page-state.js's PageEvent), in this order.
mountControls();
mountLayers();
mountCompare();
mountExports();
mountViews();
mountStatus();
mountCharts();
mountRuns();
mountDistributions();
mountScrubber();
mountNetView();
mountData();
mountFeatures();
mountTable();
mountConfusion();
mountUrlHash();
on(PageEvent.RUNS_RESET, clearLearningChecks);
on(PageEvent.RUNS_RESET, resetLayersView);
on(PageEvent.RUNS_RESET, clearDiagnosis);

// The seed study's workers (pool.js warmStudyPool) start once the page has been
// quiet for WARM_QUIET_MS: its own worker ready, nothing training and no study
// running (its workers come back to the spares when it ends). Started
// at once, their start and warm-up (about 1 s of CPU on two workers) took the
// cores from a Play right after the page loaded; a study that comes before
// them starts its own workers.
const WARM_QUIET_MS = 3000;
let warmTimer = null;
const quiet = () => page.workerReady && !page.playing && !page.study.pool;
function warmWhenQuiet() {
  clearTimeout(warmTimer);
  warmTimer = null;
  if (!quiet()) return;
  warmTimer = setTimeout(() => {
    warmTimer = null;
    if (quiet()) (globalThis.requestIdleCallback ?? setTimeout)(() => warmStudyPool(poolSize(), plainState()), { timeout: 1000 });
  }, WARM_QUIET_MS);
}
on(PageEvent.PLAYING, warmWhenQuiet);

listen({
  ready() {
    requestCurve();
    warmWhenQuiet();
  },
  data(m) { setPoints(m); showTableAxes(m); },
  curve() { drawCurve(); },
  model: onModel,
  imported: onImported,
  scrubbed: onScrubbed,
  unitMaps: onUnitMaps,
  error(m) {
    if (m.where === ToWorker.SCRUB) onScrubError();
    if (m.where === ToWorker.UNIT_MAPS) onUnitMapsError();
    if (m.where === ToWorker.SETUP || m.where === ToWorker.REBUILD) page.buildError = m.message;
    showWorkerError(m);
    if (m.where === ToWorker.IMPORT_MODEL) clearImport();
  },
});

// Rendering happens once per animation frame, only for what changed. The loop
// runs while something is to be drawn (a dirty flag, a stale chart, training)
// and LINGER_MS after, for the redraws the loop spaces out (the network
// drawing at most every 200 ms, the Layers view and the diagnosis while
// training); then it sleeps until a dirty flag is set or training starts. An
// idle page asked for a frame 60 times a second: about 0.1 s of CPU a second.
const LINGER_MS = 1000;
let queued = false;
let activeAt = -Infinity;
function wake() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(frame);
}
const busy = () => page.playing || page.charts.stale.some(Boolean)
  || Object.entries(page.dirty).some(([k, v]) => v && (k !== 'layers' || page.view === 'layers'));

function frame(now) {
  queued = false;
  if (page.dirty.surface) { showSurfaces(); page.dirty.surface = false; }
  if (page.dirty.charts) { markChartsStale(); page.dirty.charts = false; }
  // while training: one chart per 33 ms at most (each chart redraws ~10×/s)
  if (!page.playing || now - page.frame.lastChart >= 33) { updateCharts(!page.playing); page.frame.lastChart = now; }
  if (page.dirty.status) { updateStatus(); updateLayerStats(); updateLearningChecks(); showInitShare(); updateConfusion(); updateDigits(); page.dirty.status = false; }
  updateLayersView(now);
  updateDiagnosis(now);
  if (page.dirty.net && now - page.frame.lastNetDraw > 200) { drawNets(); page.dirty.net = false; page.frame.lastNetDraw = now; }
  if (busy()) activeAt = now;
  if (now - activeAt < LINGER_MS) wake();
}
onDirty(wake);
on(PageEvent.PLAYING, wake);

applyHash();
syncPlay();
wake();

// Read-only view for tests and curious users (console: gradlab).
window.gradlab = {
  get state() { return plainState(); },
  get runs() { return page.runs.map((r) => ({ history: r.history, epoch: r.epoch, stopped: r.stopped, surface: r.surface ? Array.from(r.surface) : null, surfaceRes: r.surfaceRes, current: r.current })); },
  /** Per run: the resolution the current surface was computed at (GRID: full; coarser while a big net trains). */
  get surfaceRes() { return page.runs.map((r) => r.surfaceRes); },
  /** The workers: the pool size, whether B trains in a worker of its own, how many the last study used, how many wait for a study. */
  get pool() { return { size: poolSize(), split: page.split, studyWorkers: page.study.workers, spare: spareWorkers() }; },
  get playing() { return page.playing; },
  get epochs() { return page.runs.map((r) => r.epoch); },
  get study() { return page.study.last; },
  /** Every result of the last study: A's and B's, with their per-epoch histories. */
  get studyResults() { return page.study.lastAll; },
  /** The last study's bands over seeds (seedBands per network: A, then B), or null. */
  get studyBands() { return page.study.bands; },
  /** Per run: the weights of the last update (before any epoch: the initial ones), as plain arrays. */
  get weights() { return page.runs.map((r) => (r.weights ? r.weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias) })) : null)); },
  /** Network B's shared and unshared layers when it starts from A's initial weights (else null). */
  get initShare() { return page.runs[1] ? page.runs[1].initShare || null : null; },
  get ready() { return page.workerReady && page.runs.length > 0 && page.runs.every((r) => r.surface); },
  get seriesCount() { return seriesCount(); },
  /** Per run: the test set's latest confusion matrix { classes, test: counts, row = true class } or null. */
  get confusion() { return confusionProbe(); },
  get kept() { return keptProbe(); },
  get overlay() { return overlayLabels(); },
  flushRuns,
  get charts() { return chartProbe(); },
  /** The Layers view's figures per run: { epoch, layers: [{ p, saturatedShare, deadShare, updateRatio, text }] }. */
  get layers() { return layersProbe(); },
  /** Show epoch `epoch` (null: live) as dragging the scrubber does (same as scrubTo). */
  showEpoch(epoch) { scrubTo(epoch); },
  /** The diagnosis per run (diagnose() plus the epoch), or null for a run not trained yet. */
  get diagnosis() { return page.diagnosis.runs.map((d) => (d ? { epoch: d.epoch, text: d.text, healthy: d.healthy, proposals: d.proposals } : null)); },
  /** The epoch scrubber: { epoch (null: live), max, shown (per run, the snapshot's epoch), note }. */
  get scrub() { return scrubProbe(); },
  /** Show epoch e (null: live), as dragging the scrubber does. */
  scrubTo,
  /** The network diagram: { links, hover, pop (the open unit view), marks (per run, layer, unit) }. */
  get netView() { return netViewProbe(); },
  get data() { return page.data ? { Xtr: Array.from(page.data.Xtr), ytr: Array.from(page.data.ytr), Xte: Array.from(page.data.Xte), yte: Array.from(page.data.yte), classes: page.data.classes, inputs: page.data.inputs, features: page.data.features, table: page.data.table ? { columns: page.data.table.columns, classNames: page.data.table.classNames, yRange: page.data.table.yRange, sx: page.data.table.sx, sy: page.data.table.sy, scaling: { kind: page.data.table.scaling.kind, shift: Array.from(page.data.table.scaling.shift), scale: Array.from(page.data.table.scaling.scale) } } : null } : null; },
  /** Digits: per run the misclassified test images shown ({ rows, predicted, count }) or null. */
  get wrong() { return digitsProbe(); },
  get curve() { return page.curve ? { name: page.curve.name, x: Array.from(page.curve.x), f: Array.from(page.curve.f), d: Array.from(page.curve.d) } : null; },
};
