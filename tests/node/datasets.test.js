// Data sets: shape, determinism, sklearn-like geometry, scaling, split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, DATASET_SHAPES } from '../../dist/gradlab.js';

const lab = await load();

const rows = (d) => Array.from(d.y, (y, i) => ({ x: d.X[2 * i], y: d.X[2 * i + 1], label: y }));
const count = (d, c) => d.y.filter((v) => v === c).length;

test('every data set: Float32Array shapes, labels, determinism by seed', () => {
  for (const name of ['circles', 'moons', 'xor', 'spiral', 'gauss']) {
    const a = lab.datasets[name]({ n: 301, seed: 5 });
    assert.ok(a.X instanceof Float32Array && a.y instanceof Float32Array, name);
    assert.equal(a.X.length, 602, name);
    assert.equal(a.y.length, 301, name);
    assert.ok(a.y.every((v) => v === 0 || v === 1), `${name}: labels 0/1`);
    assert.ok(Math.abs(count(a, 0) - count(a, 1)) <= 1, `${name}: balanced classes`);
    assert.deepEqual(lab.datasets[name]({ n: 301, seed: 5 }), a, `${name}: same seed, same data`);
    assert.notDeepEqual(lab.datasets[name]({ n: 301, seed: 6 }), a, `${name}: another seed, other data`);
    // scaled by default to [-1, 1] with both extremes reached on each axis
    for (const d of [0, 1]) {
      const v = a.X.filter((_, i) => i % 2 === d);
      assert.equal(Math.min(...v), -1, `${name}: min of axis ${d}`);
      assert.equal(Math.max(...v), 1, `${name}: max of axis ${d}`);
    }
  }
  assert.deepEqual([...lab.datasets.names], ['circles', 'moons', 'xor', 'spiral', 'gauss', 'plane', 'multigauss', 'sine']);
});

test('the regression sets: X of DATASET_SHAPES[name].inputs columns, real values, as TF Playground / a noisy sine', () => {
  assert.deepEqual({ ...DATASET_SHAPES.plane }, { inputs: 2, target: 'value' });
  assert.deepEqual({ ...DATASET_SHAPES.sine }, { inputs: 1, target: 'value' });
  assert.deepEqual({ ...DATASET_SHAPES.circles }, { inputs: 2, target: 'class' });
  for (const name of ['plane', 'multigauss', 'sine']) {
    const d = DATASET_SHAPES[name].inputs;
    const a = lab.datasets[name]({ n: 301, seed: 5 });
    assert.equal(a.X.length, 301 * d, name);
    assert.equal(a.y.length, 301, name);
    assert.ok(a.y.some((v) => v !== Math.round(v)), `${name}: real values`);
    assert.deepEqual(lab.datasets[name]({ n: 301, seed: 5 }), a, `${name}: same seed, same data`);
    for (let k = 0; k < d; k++) {
      const v = a.X.filter((_, i) => i % d === k);
      assert.equal(Math.min(...v), -1, `${name}: min of axis ${k}`);
      assert.equal(Math.max(...v), 1, `${name}: max of axis ${k}`);
    }
  }
  // unscaled, noise 0: the formulas
  const p = lab.datasets.plane({ n: 200, noise: 0, scale: false, seed: 2 });
  for (let i = 0; i < 200; i++) assert.ok(Math.abs(p.y[i] - (p.X[2 * i] + p.X[2 * i + 1]) / 10) < 1e-6);
  const s = lab.datasets.sine({ n: 200, noise: 0, scale: false, seed: 2 });
  for (let i = 0; i < 200; i++) assert.ok(Math.abs(s.y[i] - Math.sin(Math.PI * s.X[i])) < 1e-6);
  const g = lab.datasets.multigauss({ n: 500, noise: 0, scale: false, seed: 2 });
  assert.ok(g.y.every((v) => v >= -1 && v <= 1) && g.y.some((v) => v > 0.5) && g.y.some((v) => v < -0.5));
  assert.throws(() => lab.datasets.sine({ n: 10, classes: 3 }), /classes/);
});

test('circles as sklearn make_circles: outer radius 1 (label 0), inner radius = factor (label 1), evenly spaced angles, shuffled', () => {
  const d = lab.datasets.circles({ n: 200, noise: 0, factor: 0.6, seed: 1, scale: false });
  const r = rows(d);
  for (const p of r) {
    const rad = Math.hypot(p.x, p.y);
    assert.ok(Math.abs(rad - (p.label === 0 ? 1 : 0.6)) < 1e-6, `radius ${rad} for label ${p.label}`);
  }
  const ang = r.filter((p) => p.label === 0).map((p) => (Math.atan2(p.y, p.x) + 2 * Math.PI) % (2 * Math.PI)).sort((a, b) => a - b);
  assert.equal(ang.length, 100);
  for (let i = 1; i < ang.length; i++) assert.ok(Math.abs(ang[i] - ang[i - 1] - (2 * Math.PI) / 100) < 1e-5, 'evenly spaced');
  assert.ok(Math.abs(ang[0]) < 1e-6, 'the first angle is 0 (linspace without the end point)');
  // shuffled: labels are not in two blocks
  const firstHalf = d.y.slice(0, 100).reduce((s, v) => s + v, 0);
  assert.ok(firstHalf > 25 && firstHalf < 75, `shuffled (${firstHalf} inner points in the first half)`);
  // noise 0.1 is Gaussian on both coordinates: radial spread ≈ 0.1 around the radius
  const n = lab.datasets.circles({ n: 4000, noise: 0.1, factor: 0.8, seed: 2, scale: false });
  const res = rows(n).map((p) => Math.hypot(p.x, p.y) - (p.label === 0 ? 1 : 0.8));
  const m = res.reduce((s, v) => s + v, 0) / res.length;
  const sd = Math.sqrt(res.reduce((s, v) => s + (v - m) ** 2, 0) / res.length);
  assert.ok(Math.abs(sd - 0.1) < 0.01, `radial sd ${sd}`);
  assert.ok(Math.abs(m) < 0.02, `radial mean offset ${m}`);
});

test('the article data: circles 1000 points, noise 0.1, factor 0.8, scaled, split first 500 / last 500', () => {
  const d = lab.datasets.circles({ n: 1000, noise: 0.1, factor: 0.8, seed: 1 });
  const { train, test: t } = lab.datasets.split(d, 0.5);
  assert.equal(train.y.length, 500);
  assert.equal(t.y.length, 500);
  assert.deepEqual(train.X, d.X.slice(0, 1000));
  assert.deepEqual(t.X, d.X.slice(1000));
  assert.deepEqual(t.y, d.y.slice(500));
  const s = lab.datasets.split(d, 0.8);
  assert.equal(s.train.y.length, 800);
  assert.equal(s.test.X.length, 400);
  // defaults are the article's set-up
  assert.deepEqual(lab.datasets.circles(), lab.datasets.circles({ n: 1000, noise: 0.1, factor: 0.8, seed: 1, scale: true }));
});

test('moons as sklearn make_moons: outer upper half circle (label 0), inner shifted lower half (label 1)', () => {
  const d = lab.datasets.moons({ n: 100, noise: 0, seed: 3, scale: false });
  for (const p of rows(d)) {
    if (p.label === 0) {
      assert.ok(Math.abs(Math.hypot(p.x, p.y) - 1) < 1e-6 && p.y >= -1e-7, `outer ${p.x},${p.y}`);
    } else {
      assert.ok(Math.abs(Math.hypot(1 - p.x, 0.5 - p.y) - 1) < 1e-6 && p.y <= 0.5 + 1e-7, `inner ${p.x},${p.y}`);
    }
  }
  const xs = rows(d).filter((p) => p.label === 0).map((p) => p.x).sort((a, b) => a - b);
  assert.ok(Math.abs(xs[0] + 1) < 1e-6 && Math.abs(xs[xs.length - 1] - 1) < 1e-6, 'linspace(0, pi) includes both ends');
});

test('xor: uniform in [-1, 1]², label 1 where x·y > 0', () => {
  const d = lab.datasets.xor({ n: 1000, noise: 0, seed: 4, scale: false });
  for (const p of rows(d)) {
    assert.ok(Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1);
    assert.equal(p.label, p.x * p.y > 0 ? 1 : 0);
  }
  const q = [0, 0, 0, 0];
  for (const p of rows(d)) q[(p.x > 0 ? 1 : 0) + (p.y > 0 ? 2 : 0)]++;
  assert.ok(q.every((c) => c > 200 && c < 300), `quadrants ${q}`);
});

test('spiral and gauss: k classes, k arms / k clusters on the unit circle', () => {
  const s = lab.datasets.spiral({ n: 300, classes: 3, noise: 0, seed: 1, scale: false });
  for (let c = 0; c < 3; c++) assert.equal(count(s, c), 100);
  assert.ok(rows(s).every((p) => Math.hypot(p.x, p.y) < 1));
  const g = lab.datasets.gauss({ n: 3000, classes: 4, noise: 0.1, seed: 1, scale: false });
  for (let c = 0; c < 4; c++) {
    const pts = rows(g).filter((p) => p.label === c);
    assert.equal(pts.length, 750);
    const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
    const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
    const t = Math.PI / 4 + (2 * Math.PI * c) / 4;
    assert.ok(Math.hypot(mx - Math.cos(t), my - Math.sin(t)) < 0.02, `cluster ${c} centre ${mx},${my}`);
  }
});
