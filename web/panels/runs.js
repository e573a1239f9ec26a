// panels/runs.js — the kept runs: every run that trained ≥ 1 epoch is kept
// (run-file.js's record, in IndexedDB through run-store.js) when it reaches
// its epoch limit, stops or diverges, is paused, is replaced (Reset, new
// settings), every few seconds while it trains, and when the page is hidden or
// closed. The list shows them newest first with a gradient sparkline; a run
// can be renamed, pinned, exported, deleted, and two or more can be overlaid
// on the loss, accuracy and gradient charts (panels/charts.js setOverlay).
import { page, plainState, on, PageEvent } from '../page-state.js';
import { networkSpec, dataClasses, netInputs } from '../state.js';
import { depthColor } from '../charts.js';
import { download } from '../exports.js';
import { parseRun, runRecord, runFile, runFileText, runBytes, RUN_FORMAT, RUN_VERSION, MAX_RUN_CHARS } from '../run-file.js';
import * as store from '../run-store.js';
import { setOverlay } from './charts.js';
import { showMessage } from './messages.js';
import { $ } from './dom.js';

/** Storage bounds: at most this many runs and this many bytes (as JSON); the oldest unpinned go first. */
export const MAX_KEPT = 40;
export const MAX_KEPT_BYTES = 24 * 1024 * 1024;
/** While training, the live runs are written at most this often (ms). */
const SAVE_EVERY_MS = 5000;
const OVERLAY_COLORS = ['#0f766e', '#7c3aed', '#dc2626', '#2563eb', '#d97706', '#db2777'];
export const MAX_OVERLAY = OVERLAY_COLORS.length;
const MAX_POINTS = 400;

const kept = []; // records, newest first
const selected = new Set();
const dropped = new Set(); // ids deleted by the user (a live run deleted is not kept again)
let persist = true;
let overlayOn = false;
let track = null; // the live generation: { gen, runs, settings, ids, date }
let lastSave = 0;
let writing = Promise.resolve();
let boundTold = false;

const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const sizeOf = runBytes;

function noStorage(e) {
  if (!persist) return;
  persist = false;
  const why = e && e.name === 'QuotaExceededError' ? 'the browser\'s storage is full' : `storage is unavailable (${(e && e.message) || e})`;
  showMessage(`Runs cannot be kept across reloads: ${why}. The page works on and keeps this session's runs until it closes.`, 'warn', 'runs-storage');
  $('runs-note').textContent = 'Not saved: the browser\'s storage is unavailable.';
}

function write(rec) {
  if (!persist) return;
  const { bytes, ...plain } = rec;
  // IndexedDB runs read-write transactions in the order they start: no need to chain
  writing = Promise.all([writing, store.put(plain).catch(noStorage)]);
}

// ---- keeping the live runs --------------------------------------------------------
function runName(st, net) {
  const cfg = st[net];
  const acts = [...new Set(cfg.layers.map((l) => l.act))].join('/');
  const units = [...new Set(cfg.layers.map((l) => l.units))];
  const shape = units.length === 1 ? `${cfg.layers.length}×${units[0]}` : cfg.layers.map((l) => l.units).join('-');
  return `${st.cmp ? `${net.toUpperCase()}: ` : ''}${st.ds} · ${acts} ${shape} · ${cfg.opt} ${cfg.lr}`;
}

function beginTrack() {
  track = { gen: page.gen, runs: page.runs, settings: plainState(), ids: page.runs.map(() => newId()), date: new Date().toISOString() };
}

/** Keep (insert or update) the tracked runs that trained ≥ 1 epoch. */
function keepLive() {
  if (!track) return;
  let changed = false;
  track.runs.forEach((r, i) => {
    const id = track.ids[i];
    if (!r.history.length || dropped.has(id)) return;
    const net = i === 1 ? 'b' : 'a';
    const st = track.settings;
    let spec = null;
    try { spec = networkSpec(st[net], st.seed, dataClasses(st), netInputs(st)); } catch { spec = null; }
    const old = kept.find((k) => k.id === id);
    const rec = runRecord({ id, name: old ? old.name : runName(st, net), date: old ? old.date : track.date, settings: st, net, live: r, spec });
    if (old && old.pinned) rec.pinned = true;
    rec.bytes = sizeOf(rec);
    if (old) kept[kept.indexOf(old)] = rec; else kept.unshift(rec);
    write(rec);
    changed = true;
  });
  if (!changed) return;
  lastSave = performance.now();
  enforceBounds();
  renderList();
  if (overlayOn) applyOverlay();
}

function enforceBounds() {
  const live = new Set(track ? track.ids : []);
  const removed = [];
  let total = kept.reduce((a, k) => a + k.bytes, 0);
  for (let i = kept.length - 1; i >= 0 && (kept.length > MAX_KEPT || total > MAX_KEPT_BYTES); i--) {
    const k = kept[i];
    if (k.pinned || live.has(k.id)) continue;
    kept.splice(i, 1);
    total -= k.bytes;
    removed.push(k);
  }
  if (!removed.length) return;
  for (const k of removed) selected.delete(k.id);
  if (persist) writing = Promise.all([writing, store.remove(...removed.map((k) => k.id)).catch(noStorage)]);
  if (!boundTold) {
    boundTold = true;
    showMessage(`Kept runs are limited to ${MAX_KEPT} runs and ${Math.round(MAX_KEPT_BYTES / 1048576)} MB: the oldest unpinned (${removed.map((k) => `"${k.name}"`).join(', ')}) ${removed.length > 1 ? 'were' : 'was'} removed. Pin a run (★) to keep it.`, 'info', 'runs-bound');
  }
}

function onUpdate() {
  if (!track || track.gen !== page.gen) beginTrack();
  track.settings = plainState();
  const stoppedNow = track.runs.some((r, i) => r.stopped && !(track.stoppedSeen || [])[i]);
  track.stoppedSeen = track.runs.map((r) => !!r.stopped);
  const finished = !page.playing && track.runs.some((r) => r.history.length);
  if (stoppedNow || finished || performance.now() - lastSave >= SAVE_EVERY_MS) keepLive();
}

function onRunsReset() {
  keepLive(); // the replaced runs (track.runs still holds them)
  beginTrack();
  if (overlayOn) applyOverlay();
}

// ---- the overlay ------------------------------------------------------------------
function stride(n) { return n <= MAX_POINTS ? 1 : Math.ceil(n / MAX_POINTS); }

/** The overlay of kept runs `recs` ({ name, history, net, settings }): { grad, loss, acc } for setOverlay. */
export function overlayOf(recs) {
  const n = Math.max(...recs.map((r) => r.history.length), 0);
  const k = stride(n);
  const at = [];
  for (let i = (n - 1) % k; i < n; i += k) at.push(i);
  const xs = at.map((i) => i + 1);
  const col = (r, f) => at.map((i) => (r.history[i] ? r.history[i][f] ?? null : null));
  const part = (f, vf) => ({
    series: recs.flatMap((r, j) => [
      { label: r.name, stroke: OVERLAY_COLORS[j], width: 1.75 },
      { label: `${r.name} (test)`, stroke: OVERLAY_COLORS[j], width: 1.1, dash: [4, 3] },
    ]),
    data: [xs, ...recs.flatMap((r) => [col(r, f), col(r, vf)])],
  });
  const grad = { series: [], data: [xs] };
  recs.forEach((r, j) => {
    const nl = r.history.length ? r.history[0].layers.length : r.settings[r.net].layers.length + 1;
    for (let l = 0; l < nl; l++) {
      const out = l === nl - 1;
      grad.series.push({ label: `${r.name} ${out ? 'out' : `L${l + 1}`}`, stroke: OVERLAY_COLORS[j], width: out ? 2 : 1, dash: out ? undefined : [1 + 2 * l, 2] });
      grad.data.push(at.map((i) => (r.history[i] && r.history[i].layers[l] ? r.history[i].layers[l].gradMeanAbs : null)));
    }
  });
  return { grad, loss: part('loss', 'valLoss'), acc: part('accuracy', 'valAccuracy') };
}

function overlayRecs() { return kept.filter((k) => selected.has(k.id)).slice(0, MAX_OVERLAY).reverse(); }

function applyOverlay() {
  const recs = overlayRecs();
  if (recs.length < 2) { overlayOn = false; setOverlay(null); syncButtons(); return; }
  setOverlay(overlayOf(recs));
  syncButtons();
}

function syncButtons() {
  const b = $('runs-overlay');
  const n = overlayRecs().length;
  b.disabled = !overlayOn && n < 2;
  b.textContent = overlayOn ? 'Show live charts' : `Overlay selected${n ? ` (${n})` : ''}`;
  b.setAttribute('aria-pressed', overlayOn ? 'true' : 'false');
  $('runs-panel').classList.toggle('overlaying', overlayOn);
  $('runs-overlay-note').hidden = !overlayOn;
}

// ---- the list ---------------------------------------------------------------------
function drawSparkline(canvas, history) {
  const dpr = window.devicePixelRatio || 1;
  const w = 64, h = 26;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, h);
  if (!history.length) return;
  const nl = history[0].layers.length;
  let lo = Infinity, hi = -Infinity;
  for (const s of history) for (const L of s.layers) { const v = L.gradMeanAbs; if (v > 0 && Number.isFinite(v)) { const lv = Math.log10(v); if (lv < lo) lo = lv; if (lv > hi) hi = lv; } }
  if (!Number.isFinite(lo)) return;
  if (hi - lo < 1) { lo -= 0.5; hi += 0.5; }
  const k = stride(history.length);
  for (let l = 0; l < nl; l++) {
    ctx.strokeStyle = depthColor(l, nl);
    ctx.lineWidth = l === nl - 1 ? 1.4 : 1;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < history.length; i += k) {
      const v = history[i].layers[l] ? history[i].layers[l].gradMeanAbs : NaN;
      if (!(v > 0) || !Number.isFinite(v)) { started = false; continue; }
      const x = history.length === 1 ? w / 2 : 1 + (i / (history.length - 1)) * (w - 2);
      const y = 1 + (1 - (Math.log10(v) - lo) / (hi - lo)) * (h - 2);
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
    }
    ctx.stroke();
  }
}

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

function renderList() {
  const list = $('run-list');
  list.replaceChildren();
  for (const rec of kept) {
    const li = document.createElement('li');
    li.dataset.id = rec.id;
    const check = document.createElement('input');
    check.type = 'checkbox';
    check.className = 'run-select';
    check.checked = selected.has(rec.id);
    check.setAttribute('aria-label', `Overlay ${rec.name}`);
    check.addEventListener('change', () => {
      if (check.checked) selected.add(rec.id); else selected.delete(rec.id);
      if (overlayOn) applyOverlay(); else syncButtons();
    });
    const spark = document.createElement('canvas');
    spark.className = 'run-spark';
    spark.setAttribute('role', 'img');
    spark.setAttribute('aria-label', `Gradient size per layer of ${rec.name} (log scale)`);
    drawSparkline(spark, rec.history);
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
    const d = new Date(rec.date);
    const last = rec.history[rec.history.length - 1];
    meta.textContent = `${d.toLocaleDateString()} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} · ${last ? last.epoch : 0} ep · ${last && last.valR2 !== undefined ? `test R² ${Number.isFinite(last.valR2) ? last.valR2.toFixed(3) : '–'}` : `test ${pct(rec.accuracy.test)}`}${rec.stopped ? ` · ${rec.stopped.reason}` : ''}${rec.kind === 'study' ? ' · study' : ''}`;
    meta.title = meta.textContent;
    const btns = document.createElement('span');
    btns.className = 'run-btns';
    const pin = button(rec.pinned ? '★' : '☆', rec.pinned ? `Unpin ${rec.name}` : `Pin ${rec.name} (never removed to make room)`, () => pinRun(rec.id));
    pin.classList.add('run-pin');
    pin.setAttribute('aria-pressed', rec.pinned ? 'true' : 'false');
    btns.append(pin,
      button('Export', `Export ${rec.name} as a run file`, () => exportRun(rec.id)),
      button('Delete', `Delete ${rec.name}`, () => deleteRun(rec.id)));
    li.append(check, spark, name, meta, btns);
    list.append(li);
  }
  $('runs-count').textContent = kept.length ? `${kept.length}` : '';
  $('runs-empty').hidden = kept.length > 0;
  syncButtons();
}

function renameRun(id, name) {
  const rec = kept.find((k) => k.id === id);
  const v = name.trim().slice(0, 120);
  if (!rec || !v) { renderList(); return; }
  rec.name = v;
  write(rec);
  renderList();
  if (overlayOn) applyOverlay();
}

function pinRun(id) {
  const rec = kept.find((k) => k.id === id);
  if (!rec) return;
  rec.pinned = !rec.pinned;
  write(rec);
  renderList();
}

function deleteRun(id) {
  const i = kept.findIndex((k) => k.id === id);
  if (i < 0) return;
  kept.splice(i, 1);
  selected.delete(id);
  dropped.add(id);
  if (persist) writing = Promise.all([writing, store.remove(id).catch(noStorage)]);
  renderList();
  if (overlayOn) applyOverlay();
}

function exportRun(id) {
  const rec = kept.find((k) => k.id === id);
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
  rec.bytes = sizeOf(rec);
  kept.unshift(rec);
  write(rec);
  enforceBounds();
  renderList();
  showMessage(`Run "${rec.name}" imported.`, 'info', 'import-run');
}

// ---- the page going away ------------------------------------------------------------
// A write to IndexedDB started while the page unloads may be cut off with it.
// The live runs are also written to localStorage then (synchronous; when they
// are small enough), and the next load moves them into IndexedDB.
const SPILL_KEY = 'gradlab-runs-spill';
const MAX_SPILL_CHARS = 2e6;

function spill() {
  if (!persist || !track) return;
  const recs = track.ids.map((id) => kept.find((k) => k.id === id)).filter(Boolean);
  if (!recs.length || recs.reduce((a, r) => a + r.bytes, 0) > MAX_SPILL_CHARS) return;
  try {
    const text = JSON.stringify(recs.map((r) => ({ id: r.id, pinned: !!r.pinned, file: runFile(r) })));
    if (text.length <= MAX_SPILL_CHARS) localStorage.setItem(SPILL_KEY, text);
  } catch { /* no localStorage: the periodic writes are what is kept */ }
}

/** The runs written on the last unload: stored records ({ id, pinned, … }), or []. */
function takeSpill() {
  let text = null;
  try { text = localStorage.getItem(SPILL_KEY); localStorage.removeItem(SPILL_KEY); } catch { return []; }
  if (!text) return [];
  try {
    return JSON.parse(text).map((x) => ({ ...x.file, id: x.id, ...(x.pinned ? { pinned: true } : {}) }));
  } catch { return []; }
}

// ---- loading ----------------------------------------------------------------------
async function load() {
  let stored;
  try { stored = await store.getAll(); } catch (e) { noStorage(e); return; }
  const spilled = new Set();
  for (const sp of takeSpill()) {
    const i = stored.findIndex((s) => s && s.id === sp.id);
    const have = i >= 0 && Array.isArray(stored[i].history) ? stored[i].history.length : -1;
    if (Array.isArray(sp.history) && sp.history.length > have) {
      if (i >= 0) stored[i] = sp; else stored.push(sp);
      spilled.add(sp);
    }
  }
  const bad = [];
  const good = [];
  for (const s of stored) {
    try {
      const rec = parseRun(s);
      if (!rec.id) throw new Error('id is missing');
      rec.bytes = sizeOf(rec);
      good.push(rec);
      if (spilled.has(s)) write(rec);
    } catch (e) { bad.push(e.message); }
  }
  if (bad.length) showMessage(`${bad.length} kept run${bad.length > 1 ? 's' : ''} could not be read and ${bad.length > 1 ? 'were' : 'was'} skipped (${bad[0]}).`, 'warn', 'runs-corrupt');
  const have = new Set(kept.map((k) => k.id));
  for (const g of good) if (!have.has(g.id)) kept.push(g);
  kept.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  renderList();
}

/**
 * Keep a finished seed study (for panels/compare.js): `results` one object per
 * seed ({ seed, testAccuracy, trainAccuracy, epochs, stopped, … }), `settings`
 * the page's settings it ran with (network A). Returns the record's id.
 */
export function keepStudy({ name, settings = plainState(), results }) {
  const id = newId();
  const valid = results.map((r) => r.testAccuracy).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const rec = {
    id, format: RUN_FORMAT, version: RUN_VERSION, kind: 'study', net: 'a',
    name: name || `${runName(settings, 'a')} · ${results.length} seeds`, date: new Date().toISOString(),
    settings: structuredClone(settings), history: [], stopped: null, model: null,
    accuracy: { train: null, test: valid.length ? valid.reduce((a, v) => a + v, 0) / valid.length : null },
    // a study message's own fields (type, id, done) are not the seed's result
    study: { results: results.filter((r) => !r.done).map(({ type, id: sid, done, ...r }) => r) },
  };
  try { Object.assign(rec, parseRun(rec)); } catch (e) { showMessage(`The seed study could not be kept: ${e.message}.`, 'error', 'runs-study'); return null; }
  rec.bytes = sizeOf(rec);
  kept.unshift(rec);
  write(rec);
  enforceBounds();
  renderList();
  return id;
}

/** What the list holds (for tests): [{ id, name, epochs, pinned, kind }] newest first, and whether it persists. */
export function keptProbe() {
  return { persist, overlay: overlayOn, runs: kept.map((k) => ({ id: k.id, name: k.name, epochs: k.history.length, pinned: !!k.pinned, kind: k.kind, test: k.accuracy.test, hasModel: !!k.model })) };
}

/** Wait for the pending writes (for tests). */
export function flushRuns() { keepLive(); return writing.then(() => true); }

export function mount() {
  on(PageEvent.UPDATE, onUpdate);
  on(PageEvent.RUNS_RESET, onRunsReset);
  $('runs-overlay').addEventListener('click', () => {
    overlayOn = !overlayOn;
    if (overlayOn) applyOverlay(); else { setOverlay(null); syncButtons(); }
  });
  $('import-run').addEventListener('change', async () => {
    const f = $('import-run').files[0];
    $('import-run').value = '';
    if (f) await importRun(f);
  });
  const save = () => { if (track) { keepLive(); spill(); } };
  // beforeunload comes while the page still runs (a write started on pagehide
  // alone may be cut off by the navigation); pagehide also covers bfcache
  window.addEventListener('beforeunload', save);
  window.addEventListener('pagehide', save);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') save(); });
  renderList();
  load();
}
