// experiment.js — the page's experiment as plain data, shared by the training
// worker (worker.js) and the Node tests that check the presets' texts: the
// data set of the settings, the targets each output wants, and one network
// trained the way the page trains it. No DOM here.
import { networkSpec, trainSpec } from './state.js';

/** The data of settings `st`: { Xtr, ytr, Xte, yte } (X sample-major [n][2], y labels 0/1). */
export function makeData(lab, st) {
  const opts = { n: st.n, noise: st.noise, seed: st.dseed };
  if (st.ds === 'circles') opts.factor = st.factor;
  const { X, y } = lab.datasets[st.ds](opts);
  // Binary labels (spiral and gauss may produce more classes: fold to 0/1).
  const labels = new Float32Array(st.n);
  for (let i = 0; i < st.n; i++) labels[i] = y[i] > 0.5 ? (y[i] % 2 === 0 ? 0 : 1) : 0;
  const ntr = Math.max(1, Math.min(st.n - 1, Math.round(st.n * st.split)));
  return {
    Xtr: X.slice(0, 2 * ntr), ytr: labels.slice(0, ntr),
    Xte: X.slice(2 * ntr), yte: labels.slice(ntr),
  };
}

/** Targets in the layout the loss wants: one column of 0/1, or one-hot for softmax. */
export function targets(y, cfg) {
  if (cfg.out !== 'softmax_cce') return y;
  const t = new Float32Array(y.length * 2);
  for (let i = 0; i < y.length; i++) t[2 * i + (y[i] > 0.5 ? 1 : 0)] = 1;
  return t;
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
  const net = lab.network(networkSpec(cfg, seed));
  try {
    const ytr = targets(data.ytr, cfg), yte = targets(data.yte, cfg);
    const h = net.train(data.Xtr, ytr, trainOptions(cfg, epochs, { X: data.Xte, y: yte }));
    return { history: h.epochs, stopped: h.stopped, train: net.evaluate(data.Xtr, ytr), test: net.evaluate(data.Xte, yte) };
  } finally { net.dispose(); }
}
