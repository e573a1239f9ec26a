// Exported scripts with gradlab's own data (options.data of src/js/export.js).
//
// The issue: a script regenerated its data with numpy, so with gradlab's exact
// weights it still reported another accuracy (0.804 against the page's 0.828).
// With data the script embeds gradlab's points and uses them:
//  - a trained net's script, run with /usr/bin/python3 --no-train (Debian's
//    python3-torch; these tests FAIL if torch cannot be imported), prints the
//    train and test accuracy that net.evaluate gives on the same points
//    (within 1/n; --predict's JSON carries it at full precision) — for a
//    sigmoid/BCE net with added points, a 3-class softmax net given one-hot
//    targets, and an mse net;
//  - the points read back float32 for float32 (PyTorch and Keras scripts);
//  - --data FILE and --regenerate still override them; --help says so;
//  - bad data give an Error naming the field; more than 100 000 points are refused;
//  - without data the script is as before (no points block, same text).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { python, startPython, stopPython } from './helpers/python.js';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras, exportExperiment, exportMaxPoints } from '../../dist/export.js';

const lab = await load();
const dir = mkdtempSync(join(tmpdir(), 'gradlab-export-data-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(name, text) {
  const p = join(dir, `${fileNo++}-${name}`);
  writeFileSync(p, text);
  return p;
}

// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

/** The accuracies a script prints: { train, test } (3 decimals), from its log. */
function printed(stdout) {
  const acc = (what) => {
    const m = new RegExp(`^${what} loss [\\d.]+, ${what} accuracy ([\\d.]+)$`, 'm').exec(stdout);
    assert.ok(m, `no "${what} accuracy" line in:\n${stdout}`);
    return Number(m[1]);
  };
  return { train: acc('train'), test: acc('test') };
}

/** Run a script: its printed accuracies and, with --predict, the JSON test_accuracy. */
function run(script, flags = []) {
  const path = file('experiment.py', script);
  const log = printed(python([path, ...flags]).stdout);
  const r = python([path, ...flags, '--predict', file('none.json', '[]')]);
  return { ...log, exact: JSON.parse(r.stdout.trim().split('\n').pop()).test_accuracy, log: r.stderr, path };
}

// Experiments: a trained net and the data it trained and tests on.
function trained(e, data, train) {
  const net = lab.network(e.network);
  const h = net.train(data.train.X, data.train.y, { ...train, validation: { X: data.test.X, y: data.test.y } });
  assert.equal(h.stopped, null);
  const acc = { train: net.evaluate(data.train.X, data.train.y).accuracy, test: net.evaluate(data.test.X, data.test.y).accuracy };
  const weights = net.getWeights();
  net.dispose();
  return { experiment: { ...e, train }, weights, data, acc };
}

// circles as the page draws them, with points "clicked in" appended to the training set
function circlesWithAddedPoints() {
  const d = lab.datasets.split(lab.datasets.circles({ n: 600, noise: 0.15, factor: 0.6, seed: 3 }), 0.5);
  const added = [[0.5, 0.5, 0], [-0.5, -0.25, 1], [0.123, -0.987, 1], [1.1, -1.1, 0]];
  const X = new Float32Array(d.train.X.length + 2 * added.length);
  X.set(d.train.X);
  added.forEach(([x, y], i) => { X[d.train.X.length + 2 * i] = x; X[d.train.X.length + 2 * i + 1] = y; });
  const y = Float32Array.from([...d.train.y, ...added.map((p) => p[2])]);
  return { train: { X, y }, test: d.test };
}

const circlesExperiment = {
  dataset: { type: 'circles', n: 600, noise: 0.15, factor: 0.6, seed: 3, trainFraction: 0.5 },
  network: { inputs: 2, loss: 'binary_crossentropy', seed: 7, layers: [{ units: 8, activation: 'tanh' }, { units: 6, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid' }] },
};

test('--no-train with the embedded points reports gradlab\'s accuracy (sigmoid, BCE, added points)', (t) => {
  const data = circlesWithAddedPoints();
  const x = trained(circlesExperiment, data, { epochs: 15, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } });
  const script = exportPyTorch(x.experiment, { weights: x.weights, data: x.data });
  const got = run(script, ['--no-train']);
  const nTr = data.train.y.length;
  const nTe = data.test.y.length;
  t.diagnostic(`gradlab: train ${x.acc.train.toFixed(4)}, test ${x.acc.test.toFixed(4)}; script: train ${got.train}, test ${got.test} (exact ${got.exact})`);
  assert.ok(Math.abs(got.test - x.acc.test) <= 1 / nTe, `test accuracy: script ${got.test}, gradlab ${x.acc.test} (n ${nTe})`);
  assert.ok(Math.abs(got.train - x.acc.train) <= 1 / nTr, `train accuracy: script ${got.train}, gradlab ${x.acc.train} (n ${nTr})`);
  assert.ok(Math.abs(got.exact - x.acc.test) < 1e-6, `--predict's test_accuracy ${got.exact}, gradlab ${x.acc.test}`);
  assert.ok(x.acc.test > 0.6 && x.acc.test < 1, `a trained net, not a trivial one (${x.acc.test})`);
  // the comment says what the script holds; the added points close the training set
  assert.match(script, new RegExp(`^#   points: gradlab's own, embedded at the end \\(TRAIN_POINTS, TEST_POINTS\\): ${nTr} train, ${nTe} test;$`, 'm'));
  assert.match(script, /^    \[0\.5, 0\.5, 0\],\n    \[-0\.5, -0\.25, 1\],\n    \[0\.123, -0\.987, 1\],\n    \[1\.1, -1\.1, 0\],\n\]\nTEST_POINTS = \[$/m);

  // --regenerate draws the experiment's 600 points anew (another accuracy, another count)
  const regen = python([got.path, '--no-train', '--regenerate']).stdout;
  assert.match(regen, /test accuracy/);
  // --data FILE overrides the embedded points: here the test set as the training set
  const j = file('d.json', JSON.stringify({ X_train: Array.from(data.test.X), y_train: Array.from(data.test.y), X_test: Array.from(data.test.X), y_test: Array.from(data.test.y) }));
  const viaFile = printed(python([got.path, '--no-train', '--data', j]).stdout);
  assert.equal(viaFile.train, got.test, '--data: its X_train is the test set');
  // --help names the choice
  const help = python([got.path, '--help']).stdout.replace(/\s+/g, ' ');
  assert.match(help, /--data DATA_JSON use these data instead of the embedded points/);
  assert.match(help, /--regenerate draw new data with numpy \(make_data\) instead of the embedded points/);
});

test('--no-train reports gradlab\'s accuracy: softmax with one-hot targets, and mse', () => {
  const gauss = lab.datasets.split(lab.datasets.gauss({ n: 450, classes: 3, noise: 0.45, seed: 8 }), 0.6);
  const k = 3;
  const oneHot = (y) => { const t = new Float32Array(y.length * k); y.forEach((c, i) => { t[i * k + c] = 1; }); return t; };
  const soft = trained({
    dataset: { type: 'gauss', n: 450, classes: 3, noise: 0.45, seed: 8, trainFraction: 0.6 },
    network: { inputs: 2, loss: 'categorical_crossentropy', seed: 2, layers: [{ units: 16, activation: 'gelu' }, { units: 12, activation: 'swish' }, { units: 3, activation: 'softmax' }] },
  }, { train: { X: gauss.train.X, y: oneHot(gauss.train.y) }, test: { X: gauss.test.X, y: oneHot(gauss.test.y) } },
  { epochs: 20, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } });
  const xor = lab.datasets.split(lab.datasets.xor({ n: 300, noise: 0.05, seed: 4 }), 0.5);
  const mse = trained({
    dataset: { type: 'xor', n: 300, noise: 0.05, seed: 4, trainFraction: 0.5 },
    network: { inputs: 2, loss: 'mse', seed: 5, layers: [{ units: 8, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'tanh' }] },
  }, xor, { epochs: 20, batchSize: 8, optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } });
  for (const x of [soft, mse]) {
    const got = run(exportPyTorch(x.experiment, { weights: x.weights, data: x.data }), ['--no-train']);
    const nTe = x.data.test.X.length / 2;
    assert.ok(Math.abs(got.test - x.acc.test) <= 1 / nTe, `${x.experiment.network.loss}: script ${got.test}, gradlab ${x.acc.test}`);
    assert.ok(Math.abs(got.exact - x.acc.test) < 1e-6, `${x.experiment.network.loss}: --predict's ${got.exact}, gradlab ${x.acc.test}`);
    assert.ok(x.acc.test > 0.55, `${x.experiment.network.loss}: trained (${x.acc.test})`);
  }
  // one-hot targets are embedded as class indices, as the labels themselves
  const a = exportPyTorch(soft.experiment, { data: soft.data });
  const b = exportPyTorch(soft.experiment, { data: { train: gauss.train, test: gauss.test } });
  assert.equal(a, b);
});

test('the points read back float32 for float32, in the PyTorch and the Keras script', () => {
  const tricky = [0.1, -1 / 3, 1e-30, 3.4e38, -2.5, 16777217, 1.17549435e-38, 0, 0.123, -0.987, 1e-7, 123456.789];
  const X = Float32Array.from([...tricky, ...tricky.map((v) => -v * 0.7)]);
  const n = X.length / 2;
  const y = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.25 : i % 2)); // bce targets in [0, 1]
  const e = { network: { layers: [{ units: 1, activation: 'sigmoid' }] } };
  const data = { train: { X: X.subarray(0, 2 * (n - 3)), y: y.subarray(0, n - 3) }, test: { X: X.subarray(2 * (n - 3)), y: y.subarray(n - 3) } };
  const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
  const want = { X_train: bits(data.train.X), y_train: bits(data.train.y), X_test: bits(data.test.X), y_test: bits(data.test.y) };
  // PyTorch: embedded_data() itself
  const probe = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exp", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
Xtr, ytr, Xte, yte = m.embedded_data()
assert Xtr.dtype == np.float32 and Xtr.shape == (${n - 3}, 2) and ytr.shape == (${n - 3},), (Xtr.shape, ytr.shape)
b = lambda a: [int(v) for v in np.ascontiguousarray(a).ravel().view(np.uint32)]
print(json.dumps({"X_train": b(Xtr), "y_train": b(ytr), "X_test": b(Xte), "y_test": b(yte)}))
`;
  assert.deepEqual(JSON.parse(python(['-c', probe, file('p.py', exportPyTorch(e, { data }))]).stdout), want);
  // Keras (no TensorFlow here): the literals, read by Python's ast, through numpy as embedded_data() does
  const keras = exportKeras(e, { data });
  python(['-m', 'py_compile', file('k.py', keras)]);
  const literals = `
import ast, json, sys
import numpy as np
tree = ast.parse(open(sys.argv[1]).read())
pts = {t.targets[0].id: ast.literal_eval(t.value) for t in tree.body if isinstance(t, ast.Assign) and getattr(t.targets[0], "id", "").endswith("_POINTS")}
b = lambda a: [int(v) for v in np.ascontiguousarray(a).ravel().view(np.uint32)]
out = {}
for name, key in (("TRAIN_POINTS", "train"), ("TEST_POINTS", "test")):
    a = np.array(pts[name], dtype=np.float64).reshape(-1, 3)
    out["X_" + key], out["y_" + key] = b(a[:, :2].astype(np.float32)), b(a[:, 2].astype(np.float32))
print(json.dumps(out))
`;
  assert.deepEqual(JSON.parse(python(['-c', literals, file('k2.py', keras)]).stdout), want);
  assert.match(keras, /read_data\(args\.data\) if args\.data else load_data\(\) if args\.regenerate else embedded_data\(\)/);
  // a row a line, shortest literals: 0.1 as 0.1 (not 0.100000001), class labels as integers
  assert.match(keras, /^    \[0\.1, -0\.33333334, 0\.25\],$/m);
  assert.match(keras, /^    \[-2\.5, 16777216\.0, 0\],$/m);
});

test('data as rows, as numbers or typed arrays; test may be empty or absent', () => {
  const e = { network: { layers: [{ units: 2, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] }, dataset: { trainFraction: 1 } };
  const flat = exportPyTorch(e, { data: { train: { X: Float32Array.of(0.5, -1, 0.25, 2), y: [1, 0] }, test: { X: [], y: [] } } });
  const rows = exportPyTorch(e, { data: { train: { X: [[0.5, -1], Float64Array.of(0.25, 2)], y: Float64Array.of(1, 0) } } });
  assert.equal(rows, flat);
  assert.match(flat, /^TRAIN_POINTS = \[\n    \[0\.5, -1\.0, 1\],\n    \[0\.25, 2\.0, 0\],\n\]\nTEST_POINTS = \[\n\]$/m);
  assert.match(flat, /: 2 train, 0 test;$/m);
  // no test set: the script says so, as with trainFraction 1
  const out = python([file('empty.py', flat), '--epochs', '2']).stdout;
  assert.match(out, /no test set \(trainFraction 1\)/);
  assert.equal(exportExperiment(e, { framework: 'keras', data: { train: { X: [[0.5, -1]], y: [1] }, test: null } }).includes('TEST_POINTS = [\n]'), true);
});

test('without data the script is as before: regenerated data, no points', () => {
  const e = { ...circlesExperiment, train: { epochs: 3 } };
  for (const f of [exportPyTorch, exportKeras]) {
    const s = f(e);
    assert.equal(f(e, { data: null }), s);
    assert.equal(f(e, { data: undefined }), s);
    assert.doesNotMatch(s, /TRAIN_POINTS|embedded_data|--regenerate|embedded points/);
    assert.match(s, /read_data\(args\.data\) if args\.data else load_data\(\)\n/);
    assert.match(s, /"test_accuracy": test_acc\}\)\)\n\n\nif __name__ == "__main__":\n    main\(\)\n$/);
  }
});

test('bad data give an Error naming the field', () => {
  const e = circlesExperiment;
  const X = Float32Array.of(0, 1, 1, 0, 0.5, 0.5);
  const y = [0, 1, 1];
  const ok = { train: { X, y }, test: { X, y } };
  assert.doesNotThrow(() => exportPyTorch(e, { data: ok }));
  const soft = { network: { loss: 'categorical_crossentropy', layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }] }, dataset: { type: 'gauss', classes: 3 } };
  const mse = { network: { loss: 'mse', layers: [{ units: 1, activation: 'linear' }] } };
  const big = new Float32Array(2 * (exportMaxPoints - 1));
  const bad = [
    [e, 'x', TypeError, /^data must be an object, got "x"$/],
    [e, { train: ok.train, extra: 1 }, TypeError, /^data: unknown field 'extra' \(valid: 'train', 'test'\)$/],
    [e, { test: ok.test }, TypeError, /^data\.train is missing: the points to train on, \{ X, y \}$/],
    [e, { train: { X, y, w: 1 } }, TypeError, /^data\.train: unknown field 'w' \(valid: 'X', 'y'\)$/],
    [e, { train: { X: 'abc', y } }, TypeError, /^data\.train\.X must be a Float32Array, an array of numbers \(sample-major \[n\]\[2\]\) or an array of \[x1, x2\] rows, got "abc"$/],
    [e, { train: { X: X.subarray(0, 5), y } }, RangeError, /^data\.train\.X has 5 values, not a multiple of the 2 inputs \(X is sample-major \[n\]\[2\]\)$/],
    [e, { train: { X: [[0, 1], [1, 0, 2], [0, 0]], y } }, TypeError, /^data\.train\.X\[1\] must be a row of 2 numbers, got an array of length 3$/],
    [e, { train: { X: Float32Array.of(0, 1, NaN, 0, 0, 0), y } }, RangeError, /^data\.train\.X\[2\] is NaN, not a finite float32$/],
    [e, { train: { X: [[0, 1], [1, 0], [0, 1e39]], y } }, RangeError, /^data\.train\.X\[2\]\[1\] is 1e\+39, not a finite float32$/],
    [e, { train: { X: [0, 1, '1', 0, 0, 0], y } }, RangeError, /^data\.train\.X\[2\] is "1", not a finite float32$/],
    [e, { train: { X: [], y: [] } }, RangeError, /^data\.train\.X has no points; the script needs at least one to train on$/],
    [e, { train: { X, y: [0, 1] } }, RangeError, /^data\.train\.y has 2 values; its 3 points need 3$/],
    [e, { train: { X, y: {} } }, TypeError, /^data\.train\.y must be a Float32Array or an array of numbers \(one label per point\), got an object \(Object\)$/],
    [e, { train: ok.train, test: { X, y: [0, 2, 1] } }, RangeError, /^data\.test\.y\[1\] is 2; targets of binary_crossentropy must be in \[0, 1\]$/],
    [e, { train: ok.train, test: { X, y: [0, Infinity, 1] } }, RangeError, /^data\.test\.y\[1\] is Infinity, not a finite float32$/],
    [e, { train: ok.train, test: 3 }, TypeError, /^data\.test must be an object, got 3$/],
    [soft, { train: { X, y: [0, 1, 3] } }, RangeError, /^data\.train\.y\[2\] is 3; with 3 outputs \(one-hot targets\) labels are class indices, integers in 0 … 2$/],
    [soft, { train: { X, y: [0, 1.5, 2] } }, RangeError, /^data\.train\.y\[1\] is 1\.5; with 3 outputs/],
    [soft, { train: { X, y: [0, 1] } }, RangeError, /^data\.train\.y has 2 values; its 3 points need 3 \(class indices\) or 9 \(one-hot \[3\]\[3\]\)$/],
    [soft, { train: { X, y: [1, 0, 0, 0, 1, 0, 0, 0.5, 0.5] } }, RangeError, /^data\.train\.y: row 2 \(values 6 … 8\) is not one-hot: 3 outputs need exactly one 1, the rest 0$/],
    [e, { train: { X: big, y: new Float32Array(big.length / 2) }, test: { X: Float32Array.of(0, 0, 1, 1), y: [0, 1] } }, RangeError,
      /^data\.test\.X has 2 points; a script embeds at most 100000 \(train and test together\)$/],
  ];
  for (const [exp, data, type, re] of bad) {
    for (const f of [exportPyTorch, exportKeras]) {
      assert.throws(() => f(exp, { data }), (err) => err instanceof type && re.test(err.message), `${JSON.stringify(data)?.slice(0, 120)} → ${re}`);
    }
  }
  assert.throws(() => exportExperiment(e, { framework: 'pytorch', dat: ok }), /^TypeError: options: unknown field 'dat' \(valid: 'weights', 'data', 'table'\)$/);
  // mse takes any finite target; the limit holds exactly 100 000 points
  assert.doesNotThrow(() => exportPyTorch(mse, { data: { train: { X, y: [-3, 0.5, 7] } } }));
  assert.equal(exportMaxPoints, 100000);
  assert.doesNotThrow(() => exportPyTorch(e, { data: { train: { X: big, y: new Float32Array(big.length / 2) }, test: { X: [0, 0], y: [1] } } }));
});

// The page's Export → script (web/exports.js experimentScript) with the worker's
// model message: its `data` ({ Xtr, ytr, Xte, yte }) goes into the script.
test('the page\'s experimentScript() embeds the data of the worker\'s model message', async () => {
  const { experimentScript } = await import('../../web/exports.js');
  const { defaultState, networkSpec } = await import('../../web/state.js');
  const st = defaultState();
  const net = lab.network(networkSpec(st.a, st.seed));
  const model = JSON.stringify(net.toJSON());
  net.dispose();
  const data = { Xtr: Float32Array.of(0.5, 0.5, -0.25, 0.75), ytr: Float32Array.of(0, 1), Xte: Float32Array.of(0.125, -1), yte: Float32Array.of(1) };
  const py = experimentScript('pytorch', st, 0, model, data);
  assert.match(py, /^TRAIN_POINTS = \[\n    \[0\.5, 0\.5, 0\],\n    \[-0\.25, 0\.75, 1\],\n\]\nTEST_POINTS = \[\n    \[0\.125, -1\.0, 1\],\n\]$/m);
  assert.match(py, /^WEIGHTS = \[/m);
  assert.equal(experimentScript('keras', st, 0, model, data).includes('TRAIN_POINTS = [\n    [0.5, 0.5, 0],'), true);
  assert.doesNotMatch(experimentScript('pytorch', st, 0, model), /TRAIN_POINTS/, 'without data: as before');
});

// export.d.ts: options.data type-checks (tsc --strict) and wrong shapes do not.
test('export.d.ts: options.data and exportMaxPoints type-check (tsc --strict)', () => {
  const root = new URL('../../', import.meta.url);
  const ts = join(dir, 'types');
  mkdirSync(ts, { recursive: true });
  for (const f of ['gradlab.d.ts', 'export.d.ts']) writeFileSync(join(ts, f), readFileSync(new URL(`dist/${f}`, root), 'utf8'));
  writeFileSync(join(ts, 'use.ts'), `
import { exportPyTorch, exportExperiment, exportMaxPoints, type ExportData } from './export.js';
const net = { layers: [{ units: 1, activation: 'sigmoid' as const }] };
const data: ExportData = { train: { X: new Float32Array(4), y: [0, 1] }, test: { X: [[0, 1], new Float64Array(2)], y: new Float32Array(2) } };
const a: string = exportPyTorch({ network: net }, { data });
const b: string = exportExperiment({ network: net }, { framework: 'keras', weights: null, data: { train: { X: [0, 1], y: [1] } } });
const c: string = exportPyTorch({ network: net }, { data: null });
const m: number = exportMaxPoints;
export { a, b, c, m };
`);
  writeFileSync(join(ts, 'wrong.ts'), `
import { exportPyTorch } from './export.js';
const net = { layers: [{ units: 1, activation: 'sigmoid' as const }] };
// @ts-expect-error train is required
exportPyTorch({ network: net }, { data: { test: { X: [0, 1], y: [1] } } });
// @ts-expect-error X is numbers, not text
exportPyTorch({ network: net }, { data: { train: { X: 'points', y: [1] } } });
// @ts-expect-error y is required
exportPyTorch({ network: net }, { data: { train: { X: [0, 1] } } });
// @ts-expect-error labels are numbers
exportPyTorch({ network: net }, { data: { train: { X: [0, 1], y: ['a'] } } });
`);
  writeFileSync(join(ts, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [] },
    files: ['use.ts', 'wrong.ts'],
  }));
  const wrong = readFileSync(join(ts, 'wrong.ts'), 'utf8').split('\n');
  const expected = wrong.flatMap((l, i) => (l.startsWith('// @ts-expect-error') ? [i + 2] : []));
  writeFileSync(join(ts, 'wrong.ts'), wrong.map((l) => (l.startsWith('// @ts-expect-error') ? '//' : l)).join('\n'));
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('node_modules/typescript/bin/tsc', root)), '-p', 'tsconfig.json'], { cwd: ts, encoding: 'utf8', timeout: 120_000 });
  assert.doesNotMatch(r.stdout, /use\.ts\(/, `use.ts type-checks:\n${r.stdout}`);
  const lines = [...new Set([...r.stdout.matchAll(/wrong\.ts\((\d+),\d+\): error TS/g)].map((x) => Number(x[1])))];
  assert.deepEqual(lines, expected, r.stdout);
});
