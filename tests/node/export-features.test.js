// Feature inputs (issue 15) in the exported scripts and the model file.
//  - A network on x1², x2², x1·x2 of the circles, exported to PyTorch with its
//    weights and gradlab's points: run with /usr/bin/python3 (Debian's
//    python3-torch; these tests FAIL if torch cannot be imported), --no-train
//    prints gradlab's own test accuracy and --predict on (x1, x2) points gives
//    gradlab's predictions of their features within 1e-5 — also for sin x1, sin x2.
//  - The Keras script cannot run (no TensorFlow): its text holds the features,
//    the input width and the transform, and its feature_columns (run alone with
//    numpy) computes gradlab's featureColumns of the embedded points.
//  - The page's experimentOf() carries dataset.features; bad lists are named.
//  - The model file records the features (version 3) and gives them back;
//    version 1 and 2 files still load.
//  - The CLI: `gradlab export --train` of a config with dataset.features, and
//    --weights of a model on other features is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { python, startPython, stopPython, scratch, cli, cliTrain } from './helpers/python.js';
import { join } from 'node:path';
import { load, featureColumns, FEATURES } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras, validateExperiment } from '../../dist/export.js';

const lab = await load();
const sc = scratch('gradlab-export-feat-');
const { dir, file } = sc;

// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

const FEATS = ['x1sq', 'x2sq', 'x1x2'];
const dataset = { type: 'circles', n: 600, noise: 0.1, factor: 0.5, seed: 4, trainFraction: 0.5, features: FEATS };

/** A net trained with gradlab on the features of the circles: { experiment, weights, data (raw points), acc, net }. */
function trainedOn(features, layers) {
  const { features: _f, type, trainFraction, ...opts } = { ...dataset, features };
  const raw = lab.datasets.split(lab.datasets[type](opts), trainFraction);
  const network = { inputs: features.length, features, loss: 'binary_crossentropy', seed: 3, layers };
  const train = { epochs: 40, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } };
  const net = lab.network(network);
  const F = (X) => featureColumns(X, features);
  net.train(F(raw.train.X), raw.train.y, train);
  const acc = net.evaluate(F(raw.test.X), raw.test.y).accuracy;
  return { experiment: { dataset: { ...dataset, features }, network, train }, weights: net.getWeights(), data: raw, acc, net, F };
}

// points (x1, x2) to predict on: the test set, a grid, far points
function probe(test) {
  const pts = [];
  for (let i = 0; i < test.X.length; i += 2) pts.push([test.X[i], test.X[i + 1]]);
  for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) pts.push([-1.6 + 0.4 * i, -1.6 + 0.4 * j]);
  pts.push([3, -2.5], [0, 0]);
  return pts;
}

for (const [features, layers] of [
  [FEATS, [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }]],
  [['x1', 'sinx2', 'sinx1', 'x1x2'], [{ units: 6, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid' }]],
]) {
  test(`PyTorch, features ${features.join(', ')}: --no-train gives gradlab's test accuracy and predictions`, (t) => {
    const x = trainedOn(features, layers);
    try {
      const script = exportPyTorch(x.experiment, { weights: x.weights, data: { train: x.data.train, test: x.data.test } });
      assert.match(script, new RegExp(`^FEATURES = \\["${features.join('", "')}"\\]$`, 'm'));
      assert.match(script, new RegExp(`^#   feature inputs: ${features.join(', ')} of \\(x1, x2\\)`, 'm'));
      assert.match(script, new RegExp(`nn\\.Linear\\(${features.length}, ${layers[0].units}\\)`));
      const pts = probe(x.data.test);
      const path = file('feat.py', script);
      const r = python([path, '--no-train', '--predict', file('p.json', JSON.stringify(pts))]);
      const out = JSON.parse(r.stdout.trim().split('\n').pop());
      const ours = x.net.predict(x.F(Float32Array.from(pts.flat())));
      const theirs = out.predictions.flat();
      assert.equal(theirs.length, ours.length);
      let diff = 0;
      for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
      t.diagnostic(`gradlab test accuracy ${x.acc}, script ${out.test_accuracy}; max |gradlab - torch| ${diff.toExponential(2)} over ${pts.length} points`);
      assert.ok(diff <= 1e-5, `max |gradlab - torch| = ${diff}`);
      assert.ok(Math.max(...ours) - Math.min(...ours) > 0.5, 'the predictions differ from point to point');
      assert.ok(Math.abs(out.test_accuracy - x.acc) < 1e-6, `test accuracy: script ${out.test_accuracy}, gradlab ${x.acc}`);
      assert.ok(x.acc > 0.9, `a net that learnt the circles on its features (${x.acc})`);
      // without the transform the same weights see other inputs: the check can fail
      const plain = exportPyTorch({ ...x.experiment, dataset: { ...dataset, features: undefined }, network: { ...x.experiment.network, features: undefined, inputs: 2 } }, {});
      assert.doesNotMatch(plain, /feature_columns|FEATURES/);
      // trained anew from scratch, the script learns the circles on the features too
      const fresh = JSON.parse(python([path, '--epochs', '40', '--predict', file('none.json', '[]')]).stdout.trim().split('\n').pop());
      assert.ok(fresh.test_accuracy > 0.85, `the script trained on the features: test accuracy ${fresh.test_accuracy}`);
    } finally { x.net.dispose(); }
  });
}

test('Keras: the script takes the features; its feature_columns is gradlab\'s featureColumns', () => {
  const x = trainedOn(FEATS, [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }]);
  x.net.dispose();
  const script = exportKeras(x.experiment, { weights: x.weights, data: { train: x.data.train, test: x.data.test } });
  const path = file('keras_feat.py', script);
  python(['-m', 'py_compile', path]);
  assert.match(script, /keras\.Input\(shape=\(3,\)\)/);
  assert.match(script, /^FEATURES = \["x1sq", "x2sq", "x1x2"\]$/m);
  assert.match(script, /^ {4}X_train, y_train, X_test, y_test = .*\n {4}X_train, X_test = feature_columns\(X_train\), feature_columns\(X_test\)/m);
  assert.match(script, /^ {12}points = feature_columns\(np\.array\(json\.load\(f\), dtype=np\.float32\)\.reshape\(-1, INPUTS\)\)$/m);
  assert.match(script, /^INPUTS = 2$/m, 'the points are (x1, x2)');
  // the script's own definitions, run with numpy (no TensorFlow needed)
  const probeCode = `
import ast, json, sys
import numpy as np
tree = ast.parse(open(sys.argv[1]).read())
keep = {"INPUTS", "FEATURES", "FEATURE_FUNCTIONS", "feature_columns", "TRAIN_POINTS", "TEST_POINTS", "embedded_data"}
def name(n):
    return n.name if isinstance(n, ast.FunctionDef) else n.targets[0].id if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) else None
mod = ast.Module(body=[n for n in tree.body if name(n) in keep], type_ignores=[])
ns = {"np": np}
exec(compile(mod, "defs", "exec"), ns)
Xtr, ytr, Xte, yte = ns["embedded_data"]()
out = {"n": len(Xtr), "f": ns["feature_columns"](Xtr).ravel().tolist(), "shape": list(ns["feature_columns"](Xte).shape)}
# every feature the script knows, at two points
ns["FEATURES"] = list(ns["FEATURE_FUNCTIONS"])
every = np.array([[0.3, -0.7], [-1.2, 0.45]], dtype=np.float32)
out.update(names=ns["FEATURES"], every=ns["feature_columns"](every).ravel().tolist())
print(json.dumps(out))
`;
  const out = JSON.parse(python(['-c', probeCode, path]).stdout);
  assert.equal(out.n, x.data.train.y.length);
  assert.deepEqual(out.f, Array.from(featureColumns(x.data.train.X, FEATS)), 'float32 for float32');
  assert.deepEqual(out.shape, [x.data.test.y.length, 3]);
  // every feature of the library has its Python form, and it computes what featureColumns does
  assert.deepEqual(out.names, [...FEATURES]);
  assert.deepEqual(out.every, Array.from(featureColumns([0.3, -0.7, -1.2, 0.45].map(Math.fround), FEATURES)));
});

test('experiments with features: checked and named; the page\'s experimentOf() carries them', async () => {
  const network = { loss: 'binary_crossentropy', layers: [{ units: 1, activation: 'sigmoid' }] };
  const v = validateExperiment({ dataset, network });
  assert.deepEqual(v.dataset.features, FEATS);
  assert.deepEqual(v.network.features, FEATS);
  assert.equal(v.network.inputs, 3, 'inputs default to the number of features');
  assert.equal(validateExperiment({ dataset: { ...dataset, features: undefined }, network }).network.features, undefined);
  const bad = [
    [{ dataset: { ...dataset, features: ['x1', 'x3'] }, network }, /experiment\.dataset\.features\[1\] must be one of x1, x2/],
    [{ dataset: { ...dataset, features: [] }, network }, /experiment\.dataset\.features must be a non-empty array/],
    [{ dataset: { type: 'sine', features: ['x1'] }, network }, /experiment\.dataset\.features: the sine data set has 1 input; feature inputs are for the 2-D sets/],
    [{ dataset, network: { ...network, inputs: 2 } }, /experiment\.network: inputs is 2; the network takes the 3 feature inputs of features \(x1sq, x2sq, x1x2\), so inputs must be 3/],
    [{ dataset, network: { ...network, features: ['x1sq'] } }, /experiment\.network\.features is x1sq; experiment\.dataset\.features is x1sq, x2sq, x1x2: they must be the same list/],
    [{ dataset: { ...dataset, features: undefined }, network: { ...network, features: FEATS } }, /experiment\.network\.features is x1sq, x2sq, x1x2; experiment\.dataset\.features is not set/],
  ];
  for (const [e, re] of bad) assert.throws(() => validateExperiment(e), re);
  // embedded points are (x1, x2): 3 columns are refused
  assert.throws(() => exportPyTorch({ dataset, network }, { data: { train: { X: [[1, 2, 3]], y: [1] } } }), /data\.train\.X\[0\] must be a row of 2 numbers/);

  const { experimentOf } = await import('../../web/exports.js');
  const { fromHash } = await import('../../web/state.js');
  const st = fromHash('ds=circles&feat=x1sq,x2sq,x1x2').state;
  const e = experimentOf(st, st.a);
  assert.deepEqual(e.dataset.features, FEATS);
  assert.deepEqual(e.network.features, FEATS);
  assert.equal(e.network.inputs, 3);
  assert.deepEqual(validateExperiment(e).dataset.features, FEATS);
  assert.equal(experimentOf(fromHash('ds=circles').state, st.a).dataset.features, undefined, 'x1, x2: the data\'s own columns');
});

test('the model file records the features (version 3) and gives them back; versions 1 and 2 still load', () => {
  const net = lab.network({ inputs: 3, features: FEATS, layers: [{ units: 2, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 2 });
  assert.deepEqual(net.features, FEATS);
  assert.deepEqual(net.spec.features, FEATS);
  const j = net.toJSON();
  assert.equal(j.version, 3);
  assert.deepEqual(j.spec.features, FEATS);
  const back = lab.network.fromJSON(JSON.stringify(j));
  assert.deepEqual(back.features, FEATS);
  assert.deepEqual(back.getWeights(), net.getWeights());
  const X = featureColumns([0.3, -0.6, 0.9, 0.1], FEATS);
  assert.deepEqual(back.predict(X), net.predict(X));
  assert.throws(() => lab.network.fromJSON({ ...j, version: 2 }), /network\.fromJSON\(\): model\.spec\.features \(the feature inputs\) needs model\.version 3, got 2/);
  assert.throws(() => lab.network.fromJSON({ ...j, spec: { ...j.spec, features: ['x1sq'] } }), /inputs is 3; the network takes the 1 feature inputs of features \(x1sq\), so inputs must be 1/);
  assert.throws(() => lab.network.fromJSON({ ...j, version: 4 }), /model\.version 4 is not supported \(this gradlab reads versions 1, 2, 3\)/);
  // without features: version 1 (plain) or 2 (layer options), as before
  const plain = lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  assert.equal(plain.toJSON().version, 1);
  assert.equal(plain.features, null);
  assert.equal(lab.network.fromJSON(plain.toJSON()).features, null);
  assert.ok(!('features' in plain.spec), 'the spec of a plain network is as before');
  const opts = lab.network({ inputs: 2, layers: [{ units: 2, activation: 'relu', norm: 'layer' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  assert.equal(opts.toJSON().version, 2);
  assert.equal(lab.network.fromJSON(opts.toJSON()).features, null);
  for (const n of [net, back, plain, opts]) n.dispose();
});

test('CLI: export --train of a config with features; --weights of a model on other features is refused', () => {
  const run = cli;
  const config = {
    dataset: { ...dataset },
    network: { loss: 'binary_crossentropy', seed: 1, layers: [{ units: 1, activation: 'sigmoid' }] },
    train: { epochs: 60, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.05 } },
  };
  // train --out: the model records the features
  const { cfg, hist, h } = cliTrain(sc, config);
  assert.equal(h.model.version, 3);
  assert.deepEqual(h.model.spec.features, FEATS);
  // export with those weights: the script reports gradlab's test accuracy on the same points
  const out = join(dir, 'cli-feat.py');
  const e = run('export', '--config', cfg, '--framework', 'pytorch', '--weights', hist, '--out', out, '-q');
  assert.equal(e.status, 0, e.stderr);
  const got = JSON.parse(python([out, '--no-train', '--predict', file('none.json', '[]')]).stdout.trim().split('\n').pop());
  assert.ok(Math.abs(got.test_accuracy - h.final.test.accuracy) < 1e-6, `script ${got.test_accuracy}, gradlab ${h.final.test.accuracy}`);
  assert.ok(h.final.test.accuracy > 0.9, `one sigmoid unit on x1², x2², x1·x2 fits the circles (${h.final.test.accuracy})`);
  // --train: the same, trained now
  const e2 = run('export', '--config', cfg, '--framework', 'keras', '--train', '-q');
  assert.equal(e2.status, 0, e2.stderr);
  assert.match(e2.stdout, /^FEATURES = \["x1sq", "x2sq", "x1x2"\]$/m);
  // a model on other features does not fit this config
  const other = file('other.json', JSON.stringify({ ...config, dataset: { ...dataset, features: ['x1', 'x2', 'x1x2'] } }));
  const bad = run('export', '--config', other, '--framework', 'pytorch', '--weights', hist, '-q');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--weights .*history\.json: the model takes the feature inputs x1sq, x2sq, x1x2, the config's network x1, x2, x1x2/);
  const nf = file('nf.json', JSON.stringify({ ...config, network: { ...config.network, features: ['x1sq'] } }));
  assert.match(run('train', '--config', nf, '-q').stderr, /config\.network\.features must be the list of config\.dataset\.features \(x1sq, x2sq, x1x2\), got \["x1sq"\]/);
});
