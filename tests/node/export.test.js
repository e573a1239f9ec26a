// Export to PyTorch and Keras (src/js/export.js).
//
// The PyTorch script really runs, with Debian's python3-torch through
// /usr/bin/python3 (the python3 first on PATH may be another interpreter).
// make test installs it (build-scripts/setup-test.sh); if torch cannot be
// imported these tests FAIL — they never skip.
//  - with gradlab's weights (--no-train) it predicts what net.predict predicts,
//    within 1e-5, for 5 architectures covering all 15 activations, all 9
//    initialisers and the three losses;
//  - trained from the same weights on gradlab's own points (--from-weights
//    --data), it follows gradlab's trajectory for SGD, SGD+momentum, Nesterov,
//    Adam and RMSprop with L1/L2 (predictions within 2e-5 after 3 epochs; seen:
//    ~1e-7, as for the --no-train predictions);
//  - its own data generator gives gradlab's geometry, and training from
//    scratch learns the circles;
//  - its initialisers have Keras' spreads (he_uniform limit, truncated normal std).
// The Keras script cannot run here (no TensorFlow in Debian): it must compile
// (py_compile), hold the expected layers, and — run against a small numpy
// stand-in for the few tf functions it uses — its explicit activation formulas
// must equal gradlab's and its load_weights must hand Keras [in][out] kernels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { python, startPython, stopPython } from './helpers/python.js';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras, exportExperiment, validateExperiment, exportActivations } from '../../dist/export.js';
import { ACTIVATIONS, ALPHA } from '../../dist/gradlab.js';

const lab = await load();
const dir = mkdtempSync(join(tmpdir(), 'gradlab-export-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(name, text) {
  const p = join(dir, `${fileNo++}-${name}`);
  writeFileSync(p, text);
  return p;
}

function runScript(script, flags) {
  const r = python([file('experiment.py', script), ...flags]);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

// Points to compare predictions on: gradlab's test set, a grid, far points.
function probePoints(test) {
  const pts = [];
  for (let i = 0; i < test.X.length; i += 2) pts.push([test.X[i], test.X[i + 1]]);
  for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10; j++) pts.push([-1.5 + 0.3 * i, -1.5 + 0.3 * j]);
  pts.push([5, -4], [-7, 3], [0, 0], [1e-3, -1e-3]);
  return pts;
}

function dataset(d) {
  const opts = { n: d.n, noise: d.noise, seed: d.seed };
  if (d.scale !== undefined) opts.scale = d.scale;
  if (d.factor !== undefined) opts.factor = d.factor;
  if (d.classes !== undefined) opts.classes = d.classes;
  return lab.datasets.split(lab.datasets[d.type](opts), d.trainFraction);
}

function maxAbsDiff(a, b) {
  assert.equal(a.length, b.length, 'prediction count');
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

const circles = { type: 'circles', n: 400, noise: 0.1, factor: 0.8, seed: 5, trainFraction: 0.5 };
const ARCHS = [
  {
    name: 'deep tanh, random_uniform(0, 1) (the article)',
    dataset: circles,
    network: {
      inputs: 2, loss: 'binary_crossentropy', seed: 11,
      layers: [
        ...Array.from({ length: 5 }, () => ({ units: 5, activation: 'tanh', init: 'random_uniform', initParams: { min: 0, max: 1 } })),
        { units: 1, activation: 'sigmoid', init: 'random_uniform', initParams: { min: 0, max: 1 } },
      ],
    },
  },
  {
    name: 'relu, leaky_relu, elu, selu; he/lecun initialisers',
    dataset: circles,
    network: {
      inputs: 2, loss: 'binary_crossentropy', seed: 12,
      layers: [
        { units: 8, activation: 'relu', init: 'he_uniform' },
        { units: 6, activation: 'leaky_relu', alpha: 0.2, init: 'he_normal', biasInit: 0.05 },
        { units: 6, activation: 'elu', alpha: 0.7, init: 'lecun_uniform' },
        { units: 5, activation: 'selu', init: 'lecun_normal' },
        { units: 1, activation: 'sigmoid', init: 'glorot_uniform' },
      ],
    },
  },
  {
    name: 'softplus, softsign, hard_sigmoid, swish; glorot_normal, random_normal',
    dataset: { type: 'moons', n: 300, noise: 0.15, seed: 2, trainFraction: 0.6 },
    network: {
      inputs: 2, loss: 'binary_crossentropy', seed: 13,
      layers: [
        { units: 7, activation: 'softplus', init: 'glorot_normal' },
        { units: 6, activation: 'softsign', init: 'random_normal', initParams: { mean: 0.1, stddev: 0.9 } },
        { units: 6, activation: 'hard_sigmoid', init: 'random_normal', initParams: { mean: 0, stddev: 2 } },
        { units: 5, activation: 'swish', init: 'glorot_uniform' },
        { units: 1, activation: 'sigmoid', init: 'glorot_uniform' },
      ],
    },
  },
  {
    name: 'gelu, mish, step, linear, softmax output (3 classes, CCE)',
    dataset: { type: 'spiral', n: 300, noise: 0.05, classes: 3, seed: 4, trainFraction: 0.5 },
    network: {
      inputs: 2, loss: 'categorical_crossentropy', seed: 14,
      layers: [
        { units: 8, activation: 'gelu', init: 'he_uniform' },
        { units: 6, activation: 'mish', init: 'glorot_uniform' },
        { units: 6, activation: 'step', init: 'glorot_uniform', biasInit: 0.1 },
        { units: 5, activation: 'linear', init: 'glorot_uniform' },
        { units: 3, activation: 'softmax', init: 'zeros' },
      ],
    },
  },
  {
    name: 'mse loss with a tanh output',
    dataset: { type: 'xor', n: 200, noise: 0.05, seed: 9, trainFraction: 0.5 },
    network: {
      inputs: 2, loss: 'mse', seed: 15,
      layers: [
        { units: 6, activation: 'relu', init: 'he_uniform' },
        { units: 1, activation: 'tanh', init: 'glorot_uniform' },
      ],
    },
  },
];

test('the architectures cover every activation, initialiser and loss', () => {
  const acts = new Set(ARCHS.flatMap((a) => a.network.layers.map((L) => L.activation)));
  assert.deepEqual([...acts].sort(), [...exportActivations].sort());
  assert.deepEqual([...exportActivations].sort(), [...lab.activations].sort(), 'export.js knows exactly the library\'s activations');
  const inits = new Set(ARCHS.flatMap((a) => a.network.layers.map((L) => L.init)));
  assert.equal(inits.size, 9);
  assert.equal(new Set(ARCHS.map((a) => a.network.loss)).size, 3);
});

test('the shared tables match the wasm registry: activation names (in order) and alpha defaults', () => {
  assert.deepEqual([...ACTIVATIONS], [...lab.activations]);
  assert.equal(exportActivations, ACTIVATIONS, 'export.js uses gradlab.js\' list itself');
  const parametric = lab.activations.filter((n) => lab.activationInfo(n).parametric);
  assert.deepEqual(Object.keys(ALPHA), parametric);
  for (const n of parametric) {
    assert.equal(Math.fround(ALPHA[n].def), Math.fround(lab.activationInfo(n).alpha), `default alpha of ${n}`);
    assert.ok(ALPHA[n].min <= ALPHA[n].def && ALPHA[n].def <= ALPHA[n].max);
  }
});

test('export.js and lab.network() run one network check: same result, same message', () => {
  const ok = ARCHS[1].network;
  const n = validateExperiment({ dataset: ARCHS[1].dataset, network: ok }).network;
  const s = lab.network(ok).spec;
  assert.deepEqual(n.layers.map(({ fanIn, ...L }) => ({ ...L, alpha: L.alpha })),
    s.layers.map((L) => ({ ...L, alpha: L.alpha ?? ALPHA[L.activation]?.def })));
  assert.deepEqual([n.inputs, n.loss, n.seed], [s.inputs, s.loss, s.seed]);
  const layer = (L) => ({ ...ok, layers: [L, { units: 1, activation: 'sigmoid' }] });
  const bad = [
    { ...ok, inputs: 0 }, { ...ok, inputs: 2.5 }, { ...ok, layers: {} }, { ...ok, layers: [] }, { ...ok, loss: 'hinge' }, { ...ok, seed: 2 ** 32 }, { ...ok, bias: 1 },
    { ...ok, loss: 'categorical_crossentropy' }, { ...ok, layers: Array.from({ length: 65 }, () => ({ units: 1, activation: 'sigmoid' })) },
    { ...ok, layers: [{ units: 4096, activation: 'relu' }, { units: 4096, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] },
    layer(null), layer({ units: 4097, activation: 'relu' }), layer({ units: 2, activation: 7 }), layer({ units: 2, activation: 'swish2' }),
    layer({ units: 2, activation: 'softmax' }), layer({ units: 2, activation: 'tanh', alpha: 1 }), layer({ units: 2, activation: 'elu', alpha: 101 }),
    layer({ units: 2, activation: 'elu', alpha: '1' }), layer({ units: 2, activation: 'relu', init: 'ones' }), layer({ units: 2, activation: 'relu', biasInit: NaN }),
    layer({ units: 2, activation: 'relu', init: 'random_normal', initParams: { stddev: -1 } }), layer({ units: 2, activation: 'relu', init: 'random_normal', initParams: { min: 0 } }),
    layer({ units: 2, activation: 'relu', init: 'random_uniform', initParams: 3 }), layer({ units: 2, activation: 'relu', initParams: { gain: -1 } }), layer({ units: 2, activation: 'relu', dropout: 1 }),
  ];
  for (const spec of bad) {
    let e1;
    let e2;
    try { lab.network(spec); } catch (e) { e1 = e; }
    try { validateExperiment({ dataset: ARCHS[1].dataset, network: spec }); } catch (e) { e2 = e; }
    assert.ok(e1 && e2, `both reject ${JSON.stringify(spec).slice(0, 120)}`);
    assert.equal(e2.constructor, e1.constructor, e1.message);
    assert.equal(e2.message, e1.message.replaceAll('network(spec)', 'experiment.network'));
  }
});

test('export.js and lab.datasets / net.train() run one data set and training check: same messages', () => {
  const errOf = (f) => { try { f(); } catch (e) { return e; } return null; };
  const same = (e1, e2, what) => {
    assert.ok(e1 && e2, `both reject ${what}`);
    assert.equal(e2.constructor, e1.constructor, e1.message);
    return e2.message;
  };
  const net = ARCHS[4].network;
  for (const [type, o] of [['circles', { factor: 0 }], ['circles', { n: 'many' }], ['moons', { noise: -1 }], ['xor', { classes: 3 }],
    ['spiral', { classes: 65 }], ['gauss', { n: 3, classes: 4 }], ['moons', { seed: 1.5 }], ['xor', { scale: 'yes' }], ['circles', { bogus: 1 }]]) {
    const e1 = errOf(() => lab.datasets[type](o));
    const e2 = errOf(() => validateExperiment({ dataset: { type, ...o }, network: net }));
    const m = same(e1, e2, JSON.stringify([type, o]));
    // the experiment also knows type, trainFraction and features
    assert.equal(m, e1.message.replace(`datasets.${type}()`, 'experiment.dataset').replace("(valid: 'n'", "(valid: 'type', 'trainFraction', 'features', 'n'"));
  }
  const model = lab.network(net);
  const X = new Float32Array(8);
  const y = new Float32Array(4);
  for (const t of [{ epochs: 1.5 }, { batchSize: 0 }, { shuffle: 0 }, { l1: -1 }, { l2: NaN }, { optimizer: { type: 'adam', nesterov: true } },
    { optimizer: { type: 'rmsprop', rho: 1 } }, { optimizer: { learningRate: -1 } }, { optimizer: { type: 'adam', beta2: 1 } }, { optimizer: { type: 'rmsprop', epsilon: 0 } }]) {
    const e1 = errOf(() => model.train(X, y, t));
    const m = same(e1, errOf(() => validateExperiment({ network: net, train: t })), JSON.stringify(t));
    assert.equal(m, e1.message.replace('net.train(): options.optimizer', 'experiment.train.optimizer').replace('net.train()', 'experiment.train'));
  }
  model.dispose();
});

for (const arch of ARCHS) {
  test(`PyTorch --no-train predicts as gradlab within 1e-5: ${arch.name}`, () => {
    const data = dataset(arch.dataset);
    const net = lab.network(arch.network);
    try {
      // move the weights away from their initial values, as a trained net
      net.train(data.train.X, data.train.y, { epochs: 3, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } });
      const weights = net.getWeights();
      const experiment = { dataset: arch.dataset, network: arch.network, train: { epochs: 3, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } } };
      const pts = probePoints(data.test);
      const ours = net.predict(Float32Array.from(pts.flat()));
      const script = exportPyTorch(experiment, { weights });
      const out = runScript(script, ['--no-train', '--predict', file('points.json', JSON.stringify(pts))]);
      const theirs = out.predictions.flat();
      const diff = maxAbsDiff(ours, theirs);
      if (process.env.GRADLAB_EXPORT_DEBUG) console.error(`no-train ${arch.name}: ${diff}`);
      assert.ok(diff <= 1e-5, `max |gradlab - torch| = ${diff} over ${pts.length} points`);
      // and the predictions are not all alike (the comparison means something)
      const spread = Math.max(...ours) - Math.min(...ours);
      assert.ok(spread > 1e-3, `predictions spread ${spread}`);
      // the script's test accuracy is computed on its own regenerated data
      assert.ok(out.test_accuracy >= 0 && out.test_accuracy <= 1);
    } finally {
      net.dispose();
    }
  });
}

test('a transposed kernel would be caught: the comparison is sensitive to the layout', () => {
  const arch = ARCHS[1];
  const data = dataset(arch.dataset);
  const net = lab.network(arch.network);
  try {
    const weights = net.getWeights();
    // transpose the 6x6 kernel of layer 2: the shapes still fit, the values do not
    const square = weights.map((w, i) => (i === 2 ? { kernel: transposeSquare(w.kernel, 6), bias: w.bias } : w));
    const pts = probePoints(data.test);
    const ours = net.predict(Float32Array.from(pts.flat()));
    const out = runScript(exportPyTorch({ dataset: arch.dataset, network: arch.network }, { weights: square }), ['--no-train', '--predict', file('p.json', JSON.stringify(pts))]);
    assert.ok(maxAbsDiff(ours, out.predictions.flat()) > 1e-3, 'a wrong layout must change the predictions');
  } finally {
    net.dispose();
  }
});

function transposeSquare(k, n) {
  const t = new Float32Array(k.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = k[i * n + j];
  return t;
}

const OPTIMIZERS = [
  { type: 'sgd', learningRate: 0.1 },
  { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
  { type: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true },
  { type: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
  { type: 'rmsprop', learningRate: 0.005, rho: 0.85, momentum: 0.5, epsilon: 1e-6 },
];

for (const optimizer of OPTIMIZERS) {
  test(`PyTorch --from-weights --data follows gradlab's training: ${JSON.stringify(optimizer)}, l1 + l2`, () => {
    const arch = ARCHS[1];
    const data = dataset(arch.dataset);
    const train = { epochs: 3, batchSize: 20, shuffle: false, optimizer, l1: 1e-4, l2: 1e-3 };
    const net = lab.network(arch.network);
    try {
      const w0 = net.getWeights();
      const before = net.predict(data.test.X);
      net.train(data.train.X, data.train.y, train);
      const pts = probePoints(data.test);
      const ours = net.predict(Float32Array.from(pts.flat()));
      const moved = maxAbsDiff(before, net.predict(data.test.X));
      assert.ok(moved > 1e-3, `training changed the predictions by ${moved}`);
      const d = {
        X_train: Array.from(data.train.X), y_train: Array.from(data.train.y),
        X_test: Array.from(data.test.X), y_test: Array.from(data.test.y),
      };
      const out = runScript(exportPyTorch({ dataset: arch.dataset, network: arch.network, train }, { weights: w0 }),
        ['--from-weights', '--data', file('data.json', JSON.stringify(d)), '--predict', file('p.json', JSON.stringify(pts))]);
      const diff = maxAbsDiff(ours, out.predictions.flat());
      if (process.env.GRADLAB_EXPORT_DEBUG) console.error(`trajectory ${optimizer.type}: ${diff}`);
      assert.ok(diff <= 2e-5, `after 3 epochs max |gradlab - torch| = ${diff} (training moved them by ${moved})`);
      const { accuracy } = net.evaluate(data.test.X, data.test.y);
      assert.ok(Math.abs(out.test_accuracy - accuracy) <= 0.01, `test accuracy torch ${out.test_accuracy} vs gradlab ${accuracy}`);
    } finally {
      net.dispose();
    }
  });
}

test('the regenerated data have gradlab\'s geometry (all five generators) and the PyTorch script learns the circles', () => {
  const cases = [
    { type: 'circles', n: 1000, noise: 0.02, factor: 0.5, seed: 1, trainFraction: 0.5 },
    { type: 'moons', n: 600, noise: 0.05, seed: 2, trainFraction: 0.7 },
    { type: 'spiral', n: 301, noise: 0.01, classes: 3, seed: 3, trainFraction: 0.5 },
    { type: 'xor', n: 500, noise: 0.02, seed: 4, trainFraction: 0.5, scale: false },
    { type: 'gauss', n: 403, noise: 0.1, classes: 4, seed: 5, trainFraction: 0.25, scale: false },
  ];
  for (const d of cases) {
    const outputs = d.classes > 2 ? d.classes : 1;
    const network = {
      inputs: 2, loss: outputs > 1 ? 'categorical_crossentropy' : 'binary_crossentropy', seed: 1,
      layers: [{ units: 8, activation: 'relu', init: 'he_uniform' }, { units: outputs, activation: outputs > 1 ? 'softmax' : 'sigmoid', init: 'glorot_uniform' }],
    };
    const script = file('gen.py', exportPyTorch({ dataset: d, network }));
    const probe = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
Xtr, ytr, Xte, yte = m.load_data()
X = np.concatenate([Xtr, Xte]); y = np.concatenate([ytr, yte])
r = np.sqrt((X ** 2).sum(axis=1))
print(json.dumps({"n_train": len(Xtr), "n_test": len(Xte), "min": X.min(axis=0).tolist(), "max": X.max(axis=0).tolist(),
  "counts": [int((y == c).sum()) for c in range(int(y.max()) + 1)], "dtype": str(X.dtype),
  "mean_r": [float(r[y == c].mean()) for c in range(int(y.max()) + 1)],
  "angle": [float(np.arctan2(X[y == c, 1].mean(), X[y == c, 0].mean())) for c in range(int(y.max()) + 1)],
  "xor": float(((X[:, 0] * X[:, 1] > 0) == (y == 1)).mean())}))
`;
    const stats = JSON.parse(python(['-c', probe, script]).stdout);
    const g = dataset(d);
    const all = { X: Float32Array.from([...g.train.X, ...g.test.X]), y: Float32Array.from([...g.train.y, ...g.test.y]) };
    assert.equal(stats.n_train, g.train.y.length, `${d.type}: train split`);
    assert.equal(stats.n_test, g.test.y.length, `${d.type}: test split`);
    assert.equal(stats.dtype, 'float32');
    for (const k of d.scale === false ? [] : [0, 1]) {
      assert.ok(Math.abs(stats.min[k] + 1) < 1e-6 && Math.abs(stats.max[k] - 1) < 1e-6, `${d.type}: scaled to [-1, 1]: ${stats.min} ${stats.max}`);
    }
    const counts = [];
    const rsum = [];
    const cx = [];
    const cy = [];
    let xorAgree = 0;
    for (let i = 0; i < all.y.length; i++) {
      const c = all.y[i];
      const [px, py] = [all.X[2 * i], all.X[2 * i + 1]];
      counts[c] = (counts[c] ?? 0) + 1;
      rsum[c] = (rsum[c] ?? 0) + Math.hypot(px, py);
      cx[c] = (cx[c] ?? 0) + px;
      cy[c] = (cy[c] ?? 0) + py;
      xorAgree += (px * py > 0) === (c === 1) ? 1 : 0;
    }
    assert.deepEqual(stats.counts, counts, `${d.type}: class sizes`);
    // structured sets (circles, moons, spiral: little noise) agree closely; the
    // random xor and gauss points only in distribution
    const tol = d.type === 'xor' || d.type === 'gauss' ? 0.08 : 0.03;
    counts.forEach((c, k) => {
      const mr = rsum[k] / c;
      assert.ok(Math.abs(stats.mean_r[k] - mr) < tol, `${d.type}: class ${k} mean radius numpy ${stats.mean_r[k]} vs gradlab ${mr}`);
      if (d.type === 'gauss') {
        const a = Math.atan2(cy[k], cx[k]);
        const da = Math.abs(Math.atan2(Math.sin(stats.angle[k] - a), Math.cos(stats.angle[k] - a)));
        assert.ok(da < 0.15, `gauss: class ${k} centre angle numpy ${stats.angle[k]} vs gradlab ${a}`);
      }
    });
    if (d.type === 'xor') {
      assert.ok(stats.xor > 0.93 && xorAgree / all.y.length > 0.93, `xor: label = (x·y > 0) for numpy ${stats.xor}, gradlab ${xorAgree / all.y.length}`);
    }
  }
  // trained from scratch (its own initialisers, optimiser, data) it learns
  const experiment = {
    dataset: { type: 'circles', n: 600, noise: 0.05, factor: 0.5, seed: 7, trainFraction: 0.5 },
    network: { inputs: 2, loss: 'binary_crossentropy', seed: 3, layers: [{ units: 16, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid', init: 'glorot_uniform' }] },
    train: { epochs: 60, batchSize: 32, shuffle: true, optimizer: { type: 'adam', learningRate: 0.03 } },
  };
  const out = runScript(exportPyTorch(experiment), ['--predict', file('p.json', '[[0, 0], [0.99, 0]]')]);
  assert.ok(out.test_accuracy >= 0.9, `PyTorch test accuracy on easy circles: ${out.test_accuracy}`);
  assert.ok(out.predictions[0][0] > 0.5 && out.predictions[1][0] < 0.5, `centre inner (1), rim outer (0): ${JSON.stringify(out.predictions)}`);
});

test('the regression sets regenerate as gradlab draws them: plane and sine by their formulas, multigauss in [-1, 1], the sine with 1 input', () => {
  for (const d of [
    { type: 'plane', n: 500, noise: 0, seed: 1, scale: false },
    { type: 'multigauss', n: 500, noise: 0.1, seed: 2 },
    { type: 'sine', n: 500, noise: 0.2, seed: 3, scale: false },
  ]) {
    const inputs = d.type === 'sine' ? 1 : 2;
    const network = { inputs, loss: 'mse', seed: 1, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'linear' }] };
    const script = file('reg.py', exportPyTorch({ dataset: d, network }));
    const probe = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
Xtr, ytr, Xte, yte = m.load_data()
X = np.concatenate([Xtr, Xte]).astype(np.float64); y = np.concatenate([ytr, yte]).astype(np.float64)
out = {"shape": list(X.shape), "min": float(X.min()), "max": float(X.max()), "ymin": float(y.min()), "ymax": float(y.max())}
if m.INPUTS == 2: out["plane_err"] = float(np.abs(y - (X[:, 0] + X[:, 1]) / 10).max())
else: out["sine_std"] = float(np.sqrt(((y - np.sin(np.pi * X[:, 0])) ** 2).mean()))
print(json.dumps(out))
`;
    const st = JSON.parse(python(['-c', probe, script]).stdout);
    assert.deepEqual(st.shape, [500, inputs], d.type);
    if (d.type === 'plane') {
      assert.ok(st.plane_err < 1e-6, `plane: value (x1 + x2) / 10, off by ${st.plane_err}`);
      assert.ok(st.min >= -6 && st.max <= 6 && st.max > 5.5, `plane: points in [-6, 6]: ${st.min} … ${st.max}`);
    }
    if (d.type === 'multigauss') assert.ok(st.ymin >= -1 && st.ymax <= 1 && st.ymin < -0.5 && st.ymax > 0.5, `multigauss values ${st.ymin} … ${st.ymax}`);
    if (d.type === 'sine') assert.ok(Math.abs(st.sine_std / 0.2 - 1) < 0.15, `sine noise std ${st.sine_std}`);
    // gradlab's own draws of the same set: the same ranges
    const g = dataset(d);
    assert.equal(g.train.X.length + g.test.X.length, 500 * inputs);
  }
});

test('trainFraction 1 (as the CLI allows): every point trains, no test set', () => {
  const experiment = {
    dataset: { type: 'moons', n: 120, noise: 0.1, seed: 2, trainFraction: 1 },
    network: { inputs: 2, loss: 'binary_crossentropy', layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] },
    train: { epochs: 2, batchSize: 16 },
  };
  const script = exportPyTorch(experiment);
  assert.match(script, /all points train \(no test set\)/);
  const r = python([file('tf1.py', script), '--predict', file('p.json', '[[0.5, 0.5]]')]);
  const out = JSON.parse(r.stdout.trim());
  assert.equal(out.test_accuracy, null);
  assert.equal(out.predictions.length, 1);
  assert.match(r.stderr, /train accuracy [01]\.\d+/);
  assert.match(r.stderr, /no test set/);
});

test('the PyTorch initialisers follow Keras\' formulas (spread of a 400x300 layer)', () => {
  const layers = [
    { units: 300, activation: 'relu', init: 'he_uniform' },
    { units: 300, activation: 'relu', init: 'glorot_normal' },
    { units: 300, activation: 'relu', init: 'lecun_uniform' },
    { units: 1, activation: 'sigmoid', init: 'random_uniform', initParams: { min: 0.25, max: 0.75 } },
  ];
  const network = { inputs: 2, loss: 'binary_crossentropy', seed: 5, layers: [{ units: 400, activation: 'relu', init: 'zeros' }, ...layers] };
  const script = file('init.py', exportPyTorch({ dataset: circles, network }));
  const probe = `
import importlib.util, json, sys
import torch
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
torch.manual_seed(0)
net = m.Net(); m.init_parameters(net)
print(json.dumps([{"min": l.weight.min().item(), "max": l.weight.max().item(), "std": l.weight.std().item(),
  "shape": list(l.weight.shape), "bias": l.bias.abs().max().item()} for l in net.fc]))
`;
  const s = JSON.parse(python(['-c', probe, script]).stdout);
  assert.deepEqual(s.map((l) => l.shape), [[400, 2], [300, 400], [300, 300], [300, 300], [1, 300]], 'Linear weights are [out][in]');
  assert.equal(s[0].max, 0, 'zeros');
  const he = Math.sqrt(6 / 400);
  assert.ok(s[1].max <= he && s[1].max > 0.99 * he && s[1].min >= -he, `he_uniform limit ${he}: ${s[1].min} … ${s[1].max}`);
  const gstd = Math.sqrt(2 / 600);
  assert.ok(Math.abs(s[2].std / gstd - 1) < 0.03, `glorot_normal std ${s[2].std} vs ${gstd}`);
  assert.ok(s[2].max <= 2 * gstd / 0.8796256610342398 + 1e-7, 'truncated at 2 s');
  const lec = Math.sqrt(3 / 300);
  assert.ok(s[3].max <= lec && s[3].max > 0.99 * lec, `lecun_uniform limit ${lec}: ${s[3].max}`);
  assert.ok(s[4].min >= 0.25 && s[4].max <= 0.75 && s[4].max - s[4].min > 0.45, `random_uniform(0.25, 0.75): ${s[4].min} … ${s[4].max}`);
  assert.ok(s.every((l) => l.bias === 0), 'biases zero');
});

// ---- Keras -----------------------------------------------------------------------------

// A numpy stand-in for the handful of TensorFlow names the exported Keras
// script touches, enough to import it, build the model (recording each Dense
// layer's arguments) and evaluate its activation functions. It is not
// TensorFlow: it checks the script's own formulas and wiring only.
const TF_STUB = {
  'tensorflow/__init__.py': `
import math as _m
import numpy as np
from . import keras, nn
from . import math_ as math
float32 = np.float32
def where(c, a, b): return np.where(c, a, b)
def exp(x): return np.exp(x)
def minimum(a, b): return np.minimum(a, b)
def abs(x): return np.abs(x)
def tanh(x): return np.tanh(x)
def sigmoid(x): return 1.0 / (1.0 + np.exp(-x))
def cast(x, dtype): return np.asarray(x).astype(dtype)
`,
  'tensorflow/math_.py': `
import math as _m
import numpy as np
def log1p(x): return np.log1p(x)
def erf(x): return np.vectorize(_m.erf)(np.asarray(x, dtype=np.float64))
`,
  'tensorflow/nn.py': `
import numpy as np
def relu(x): return np.maximum(x, 0.0)
def relu6(x): return np.minimum(np.maximum(x, 0.0), 6.0)
`,
  'tensorflow/keras/__init__.py': `
from . import layers, initializers, optimizers, regularizers, utils
RECORD = []
class Input:
    def __init__(self, shape): self.shape = shape
class Sequential:
    def __init__(self, items):
        self.input = items[0]
        self.layers = items[1:]
    def compile(self, **kw): RECORD.append(("compile", kw))
`,
  'tensorflow/keras/layers.py': `
class Dense:
    def __init__(self, units, activation=None, name=None, **kw):
        self.units, self.activation, self.name, self.kw = units, activation, name, kw
        self.weights = None
    def set_weights(self, w): self.weights = w
`,
  'tensorflow/keras/initializers.py': `
class _I:
    def __init__(self, *a, **kw): self.args, self.kw = a, kw
    def __repr__(self): return type(self).__name__ + repr((self.args, sorted(self.kw.items())))
for _n in ["Zeros", "RandomUniform", "RandomNormal", "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Constant"]:
    globals()[_n] = type(_n, (_I,), {})
`,
  'tensorflow/keras/optimizers.py': `
class _O:
    def __init__(self, **kw): self.kw = kw
    def __repr__(self): return type(self).__name__ + repr(sorted(self.kw.items()))
SGD = type("SGD", (_O,), {}); Adam = type("Adam", (_O,), {}); RMSprop = type("RMSprop", (_O,), {})
`,
  'tensorflow/keras/regularizers.py': `
class L1L2:
    def __init__(self, l1=0.0, l2=0.0): self.l1, self.l2 = l1, l2
    def __repr__(self): return "L1L2(%r, %r)" % (self.l1, self.l2)
`,
  'tensorflow/keras/utils.py': 'def set_random_seed(s): pass\n',
};

function kerasStubDir() {
  const root = join(dir, 'tfstub');
  for (const [p, text] of Object.entries(TF_STUB)) {
    const f = join(root, p);
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(f, text);
  }
  return root;
}

const KERAS_STRING_ACT = { linear: 'linear', sigmoid: 'sigmoid', tanh: 'tanh', relu: 'relu', selu: 'selu', softsign: 'softsign', softmax: 'softmax' };

test('Keras scripts compile, hold the expected layers, and their activations equal gradlab\'s', () => {
  const stub = kerasStubDir();
  const xs = [];
  for (let i = 0; i <= 400; i++) xs.push(-10 + 0.05 * i);
  xs.push(-30, 30, 1e-4, -1e-4);
  const x = Float32Array.from(xs);
  for (const arch of ARCHS) {
    const data = dataset(arch.dataset);
    const net = lab.network(arch.network);
    const weights = net.getWeights();
    net.dispose();
    const train = { epochs: 7, batchSize: 8, optimizer: { type: 'rmsprop', learningRate: 0.003, rho: 0.8, momentum: 0.1 }, l2: 0.01 };
    const script = exportKeras({ dataset: arch.dataset, network: arch.network, train }, { weights });
    const path = file('keras_experiment.py', script);
    python(['-m', 'py_compile', path]);
    assert.equal(script.match(/keras\.layers\.Dense\(/g).length, arch.network.layers.length, 'one Dense per layer');
    assert.match(script, /keras\.optimizers\.RMSprop\(learning_rate=0\.003, rho=0\.8, momentum=0\.1, epsilon=1e-7\)/);
    const probe = `
import importlib.util, json, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
spec = importlib.util.spec_from_file_location("kexp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
import tensorflow.keras as K
model = m.build_model()
m.load_weights(model, m.WEIGHTS)
x = np.array(json.loads(sys.argv[3]), dtype=np.float32)
layers = []
for L in model.layers:
    a = L.activation
    layers.append({"units": L.units, "act": a if isinstance(a, str) else None,
                   "values": None if isinstance(a, str) else np.asarray(a(x), dtype=np.float64).tolist(),
                   "init": repr(L.kw["kernel_initializer"]), "bias": repr(L.kw["bias_initializer"]),
                   "reg": repr(L.kw["kernel_regularizer"]),
                   "kernel_shape": list(L.weights[0].shape), "kernel": L.weights[0].ravel().tolist(), "b": L.weights[1].tolist()})
Xtr, ytr, Xte, yte = m.load_data()
print(json.dumps({"layers": layers, "compile": repr(K.RECORD[-1][1]), "n_train": len(Xtr), "n_test": len(Xte),
                  "targets": list(m.targets(ytr).shape)}))
`;
    const out = JSON.parse(python(['-c', probe, path, stub, JSON.stringify(xs)]).stdout);
    assert.equal(out.n_train, data.train.y.length);
    assert.equal(out.n_test, data.test.y.length);
    const outputs = arch.network.layers.at(-1).units;
    assert.deepEqual(out.targets, [data.train.y.length, outputs]);
    assert.match(out.compile, new RegExp(`'loss': '${arch.network.loss}'`));
    assert.match(out.compile, /RMSprop/);
    let fanIn = arch.network.inputs;
    arch.network.layers.forEach((L, i) => {
      const got = out.layers[i];
      const where = `${arch.name}: layer ${i} (${L.activation})`;
      assert.equal(got.units, L.units, where);
      assert.deepEqual(got.kernel_shape, [fanIn, L.units], `${where}: kernel [in][out]`);
      assert.deepEqual(got.kernel, Array.from(weights[i].kernel), `${where}: kernel values`);
      assert.deepEqual(got.b, Array.from(weights[i].bias), `${where}: bias values`);
      assert.match(got.reg, /L1L2\(0\.0, 0\.01\)/, where);
      const cls = { zeros: 'Zeros', random_uniform: 'RandomUniform', random_normal: 'RandomNormal', glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal', lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal' }[L.init];
      assert.ok(got.init.startsWith(cls), `${where}: ${got.init}`);
      if (L.initParams?.min !== undefined) assert.match(got.init, new RegExp(`'maxval', ${L.initParams.max}\\b.*'minval', ${L.initParams.min}\\b`));
      assert.match(got.bias, new RegExp(`Constant\\(\\(${L.biasInit ?? 0}(\\.0)?,\\)`), `${where}: bias initialiser`);
      if (L.activation in KERAS_STRING_ACT) {
        assert.equal(got.act, KERAS_STRING_ACT[L.activation], where);
      } else {
        assert.equal(got.act, null, `${where}: written out as a formula`);
        const ref = lab.activate(L.activation, x, undefined, L.alpha !== undefined ? { alpha: L.alpha } : undefined);
        for (let j = 0; j < x.length; j++) {
          const tol = 1e-5 * Math.max(1, Math.abs(ref[j]));
          assert.ok(Math.abs(got.values[j] - ref[j]) <= tol, `${where}: f(${x[j]}) Keras formula ${got.values[j]} vs gradlab ${ref[j]}`);
        }
      }
      fanIn = L.units;
    });
  }
});

test('hard_sigmoid and gelu are written as explicit formulas in both scripts', () => {
  const e = { network: { inputs: 2, loss: 'binary_crossentropy', layers: [{ units: 3, activation: 'hard_sigmoid' }, { units: 3, activation: 'gelu' }, { units: 1, activation: 'sigmoid' }] } };
  const k = exportKeras(e);
  assert.match(k, /tf\.nn\.relu6\(x \+ 3\.0\) \/ 6\.0/);
  assert.match(k, /tf\.math\.erf/);
  assert.doesNotMatch(k, /activation="hard_sigmoid"|activation="gelu"/);
  const t = exportPyTorch(e);
  assert.match(t, /F\.relu6\(x \+ 3\.0\) \/ 6\.0/);
  assert.match(t, /torch\.erf/);
});

test('invalid experiments and weights give an Error naming the field', () => {
  const good = { dataset: circles, network: ARCHS[4].network, train: { epochs: 2 } };
  assert.doesNotThrow(() => validateExperiment(good));
  const bad = [
    [null, /experiment must be an object, got null/],
    [{ ...good, extra: 1 }, /experiment: unknown field 'extra'/],
    [{ ...good, dataset: { ...circles, type: 'blobs' } }, /experiment\.dataset: unknown type 'blobs' \(valid: 'circles', 'moons', 'xor', 'spiral', 'gauss', 'plane', 'multigauss', 'sine'\)/],
    [{ ...good, dataset: { ...circles, n: 1.5 } }, /experiment\.dataset: n must be an integer/],
    [{ ...good, dataset: { ...circles, noise: NaN } }, /experiment\.dataset: noise must be a finite number/],
    [{ ...good, dataset: { ...circles, factor: 1 } }, /experiment\.dataset: factor must be > 0 and < 1, got 1/],
    [{ ...good, dataset: { ...circles, trainFraction: 0 } }, /experiment\.dataset: trainFraction must be > 0 and ≤ 1, got 0/],
    [{ ...good, network: { ...good.network, layers: 'dense' } }, /experiment\.network: layers must be an array/],
    [{ ...good, network: { ...good.network, layers: [] } }, /experiment\.network: layers must have 1 … 64 entries/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu7' }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: unknown activation 'relu7' \(valid: 'linear', 'step'/],
    [{ ...good, network: { ...good.network, layers: [{ units: 0, activation: 'relu' }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: units must be in 1 … 4096, got 0/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu', alpha: 0.1 }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: activation 'relu' takes no parameter/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'leaky_relu', alpha: 2 }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: alpha of leaky_relu must be ≥ 0 and ≤ 1, got 2/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu', init: 'orthogonal' }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: unknown init 'orthogonal' \(valid: 'zeros'/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu', init: 'random_uniform', initParams: { min: 1, max: 0 } }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: initParams\.min \(1\) must be ≤/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu', init: 'he_uniform', initParams: { min: 0 } }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: initParams apply to random_uniform and random_normal only/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'softmax' }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]: softmax is allowed on the output layer only/],
    [{ ...good, network: { ...good.network, loss: 'hinge' } }, /experiment\.network: unknown loss 'hinge' \(valid: /],
    [{ ...good, network: { ...good.network, loss: 'binary_crossentropy' } }, /experiment\.network: loss 'binary_crossentropy' needs a 'sigmoid' output layer/],
    [{ ...good, network: { ...good.network, inputs: 3 } }, /experiment\.network\.inputs is 3; the circles data set has 2 features/],
    [{ ...good, network: { ...good.network, seed: -1 } }, /experiment\.network: seed must be in 0 … 4294967295, got -1/],
    [{ ...good, train: { epochs: -1 } }, /experiment\.train: epochs must be in 0 … 10000000, got -1/],
    [{ ...good, train: { batchSize: '32' } }, /experiment\.train: batchSize must be an integer, got "32"/],
    [{ ...good, train: { optimizer: { type: 'adagrad' } } }, /experiment\.train\.optimizer: unknown type 'adagrad' \(valid: 'sgd', 'adam', 'rmsprop'\)/],
    [{ ...good, train: { optimizer: { type: 'adam', momentum: 0.9 } } }, /experiment\.train\.optimizer \(adam\): unknown field 'momentum'/],
    [{ ...good, train: { optimizer: { type: 'sgd', learningRate: 0 } } }, /experiment\.train\.optimizer: learningRate must be > 0 and ≤ 1000000, got 0/],
    [{ ...good, train: { optimizer: { type: 'sgd', nesterov: 1 } } }, /experiment\.train\.optimizer: nesterov must be true or false/],
    [{ ...good, train: { l2: Infinity } }, /experiment\.train: l2 must be a finite number/],
    [{ ...good, dataset: { type: 'spiral', classes: 3 } }, /layers\[1\]\.units is 1; 3 classes need 3 outputs/],
    [{ ...good, dataset: { type: 'gauss', n: 3, classes: 4 } }, /experiment\.dataset: n \(3\) must be at least the number of classes \(4\)/],
    [{ ...good, train: null }, /experiment\.train must be an object, got null/],
    [{ ...good, train: { optimizer: null } }, /experiment\.train\.optimizer must be an object, got null/],
    [{ ...good, network: { ...good.network, layers: [{ units: 3, activation: 'relu', init: 'random_normal', initParams: null }, { units: 1, activation: 'tanh' }] } }, /experiment\.network\.layers\[0\]\.initParams must be an object, got null/],
  ];
  for (const [e, re] of bad) {
    assert.throws(() => exportPyTorch(e), re, JSON.stringify(e)?.slice(0, 200));
    assert.throws(() => exportKeras(e), re);
  }
  const w = [{ kernel: new Float32Array(12), bias: new Float32Array(6) }, { kernel: new Float32Array(6), bias: new Float32Array(1) }];
  assert.doesNotThrow(() => exportPyTorch(good, { weights: w }));
  assert.throws(() => exportPyTorch(good, { weights: w.slice(1) }), /weights has 1 layers; the network has 2/);
  assert.throws(() => exportPyTorch(good, { weights: [{ kernel: new Float32Array(11), bias: w[0].bias }, w[1]] }), /weights\[0\]\.kernel has 11 values; layer 0 needs 12 \(\[2\]\[6\], row-major \[in\]\[out\]\)/);
  assert.throws(() => exportPyTorch(good, { weights: [w[0], { kernel: Float32Array.of(1, 2, NaN, 4, 5, 6), bias: w[1].bias }] }), /weights\[1\]\.kernel\[2\] is NaN, not a finite float32/);
  assert.throws(() => exportKeras(good, { weights: 'w' }), /weights must be an array/);
  assert.throws(() => exportPyTorch(good, { weigths: w }), /options: unknown field 'weigths'/);
  assert.throws(() => exportExperiment(good, { framework: 'jax' }), /options: unknown framework 'jax' \(valid: 'pytorch', 'keras'\)/);
  assert.match(exportExperiment(good, { framework: 'keras' }), /from tensorflow import keras/);
  assert.match(exportExperiment(good, { framework: 'pytorch', weights: w }), /import torch\n/);
});

test('weights are written so that float32 values read back exactly', () => {
  const vals = Float32Array.of(0.1, -1 / 3, 1e-30, 3.4e38, -2.5, 16777217, 1.17549435e-38, 0);
  const net = { inputs: 2, loss: 'mse', layers: [{ units: 4, activation: 'linear' }, { units: 1, activation: 'linear' }] };
  const weights = [{ kernel: vals, bias: vals.subarray(0, 4) }, { kernel: new Float32Array(4), bias: new Float32Array(1) }];
  const script = exportPyTorch({ network: net }, { weights });
  const probe = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
k = np.array(m.WEIGHTS[0]["kernel"], dtype=np.float32).ravel()
print(json.dumps([int(v) for v in k.view(np.uint32)]))
`;
  const bits = JSON.parse(python(['-c', probe, file('w.py', script)]).stdout);
  assert.deepEqual(bits, Array.from(new Uint32Array(vals.buffer)));
});

// export.d.ts: the hand-written types of export.js type-check (tsc --strict) a
// correct use, and reject each wrong use (the line after each marker).
test('export.d.ts: tsc --strict accepts a correct use and rejects wrong ones', () => {
  const root = new URL('../../', import.meta.url);
  const ts = join(dir, 'types');
  mkdirSync(ts, { recursive: true });
  for (const f of ['gradlab.d.ts', 'export.d.ts']) writeFileSync(join(ts, f), readFileSync(new URL(`dist/${f}`, root), 'utf8'));
  writeFileSync(join(ts, 'use.ts'), `
import { exportPyTorch, exportKeras, exportExperiment, validateExperiment, exportFrameworks, type Experiment } from './export.js';
const e: Experiment = {
  dataset: { type: 'spiral', n: 300, classes: 3, trainFraction: 0.5 },
  network: { inputs: 2, loss: 'categorical_crossentropy', seed: 1,
    layers: [{ units: 8, activation: 'elu', alpha: 0.5, init: 'he_normal' }, { units: 3, activation: 'softmax' }] },
  train: { epochs: 10, optimizer: { type: 'adam', learningRate: 0.01 } },
};
const w = [{ kernel: new Float32Array(16), bias: new Float32Array(8) }, { kernel: [0, 1, 2], bias: [0] }];
const a: string = exportPyTorch(e, { weights: w });
const b: string = exportKeras(e);
const c: string = exportExperiment(e, { framework: exportFrameworks[0], weights: null });
const v = validateExperiment(e);
const fanIn: number = v.network.layers[0].fanIn;
const lr: number = v.train.optimizer.learningRate;
const init: string = v.network.layers[0].init;
const params: number = v.network.params;
export { a, b, c, fanIn, lr, init, params };
`);
  writeFileSync(join(ts, 'wrong.ts'), `
import { exportPyTorch, exportExperiment } from './export.js';
const net = { layers: [{ units: 1, activation: 'sigmoid' as const }] };
// @ts-expect-error unknown activation
exportPyTorch({ network: { layers: [{ units: 1, activation: 'relu6' }] } });
// @ts-expect-error a framework is required
exportExperiment({ network: net }, {});
// @ts-expect-error unknown framework
exportExperiment({ network: net }, { framework: 'jax' });
// @ts-expect-error weights are { kernel, bias }
exportPyTorch({ network: net }, { weights: [[1, 2]] });
// @ts-expect-error the result is text
const n: number = exportPyTorch({ network: net });
// @ts-expect-error adam takes no momentum (net.train()'s OptimizerOptions; validateExperiment rejects it too)
exportPyTorch({ network: net, train: { optimizer: { type: 'adam', momentum: 0.9 } } });
// @ts-expect-error a layer's dropout is a number (lab.network()'s LayerSpec)
exportPyTorch({ network: { layers: [{ units: 1, activation: 'sigmoid', dropout: '0.5' }] } });
export { n };
`);
  writeFileSync(join(ts, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [] },
    files: ['use.ts', 'wrong.ts'],
  }));
  // One tsc run (it is slow here): each wrong use, marked by the comment above
  // it, must be an error on its own line, and use.ts must have none.
  const wrong = readFileSync(join(ts, 'wrong.ts'), 'utf8').split('\n');
  const expected = wrong.flatMap((l, i) => (l.startsWith('// @ts-expect-error') ? [i + 2] : []));
  writeFileSync(join(ts, 'wrong.ts'), wrong.map((l) => (l.startsWith('// @ts-expect-error') ? '//' : l)).join('\n'));
  const bad = spawnSync(process.execPath, [fileURLToPath(new URL('node_modules/typescript/bin/tsc', root)), '-p', 'tsconfig.json'], { cwd: ts, encoding: 'utf8', timeout: 120_000 });
  assert.doesNotMatch(bad.stdout, /use\.ts\(/, `use.ts type-checks:\n${bad.stdout}`);
  const lines = [...new Set([...bad.stdout.matchAll(/wrong\.ts\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])))];
  assert.deepEqual(lines, expected, bad.stdout);
});

// The page's Export → PyTorch/Keras script (web/exports.js): every state the
// page can be in makes an experiment the exporter accepts, with the worker's
// network spec and the worker's training settings.
test('the page\'s experimentOf(): every dataset, output, optimiser and initialiser exports', async () => {
  const { experimentOf, experimentScript } = await import('../../web/exports.js');
  const { defaultState, DATASETS, OUTPUTS, OPTIMIZERS, INITS, networkSpec, optimizerSpec, fitProblems, dataClasses, dataInputs, isTable } = await import('../../web/state.js');
  let n = 0, unfit = 0;
  // a bundled table: its split (seed, ratio) and standardisation, a network on its columns
  // (the scripts of tables: tests/node/export-tables.test.js); a CSV the page does not have is named
  for (const ds of DATASETS.filter((d) => isTable(d) && d !== 'csv')) {
    const st = Object.assign(defaultState(), { ds, split: 0.7, dseed: 9, std: 'minmax' });
    st.a.out = 'softmax_cce';
    const e = experimentOf(st, st.a);
    assert.deepEqual(e.dataset, { type: ds, seed: 9, trainFraction: 0.7, std: 'minmax' });
    assert.equal(validateExperiment(e).network.inputs, dataInputs(st));
    assert.ok(dataInputs(st) >= 4);
  }
  assert.throws(() => experimentOf(Object.assign(defaultState(), { ds: 'csv', csv: 'x.csv' }), defaultState().a), /the CSV "x\.csv" is not loaded in this page/);
  for (const ds of DATASETS.filter((d) => !isTable(d))) {
    for (const out of OUTPUTS) {
      for (const opt of OPTIMIZERS) {
        const st = defaultState();
        Object.assign(st, { ds, n: 123, noise: 0.2, split: 0.7, dseed: 9, seed: 4, epochs: 77 });
        Object.assign(st.a, { out, opt, init: INITS[n % INITS.length], oinit: INITS[(n + 3) % INITS.length], ia: -0.3, ib: 0.4, batch: 8, l2: 0.001 });
        // an output that does not fit the data (linear on classes, sigmoid on a regression)
        // never reaches the exporter: the page changes it first
        st.b.out = out;
        if (fitProblems(st).length) { unfit++; continue; }
        const e = experimentOf(st, st.a);
        const v = validateExperiment(e);
        assert.deepEqual(e.network, networkSpec(st.a, 4, dataClasses(st), dataInputs(st)));
        assert.deepEqual(e.train.optimizer, optimizerSpec(st.a));
        assert.equal(v.train.epochs, 77);
        assert.equal(v.train.batchSize, 8);
        assert.equal(v.dataset.type, ds);
        assert.equal(v.dataset.trainFraction, 0.7);
        assert.equal(v.dataset.seed, 9);
        n++;
      }
    }
  }
  assert.equal(n, 5 * 4 * 4 + 3 * 1 * 4, 'classification sets: every output (linear: class 1 over 0.5); regression sets: linear');
  assert.equal(unfit, 3 * 3 * 4);
  // with a model JSON of the worker: the weights go into the script
  const st = defaultState();
  const net = lab.network(networkSpec(st.a, st.seed));
  const model = JSON.stringify(net.toJSON());
  net.dispose();
  const py = experimentScript('pytorch', st, 0, model);
  assert.match(py, /^WEIGHTS = \[/m);
  const k = experimentScript('keras', st, 0, model);
  assert.match(k, /^WEIGHTS = \[/m);
  assert.throws(() => experimentScript('pytorch', { ...st, a: { ...st.a, layers: [{ units: 9, act: 'tanh' }] } }, 0, model), /weights/);
});
