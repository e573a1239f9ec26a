// The PyTorch and Keras scripts of a network trained on a table (the page's
// bundled iris, or the user's CSV), exported as the page exports them
// (web/exports.js experimentScript, with the worker's data as tableData makes it):
//  - the script shuffles, splits and standardises the table as gradlab does:
//    its shuffle's row order is shuffleRows', its training and test rows are
//    tableData's float32 for float32 (the same statistics of the training rows);
//  - run with /usr/bin/python3 (Debian's python3-torch; these tests FAIL if
//    torch cannot be imported), --no-train prints the page's own test accuracy
//    and --predict on raw feature rows gives gradlab's predictions within 1e-5;
//  - trained anew in PyTorch over seeds 1 … 5, its median test accuracy is
//    the library's within TOLERANCE;
//  - a regression CSV: its label standardised as the page does, the same predictions;
//  - a CSV's script takes the file's path, refuses a file with another
//    checksum (the message names both) and says what it needs without one;
//  - the Keras script compiles and holds the same data code (no TensorFlow here);
//  - the exporter's checks of a table's dataset and rows name the field;
//  - the CLI: `gradlab export --weights` of a bundled table's config gives
//    `gradlab train`'s test accuracy with --no-train.
// One Python process per script: each check of the script runs in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { python, startPython, stopPython, scratch, cli, cliTrain } from './helpers/python.js';
import { load, shuffleRows, applyScaling } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras, validateExperiment } from '../../dist/export.js';
import { fromHash, textSum, networkSpec } from '../../web/state.js';
import { loadTable, makeData, targets, trainOptions } from '../../web/experiment.js';
import { experimentOf, experimentScript } from '../../web/exports.js';

const lab = await load();
const sc = scratch('gradlab-export-tables-');
const { dir, file } = sc;

// one interpreter imports torch for the file (fails if it cannot); each script runs in a fork of it
before(startPython);
after(stopPython);

const SEEDS = [1, 2, 3, 4, 5];
// |median test accuracy of PyTorch − of gradlab| over SEEDS (different initial draws, same data)
const TOLERANCE = 0.05;

/** The page's settings of `hash`, with the user's CSV `csv` ({ name, text }) loaded as panels/table.js loads it. */
function settings(hash, csv) {
  const { state: st, errors } = fromHash(hash);
  assert.deepEqual(errors, []);
  if (csv) {
    const sum = textSum(csv.text);
    Object.assign(st, { ds: 'csv', table: { name: csv.name, sum, text: csv.text }, csv: csv.name, csvsum: sum });
  }
  return st;
}

/** Network A of the page's settings trained as the worker trains it: { net, data, table, test (accuracy) }. */
async function pageNet(st, seed = st.seed) {
  const table = await loadTable(lab, st);
  const data = makeData(lab, st, table);
  const cfg = st.a;
  const net = lab.network(networkSpec(cfg, seed, data.classes, data.inputs, null));
  const ytr = targets(data.ytr, cfg, data.classes), yte = targets(data.yte, cfg, data.classes);
  net.train(data.Xtr, ytr, trainOptions(cfg, st.epochs, { X: data.Xte, y: yte }));
  return { net, data, table, test: net.evaluate(data.Xte, yte).accuracy };
}

// In the script's own process: its split, its data, --no-train (with --predict
// of the raw rows), training anew per seed, and what else `checks` asks for.
const PROBE = `
import contextlib, importlib.util, io, json, sys
path, src, pts, seeds, checks = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4]), json.loads(sys.argv[5])
spec = importlib.util.spec_from_file_location("exported", path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
def run(args):
    sys.argv = [path, *args]
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            mod.main()
    except SystemExit as e:
        return {"exit": str(e.code), "stderr": err.getvalue()}
    return json.loads(out.getvalue().strip().split("\\n")[-1])
X, y, n_train, order = mod.split_rows(*src)
Xtr, ytr, Xte, yte = mod.load_data(*src)
result = {"order": order, "n_train": n_train, "Xtr": Xtr.ravel().tolist(), "Xte": Xte.ravel().tolist(),
          "ytr": ytr.tolist(), "yte": yte.tolist(), "noTrain": run([*src, "--no-train", "--predict", pts]), "seeds": []}
for s in seeds:
    mod.SEED = s
    result["seeds"].append(run([*src, "--predict", pts])["test_accuracy"])
result["checks"] = [run(args) for args in checks]
print(json.dumps(result))
`;

/** Run the script in one process: PROBE's result. src: the script's own arguments (the CSV's path). */
function probe(script, src, rows, checks = [], seeds = SEEDS) {
  const path = file('script.py', script);
  const r = python(['-c', PROBE, path, JSON.stringify(src), file('rows.json', JSON.stringify(rows)), JSON.stringify(seeds), JSON.stringify(checks)], { timeout: 600_000 });
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (a) => { const s = [...a].sort((p, q) => p - q); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Everything the script must share with the page, checked on the probe's result. */
async function checkAgainstPage(t, st, page, out, n, seeds = true) {
  // the shuffle: the rows' order is shuffleRows' (a table of row numbers, shuffled)
  const jsOrder = Array.from(shuffleRows({ X: Float32Array.from({ length: n }, (_, i) => i), y: new Float32Array(n), inputs: 1 }, st.dseed).X);
  assert.deepEqual(out.order, jsOrder, 'the split\'s row order');
  assert.equal(out.n_train, page.data.ytr.length);
  // the same rows, standardised with the same statistics: float32 for float32
  assert.deepEqual(out.Xtr, Array.from(page.data.Xtr), 'the training rows, standardised');
  assert.deepEqual(out.Xte, Array.from(page.data.Xte), 'the test rows, standardised');
  assert.deepEqual(out.ytr, Array.from(page.data.ytr));
  assert.deepEqual(out.yte, Array.from(page.data.yte));
  // --no-train: the page's weights give the page's test accuracy and predictions
  // (the library's accuracy is a float32; the script's a double: the same count of rows within 1e-6)
  assert.ok(Math.abs(out.noTrain.test_accuracy - page.test) < 1e-6, `--no-train: script ${out.noTrain.test_accuracy}, page ${page.test}`);
  const ours = page.net.predict(applyScaling(page.table.X, page.data.inputs, page.data.table.scaling));
  const theirs = out.noTrain.predictions.flat();
  assert.equal(theirs.length, ours.length);
  let diff = 0;
  for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
  assert.ok(diff <= 1e-5, `max |gradlab - torch| = ${diff}`);
  if (!seeds) {
    t.diagnostic(`page test accuracy ${page.test} (script --no-train ${out.noTrain.test_accuracy}); max |gradlab - torch| ${diff.toExponential(2)} over ${n} rows`);
    return;
  }
  // trained anew: PyTorch's accuracy over seeds is the library's within TOLERANCE
  const libAcc = [];
  for (const s of SEEDS) { const p = await pageNet(st, s); libAcc.push(p.test); p.net.dispose(); }
  const gap = Math.abs(median(out.seeds) - median(libAcc));
  t.diagnostic(`page test accuracy ${page.test} (script --no-train ${out.noTrain.test_accuracy}); max |gradlab - torch| ${diff.toExponential(2)} over ${n} rows; ` +
    `trained anew, seeds ${SEEDS.join(',')}: torch ${out.seeds.join(' ')} (median ${median(out.seeds)}), gradlab ${libAcc.join(' ')} (median ${median(libAcc)})`);
  assert.ok(gap <= TOLERANCE, `median test accuracy: torch ${median(out.seeds)}, gradlab ${median(libAcc)}`);
  assert.ok(median(libAcc) > 0.8, `the nets learn the table (${median(libAcc)})`);
}

const HASH = 'dseed=7&split=0.6&std=zscore&epochs=12&opt=adam&lr=0.01&batch=16';

test('iris: the script rebuilds the page\'s split, gives its test accuracy with --no-train, and trains as gradlab', async (t) => {
  const st = settings(`ds=iris&${HASH}`);
  const page = await pageNet(st);
  try {
    const script = experimentScript('pytorch', st, 0, JSON.stringify(page.net.toJSON()), null, { X: page.table.X, y: page.table.y });
    assert.match(script, /^TABLE = "iris"$/m);
    assert.match(script, /^SPLIT_SEED = 7$/m);
    assert.match(script, /^TRAIN_FRACTION = 0\.6$/m);
    assert.match(script, /^STANDARDISE = "zscore"$/m);
    assert.match(script, /^5\.1,3\.5,1\.4,0\.2,0$/m, 'the rows, compact');
    const rows = [];
    for (let i = 0; i < 150; i++) rows.push(Array.from(page.table.X.subarray(4 * i, 4 * i + 4)));
    await checkAgainstPage(t, st, page, probe(script, [], rows), 150);
    // Keras: the same data code, compiled (TensorFlow is not installed)
    const keras = experimentScript('keras', st, 0, JSON.stringify(page.net.toJSON()), null, { X: page.table.X, y: page.table.y });
    python(['-m', 'py_compile', file('keras.py', keras)]);
    assert.match(keras, /keras\.Input\(shape=\(4,\)\)/);
    assert.match(keras, /^ {4}X_train, y_train, X_test, y_test = load_data\(\)$/m);
    assert.match(keras, /^ {12}points = scale_rows\(np\.array\(json\.load\(f\), dtype=np\.float32\)\.reshape\(-1, INPUTS\)\)$/m);
    for (const name of ['def shuffle_order', 'def scaling_of', 'def load_data', 'TABLE_ROWS = """']) assert.ok(keras.includes(name), name);
  } finally { page.net.dispose(); }
});

// iris as a user's CSV: the label first and as text, a header with a quoted name, CRLF, spaces
// (the file also has a byte-order mark, which the page's TextDecoder drops: not in the text)
async function irisCsv() {
  const iris = await lab.datasets.iris();
  const lines = ['species,"sepal length, cm",sepal width,petal length,petal width'];
  for (let i = 0; i < 150; i++) {
    const x = Array.from(iris.X.subarray(4 * i, 4 * i + 4), (v) => String(Number(v.toPrecision(6))));
    lines.push(`${iris.classNames[iris.y[i]]}, ${x[0]},"${x[1]}",${x.slice(2).join(',')}`);
  }
  return { name: 'iris-like.csv', text: `${lines.join('\r\n')}\r\n` };
}

test('a CSV: the script reads the file, checks its checksum, and gives the page\'s accuracy', async (t) => {
  const csv = await irisCsv();
  const st = settings(`ds=iris&${HASH}&std=minmax`, csv);
  st.label = 0;
  const page = await pageNet(st);
  try {
    const e = experimentOf(st, st.a);
    assert.deepEqual(e.dataset, { type: 'csv', seed: 7, trainFraction: 0.6, std: 'minmax', file: 'iris-like.csv', checksum: textSum(csv.text), rows: 150, label: 0, classes: 3 });
    const script = experimentScript('pytorch', st, 0, JSON.stringify(page.net.toJSON()), null, null);
    assert.match(script, /^#   python3 this\.py DATA\.csv --no-train/m, 'the usage names the file');
    assert.match(script, new RegExp(`^#   DATA\\.csv: the CSV file "iris-like\\.csv" the page trained on \\(the script checks its checksum, ${textSum(csv.text)}\\)$`, 'm'));
    const path = join(dir, 'iris-like.csv');
    writeFileSync(path, `\ufeff${csv.text}`); // UTF-8 with a byte-order mark, which the page drops as it reads the file
    const other = file('other.csv', csv.text.replace('5.1', '5.2'));
    const rows = [];
    for (let i = 0; i < 150; i++) rows.push(Array.from(page.table.X.subarray(4 * i, 4 * i + 4)));
    const out = probe(script, [path], rows, [[other, '--no-train'], ['--no-train']]);
    await checkAgainstPage(t, st, page, out, 150);
    const [otherFile, none] = out.checks;
    assert.equal(otherFile.exit, `${other}: its checksum is ${textSum(csv.text.replace('5.1', '5.2'))}, but the page trained on 'iris-like.csv' with checksum ${textSum(csv.text)}: ` +
      'not the same text (a changed or other file, or other line ends); give the very file the page loaded');
    assert.equal(none.exit, '2');
    assert.match(none.stderr, /the following arguments are required: DATA\.csv/);
    python(['-m', 'py_compile', file('keras-csv.py', experimentScript('keras', st, 0, JSON.stringify(page.net.toJSON()), null, null))]);
  } finally { page.net.dispose(); }
});

test('a regression CSV: the label standardised as the page does; --no-train predicts as gradlab', async (t) => {
  const lines = ['x1,x2,value'];
  for (let i = 0; i < 80; i++) {
    const a = Math.sin(i * 0.7) * 3, b = Math.cos(i * 1.3) * 50 + 100;
    lines.push(`${a.toFixed(3)},${b.toFixed(2)},${(1000 + 40 * a - 2 * b + 5 * Math.sin(i)).toFixed(2)}`);
  }
  const csv = { name: 'values.csv', text: `${lines.join('\n')}\n` };
  const st = settings(`ds=iris&${HASH}`, csv);
  st.a.out = 'linear_mse';
  const page = await pageNet(st);
  try {
    assert.equal(page.data.classes, 0, 'a regression');
    const e = experimentOf(st, st.a);
    assert.equal(e.dataset.classes, 0);
    assert.equal(e.network.loss, 'mse');
    const script = experimentScript('pytorch', st, 0, JSON.stringify(page.net.toJSON()), null, null);
    const path = file('values.csv', csv.text);
    const rows = [];
    for (let i = 0; i < 80; i++) rows.push(Array.from(page.table.X.subarray(2 * i, 2 * i + 2)));
    // the same rows and standardised values, the same predictions and count of close rows (no seeds: one process, fast)
    await checkAgainstPage(t, st, page, probe(script, [path], rows, [], []), 80, false);
  } finally { page.net.dispose(); }
});

test('digits: the rows are embedded compactly (a character a pixel)', async () => {
  const digits = await lab.datasets.digits();
  const experiment = { dataset: { type: 'digits', seed: 2 }, network: { inputs: 64, loss: 'categorical_crossentropy', layers: [{ units: 10, activation: 'softmax' }] } };
  const script = exportPyTorch(experiment, { table: digits });
  assert.match(script, /^TABLE_CODE = "base36"$/m);
  assert.ok(script.length < 160_000, `the digits' script has ${script.length} characters`);
  const keras = exportKeras(experiment, { table: digits });
  assert.ok(keras.length < 160_000);
});

test('a table\'s dataset and rows are checked and named', async () => {
  const iris = await lab.datasets.iris();
  const network = { inputs: 4, loss: 'categorical_crossentropy', layers: [{ units: 3, activation: 'softmax' }] };
  const v = validateExperiment({ dataset: { type: 'iris' }, network });
  assert.deepEqual(v.dataset, { type: 'iris', seed: 1, trainFraction: 0.5, std: 'zscore', n: 150, classes: 3 });
  const csv = { type: 'csv', file: 'a.csv', checksum: '0123abcd', rows: 10, classes: 3 };
  const bad = [
    [{ dataset: { type: 'iris', noise: 0.1 }, network }, {}, /experiment\.dataset \(the bundled table iris\): unknown field 'noise'/],
    [{ dataset: { type: 'iris', std: 'robust' }, network }, {}, /experiment\.dataset: unknown std 'robust' \(valid: 'zscore', 'minmax', 'none'\)/],
    [{ dataset: { type: 'iris' }, network: { ...network, inputs: 3 } }, {}, /experiment\.network\.inputs is 3; the iris table has 4 features/],
    [{ dataset: { type: 'iris' }, network }, {}, /options\.table is missing: the script of the bundled table iris embeds its rows; give them as lab\.datasets\.iris\(\) returns them/],
    [{ dataset: { type: 'iris' }, network }, { table: { X: iris.X.subarray(4), y: iris.y } }, /table\.X has 149 rows; the iris table has 150/],
    [{ dataset: { type: 'iris' }, network }, { table: { X: iris.X, y: iris.y.map((c) => c + 1) } }, /table\.y\[\d+\] is 3; with 3 outputs/],
    [{ dataset: { type: 'iris' }, network }, { table: iris, data: { train: { X: [1, 2, 3, 4], y: [0] } } }, /options\.data: the script of a table \(iris\) shuffles, splits and standardises/],
    [{ dataset: { ...csv, checksum: 'xyz' }, network }, {}, /experiment\.dataset: checksum must be the CSV text's checksum, 8 hex digits/],
    [{ dataset: { ...csv, classes: 1 }, network }, {}, /experiment\.dataset: classes is 1/],
    [{ dataset: { ...csv, rows: undefined }, network }, {}, /experiment\.dataset: rows must be an integer/],
    [{ dataset: csv, network }, { table: iris }, /options\.table: the script of a CSV reads the file "a\.csv" itself/],
    [{ dataset: { type: 'circles' }, network: { inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] } }, { table: iris }, /options\.table: only the bundled tables \(iris, breastCancer, digits\) embed a table/],
  ];
  for (const [e, o, re] of bad) assert.throws(() => exportPyTorch(e, o), re);
  // a regression CSV: one output, its label standardised as the features
  const reg = exportPyTorch({ dataset: { ...csv, classes: 0 }, network: { inputs: 3, loss: 'mse', layers: [{ units: 1, activation: 'linear' }] } });
  assert.match(reg, /^CLASSES = 0 {2}# 0: a regression label$/m);
  assert.throws(() => exportPyTorch({ dataset: { ...csv, classes: 0 }, network: { inputs: 3, loss: 'categorical_crossentropy', layers: [{ units: 3, activation: 'softmax' }] } }),
    /units is 3; the csv table is a regression|units is 3; the csv data set is a regression/);
});

test('CLI: export --weights of a bundled table\'s config: --no-train gives gradlab train\'s test accuracy', () => {
  const { cfg, hist, h } = cliTrain(sc, {
    dataset: { type: 'breastCancer', seed: 4, trainFraction: 0.7, std: 'minmax' },
    network: { loss: 'binary_crossentropy', seed: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] },
    train: { epochs: 20, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } },
  });
  const out = join(dir, 'bc.py');
  const e = cli('export', '--config', cfg, '--framework', 'pytorch', '--weights', hist, '--out', out, '-q');
  assert.equal(e.status, 0, e.stderr);
  const script = readFileSync(out, 'utf8');
  assert.match(script, /^TABLE = "breastCancer"$/m);
  assert.match(script, /^STANDARDISE = "minmax"$/m, 'config.dataset.std, as gradlab train standardises the table');
  const got = JSON.parse(python([out, '--no-train', '--predict', file('none.json', '[]')]).stdout.trim().split('\n').pop());
  assert.ok(Math.abs(got.test_accuracy - h.final.test.accuracy) < 1e-6, `script ${got.test_accuracy}, gradlab ${h.final.test.accuracy}`);
  assert.ok(h.final.test.accuracy > 0.9, `trained (${h.final.test.accuracy})`);
});
