// timeloop.mjs — throughput of a short call: calibrate a repeat count so one
// block lasts about `blockMs`, warm up, then time `blocks` blocks; the median.
import { now, median } from './common.mjs';

/** Elements per second of fn() that processes `n` elements per call. */
export function throughput(fn, n, { blockMs = 20, blocks = 5 } = {}) {
  // warm-up + calibration
  let reps = 1, t = 0;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    t = now() - t0;
    if (t >= blockMs / 4 || reps > 1 << 24) break;
    reps *= 2;
  }
  reps = Math.max(1, Math.round((reps * blockMs) / Math.max(t, 1e-3)));
  const rates = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    const ms = now() - t0;
    rates.push((n * reps) / (ms / 1000));
  }
  return { perSec: median(rates), reps, blocks };
}
