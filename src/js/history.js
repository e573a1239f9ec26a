// history.js — what net.train() keeps of the epochs (internal): the 'full'
// statistics decoded from the C core's dist buffer (layout: gradlab.h's
// GL_DIST_* lists, through tables.js), and the retention policy that bounds
// the history's memory however many epochs a call trains (docs/API.md,
// "Memory of the history").
import { DIST_QUANTITIES, DIST_FIELDS, DIST_PERCENTILES, DIST_BINS, DIST_RANGES, DIST_LAYER, DIST_UNIT_STATS, LAYER_STATS, limits } from './tables.js';

const NF = DIST_FIELDS.length;
const NP = DIST_PERCENTILES.length;
const QF = NF + NP + DIST_BINS.bins + DIST_BINS.logBins;
const F = Object.fromEntries(DIST_FIELDS.map((k, i) => [k, i]));

/** Floats of the dist buffer of a net with these layer widths (= gl_net_dist_floats). */
export function distFloats(units) {
  return units.reduce((s, u) => s + DIST_LAYER.length + DIST_QUANTITIES.length * QF + DIST_UNIT_STATS.length * u, 0);
}

/** Layer l's distributions from the dist buffer d (a Float32Array copy) at float o. */
function decodeDist(d, o) {
  let q = o + DIST_LAYER.length;
  const dist = {};
  for (const name of DIST_QUANTITIES) {
    const r = DIST_RANGES[name];
    const h = q + NF + NP;
    dist[name] = {
      count: d[q + F.count],
      mean: d[q + F.mean],
      std: d[q + F.std],
      zeros: d[q + F.zeros],
      min: d[q + F.min],
      max: d[q + F.max],
      absMin: d[q + F.absMin],
      p: d.slice(q + NF, q + NF + NP),
      hist: { lo: r.lo, hi: r.hi, counts: d.slice(h, h + DIST_BINS.bins), under: d[q + F.under], over: d[q + F.over] },
      logHist: {
        lo: DIST_BINS.logLo, hi: DIST_BINS.logHi, counts: d.slice(h + DIST_BINS.bins, h + DIST_BINS.bins + DIST_BINS.logBins),
        zero: d[q + F.logZero], over: d[q + F.logOver],
      },
    };
    q += QF;
  }
  return dist;
}

function decodeUnits(d, o, units) {
  const q = o + DIST_LAYER.length + DIST_QUANTITIES.length * QF;
  const u = {};
  DIST_UNIT_STATS.forEach((k, i) => { u[k] = d.slice(q + i * units, q + (i + 1) * units); });
  return u;
}

/** Adds layer l's DIST_LAYER fields (updateRatio) from d at float o. */
export function addLayerHead(L, d, o) {
  for (let i = 0; i < DIST_LAYER.length; i++) L[DIST_LAYER[i]] = d[o + i];
}

/**
 * Adds layer l's 'full' statistics to its object L from the dist buffer d (a
 * Float32Array copy of the epoch's) at float o: the DIST_LAYER fields, and
 * dist and units as enumerable getters that build their objects on first
 * read (JSON.stringify and structuredClone read them like plain fields).
 */
export function addLayerDist(L, d, o, units) {
  addLayerHead(L, d, o);
  let dist;
  let u;
  Object.defineProperty(L, 'dist', { get: () => (dist ??= decodeDist(d, o)), enumerable: true, configurable: true });
  Object.defineProperty(L, 'units', { get: () => (u ??= decodeUnits(d, o, units)), enumerable: true, configurable: true });
}

/**
 * The retention policy. Series: every epoch is kept until limits.maxHistoryEpochs
 * are kept; then every other kept one is dropped and the stride doubles (the
 * call's i-th epoch is kept when i is a multiple of history.stride), so the
 * series holds between half and all of limits.maxHistoryEpochs epochs, plus the
 * latest and those with distributions. Distributions and unit arrays
 * ('full'): kept at the call's epochs i = round(2^(j/4)), j = 0, 1, … (log-
 * spaced: 4 per octave) and at the latest epoch, at most
 * limits.maxHistoryDistEpochs; the others' layers keep every basic field and
 * updateRatio.
 */
export class Retention {
  constructor(history) {
    this.h = history;
    history.stride = 1;
    history.thinned = false;
    this.i = 0;                // the call's epochs so far
    this.start = 0;            // the epoch before the call's first
    this.regular = 0;          // kept entries on the stride
    this.keep = new WeakSet(); // entries kept for their distributions
    this.lastProvisional = false;
    this.lastHasDist = false;
    this.nextLog = 1;
    this.j = 0;
    this.distKept = 0;
  }

  /**
   * Whether the next push keeps its distributions past the one after it
   * (a log-spaced epoch within the limit): net.train() measures them then
   * even when no onEpoch sees every epoch.
   */
  wantsDist() {
    return this.i + 1 === this.nextLog && this.distKept - (this.lastHasDist ? 1 : 0) < limits.maxHistoryDistEpochs - 1;
  }

  /** Appends the epoch's stats (full: its layers carry dist and units). */
  push(stats, full) {
    const h = this.h;
    const eps = h.epochs;
    if (this.i === 0) this.start = stats.epoch - 1;
    this.i++;
    // the previous latest: dropped when off the stride, its distributions when off the log spacing
    if (eps.length && this.lastProvisional) {
      const e = eps.pop();
      if (this.lastHasDist) this.distKept--;
      if (this.keep.has(e)) this.keep.delete(e);
    } else if (eps.length && this.lastHasDist) { stripDist(eps[eps.length - 1]); this.distKept--; }
    let logKeep = false;
    if (this.i === this.nextLog) {
      logKeep = full && this.distKept < limits.maxHistoryDistEpochs - 1;
      while (Math.round(2 ** (this.j / 4)) <= this.i) this.j++;
      this.nextLog = Math.round(2 ** (this.j / 4));
    }
    const onStride = this.i % h.stride === 0;
    eps.push(stats);
    if (logKeep) { this.keep.add(stats); this.distKept++; }
    this.lastHasDist = full && !logKeep;
    if (this.lastHasDist) this.distKept++;
    this.lastProvisional = !onStride && !logKeep;
    if (onStride) this.regular++;
    if (this.regular >= limits.maxHistoryEpochs) this.#thin();
  }

  #thin() {
    const h = this.h;
    const stride = h.stride * 2;
    const n = h.epochs.length;
    const on = (e) => (e.epoch - this.start) % stride === 0;
    h.epochs = h.epochs.filter((e, k) => this.keep.has(e) || k === n - 1 || on(e));
    h.stride = stride;
    h.thinned = true;
    this.regular = h.epochs.filter(on).length;
    const last = h.epochs[h.epochs.length - 1];
    this.lastProvisional = !on(last) && !this.keep.has(last);
  }
}

// copies of its layers without them (delete would make slow dictionaries; a
// rest spread would read, so build, them; a plain loop, not fromEntries: this
// runs once per epoch with onEpoch)
const KEEP = [...LAYER_STATS, ...DIST_LAYER];
function stripDist(e) {
  const layers = e.layers;
  const out = new Array(layers.length);
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    const c = {};
    for (let i = 0; i < KEEP.length; i++) c[KEEP[i]] = L[KEEP[i]];
    out[l] = c;
  }
  e.layers = out;
}
