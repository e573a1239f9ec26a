// The vanishing gradient on real data (issue 15): the bundled digits table
// (64 inputs, 10 classes, z-scored, 70% train), 6 hidden layers of 32 units,
// SGD lr 0.01 momentum 0.9, batch 32, 20 epochs, seeds 1-3. With sigmoid
// (glorot_uniform) the first layer gets thousands of times less gradient than
// the output layer in epoch 1 and the net stays at chance; with ReLU and He
// initialisation every layer gets a gradient within a few × of the output's
// and the net learns. These are the figures docs/API.md states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';

const lab = await load();
const t = await lab.datasets.digits();
const n = t.y.length, d = t.inputs;

function prepared() {
  // a fixed shuffle (the table is sorted in blocks), then z-scores over all rows
  const order = Array.from({ length: n }, (_, i) => i);
  let a = 1;
  const rnd = () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648; };
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const X = new Float32Array(n * d), y = new Float32Array(n);
  order.forEach((r, i) => { X.set(t.X.subarray(r * d, r * d + d), i * d); y[i] = t.y[r]; });
  for (let j = 0; j < d; j++) {
    let m = 0, s = 0;
    for (let i = 0; i < n; i++) m += X[i * d + j];
    m /= n;
    for (let i = 0; i < n; i++) s += (X[i * d + j] - m) ** 2;
    s = Math.sqrt(s / n) || 1;
    for (let i = 0; i < n; i++) X[i * d + j] = (X[i * d + j] - m) / s;
  }
  const nt = Math.round(n * 0.7);
  return { Xtr: X.slice(0, nt * d), ytr: y.slice(0, nt), Xte: X.slice(nt * d), yte: y.slice(nt) };
}

function run(act, init, seed, data) {
  const net = lab.network({ inputs: 64, loss: 'categorical_crossentropy', seed,
    layers: [...Array(6)].map(() => ({ units: 32, activation: act, init })).concat([{ units: 10, activation: 'softmax' }]) });
  try {
    const h = net.train(data.Xtr, data.ytr, { epochs: 20, batchSize: 32, optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 }, validation: { X: data.Xte, y: data.yte } });
    const g = h.epochs[0].layers.map((l) => l.gradMeanAbs);
    return { ratio: g.at(-1) / g[0], test: h.epochs.at(-1).valAccuracy };
  } finally { net.dispose(); }
}

test('digits, 6 × 32: sigmoid\'s first layer gets over 1000× less gradient than the output and stays at chance; ReLU + He learns', () => {
  const data = prepared();
  for (const seed of [1, 2, 3]) {
    const s = run('sigmoid', 'glorot_uniform', seed, data);
    assert.ok(s.ratio > 1000, `sigmoid seed ${seed}: output/L1 gradient ${s.ratio.toFixed(0)}×`);
    assert.ok(s.test < 0.15, `sigmoid seed ${seed}: test accuracy ${s.test} (chance 0.1)`);
    const r = run('relu', 'he_uniform', seed, data);
    assert.ok(r.ratio < 5, `relu seed ${seed}: output/L1 gradient ${r.ratio.toFixed(1)}×`);
    assert.ok(r.test > 0.93, `relu seed ${seed}: test accuracy ${r.test}`);
  }
});
