// experiment.js — the page's experiment as plain data, shared by the training
// worker (worker.js) and the Node tests that check the presets' texts: the
// data set of the settings, the targets each output wants, and one network
// trained the way the page trains it. No DOM here.
import { networkSpec, optimizerSpec, dataClasses, hasClasses } from './state.js';

/**
 * The data of settings `st`: { Xtr, ytr, Xte, yte, classes } (X sample-major
 * [n][2], y class labels 0 … classes - 1; classes: dataClasses(st)).
 */
export function makeData(lab, st) {
  const classes = dataClasses(st);
  const opts = { n: st.n, noise: st.noise, seed: st.dseed };
  if (st.ds === 'circles') opts.factor = st.factor;
  if (hasClasses(st.ds)) opts.classes = classes;
  const { X, y } = lab.datasets[st.ds](opts);
  const ntr = Math.max(1, Math.min(st.n - 1, Math.round(st.n * st.split)));
  return {
    Xtr: X.slice(0, 2 * ntr), ytr: y.slice(0, ntr),
    Xte: X.slice(2 * ntr), yte: y.slice(ntr), classes,
  };
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

/** The options of one train() call of the page's live run (validation: the test data). */
export function trainOptions(cfg, epochs, validation) {
  const o = { epochs, batchSize: cfg.batch, shuffle: true, optimizer: optimizerSpec(cfg), l2: cfg.l2 };
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
    else { wb[l] = wa[l]; shared.push(l + 1); }
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
  const net = lab.network(networkSpec(cfg, seed, data.classes));
  try {
    const ytr = targets(data.ytr, cfg, data.classes), yte = targets(data.yte, cfg, data.classes);
    const h = net.train(data.Xtr, ytr, trainOptions(cfg, epochs, { X: data.Xte, y: yte }));
    return { history: h.epochs, stopped: h.stopped, train: net.evaluate(data.Xtr, ytr), test: net.evaluate(data.Xte, yte) };
  } finally { net.dispose(); }
}
