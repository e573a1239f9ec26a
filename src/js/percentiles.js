// percentiles.js — the percentiles of a 'full' distribution as figures to
// print: exact where the data allow it, else the log bin's estimate (within a
// factor 1.122). The one rule every reader of the bins uses: the page's
// Layers view (dist-series.js, panels/distributions.js), diagnose() and the
// CLI's long CSV.
//
// The rule. A percentile is known to lie in one log bin of |x| (or the zero
// class, or the over class). The C core also reports the exact min, max and
// the smallest non-zero |x| (absMin) of the values. The percentile's value lies
// in its bin intersected with [absMin, largest |x|] (per sign for the signed
// percentiles: [absMin, max] or [absMin, −min]); when that is one point, it is
// that value exactly (a ReLU's f′ of 1: its bin meets [1, 1]). Otherwise the
// bin's log centre, moved into that range (a sigmoid's f′ never reads above
// its max, 0.25), an estimate.
import { DIST_PERCENTILES } from './tables.js';

const NP = DIST_PERCENTILES.length;

// the log bins' float32 edges, as the C core's (dist_stats.c edge[k]), of the last histogram shape seen
let edgeKey = '', edgeArr = null;
function edgesOf(h) {
  const nb = h.counts.length;
  if (edgeArr && edgeArr.length === nb + 1 && edgeKey === `${h.lo},${h.hi}`) return edgeArr;
  const step = (h.hi - h.lo) / nb;
  edgeArr = Float64Array.from({ length: nb + 1 }, (_, k) => Math.fround(10 ** (h.lo + k * step)));
  edgeKey = `${h.lo},${h.hi}`;
  return edgeArr;
}

/** The class of |x| = a: -1 below the first edge (0 included), k for log bin k, nb at or above the last edge. */
function classOf(a, E) {
  const nb = E.length - 1;
  if (!(a >= E[0])) return -1;
  if (a >= E[nb]) return nb;
  let lo = 0, hi = nb - 1; // the largest k with E[k] <= a
  while (lo < hi) { const m = (lo + hi + 1) >> 1; if (E[m] <= a) lo = m; else hi = m - 1; }
  return lo;
}

/**
 * Writes p[i], exact[i] for one |x| percentile of class k (classOf) whose
 * estimate is `est` (≥ 0), times sign s: the class's range met with [amin,
 * amax] (NaN bounds: unknown). The zero class (k = -1): exactly 0 when it
 * holds only exact zeros (zeroExact), else an estimate, refined only when it
 * holds no zeros (tiny: its values are the non-zero |x| below the first edge).
 */
function refine(p, exact, i, s, est, k, E, amin, amax, zeroExact, tiny) {
  const nb = E.length - 1;
  exact[i] = false;
  p[i] = s * est;
  if (k < 0 && zeroExact) { p[i] = 0; exact[i] = true; return; }
  if (k < 0 && !tiny) return;
  const lo = Math.max(k < 0 ? 0 : E[k], amin), hi = Math.min(k >= nb ? Infinity : E[k + 1], amax);
  if (!(lo <= hi)) return;                                   // a bound unknown (older data, NaN values)
  if (lo === hi && lo > 0) { p[i] = s * lo; exact[i] = true; return; } // one point
  p[i] = s * Math.min(Math.max(est, lo), hi);
}

/**
 * The walk of absPercentiles over a distribution's log10|x| histogram: calls
 * at(i, k, estimate) for each percentile (k: its class, -1 the zero bucket,
 * logBins the over bucket). false without values.
 */
function walkAbs(q, nonZero, at) {
  const h = q?.logHist;
  if (!h || !(q.count > 0)) return false;
  const skip = nonZero ? q.zeros : 0;
  if (!(skip >= 0 && skip <= q.count && skip <= h.zero)) {
    throw new TypeError(`absPercentiles(dist, { nonZero: true }): dist.zeros must be a count from 0 to dist.logHist.zero (${h.zero}), got ${skip}`);
  }
  const n = q.count - skip;
  if (!(n > 0)) return false;
  const nb = h.counts.length, step = (h.hi - h.lo) / nb;
  let k = -1;            // the bin reached (-1: the zero bucket)
  let c = h.zero - skip; // values up to and including bin k
  for (let i = 0; i < NP; i++) {
    const r = Math.max(1, Math.ceil((DIST_PERCENTILES[i] * n) / 100));
    while (c < r && k < nb) { k++; c += k < nb ? h.counts[k] : Infinity; }
    at(i, k, k < 0 ? 0 : k >= nb ? 10 ** h.hi : 10 ** (h.lo + (k + 0.5) * step));
  }
  return true;
}

/**
 * The percentiles (DIST_PERCENTILES) of one distribution (`layers[j].dist[q]`)
 * as figures: { p: Float64Array, exact: boolean[], all: number | null }, or
 * null without values. Signed (default): dist.p refined; { abs: true }: those
 * of |x| from the log histogram (absPercentiles' ranks), with { nonZero: true }
 * of the values that are not exactly 0 (null when every value is 0).
 * exact[i]: p[i] is the value of that rank exactly; otherwise p[i] is its log
 * bin's centre moved into the data's range (within a factor 1.122). all: the
 * one value every (non-zero, with nonZero) value has, or null.
 */
export function distPercentiles(q, { abs = false, nonZero = false } = {}) {
  const h = q?.logHist;
  if (!h || !(q.count > 0)) return null;
  const E = edgesOf(h);
  const min = q.min ?? NaN, max = q.max ?? NaN, absMin = q.absMin ?? NaN;
  const absMax = Math.max(Math.abs(min), Math.abs(max));
  const zeroExact = q.zeros === h.zero; // the zero class holds only exact zeros
  const p = new Float64Array(NP);
  const exact = new Array(NP).fill(false);
  if (!abs) {
    if (!q.p) return null;
    for (let i = 0; i < NP; i++) {
      const v = q.p[i];
      if (Number.isNaN(v)) { p[i] = v; continue; }
      const a = Math.abs(v), s = v < 0 ? -1 : 1;
      refine(p, exact, i, s, a, classOf(a, E), E, absMin, s > 0 ? max : -min, zeroExact, false);
    }
    return { p, exact, all: min === max && Number.isFinite(min) ? min : null };
  }
  // with nonZero the zero class's values left are the tiny non-zero ones
  const any = walkAbs(q, nonZero, (i, k, est) => refine(p, exact, i, 1, est, k, E, absMin, absMax, zeroExact && !nonZero, nonZero));
  if (!any) return null;
  const all = absMin === absMax && Number.isFinite(absMin) && (nonZero || q.zeros === 0) ? absMin
    : !nonZero && q.zeros === q.count ? 0 : null;
  return { p, exact, all };
}

/**
 * The percentiles of |x| (DIST_PERCENTILES, the same rank rule as dist.p:
 * rank r = max(1, ceil(p·count/100)) in ascending order) from a distribution's
 * log10|x| histogram, each its bin's log centre (0 below 1e-16, 1e4 at or
 * above 1e4): a Float64Array, or null without a logHist or values. With
 * { nonZero: true }, those of the values that are not exactly 0 (count −
 * zeros of them; the rest of the zero bucket, 0 < |x| < 1e-16, reported as
 * 0): null when every value is 0. The raw bin estimates: distPercentiles()
 * gives the figures to print (exact where the data allow).
 */
export function absPercentiles(q, { nonZero = false } = {}) {
  const out = new Float64Array(NP);
  return walkAbs(q, nonZero, (i, k, est) => { out[i] = est; }) ? out : null;
}

/**
 * A percentile as text: an exact value as the shortest decimal that is the
 * same float32 (1, 0.25, 0.7310586), an estimate to 2 significant digits
 * after "≈" (≈1.1); 0 as "0" when exact, NaN as "none".
 */
export function formatPercentile(v, exact) {
  if (Number.isNaN(v)) return 'none';
  if (!Number.isFinite(v)) return String(v);
  if (exact) {
    if (v === 0) return '0';
    const f = Math.fround(v);
    for (let d = 1; d < 9; d++) {
      const t = Number(v.toPrecision(d));
      if (Math.fround(t) === f) return Math.abs(t) >= 1e-3 && Math.abs(t) < 1e6 ? String(t) : t.toExponential();
    }
    return String(v);
  }
  const s = v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? String(Number(v.toPrecision(2))) : v.toExponential(1);
  return `≈${s}`;
}
