// panels/runs-keep.js — keeping runs: page.kept.runs (run-file.js's records,
// newest first) and their storage in IndexedDB (run-store.js). A live run that
// trained ≥ 1 epoch is kept when it reaches its epoch limit, stops or diverges,
// is paused, is replaced (Reset, new settings), every few seconds while it
// trains, and when the page is hidden or closed; a finished seed study is kept
// too (PageEvent.STUDY_DONE). Storage is bounded (MAX_KEPT, MAX_KEPT_BYTES: the
// oldest unpinned go first). When storage fails the page says so once and keeps
// the runs for the session. Every change of the list is told with PageEvent.KEPT
// (with { loaded: true } once the stored runs are read).
import { page, plainState, on, emit, PageEvent } from '../page-state.js';
import { networkSpec, dataClasses, netInputs, dataFeatures } from '../state.js';
import { parseRun, runRecord, runFile, runBytes, keptSettings, RUN_FORMAT, RUN_VERSION } from '../run-file.js';
import * as store from '../run-store.js';
import { showMessage } from './messages.js';
import { $ } from './dom.js';

/** Storage bounds: at most this many runs and this many bytes (as JSON); the oldest unpinned go first. */
export const MAX_KEPT = 40;
export const MAX_KEPT_BYTES = 24 * 1024 * 1024;
/** While training, the live runs are written at most this often (ms). */
const SAVE_EVERY_MS = 5000;

const kept = page.kept;
const dropped = new Set(); // ids deleted by the user (a live run deleted is not kept again)
let track = null; // the live generation: { gen, runs, settings, ids, date, stoppedSeen }
let lastSave = 0;
let writing = Promise.resolve();
let boundTold = false;

export const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function noStorage(e) {
  if (!kept.persist) return;
  kept.persist = false;
  const why = e && e.name === 'QuotaExceededError' ? 'the browser\'s storage is full' : `storage is unavailable (${(e && e.message) || e})`;
  showMessage(`Runs cannot be kept across reloads: ${why}. The page works on and keeps this session's runs until it closes.`, 'warn', 'runs-storage');
  $('runs-note').textContent = 'Not saved: the browser\'s storage is unavailable.';
}

/** Write (insert or replace) one record. */
export function write(rec) {
  if (!kept.persist) return;
  const { bytes, ...plain } = rec;
  // IndexedDB runs read-write transactions in the order they start: no need to chain
  writing = Promise.all([writing, store.put(plain).catch(noStorage)]);
}

function removeStored(ids) {
  if (kept.persist && ids.length) writing = Promise.all([writing, store.remove(...ids).catch(noStorage)]);
}

/** Add a new record at the top of the list, write it and keep within the bounds. */
export function addRecord(rec) {
  rec.bytes = runBytes(rec);
  kept.runs.unshift(rec);
  write(rec);
  enforceBounds();
  emit(PageEvent.KEPT);
}

/** Delete a record (a live run deleted is not kept again). */
export function deleteRecord(id) {
  const i = kept.runs.findIndex((k) => k.id === id);
  if (i < 0) return;
  kept.runs.splice(i, 1);
  kept.selected.delete(id);
  dropped.add(id);
  removeStored([id]);
  emit(PageEvent.KEPT);
}

// ---- keeping the live runs --------------------------------------------------------
export function runName(st, net) {
  const cfg = st[net];
  const acts = [...new Set(cfg.layers.map((l) => l.act))].join('/');
  const units = [...new Set(cfg.layers.map((l) => l.units))];
  const shape = units.length === 1 ? `${cfg.layers.length}×${units[0]}` : cfg.layers.map((l) => l.units).join('-');
  return `${st.cmp ? `${net.toUpperCase()}: ` : ''}${st.ds === 'csv' ? st.csv : st.ds} · ${acts} ${shape} · ${cfg.opt} ${cfg.lr}`;
}

function beginTrack() {
  track = { gen: page.gen, runs: page.runs, settings: plainState(), ids: page.runs.map(() => newId()), date: new Date().toISOString() };
}

/** Keep (insert or update) the tracked runs that trained ≥ 1 epoch (of their own: an opened run's kept epochs do not count). */
function keepLive() {
  if (!track) return;
  let changed = false;
  track.runs.forEach((r, i) => {
    const id = track.ids[i];
    if (r.history.length <= (r.opened || 0) || dropped.has(id)) return;
    const net = i === 1 ? 'b' : 'a';
    const st = track.settings;
    let spec = null;
    try { spec = networkSpec(st[net], st.seed, dataClasses(st), netInputs(st), dataFeatures(st)); } catch { spec = null; }
    const old = kept.runs.find((k) => k.id === id);
    const from = r.opened && kept.opened ? kept.opened.names[i] : null;
    const name = old ? old.name : from ? `${from} (continued)`.slice(0, 120) : runName(st, net);
    const rec = runRecord({ id, name, date: old ? old.date : track.date, settings: st, net, live: r, spec });
    if (old && old.pinned) rec.pinned = true;
    rec.bytes = runBytes(rec);
    if (old) kept.runs[kept.runs.indexOf(old)] = rec; else kept.runs.unshift(rec);
    write(rec);
    changed = true;
  });
  if (!changed) return;
  lastSave = performance.now();
  enforceBounds();
  emit(PageEvent.KEPT);
}

function enforceBounds() {
  const live = new Set(track ? track.ids : []);
  const removed = [];
  let total = kept.runs.reduce((a, k) => a + k.bytes, 0);
  for (let i = kept.runs.length - 1; i >= 0 && (kept.runs.length > MAX_KEPT || total > MAX_KEPT_BYTES); i--) {
    const k = kept.runs[i];
    if (k.pinned || live.has(k.id)) continue;
    kept.runs.splice(i, 1);
    total -= k.bytes;
    removed.push(k);
  }
  if (!removed.length) return;
  for (const k of removed) kept.selected.delete(k.id);
  removeStored(removed.map((k) => k.id));
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
}

/**
 * Keep a finished seed study (PageEvent.STUDY_DONE): `settings` the page's settings it
 * ran with, `results` one study message per seed and network, `bands` seedBands per network.
 */
function keepStudy({ settings, results, bands }) {
  const own = results.filter((r) => !r.done && (r.run || 0) === 0).map((r) => r.testAccuracy).filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const n = own.length;
  const seeds = new Set(results.map((r) => r.seed)).size;
  const rec = {
    id: newId(), format: RUN_FORMAT, version: RUN_VERSION, kind: 'study', net: 'a',
    name: `${runName(settings, 'a')}${settings.cmp ? ' vs B' : ''} · ${seeds} seeds`.slice(0, 120), date: new Date().toISOString(),
    settings: keptSettings(settings), history: [], stopped: null, model: null,
    accuracy: { train: null, test: n ? (n % 2 ? own[(n - 1) / 2] : (own[n / 2 - 1] + own[n / 2]) / 2) : null },
    // a study message's own fields (type, id, done) and the per-epoch history (in the bands) are not the seed's result
    study: { results: results.filter((r) => !r.done).map(({ type, id, done, history, ...r }) => r), bands },
  };
  try { Object.assign(rec, parseRun(rec)); } catch (e) { showMessage(`The seed study could not be kept: ${e.message}.`, 'error', 'runs-study'); return; }
  addRecord(rec);
}

// ---- the page going away ------------------------------------------------------------
// A write to IndexedDB started while the page unloads may be cut off with it.
// The live runs are also written to localStorage then (synchronous; when they
// are small enough), and the next load moves them into IndexedDB.
const SPILL_KEY = 'gradlab-runs-spill';
const MAX_SPILL_CHARS = 2e6;

function spill() {
  if (!kept.persist || !track) return;
  const recs = track.ids.map((id) => kept.runs.find((k) => k.id === id)).filter(Boolean);
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
      rec.bytes = runBytes(rec);
      good.push(rec);
      if (spilled.has(s)) write(rec);
    } catch (e) { bad.push(e.message); }
  }
  if (bad.length) showMessage(`${bad.length} kept run${bad.length > 1 ? 's' : ''} could not be read and ${bad.length > 1 ? 'were' : 'was'} skipped (${bad[0]}).`, 'warn', 'runs-corrupt');
  const have = new Set(kept.runs.map((k) => k.id));
  for (const g of good) if (!have.has(g.id)) kept.runs.push(g);
  kept.runs.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  emit(PageEvent.KEPT, { loaded: true });
}

/** Keep the live runs now and wait for the pending writes (for tests). */
export function flushRuns() { keepLive(); return writing.then(() => true); }

export function mountKeep() {
  on(PageEvent.UPDATE, onUpdate);
  on(PageEvent.RUNS_RESET, onRunsReset);
  on(PageEvent.STUDY_DONE, keepStudy);
  const save = () => { if (track) { keepLive(); spill(); } };
  // beforeunload comes while the page still runs (a write started on pagehide
  // alone may be cut off by the navigation); pagehide also covers bfcache
  window.addEventListener('beforeunload', save);
  window.addEventListener('pagehide', save);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') save(); });
  load();
}
