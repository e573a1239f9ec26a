// panels/runs.js — the Kept runs panel: the list of page.kept.runs (kept by
// panels/runs-keep.js) newest first, each with a gradient sparkline; rename,
// pin, open, export and delete a run; import a run file; tick two or more to
// overlay them on the loss, accuracy and gradient charts (panels/runs-overlay.js,
// panels/charts.js setOverlay). Opening a kept run shows it as the page's
// finished run: its settings, charts and final weights (the surface), ready to
// be continued (Play) or compared; a kept study shows its bands over seeds. On
// load, a page that has not trained yet shows the newest kept run of its link's
// settings again (a reload loses nothing).
import { page, syncControls, on, PageEvent } from '../page-state.js';
import { download } from '../exports.js';
import { parseRun, runFileText, MAX_RUN_CHARS } from '../run-file.js';
import { ToWorker } from '../protocol.js';
import { toHash } from '../state.js';
import { restart } from '../session.js';
import { writeHash } from '../url-hash.js';
import { mountKeep, addRecord, deleteRecord, write, newId, flushRuns } from './runs-keep.js';
import { overlayOf, historyOf, drawSparkline, MAX_OVERLAY, OVERLAY_COLORS } from './runs-overlay.js';
import { setOverlay, setCurveName, requestCurve } from './charts.js';
import { showKeptStudy } from './compare.js';
import { showMessage } from './messages.js';
import { $ } from './dom.js';

export { flushRuns };
const kept = page.kept;

// ---- the overlay ------------------------------------------------------------------
function overlayRecs() { return kept.runs.filter((k) => kept.selected.has(k.id)).slice(0, MAX_OVERLAY).reverse(); }

function applyOverlay() {
  const recs = overlayRecs();
  if (!kept.overlay) return;
  if (recs.length < 2) { kept.overlay = false; setOverlay(null); syncButtons(); return; }
  setOverlay(overlayOf(recs));
  // the key above the charts: each run's colour and name
  $('overlay-names').replaceChildren(...recs.map((r, j) => {
    const k = document.createElement('span');
    k.className = 'ok';
    const sw = document.createElement('i');
    sw.style.background = OVERLAY_COLORS[j];
    k.append(sw, r.kind === 'study' ? `${r.name} (median seed)` : r.name);
    return k;
  }));
  syncButtons();
}

function syncButtons() {
  const b = $('runs-overlay');
  const n = overlayRecs().length;
  b.disabled = !kept.overlay && n < 2;
  b.textContent = kept.overlay ? 'Show live charts' : `Overlay selected${n ? ` (${n})` : ''}`;
  b.setAttribute('aria-pressed', kept.overlay ? 'true' : 'false');
  $('runs-panel').classList.toggle('overlaying', kept.overlay);
  $('runs-overlay-note').hidden = !kept.overlay;
  $('overlay-key').hidden = !kept.overlay;
  document.body.classList.toggle('overlaying', kept.overlay);
}

// ---- the list ---------------------------------------------------------------------
const pct = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

function metaText(rec) {
  const d = new Date(rec.date);
  const when = `${d.toLocaleDateString()} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  if (rec.kind === 'study') {
    const seeds = new Set(rec.study.results.map((r) => r.seed)).size;
    return `${when} · study: ${seeds} seeds × ${rec.settings.epochs} ep · median test ${pct(rec.accuracy.test)}`;
  }
  const last = rec.history[rec.history.length - 1];
  const score = last && last.valR2 !== undefined ? `test R² ${Number.isFinite(last.valR2) ? last.valR2.toFixed(3) : '–'}` : `test ${pct(rec.accuracy.test)}`;
  return `${when} · ${last ? last.epoch : 0} ep · ${score}${rec.stopped ? ` · ${rec.stopped.reason}` : ''}`;
}

function renderList() {
  const list = $('run-list');
  list.replaceChildren();
  const opened = new Set(kept.opened ? kept.opened.ids : []);
  for (const rec of kept.runs) {
    const li = document.createElement('li');
    li.dataset.id = rec.id;
    li.classList.toggle('run-study', rec.kind === 'study');
    li.classList.toggle('opened', opened.has(rec.id));
    const check = document.createElement('input');
    check.type = 'checkbox';
    check.className = 'run-select';
    check.checked = kept.selected.has(rec.id);
    check.setAttribute('aria-label', `Overlay ${rec.name}`);
    check.addEventListener('change', () => {
      if (check.checked) kept.selected.add(rec.id); else kept.selected.delete(rec.id);
      if (kept.overlay) applyOverlay(); else syncButtons();
    });
    const spark = document.createElement('canvas');
    spark.className = 'run-spark';
    spark.setAttribute('role', 'img');
    spark.setAttribute('aria-label', `Gradient size per layer of ${rec.name}${rec.kind === 'study' ? ', median seed' : ''} (log scale)`);
    drawSparkline(spark, historyOf(rec));
    const name = document.createElement('input');
    name.type = 'text';
    name.className = 'run-name';
    name.value = rec.name;
    name.maxLength = 120;
    name.setAttribute('aria-label', 'Run name');
    name.addEventListener('change', () => renameRun(rec.id, name.value));
    name.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') name.blur(); });
    const meta = document.createElement('span');
    meta.className = 'run-meta muted';
    meta.textContent = metaText(rec);
    meta.title = meta.textContent;
    const btns = document.createElement('span');
    btns.className = 'run-btns';
    const pin = button(rec.pinned ? '★' : '☆', rec.pinned ? `Unpin ${rec.name}` : `Pin ${rec.name} (never removed to make room)`, () => pinRun(rec.id));
    pin.classList.add('run-pin');
    pin.setAttribute('aria-pressed', rec.pinned ? 'true' : 'false');
    btns.append(pin,
      button('Open', rec.kind === 'study' ? `Open ${rec.name}: its settings and its bands over seeds on the charts` : `Open ${rec.name}: its settings, charts and final weights, to continue or compare`, () => openRun(rec.id)),
      button('Export', `Export ${rec.name} as a run file`, () => exportRun(rec.id)),
      button('Delete', `Delete ${rec.name}`, () => deleteRecord(rec.id)));
    li.append(check, spark, name, meta, btns);
    list.append(li);
  }
  $('runs-count').textContent = kept.runs.length ? `${kept.runs.length}` : '';
  $('runs-empty').hidden = kept.runs.length > 0;
  syncButtons();
}

/**
 * Once the stored runs are read: when the page has not trained yet and its settings
 * (the link's) are those of the newest kept run that has them, that run is shown again
 * (a reload, or the page closed and opened again, loses nothing).
 */
function reopen() {
  if (kept.opened || page.playing || page.runs.some((r) => r.history.length)) return;
  const here = toHash(page.settings);
  const rec = kept.runs.find((k) => k.kind === 'run' && k.model && toHash(k.settings) === here);
  if (rec) openRun(rec.id, { scroll: false });
}

function onKept(how) {
  if (how && how.loaded) reopen();
  if (kept.opened && !kept.opened.ids.every((id) => kept.runs.some((k) => k.id === id))) showOpened();
  renderList();
  if (kept.overlay) applyOverlay();
}

function renameRun(id, name) {
  const rec = kept.runs.find((k) => k.id === id);
  const v = name.trim().slice(0, 120);
  if (!rec || !v) { renderList(); return; }
  rec.name = v;
  write(rec);
  onKept();
}

function pinRun(id) {
  const rec = kept.runs.find((k) => k.id === id);
  if (!rec) return;
  rec.pinned = !rec.pinned;
  write(rec);
  renderList();
}

function exportRun(id) {
  const rec = kept.runs.find((k) => k.id === id);
  if (!rec) return;
  const slug = rec.name.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'run';
  download(`gradlab-run-${slug}.json`, runFileText(rec), 'application/json');
}

async function importRun(file) {
  if (file.size > MAX_RUN_CHARS) { showMessage(`Import run: the file is ${(file.size / 1048576).toFixed(1)} MB, above the limit of ${MAX_RUN_CHARS / 1048576} MB.`, 'error', 'import-run'); return; }
  let rec;
  try {
    rec = parseRun(await file.text());
  } catch (e) {
    showMessage(`Import run: ${file.name} is not a gradlab run file: ${e.message}.`, 'error', 'import-run');
    return;
  }
  delete rec.pinned;
  rec.id = newId();
  addRecord(rec);
  showMessage(`Run "${rec.name}" imported: Open shows it, tick it to overlay it.`, 'info', 'import-run');
}

// ---- opening a kept run -------------------------------------------------------------
let opening = false;

/** Say above the views which kept run the page shows (or hide the note). */
function showOpened() {
  const o = kept.opened;
  const alive = o && o.ids.every((id) => kept.runs.some((k) => k.id === id));
  $('opened').hidden = !o;
  if (!o) return;
  const d = new Date(o.date);
  const when = `${d.toLocaleDateString()} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  const names = o.names.map((n) => `“${n}”`).join(' and ');
  let text;
  if (o.kind === 'study') {
    text = `Showing the kept study ${names} (kept ${when}): its bands over seeds are on the charts. Play trains seed ${page.settings.seed} afresh.`;
  } else {
    const more = page.runs.some((r, i) => r.history.length > o.epochs[i]);
    text = `${more ? 'Continuing' : 'Showing'} the kept run${o.ids.length > 1 ? 's' : ''} ${names} (kept ${when}, ${o.epochs[0]} epochs): ` +
      `${more ? `epochs after ${o.epochs[0]} are new and kept as a new run.` : 'its settings, charts and final weights. Play continues it (raise Epochs past the limit), with a fresh optimiser state; tick it in the list to compare it with other runs.'}`;
  }
  if (!alive) text += ' (It has since been deleted from the list.)';
  $('opened-text').textContent = text;
}

function openRun(id, { scroll = true } = {}) {
  const rec = kept.runs.find((k) => k.id === id);
  if (!rec) return;
  if (page.study.current) { showMessage('Open: a seed study is running; wait for it or cancel it first.', 'info', 'open-run'); return; }
  const st = structuredClone(rec.settings);
  // a run of the user's CSV: its text kept with it, or else the page's own copy of that file
  if (st.ds === 'csv' && !(st.table && st.table.text !== null)) {
    if (page.csv && page.csv.sum === st.csvsum) st.table = page.csv;
    else {
      showMessage(`Open: "${rec.name}" trained on the CSV file "${st.csv}", too long to keep with the run; choose "Your CSV…", upload that file, then Open it again.`, 'error', 'open-run');
      return;
    }
  }
  if (st.ds === 'csv') page.csv = st.table; // the kept file becomes this session's CSV
  let recs = [rec];
  if (rec.kind === 'run') {
    if (!rec.model) { showMessage(`Open: "${rec.name}" has no final weights kept (it was kept before its first update); overlay it instead.`, 'error', 'open-run'); return; }
    // a run of compare mode opens with its partner (the other network of the same start) when that is kept
    const pair = st.cmp ? kept.runs.find((k) => k !== rec && k.kind === 'run' && k.model && k.date === rec.date && k.net !== rec.net) : null;
    if (pair) recs = rec.net === 'a' ? [rec, pair] : [pair, rec];
    else { if (rec.net === 'b') st.a = st.b; st.cmp = 0; }
  }
  if (kept.overlay) { kept.overlay = false; setOverlay(null); }
  page.settings = st;
  page.editing = 'a';
  setCurveName(st.a.layers[0].act);
  syncControls();
  writeHash();
  opening = true;
  try {
    if (rec.kind === 'study') { restart(ToWorker.SETUP); showKeptStudy(rec.study); } else restart(ToWorker.OPEN_RUNS, recs.map((r) => ({ history: r.history, stopped: r.stopped, weights: r.model.weights })));
  } finally { opening = false; }
  requestCurve();
  kept.opened = { ids: recs.map((r) => r.id), names: recs.map((r) => r.name), kind: rec.kind, date: rec.date, epochs: recs.map((r) => r.history.length) };
  showOpened();
  renderList();
  if (scroll) $('opened').scrollIntoView({ block: 'nearest' });
}

function closeOpened() {
  if (!kept.opened) return;
  kept.opened = null;
  showOpened();
  renderList();
}

/** What the list holds (for tests): [{ id, name, epochs, pinned, kind }] newest first, and whether it persists. */
export function keptProbe() {
  return {
    persist: kept.persist, overlay: kept.overlay, opened: kept.opened ? { ...kept.opened } : null,
    runs: kept.runs.map((k) => ({ id: k.id, name: k.name, epochs: k.history.length, pinned: !!k.pinned, kind: k.kind, test: k.accuracy.test, hasModel: !!k.model, seeds: k.study ? new Set(k.study.results.map((r) => r.seed)).size : 0, hasBands: !!(k.study && k.study.bands) })),
  };
}

export function mount() {
  mountKeep(); // first: a run replaced or updated is kept before this panel's listeners see it
  on(PageEvent.KEPT, onKept);
  on(PageEvent.RUNS_RESET, () => {
    if (!opening) closeOpened();
    if (kept.overlay) applyOverlay(); // the charts rebuilt their live series
  });
  on(PageEvent.UPDATE, () => { if (kept.opened && kept.opened.kind === 'run') showOpened(); });
  $('runs-overlay').addEventListener('click', () => {
    kept.overlay = !kept.overlay;
    if (kept.overlay) applyOverlay(); else { setOverlay(null); syncButtons(); }
  });
  $('import-run').addEventListener('change', async () => {
    const f = $('import-run').files[0];
    $('import-run').value = '';
    if (f) await importRun(f);
  });
  $('opened-close').addEventListener('click', () => { restart(ToWorker.REBUILD); });
  $('overlay-close').addEventListener('click', () => $('runs-overlay').click());
  renderList();
}
