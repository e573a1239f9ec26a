// dist-series.js — the per-layer distributions the Layers view draws, as plain
// data (no DOM): packEpoch() in the worker turns an epoch trained with stats
// 'full' into what the page needs, compactly; DistSeries on the page keeps a
// run's series in bounded memory and gives the diagnosis a history in the
// shape net.train() returns (so the page and `gradlab train --diagnose` read
// the same thing through the same diagnose()).
import { DIST_QUANTITIES, DIST_PERCENTILES, LAYER_STATS, DIST_LAYER, distPercentiles } from '../dist/gradlab.js';

const NQ = DIST_QUANTITIES.length;
const NP = DIST_PERCENTILES.length;
/**
 * Floats per layer and quantity in a pack row: the signed percentiles, those of the non-zero
 * |x| (what a log scale can place), both as the library's distPercentiles() gives them (exact
 * where the data allow, else the bin's estimate), the share exactly 0, then per kind (signed,
 * |x|) a bit mask of the exact percentiles (bit i: percentile i) and the one value all (the
 * non-zero) values have (NaN: they differ).
 */
export const ROW_Q = 2 * NP + 5;
const EXACT = 2 * NP + 1; // the masks at EXACT, EXACT + 1; the all-values at EXACT + 2, EXACT + 3
/** Most rows a DistSeries keeps: beyond, every other one goes and the stride doubles. */
export const MAX_ROWS = 2048;
/** Fields of an epoch's layers the page's history keeps (the basic ones and updateRatio; no dist). */
const KEYS = [...LAYER_STATS, ...DIST_LAYER];
const plainLayer = (L) => Object.fromEntries(KEYS.filter((k) => k in L).map((k) => [k, L[k]]));

/** Whether run epoch i (from 1) is one net.train() keeps distributions at: i = round(2^(j/4)). */
export function logSpaced(i) {
  const j = Math.round(4 * Math.log2(i));
  for (let k = Math.max(0, j - 1); k <= j + 1; k++) if (Math.round(2 ** (k / 4)) === i) return true;
  return false;
}

/** Rows of distributions the page measures over a run, about (beyond the first epochs and the log-spaced ones). */
export const ROWS_PER_RUN = 128;
/** Epochs measured in full at the start of every run (the gradients change fastest there). */
export const FULL_START = 32;

/**
 * Whether the page measures epoch i (from 1) of a run of `total` epochs with
 * stats 'full': the first FULL_START, the log-spaced ones (the diagnosis reads
 * them, as net.train()'s history keeps them), every stride-th so that a run
 * has about ROWS_PER_RUN rows, and the last. The others are trained with stats
 * 'basic': measuring and packing the distributions costs ~3.5× an epoch of
 * the small nets, and the fans have no more pixels than ~ROWS_PER_RUN rows.
 */
export function fullAt(i, total) {
  const stride = Math.max(1, Math.round(total / ROWS_PER_RUN));
  return i <= FULL_START || i % stride === 0 || i >= total || logSpaced(i);
}

/**
 * An epoch's layers' percentile row: per layer, per quantity, p (signed), the percentiles
 * of the non-zero |x| (NaN when every value is 0) and the share of values exactly 0.
 */
export function percentileRow(layers) {
  const row = new Float32Array(layers.length * NQ * ROW_Q);
  const mask = (r) => r.exact.reduce((m, x, i) => m | (x ? 1 << i : 0), 0);
  layers.forEach((L, l) => DIST_QUANTITIES.forEach((q, k) => {
    const d = L.dist[q];
    const o = (l * NQ + k) * ROW_Q;
    [distPercentiles(d), distPercentiles(d, { abs: true, nonZero: true })].forEach((r, j) => {
      if (r) row.set(r.p, o + j * NP); else row.fill(NaN, o + j * NP, o + (j + 1) * NP);
      row[o + EXACT + j] = r ? mask(r) : 0;
      row[o + EXACT + 2 + j] = r?.all ?? NaN;
    });
    row[o + 2 * NP] = d.count > 0 ? d.zeros / d.count : NaN;
  }));
  return row;
}

/** An epoch of net.train({ stats: 'full' }) as the page's history keeps it (layers without dist, units). */
export function plainEpoch(s, epoch) {
  return { epoch, loss: s.loss, accuracy: s.accuracy, valLoss: s.valLoss, valAccuracy: s.valAccuracy, layers: s.layers.map(plainLayer) };
}

/** An epoch's distributions and unit arrays, as plain data: [{ dist, units }] per layer. */
export const fullLayers = (s) => s.layers.map((L) => ({ dist: L.dist, units: L.units }));

/**
 * A run's distributions on the page. Rows: every epoch's percentile row until
 * MAX_ROWS are kept, then every other one and the stride doubles (the latest
 * always stays). Full: the distributions and unit arrays of the log-spaced
 * epochs (logSpaced) and of the latest epoch, as net.train()'s history keeps them.
 */
export class DistSeries {
  constructor(layers) {
    this.layers = layers;
    this.epochs = [];    // epoch of each row
    this.rows = [];      // Float32Array rows (percentileRow)
    this.stride = 1;
    this.full = [];      // [{ epoch, layers: [{ dist, units }] }], ascending
    this.lastProvisional = false;
  }

  /** Add an update's rows: epochs[k] has row pct[k·n … (k+1)·n); full: [{ epoch, layers }]. */
  add(epochs, pct, full = []) {
    const n = this.layers * NQ * ROW_Q;
    epochs.forEach((e, k) => {
      if (this.lastProvisional) { this.epochs.pop(); this.rows.pop(); }
      this.epochs.push(e);
      this.rows.push(pct.subarray(k * n, (k + 1) * n));
      this.lastProvisional = e % this.stride !== 0;
      if (this.rows.length > MAX_ROWS) this.#thin();
    });
    for (const f of full) {
      const last = this.full[this.full.length - 1];
      if (last && !logSpaced(last.epoch)) this.full.pop();
      this.full.push(f);
    }
  }

  #thin() {
    this.stride *= 2;
    const keep = this.epochs.map((e, i) => e % this.stride === 0 || i === this.epochs.length - 1);
    this.epochs = this.epochs.filter((_, i) => keep[i]);
    this.rows = this.rows.filter((_, i) => keep[i]);
    this.lastProvisional = this.epochs[this.epochs.length - 1] % this.stride !== 0;
  }

  /** Index of the kept row nearest to `epoch` (null: latest; -1: no rows). */
  nearest(epoch) {
    const n = this.epochs.length;
    if (!n) return -1;
    if (epoch === null || epoch === undefined) return n - 1;
    let lo = 0, hi = n - 1;
    while (lo < hi) { const m = (lo + hi) >> 1; if (this.epochs[m] < epoch) lo = m + 1; else hi = m; }
    return lo > 0 && epoch - this.epochs[lo - 1] <= this.epochs[lo] - epoch ? lo - 1 : lo;
  }

  /** Percentiles of layer l, quantity q (index), at row i: 7 values, of the non-zero |x| when abs. */
  at(i, l, q, abs) {
    const o = (l * NQ + q) * ROW_Q + (abs ? NP : 0);
    return this.rows[i].subarray(o, o + NP);
  }

  /**
   * Percentile k (index into DIST_PERCENTILES) of layer l, quantity q at row i as figures:
   * { value, exact, all } (all: the one value every (non-zero, with abs) value has, or null).
   */
  figure(i, l, q, abs, k) {
    const o = (l * NQ + q) * ROW_Q, r = this.rows[i], j = abs ? 1 : 0;
    const all = r[o + EXACT + 2 + j];
    return { value: r[o + j * NP + k], exact: ((r[o + EXACT + j] >> k) & 1) === 1, all: Number.isNaN(all) ? null : all };
  }

  /** The share of layer l's values of quantity q (index) that are exactly 0, at row i. */
  zeroShare(i, l, q) { return this.rows[i][(l * NQ + q) * ROW_Q + 2 * NP]; }

  /** The history net.train() would have returned: `epochs` (the page's), with dist and units where kept. */
  history(epochs) {
    const byEpoch = new Map(this.full.map((f) => [f.epoch, f.layers]));
    return {
      epochs: epochs.map((e) => {
        const f = byEpoch.get(e.epoch);
        return f ? { ...e, layers: e.layers.map((L, l) => ({ ...L, ...f[l] })) } : e;
      }),
    };
  }
}
