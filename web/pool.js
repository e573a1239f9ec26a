// pool.js — the page's Web Workers (each runs worker.js, messages: protocol.js).
// The pool is sized by navigator.hardwareConcurrency, capped at MAX_POOL. The
// live session (session.js) trains network A in one worker and, in compare
// mode with a pool of 2 or more, network B in a second; the seed study spreads
// its seeds over a pool of its own (runStudy), one seed at a time per worker,
// on workers started ahead (warmStudyPool) and kept between studies.
// Every worker loads its own gradlab.wasm and the C core is deterministic, so
// a network's numbers are the same bit for bit in whichever worker it trains
// (tests/browser/pool.test.js).
import { ToWorker, FromWorker } from './protocol.js';

/** The most workers the page starts for one job. */
export const MAX_POOL = 8;

/** How many workers a job may use: navigator.hardwareConcurrency, 1 to MAX_POOL. */
export function poolSize() {
  const n = Math.floor(Number(globalThis.navigator?.hardwareConcurrency));
  return Number.isFinite(n) ? Math.max(1, Math.min(MAX_POOL, n)) : 1;
}

/** A new training worker. */
export function newWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

// The seed study's workers, started ahead and kept between studies: a worker's
// start (the module's import, gradlab.wasm's instantiation, its first epochs on
// V8's baseline tier) cost more than the whole study's training when each study
// started its own (docs/BENCHMARKS.md, "Why the page's study did not gain").
const spare = [];
/** Seeds given to a worker at a time: one training, the next waiting in its queue. */
const AHEAD = 2;

let warmed = false;

/**
 * Start the seed study's workers ahead, up to `size` (app.js does once the page
 * has been quiet for a few seconds: its worker ready, nothing training): a study
 * then starts on workers that have loaded gradlab.wasm.
 * With `state` (the page's, plain), the first of them also warms up once per page
 * (protocol.js warm): V8's optimised code of the training, shared by every worker.
 */
export function warmStudyPool(size = poolSize(), state = null) {
  while (spare.length < size) park(newWorker());
  if (state && !warmed && spare.length) { warmed = true; spare[0].postMessage({ type: ToWorker.WARM, state }); }
}

// a spare worker: one that fails (e.g. cannot load gradlab.wasm) is dropped, so no study waits on it
function park(w) {
  const drop = () => { const i = spare.indexOf(w); if (i >= 0) spare.splice(i, 1); w.terminate(); };
  w.onmessage = (ev) => { if (ev.data?.type === FromWorker.ERROR) drop(); };
  w.onerror = drop;
  spare.push(w);
}

/** How many started workers wait for a study (for the tests and the console). */
export const spareWorkers = () => spare.length;

/**
 * A seed study over a pool of `size` workers (the spare ones first, new ones for
 * the rest): every seed of `seeds` is sent alone (a `study` message, protocol.js),
 * two to each worker at first, then one to each worker that finishes one (so the
 * last seeds go to whichever are free); the worker trains network A (and B in
 * compare mode) from it. on.result(m) gets each study message of a seed and network as it arrives
 * (in no fixed order), on.done() comes once after the last one (the workers go
 * back to the spares), on.error(text) if a worker fails (the pool is then
 * stopped). Returns { size, cancel() }: cancel terminates the workers (a seed in
 * training cannot be interrupted); later studies start new ones.
 */
export function runStudy(state, seeds, id, size, on) {
  const n = Math.max(1, Math.min(size, seeds.length));
  const workers = spare.splice(0, n);
  while (workers.length < n) workers.push(newWorker());
  let next = 0;
  let left = seeds.length;
  let over = false;
  const detach = () => { over = true; const ws = workers.splice(0); for (const w of ws) { w.onmessage = null; w.onerror = null; } return ws; };
  const stop = () => { for (const w of detach()) w.terminate(); };
  const release = () => { for (const w of detach()) park(w); };
  const feed = (w) => {
    if (next < seeds.length) w.postMessage({ type: ToWorker.STUDY, state, seeds: [seeds[next++]], id });
  };
  const fail = (text) => { if (!over) { stop(); on.error(text); } };
  for (const w of workers) {
    // two seeds ahead per worker: the next one waits in the worker, not on the page's
    // main thread's answer (a frame being drawn delayed it by up to 200 ms under load)
    w.onmessage = (ev) => {
      const m = ev.data;
      if (over) return;
      if (m.type === FromWorker.ERROR) { fail(m.message); return; }
      if (m.type !== FromWorker.STUDY || m.id !== id) return;
      if (!m.done) { on.result(m); return; }
      if (--left === 0) { release(); on.done(); } else feed(w);
    };
    w.onerror = (e) => fail(e.message || 'worker error');
  }
  for (let k = 0; k < AHEAD; k++) for (const w of workers) feed(w);
  return { size: n, cancel: stop };
}
