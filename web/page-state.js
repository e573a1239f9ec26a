// page-state.js — the page's one state object. Everything the page remembers
// between events lives in `page`; the panels read and write it here rather
// than keeping state of their own. Each field names the modules that write it;
// every other module only reads it (anyone may set a `dirty` flag). No DOM here.
import { defaultState } from './state.js';

let wake = () => {};
/** The frame loop (app.js) to wake whenever a `page.dirty` flag is set to true. */
export function onDirty(f) { wake = f; }
function dirtyFlags(flags) {
  return new Proxy(flags, { set(t, k, v) { t[k] = v; if (v) wake(); return true; } });
}

export const page = {
  // ---- what the user set up ------------------------------------------------------
  /** The experiment (state.js: the fields of the URL hash). Written by panels/controls.js
   *  (a field, a preset, Regenerate), url-hash.js (a whole new state from the URL),
   *  panels/layers.js (the edited network's layers) and panels/exports.js (an imported
   *  model becomes network A). */
  settings: defaultState(),
  /** Which network the Network panel edits: 'a' | 'b'. Written by panels/compare.js (the
   *  A/B tabs); panels/controls.js and url-hash.js set it back to 'a' when compare mode
   *  toggles or a whole new state arrives. */
  editing: 'a',
  /** The form fields that hold a value the page cannot use: input id → { message }
   *  (marked at the field; Play, Step and Reset refuse while any is left). Written by
   *  panels/messages.js's setInvalid (called by panels/controls.js and panels/layers.js). */
  fieldErrors: {},
  /** The CSV of this session ({ name, sum, text }; null: none loaded): what "Your CSV…" trains on
   *  (page.settings.table while the data is 'csv'). Written by panels/table.js. */
  csv: null,
  /** The worker's message when it could not build the current networks (null: built).
   *  Written by app.js (the worker's error) and session.js (cleared at every restart). */
  buildError: null,

  // ---- the live training workers' session: written by session.js ---------------------
  /** Generation of the current runs; worker messages of an older one are dropped. */
  gen: 0,
  /** Whether the worker(s) train (as far as the page knows). */
  playing: false,
  /** Compare mode on a pool of 2+ workers (pool.js): network B trains in a worker of its own. */
  split: false,
  /** gradlab.wasm is loaded in the worker. */
  workerReady: false,
  /** The last `data` message of this generation: { Xtr, ytr, Xte, yte, classes }. */
  data: null,
  /** Per run (A, then B in compare mode): { history: [], epoch, surface, surfaceRes, surfaceNew,
   *  weights, inspect, current, confusion, stopped, layers, dist, initShare?, scrubbed } — layers =
   *  hidden layers + output; surface: GRID×GRID (×classes), resampled from the
   *  surfaceRes×surfaceRes grid the worker computed it on (coarser while a big net trains:
   *  grid.js); dist: the run's distributions (a DistSeries of dist-series.js:
   *  percentiles per epoch, full distributions at log-spaced epochs and the latest);
   *  confusion: { classes, test } of the worker's update (experiment.js confusion());
   *  inspect: the diagram's figures of the current weights (protocol.js Inspection);
   *  initShare (run B, "same initial weights"): { shared, unshared } of the worker;
   *  opened: how many epochs of history came from a kept run (session.js restart with
   *  OPEN_RUNS). (The views clear surfaceNew once they have painted the surface.) scrubbed: written by
   *  panels/scrubber.js, null or, while page.scrub.epoch is a number, the worker's answer
   *  for it: { epoch, shown, surface, weights, inspect } (shown: the snapshot's epoch). */
  runs: [],
  /** The last `curve` message: the activation chart's f(x) and f′(x). */
  curve: null,

  // ---- what the page shows ---------------------------------------------------------
  /** The centre's view: 'surface' (decision surfaces and networks) | 'layers' (the
   *  distributions per layer). Written by panels/views.js (the view tabs). */
  view: 'surface',
  /** The Layers view's choices: the quantity (one of DIST_QUANTITIES) and whether its
   *  values are shown as |value| on a log scale (null: the quantity's default).
   *  Written by panels/distributions.js. */
  layersView: { quantity: 'dact', log: null },
  /** The last diagnosis per run (diagnose() of dist/gradlab.js on the run's history, plus
   *  its epoch; null: not trained yet), when it was made (ms) and of which history lengths
   *  (stamp). Written by panels/diagnosis.js. */
  diagnosis: { runs: [], at: 0, stamp: '' },
  /** The epoch the page shows: written by panels/scrubber.js. epoch: null = live (the latest);
   *  a number = the scrubbed epoch (the surface and the diagram show the weight snapshot
   *  kept at or before it, the time charts a cursor there). */
  scrub: { epoch: null },
  /** The network diagram: written by panels/netview.js. links: what a link's thickness shows,
   *  'weight' (|W|) or 'grad' (mean |∂L/∂W|); hover: the unit whose picture is open,
   *  { run, layer, unit } (layer 0-based, the output last) or null. */
  netView: { links: 'weight', hover: null },

  // ---- drawing -------------------------------------------------------------------
  /** What the next animation frame must redraw. Set by anyone (all of it by session.js
   *  on a runs reset); cleared by app.js's frame loop once drawn. Setting a flag wakes
   *  the frame loop (onDirty), which sleeps while there is nothing to draw. */
  dirty: dirtyFlags({ surface: false, charts: false, status: true, net: true, layers: true }),
  /** When the frame loop last redrew a chart and the network drawings (ms). Written by app.js. */
  frame: { lastChart: 0, lastNetDraw: 0 },
  /** The charts' round robin: the next chart's turn, and which charts wait for a
   *  redraw. Written by panels/charts.js. */
  charts: { turn: 0, stale: [false, false, false] },
  /** The status table's cells, one row per run (rebuilt when the number of runs
   *  changes). Written by panels/status.js. */
  status: { rows: [], reg: false },

  // ---- the 10-seed study: written by panels/compare.js ------------------------------
  study: {
    /** The pool of workers (pool.js runStudy: { size, cancel }), while a study runs. */
    pool: null,
    /** Every result of the last finished study (networks A and B, with their histories), in seed order. */
    lastAll: null,
    /** How many workers the last finished study ran on. */
    workers: 0,
    /** The running study: { id, results: [], done }. */
    current: null,
    /** Ids of studies started so far (a late message of an older one is ignored). */
    counter: 0,
    /** The last finished study's results (for tests and the console): network A's, one per seed. */
    last: null,
    /** The last finished study's bands over seeds (seedBands of dist/gradlab.js), one per
     *  network (A, then B in compare mode); null: none (cleared when the settings change). */
    bands: null,
    /** Whether the charts show those bands (the study's "show on the charts" box). */
    showBands: true,
  },

  // ---- the kept runs: written by panels/runs-keep.js (the records, storage) and ------
  // panels/runs.js (the selection, the overlay, the opened run)
  kept: {
    /** The kept runs' records (run-file.js), newest first, each with `bytes` (its size as JSON, about). */
    runs: [],
    /** Ids of the runs ticked for the overlay. */
    selected: new Set(),
    /** Whether the records reach IndexedDB (false: storage failed; kept for this session only). */
    persist: true,
    /** Whether the charts show the ticked runs instead of the live ones. */
    overlay: false,
    /** The kept run(s) or study the page shows, opened from the list: { ids, names, kind, date, epochs }
     *  (epochs: per run, how many came from the kept run); null: none (any new run clears it). */
    opened: null,
  },
};

/** The network config the Network panel edits (page.settings.a or .b). */
export function editedNet() { return page.settings[page.editing]; }

/** Index of the run of the edited network (0: A, 1: B). */
export function editedRun() { return page.settings.cmp && page.editing === 'b' ? 1 : 0; }

/** The settings as plain data (for the worker, exports and window.gradlab); the user's CSV
 *  (setting `table`, up to 2^26 characters) is shared, not copied: it is read, never written. */
export function plainState() {
  const { table, ...rest } = page.settings;
  const st = JSON.parse(JSON.stringify(rest));
  st.table = table ? { ...table } : null;
  return st;
}

// ---- page events -----------------------------------------------------------------
// The panels do not call into each other to keep in step: the one that changed
// something says so here, and the panels that show it listen (mounted by app.js;
// listeners run in the order they subscribed).
export const PageEvent = Object.freeze({
  /** page.settings or page.editing changed: every panel shows them again. Sent by
   *  syncControls(); heard by the controls, layer list, compare panel and export menu. */
  SYNC: 'sync',
  /** (key) a panel changed the setting `key` in page.settings: apply it (worker, URL).
   *  Sent by the layer list; heard by the controls. */
  EDIT: 'edit',
  /** page.runs was replaced by a new generation of empty runs. Sent by session.js;
   *  heard by the status table and the charts. */
  RUNS_RESET: 'runs-reset',
  /** the worker was just told to set up or rebuild every run. Sent by session.js;
   *  heard by the compare panel (a running seed study is of the old settings). */
  RESTART: 'restart',
  /** (message) the worker's update was applied to page.runs. Sent by session.js;
   *  heard by the kept runs (panels/runs.js: a run that stopped or finished is kept). */
  UPDATE: 'update',
  /** page.playing changed. Sent by session.js; heard by the controls (the Play button). */
  PLAYING: 'playing',
  /** page.study.bands or page.study.showBands changed. Sent by panels/compare.js; heard
   *  by the charts (the bands over seeds drawn under the lines). */
  STUDY_BANDS: 'study-bands',
  /** ({ settings, results, bands }) a seed study finished: its settings, the seeds' results
   *  (study messages of protocol.js) and seedBands per network. Sent by panels/compare.js;
   *  heard by the kept runs (panels/runs-keep.js keeps it). */
  STUDY_DONE: 'study-done',
  /** page.kept.runs changed (a run kept, renamed, deleted, loaded). Sent by panels/runs-keep.js
   *  and panels/runs.js; heard by the kept runs' list (panels/runs.js). */
  KEPT: 'kept',
  /** page.scrub.epoch changed, or the scrubbed epoch's figures arrived. Sent by
   *  panels/scrubber.js; heard by the charts (the cursor) and the views. */
  SCRUB: 'scrub',
});

const listeners = new Map();

export function on(event, fn) {
  if (!listeners.has(event)) listeners.set(event, []);
  listeners.get(event).push(fn);
}

export function emit(event, arg) {
  for (const fn of listeners.get(event) || []) fn(arg);
}

/** Show page.settings and page.editing in every panel again (and redraw the networks). */
export function syncControls() {
  emit(PageEvent.SYNC);
  page.dirty.net = true;
}
