// experiment.js — the page's experiment as plain data, shared by the training
// worker (worker.js) and the Node tests that check the presets' texts: the
// data set of the settings, the targets each output wants, and one network
// trained the way the page trains it. No DOM here.
import { featureColumns } from '../dist/gradlab.js';
import { networkSpec, trainSpec, dataClasses, dataInputs, dataFeatures, hasClasses } from './state.js';

/**
 * The data of settings `st`: { Xtr, ytr, Xte, yte, classes, inputs, features }
 * (X sample-major [n][inputs], y class labels 0 … classes - 1; classes:
 * dataClasses(st), 0 for a regression set, whose y are values; features: the
 * networks' feature inputs, dataFeatures(st), null = X itself: see netInput()).
 */
export function makeData(lab, st) {
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
  for (let i = 0; i < y.length; i++) {
    let c = 0;
    if (w === 1) c = p[i] > 0.5 ? 1 : 0;
    else for (let k = 1; k < w; k++) if (p[w * i + k] > p[w * i + c]) c = k;
    m[classes * y[i] + c] += 1;
  }
  return m;
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
