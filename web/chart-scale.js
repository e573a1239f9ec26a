// chart-scale.js — where a chart puts each value, before uPlot sees it. Any
// number may arrive (1e-40, 0, 1e+30, NaN, ±inf: a vanished or exploded
// gradient, a diverged loss); uPlot only ever gets finite numbers in a sane
// range or null. A log axis is drawn as log10(value) on a linear scale, so no
// value is too small to place; values outside [LOG_FLOOR, LOG_CEIL], zeros
// and non-finite values are clamped to the axis' edge (or left out: NaN) and
// flagged, so the chart can mark them and say so. No DOM, no uPlot here.

/** Smallest and largest exponents a log axis spans: 1e-30 … 1e+30. */
export const LOG_FLOOR_EXP = -30;
export const LOG_CEIL_EXP = 30;
/** Largest |value| a linear axis spans. */
export const LIN_LIMIT = 1e30;

/** Why a value is not drawn where it is (0: it is). */
export const Flag = Object.freeze({
  OK: 0,
  /** 0 or negative on a log axis, or positive below 10^LOG_FLOOR_EXP: drawn at the bottom edge */
  BELOW: 1,
  /** +inf or above the axis' limit: drawn at the top edge */
  ABOVE: 2,
  /** -inf or below -LIN_LIMIT on a linear axis: drawn at the bottom edge */
  NEG: 3,
  /** NaN: not drawn */
  NAN: 4,
});

/**
 * Log-axis placement of one series: y[i] = log10(v) for v in
 * [1e-30, 1e+30], else null (the chart puts flagged values on an edge once it
 * knows the range: placeEdges). flags[i] says why a value was not placed.
 */
export function placeLog(values) {
  const n = values.length;
  const y = new Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) { y[i] = null; continue; }
    if (Number.isNaN(v)) { y[i] = null; flags[i] = Flag.NAN; continue; }
    if (!(v > 0)) { y[i] = null; flags[i] = Flag.BELOW; continue; }
    const e = Math.log10(v);
    if (e < LOG_FLOOR_EXP) { y[i] = null; flags[i] = Flag.BELOW; continue; }
    if (!(e <= LOG_CEIL_EXP)) { y[i] = null; flags[i] = Flag.ABOVE; continue; }
    y[i] = e;
  }
  return { y, flags };
}

/** Linear-axis placement: finite values within ±LIN_LIMIT as they are, the rest null and flagged. */
export function placeLinear(values) {
  const n = values.length;
  const y = new Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) { y[i] = null; continue; }
    if (Number.isNaN(v)) { y[i] = null; flags[i] = Flag.NAN; continue; }
    if (v > LIN_LIMIT) { y[i] = null; flags[i] = Flag.ABOVE; continue; }
    if (v < -LIN_LIMIT) { y[i] = null; flags[i] = Flag.NEG; continue; }
    y[i] = v;
  }
  return { y, flags };
}

/** Lowest and highest placed value over several series (null if none). */
export function extent(ys) {
  let lo = Infinity, hi = -Infinity;
  for (const y of ys) for (const v of y) if (v != null) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : null;
}

/** Log axis range in whole decades (exponents) around placed exponents [lo, hi]; default 1e-3 … 1. */
export function logRange(ext) {
  if (!ext) return [-3, 0];
  let lo = Math.max(LOG_FLOOR_EXP, Math.floor(ext[0])) + 0;
  let hi = Math.min(LOG_CEIL_EXP, Math.ceil(ext[1])) + 0; // + 0: no -0
  if (hi <= lo) { if (hi < LOG_CEIL_EXP) hi = lo + 1; else lo = hi - 1; }
  return [lo, hi];
}

/**
 * Put the flagged values of a placed series on the axis' edges [lo, hi]
 * (NaN stays null: a gap). Returns a new array.
 */
export function placeEdges(placed, lo, hi) {
  const { y, flags } = placed;
  const out = y.slice();
  for (let i = 0; i < out.length; i++) {
    const f = flags[i];
    if (f === Flag.BELOW || f === Flag.NEG) out[i] = lo;
    else if (f === Flag.ABOVE) out[i] = hi;
  }
  return out;
}

/** Whole-decade ticks for a log axis of exponents [lo, hi], at most `maxTicks` of them. */
export function decadeTicks(lo, hi, maxTicks) {
  const span = hi - lo;
  const step = [1, 2, 3, 5, 10, 20].find((s) => span / s + 1 <= Math.max(2, maxTicks)) || 30;
  const ticks = [];
  for (let k = Math.ceil(lo / step) * step; k <= hi + 1e-9; k += step) ticks.push(k);
  return ticks;
}

/** Label of a decade tick: 1e-24, 1, 1e+3 style, as the values. */
export function decadeLabel(k) {
  return k === 0 ? '1' : `1e${k}`;
}

/** What the flags of every series mean on this chart, in words ('' if every value is drawn as it is). */
export function flagNote(flagsList, log) {
  let below = false, above = false, neg = false, nan = false;
  for (const flags of flagsList) {
    for (const f of flags) {
      if (f === Flag.BELOW) below = true;
      else if (f === Flag.ABOVE) above = true;
      else if (f === Flag.NEG) neg = true;
      else if (f === Flag.NAN) nan = true;
    }
  }
  const parts = [];
  if (below && log) parts.push(`▼ 0 or below 1e${LOG_FLOOR_EXP}: drawn at the bottom edge`);
  if (above) parts.push(log ? `▲ inf or above 1e+${LOG_CEIL_EXP}: drawn at the top edge` : '▲ inf or above 1e+30: drawn at the top edge');
  if (neg) parts.push('▼ -inf or below -1e+30: drawn at the bottom edge');
  if (nan) parts.push('× NaN: not drawn');
  return parts.join(' · ');
}

/**
 * Indices to mark of one flagged series: the first of every stretch of
 * equally flagged values, and the last value if it is flagged.
 */
export function markIndices(flags) {
  const idx = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] && (i === 0 || flags[i - 1] !== flags[i] || i === flags.length - 1)) idx.push(i);
  }
  return idx;
}
