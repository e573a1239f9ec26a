// The layer options through the module: their checks (an Error naming the
// field and the layer before anything reaches the wasm), the model file's
// round trip (gamma, beta, running statistics; version 2, version 1 files
// still load), the statistics of gamma and beta, gain, and that a net
// without the options is the net of before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';

const lab = await load();
const base = () => ({ inputs: 2, loss: 'binary_crossentropy', seed: 4, layers: [
  { units: 6, activation: 'tanh' }, { units: 6, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });
const spec = (mut) => { const s = base(); mut(s); return s; };
const data = lab.datasets.circles({ n: 120, noise: 0.05, factor: 0.5, seed: 2 });

test('bad layer options get an Error naming the field and the layer', () => {
  const cases = [
    [spec((s) => { s.layers[0].norm = 'group'; }), /layers\[0\]: unknown norm 'group' \(valid: 'none', 'batch', 'layer'\)/],
    [spec((s) => { s.layers[2].norm = 'batch'; }), /layers\[2\]: norm 'batch' is not allowed on the output layer/],
    [spec((s) => { s.layers[0].normParams = { eps: 1e-3 }; }), /layers\[0\]: normParams apply with norm 'batch' or 'layer' only/],
    [spec((s) => { s.layers[0].norm = 'layer'; s.layers[0].normParams = { momentum: 0.1 }; }), /layers\[0\]\.normParams \(norm 'layer'\): unknown field 'momentum'/],
    [spec((s) => { s.layers[0].norm = 'batch'; s.layers[0].normParams = { eps: 0 }; }), /layers\[0\]: normParams\.eps must be > 0/],
    [spec((s) => { s.layers[0].norm = 'batch'; s.layers[0].normParams = { momentum: 1.5 }; }), /layers\[0\]: normParams\.momentum must be > 0 and ≤ 1, got 1.5/],
    [spec((s) => { s.layers[1].residual = 0; }), /layers\[1\]: residual must be in 1 … 64, got 0/],
    [spec((s) => { s.layers[1].residual = 1.5; }), /layers\[1\]: residual must be an integer/],
    [spec((s) => { s.layers[1].residual = 3; }), /layers\[1\]: residual 3 reaches before the input/],
    [spec((s) => { s.layers[0].residual = 1; }), /layers\[0\]: residual 1 adds the network's 2 inputs to 6 units: the widths must match/],
    [spec((s) => { s.layers[1].units = 5; s.layers[1].residual = 1; }), /layers\[1\]: residual 1 adds layer 0's 6 units to 5 units/],
    [spec((s) => { s.layers[2].residual = 1; }), /layers\[2\]: residual 1 adds layer 1's 6 units to 1 units|layers\[2\]: residual is not allowed on the output layer/],
    [spec((s) => { s.layers[0].dropout = 1; }), /layers\[0\]: dropout must be ≥ 0 and < 1, got 1/],
    [spec((s) => { s.layers[0].dropout = -0.1; }), /layers\[0\]: dropout must be ≥ 0 and < 1/],
    [spec((s) => { s.layers[2].dropout = 0.5; }), /layers\[2\]: dropout is not allowed on the output layer/],
    [spec((s) => { s.layers[0].initParams = { gain: -1 }; }), /layers\[0\]: initParams\.gain must be ≥ 0/],
    [spec((s) => { s.layers[0].initParams = { gain: 'x' }; }), /layers\[0\]: initParams\.gain must be a finite number/],
  ];
  for (const [s, re] of cases) assert.throws(() => lab.network(s), re);
});

test('batch norm: batches of 2 … one chunk, the last batch too, named in the error', () => {
  const net = lab.network(spec((s) => { s.layers[0].norm = 'batch'; }));
  const opt = { optimizer: { type: 'sgd', learningRate: 0.1 } };
  assert.throws(() => net.train(data.X, data.y, { ...opt, batchSize: 1 }), /net\.train\(\): batchSize is 1: layers\[0\] has batch norm, which needs batches of at least 2 samples/);
  assert.throws(() => net.train(data.X, data.y, { ...opt, batchSize: 119 }), /the last batch \(120 samples in batches of 119\) is 1: layers\[0\] has batch norm/);
  const big = lab.datasets.circles({ n: 600, noise: 0.05, factor: 0.5, seed: 2 });
  assert.throws(() => net.train(big.X, big.y, { ...opt, batchSize: 600 }), /batchSize is 600: layers\[0\] has batch norm, which takes batches of at most 256 samples/);
  assert.throws(() => net.gradients(data.X.subarray(0, 2), data.y.subarray(0, 1)), /net\.gradients\(\): the number of samples is 1: layers\[0\] has batch norm/);
  const h = net.train(data.X, data.y, { ...opt, batchSize: 32, epochs: 2 });
  assert.equal(h.stopped, null);
  net.dispose();
});

test('toJSON / fromJSON round-trip the options, gamma, beta and the running statistics', () => {
  const s = spec((x) => {
    x.layers[0] = { ...x.layers[0], norm: 'batch', normParams: { momentum: 0.3 }, initParams: { gain: 0.7 } };
    x.layers[1] = { ...x.layers[1], units: 6, norm: 'layer', residual: 1, dropout: 0.25 };
  });
  const net = lab.network(s);
  net.train(data.X, data.y, { epochs: 3, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } });
  const j = net.toJSON();
  assert.equal(j.version, 2);
  assert.deepEqual(Object.keys(j.weights[0]), ['kernel', 'bias', 'gamma', 'beta', 'runningMean', 'runningVar']);
  assert.deepEqual(Object.keys(j.weights[1]), ['kernel', 'bias', 'gamma', 'beta']);
  assert.ok(j.weights[0].runningMean.some((v) => v !== 0) && j.weights[0].gamma.some((v) => v !== 1), 'trained values, not the initial ones');
  const back = lab.network.fromJSON(JSON.stringify(j));
  assert.deepEqual(back.spec, net.spec);
  assert.deepEqual(back.getWeights(), net.getWeights());
  assert.deepEqual(back.predict(data.X), net.predict(data.X));
  assert.equal(back.paramCount, net.paramCount);
  assert.equal(net.paramCount, 2 * 6 + 6 + 12 + 36 + 6 + 12 + 6 + 1);
  // a version-1 file of a plain net still loads; a v1 file cannot carry the options
  const plain = lab.network(base());
  const v1 = plain.toJSON();
  assert.equal(v1.version, 1);
  assert.deepEqual(lab.network.fromJSON(v1).getWeights(), plain.getWeights());
  assert.throws(() => lab.network.fromJSON({ ...j, version: 1 }), /need model\.version 2/);
  // missing or bad norm weights are named
  const bad = structuredClone(j);
  delete bad.weights[0].runningVar;
  assert.throws(() => lab.network.fromJSON(bad), /model\.weights\[0\]\.runningVar is missing: layer 0 has norm 'batch'/);
  const neg = structuredClone(j);
  neg.weights[0].runningVar[2] = -1;
  assert.throws(() => lab.network.fromJSON(neg), /model\.weights\[0\]\.runningVar\[2\] is -1; a variance must be ≥ 0/);
  for (const n of [net, back, plain]) n.dispose();
});

test('statistics: gamma and beta gradient sizes per layer; dropout is training only', () => {
  const net = lab.network(spec((s) => { s.layers[0].norm = 'layer'; s.layers[1].dropout = 0.5; }));
  const h = net.train(data.X, data.y, { epochs: 2, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.1 } });
  const L = h.epochs[1].layers;
  assert.ok(L[0].gammaGradMeanAbs > 0 && L[0].betaGradMeanAbs > 0, 'the norm layer has gamma / beta gradients');
  assert.equal(L[1].gammaGradMeanAbs, 0);
  assert.deepEqual(net.predict(data.X), net.predict(data.X), 'no dropout in predict');
  const g1 = net.gradients(data.X, data.y).grads[0].kernel, g2 = net.gradients(data.X, data.y).grads[0].kernel;
  assert.notDeepEqual(g1, g2, 'training-mode gradients draw a new dropout mask');
  net.dispose();
});

test('gain multiplies the initialiser; a net without options is as before', () => {
  const a = lab.network(base());
  const b = lab.network(spec((s) => { s.layers[0].initParams = { gain: 0.5 }; }));
  const wa = a.getWeights()[0].kernel, wb = b.getWeights()[0].kernel;
  assert.deepEqual(Array.from(wb), Array.from(wa, (v) => Math.fround(v * 0.5)));
  assert.deepEqual(Object.keys(a.getWeights()[0]), ['kernel', 'bias']);
  assert.deepEqual(a.spec, lab.network(base()).spec);
  assert.equal(a.spec.layers[0].norm, undefined);
  a.dispose();
  b.dispose();
});
