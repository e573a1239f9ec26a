// app.js — the controller: binds the controls to the state, the state to the
// URL hash, and the worker's updates to the views. Rendering happens once per
// animation frame, only when something changed.
import {
  ACTIVATIONS, INITS, MAX_LAYERS, MAX_UNITS, defaultState, cloneState, validateField, toHash, fromHash,
} from './state.js';
import { PRESETS, presetById, presetState } from './presets.js';
import { depthColor } from './charts.js';
import { SurfaceView } from './surface.js';
import { NetworkDrawing } from './netdraw.js';
import { exportChartsPng, historyCsv, historyJson, download, experimentScript } from './exports.js';
import { ToWorker } from './protocol.js';
import { page, editedNet, plainState, on, PageEvent, syncControls } from './page-state.js';
import { listen, send, setPlaying, resetRuns, restart } from './session.js';
import {
  mount as mountCharts, updateCharts, markChartsStale, drawCurve, requestCurve, showCurve, setCurveName, chartCanvases, seriesCount,
} from './panels/charts.js';
import { mount as mountStatus, updateStatus } from './panels/status.js';
import { mount as mountLayers, updateLayerStats } from './panels/layers.js';
import { mount as mountCompare } from './panels/compare.js';
import { $, fillSelect } from './panels/dom.js';
import { showMessage, clearMessage, setInvalid, showWorkerError } from './panels/messages.js';

const DATA_KEYS = new Set(['ds', 'n', 'noise', 'factor', 'split', 'dseed']);
const INIT_PARAMS = { random_uniform: ['min', 'max'], random_normal: ['mean', 'std'] };

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

// ---- views ------------------------------------------------------------------
const clickClass = () => Number(document.querySelector('input[name=click-class]:checked').value);
const surfaces = ['a', 'b'].map((k) => new SurfaceView($(`surface-${k}`), {
  onClick(x, y) {
    if (!page.data) return;
    send(ToWorker.ADD_POINT, { x, y, label: clickClass() });
  },
}));

const netDrawings = ['a', 'b'].map((k) => new NetworkDrawing($(`net-${k}`)));
const netObserver = new ResizeObserver(() => { page.dirty.net = true; });
for (const k of ['a', 'b']) netObserver.observe($(`net-${k}`));

function runTitle(cfg) {
  const acts = [...new Set(cfg.layers.map((l) => l.act))].join('/');
  const units = [...new Set(cfg.layers.map((l) => l.units))];
  const shape = units.length === 1 ? `${cfg.layers.length} × ${units[0]}` : cfg.layers.map((l) => l.units).join('-');
  const p = INIT_PARAMS[cfg.init] ? `(${cfg.ia}, ${cfg.ib})` : '';
  return `${shape} ${acts}, ${cfg.init}${p}, ${cfg.opt} lr ${cfg.lr}`;
}

function drawNets() {
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

function frame(now) {
  if (page.dirty.surface) {
    page.runs.forEach((r, i) => { if (r.surfaceNew) { surfaces[i].setSurface(r.surface); r.surfaceNew = false; } });
    page.dirty.surface = false;
  }
  if (page.dirty.charts) { markChartsStale(); page.dirty.charts = false; }
  // while training: one chart per 33 ms at most (each chart redraws ~10×/s)
  if (!page.playing || now - page.frame.lastChart >= 33) { updateCharts(!page.playing); page.frame.lastChart = now; }
  if (page.dirty.status) { updateStatus(); updateLayerStats(); page.dirty.status = false; }
  if (page.dirty.net && now - page.frame.lastNetDraw > 200) { drawNets(); page.dirty.net = false; page.frame.lastNetDraw = now; }
  requestAnimationFrame(frame);
}

// ---- controls ---------------------------------------------------------------
fillSelect($('init'), INITS);
fillSelect($('oinit'), INITS);
for (const p of PRESETS) $('preset').append(new Option(p.name, p.id));

function syncFields() {
  for (const el of document.querySelectorAll('[data-key]')) {
    const v = page.settings[el.dataset.key];
    if (el.type === 'checkbox') el.checked = !!v; else el.value = String(v);
    el.setAttribute('aria-invalid', 'false');
  }
  for (const el of document.querySelectorAll('[data-net]')) {
    el.value = String(editedNet()[el.dataset.net]);
    el.setAttribute('aria-invalid', 'false');
  }
  for (const k of ['n', 'noise', 'factor', 'split']) $(`${k}-out`).textContent = k === 'n' ? String(page.settings[k]) : Number(page.settings[k]).toFixed(2);
  $('factor').disabled = page.settings.ds !== 'circles';
  $('preset').value = page.settings.preset || '';
  const cfg = editedNet();
  const ip = INIT_PARAMS[cfg.init] || INIT_PARAMS[cfg.oinit];
  $('ia-wrap').hidden = !ip; $('ib-wrap').hidden = !ip;
  if (ip) { $('ia-label').textContent = `init ${ip[0]}`; $('ib-label').textContent = `init ${ip[1]}`; }
  $('mom-wrap').hidden = !(cfg.opt === 'momentum' || cfg.opt === 'rmsprop');
  $('export-model').textContent = page.settings.cmp ? `Model ${page.editing.toUpperCase()} as JSON` : 'Model as JSON';
  const p = presetById(page.settings.preset);
  $('explain-title').textContent = p ? p.name : 'The vanishing gradient';
  $('preset-text').textContent = p ? p.text
    : 'Pick a preset above to replay the published experiments, or build your own network and press Play. ' +
      'The chart below shows how large the gradient is in each layer: lines far apart mean the first layers barely learn.';
}

function writeHash() {
  const h = `#${toHash(page.settings)}`;
  if (location.hash !== h) history.replaceState(null, '', h);
}

/** Apply one validated change; what decides how much restarts. */
function changed(key) {
  if (key !== 'preset' && key !== 'speed') page.settings.preset = '';
  if (DATA_KEYS.has(key)) restart(ToWorker.SETUP);
  else if (key === 'epochs') { send(ToWorker.EPOCHS, { epochs: page.settings.epochs }); page.dirty.status = true; }
  else if (key === 'speed') send(ToWorker.SPEED, { speed: page.settings.speed });
  else restart(ToWorker.REBUILD);
  syncControls();
  writeHash();
}

function onField(el) {
  const key = el.dataset.key;
  const raw = el.type === 'checkbox' ? (el.checked ? 1 : 0) : el.value;
  const r = validateField(key, raw);
  if (r.error) { setInvalid(el, r.error); return; }
  setInvalid(el, null);
  if (page.settings[key] === r.value) return;
  page.settings[key] = r.value;
  if (key === 'cmp') { page.editing = 'a'; }
  changed(key);
}

function onNetField(el) {
  const key = el.dataset.net;
  const r = validateField(key, el.value);
  if (r.error) { setInvalid(el, r.error); return; }
  setInvalid(el, null);
  if (editedNet()[key] === r.value) return;
  editedNet()[key] = r.value;
  changed(key);
}

for (const el of document.querySelectorAll('[data-key]')) {
  el.addEventListener('change', () => onField(el));
  if (el.type === 'range') el.addEventListener('input', () => { $(`${el.id}-out`).textContent = el.id === 'n' ? el.value : Number(el.value).toFixed(2); });
}
for (const el of document.querySelectorAll('[data-net]')) el.addEventListener('change', () => onNetField(el));


$('preset').addEventListener('change', () => {
  const id = $('preset').value;
  if (!id) { page.settings.preset = ''; syncControls(); writeHash(); return; }
  const p = presetState(id);
  p.speed = page.settings.speed;
  page.settings = p;
  page.editing = 'a';
  showCurve(page.settings.a.layers[0].act);
  syncControls();
  writeHash();
  restart(ToWorker.SETUP);
});

$('regen').addEventListener('click', () => {
  page.settings.dseed = (page.settings.dseed + 1) % 2147483648;
  changed('dseed');
});

function syncPlay() {
  const b = $('play');
  b.textContent = page.playing ? '❚❚ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(page.playing));
}
$('play').addEventListener('click', () => {
  if (!page.playing && page.runs.length && page.runs.every((r) => r.stopped || r.epoch >= page.settings.epochs)) {
    showMessage(`Training has reached ${page.runs.every((r) => r.stopped) ? 'a stop' : `the limit of ${page.settings.epochs} epochs`}: raise Epochs to go on, or Reset.`, 'info', 'limit');
    return;
  }
  setPlaying(!page.playing);
  send(page.playing ? ToWorker.PLAY : ToWorker.PAUSE);
});
$('step').addEventListener('click', () => { setPlaying(false); send(ToWorker.STEP); });
$('reset').addEventListener('click', () => restart(ToWorker.REBUILD));
document.addEventListener('keydown', (ev) => {
  if (ev.key !== ' ' || ev.defaultPrevented || ev.target.closest('input, select, button, summary, textarea, label, [role=button]')) return;
  ev.preventDefault();
  $('play').click();
});

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
    surfaces: page.runs.map((_, i) => ({ title: `Decision surface ${'AB'[i]}: ${runTitle(page.settings['ab'[i]])}`, canvas: surfaces[i].composite() })),
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

// ---- URL hash -----------------------------------------------------------------
function applyHash() {
  const { state, errors } = fromHash(location.hash);
  if (errors.length) {
    showMessage(`The link's settings were partly invalid and defaults were used for them: ${errors.slice(0, 4).join('; ')}` +
      `${errors.length > 4 ? ` (+${errors.length - 4} more)` : ''}.`, 'error', 'hash');
  } else clearMessage('hash');
  page.settings = state;
  if (!page.settings.cmp) page.settings.b = cloneState(defaultState()).b;
  page.editing = 'a';
  setCurveName(page.settings.a.layers[0].act);
  syncControls();
  if (errors.length) writeHash();
  restart(ToWorker.SETUP);
  requestCurve();
}
window.addEventListener('hashchange', () => {
  if (location.hash === `#${toHash(page.settings)}`) return;
  applyHash();
});

// ---- start --------------------------------------------------------------------
on(PageEvent.SYNC, syncFields);
mountCharts();
mountStatus();
mountLayers();
mountCompare();
on(PageEvent.EDIT, changed);
on(PageEvent.PLAYING, syncPlay);
listen({
  ready() { requestCurve(); },
  data(m) { surfaces.forEach((s) => s.setPoints(m)); },
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
