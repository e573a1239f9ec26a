// Gradient clipping (clip: { norm } | { value }), decoupled weight decay
// (weightDecay) and learning-rate schedules with warm-up (schedule): their
// checks, and the same training as PyTorch's. gradlab
// trains a net from known initial weights; the exported PyTorch script trains
// the same weights on the same points (embedded, no shuffling) with
// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ and AdamW's decay rule,
// and both predict a grid: they must agree to 1e-4 (float32 over 40 steps).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python, startPython, stopPython } from './helpers/python.js';
import { load } from '../../dist/gradlab.js';
import { exportPyTorch } from '../../dist/export.js';

const lab = await load();
const dir = mkdtempSync(join(tmpdir(), 'gradlab-step-'));
// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

const network = { inputs: 2, loss: 'binary_crossentropy', seed: 3, layers: [
  { units: 8, activation: 'tanh', init: 'random_normal', initParams: { mean: 0, stddev: 2 } },
  { units: 6, activation: 'relu', init: 'he_uniform' },
  { units: 1, activation: 'sigmoid', init: 'glorot_uniform' }] };
const data = lab.datasets.split(lab.datasets.moons({ n: 160, noise: 0.1, seed: 2 }), 0.5);

function compare(train) {
  const net = lab.network(network);
  const w0 = net.getWeights();
  const h = net.train(data.train.X, data.train.y, { ...train, shuffle: false });
  assert.equal(h.stopped, null);
  const points = [];
  for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) points.push([-1 + 0.25 * i, -1 + 0.25 * j]);
  const want = net.predict(new Float32Array(points.flat()));
  net.dispose();
  const experiment = { dataset: { type: 'moons', n: 160, noise: 0.1, seed: 2 }, network, train: { ...train, shuffle: false } };
  const script = join(dir, 'step.py');
  writeFileSync(script, exportPyTorch(experiment, { weights: w0, data: { train: data.train, test: data.test } }));
  const pts = join(dir, 'pts.json');
  writeFileSync(pts, JSON.stringify(points));
  const r = python([script, '--from-weights', '--predict', pts]); // throws with its stderr unless it exits with 0
  const got = JSON.parse(r.stdout.trim().split('\n').pop()).predictions.flat();
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return { worst, spread: Math.max(...want) - Math.min(...want), h };
}

test('clip, weightDecay, schedule: gradlab trains as the exported PyTorch script does (1e-4)', () => {
  const cases = [
    { epochs: 5, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.5, momentum: 0.9 }, clip: { norm: 0.5 } },
    { epochs: 5, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.5 }, clip: { value: 0.05 }, l2: 0.01 },
    { epochs: 5, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.05 }, weightDecay: 0.1 },
    { epochs: 5, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.2, momentum: 0.9, nesterov: true }, weightDecay: 0.2, clip: { norm: 1 } },
    // schedules: warm-up, then cosine / step / exponential (per batch step)
    { epochs: 5, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.1 }, schedule: { type: 'cosine', warmupEpochs: 1 } },
    { epochs: 5, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.5, momentum: 0.9 }, schedule: { type: 'step', stepEpochs: 2, gamma: 0.3, warmupEpochs: 0.5 } },
    { epochs: 5, batchSize: 16, optimizer: { type: 'rmsprop', learningRate: 0.02 }, schedule: { type: 'exponential', gamma: 0.5 }, weightDecay: 0.05 },
  ];
  for (const c of cases) {
    const { worst, spread } = compare(c);
    assert.ok(worst <= 1e-4, `${JSON.stringify(c)}: PyTorch vs gradlab predictions differ by ${worst}`);
    assert.ok(spread > 0.05, `${JSON.stringify(c)}: the predictions vary (${spread})`);
  }
});

test('clipping changes training and the statistics keep the gradient before clipping', () => {
  const run = (extra) => {
    const net = lab.network(network);
    const h = net.train(data.train.X, data.train.y, { epochs: 1, batchSize: 80, shuffle: false, optimizer: { type: 'sgd', learningRate: 0.5 }, ...extra });
    const w = net.getWeights();
    net.dispose();
    return { s: h.epochs[0].layers, w };
  };
  const plain = run({});
  const clipped = run({ clip: { norm: 1e-3 } });
  // one batch: the first step's statistics are of the same raw gradient
  assert.deepEqual(clipped.s.map((l) => l.gradNorm), plain.s.map((l) => l.gradNorm));
  // but the weights moved far less: at most lr · 1e-3 in L2 norm over all parameters
  const net = lab.network(network);
  const w0 = net.getWeights();
  net.dispose();
  let moved = 0;
  clipped.w.forEach((l, i) => { for (const k of ['kernel', 'bias']) l[k].forEach((v, j) => { moved += (v - w0[i][k][j]) ** 2; }); });
  assert.ok(Math.sqrt(moved) <= 0.5 * 1e-3 * 1.001, `moved ${Math.sqrt(moved)}`);
  assert.ok(Math.sqrt(moved) > 0.5 * 1e-3 * 0.99, 'the clipped step has the clip norm');
});

test('clip and weightDecay: bad values name the field', () => {
  const net = lab.network(network);
  const bad = [
    [{ clip: { norm: 0 } }, /clip\.norm must be > 0/],
    [{ clip: { value: -1 } }, /clip\.value must be > 0/],
    [{ clip: { norm: 1, value: 1 } }, /clip must have exactly one of norm and value/],
    [{ clip: {} }, /clip must have exactly one of norm and value, got neither/],
    [{ clip: 'norm' }, /clip must be \{ norm \} or \{ value \}/],
    [{ clip: { max: 1 } }, /clip: unknown field 'max'/],
    [{ weightDecay: -0.1 }, /weightDecay must be ≥ 0 and ≤ 1/],
    [{ weightDecay: NaN }, /weightDecay must be a finite number/],
    [{ schedule: { type: 'linear' } }, /unknown schedule\.type 'linear' \(valid: 'constant', 'step', 'exponential', 'cosine'\)/],
    [{ schedule: { type: 'step', stepEpochs: 0 } }, /schedule\.stepEpochs must be > 0/],
    [{ schedule: { type: 'step', gamma: 1.5 } }, /schedule\.gamma must be > 0 and ≤ 1/],
    [{ schedule: { type: 'cosine', warmupEpochs: -1 } }, /schedule\.warmupEpochs must be ≥ 0/],
    [{ schedule: { type: 'cosine', minLearningRate: 1 } }, /schedule\.minLearningRate \(1\) must be ≤ the learning rate \(0\.01\)/],
    [{ schedule: { type: 'constant', gamma: 0.5 } }, /schedule \(constant\): unknown field 'gamma'/],
    [{ schedule: 'cosine' }, /schedule must be an object/],
  ];
  for (const [o, re] of bad) assert.throws(() => net.train(data.train.X, data.train.y, o), re, JSON.stringify(o));
  net.dispose();
});

test('a schedule: warm-up then cosine, step by step, continued across train() calls', () => {
  const net = lab.network(network);
  const X = data.train.X, y = data.train.y; // 80 points, batch 16: 5 steps an epoch
  const sched = { type: 'cosine', warmupEpochs: 2, decayEpochs: 4 };
  // two calls of 3 epochs with the same options: the step count goes on
  for (let k = 0; k < 2; k++) net.train(X, y, { epochs: 3, batchSize: 16, shuffle: false, optimizer: { type: 'sgd', learningRate: 0.4 }, schedule: sched });
  // the same in one call of 6 epochs from the same start gives the same weights
  const a = net.getWeights();
  net.dispose();
  const b = lab.network(network);
  b.train(X, y, { epochs: 6, batchSize: 16, shuffle: false, optimizer: { type: 'sgd', learningRate: 0.4 }, schedule: sched });
  assert.deepEqual(b.getWeights(), a);
  b.dispose();
});
