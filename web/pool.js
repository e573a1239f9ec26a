// pool.js — the page's Web Workers (each runs worker.js, messages: protocol.js).
// The pool is sized by navigator.hardwareConcurrency, capped at MAX_POOL. The
// live session (session.js) trains network A in one worker and, in compare
// mode with a pool of 2 or more, network B in a second; the seed study spreads
// its seeds over a pool of its own (runStudy), one seed at a time per worker.
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

/**
 * A seed study over a pool of `size` workers: every seed of `seeds` is sent
 * alone (a `study` message, protocol.js) to the next idle worker, which trains
 * network A (and B in compare mode) from it. on.result(m) gets each study
 * message of a seed and network as it arrives (in no fixed order), on.done()
 * comes once after the last one, on.error(text) if a worker fails (the pool
 * is then stopped). Returns { size, cancel() }: cancel terminates the workers.
 */
export function runStudy(state, seeds, id, size, on) {
  const workers = [];
  let next = 0;
  let left = seeds.length;
  let over = false;
  const stop = () => { over = true; for (const w of workers.splice(0)) w.terminate(); };
  const feed = (w) => {
    if (next < seeds.length) w.postMessage({ type: ToWorker.STUDY, state, seeds: [seeds[next++]], id });
  };
  const fail = (text) => { if (!over) { stop(); on.error(text); } };
  const n = Math.max(1, Math.min(size, seeds.length));
  for (let i = 0; i < n; i++) {
    const w = newWorker();
    workers.push(w);
    w.onmessage = (ev) => {
      const m = ev.data;
      if (over) return;
      if (m.type === FromWorker.ERROR) { fail(m.message); return; }
      if (m.type !== FromWorker.STUDY || m.id !== id) return;
      if (!m.done) { on.result(m); return; }
      if (--left === 0) { stop(); on.done(); } else feed(w);
    };
    w.onerror = (e) => fail(e.message || 'worker error');
    feed(w);
  }
  return { size: n, cancel: stop };
}
