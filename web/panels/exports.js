// panels/exports.js — Share, the Export menu and Import model in the top bar.
// web/exports.js builds the files; this panel asks the worker for the models
// it needs, names the downloads and takes an imported model back into the page.
import { exportChartsPng, historyCsv, historyJson, download, experimentScript } from '../exports.js';
import { ToWorker } from '../protocol.js';
import { page, plainState, editedRun, syncControls, on, emit, PageEvent } from '../page-state.js';
import { dataInputs, validateField } from '../state.js';
import { send, setPlaying, resetRuns } from '../session.js';
import { writeHash } from '../url-hash.js';
import { showMessage } from './messages.js';
import { layerSeries } from '../charts.js';
import { runTitle, surfaceCanvas } from './views.js';
import { $ } from './dom.js';

const closeMenu = () => { $('export-menu').open = false; };

// The loss and accuracy charts' colours (as in panels/charts.js): per run, train dark, test light.
const RUN_COLORS = [['#0f766e', '#5eead4'], ['#7c3aed', '#c4b5fd']];

function exportPng() {
  const runs = page.runs;
  const two = runs.length > 1;
  const longest = runs.reduce((a, r) => (r.history.length > a.history.length ? r : a), runs[0]);
  const xs = longest.history.map((s) => s.epoch);
  const col = (r, f) => longest.history.map((_, j) => (r.history[j] ? r.history[j][f] : null));
  const runSeries = (fields, what) => runs.flatMap((r, i) => fields.map((f, k) => ({
    label: `${two ? `${'AB'[i]} ` : ''}${k ? 'test' : 'train'} ${what}`, stroke: RUN_COLORS[i][k], width: k ? 1.25 : 1.6, values: col(r, f),
  })));
  const gradTile = (r, i) => ({
    title: `Gradient size per layer${two ? ` (${'AB'[i]})` : ''}: mean |∂L/∂W|, log scale`,
    plot: {
      log: true, logRange, xs: r.history.map((s) => s.epoch),
      series: layerSeries(r.layers).map((s, l) => ({ ...s, values: r.history.map((h) => (h.layers && h.layers[l] ? h.layers[l].gradMeanAbs : null)) })),
    },
  });
  // side by side, the two gradient charts share their decades (as on the page)
  let lo = Infinity, hi = 0;
  for (const r of runs) for (const h of r.history) for (const l of h.layers || []) if (l.gradMeanAbs > 0) { lo = Math.min(lo, l.gradMeanAbs); hi = Math.max(hi, l.gradMeanAbs); }
  const logRange = two && hi > 0 ? [lo, hi] : undefined;
  const surfaceTile = (i) => ({ title: `Decision surface${two ? ` ${'AB'[i]}` : ''}: ${runTitle(page.settings['ab'[i]])}`, canvas: surfaceCanvas(i, 500, 2) });
  const loss = { title: 'Loss', plot: { xs, series: runSeries(['loss', 'valLoss'], 'loss') } };
  // a regression set: R² (as the page's chart), not the library's accuracy of a class
  const acc = page.data && page.data.classes === 0 ? { title: 'R² = 1 − mse / variance of y', plot: { xs, series: runSeries(['r2', 'valR2'], 'R²') } }
    : { title: 'Accuracy', plot: { xs, yRange: [0.4, 1], series: runSeries(['accuracy', 'valAccuracy'], 'acc') } };
  const tiles = two ? [surfaceTile(0), surfaceTile(1), gradTile(runs[0], 0), gradTile(runs[1], 1), loss, acc]
    : [surfaceTile(0), gradTile(runs[0], 0), loss, acc];
  exportChartsPng(tiles).catch((e) => showMessage(`Export PNG: ${e.message}`));
}

/** The worker's `model`: a download of its JSON, or the script it was asked for. */
export function onModel(m) {
  if (m.purpose === 'pytorch' || m.purpose === 'keras') onScriptWeights(m);
  else download(`gradlab-model-${'AB'[m.run]}.json`, m.json, 'application/json');
}

function onScriptWeights(m) {
  const name = page.settings.cmp ? `gradlab-${'AB'[m.run]}-${m.purpose}.py` : `gradlab-${m.purpose}.py`;
  try {
    const st = plainState();
    download(name, experimentScript(m.purpose, st, m.run, m.json, m.data, m.table), 'text/x-python');
    // a CSV stays in the page: the script reads the user's copy, and says which (its checksum)
    if (st.ds === 'csv') {
      const pasted = st.csv === 'pasted text';
      const arg = !pasted && /^[\w.-]+$/.test(st.csv) ? st.csv : 'data.csv';
      showMessage(`${name} reads your CSV: run python3 ${name} ${arg} with ${pasted ? 'the text you pasted saved as that file (UTF-8, one row a line)' : `the same file "${st.csv}"`}: the script checks that it is the same text.`, 'info', 'script-csv');
    }
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

/**
 * A model file that records its feature inputs (version 3, spec.features)
 * brings them: the page takes them (the data rebuilt on them) before the
 * worker imports the model. Features in another order than the page lists
 * them stay unchanged: the worker's import then says why it fails.
 */
function adoptFeatures(text) {
  let f;
  try { f = JSON.parse(text)?.spec?.features; } catch { return; }
  if (!Array.isArray(f) || dataInputs(page.settings) !== 2) return;
  const r = validateField('feat', f); // in the library's order
  if (r.error || r.value.join(',') !== f.join(',') || f.join(',') === page.settings.feat.join(',')) return;
  page.settings.feat = r.value;
  emit(PageEvent.EDIT, 'feat');
  showMessage(`Import model: the model takes the feature inputs ${f.join(', ')}; the page's networks now take them too.`, 'info', 'import-feat');
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
  // and the page's points (network A, or A and B in compare mode): the worker
  // sends each model with its data.
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
    adoptFeatures(text);
    send(ToWorker.IMPORT_MODEL, { text, gen: page.gen + 1 });
  });
  // the menu closes on Escape (focus back on its button) and on a click outside it
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !$('export-menu').open) return;
    closeMenu();
    $('export-menu').querySelector('summary').focus();
  });
  document.addEventListener('pointerdown', (ev) => {
    if ($('export-menu').open && !$('export-menu').contains(ev.target)) closeMenu();
  });
  on(PageEvent.SYNC, syncExportMenu);
}
