// The bands' reference for the Node tests: numpy.quantile(v, q) (method
// 'linear', numpy's default) written out, sorting and interpolating by hand.
import assert from 'node:assert/strict';

export function npQuantile(values, q) {
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) * q;
  const f = Math.floor(h);
  return f + 1 < v.length ? v[f] + (h - f) * (v[f + 1] - v[f]) : v[f];
}

/** The quantile of each band statistic. */
export const Q = { median: 0.5, q1: 0.25, q3: 0.75, min: 0, max: 1 };

/** a equals b within 1e-12 (relative above 1). */
export const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);
