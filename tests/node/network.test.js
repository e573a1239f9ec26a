// The network API against an independent double-precision JS network
// (helpers/mlp.js): gradients vs central differences, training trajectories
// for every optimiser, per-epoch statistics, initialisers, determinism,
// toJSON/fromJSON, bad input, memory growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, GradlabError } from '../../dist/gradlab.js';
import { gradients as refGradients, numericGradients, trainReference, forward } from './helpers/mlp.js';
import { rng } from './helpers/reference.js';

const lab = await load();

function randomWeights(spec, r, scale = 1) {
  let d = spec.inputs;
  return spec.layers.map((L) => {
    const w = {
      kernel: Float32Array.from({ length: d * L.units }, () => scale * (2 * r() - 1)),
      bias: Float32Array.from({ length: L.units }, () => 0.3 * (2 * r() - 1)),
    };
    d = L.units;
    return w;
  });
}

function targetsFor(loss, n, k, r) {
  if (loss === 'binary_crossentropy') return Float32Array.from({ length: n * k }, () => (r() < 0.5 ? 0 : 1));
  if (loss === 'categorical_crossentropy') return Float32Array.from({ length: n }, () => Math.floor(r() * k));
  return Float32Array.from({ length: n * k }, () => 2 * r() - 1);
}

function oneHot(y, k) {
  const o = new Float32Array(y.length * k);
  y.forEach((c, i) => { o[i * k + c] = 1; });
  return o;
}

// |a - b| <= rtol |b| + atol, over every entry; returns the worst offender or null
function mismatch(a, b, rtol, atol) {
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= rtol * Math.abs(b[i]) + atol)) return { i, got: a[i], want: b[i] };
  }
  return null;
}

const OUTPUTS = [
  { loss: 'binary_crossentropy', activation: 'sigmoid', units: 1 },
  { loss: 'binary_crossentropy', activation: 'sigmoid', units: 2 },
  { loss: 'categorical_crossentropy', activation: 'softmax', units: 3 },
  { loss: 'mse', activation: 'linear', units: 2 },
  { loss: 'mse', activation: 'tanh', units: 1 },
  { loss: 'mse', activation: 'softmax', units: 3 },
];
const HIDDEN = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'softplus', 'softsign',
  'hard_sigmoid', 'swish', 'gelu', 'mish'];

test('gradients() match central differences of an independent double network (every hidden activation × every loss)', () => {
  // tolerance: |g - cd| <= 1e-3 |cd| + 1e-4 max|cd| over the layer (float32 forward vs double)
  const r = rng(2024);
  let checked = 0;
  for (const act of HIDDEN) {
    for (const out of OUTPUTS) {
      const spec = {
        inputs: 3,
        layers: [
          { units: 4, activation: act, init: 'glorot_uniform', ...(act === 'leaky_relu' ? { alpha: 0.1 } : {}) },
          { units: 3, activation: act, init: 'glorot_uniform', ...(act === 'elu' ? { alpha: 0.7 } : {}) },
          { units: out.units, activation: out.activation, init: 'glorot_uniform' },
        ],
        loss: out.loss,
        seed: 7,
      };
      const net = lab.network(spec);
      net.setWeights(randomWeights(spec, r));
      const w = net.getWeights(); // the float32 weights the wasm uses
      const n = 7;
      const X = Float32Array.from({ length: n * 3 }, () => 4 * r() - 2);
      const y = targetsFor(out.loss, n, out.units, r);
      const Y = out.loss === 'categorical_crossentropy' ? oneHot(y, out.units) : y;
      const refSpec = { ...spec, layers: spec.layers.map((L) => ({ ...L, alpha: L.alpha === undefined ? undefined : Math.fround(L.alpha) })) };
      const g = net.gradients(X, y);
      const cd = numericGradients(refSpec, w, X, Y, n);
      const an = refGradients(refSpec, w, X, Y, n);
      assert.ok(Math.abs(g.loss - an.loss) <= 1e-5 * Math.max(1, Math.abs(an.loss)), `${act}/${out.loss}: loss ${g.loss} vs ${an.loss}`);
      g.grads.forEach((gl, l) => {
        for (const key of ['kernel', 'bias']) {
          const scale = Math.max(...cd[l][key].map(Math.abs));
          const bad = mismatch(gl[key], cd[l][key], 1e-3, 1e-4 * scale + 1e-7);
          assert.equal(bad, null, `${act} hidden, ${out.activation}/${out.loss}: layer ${l} ${key}[${bad?.i}] = ${bad?.got}, central difference ${bad?.want}`);
          // the reference's own backward agrees with its central differences (the reference is right)
          assert.equal(mismatch(an.grads[l][key], cd[l][key], 1e-5, 1e-6 * scale + 1e-9), null, `reference backward ${act}/${out.loss} layer ${l} ${key}`);
        }
      });
      // not trivially zero
      assert.ok(g.grads[0].kernel.some((v) => Math.abs(v) > 1e-6), `${act}/${out.loss}: first-layer gradient is all zero`);
      // weights unchanged by gradients()
      assert.deepEqual(net.getWeights(), w);
      net.dispose();
      checked++;
    }
  }
  assert.equal(checked, HIDDEN.length * OUTPUTS.length);
});

test('wide inputs (4 × 4 gather): gradients match the double reference; a shuffled batch equals the ordered one', () => {
  // train.c gathers samples 4 × 4 when inputs >= 4, with the rest of the
  // samples (n % 4) and features (inputs % 4) one by one: every mix of them
  const r = rng(77);
  for (const inputs of [4, 7, 9, 16]) {
    for (const n of [4, 5, 13]) {
      const spec = { inputs, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 5 };
      const net = lab.network(spec);
      net.setWeights(randomWeights(spec, r));
      const w = net.getWeights();
      const X = Float32Array.from({ length: n * inputs }, () => 4 * r() - 2);
      const y = Float32Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));
      const g = net.gradients(X, y);
      const an = refGradients(spec, w, X, y, n);
      g.grads.forEach((gl, l) => {
        for (const key of ['kernel', 'bias']) {
          const scale = Math.max(...an.grads[l][key].map(Math.abs));
          const bad = mismatch(gl[key], an.grads[l][key], 1e-4, 1e-5 * scale + 1e-8);
          assert.equal(bad, null, `inputs ${inputs}, n ${n}: layer ${l} ${key}[${bad?.i}] = ${bad?.got}, reference ${bad?.want}`);
        }
      });
      // one batch of all n samples: the shuffled gather (through the epoch's
      // permutation) sums the same samples in another order
      const opts = { epochs: 1, batchSize: n, optimizer: { type: 'sgd', learningRate: 0.5 } };
      const a = lab.network(spec), b = lab.network(spec);
      a.setWeights(w); b.setWeights(w);
      a.train(X, y, { ...opts, shuffle: false });
      b.train(X, y, { ...opts, shuffle: true });
      a.getWeights().forEach((wa, l) => {
        const wb = b.getWeights()[l], w0 = w[l];
        for (const key of ['kernel', 'bias']) {
          assert.ok(wa[key].some((v, i) => v !== w0[key][i]), `inputs ${inputs}, n ${n}: layer ${l} ${key} moved`);
          const bad = mismatch(wb[key], Array.from(wa[key]), 1e-5, 1e-6);
          assert.equal(bad, null, `inputs ${inputs}, n ${n}: shuffled layer ${l} ${key}[${bad?.i}] = ${bad?.got}, ordered ${bad?.want}`);
        }
      });
      for (const x of [net, a, b]) x.dispose();
    }
  }
});

test('categorical targets: class indices and one-hot give the same loss and gradients', () => {
  const spec = { inputs: 2, layers: [{ units: 6, activation: 'relu', init: 'he_uniform' }, { units: 4, activation: 'softmax' }], loss: 'categorical_crossentropy', seed: 3 };
  const net = lab.network(spec);
  const X = Float32Array.from([0.1, 0.2, -0.5, 0.7, 1, -1]);
  const a = net.gradients(X, [0, 3, 2]);
  const b = net.gradients(X, oneHot([0, 3, 2], 4));
  assert.deepEqual(a, b);
  assert.deepEqual(net.evaluate(X, [0, 3, 2]), net.evaluate(X, oneHot([0, 3, 2], 4)));
  net.dispose();
});

const TRAJ_SPEC = {
  inputs: 2,
  layers: [
    { units: 5, activation: 'tanh', init: 'glorot_uniform' },
    { units: 4, activation: 'relu', init: 'he_uniform' },
    { units: 1, activation: 'sigmoid', init: 'glorot_uniform' },
  ],
  loss: 'binary_crossentropy',
  seed: 11,
};
const TRAJ_CASES = [
  { name: 'sgd + momentum (the article)', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } },
  { name: 'plain sgd', optimizer: { type: 'sgd', learningRate: 0.2 } },
  { name: 'sgd + nesterov + l1 + l2', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true }, l1: 1e-3, l2: 1e-2 },
  { name: 'adam', optimizer: { type: 'adam', learningRate: 0.01 } },
  { name: 'rmsprop + momentum', optimizer: { type: 'rmsprop', learningRate: 0.003, rho: 0.8, momentum: 0.5 } },
  { name: 'softmax + cce + rmsprop', optimizer: { type: 'rmsprop', learningRate: 0.003 }, softmax: true },
];

for (const c of TRAJ_CASES) {
  test(`end to end: a seeded net trained 10 epochs × 4 batches follows the double-precision reference trajectory (${c.name})`, () => {
    // tolerance: every weight after every epoch within 2e-4 + 1e-3 |w|; epoch loss within 1e-4
    // relative; gradMeanAbs within 1e-3 relative; accuracy within one sample per batch
    const spec = structuredClone(TRAJ_SPEC);
    if (c.softmax) { spec.layers[2] = { units: 3, activation: 'softmax', init: 'glorot_uniform' }; spec.loss = 'categorical_crossentropy'; }
    const data = lab.datasets.moons({ n: 64, noise: 0.1, seed: 4 });
    const k = spec.layers[2].units;
    const y = c.softmax ? data.y.map((v, i) => (v + (i % 2)) % 3) : data.y; // 3 classes for the softmax case
    const Y = c.softmax ? oneHot(y, 3) : y;
    const net = lab.network(spec);
    const w0 = net.getWeights();
    const refSpec = spec;
    const epochs = 10;
    const opts = { epochs, batchSize: 16, shuffle: false, optimizer: c.optimizer, l1: c.l1, l2: c.l2 };
    const hist = net.train(data.X, y, opts);
    const ref = trainReference(refSpec, w0, data.X, Y, 64, { ...opts, l1: c.l1 ?? 0, l2: c.l2 ?? 0 });
    assert.equal(hist.stopped, null);
    assert.equal(hist.epochs.length, epochs);
    // re-run to read the weights after each epoch: same seed, one epoch at a time (optimiser state persists)
    const net2 = lab.network(spec);
    for (let e = 0; e < epochs; e++) {
      const h = net2.train(data.X, y, { ...opts, epochs: 1 });
      assert.equal(h.epochs[0].epoch, e + 1, 'epochs count across train() calls');
      assert.deepEqual(h.epochs[0], hist.epochs[e], `epoch ${e + 1}: one train() of ${epochs} epochs and ${epochs} calls of one epoch agree`);
      const w = net2.getWeights();
      w.forEach((wl, l) => {
        for (const key of ['kernel', 'bias']) {
          const bad = mismatch(wl[key], ref[e].weights[l][key], 1e-3, 2e-4);
          assert.equal(bad, null, `${c.name}, epoch ${e + 1}, layer ${l} ${key}[${bad?.i}] = ${bad?.got}, reference ${bad?.want}`);
        }
      });
      const st = hist.epochs[e];
      assert.ok(Math.abs(st.loss - ref[e].loss) <= 1e-4 * Math.abs(ref[e].loss), `epoch ${e + 1} loss ${st.loss} vs ${ref[e].loss}`);
      assert.ok(Math.abs(st.accuracy - ref[e].accuracy) <= 1 / 16 + 1e-6, `epoch ${e + 1} accuracy ${st.accuracy} vs ${ref[e].accuracy}`);
      st.layers.forEach((ls, l) => {
        assert.ok(Math.abs(ls.gradMeanAbs - ref[e].gradMeanAbs[l]) <= 1e-3 * ref[e].gradMeanAbs[l] + 1e-9,
          `epoch ${e + 1} layer ${l} gradMeanAbs ${ls.gradMeanAbs} vs ${ref[e].gradMeanAbs[l]}`);
        const wma = ref[e].weights[l].kernel.reduce((s, v) => s + Math.abs(v), 0) / ref[e].weights[l].kernel.length;
        assert.ok(Math.abs(ls.weightMeanAbs - wma) <= 1e-3 * wma, `epoch ${e + 1} layer ${l} weightMeanAbs ${ls.weightMeanAbs} vs ${wma}`);
        assert.ok(ls.gradNorm >= ls.gradMeanAbs, 'the L2 norm of a kernel gradient is at least its mean |g|');
        assert.ok(ls.biasGradMeanAbs > 0);
      });
      assert.equal(st.valLoss, null);
      assert.equal(st.valAccuracy, null);
    }
    // training changed the weights
    assert.notDeepEqual(net.getWeights(), w0);
    net.dispose();
    net2.dispose();
  });
}

test('per-epoch stats: validation, onEpoch, stopping early, the shape the page relies on', () => {
  const { train, test: val } = lab.datasets.split(lab.datasets.circles({ n: 200, seed: 2 }), 0.5);
  const net = lab.network({ inputs: 2, layers: [{ units: 8, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 5 });
  const seen = [];
  const h = net.train(train.X, train.y, {
    epochs: 20,
    batchSize: 10,
    optimizer: { type: 'adam', learningRate: 0.01 },
    validation: val,
    onEpoch: (s) => { seen.push(s.epoch); return s.epoch < 7; },
  });
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(h.epochs.length, 7);
  assert.equal(h.stopped, null);
  const s = h.epochs[6];
  assert.deepEqual(Object.keys(s), ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'layers']);
  assert.deepEqual(Object.keys(s.layers[0]), ['gradMeanAbs', 'gradNorm', 'deadFraction', 'saturatedFraction', 'biasGradMeanAbs', 'weightMeanAbs',
    'deadShare', 'saturatedShare', 'gammaGradMeanAbs', 'betaGradMeanAbs']);
  // a dead pair (f' = 0) is a saturated one too
  for (const l of s.layers) assert.ok(l.deadShare >= 0 && l.deadShare <= l.saturatedShare && l.saturatedShare <= 1, JSON.stringify(l));
  const ev = net.evaluate(val.X, val.y);
  assert.equal(s.valLoss, ev.loss);
  assert.equal(s.valAccuracy, ev.accuracy);
  assert.equal(net.epoch, 7);
  assert.ok(h.epochs[6].loss < h.epochs[0].loss, 'adam lowers the loss');
  const h2 = net.train(train.X, train.y, { epochs: 2, batchSize: 10, optimizer: { type: 'adam', learningRate: 0.01 } });
  assert.deepEqual(h2.epochs.map((e) => e.epoch), [8, 9]);
  net.dispose();
});

test('dead ReLU units are counted: a layer with a large negative bias is 100% dead and passes no gradient down', () => {
  const net = lab.network({ inputs: 2, layers: [
    { units: 5, activation: 'relu', init: 'he_uniform' },
    { units: 5, activation: 'relu', init: 'he_uniform', biasInit: -100 },
    { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
  const d = lab.datasets.circles({ n: 64, seed: 1 });
  const h = net.train(d.X, d.y, { epochs: 1, optimizer: { type: 'sgd', learningRate: 0.01 } });
  const [l0, l1] = h.epochs[0].layers;
  assert.equal(l1.deadFraction, 1);
  assert.equal(l0.gradMeanAbs, 0, 'no gradient below a dead layer');
  assert.equal(l1.gradMeanAbs, 0);
  // tanh with weights U(0, 1) and inputs in [-1, 1]: hidden units far into saturation get counted
  const sat = lab.network({ inputs: 2, layers: [{ units: 5, activation: 'tanh', init: 'random_uniform', initParams: { min: 0, max: 1 }, biasInit: 20 }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
  const hs = sat.train(d.X, d.y, { epochs: 1, optimizer: { type: 'sgd', learningRate: 0.01 } });
  assert.equal(hs.epochs[0].layers[0].saturatedFraction, 1);
  net.dispose();
  sat.dispose();
});

test('a diverging run stops and says so in the history', () => {
  const net = lab.network({ inputs: 2, layers: [{ units: 16, activation: 'linear' }, { units: 16, activation: 'linear' }, { units: 1, activation: 'linear' }], loss: 'mse', seed: 1 });
  const d = lab.datasets.circles({ n: 64, seed: 1 });
  const y = d.y.map((v) => v * 1000);
  const h = net.train(d.X, y, { epochs: 50, optimizer: { type: 'sgd', learningRate: 10 } });
  assert.ok(h.stopped, 'stopped is set');
  assert.equal(h.stopped.reason, 'diverged');
  assert.match(h.stopped.message, /diverged/);
  assert.equal(h.stopped.epoch, h.epochs.length + 1);
  assert.ok(h.epochs.length < 50);
  for (const w of net.getWeights()) assert.ok(w.kernel.every(Number.isFinite), 'weights stay finite');
  assert.equal(net.predict(d.X).length, 64, 'the network still predicts');
  net.dispose();
});

test('initialisers follow Keras: ranges and spread', () => {
  const mk = (init, extra = {}) => {
    const net = lab.network({ inputs: 400, layers: [{ units: 100, activation: 'relu', init, ...extra }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 9 });
    const w = net.getWeights()[0];
    net.dispose();
    return w;
  };
  const stats = (a) => {
    const m = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
    return { m, sd, min: Math.min(...a), max: Math.max(...a) };
  };
  const z = mk('zeros');
  assert.ok(z.kernel.every((v) => v === 0) && z.bias.every((v) => v === 0));
  const u = stats(mk('random_uniform', { initParams: { min: 0, max: 1 } }).kernel);
  assert.ok(u.min >= 0 && u.max < 1 && Math.abs(u.m - 0.5) < 0.01 && Math.abs(u.sd - Math.sqrt(1 / 12)) < 0.01, JSON.stringify(u));
  const nrm = stats(mk('random_normal', { initParams: { mean: 1, stddev: 0.5 } }).kernel);
  assert.ok(Math.abs(nrm.m - 1) < 0.02 && Math.abs(nrm.sd - 0.5) < 0.02, JSON.stringify(nrm));
  const lim = { he_uniform: Math.sqrt(6 / 400), glorot_uniform: Math.sqrt(6 / 500), lecun_uniform: Math.sqrt(3 / 400) };
  for (const [init, l] of Object.entries(lim)) {
    const s = stats(mk(init).kernel);
    assert.ok(s.min >= -l && s.max <= l && s.max > 0.95 * l && s.min < -0.95 * l, `${init}: ${JSON.stringify(s)} limit ${l}`);
  }
  // truncated normals (Keras VarianceScaling): N(0, s1) cut at ±2 s1 with s1 = s0 / 0.8796..., so that
  // the truncated draw has the target standard deviation s0
  const sd = { he_normal: Math.sqrt(2 / 400), glorot_normal: Math.sqrt(2 / 500), lecun_normal: Math.sqrt(1 / 400) };
  for (const [init, s0] of Object.entries(sd)) {
    const s = stats(mk(init).kernel);
    const s1 = s0 / 0.87962566103423978;
    assert.ok(s.max <= 2 * s1 * (1 + 1e-6) && s.min >= -2 * s1 * (1 + 1e-6) && s.max > 1.9 * s1, `${init}: truncated at 2 sd: ${JSON.stringify(s)}`);
    assert.ok(Math.abs(s.sd - s0) < 0.03 * s0, `${init}: sd ${s.sd} vs ${s0}`);
  }
  const b = mk('glorot_uniform', { biasInit: 0.25 });
  assert.ok(b.bias.every((v) => v === 0.25));
});

test('determinism: the same seed gives bit-identical weights and histories; another seed does not', () => {
  const spec = { inputs: 2, layers: [{ units: 5, activation: 'relu', init: 'he_uniform' }, { units: 5, activation: 'tanh', init: 'glorot_normal' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 42 };
  const d = lab.datasets.circles({ n: 300, seed: 3 });
  const run = (s) => {
    const net = lab.network(s);
    const h = net.train(d.X, d.y, { epochs: 15, batchSize: 32, shuffle: true, optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 } });
    const w = net.getWeights();
    net.dispose();
    return { h, w };
  };
  const a = run(spec);
  const b = run(spec);
  assert.deepEqual(a.w, b.w);
  assert.deepEqual(a.h, b.h);
  const c = run({ ...spec, seed: 43 });
  assert.notDeepEqual(a.w, c.w);
  // a separately loaded lab instance gives the same (instances are independent)
  return load().then((lab2) => {
    const net = lab2.network(spec);
    assert.deepEqual(net.train(d.X, d.y, { epochs: 15, batchSize: 32, optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 } }), a.h);
    assert.deepEqual(net.getWeights(), a.w);
  });
});

test('toJSON / fromJSON round trip gives identical predictions (object and text)', () => {
  const spec = { inputs: 2, layers: [{ units: 7, activation: 'leaky_relu', alpha: 0.2, init: 'he_normal' }, { units: 3, activation: 'elu', init: 'random_uniform', initParams: { min: -0.5, max: 0.5 }, biasInit: 0.1 }, { units: 2, activation: 'softmax' }], loss: 'categorical_crossentropy', seed: 8 };
  const net = lab.network(spec);
  const d = lab.datasets.moons({ n: 128, seed: 2 });
  net.train(d.X, d.y, { epochs: 5, optimizer: { type: 'adam' } });
  const json = net.toJSON();
  assert.equal(json.format, 'gradlab-model');
  assert.equal(json.version, 1);
  assert.equal(json.spec.layers[0].alpha, 0.2);
  const text = JSON.stringify(json);
  const a = lab.network.fromJSON(json);
  const b = lab.network.fromJSON(text);
  const p = net.predict(d.X);
  assert.deepEqual(a.predict(d.X), p);
  assert.deepEqual(b.predict(d.X), p);
  assert.deepEqual(b.getWeights(), net.getWeights());
  assert.deepEqual(b.spec, net.spec);
  for (const x of [net, a, b]) x.dispose();
});

test('fromJSON rejects malformed and hostile models with a message naming the field', () => {
  const net = lab.network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  const good = net.toJSON();
  net.dispose();
  const bad = (mut) => { const m = structuredClone(good); mut(m); return m; };
  const cases = [
    ['{ not json', /not valid JSON/],
    [`${'['.repeat(100000)}${']'.repeat(100000)}`, /nested deeper than 16 levels/],
    [42, /a model must be an object/],
    [bad((m) => { m.format = 'keras'; }), /model.format must be 'gradlab-model'/],
    [bad((m) => { m.version = 4; }), /model.version 4 is not supported \(this gradlab reads versions 1, 2, 3\)/],
    [bad((m) => { m.extra = 1; }), /unknown field 'extra'/],
    [bad((m) => { m.spec.layers[1].activation = 'sigmoidd'; }), /model.spec.layers\[1\]: unknown activation 'sigmoidd'/],
    [bad((m) => { m.spec.inputs = -2; }), /model.spec: inputs must be in 1 … 4096, got -2/],
    [bad((m) => { m.spec.layers = { 0: 1 }; }), /model.spec: layers must be an array/],
    [bad((m) => { m.weights[0].kernel.push(1); }), /model.weights\[0\].kernel has 7 values, layer 0 needs 6 \(\[2\]\[3\]\)/],
    [bad((m) => { m.weights[1].bias = 'x'; }), /model.weights\[1\].bias must be a Float32Array or an array of numbers/],
    [bad((m) => { m.weights[0].kernel[2] = [1]; }), /model.weights\[0\].kernel\[2\] is an array of length 1, not a number/],
    [bad((m) => { m.weights[0].kernel[2] = null; }), /model.weights\[0\].kernel\[2\] is null, not a number/],
    [bad((m) => { m.weights[0].kernel = new Array(5e6).fill(0); }), /kernel has 5000000 values, layer 0 needs 6/],
    [bad((m) => { m.weights.pop(); }), /model.weights has 1 entries, the network has 2 layers/],
    [bad((m) => { m.spec.layers = Array.from({ length: 65 }, () => ({ units: 1, activation: 'sigmoid' })); }), /layers must have 1 … 64 entries/],
  ];
  for (const [m, re] of cases) assert.throws(() => lab.network.fromJSON(m), re);
  // JSON text with a NaN cannot exist; a huge number is not finite after parsing
  const inf = JSON.stringify(good).replace(/"bias":\[[^\]]*\]/, '"bias":[1e999,0,0]');
  assert.throws(() => lab.network.fromJSON(inf), /model.weights\[0\].bias\[0\] is Infinity; data must be finite/);
});

test('bad input to the network API: a specific Error each time, and the module keeps working', () => {
  const ok = { inputs: 2, layers: [{ units: 3, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' };
  const spec = (mut) => { const s = structuredClone(ok); mut(s); return s; };
  const specCases = [
    [undefined, /network\(spec\) must be an object/],
    [spec((s) => { s.inputs = 0; }), /inputs must be in 1 … 4096, got 0/],
    [spec((s) => { s.inputs = 2.5; }), /inputs must be an integer, got 2.5/],
    [spec((s) => { s.layers = []; }), /layers must have 1 … 64 entries/],
    [spec((s) => { s.layers[0].units = 5000; }), /layers\[0\]: units must be in 1 … 4096, got 5000/],
    [spec((s) => { s.layers[0].activation = 'rellu'; }), /layers\[0\]: unknown activation 'rellu' \(valid: 'linear'/],
    [spec((s) => { s.layers[0].init = 'he'; }), /layers\[0\]: unknown init 'he' \(valid: 'zeros', 'random_uniform'/],
    [spec((s) => { s.layers[0].initParams = { min: 0, max: 1 }; }), /initParams apply to random_uniform and random_normal only/],
    [spec((s) => { s.layers[0].init = 'random_uniform'; s.layers[0].initParams = { min: 1, max: 0 }; }), /initParams.min \(1\) must be ≤ initParams.max \(0\)/],
    [spec((s) => { s.layers[0].init = 'random_normal'; s.layers[0].initParams = { mean: 0, stddev: NaN }; }), /initParams.stddev must be a finite number, got NaN/],
    [spec((s) => { s.layers[0].alpha = 0.1; }), /'relu' takes no parameter/],
    [spec((s) => { s.layers[0].activaton = 'relu'; }), /layers\[0\]: unknown field 'activaton'/],
    [spec((s) => { s.layers[0].activation = 'softmax'; }), /softmax is allowed on the output layer only/],
    [spec((s) => { s.loss = 'bce'; }), /unknown loss 'bce' \(valid: 'binary_crossentropy', 'categorical_crossentropy', 'mse'\)/],
    [spec((s) => { s.layers[1].activation = 'linear'; }), /'binary_crossentropy' needs a 'sigmoid' output layer/],
    [spec((s) => { s.loss = 'categorical_crossentropy'; }), /'categorical_crossentropy' needs a 'softmax' output layer with ≥ 2 units/],
    [spec((s) => { s.seed = -1; }), /seed must be in 0 … 4294967295/],
    [spec((s) => { s.layers[0].units = 4096; s.layers.splice(1, 0, { units: 4096, activation: 'relu' }); }), /parameters, above the limit of 16777216/],
  ];
  for (const [s, re] of specCases) assert.throws(() => lab.network(s), re);

  const net = lab.network(ok);
  const X = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
  const y = Float32Array.from([0, 1]);
  assert.throws(() => net.predict(Float32Array.of(1, 2, 3)), /net.predict\(\): X has 3 values, not a multiple of the 2 inputs/);
  assert.throws(() => net.predict(Float32Array.of(1, NaN)), /X\[1\] is NaN; data must be finite/);
  assert.throws(() => net.predict(new Float64Array(4)), /X must be a Float32Array or an array of numbers, got a Float64Array/);
  assert.throws(() => net.train(X, Float32Array.of(0, 1, 1)), /y has 3 values; 2 samples × 1 outputs need 2/);
  assert.throws(() => net.train(X, Float32Array.of(0, 2)), /y\[1\] is 2; targets of binary_crossentropy must be in \[0, 1\]/);
  assert.throws(() => net.train(X, y, { epochs: -1 }), /epochs must be in 0 … 10000000, got -1/);
  assert.throws(() => net.train(X, y, { batchSize: 0 }), /batchSize must be in 1 … 65536, got 0/);
  assert.throws(() => net.train(X, y, { optimizer: { type: 'sgdd' } }), /unknown type 'sgdd' \(valid: 'sgd', 'adam', 'rmsprop'\)/);
  assert.throws(() => net.train(X, y, { optimizer: { learningRate: Infinity } }), /learningRate must be a finite number, got Infinity/);
  assert.throws(() => net.train(X, y, { optimizer: { learningRate: 0 } }), /learningRate must be > 0/);
  assert.throws(() => net.train(X, y, { optimizer: { momentum: 1 } }), /momentum must be ≥ 0 and < 1, got 1/);
  assert.throws(() => net.train(X, y, { optimizer: { type: 'adam', momentum: 0.9 } }), /\(adam\): unknown field 'momentum' \(valid: 'type', 'learningRate', 'beta1', 'beta2', 'epsilon'\)/);
  assert.throws(() => net.train(X, y, { l2: -1 }), /l2 must be ≥ 0/);
  assert.throws(() => net.train(X, y, { epoch: 3 }), /unknown field 'epoch'/);
  assert.throws(() => net.train(X, y, { onEpoch: 1 }), /onEpoch must be a function/);
  assert.throws(() => net.train(X, y, { validation: { X } }), /validation.y must be a Float32Array/);
  assert.throws(() => net.train(X, y, { validation: { X: [1, 2, 3], y: [1] } }), /validation.X has 3 values, not a multiple of the 2 inputs/);
  assert.throws(() => net.train(new Float32Array(0), []), /X holds no samples/);
  assert.throws(() => net.train(X, y, { epochs: 2, onEpoch: () => net.train(X, y) }), /already training/);
  assert.throws(() => net.gradients(X, [0.5, NaN]), /y\[1\] is NaN; data must be finite/);
  // train() checks X in wasm (gl_all_finite) after copying it, then names the value
  assert.throws(() => net.train(Float32Array.of(0.1, 0.2, 0.3, -Infinity), y), /net.train\(\): X\[3\] is -Infinity; data must be finite/);
  assert.throws(() => net.train(Float32Array.of(NaN, 0.2, 0.3, 0.4), y, { epochs: 0 }), /X\[0\] is NaN; data must be finite/);
  assert.throws(() => net.train(X, y, { validation: { X: Float32Array.of(0, 0, 0, NaN), y } }), /validation.X\[3\] is NaN; data must be finite/);
  assert.throws(() => net.train(X, y, { epochs: 0, validation: { X: Float32Array.of(Infinity, 0), y: [1] } }), /validation.X\[0\] is Infinity/);
  { // bad data changes nothing: not the weights, not the optimiser's momentum (new options would reset it)
    const sgd = { epochs: 2, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } };
    const a = lab.network(ok), b = lab.network(ok);
    a.train(X, y, sgd); b.train(X, y, sgd);
    assert.throws(() => a.train(Float32Array.of(0, NaN, 0, 0), y, { optimizer: { type: 'adam' } }), /X\[1\] is NaN/);
    assert.throws(() => a.train(X, y, { ...sgd, optimizer: { type: 'sgd', learningRate: 0.5 }, validation: { X: Float32Array.of(0, 0, 0, NaN), y } }), /validation.X\[3\] is NaN/);
    assert.deepEqual(a.getWeights(), b.getWeights());
    assert.deepEqual(a.train(X, y, sgd), b.train(X, y, sgd), 'the same history after the refused calls');
    assert.deepEqual(a.getWeights(), b.getWeights(), 'the momentum went on as if nothing was called');
    a.dispose(); b.dispose();
  }
  assert.throws(() => net.setWeights([{ kernel: new Float32Array(6), bias: new Float32Array(3) }]), /weights has 1 entries, the network has 2 layers/);
  assert.throws(() => net.setWeights([{ kernel: new Float32Array(6), bias: new Float32Array(3) }, { kernel: new Float32Array(3), bias: Float32Array.of(Infinity) }]), /weights\[1\].bias\[0\] is Infinity/);
  assert.throws(() => lab.datasets.circles({ n: 0 }), /n must be in 1 … 4194304, got 0/);
  assert.throws(() => lab.datasets.circles({ factor: 1 }), /factor must be > 0 and < 1, got 1/);
  assert.throws(() => lab.datasets.moons({ factor: 0.5 }), /unknown field 'factor'/);
  assert.throws(() => lab.datasets.spiral({ classes: 100 }), /classes must be in 2 … 64, got 100/);
  assert.throws(() => lab.datasets.gauss({ noise: -1 }), /noise must be ≥ 0/);
  assert.throws(() => lab.datasets.split({ X: [1, 2, 3], y: [0, 1] }), /not a multiple of the 2 samples/);
  assert.throws(() => lab.datasets.split(lab.datasets.xor({ n: 10 }), 1), /trainFraction must be > 0 and < 1, got 1/);
  // categorical targets
  const cce = lab.network({ inputs: 2, layers: [{ units: 3, activation: 'softmax' }], loss: 'categorical_crossentropy' });
  assert.throws(() => cce.train(X, [0, 3]), /y\[1\] is 3; class indices must be integers in 0 … 2/);
  assert.throws(() => cce.train(X, [0, 1.5]), /y\[1\] is 1.5; class indices must be integers/);
  assert.throws(() => cce.evaluate(X, [0, 1, 2]), /y has 3 values; 2 samples × 3 outputs need 2 \(class indices\) or 6/);
  // a value that passes the JS checks but not the C ones (1e-50 is 0 as a float): the C status as a GradlabError
  assert.throws(() => net.train(X, y, { optimizer: { learningRate: 1e-50 } }),
    (e) => e instanceof GradlabError && e.code === 'GL_ERR_PARAM' && e.status === 3
      && /net.train\(\): optimizer: parameter is not finite or out of range \(GL_ERR_PARAM\)/.test(e.message));
  // after all that the module and the network still work
  const h = net.train(X, y, { epochs: 2 });
  assert.equal(h.epochs.length, 2);
  assert.equal(net.predict(X).length, 2);
  cce.dispose();
  net.dispose();
  for (const call of [() => net.predict(X), () => net.getWeights(), () => net.train(X, y), () => net.toJSON(), () => net.gradients(X, y), () => net.evaluate(X, y), () => net.setWeights([])]) {
    assert.throws(call, /network was disposed/);
  }
  net.dispose(); // twice is harmless
  assert.deepEqual([...lab.activate('relu', [-1, 1])], [0, 1]);
});

test('memory growth: a big predict grows the wasm memory; nothing returned earlier is detached, results stay right', () => {
  const net = lab.network({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
  const small = lab.datasets.circles({ n: 50, seed: 1 });
  const before = net.predict(small.X);
  const w = net.getWeights();
  const act = lab.activate('tanh', small.X);
  const mem0 = lab.memoryBytes;
  const n = 1 << 21; // 2M samples: 16 MB in, 8 MB out
  const X = new Float32Array(n * 2);
  X.set(small.X, n * 2 - small.X.length); // the last 50 samples are the small set
  const big = net.predict(X);
  assert.ok(lab.memoryBytes > mem0, `memory grew (${mem0} -> ${lab.memoryBytes})`);
  assert.equal(big.length, n);
  assert.deepEqual(big.slice(n - 50), before);
  // arrays handed out before the growth are copies, still usable
  assert.equal(before.length, 50);
  assert.equal(w[0].kernel.length, 32);
  assert.equal(act.length, 100);
  assert.deepEqual(net.getWeights(), w);
  assert.deepEqual(net.predict(small.X), before);
  assert.deepEqual(lab.activate('tanh', small.X), act);
  net.dispose();
});

test('the double reference forward agrees with predict() (sanity of the reference itself)', () => {
  const spec = { inputs: 2, layers: [{ units: 5, activation: 'gelu' }, { units: 4, activation: 'mish' }, { units: 3, activation: 'softmax' }], loss: 'categorical_crossentropy', seed: 2 };
  const net = lab.network(spec);
  const d = lab.datasets.spiral({ n: 30, classes: 3, seed: 1 });
  const p = net.predict(d.X);
  const fw = forward(spec, net.getWeights(), d.X, 30);
  assert.equal(mismatch(p, fw.acts[3], 1e-5, 1e-6), null);
  net.dispose();
});
