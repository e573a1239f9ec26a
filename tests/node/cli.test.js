// The CLI as a user runs it: `node dist/cli.js ...` in a child process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { python, startPython, stopPython } from './helpers/python.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120000 });
const dir = mkdtempSync(join(tmpdir(), 'gradlab-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const noStack = (r) => assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');

test('cli.js starts with a shebang (the npm bin)', () => {
  assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('--help on everything', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['reproduce', '--help'], ['train', '--help'], ['help', 'train'], ['export', '--help'], ['help', 'export']]) {
    const r = run(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage|Options/, args.join(' '));
  }
  assert.match(run('reproduce', '--help').stdout, /--grad-epochs LIST/);
  assert.match(run('train', '--help').stdout, /--config FILE/);
  assert.match(run('export', '--help').stdout, /--framework pytorch\|keras[\s\S]*--weights FILE[\s\S]*--train/);
  const none = run();
  assert.equal(none.status, 2);
  assert.match(none.stdout, /gradlab reproduce/);
});

test('reproduce --seeds 2 --epochs 30: the markdown tables, progress on stderr, JSON of every run', () => {
  const json = join(dir, 'rep.json');
  const r = run('reproduce', '--seeds', '2', '--epochs', '30', '--models', 'deep-tanh,deep-relu', '--grad-epochs', '1,30', '--json', json);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\| deep-tanh \| \d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\) \| \d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\) \| 0\.530 \/ 0\.468: fails \| 0\.554 \(0\.460–0\.788\) \|/);
  assert.match(r.stdout, /\| deep-relu \| .* \| 0\.836 \/ 0\.840 \| 0\.817 \(0\.798–0\.850\) \| \d of 2 \|/);
  assert.match(r.stdout, /\| layer \| gradMeanAbs @1 \| gradMeanAbs @30 \| dead units \| saturated units \|/);
  assert.match(r.stdout, /\| output \(1 sigmoid\) \| \d\.\de-\d+ \| \d\.\de-\d+ \|/);
  assert.equal((r.stdout.match(/^\| [1-5] \(5 relu\) \|/gm) || []).length, 5);
  assert.match(r.stderr, /reproduce: deep-relu seed 2\/2: train \d\.\d{3} test \d\.\d{3}/);
  assert.doesNotMatch(r.stdout, /reproduce: /, 'progress stays on stderr');
  const j = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(j.models.map((m) => m.name), ['deep-tanh', 'deep-relu']);
  assert.equal(j.models[1].runs.length, 2);
  const run0 = j.models[1].runs[0];
  assert.equal(run0.epochs, 30);
  assert.equal(run0.gradMeanAbs['30'].length, 6);
  assert.ok(run0.testAccuracy > 0 && run0.testAccuracy <= 1);
  // the same seeds give the same numbers (deterministic)
  const again = run('reproduce', '--seeds', '2', '--epochs', '30', '--models', 'deep-tanh,deep-relu', '--grad-epochs', '1,30', '-q');
  assert.equal(again.stdout, r.stdout);
  assert.equal(again.stderr, '');
});

test('reproduce --jobs 2 (worker threads) gives the same numbers as --jobs 1, bit for bit, with live progress', () => {
  const runs = {};
  for (const jobs of ['1', '2', '3']) {
    const json = join(dir, `rep-jobs${jobs}.json`);
    const r = run('reproduce', '--seeds', '3', '--epochs', '40', '--models', 'deep-tanh,deeper-relu', '--jobs', jobs, '--json', json);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((r.stderr.match(/^reproduce: (deep-tanh|deeper-relu) seed \d\/3: /gm) || []).length, 6, `one progress line per run (--jobs ${jobs})`);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    // everything but the run's own wall time
    runs[jobs] = { table: r.stdout, models: j.models.map((m) => m.runs.map(({ ms, ...rest }) => rest)) };
  }
  assert.equal(runs['2'].table, runs['1'].table);
  assert.deepEqual(runs['2'].models, runs['1'].models);
  assert.deepEqual(runs['3'].models, runs['1'].models);
  assert.equal(runs['1'].models[1].length, 3);
  for (const bad of ['0', '-1', 'x', '65']) {
    const r = run('reproduce', '--jobs', bad);
    assert.equal(r.status, 2, `--jobs ${bad}`);
    assert.match(r.stderr, /--jobs/);
  }
});

test('reproduce: bad flags give a clear message and exit code 2, never a stack trace', () => {
  const cases = [
    [['reproduce', '--seeds', '0'], /--seeds must be in 1 … 1000, got 0/],
    [['reproduce', '--seeds', 'ten'], /--seeds must be a positive integer, got 'ten'/],
    [['reproduce', '--epochs', '-5'], /--epochs/],
    [['reproduce', '--models', 'deep-sigmoid'], /--models: unknown model 'deep-sigmoid' \(valid: shallow-tanh, deep-tanh, deep-relu, deeper-relu, deepest-relu\)/],
    [['reproduce', '--epochs', '10', '--grad-epochs', '1,20'], /--grad-epochs 20 is beyond --epochs 10/],
    [['reproduce', '--bogus'], /reproduce: Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    noStack(r);
  }
});

const CONFIG = {
  dataset: { type: 'moons', n: 200, noise: 0.1, seed: 3, trainFraction: 0.75 },
  network: { inputs: 2, layers: [{ units: 8, activation: 'relu', init: 'he_uniform' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 4 },
  train: { epochs: 12, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } },
};

test('train --config: JSON history (with the final model) and CSV with per-layer columns', async () => {
  const cfg = join(dir, 'exp.json');
  writeFileSync(cfg, JSON.stringify(CONFIG));
  const out = join(dir, 'h.json');
  const r = run('train', '--config', cfg, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /train: epoch 12\/12 loss \d\.\d{4} acc \d\.\d{3} val loss/);
  const h = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(h.epochs.length, 12);
  assert.equal(h.epochs[11].epoch, 12);
  assert.equal(h.stopped, null);
  assert.equal(h.epochs[0].layers.length, 3);
  assert.ok(h.epochs[11].loss < h.epochs[0].loss, 'the loss went down');
  assert.ok(h.final.test.accuracy > 0.5);
  assert.equal(h.model.format, 'gradlab-model');
  // the written model reproduces the final numbers
  const { load } = await import('../../dist/gradlab.js');
  const lab = await load();
  const net = lab.network.fromJSON(h.model);
  const data = lab.datasets.split(lab.datasets.moons({ n: 200, noise: 0.1, seed: 3 }), 0.75);
  assert.deepEqual(net.evaluate(data.test.X, data.test.y), h.final.test);
  net.dispose();

  const csv = join(dir, 'h.csv');
  const c = run('train', '--config', cfg, '--out', csv, '-q');
  assert.equal(c.status, 0, c.stderr);
  assert.equal(c.stderr, '');
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines.length, 13);
  const head = lines[0].split(',');
  assert.deepEqual(head.slice(0, 6), ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'L1_gradMeanAbs']);
  const { LAYER_STATS } = await import('../../src/js/tables.js');
  assert.equal(head.length, 5 + 3 * LAYER_STATS.length, 'the epoch columns, then every per-layer statistic of the table for each of 3 layers');
  assert.ok(LAYER_STATS.length >= 10, 'the table holds the statistics (gammaGradMeanAbs, betaGradMeanAbs included)');
  assert.ok(head.includes('L3_weightMeanAbs') && head.includes('L2_deadFraction') && head.includes('L1_saturatedShare'));
  const last = lines[12].split(',').map(Number);
  assert.equal(last[0], 12);
  assert.equal(last[1], h.epochs[11].loss, 'CSV and JSON runs agree (deterministic)');
  // stdout when there is no --out; --format csv
  const s = run('train', '--config', cfg, '--format', 'csv', '-q');
  assert.equal(s.status, 0);
  assert.equal(s.stdout.trim().split('\n').length, 13);
});

test('train: bad configs give a message naming the field and exit code 2', () => {
  const write = (name, obj) => { const f = join(dir, name); writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj)); return f; };
  const mut = (fn) => { const c = structuredClone(CONFIG); fn(c); return c; };
  const cases = [
    [['--config', join(dir, 'missing.json')], /cannot read the config .*missing.json: no such file/],
    [['--config', write('bad.json', '{ "dataset": ')], /the config .*bad.json is not valid JSON/],
    [['--config', write('arr.json', [])], /config must be an object, got an array/],
    [['--config', write('extra.json', mut((c) => { c.model = {}; }))], /config: unknown field 'model' \(valid: dataset, network, train\)/],
    [['--config', write('nods.json', mut((c) => { delete c.dataset; }))], /config: missing field 'dataset'/],
    [['--config', write('type.json', mut((c) => { c.dataset.type = 'spirals'; }))], /config.dataset.type must be one of circles, moons, xor, spiral, gauss, plane, multigauss, sine, iris, breastCancer, digits, got "spirals"/],
    [['--config', write('tf.json', mut((c) => { c.dataset.trainFraction = 0; }))], /config.dataset.trainFraction must be a number in \(0, 1\]/],
    [['--config', write('dsn.json', mut((c) => { c.dataset.n = -5; }))], /config.dataset: n must be in 1 … 4194304, got -5/],
    [['--config', write('act.json', mut((c) => { c.network.layers[1].activation = 'tanhh'; }))], /config.network.layers\[1\]: unknown activation 'tanhh'/],
    [['--config', write('inp.json', mut((c) => { c.network.inputs = 3; }))], /config.network.inputs must be 2/],
    [['--config', write('opt.json', mut((c) => { c.train.optimizer.type = 'lbfgs'; }))], /config.train.optimizer: unknown type 'lbfgs'/],
    [['--config', write('ep.json', mut((c) => { c.train.epochs = 1.5; }))], /config.train: epochs must be an integer, got 1.5/],
    [['--config', write('tk.json', mut((c) => { c.train.onEpoch = 1; }))], /config.train: unknown field 'onEpoch'/],
    [['--config', write('ok.json', CONFIG), '--format', 'xml'], /--format must be json or csv, got 'xml'/],
    [[], /train needs --config FILE/],
  ];
  for (const [args, re] of cases) {
    const r = run('train', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    noStack(r);
  }
});

test('train --data file.csv: a CSV table, shuffled, split and standardised; bad files name the row and column', () => {
  // iris as a plain CSV with a header and text labels (from the bundled copy)
  const rows = readFileSync(new URL('../../src/data/iris.csv', import.meta.url), 'utf8').trim().split('\n');
  const names = rows[0].split(',').slice(2);
  const csvText = ['sepal_l,sepal_w,petal_l,petal_w,species',
    ...rows.slice(1).map((r) => { const c = r.split(','); return [...c.slice(0, 4), names[Number(c[4])]].join(','); })].join('\r\n');
  const csv = join(dir, 'iris.csv');
  writeFileSync(csv, csvText);
  const cfg = join(dir, 'iris.json');
  writeFileSync(cfg, JSON.stringify({
    dataset: { trainFraction: 0.7, seed: 3 },
    network: { inputs: 4, loss: 'categorical_crossentropy', seed: 1,
      layers: [{ units: 16, activation: 'relu', init: 'he_uniform' }, { units: 3, activation: 'softmax' }] },
    train: { epochs: 100, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } },
  }));
  const out = join(dir, 'iris-h.json');
  const r = run('train', '--config', cfg, '--data', csv, '--out', out, '-q');
  assert.equal(r.status, 0, r.stderr);
  const h = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(h.final.test.accuracy >= 0.9, `iris test accuracy ${h.final.test.accuracy}`);
  assert.equal(h.model.spec.inputs, 4);
  // bad tables and mismatches: exit code 2, the file, row and column named
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b,c,d,y\n1,2,3,4,0\n1,x,3,4,1\n');
  const b = run('train', '--config', cfg, '--data', bad, '-q');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /--data .*bad\.csv: row 3, column 2 \("b"\): "x" is not a number/);
  writeFileSync(bad, 'a,b,y\n1,2,0\n3,4,1\n');
  const m = run('train', '--config', cfg, '--data', bad, '-q');
  assert.equal(m.status, 2);
  assert.match(m.stderr, /config\.network\.inputs is 4; .*bad\.csv has 2 feature columns/);
  const none = run('train', '--config', cfg, '--data', join(dir, 'nope.csv'), '-q');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /--data .*nope\.csv: the file does not exist/);
});

test('train: a regression set (the 1-D sine) takes 1 input by default and its mse falls; another inputs is named', () => {
  const cfg = join(dir, 'sine.json');
  const config = {
    dataset: { type: 'sine', n: 400, noise: 0.1, seed: 1 },
    network: { loss: 'mse', seed: 1, layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'linear' }] },
    train: { epochs: 100, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.01 } },
  };
  writeFileSync(cfg, JSON.stringify(config));
  const out = join(dir, 'sine-h.json');
  const r = run('train', '--config', cfg, '--out', out, '-q');
  assert.equal(r.status, 0, r.stderr);
  const h = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(h.model.spec.inputs, 1);
  assert.ok(h.final.test.loss < 0.1 * h.epochs[0].loss, `test mse ${h.final.test.loss} vs first epoch ${h.epochs[0].loss}`);
  writeFileSync(cfg, JSON.stringify({ ...config, network: { ...config.network, inputs: 2 } }));
  const b = run('train', '--config', cfg, '-q');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /config\.network\.inputs must be 1 \(the sine data set has 1 input\), got 2/);
  noStack(b);
});

test('train: a bundled table as the dataset type (digits): shuffled, split, z-scored; 64 inputs by default; extra fields are named', () => {
  const cfg = join(dir, 'digits.json');
  const config = {
    dataset: { type: 'digits', trainFraction: 0.7, seed: 1 },
    network: { loss: 'categorical_crossentropy', seed: 1, layers: [{ units: 32, activation: 'relu', init: 'he_uniform' }, { units: 10, activation: 'softmax' }] },
    train: { epochs: 20, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.005 } },
  };
  writeFileSync(cfg, JSON.stringify(config));
  const out = join(dir, 'digits-h.json');
  const r = run('train', '--config', cfg, '--out', out, '-q');
  assert.equal(r.status, 0, r.stderr);
  const h = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(h.model.spec.inputs, 64);
  assert.ok(h.final.test.accuracy >= 0.9, `digits test accuracy ${h.final.test.accuracy}`);
  writeFileSync(cfg, JSON.stringify({ ...config, dataset: { ...config.dataset, noise: 0.1 } }));
  const b = run('train', '--config', cfg, '-q');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /config\.dataset\.noise: the bundled table digits takes only type, seed/);
  writeFileSync(cfg, JSON.stringify({ ...config, network: { ...config.network, inputs: 4 } }));
  assert.match(run('train', '--config', cfg, '-q').stderr, /config\.network\.inputs is 4; the digits table has 64 feature columns/);
});

test('a missing gradlab.wasm: exit code 1 and a message naming the file, no stack trace', () => {
  const pkg = join(dir, 'nowasm');
  mkdirSync(pkg);
  for (const f of ['cli.js', 'gradlab.js', 'export.js']) copyFileSync(fileURLToPath(new URL(`../../dist/${f}`, import.meta.url)), join(pkg, f));
  const r = spawnSync(process.execPath, [join(pkg, 'cli.js'), 'reproduce', '--seeds', '1', '--epochs', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^gradlab: cannot read the WebAssembly module .*nowasm\/gradlab.wasm: the file does not exist\n$/);
  noStack(r);
});

// ---- export ----------------------------------------------------------------------
// The exported PyTorch script runs under Debian's python3-torch (/usr/bin/python3;
// installed by make test's set-up). If torch cannot be imported this test FAILS.
// The scripts run through one interpreter that imports torch once (helpers/python.js).
after(stopPython);
const EXPORT_CONFIG = {
  dataset: { type: 'spiral', n: 240, noise: 0.05, classes: 3, seed: 4, trainFraction: 0.75 },
  network: {
    inputs: 2, loss: 'categorical_crossentropy', seed: 9,
    layers: [
      { units: 8, activation: 'elu', alpha: 0.5, init: 'he_normal' },
      { units: 6, activation: 'tanh', init: 'random_uniform', initParams: { min: -0.5, max: 0.5 } },
      { units: 3, activation: 'softmax', init: 'glorot_uniform' },
    ],
  },
  train: { epochs: 15, batchSize: 16, shuffle: true, optimizer: { type: 'adam', learningRate: 0.01 }, l2: 0.001 },
};

function pyPredict(script, points) {
  const pts = join(dir, 'points.json');
  writeFileSync(pts, JSON.stringify(points));
  const r = python([script, '--no-train', '--predict', pts]);
  return JSON.parse(r.stdout.trim().split('\n').pop()).predictions.flat();
}

test('export --framework pytorch: the script, with the weights of train --out or --train, predicts what gradlab predicts (1e-5)', async () => {
  await startPython(); // fails if PyTorch is not importable by /usr/bin/python3
  const cfg = join(dir, 'export.json');
  writeFileSync(cfg, JSON.stringify(EXPORT_CONFIG));
  const hist = join(dir, 'export-h.json');
  assert.equal(run('train', '--config', cfg, '--out', hist, '-q').status, 0);
  const model = JSON.parse(readFileSync(hist, 'utf8')).model;

  // --weights with the history file of train --out, and with the bare model JSON
  const script = join(dir, 'exp-w.py');
  const r = run('export', '--config', cfg, '--framework', 'pytorch', '--weights', hist, '--out', script);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /export: wrote the PyTorch script with the weights of .*export-h.json and the data to .*exp-w.py/);
  const text = readFileSync(script, 'utf8');
  assert.match(text, /^#!\/usr\/bin\/env python3\n/);
  const modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, JSON.stringify(model));
  const r2 = run('export', '--config', cfg, '--framework', 'pytorch', '--weights', modelFile, '-q');
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(r2.stdout, text, 'same weights, same script (stdout without --out)');
  // --train trains as `train --config` does (deterministic): the same weights
  const r3 = run('export', '--config', cfg, '--framework', 'pytorch', '--train', '-q');
  assert.equal(r3.status, 0, r3.stderr);
  assert.equal(r3.stdout, text, '--train embeds the weights train --config ends with');
  // without weights: no WEIGHTS, and --no-train refuses
  const r4 = run('export', '--config', cfg, '--framework', 'pytorch', '-q');
  assert.match(r4.stdout, /^WEIGHTS = None/m);
  assert.notEqual(r4.stdout, text);

  const { load } = await import('../../dist/gradlab.js');
  const lab = await load();
  const net = lab.network.fromJSON(model);
  const points = [];
  for (let i = 0; i <= 12; i++) for (let j = 0; j <= 12; j++) points.push([-1.2 + 0.2 * i, -1.2 + 0.2 * j]);
  points.push([4, -3], [0, 0]);
  const want = net.predict(new Float32Array(points.flat()));
  net.dispose();
  const got = pyPredict(script, points);
  assert.equal(got.length, want.length);
  assert.equal(got.length, points.length * 3);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= 1e-5, `PyTorch vs gradlab predictions differ by ${worst}`);
  // and not trivially: the predictions vary across the plane
  assert.ok(Math.max(...want) - Math.min(...want) > 0.1);
  // the script carries the points the weights were trained and tested on:
  // --no-train reports gradlab's own final accuracies
  assert.match(text, /^TRAIN_POINTS = \[/m);
  const final = JSON.parse(readFileSync(hist, 'utf8')).final;
  const py = python([script, '--no-train']);
  const accs = [...py.stdout.matchAll(/(train|test) accuracy[^0-9]*([0-9.]+)/gi)].map((m) => [m[1].toLowerCase(), Number(m[2])]);
  const acc = Object.fromEntries(accs);
  assert.ok(Math.abs(acc.test - final.test.accuracy) < 1e-3, `script test accuracy ${acc.test}, gradlab ${final.test.accuracy}: ${py.stdout}`);
  assert.ok(Math.abs(acc.train - final.train.accuracy) < 1e-3, `script train accuracy ${acc.train}, gradlab ${final.train.accuracy}`);
});

test('export --framework keras: a Keras script with the layers of the config and the weights', () => {
  const cfg = join(dir, 'export-k.json');
  writeFileSync(cfg, JSON.stringify(EXPORT_CONFIG));
  const out = join(dir, 'exp.keras.py');
  const r = run('export', '--config', cfg, '--framework', 'keras', '--train', '--out', out, '-q');
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /keras/i);
  assert.equal((text.match(/layers\.Dense\(/g) || []).length, 3, 'three Dense layers');
  assert.match(text, /softmax/);
  assert.doesNotMatch(text, /^WEIGHTS = None/m);
  python(['-m', 'py_compile', out]); // throws with its stderr unless it exits with 0
});

test('export: bad flags, configs and weight files give a message and exit code 2', () => {
  const write = (name, obj) => { const f = join(dir, name); writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj)); return f; };
  const cfg = write('ex-ok.json', EXPORT_CONFIG);
  const mut = (fn) => { const c = structuredClone(EXPORT_CONFIG); fn(c); return c; };
  const otherNet = mut((c) => { c.network.layers[1].units = 7; });
  const other = write('ex-other.json', otherNet);
  const h = join(dir, 'ex-other-h.json');
  assert.equal(run('train', '--config', other, '--out', h, '-q').status, 0);
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const cases = [
    [[], /export needs --config FILE/],
    [['--config', cfg], /export needs --framework pytorch\|keras/],
    [['--config', cfg, '--framework', 'tensorflow'], /--framework must be one of pytorch, keras, got 'tensorflow'/],
    [['--config', cfg, '--framework', 'pytorch', '--epochs', '3'], /export: Unknown option '--epochs'/],
    [['--config', cfg, '--framework', 'pytorch', '--train', '--weights', h], /--weights and --train exclude each other/],
    [['--config', join(dir, 'nope.json'), '--framework', 'keras'], /cannot read the config .*nope.json: no such file/],
    [['--config', write('ex-act.json', mut((c) => { c.network.layers[0].activation = 'relu6'; })), '--framework', 'keras'], /config.network.layers\[0\]: unknown activation 'relu6'/],
    [['--config', write('ex-loss.json', mut((c) => { c.network.loss = 'binary_crossentropy'; })), '--framework', 'pytorch'], /config.network(\.loss)?: .*binary_crossentropy.*sigmoid/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', join(dir, 'nope-w.json')], /cannot read the weights file .*nope-w.json: no such file/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', cfg], /--weights .*ex-ok.json: not a gradlab model/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', h], /--weights .*: layer 2 of the model is 7 tanh, of the config's network 6 tanh/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', write('ex-alpha.json', { format: 'gradlab-model', version: 1, spec: mut((c) => { c.network.layers[0].alpha = 0.7; }).network, weights: JSON.parse(readFileSync(h, 'utf8')).model.weights.map((w, i) => (i === 1 ? { kernel: new Array(8 * 6).fill(0), bias: new Array(6).fill(0) } : i === 2 ? { kernel: new Array(18).fill(0), bias: [0, 0, 0] } : w)) })], /layer 1 of the model is 8 elu \(alpha 0.7\), of the config's network 8 elu \(alpha 0.5\)/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', write('ex-deep.json', deep)], /--weights .*ex-deep.json: not a gradlab model/],
    [['--config', cfg, '--framework', 'pytorch', '--weights', write('ex-w.json', { format: 'gradlab-model', version: 1, spec: EXPORT_CONFIG.network, weights: 'x' })], /--weights .*: network.fromJSON\(\): model.weights must be an array/],
  ];
  for (const [args, re] of cases) {
    const r = run('export', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    noStack(r);
  }
});
