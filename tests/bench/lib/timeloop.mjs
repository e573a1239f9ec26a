// timeloop.mjs — throughput of short calls: calibrate a repeat count so one
// block lasts about `blockMs`, warm up, then time `blocks` blocks of each
// contender, interleaved; the medians.
import { now, median } from './common.mjs';

/** Repeat count for which `reps` calls of fn() last about blockMs (after a warm-up). */
function calibrate(fn, blockMs) {
  let reps = 1, t = 0;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    t = now() - t0;
    if (t >= blockMs / 4 || reps > 1 << 24) break;
    reps *= 2;
  }
  return Math.max(1, Math.round((reps * blockMs) / Math.max(t, 1e-3)));
}

/**
 * Elements per second of several contenders measured side by side: after
 * calibrating each, `blocks` rounds time one block of every contender in turn
 * (the order rotating each round), so a burst of load on this shared machine
 * falls on all of them alike rather than on whichever ran at that moment.
 * fns: { name: fn }, each processing `n` elements per call. Returns
 * { name: median elements/s }.
 */
export function interleaved(fns, n, { blockMs = 10, blocks = 9 } = {}) {
  const names = Object.keys(fns);
  const reps = Object.fromEntries(names.map((k) => [k, calibrate(fns[k], blockMs)]));
  const rates = Object.fromEntries(names.map((k) => [k, []]));
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(b + j) % names.length], fn = fns[k], r = reps[k];
      const t0 = now();
      for (let i = 0; i < r; i++) fn();
      rates[k].push((n * r) / ((now() - t0) / 1000));
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(rates[k])]));
}
