// page-state.js — the page's one state object. Everything the page remembers
// between events lives in `page`; the panels read and write it here. Each
// field says which module owns it: only the owner assigns it, the others read
// it (anyone may set a `dirty` flag). No DOM here.
import { defaultState } from './state.js';

export const page = {
  // ---- what the user set up ------------------------------------------------
  /** The experiment (state.js: the fields of the URL hash). Owner: app.js. */
  settings: defaultState(),
  /** Which network the Network panel edits: 'a' | 'b'; back to 'a' whenever a whole
   *  new state arrives or compare mode toggles. Owner: app.js. */
  editing: 'a',

  // ---- the live training worker's session (owner: app.js) ----
  /** Generation of the current runs; worker messages of an older one are dropped. */
  gen: 0,
  /** Whether the worker is training (as far as the page knows). */
  playing: false,
  /** gradlab.wasm is loaded in the worker. */
  workerReady: false,
  /** The last `data` message of this generation: { Xtr, ytr, Xte, yte }. */
  data: null,
  /** Per run (A, then B in compare mode): { history: [], epoch, surface, surfaceNew,
   *  weights, current, stopped, layers } — layers = hidden layers + output. */
  runs: [],
  /** The last `curve` message: the activation chart's f(x) and f′(x). */
  curve: null,

  // ---- drawing ------------------------------------------------------------------
  /** What the next animation frame must redraw. Set by anyone; cleared by the frame loop. */
  dirty: { surface: false, charts: false, status: true, net: true },
  /** When the frame loop last redrew a chart and the network drawings (ms). Owner: app.js. */
  frame: { lastChart: 0, lastNetDraw: 0 },
  /** The charts' round robin: the next chart's turn, and which charts wait for a redraw. Owner: app.js. */
  charts: { turn: 0, stale: [false, false, false] },
  /** The status table's cells, one row per run (rebuilt when the number of runs changes). Owner: app.js. */
  status: { rows: [] },

  // ---- the 10-seed study (owner: app.js) --------------------------------
  study: {
    /** The second worker, while a study runs. */
    worker: null,
    /** The running study: { id, results: [], done }. */
    current: null,
    /** Ids of studies started so far (a late message of an older one is ignored). */
    counter: 0,
    /** The last finished study's results (for tests and the console). */
    last: null,
  },
};

/** The network config the Network panel edits (page.settings.a or .b). */
export function editedNet() { return page.settings[page.editing]; }

/** Index of the run of the edited network (0: A, 1: B). */
export function editedRun() { return page.settings.cmp && page.editing === 'b' ? 1 : 0; }

/** The settings as plain data (for the worker, exports and window.gradlab). */
export function plainState() { return JSON.parse(JSON.stringify(page.settings)); }

// ---- page events -----------------------------------------------------------------
// The panels do not call into each other to keep in step: the one that changed
// something says so here, and the panels that show it listen (mounted by app.js;
// listeners run in the order they subscribed).
export const PageEvent = Object.freeze({
  /** page.settings or page.editing changed: every panel shows them again (syncControls()). */
  SYNC: 'sync',
  /** (key) a panel changed the setting `key` in page.settings: apply it (worker, URL). */
  EDIT: 'edit',
  /** page.runs was replaced by a new generation of empty runs. */
  RUNS_RESET: 'runs-reset',
  /** the worker was just told to set up or rebuild every run. */
  RESTART: 'restart',
  /** page.playing changed. */
  PLAYING: 'playing',
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
