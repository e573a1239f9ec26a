// inspect.js — what the network diagram and the epoch scrubber show of one
// run at one set of weights (the live ones or a snapshot of snapshots.js),
// computed in the training worker (worker.js) on a second network of the same
// spec, so training is never disturbed. Plain data, no DOM (the Node tests
// call it too). Definitions (docs/ARCHITECTURE.md, "The network as an
// instrument"):
//
// - the decision surface of the weights (surfaceFrom);
// - per layer, gradAbs: per kernel entry, the mean over the training set's
//   batches (the run's batch size, in data order, the first MAX_GRAD_BATCHES
//   of them) of |∂L_b/∂W| — the gradient chart's gradMeanAbs, per weight and
//   at fixed weights; a unit's gradMeanAbs is its incoming weights' mean;
// - per unit, meanAct, deadShare and saturatedShare of the core's
//   stats: 'full' (docs/API.md), measured at these weights over the whole
//   training set as one batch (meanAct over its first 256 samples, the probe);
// - unitMaps: one hidden layer's activations over a UNIT_GRID² grid of the
//   input plane (the forward pass up to that layer).
import { DIAGNOSE_THRESHOLDS } from '../dist/gradlab.js';
import { GRID, gridPoints } from './grid.js';
import { SnapshotStore } from './snapshots.js';
import { netGrid } from './experiment.js';

/** Cells per side of a unit's heatmap. */
export const UNIT_GRID = 32;
/** Batches of the training set averaged for gradAbs, at most. */
export const MAX_GRAD_BATCHES = 64;

/** A unit is marked saturated when saturatedShare − deadShare reaches this (diagnose()'s layer rule). */
export const SATURATED_SHARE = DIAGNOSE_THRESHOLDS.saturatedShare;

/**
 * Per dense layer, per unit: 'dead' (f′(z) = 0 on every training point: deadShare = 1),
 * 'saturated' (0 < |f′| < 1 % of its max on ≥ SATURATED_SHARE of them), or null.
 */
export function unitMarks(inspect) {
  if (!inspect || !inspect.units) return null;
  return inspect.units.map((u) => Array.from(u.deadShare, (d, j) => (d >= 1 ? 'dead' : u.saturatedShare[j] - d >= SATURATED_SHARE ? 'saturated' : null)));
}

const unitGrid = gridPoints(UNIT_GRID);
// one input (the sine): every row of the unit's heatmap is the same x sweep
const unitGrid1 = Float32Array.from({ length: UNIT_GRID * UNIT_GRID }, (_, i) => unitGrid[2 * (i % UNIT_GRID)]);

/**
 * The resolution surfaceFrom() computes at when asked for `res`: `res` for the
 * plane (2 inputs: classes, K classes, regression), GRID for one input (the
 * sine's curve is only GRID points: never coarser).
 */
export const surfaceResFor = (d, res) => (d.inputs === 1 ? GRID : res);

/**
 * The surface of `net`'s current weights over the worker's grid (d: the
 * worker's data, { Ngrid, classes, inputs, features }): at GRID, `d.Ngrid` (the
 * network's inputs of the GRID² plane, or of GRID x values for one input); at a
 * coarser `res` (grid.js SURFACE_RES, while a big net trains), the res² plane's
 * cell centres through the same transform (experiment.js netGrid: the feature inputs, or a
 * table's rows with the surface's two inputs and every other at its training mean).
 * P(class 1) per cell for 2 classes (out: the page's output setting); with
 * more, every class's probability (res²×classes, cell-major); a regression set:
 * the predicted value per cell; one input: per x (the curve, always GRID:
 * surfaceResFor), the value or P(class 1).
 */
export function surfaceFrom(net, out, d, res = GRID) {
  res = surfaceResFor(d, res);
  let X = d.Ngrid;
  if (res !== GRID) {
    if (!d.coarse) Object.defineProperty(d, 'coarse', { value: new Map(), enumerable: false });
    if (!d.coarse.has(res)) d.coarse.set(res, netGrid(gridPoints(res), d));
    X = d.coarse.get(res);
  }
  const p = net.predict(X);
  if (d.classes > 2 || d.classes === 0) return p;
  const s = new Float32Array(d.inputs === 1 ? GRID : res * res);
  if (out === 'softmax_cce') for (let i = 0; i < s.length; i++) s[i] = p[2 * i + 1];
  else s.set(p.subarray(0, s.length));
  return s;
}

/** Per layer, the mean over batches of |∂L_b/∂W| per kernel entry (the weights of `net`). */
export function gradAbs(net, X, y, batch) {
  const n = y.length / net.outputs;
  const bs = Math.max(1, Math.min(batch, n));
  const nb = Math.min(MAX_GRAD_BATCHES, Math.ceil(n / bs));
  let acc = null;
  for (let b = 0; b < nb; b++) {
    const lo = b * bs, hi = Math.min(n, lo + bs);
    const { grads } = net.gradients(X.subarray(net.inputs * lo, net.inputs * hi), y.subarray(lo * net.outputs, hi * net.outputs));
    if (!acc) acc = grads.map((g) => new Float32Array(g.kernel.length));
    grads.forEach((g, l) => { const a = acc[l]; for (let i = 0; i < a.length; i++) a[i] += Math.abs(g.kernel[i]); });
  }
  for (const a of acc) for (let i = 0; i < a.length; i++) a[i] /= nb;
  return acc;
}

/**
 * One run's inspector: its snapshots and a probe network of the same spec
 * (the weights under study are copied into it).
 */
export class RunInspector {
  constructor(lab, net, cfg) {
    this.lab = lab;
    this.net = net;
    this.cfg = cfg;
    this.spec = net.spec;
    this.snapshots = new SnapshotStore();
    this.probeNet = null;
  }

  /** The probe network, built when first needed (a big net takes a while to build). */
  get probe() {
    if (!this.probeNet) this.probeNet = this.lab.network(this.spec);
    return this.probeNet;
  }

  /** Keep the run's current weights as epoch `epoch` (worker.js: the start, then after every epoch). */
  record(epoch) { this.snapshots.add(epoch, this.net.getWeights()); }

  /** The snapshot shown for epoch `epoch` (the latest kept at or before it), or the live weights. */
  weightsAt(epoch, liveEpoch) {
    if (epoch == null || epoch >= liveEpoch) return { epoch: liveEpoch, weights: this.net.getWeights() };
    const s = this.snapshots.at(epoch);
    return s ? { epoch: s.epoch, weights: s.weights } : { epoch: liveEpoch, weights: this.net.getWeights() };
  }

  /**
   * What the diagram shows of `weights` (epoch `epoch`): { epoch, gradAbs, units }
   * (units: per layer { meanAct, deadShare, saturatedShare, gradMeanAbs }, Float32Arrays;
   * null when a forward pass of these weights overflows).
   */
  inspect(epoch, weights, X, y) {
    const p = this.probe;
    p.setWeights(weights);
    const g = gradAbs(p, X, y, this.cfg.batch);
    const n = y.length / p.outputs;
    // one batch of all samples; batch norm takes batches of one chunk at most: the run's own batches
    const bs = this.spec.layers.some((l) => l.norm === 'batch') ? Math.min(this.cfg.batch, n) : n;
    const h = p.train(X, y, { epochs: 1, batchSize: bs, shuffle: false, stats: 'full', optimizer: { type: 'sgd', learningRate: 1e-9 } });
    const last = h.epochs[0];
    const fanIn = [this.spec.inputs, ...this.spec.layers.map((l) => l.units)];
    const units = last ? last.layers.map((L, l) => {
      const u = L.units, k = this.spec.layers[l].units, gm = new Float32Array(k);
      for (let j = 0; j < k; j++) { let s = 0; for (let i = 0; i < fanIn[l]; i++) s += g[l][i * k + j]; gm[j] = s / fanIn[l]; }
      return { meanAct: u.meanAct, deadShare: u.deadShare, saturatedShare: u.saturatedShare, gradMeanAbs: gm };
    }) : null;
    return { epoch, gradAbs: g, units };
  }

  /** The decision surface of `weights` (d: the worker's data, as surfaceFrom). */
  surface(weights, d) {
    this.probe.setWeights(weights);
    return surfaceFrom(this.probe, this.cfg.out, d);
  }

  /**
   * Layer `layer`'s (0-based) activations at `weights` over the UNIT_GRID² grid:
   * Float32Array [UNIT_GRID²][units], row 0 at the top (grid.js); one input: each
   * row the same sweep of x. d: the worker's data (its inputs and feature inputs).
   */
  unitMaps(layer, weights, d) {
    const spec = { ...this.spec, layers: this.spec.layers.slice(0, layer + 1), loss: 'mse' };
    const part = this.lab.network(spec);
    try {
      part.setWeights(weights.slice(0, layer + 1));
      return part.predict(netGrid(d.inputs === 1 ? unitGrid1 : unitGrid, d));
    } finally { part.dispose(); }
  }

  dispose() { this.probeNet?.dispose(); this.snapshots.clear(); }
}
