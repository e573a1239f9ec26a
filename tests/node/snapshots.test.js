// The page's weight snapshots (web/snapshots.js) stay within their stated
// budget, keep every early epoch and spread over log(epoch) later; and the
// figures the network diagram shows (web/inspect.js) are what they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import {
  SnapshotStore, MAX_SNAPSHOTS, SNAPSHOT_BUDGET_BYTES, MIN_SNAPSHOTS, snapshotBytes, snapshotCap,
} from '../../web/snapshots.js';
import { RunInspector, gradAbs, unitMarks, UNIT_GRID, MAX_GRAD_BATCHES } from '../../web/inspect.js';
import { networkSpec, MAX_LAYERS, MAX_UNITS, defaultState } from '../../web/state.js';
import { gridPoints } from '../../web/grid.js';

const lab = await load();

function bigCfg() {
  const cfg = structuredClone(defaultState().a);
  cfg.layers = Array.from({ length: MAX_LAYERS }, () => ({ units: MAX_UNITS, act: 'tanh' }));
  cfg.out = 'softmax_cce';
  return cfg;
}

test('snapshots of the default net: at most MAX_SNAPSHOTS over 10,000 epochs, every early epoch, log-spaced later', () => {
  const net = lab.network(networkSpec(defaultState().a, 1));
  const w = net.getWeights();
  net.dispose();
  const store = new SnapshotStore();
  for (let e = 0; e <= 10000; e++) store.add(e, w);
  const ep = store.epochs();
  assert.equal(ep.length, MAX_SNAPSHOTS);
  assert.equal(ep[0], 0, 'the initial weights stay');
  assert.equal(ep[ep.length - 1], 10000, 'the latest stays');
  for (let e = 0; e <= 20; e++) assert.ok(ep.includes(e), `early epoch ${e} kept (${ep.slice(0, 30)})`);
  // log spacing: no gap on log(epoch + 1) wider than twice the even spacing, but
  // between neighbouring epochs (nothing between them to keep)
  const even = Math.log(10001) / (MAX_SNAPSHOTS - 1);
  for (let i = 1; i < ep.length; i++) {
    const gap = Math.log(ep[i] + 1) - Math.log(ep[i - 1] + 1);
    assert.ok(ep[i] - ep[i - 1] === 1 || gap <= 2 * even, `gap ${ep[i - 1]} → ${ep[i]}: ${gap.toFixed(4)} > 2 × ${even.toFixed(4)}`);
  }
  // the snapshot shown for an epoch: the latest kept at or before it
  for (const e of [0, 7, 333, 5000, 9999, 10000, 20000]) {
    const s = store.at(e);
    assert.ok(s.epoch <= e && ep.filter((k) => k <= e).at(-1) === s.epoch, `at(${e}) = ${s.epoch}`);
  }
  assert.equal(store.at(-1), null);
  assert.ok(store.bytes() <= SNAPSHOT_BUDGET_BYTES);
});

test('snapshots of the largest net the page allows stay within SNAPSHOT_BUDGET_BYTES', () => {
  const net = lab.network(networkSpec(bigCfg(), 1));
  const w = net.getWeights();
  net.dispose();
  const bytes = snapshotBytes(w);
  // 2 → 32 × 128 tanh → 2 softmax: 512,514 floats
  assert.equal(bytes, 4 * (2 * 128 + 128 + 31 * (128 * 128 + 128) + 128 * 2 + 2));
  const cap = snapshotCap(bytes);
  assert.equal(cap, Math.floor(SNAPSHOT_BUDGET_BYTES / bytes));
  assert.ok(cap >= MIN_SNAPSHOTS && cap <= MAX_SNAPSHOTS, `cap ${cap}`);
  const store = new SnapshotStore();
  for (let e = 0; e <= 300; e++) store.add(e, w);
  assert.equal(store.list.length, cap);
  assert.ok(store.bytes() <= SNAPSHOT_BUDGET_BYTES, `${store.bytes()} bytes`);
  assert.deepEqual([store.epochs()[0], store.epochs().at(-1)], [0, 300]);
  // a net too large for MIN_SNAPSHOTS within the budget still keeps the first, one more and the latest
  assert.equal(snapshotCap(SNAPSHOT_BUDGET_BYTES * 2), MIN_SNAPSHOTS);
  assert.throws(() => store.add(5, w), /snapshot of epoch 5 after epoch 300/);
});

test('the inspector: unit maps are the forward pass, gradAbs the mean of |∂L_b/∂W| over batches', () => {
  const cfg = { ...structuredClone(defaultState().a), batch: 7 };
  cfg.layers = [{ units: 3, act: 'tanh' }, { units: 4, act: 'relu' }];
  const net = lab.network(networkSpec(cfg, 3));
  const insp = new RunInspector(lab, net, cfg);
  try {
    const { X, y } = lab.datasets.moons({ n: 40, noise: 0.1, seed: 2 });
    const w = net.getWeights();
    // layer 0's maps against a forward pass by hand (tanh of X W + b)
    const g = gridPoints(UNIT_GRID);
    const plane = { inputs: 2, features: null }; // the worker's data: two inputs, no feature inputs
    const m0 = insp.unitMaps(0, w, plane);
    assert.equal(m0.length, UNIT_GRID * UNIT_GRID * 3);
    for (const c of [0, 17, 555, UNIT_GRID * UNIT_GRID - 1]) {
      for (let j = 0; j < 3; j++) {
        const z = g[2 * c] * w[0].kernel[j] + g[2 * c + 1] * w[0].kernel[3 + j] + w[0].bias[j];
        assert.ok(Math.abs(m0[c * 3 + j] - Math.tanh(z)) < 1e-5, `cell ${c} unit ${j}`);
      }
    }
    // the output layer's map is the network's prediction
    const mOut = insp.unitMaps(2, w, plane);
    const p = net.predict(g);
    for (let i = 0; i < p.length; i++) assert.ok(Math.abs(mOut[i] - p[i]) < 1e-6);
    // gradAbs: mean over the ceil(40 / 7) = 6 batches of |gradients(batch)|
    const ga = gradAbs(net, X, y, 7);
    const ref = w.map((l) => new Float64Array(l.kernel.length));
    for (let b = 0; b < 6; b++) {
      const gr = net.gradients(X.subarray(14 * b, Math.min(80, 14 * (b + 1))), y.subarray(7 * b, Math.min(40, 7 * (b + 1)))).grads;
      gr.forEach((l, k) => l.kernel.forEach((v, i) => { ref[k][i] += Math.abs(v) / 6; }));
    }
    ga.forEach((l, k) => l.forEach((v, i) => assert.ok(Math.abs(v - ref[k][i]) <= 1e-6 + 1e-5 * ref[k][i], `layer ${k} entry ${i}`)));
    assert.ok(MAX_GRAD_BATCHES >= 6);
    // inspect() leaves the run's network alone and says what it measured
    const before = JSON.stringify(net.getWeights());
    const ins = insp.inspect(5, w, X, y);
    assert.equal(JSON.stringify(net.getWeights()), before);
    assert.equal(ins.epoch, 5);
    assert.equal(ins.units.length, 3);
    ins.units.forEach((u, l) => {
      const k = cfg.layers[l] ? cfg.layers[l].units : 1;
      const fanIn = l === 0 ? 2 : cfg.layers[l - 1].units;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < fanIn; i++) s += ins.gradAbs[l][i * k + j];
        assert.ok(Math.abs(u.gradMeanAbs[j] - s / fanIn) < 1e-6, `unit gradMeanAbs ${l}/${j}`);
      }
    });
  } finally { insp.dispose(); net.dispose(); }
});

test('a unit forced dead is marked dead, one forced into the tails saturated, the others not', () => {
  const cfg = structuredClone(defaultState().a);
  cfg.layers = [{ units: 3, act: 'relu' }, { units: 3, act: 'tanh' }];
  const net = lab.network(networkSpec(cfg, 1));
  const insp = new RunInspector(lab, net, cfg);
  try {
    const { X, y } = lab.datasets.circles({ n: 60, noise: 0.05, seed: 1, factor: 0.5 });
    const w = net.getWeights();
    // relu unit 1: z = -5 on every point (|x| ≤ 1.25, kernel 0) → dead
    w[0].kernel[1] = 0; w[0].kernel[3 + 1] = 0; w[0].bias[1] = -5;
    // tanh unit 2: z = 50 everywhere → tanh′ ≈ 0 (< 1% of 1) but not 0 → saturated
    for (let i = 0; i < 3; i++) w[1].kernel[i * 3 + 2] = 0;
    w[1].bias[2] = 8;
    const ins = insp.inspect(0, w, X, y);
    const marks = unitMarks(ins);
    assert.equal(marks[0][1], 'dead');
    assert.equal(ins.units[0].deadShare[1], 1);
    assert.equal(ins.units[0].meanAct[1], 0);
    assert.equal(marks[1][2], 'saturated');
    assert.equal(ins.units[1].deadShare[2], 0);
    assert.equal(ins.units[1].saturatedShare[2], 1);
    assert.ok(marks[1][0] !== 'saturated' && marks[1][1] !== 'saturated');
  } finally { insp.dispose(); net.dispose(); }
});
