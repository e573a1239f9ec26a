// panels/scrubber.js — the epoch scrubber: a range over the epochs trained so
// far (arrow keys, Page Up/Down, Home and End work on it), the epoch shown
// beside it and a Live button. Dragging back sets page.scrub.epoch: the worker
// answers with each run's weight snapshot kept at or before that epoch
// (snapshots.js), its decision surface and the diagram's figures, which the
// views then show (page.runs[i].scrubbed); every time chart draws a cursor at
// the epoch. Dragging to the end, End or Live goes back to the live run.
import { ToWorker } from '../protocol.js';
import { page, on, emit, PageEvent } from '../page-state.js';
import { send } from '../session.js';
import { $ } from './dom.js';

// One scrub request in flight at a time; while it runs, the latest wanted epoch waits.
const req = { id: 0, inFlight: false, wanted: null };

const latestEpoch = () => page.runs.reduce((m, r) => Math.max(m, r.epoch), 0);

/**
 * What run `r` shows now: the scrubbed epoch's snapshot while scrubbed and answered, else
 * the live run: { epoch, surface, weights, inspect, wrong } (epoch: that of the weights; wrong: digits' misclassified test rows).
 */
export function shownRun(r) {
  const s = page.scrub.epoch != null && r.scrubbed;
  return s ? { epoch: s.shown, surface: s.surface, weights: s.weights, inspect: s.inspect, wrong: s.wrong }
    : { epoch: r.epoch, surface: r.surface, weights: r.weights, inspect: r.inspect, wrong: r.wrong };
}

/** Show `epoch` (null: live) on the page: the views, the charts' cursors, the worker's snapshots. */
export function scrubTo(epoch) {
  const max = latestEpoch();
  const e = epoch == null || epoch >= max ? null : Math.max(0, Math.round(epoch));
  if (e === page.scrub.epoch) { sync(); return; }
  page.scrub.epoch = e;
  if (e == null) {
    for (const r of page.runs) { r.scrubbed = null; r.surfaceNew = true; }
  } else {
    req.wanted = e;
    if (!req.inFlight) ask();
  }
  page.dirty.surface = true;
  page.dirty.net = true;
  sync();
  emit(PageEvent.SCRUB);
}

function ask() {
  req.id += 1;
  req.inFlight = true;
  send(ToWorker.SCRUB, { epoch: req.wanted, id: req.id });
}

/** The worker's answer to a scrub request (session.js routes it here). */
export function onScrubbed(m) {
  req.inFlight = false;
  if (page.scrub.epoch == null) return;
  if (req.wanted !== m.epoch) { ask(); return; } // the user moved on meanwhile: ask again
  m.runs.forEach((u, i) => {
    const r = page.runs[i];
    if (r) { r.scrubbed = { epoch: m.epoch, shown: u.shown, surface: u.surface, weights: u.weights, inspect: u.inspect, wrong: u.wrong }; r.surfaceNew = true; page.dirty.status = true; }
  });
  page.dirty.surface = true;
  page.dirty.net = true;
  sync();
  emit(PageEvent.SCRUB);
}

/** A scrub request failed in the worker (its error message is shown): let the next one go. */
export function onScrubError() { req.inFlight = false; }

/** The range, its output, the Live button and the note, from page.scrub and page.runs. */
function sync() {
  const max = latestEpoch();
  const input = $('scrub');
  const e = page.scrub.epoch;
  input.max = String(max);
  input.disabled = max === 0;
  input.value = String(e == null ? max : e);
  const text = e == null ? (max ? `${max} (live)` : '–') : `${e} of ${max}`;
  if ($('scrub-out').textContent !== text) $('scrub-out').textContent = text;
  input.setAttribute('aria-valuetext', e == null ? `epoch ${max}, live` : `epoch ${e} of ${max}`);
  $('scrub-live').disabled = e == null;
  $('scrubber').classList.toggle('scrubbed', e != null);
  $('scrub-note').textContent = note(e, max);
}

function note(e, max) {
  if (!max) return 'Train a few epochs, then drag back through them: the surface and the network show that epoch.';
  if (e == null) return 'Drag back (or use the arrow keys) to see the surface and the network at an earlier epoch.';
  const tags = page.runs.length > 1 ? ['A: ', 'B: '] : [''];
  const parts = page.runs.map((r, i) => {
    const s = r.scrubbed;
    if (!s || s.epoch !== e) return `${tags[i]}loading…`;
    if (s.shown === e) return `${tags[i]}weights of epoch ${e}`;
    return `${tags[i]}weights of epoch ${s.shown} (the nearest kept before ${e}${r.epoch < e ? `; the run stopped at ${r.epoch}` : ''})`;
  });
  return `Surface and network: ${parts.join('; ')}. Charts: cursor at epoch ${e}.`;
}

/** What the scrubber shows, for tests: the epoch, the range's max and each run's shown snapshot. */
export function scrubProbe() {
  return {
    epoch: page.scrub.epoch,
    max: Number($('scrub').max),
    shown: page.runs.map((r) => (r.scrubbed ? r.scrubbed.shown : null)),
    note: $('scrub-note').textContent,
  };
}

export function mount() {
  $('scrub').addEventListener('input', (ev) => scrubTo(Number(ev.target.value)));
  $('scrub-live').addEventListener('click', () => scrubTo(null));
  on(PageEvent.UPDATE, sync);
  on(PageEvent.RUNS_RESET, () => {
    page.scrub.epoch = null;
    req.wanted = null;
    req.inFlight = false; // an answer of the old runs is dropped (session.js)
    sync();
    emit(PageEvent.SCRUB);
  });
  sync();
}
