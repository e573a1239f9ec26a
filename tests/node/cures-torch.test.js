// The layer options (batch / layer norm, residual connections, init gain)
// against PyTorch in float64 (tests/node/helpers/torch-net.py: the spec as
// torch.nn.functional's batch_norm / layer_norm and plain tensors). On nets
// mixing the options, trained a few epochs first so that gamma, beta and the
// running statistics are not at their initial values, gradlab (float32) must
// agree with torch: the training-mode loss, ∂L/∂W, ∂L/∂b, ∂L/∂γ, ∂L/∂β and
// ∂L/∂X within |g - g_torch| <= 2e-3 |g_torch| + 2e-4 max|g_torch| over the
// tensor (and the layer's kernel gradient); batch norm's running statistics after one more step; and the
// evaluation-mode outputs (running statistics) within 1e-5. Dropout is
// random by design: tests/c/test_cures.c checks its gradient (finite
// differences with the mask held) and its mask.
import { test, before, after as afterAll } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python, startPython, stopPython } from './helpers/python.js';
import { fileURLToPath } from 'node:url';
import { load } from '../../dist/gradlab.js';

const lab = await load();
const dir = mkdtempSync(join(tmpdir(), 'gradlab-cures-'));
const SCRIPT = fileURLToPath(new URL('./helpers/torch-net.py', import.meta.url));

function torch(input) {
  const f = join(dir, 'in.json');
  writeFileSync(f, JSON.stringify(input));
  return JSON.parse(python([SCRIPT, f]).stdout); // throws with its stderr unless it exits with 0
}
// one interpreter imports torch for the file (fails if it cannot); each run is a fork of it
before(startPython);
afterAll(stopPython);

const plain = (w) => w.map((L) => Object.fromEntries(Object.entries(L).map(([k, v]) => [k, Array.from(v)])));

// worst |g - r| / (2e-3 |r| + 2e-4 scale) over a tensor: <= 1 passes; scale
// max|r| over the tensor, or over `also` (the layer's kernel gradient) when
// larger: the bias under batch norm has a true gradient of 0, and its
// float32 round-off is measured against the layer's own scale
function worstRatio(g, r, also = []) {
  const scale = Math.max(...r.map(Math.abs), ...Array.from(also, Math.abs));
  let worst = 0;
  for (let i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(g[i] - r[i]) / (2e-3 * Math.abs(r[i]) + 2e-4 * scale + 1e-12));
  return worst;
}

const NETS = [
  { name: 'batch norm before each tanh, random_normal(0, 2) (the cure of experiment 1)', n: 32, pretrain: 3,
    spec: { inputs: 2, loss: 'binary_crossentropy', seed: 1, layers: [
      ...Array.from({ length: 4 }, () => ({ units: 8, activation: 'tanh', init: 'random_normal', initParams: { mean: 0, stddev: 2 }, norm: 'batch' })),
      { units: 1, activation: 'sigmoid', init: 'random_normal', initParams: { mean: 0, stddev: 2 } }] } },
  { name: 'residual blocks (residual: 2) with a scaled linear second layer, layer norm', n: 27, pretrain: 2,
    spec: { inputs: 2, loss: 'binary_crossentropy', seed: 2, layers: [
      { units: 6, activation: 'relu', init: 'he_uniform' },
      { units: 6, activation: 'relu', init: 'he_uniform', norm: 'layer' },
      { units: 6, activation: 'linear', init: 'he_uniform', initParams: { gain: 1 / Math.sqrt(2) }, residual: 2 },
      { units: 6, activation: 'relu', init: 'he_uniform' },
      { units: 6, activation: 'linear', init: 'he_uniform', initParams: { gain: 0.5 }, residual: 2 },
      { units: 1, activation: 'sigmoid' }] } },
  { name: 'residual from the input and a one-layer skip, batch and layer norm, elu, MSE with 2 outputs', n: 17, pretrain: 2,
    spec: { inputs: 3, loss: 'mse', seed: 3, layers: [
      { units: 3, activation: 'elu', alpha: 0.7, norm: 'batch', normParams: { eps: 1e-3, momentum: 0.3 }, residual: 1 },
      { units: 3, activation: 'tanh', norm: 'layer', normParams: { eps: 1e-4 }, residual: 2 },
      { units: 3, activation: 'leaky_relu', alpha: 0.1, residual: 1 },
      { units: 2, activation: 'linear' }] } },
  { name: 'layer norm over a batch of 300 (two chunks), residual from the input', n: 300, pretrain: 1,
    spec: { inputs: 2, loss: 'binary_crossentropy', seed: 4, layers: [
      { units: 2, activation: 'tanh', norm: 'layer', residual: 1 },
      { units: 5, activation: 'relu', norm: 'layer', initParams: { gain: 2 } },
      { units: 1, activation: 'sigmoid' }] } },
];

test('the layer options match PyTorch (float64): loss, gradients, ∂L/∂X, running statistics, evaluation', (t) => {
  let worstGrad = 0;
  let worstEval = 0;
  const data = lab.datasets.circles({ n: 400, noise: 0.1, factor: 0.5, seed: 7 });
  for (const c of NETS) {
    const net = lab.network(c.spec);
    const inputs = c.spec.inputs;
    const X = new Float32Array(data.X.length / 2 * inputs);
    for (let i = 0; i < data.X.length / 2; i++) for (let j = 0; j < inputs; j++) X[i * inputs + j] = data.X[2 * i + (j % 2)] * (1 + 0.3 * j);
    const outs = c.spec.layers.at(-1).units;
    const y = c.spec.loss === 'mse' ? Float32Array.from({ length: 400 * outs }, (_, i) => Math.sin(i)) : data.y;
    const h = net.train(X.subarray(0, 160 * inputs), y.subarray(0, 160 * outs), { epochs: c.pretrain, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } });
    assert.equal(h.stopped, null, c.name);
    const w = net.getWeights();
    const bx = X.subarray(160 * inputs, (160 + c.n) * inputs);
    const by = y.subarray(160 * outs, (160 + c.n) * outs);
    const g = net.gradients(bx, by);
    const ex = X.subarray(0, 64 * inputs);
    const ev = net.predict(ex);
    const ref = torch({ spec: net.spec, weights: plain(w), X: Array.from(bx), Y: Array.from(by), evalX: Array.from(ex) });
    assert.ok(Math.abs(g.loss - ref.loss) <= 2e-5 * Math.max(1, Math.abs(ref.loss)), `${c.name}: loss ${g.loss} vs torch ${ref.loss}`);
    let tensors = 0;
    g.grads.forEach((gl, l) => {
      for (const [k, v] of Object.entries(gl)) {
        const r = worstRatio(v, ref.grads[l][k], ref.grads[l].kernel);
        assert.ok(r <= 1, `${c.name}: layer ${l} ${k}: error ${r.toFixed(2)} × the bound`);
        worstGrad = Math.max(worstGrad, r);
        assert.ok(ref.grads[l][k].some((x) => Math.abs(x) > 1e-8) || k === 'bias', `${c.name}: layer ${l} ${k} is all 0 in torch (test too weak)`);
        tensors++;
      }
    });
    assert.ok(tensors >= 2 * c.spec.layers.length + 2, c.name);
    const rx = worstRatio(g.inputGrads, ref.dX);
    assert.ok(rx <= 1, `${c.name}: ∂L/∂X error ${rx.toFixed(2)} × the bound`);
    let worst = 0;
    for (let i = 0; i < ev.length; i++) worst = Math.max(worst, Math.abs(ev[i] - ref.eval[i]));
    assert.ok(worst <= 1e-5, `${c.name}: evaluation outputs differ from torch by ${worst}`);
    worstEval = Math.max(worstEval, worst);
    worstGrad = Math.max(worstGrad, rx);
    // running statistics: one more step on the batch (n samples, one batch) moves them as torch's forward did
    if (c.spec.layers.some((L) => L.norm === 'batch')) {
      net.train(bx, by, { epochs: 1, batchSize: c.n, shuffle: false, optimizer: { type: 'sgd', learningRate: 0.05 } });
      const after = net.getWeights();
      ref.running.forEach((r, l) => {
        if (!r) return;
        for (const k of ['runningMean', 'runningVar']) {
          const ratio = worstRatio(after[l][k], r[k]);
          assert.ok(ratio <= 1, `${c.name}: layer ${l} ${k} error ${ratio.toFixed(2)} × the bound`);
        }
      });
    }
    net.dispose();
  }
  t.diagnostic(`worst gradient error ${worstGrad.toFixed(3)} × the bound; worst evaluation output difference ${worstEval.toExponential(2)}`);
});
