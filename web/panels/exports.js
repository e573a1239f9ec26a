// panels/exports.js — Share, the Export menu and Import model in the top bar.
// web/exports.js builds the files; this panel asks the worker for the models
// it needs, names the downloads and takes an imported model back into the page.
import { exportChartsPng, historyCsv, historyJson, download, experimentScript } from '../exports.js';
import { ToWorker } from '../protocol.js';
import { page, plainState, editedRun, syncControls, on, PageEvent } from '../page-state.js';
import { send, setPlaying, resetRuns } from '../session.js';
import { writeHash } from '../url-hash.js';
import { showMessage } from './messages.js';
import { chartCanvases } from './charts.js';
import { runTitle, surfaceCanvas } from './views.js';
import { $ } from './dom.js';

const closeMenu = () => { $('export-menu').open = false; };

function exportPng() {
  const canvases = chartCanvases();
  exportChartsPng({
    surfaces: page.runs.map((_, i) => ({ title: `Decision surface ${'AB'[i]}: ${runTitle(page.settings['ab'[i]])}`, canvas: surfaceCanvas(i) })),
    charts: [
      ...page.runs.map((_, i) => ({ title: `Gradient size per layer ${page.runs.length > 1 ? 'AB'[i] : ''} (mean |dL/dW|, log)`, canvas: canvases.grad[i] })),
      { title: 'Loss (dark = train, light = test)', canvas: canvases.loss },
      { title: 'Accuracy', canvas: canvases.acc },
    ],
  }).catch((e) => showMessage(`Export PNG: ${e.message}`));
}

/** The worker's `model`: a download of its JSON, or the script it was asked for. */
export function onModel(m) {
  if (m.purpose === 'pytorch' || m.purpose === 'keras') onScriptWeights(m);
  else download(`gradlab-model-${'AB'[m.run]}.json`, m.json, 'application/json');
}

function onScriptWeights(m) {
  const name = page.settings.cmp ? `gradlab-${'AB'[m.run]}-${m.purpose}.py` : `gradlab-${m.purpose}.py`;
  try {
    download(name, experimentScript(m.purpose, plainState(), m.run, m.json), 'text/x-python');
  } catch (e) {
    showMessage(`Export ${m.purpose === 'pytorch' ? 'PyTorch' : 'Keras'} script: ${e.message}`);
  }
}

/** The worker's `imported`: network A is the model now, and every run starts again. */
export function onImported(m) {
  clearImport();
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

/** Forget the chosen file (so choosing the same file again imports it again). */
export function clearImport() { $('import-model').value = ''; }

function syncExportMenu() {
  $('export-model').textContent = page.settings.cmp ? `Model ${page.editing.toUpperCase()} as JSON` : 'Model as JSON';
}

export function mount() {
  $('share').addEventListener('click', async () => {
    writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      showMessage('Link copied: opening it restores this state.', 'info', 'share');
    } catch {
      showMessage(`Copy this link to share the state: ${location.href}`, 'info', 'share');
    }
  });
  $('export-png').addEventListener('click', () => { closeMenu(); exportPng(); });
  $('export-csv').addEventListener('click', () => { closeMenu(); download('gradlab-history.csv', historyCsv(page.runs), 'text/csv'); });
  $('export-json').addEventListener('click', () => { closeMenu(); download('gradlab-history.json', historyJson(page.settings, page.runs), 'application/json'); });
  $('export-model').addEventListener('click', () => { closeMenu(); send(ToWorker.EXPORT_MODEL, { run: editedRun() }); });
  // PyTorch / Keras script of the current experiment with the current weights
  // (network A, or A and B in compare mode): the worker sends each model.
  for (const framework of ['pytorch', 'keras']) {
    $(`export-${framework}`).addEventListener('click', () => {
      closeMenu();
      (page.settings.cmp ? [0, 1] : [0]).forEach((run) => send(ToWorker.EXPORT_MODEL, { run, purpose: framework }));
    });
  }
  $('import-model').addEventListener('change', async () => {
    const f = $('import-model').files[0];
    if (!f) return;
    if (f.size > 50e6) { showMessage(`Import model: the file is ${Math.round(f.size / 1e6)} MB; a gradlab model is far smaller.`); return; }
    const text = await f.text();
    setPlaying(false);
    send(ToWorker.IMPORT_MODEL, { text, gen: page.gen + 1 });
  });
  on(PageEvent.SYNC, syncExportMenu);
}
