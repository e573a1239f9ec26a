// app.js — the controller: binds the controls to the state, the state to the
// URL hash, and the worker's updates to the views. Rendering happens once per
// animation frame, only when something changed.
import { exportChartsPng, historyCsv, historyJson, download, experimentScript } from './exports.js';
import { ToWorker } from './protocol.js';
import { page, plainState, on, PageEvent, syncControls } from './page-state.js';
import { listen, send, setPlaying, resetRuns } from './session.js';
import {
  mount as mountCharts, updateCharts, markChartsStale, drawCurve, requestCurve, chartCanvases, seriesCount,
} from './panels/charts.js';
import { mount as mountStatus, updateStatus } from './panels/status.js';
import { mount as mountLayers, updateLayerStats } from './panels/layers.js';
import { mount as mountCompare } from './panels/compare.js';
import { mount as mountControls, syncPlay } from './panels/controls.js';
import { mount as mountViews, runTitle, setPoints, showSurfaces, drawNets, surfaceCanvas } from './panels/views.js';
import { mount as mountUrlHash, writeHash, applyHash } from './url-hash.js';
import { $ } from './panels/dom.js';
import { showMessage, showWorkerError } from './panels/messages.js';

function onImported(m) {
  $('import-model').value = '';
  if (m.cfg) {
    page.settings.a.layers = m.cfg.layers;
    page.settings.a.out = m.cfg.out;
    page.settings.preset = '';
  }
  resetRuns(m.gen); // the worker rebuilt the runs under this generation already
  syncControls();
  writeHash();
  showMessage('Model imported into network A; training restarts from its weights.', 'info', 'import');
}

function frame(now) {
  if (page.dirty.surface) { showSurfaces(); page.dirty.surface = false; }
  if (page.dirty.charts) { markChartsStale(); page.dirty.charts = false; }
  // while training: one chart per 33 ms at most (each chart redraws ~10×/s)
  if (!page.playing || now - page.frame.lastChart >= 33) { updateCharts(!page.playing); page.frame.lastChart = now; }
  if (page.dirty.status) { updateStatus(); updateLayerStats(); page.dirty.status = false; }
  if (page.dirty.net && now - page.frame.lastNetDraw > 200) { drawNets(); page.dirty.net = false; page.frame.lastNetDraw = now; }
  requestAnimationFrame(frame);
}

// ---- share, export, import ---------------------------------------------------
$('share').addEventListener('click', async () => {
  writeHash();
  try {
    await navigator.clipboard.writeText(location.href);
    showMessage('Link copied: opening it restores this state.', 'info', 'share');
  } catch {
    showMessage(`Copy this link to share the state: ${location.href}`, 'info', 'share');
  }
});
const closeMenu = () => { $('export-menu').open = false; };
$('export-png').addEventListener('click', () => {
  closeMenu();
  exportChartsPng({
    surfaces: page.runs.map((_, i) => ({ title: `Decision surface ${'AB'[i]}: ${runTitle(page.settings['ab'[i]])}`, canvas: surfaceCanvas(i) })),
    charts: [
      ...page.runs.map((_, i) => ({ title: `Gradient size per layer ${page.runs.length > 1 ? 'AB'[i] : ''} (mean |dL/dW|, log)`, canvas: chartCanvases().grad[i] })),
      { title: 'Loss (dark = train, light = test)', canvas: chartCanvases().loss },
      { title: 'Accuracy', canvas: chartCanvases().acc },
    ],
  }).catch((e) => showMessage(`Export PNG: ${e.message}`));
});
$('export-csv').addEventListener('click', () => { closeMenu(); download('gradlab-history.csv', historyCsv(page.runs), 'text/csv'); });
$('export-json').addEventListener('click', () => { closeMenu(); download('gradlab-history.json', historyJson(page.settings, page.runs), 'application/json'); });
$('export-model').addEventListener('click', () => { closeMenu(); send(ToWorker.EXPORT_MODEL, { run: page.settings.cmp && page.editing === 'b' ? 1 : 0 }); });
// PyTorch / Keras script of the current experiment with the current weights
// (network A, or A and B in compare mode): the worker sends each model.
for (const framework of ['pytorch', 'keras']) {
  $(`export-${framework}`).addEventListener('click', () => {
    closeMenu();
    (page.settings.cmp ? [0, 1] : [0]).forEach((run) => send(ToWorker.EXPORT_MODEL, { run, purpose: framework }));
  });
}
function onScriptWeights(m) {
  const name = page.settings.cmp ? `gradlab-${'AB'[m.run]}-${m.purpose}.py` : `gradlab-${m.purpose}.py`;
  try {
    download(name, experimentScript(m.purpose, plainState(), m.run, m.json), 'text/x-python');
  } catch (e) {
    showMessage(`Export ${m.purpose === 'pytorch' ? 'PyTorch' : 'Keras'} script: ${e.message}`);
  }
}
$('import-model').addEventListener('change', async () => {
  const f = $('import-model').files[0];
  if (!f) return;
  if (f.size > 50e6) { showMessage(`Import model: the file is ${Math.round(f.size / 1e6)} MB; a gradlab model is far smaller.`); return; }
  const text = await f.text();
  setPlaying(false);
  send(ToWorker.IMPORT_MODEL, { text, gen: page.gen + 1 });
});

// ---- start --------------------------------------------------------------------
mountControls();
mountCharts();
mountStatus();
mountLayers();
mountCompare();
mountViews();
mountUrlHash();
on(PageEvent.SYNC, () => {
  $('export-model').textContent = page.settings.cmp ? `Model ${page.editing.toUpperCase()} as JSON` : 'Model as JSON';
});
listen({
  ready() { requestCurve(); },
  data: setPoints,
  curve() { drawCurve(); },
  model(m) {
    if (m.purpose === 'pytorch' || m.purpose === 'keras') onScriptWeights(m);
    else download(`gradlab-model-${'AB'[m.run]}.json`, m.json, 'application/json');
  },
  imported: onImported,
  error(m) {
    showWorkerError(m);
    if (m.where === ToWorker.IMPORT_MODEL) $('import-model').value = '';
  },
});
applyHash();
syncPlay();
requestAnimationFrame(frame);

// Read-only view for tests and curious users (console: gradlab).
window.gradlab = {
  get state() { return plainState(); },
  get runs() { return page.runs.map((r) => ({ history: r.history, epoch: r.epoch, stopped: r.stopped, surface: r.surface ? Array.from(r.surface) : null, current: r.current })); },
  get playing() { return page.playing; },
  get epochs() { return page.runs.map((r) => r.epoch); },
  get study() { return page.study.last; },
  get ready() { return page.workerReady && page.runs.length > 0 && page.runs.every((r) => r.surface); },
  get seriesCount() { return seriesCount(); },
  get data() { return page.data ? { Xtr: Array.from(page.data.Xtr), ytr: Array.from(page.data.ytr), Xte: Array.from(page.data.Xte), yte: Array.from(page.data.yte) } : null; },
  get curve() { return page.curve ? { name: page.curve.name, x: Array.from(page.curve.x), f: Array.from(page.curve.f), d: Array.from(page.curve.d) } : null; },
};
