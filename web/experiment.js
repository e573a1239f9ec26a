// experiment.js — the page's experiment as plain data, shared by the training
// worker (worker.js) and the Node tests that check the presets' texts: the
// data set of the settings, the targets each output wants, and one network
// trained the way the page trains it. No DOM here.
import { featureColumns, shuffleRows, scalingOf, applyScaling } from '../dist/gradlab.js';
import { networkSpec, trainSpec, dataClasses, dataInputs, dataFeatures, hasClasses, isTable, TABLES, csvOptions } from './state.js';
import { EXTENT } from './grid.js';

/**
 * The table of settings `st` as datasets.fromCSV() gives it (a Promise): a
 * bundled one (lab.datasets.iris() …) or the user's CSV (setting `table`, its
 * label column `label`); null when the data is not a table.
 */
export async function loadTable(lab, st) {
  if (TABLES.includes(st.ds)) return lab.datasets[st.ds]();
  if (st.ds === 'csv') return lab.datasets.fromCSV(st.table.text, csvOptions(st));
  return null;
}

/**
 * The data of settings `st`: { Xtr, ytr, Xte, yte, classes, inputs, features }
 * (X sample-major [n][inputs], y class labels 0 … classes - 1; classes:
 * dataClasses(st), 0 for a regression set, whose y are values; features: the
 * networks' feature inputs, dataFeatures(st), null = X itself: see netInput()).
 * A table (`table`: loadTable()'s) adds `table` (tableData()).
 */
export function makeData(lab, st, table = null) {
  if (isTable(st.ds)) return tableData(st, table);
  const classes = dataClasses(st), inputs = dataInputs(st);
  const opts = { n: st.n, noise: st.noise, seed: st.dseed };
  if (st.ds === 'circles') opts.factor = st.factor;
  if (hasClasses(st.ds)) opts.classes = classes;
  const { X, y } = lab.datasets[st.ds](opts);
  const ntr = Math.max(1, Math.min(st.n - 1, Math.round(st.n * st.split)));
  return {
    Xtr: X.slice(0, inputs * ntr), ytr: y.slice(0, ntr),
    Xte: X.slice(inputs * ntr), yte: y.slice(ntr), classes, inputs, features: dataFeatures(st),
  };
}

/**
 * A table's data: its rows shuffled with the data seed (dseed: the split seed;
 * a file sorted by class is not split by class), the first `split` of them the
 * training rows, the features standardised (setting `std`) with the training
 * rows' statistics (library scalingOf / applyScaling), the same applied to the
 * test rows (a regression table's label too, `target`). `table`: { columns, label, classNames,
 * scaling, target, yRange, colLo, colHi, hold, sx, sy, images }:
 * per column its range over all rows (in the networks' units, widened by 5 % a
 * side) and its training mean (what the surface holds the other inputs at).
 */
export function tableData(st, table) {
  const t = shuffleRows(table, st.dseed);
  const n = t.y.length, d = t.inputs;
  const ntr = Math.max(1, Math.min(n - 1, Math.round(n * st.split)));
  const scaling = scalingOf(t.X.subarray(0, d * ntr), d, st.std);
  const X = applyScaling(t.X, d, scaling);
  const colLo = new Float64Array(d).fill(Infinity), colHi = new Float64Array(d).fill(-Infinity), hold = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j];
      if (v < colLo[j]) colLo[j] = v;
      if (v > colHi[j]) colHi[j] = v;
      if (i < ntr) hold[j] += v;
    }
  }
  for (let j = 0; j < d; j++) {
    hold[j] /= ntr;
    const w = colHi[j] - colLo[j] || 1;
    colLo[j] -= 0.05 * w; colHi[j] += 0.05 * w;
  }
  // a regression table's target: standardised as its inputs (training rows' statistics), so a
  // label in thousands trains at the page's learning rates; R² is unchanged by it
  const target = t.classes ? null : scalingOf(t.y.subarray(0, ntr), 1, st.std);
  const y = target ? applyScaling(t.y, 1, target) : t.y;
  // one input: the curve view's y range (the networks' units): the label's over all rows, or 0 and 1 (P(class 1))
  let yRange = null;
  if (d === 1) {
    let lo = t.classes ? 0 : Infinity, hi = t.classes ? 1 : -Infinity;
    if (!t.classes) for (const v of y) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const w = hi - lo || 1;
    yRange = [lo - 0.08 * w, hi + 0.08 * w];
  }
  return {
    Xtr: X.slice(0, d * ntr), ytr: y.slice(0, ntr), Xte: X.slice(d * ntr), yte: y.slice(ntr),
    classes: t.classes, inputs: d, features: null,
    table: {
      columns: [...t.columns], label: t.label, classNames: t.classNames ? [...t.classNames] : null, scaling, colLo, colHi, hold, sx: st.sx, sy: st.sy,
      images: st.ds === 'digits' ? 8 : 0, // the digits' rows are 8×8 images (panels/digits.js)
      target, // a regression table: its label's scaling (null: classes)
      yRange, // one input: [lo, hi] of the curve view's y (null: 2 or more inputs)
    },
  };
}

/** Column j's value in the networks' units at plot coordinate c (−EXTENT … EXTENT) of a table's surface. */
const fromPlot = (tb, j, c) => tb.colLo[j] + ((c + EXTENT) / (2 * EXTENT)) * (tb.colHi[j] - tb.colLo[j]);
/** Plot coordinate (−EXTENT … EXTENT) of value v (the networks' units) of a table's column j. */
const toPlot = (tb, j, v) => -EXTENT + (2 * EXTENT * (v - tb.colLo[j])) / (tb.colHi[j] - tb.colLo[j]);

/**
 * The plot coordinates [n][2] of a table's rows X (the networks' units): their surface inputs sx, sy;
 * one input: [n], the input's (the curve view's x).
 */
export function plotPoints(X, data) {
  const tb = data.table, d = data.inputs, n = X.length / d;
  if (d === 1) return Float32Array.from(X, (v) => toPlot(tb, 0, v));
  const P = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) { P[2 * i] = toPlot(tb, tb.sx, X[i * d + tb.sx]); P[2 * i + 1] = toPlot(tb, tb.sy, X[i * d + tb.sy]); }
  return P;
}

/**
 * What the networks take at points P of the surface's plane (plot coordinates,
 * [n][2]; one input: [n] x values): netInput() of them; for a table, rows whose surface inputs sx, sy
 * take the points' values and every other input its training mean.
 */
export function netGrid(P, data) {
  const tb = data.table;
  if (!tb) return netInput(P, data);
  if (data.inputs === 1) return Float32Array.from(P, (c) => fromPlot(tb, 0, c)); // the curve's x values
  const d = data.inputs, n = P.length / 2;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = tb.hold[j];
    out[i * d + tb.sx] = fromPlot(tb, tb.sx, P[2 * i]);
    out[i * d + tb.sy] = fromPlot(tb, tb.sy, P[2 * i + 1]);
  }
  return out;
}

/** A table column's value in its file's units at plot coordinate c (the axes' ticks). */
export function rawAt(tb, j, c) { return fromPlot(tb, j, c) * tb.scaling.scale[j] + tb.scaling.shift[j]; }

/** What the networks take for points X of `data`: their feature inputs (the library's featureColumns), or X. */
export const netInput = (X, data) => (data.features ? featureColumns(X, data.features) : X);
/** The networks' inputs for `data`. */
export const netInputsOf = (data) => (data.features ? data.features.length : data.inputs);

/** The variance of y (population): the mse of always predicting its mean. */
export function variance(y) {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length || 1;
  let v = 0;
  for (let i = 0; i < y.length; i++) v += (y[i] - m) ** 2;
  return v / (y.length || 1);
}

/** R² of a mean squared error `mse` on values of variance `v`: 1 − mse / v (NaN when v is 0). */
export function rSquared(mse, v) {
  return v > 0 ? 1 - mse / v : NaN;
}

/** Targets in the layout the loss wants: one column of labels 0/1, or one-hot over `classes` for softmax. */
export function targets(y, cfg, classes = 2) {
  if (cfg.out !== 'softmax_cce') return y;
  const t = new Float32Array(y.length * classes);
  for (let i = 0; i < y.length; i++) t[classes * i + y[i]] = 1;
  return t;
}

/**
 * The confusion matrix of predictions `p` (net.predict(): one column of
 * P(class 1), or `classes` softmax columns) against labels `y`: Int32Array
 * classes × classes, row = true class, column = predicted (the likeliest).
 */
export function confusion(p, y, classes) {
  const m = new Int32Array(classes * classes);
  const w = p.length / y.length;
  for (let i = 0; i < y.length; i++) m[classes * y[i] + likeliest(p, w, i)] += 1;
  return m;
}

/** The likeliest class of row i of predictions `p` of width w (1: P(class 1); else one column per class). */
function likeliest(p, w, i) {
  if (w === 1) return p[i] > 0.5 ? 1 : 0;
  let c = 0;
  for (let k = 1; k < w; k++) if (p[w * i + k] > p[w * i + c]) c = k;
  return c;
}

/** Misclassified test rows shown at most (panels/digits.js). */
export const MAX_WRONG = 12;
/**
 * The first `max` rows whose likeliest class under predictions `p` (as
 * confusion()) is not their label `y`: { rows: Int32Array, predicted: Int32Array, count } (count: all of them).
 */
export function misclassified(p, y, max = MAX_WRONG) {
  const w = p.length / y.length, rows = [], predicted = [];
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    const c = likeliest(p, w, i);
    if (c === y[i]) continue;
    count += 1;
    if (rows.length < max) { rows.push(i); predicted.push(c); }
  }
  return { rows: Int32Array.from(rows), predicted: Int32Array.from(predicted), count };
}

/**
 * The options of one train() call of the page's live run (validation: the test
 * data; totalEpochs: the run's length, when the call trains part of it).
 */
export function trainOptions(cfg, epochs, validation, totalEpochs = epochs) {
  const o = { epochs, batchSize: cfg.batch, shuffle: true, ...trainSpec(cfg, totalEpochs) };
  if (validation) o.validation = validation;
  return o;
}

/**
 * Start network B from network A's initial weights wherever the shapes allow:
 * layer l of B (0-based, the output last) takes A's layer l kernel and bias when
 * both have the same fan-in and units. Call it on fresh networks. Returns
 * { shared: [layer numbers, 1-based], unshared: [{ layer, name, why }] }
 * (name 'L1' … or 'output'; why e.g. "A's is 5→1, B's 5→2").
 */
export function shareInit(netA, netB) {
  const la = netA.spec.layers, lb = netB.spec.layers;
  const wa = netA.getWeights(), wb = netB.getWeights();
  const shared = [], unshared = [];
  let inA = netA.inputs, inB = netB.inputs;
  lb.forEach((b, l) => {
    const a = la[l];
    const name = l === lb.length - 1 ? 'output' : `L${l + 1}`;
    if (!a) unshared.push({ layer: l + 1, name, why: `A has no layer ${l + 1}` });
    else if (inA !== inB || a.units !== b.units) unshared.push({ layer: l + 1, name, why: `A's is ${inA}→${a.units}, B's ${inB}→${b.units}` });
    // kernel and bias only: a layer's norm parameters (γ, β, running statistics) stay its own
    else { wb[l] = { ...wb[l], kernel: wa[l].kernel, bias: wa[l].bias }; shared.push(l + 1); }
    inA = a ? a.units : NaN;
    inB = b.units;
  });
  if (shared.length) netB.setWeights(wb);
  return { shared, unshared };
}

/**
 * Network `cfg` (st.a or st.b) of settings `st` with network seed `seed`,
 * trained on `data` for `epochs` epochs as the page trains it. Returns
 * { history: EpochStats[], stopped, train, test } (train/test: evaluate() of the final weights).
 */
export function trainNet(lab, st, cfg, seed, epochs, data = makeData(lab, st)) {
  const net = lab.network(networkSpec(cfg, seed, data.classes, netInputsOf(data), data.features));
  try {
    const ytr = targets(data.ytr, cfg, data.classes), yte = targets(data.yte, cfg, data.classes);
    const Xtr = netInput(data.Xtr, data), Xte = netInput(data.Xte, data);
    const h = net.train(Xtr, ytr, trainOptions(cfg, epochs, { X: Xte, y: yte }));
    return { history: h.epochs, stopped: h.stopped, train: net.evaluate(Xtr, ytr), test: net.evaluate(Xte, yte) };
  } finally { net.dispose(); }
}
