// The layer options in the exported scripts. PyTorch: the script given
// gradlab's weights (gamma, beta and batch norm's running statistics
// included) predicts what gradlab predicts in evaluation mode (≤ 1e-5); its
// modules are nn.BatchNorm1d with gradlab's momentum, nn.LayerNorm,
// nn.Dropout, the residual sums; its initialisers scale by gain. Keras (no
// TensorFlow here): the script compiles and builds the functional model with
// BatchNormalization's momentum 1 - 0.1 = 0.9, LayerNormalization, Dropout,
// Add and VarianceScaling for the gain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python as runPython, startPython, stopPython } from './helpers/python.js';
import { load } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras } from '../../dist/export.js';

const lab = await load();
const dir = mkdtempSync(join(tmpdir(), 'gradlab-cures-export-'));
const file = (name, text) => { const f = join(dir, name); writeFileSync(f, text); return f; };
const python = (args) => runPython(args); // throws with its stderr unless it exits with 0
// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

const dataset = { type: 'circles', n: 200, noise: 0.05, factor: 0.5, seed: 3 };
const network = { inputs: 2, loss: 'binary_crossentropy', seed: 9, layers: [
  { units: 8, activation: 'tanh', init: 'random_normal', initParams: { mean: 0, stddev: 2 }, norm: 'batch', normParams: { momentum: 0.2 } },
  { units: 8, activation: 'relu', init: 'he_uniform', norm: 'layer', dropout: 0.2 },
  { units: 8, activation: 'linear', init: 'he_uniform', initParams: { gain: 0.3 }, residual: 2 },
  { units: 8, activation: 'tanh', norm: 'batch', residual: 1 },
  { units: 1, activation: 'sigmoid' }] };
const train = { epochs: 4, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } };

test('the exported PyTorch script with gradlab\'s weights predicts as gradlab does in evaluation mode (1e-5)', () => {
  const { type, ...opts } = dataset;
  assert.equal(type, 'circles');
  const d = lab.datasets.circles(opts);
  const net = lab.network(network);
  const h = net.train(d.X, d.y, train);
  assert.equal(h.stopped, null);
  const weights = net.getWeights();
  assert.ok(weights[0].runningVar.some((v) => Math.abs(v - 1) > 0.01), 'the running statistics moved');
  const points = [];
  for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10; j++) points.push([-1 + 0.2 * i, -1 + 0.2 * j]);
  const want = net.predict(new Float32Array(points.flat()));
  net.dispose();
  const script = exportPyTorch({ dataset, network, train }, { weights });
  assert.match(script, /nn\.BatchNorm1d\(8, eps=(?:1e-05|0\.00001), momentum=0\.2\)/);
  assert.match(script, /nn\.LayerNorm\(8, eps=(?:1e-05|0\.00001)\)/);
  assert.match(script, /nn\.Dropout\(0\.2\)/);
  assert.match(script, /x = x \+ outs\[1\]  # residual 2: layer 1's output/);
  assert.match(script, /x = x \+ outs\[3\]  # residual 1: layer 3's output/);
  const pts = file('pts.json', JSON.stringify(points));
  const r = python([file('cures.py', script), '--no-train', '--predict', pts]);
  const got = JSON.parse(r.stdout.trim().split('\n').pop()).predictions.flat();
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= 1e-5, `PyTorch vs gradlab: ${worst}`);
  assert.ok(Math.max(...want) - Math.min(...want) > 0.1, 'the predictions vary');
});

test('the exported PyTorch script builds the modules and scales its initialisers by gain', () => {
  const net = { inputs: 2, loss: 'binary_crossentropy', seed: 1, layers: [
    { units: 400, activation: 'relu', init: 'he_uniform', initParams: { gain: 0.5 }, norm: 'batch' },
    { units: 400, activation: 'relu', init: 'random_normal', initParams: { mean: 0, stddev: 0.1, gain: 3 }, residual: 1, dropout: 0.1 },
    { units: 1, activation: 'sigmoid' }] };
  const script = file('init.py', exportPyTorch({ dataset, network: net }));
  const probe = `
import importlib.util, json, sys
import torch
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
torch.manual_seed(0)
net = m.Net(); m.init_parameters(net)
print(json.dumps({"norm": [type(x).__name__ for x in net.norm], "drop": [type(x).__name__ for x in net.drop],
  "momentum": net.norm[0].momentum, "max0": net.fc[0].weight.abs().max().item(), "std1": net.fc[1].weight.std().item()}))
`;
  const s = JSON.parse(python(['-c', probe, script]).stdout);
  assert.deepEqual(s.norm, ['BatchNorm1d', 'Identity', 'Identity']);
  assert.deepEqual(s.drop, ['Identity', 'Dropout', 'Identity']);
  assert.equal(s.momentum, 0.1);
  const lim = 0.5 * Math.sqrt(6 / 2);
  assert.ok(s.max0 <= lim && s.max0 > 0.95 * lim, `he_uniform × 0.5: max ${s.max0}, limit ${lim}`);
  assert.ok(Math.abs(s.std1 / 0.3 - 1) < 0.03, `random_normal std 0.1 × 3: ${s.std1}`);
});

test('the exported Keras script builds the functional model: BatchNormalization momentum 0.9 ↔ PyTorch 0.1, Add, Dropout', () => {
  const net = lab.network(network);
  const weights = net.getWeights();
  net.dispose();
  const n2 = { ...network, layers: network.layers.map((L, i) => (i === 0 ? { ...L, normParams: {} } : L)) };
  const script = exportKeras({ dataset, network: n2, train }, { weights });
  python(['-m', 'py_compile', file('keras_cures.py', script)]);
  assert.match(script, /keras\.layers\.BatchNormalization\(momentum=0\.9, epsilon=(?:1e-05|0\.00001), name="norm_1"\)/);
  assert.match(script, /keras\.layers\.LayerNormalization\(epsilon=(?:1e-05|0\.00001), name="norm_2"\)/);
  assert.match(script, /keras\.layers\.Dropout\(0\.2\)/);
  assert.match(script, /keras\.layers\.Add\(\)\(\[x, outs\[1\]\]\)  # residual 2/);
  assert.match(script, /keras\.layers\.Add\(\)\(\[x, outs\[3\]\]\)  # residual 1/);
  assert.match(script, /VarianceScaling\(scale=0\.18, mode="fan_in", distribution="uniform"\)/); // he: 2 × 0.3²
  assert.match(script, /model = keras\.Model\(inputs, x\)/);
  assert.match(script, /"runningVar": \[/);
  // a layer with a norm gets its activation after the norm, not in Dense
  assert.match(script, /name="dense_1",[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\)\(x\)\n\s*x = keras\.layers\.BatchNormalization/);
  assert.match(script, /Dense\(8, activation=None, name="dense_1"/);
});
