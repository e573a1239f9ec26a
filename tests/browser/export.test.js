// The page's Export menu: "PyTorch script" and "Keras script" of the current
// experiment with the current weights (from the worker).
//  - the PyTorch script names the page's layers and activations, embeds exactly
//    the weights of the page's "Model as JSON", and run under Debian's
//    python3-torch (/usr/bin/python3 --no-train --predict) predicts the page's
//    decision surface (10 000 grid points) within 1e-5;
//  - in compare mode both networks are exported, each with its own weights;
//  - the Keras script compiles and holds the same layers;
//  - the script holds the page's own points (the split as drawn, the clicked-in
//    points at the end of the training set) and, run with --no-train, reports
//    the test accuracy the page shows;
//  - a net on feature inputs: the script computes them from the page's points
//    and predicts the page's surface (1e-5) and test accuracy;
//  - a net on a table (iris from the menu, a CSV uploaded): the script makes
//    the page's split and standardisation (the same rows, float32 for float32)
//    and reports the page's test accuracy; a CSV's script reads the file it is
//    given, refuses another one, and the page says how to run it.
// If torch cannot be imported by /usr/bin/python3 these tests FAIL (make test
// installs python3-torch in its set-up). The scripts run through one server
// that imports torch once (tests/node/helpers/python.js, pyfork.py).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, openPage } from './helpers/harness.js';
import { GRID, EXTENT } from '../../web/grid.js';
import { PY, python as runPython, startPython, stopPython } from '../node/helpers/python.js';

const dir = mkdtempSync(join(tmpdir(), 'gradlab-page-export-'));
let env;
before(async () => {
  // one interpreter imports torch for the whole file (fails if it cannot); each script runs in a fork of it
  await Promise.all([startPython(), (async () => { env = await startBrowser(); })()]);
});
after(async () => {
  stopPython();
  if (env) await env.close();
  rmSync(dir, { recursive: true, force: true });
});

const G = (page, expr, arg) => page.evaluate(expr, arg);

async function step(page, times) {
  const before = await G(page, () => window.gradlab.runs[0].epoch);
  for (let i = 0; i < times; i++) await page.click('#step');
  await page.waitForFunction((n) => window.gradlab.runs.every((r) => r.epoch >= n), before + times, { timeout: 15000 });
}

/** Clicks an Export menu item; resolves to [{ name, text }] for `count` downloads. */
async function exportItem(page, id, count = 1) {
  const got = [];
  const done = new Promise((resolve) => {
    const on = async (dl) => {
      got.push({ name: dl.suggestedFilename(), text: await readFile(await dl.path(), 'utf8') });
      if (got.length === count) { page.off('download', on); resolve(); }
    };
    page.on('download', on);
  });
  await page.click('#export-menu summary');
  await page.click(id);
  await done;
  return got.sort((a, b) => a.name.localeCompare(b.name));
}

const python = (args) => runPython(args).stdout;

let fileNo = 0;
function file(name, text) {
  const p = join(dir, `${fileNo++}-${name}`);
  writeFileSync(p, text);
  return p;
}

/** The WEIGHTS the script embeds, read by Python itself (not by a regex). */
function embeddedWeights(script) {
  const out = python(['-c', 'import json, runpy, sys; g = runpy.run_path(sys.argv[1], run_name="exported"); print(json.dumps(g["WEIGHTS"]))', script]);
  return JSON.parse(out);
}

// The page's surface grid: row 0 at the top (as the worker builds it).
function gridPoints() {
  const pts = [];
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) pts.push([-EXTENT + (2 * EXTENT * (c + 0.5)) / GRID, EXTENT - (2 * EXTENT * (r + 0.5)) / GRID]);
  }
  return pts;
}

function checkScript(script, model, surface, layers) {
  // the layers and activations of the page
  const fanIns = [2, ...layers.map((l) => l.units)];
  for (let i = 0; i < layers.length; i++) assert.ok(script.text.includes(`nn.Linear(${fanIns[i]}, ${layers[i].units})`), `nn.Linear(${fanIns[i]}, ${layers[i].units})`);
  assert.ok(script.text.includes(`nn.Linear(${layers.at(-1).units}, 1)`), 'the sigmoid output layer');
  for (const l of layers) assert.match(script.text, new RegExp(`# ${l.act}\\b`));
  // the embedded weights are the page's model JSON weights, float for float
  const path = file(script.name, script.text);
  const w = embeddedWeights(path);
  assert.equal(w.length, model.weights.length);
  w.forEach((L, i) => {
    assert.deepEqual(L.kernel.flat().map(Math.fround), model.weights[i].kernel, `layer ${i + 1} kernel`);
    assert.deepEqual(L.bias.map(Math.fround), model.weights[i].bias, `layer ${i + 1} bias`);
  });
  // its predictions are the page's decision surface
  const pts = file('grid.json', JSON.stringify(gridPoints()));
  const pred = JSON.parse(python([path, '--no-train', '--predict', pts]).trim().split('\n').pop()).predictions.flat();
  assert.equal(pred.length, GRID * GRID);
  assert.equal(surface.length, GRID * GRID);
  let worst = 0;
  for (let i = 0; i < pred.length; i++) worst = Math.max(worst, Math.abs(pred[i] - surface[i]));
  assert.ok(worst <= 1e-5, `PyTorch vs the page: max difference ${worst}`);
  assert.ok(Math.max(...surface) - Math.min(...surface) > 0.05, 'the surface is not flat (the comparison means something)');
  return worst;
}

test('Export → PyTorch script: the page\'s layers, its current weights, its predictions (1e-5); Keras script: the same layers', async (t) => {
  const { page, context, problems } = await openPage(env, 'layers=6:relu,4:tanh,3:elu&init=he_uniform&opt=adam&lr=0.02&speed=max&epochs=500&n=300');
  try {
    await step(page, 4);
    const [model] = await exportItem(page, '#export-model');
    assert.equal(model.name, 'gradlab-model-A.json');
    const m = JSON.parse(model.text);
    const surface = await G(page, () => window.gradlab.runs[0].surface);
    const layers = (await G(page, () => window.gradlab.state)).a.layers;

    const [py] = await exportItem(page, '#export-pytorch');
    assert.equal(py.name, 'gradlab-pytorch.py');
    assert.match(py.text, /^#!\/usr\/bin\/env python3\n# Exported from gradlab \(PyTorch\)/);
    assert.match(py.text, /^EPOCHS = 500$/m);
    t.diagnostic(`PyTorch vs page surface after 4 epochs: max |Δ| ${checkScript(py, m, surface, layers)}`);

    const [keras] = await exportItem(page, '#export-keras');
    assert.equal(keras.name, 'gradlab-keras.py');
    assert.equal((keras.text.match(/layers\.Dense\(/g) || []).length, 4);
    assert.doesNotMatch(keras.text, /^WEIGHTS = None/m);
    python(['-m', 'py_compile', file('k.py', keras.text)]);

    // training on changes the weights; the next script has the new ones
    await step(page, 2);
    const [py2] = await exportItem(page, '#export-pytorch');
    assert.notEqual(py2.text, py.text, 'the script follows the current weights');
    const [model2] = await exportItem(page, '#export-model');
    checkScript(py2, JSON.parse(model2.text), await G(page, () => window.gradlab.runs[0].surface), layers);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('Export → PyTorch script in compare mode: one script per network, each with its own weights', async (t) => {
  const { page, context, problems } = await openPage(env, 'cmp=1&layers=5:tanh&b.layers=4:swish,4:gelu&speed=max&epochs=100&n=200');
  try {
    await step(page, 3);
    const surfaces = await G(page, () => window.gradlab.runs.map((r) => r.surface));
    const st = await G(page, () => window.gradlab.state);
    const scripts = await exportItem(page, '#export-pytorch', 2);
    assert.deepEqual(scripts.map((s) => s.name), ['gradlab-A-pytorch.py', 'gradlab-B-pytorch.py']);
    // the page's model JSON of each network (the Network panel edits A, then B)
    const [mA] = await exportItem(page, '#export-model');
    await page.click('#tab-b');
    assert.equal(await page.locator('#export-model').textContent(), 'Model B as JSON');
    const [mB] = await exportItem(page, '#export-model');
    assert.equal(mB.name, 'gradlab-model-B.json');
    const dA = checkScript(scripts[0], JSON.parse(mA.text), surfaces[0], st.a.layers);
    const dB = checkScript(scripts[1], JSON.parse(mB.text), surfaces[1], st.b.layers);
    t.diagnostic(`compare mode: max |Δ| A ${dA}, B ${dB}`);
    assert.match(scripts[1].text, /# swish/);
    assert.match(scripts[1].text, /# gelu/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('Export → PyTorch script: the page\'s points, clicked-in ones too; --no-train reports the page\'s test accuracy', async (t) => {
  const { page, context, problems } = await openPage(env, 'layers=8:tanh,6:tanh&opt=adam&lr=0.03&speed=max&epochs=120&n=400');
  try {
    // two points clicked in, one of each class
    const n0 = await G(page, () => window.gradlab.data.ytr.length);
    const box = await page.locator('#surface-a').boundingBox();
    const at = (x, y) => [box.x + ((x + EXTENT) / (2 * EXTENT)) * box.width, box.y + ((EXTENT - y) / (2 * EXTENT)) * box.height];
    await page.check('input[name=click-class][value="1"]');
    await page.mouse.click(...at(0.9, 0.9));
    await page.check('input[name=click-class][value="0"]');
    await page.mouse.click(...at(-0.1, 0.05));
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    // trained to the epoch limit with them (a net well past chance: the comparison means something)
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch >= 120 && !window.gradlab.playing, null, { timeout: 60000 });
    await page.waitForFunction(() => window.gradlab.runs[0].current && /\d/.test(document.querySelector('#status .test-acc')?.textContent));
    const shown = await page.locator('#status .test-acc').textContent();
    const { current } = (await G(page, () => window.gradlab.runs))[0];
    const data = await G(page, () => window.gradlab.data);
    const pts = (await G(page, () => window.gradlab.state)).pts;
    assert.equal(pts.length, 2);

    const [py] = await exportItem(page, '#export-pytorch');
    // the points: every one of the page's, float32 for float32, the added ones last
    const path = file(py.name, py.text);
    const embedded = JSON.parse(python(['-c', 'import json, runpy, sys; g = runpy.run_path(sys.argv[1], run_name="exported"); print(json.dumps([g["TRAIN_POINTS"], g["TEST_POINTS"]]))', path]));
    const split = (rows) => ({ X: rows.flatMap((r) => [r[0], r[1]]).map(Math.fround), y: rows.map((r) => r[2]) });
    const [tr, te] = embedded.map(split);
    assert.deepEqual(tr.X, data.Xtr);
    assert.deepEqual(tr.y, data.ytr);
    assert.deepEqual(te.X, data.Xte);
    assert.deepEqual(te.y, data.yte);
    assert.equal(tr.y.length, n0 + 2);
    assert.deepEqual(embedded[0].slice(-2).map((r) => [Math.fround(r[0]), Math.fround(r[1]), r[2]]), pts.map((p) => [Math.fround(p.x), Math.fround(p.y), p.c]));

    // --no-train: the page's test accuracy, as the page prints it and to 1e-6
    const out = python([path, '--no-train']);
    const printedTest = /^test loss [\d.]+, test accuracy ([\d.]+)$/m.exec(out)?.[1];
    const printedTrain = /^train loss [\d.]+, train accuracy ([\d.]+)$/m.exec(out)?.[1];
    assert.equal(printedTest, shown, `the script prints test accuracy ${printedTest}; the page shows ${shown}`);
    assert.equal(printedTest, current.valAccuracy.toFixed(3));
    assert.equal(printedTrain, current.accuracy.toFixed(3), 'the train accuracy of the current weights, on the points with the added ones');
    const exact = JSON.parse(python([path, '--no-train', '--predict', file('none.json', '[]')]).trim().split('\n').pop()).test_accuracy;
    assert.ok(Math.abs(exact - current.valAccuracy) < 1e-6, `script ${exact}, page ${current.valAccuracy}`);
    assert.ok(current.valAccuracy > 0.7, `trained: test accuracy ${current.valAccuracy}`);
    // what the script used to do: regenerate the data (numpy), another test set
    const regen = /^test loss [\d.]+, test accuracy ([\d.]+)$/m.exec(python([path, '--no-train', '--regenerate']))?.[1];
    t.diagnostic(`test accuracy: page ${shown} (${current.valAccuracy}), script --no-train ${printedTest} (${exact}); with --regenerate ${regen}`);

    // the Keras script embeds the same points
    const [keras] = await exportItem(page, '#export-keras');
    const k = file('k.py', keras.text);
    python(['-m', 'py_compile', k]);
    const literal = (text, name) => text.slice(text.indexOf(`\n${name} = [`), text.indexOf('\n]\n', text.indexOf(`\n${name} = [`)));
    assert.equal(literal(keras.text, 'TRAIN_POINTS'), literal(py.text, 'TRAIN_POINTS'));
    assert.equal(literal(keras.text, 'TEST_POINTS'), literal(py.text, 'TEST_POINTS'));
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

// A network on feature inputs (issue 15): the script computes x₁², x₂², x₁·x₂
// from the page's points (x₁, x₂) and, with the page's weights, predicts the
// page's surface and reports the page's test accuracy.
test('Export → PyTorch script of a net on feature inputs: the page\'s surface (1e-5) and test accuracy', async (t) => {
  const { page, context, problems } = await openPage(env, 'feat=x1sq,x2sq,x1x2&layers=3:tanh&opt=adam&lr=0.03&speed=max&epochs=60&n=400');
  try {
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch >= 60 && !window.gradlab.playing, null, { timeout: 60000 });
    await page.waitForFunction(() => window.gradlab.runs[0].current && window.gradlab.runs[0].surfaceRes === 100, null, { timeout: 60000 });
    const { current, surface } = (await G(page, () => window.gradlab.runs))[0];
    const [py] = await exportItem(page, '#export-pytorch');
    assert.match(py.text, /^FEATURES = \["x1sq", "x2sq", "x1x2"\]$/m);
    assert.ok(py.text.includes('nn.Linear(3, 3)'), 'the first layer takes the 3 features');
    const path = file(py.name, py.text);
    const pred = JSON.parse(python([path, '--no-train', '--predict', file('grid.json', JSON.stringify(gridPoints()))]).trim().split('\n').pop());
    let worst = 0;
    pred.predictions.flat().forEach((p, i) => { worst = Math.max(worst, Math.abs(p - surface[i])); });
    t.diagnostic(`features x1sq, x2sq, x1x2: PyTorch vs the page's surface max |Δ| ${worst}; test accuracy page ${current.valAccuracy}, script ${pred.test_accuracy}`);
    assert.ok(worst <= 1e-5, `max difference ${worst}`);
    assert.ok(Math.max(...surface) - Math.min(...surface) > 0.5, 'a surface that separates the circles');
    assert.ok(Math.abs(pred.test_accuracy - current.valAccuracy) < 1e-6, `script ${pred.test_accuracy}, page ${current.valAccuracy}`);
    const [keras] = await exportItem(page, '#export-keras');
    assert.match(keras.text, /keras\.Input\(shape=\(3,\)\)/);
    python(['-m', 'py_compile', file('kf.py', keras.text)]);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

// A table (iris from the data menu, or the user's CSV uploaded): the script
// shuffles, splits and standardises the table as the page's worker does (the
// same rows, float32 for float32) and, with the page's weights, reports the
// page's test accuracy. In one Python process: load_data() and main().
const TABLE_PROBE = `
import contextlib, io, json, runpy, sys
path, src, none = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
g = runpy.run_path(path, run_name="exported")
Xtr, ytr, Xte, yte = g["load_data"](*src)
sys.argv = [path, *src, "--no-train", "--predict", none]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    g["main"]()
print(json.dumps({"Xtr": Xtr.ravel().tolist(), "Xte": Xte.ravel().tolist(), "ytr": ytr.tolist(), "yte": yte.tolist(),
                  "test_accuracy": json.loads(out.getvalue().strip().split("\\n")[-1])["test_accuracy"]}))
`;

async function checkTableScript(t, page, src, what, epochs) {
  await page.click('#play');
  await page.waitForFunction((n) => window.gradlab.runs[0].epoch >= n && !window.gradlab.playing, epochs, { timeout: 120000 });
  await page.waitForFunction(() => window.gradlab.runs[0].current, null, { timeout: 60000 });
  const { current } = (await G(page, () => window.gradlab.runs))[0];
  const data = await G(page, () => window.gradlab.data);
  const [py] = await exportItem(page, '#export-pytorch');
  const path = file(py.name, py.text);
  const out = JSON.parse(python(['-c', TABLE_PROBE, path, JSON.stringify(src), file('none.json', '[]')]).trim().split('\n').pop());
  for (const k of ['Xtr', 'Xte', 'ytr', 'yte']) assert.deepEqual(out[k], data[k], `${what}: the script's ${k} is the page's`);
  t.diagnostic(`${what}: test accuracy page ${current.valAccuracy}, script --no-train ${out.test_accuracy}; ${data.ytr.length} + ${data.yte.length} rows`);
  assert.ok(Math.abs(out.test_accuracy - current.valAccuracy) < 1e-6, `script ${out.test_accuracy}, page ${current.valAccuracy}`);
  // trained, not to perfection (the comparison means something: some rows are wrong)
  assert.ok(current.valAccuracy > 0.5 && current.valAccuracy < 1, `trained: ${current.valAccuracy}`);
  const [keras] = await exportItem(page, '#export-keras');
  python(['-m', 'py_compile', file('kt.py', keras.text)]);
  return py;
}

test('Export → PyTorch script of a net on iris: the page\'s split and standardisation, its test accuracy', async (t) => {
  const { page, context, problems } = await openPage(env, 'ds=iris&dseed=5&split=0.6&std=minmax&layers=6:tanh&opt=adam&lr=0.03&speed=max&epochs=10');
  try {
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 4 && window.gradlab.ready, null, { timeout: 30000 });
    const py = await checkTableScript(t, page, [], 'iris', 10);
    assert.match(py.text, /^TABLE = "iris"$/m);
    assert.match(py.text, /^STANDARDISE = "minmax"$/m);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('Export → PyTorch script of a net on the user\'s CSV: it reads the file, the page\'s test accuracy', async (t) => {
  const { page, context, problems } = await openPage(env, 'layers=6:tanh&opt=adam&lr=0.03&speed=max&epochs=40&dseed=3');
  try {
    const rows = ['"size (cm)","weight, kg",kind'];
    for (let i = 0; i < 120; i++) {
      const c = i % 3, v = (k) => (c - 1 + 1.2 * Math.sin(i * 1.3 + k * 2.1)).toFixed(3);
      rows.push(`${v(0)},"${v(1)}",${['red', 'green', 'blue'][c]}`);
    }
    const text = `${rows.join('\r\n')}\r\n`;
    await page.selectOption('#ds', 'csv');
    await page.setInputFiles('#csv-file', { name: 'kinds.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${text}`) });
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.classes === 3 && window.gradlab.ready, null, { timeout: 30000 });
    const csv = file('kinds.csv', `\ufeff${text}`);
    const py = await checkTableScript(t, page, [csv], 'kinds.csv', 40);
    assert.match(py.text, /^CSV_FILE = "kinds\.csv"/m);
    // the page says how to run it
    assert.equal(await page.locator('.message.info[data-key="script-csv"] p').textContent(), // (the last export: Keras)
      'gradlab-keras.py reads your CSV: run python3 gradlab-keras.py kinds.csv with the same file "kinds.csv": the script checks that it is the same text.');
    // another file: refused, named
    const r = spawnSync(PY, [file(py.name, py.text), file('other.csv', text.replace('red', 'pink')), '--no-train'], { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /other\.csv: its checksum is [0-9a-f]{8}, but the page trained on 'kinds\.csv' with checksum [0-9a-f]{8}: not the same text/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
