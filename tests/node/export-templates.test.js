// The exporter's Python templates and its per-framework mappings
// (src/js/export/: common.py, pytorch.py, keras.py; TORCH_* of pytorch.js,
// KERAS_* of keras.js).
//  - every template is valid Python on its own (py_compile);
//  - every name of gradlab's tables (ACTIVATIONS, INITIALIZERS, LOSSES,
//    OPTIMIZERS, DATASETS, from dist/gradlab.js) exports to both frameworks:
//    a name without its PyTorch or Keras code fails here, naming the name,
//    its kind and the framework (as the exporter's own Error does);
//  - every script so exported, and a few more (with weights, every data set and
//    optimiser), is valid Python with no template marker left in it.
// py_compile runs with /usr/bin/python3 (no torch or TensorFlow needed); the
// .pyc files go to a temporary folder, not beside the templates.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVATIONS, INITIALIZERS, LOSSES, LOSS_OUTPUT, OPTIMIZERS, DATASETS, DATASET_SHAPES } from '../../dist/gradlab.js';
import { exportPyTorch, exportKeras, validateExperiment } from '../../dist/export.js';

const PY = '/usr/bin/python3';
const TEMPLATES = fileURLToPath(new URL('../../src/js/export/', import.meta.url));
const FRAMEWORKS = { PyTorch: exportPyTorch, Keras: exportKeras };
const dir = mkdtempSync(join(tmpdir(), 'gradlab-templates-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// py_compile each file (its .pyc in dir); → { file: error } for those that fail.
function pyCompile(files) {
  const code = `
import json, os, py_compile, sys
bad = {}
for i, f in enumerate(sys.argv[2:]):
    try:
        py_compile.compile(f, cfile=os.path.join(sys.argv[1], "%d.pyc" % i), doraise=True)
    except py_compile.PyCompileError as e:
        bad[f] = e.msg
print(json.dumps(bad))
`;
  const r = spawnSync(PY, ['-c', code, dir, ...files], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${PY} py_compile: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

let fileNo = 0;
const scripts = new Map(); // path → what it is
function keep(what, text) {
  assert.doesNotMatch(text, /@gradlab:/, `${what}: a template marker is left in the script`);
  const path = join(dir, `script-${fileNo++}.py`);
  writeFileSync(path, text);
  scripts.set(path, what);
}

// A small experiment with the name of the given kind in it; the rest default.
function experimentWith(kind, name) {
  const hidden = { units: 4, activation: 'tanh' };
  switch (kind) {
    case 'activation': // as the output layer (softmax is allowed there only), loss mse takes any
      return { dataset: { type: 'spiral', classes: 3, n: 60 }, network: { loss: 'mse', layers: [hidden, { units: 3, activation: name }] } };
    case 'initializer':
      return { dataset: { n: 40 }, network: { layers: [{ ...hidden, init: name }, { units: 1, activation: 'sigmoid', init: name }] } };
    case 'loss': {
      const out = LOSS_OUTPUT[name];
      const units = Math.max(out.minUnits, out.activation === 'softmax' ? 3 : 1);
      const dataset = units > 1 ? { type: 'gauss', classes: units, n: 60 } : { n: 40 };
      return { dataset, network: { loss: name, layers: [hidden, { units, activation: out.activation ?? 'linear' }] } };
    }
    case 'optimizer':
      return { dataset: { n: 40 }, network: { layers: [hidden, { units: 1, activation: 'sigmoid' }] }, train: { optimizer: { type: name } } };
    case 'dataset':
      // a regression set: its inputs, a linear output with mse
      return DATASET_SHAPES[name].target === 'value'
        ? { dataset: { type: name, n: 60 }, network: { inputs: DATASET_SHAPES[name].inputs, loss: 'mse', layers: [hidden, { units: 1, activation: 'linear' }] } }
        : { dataset: { type: name, n: 60 }, network: { layers: [hidden, { units: 1, activation: 'sigmoid' }] } };
    default:
      throw new Error(kind);
  }
}

const TABLES = { activation: ACTIVATIONS, initializer: INITIALIZERS, loss: LOSSES, optimizer: OPTIMIZERS, dataset: DATASETS };

test('every .py template of src/js/export/ is valid Python (py_compile)', () => {
  const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.py')).map((f) => join(TEMPLATES, f));
  assert.ok(files.length >= 3, `templates in ${TEMPLATES}: ${files}`);
  assert.deepEqual(pyCompile(files), {});
});

// A name without its code fails the export with an Error that names the name,
// its kind and the framework ("the Keras exporter has no mapping for the
// activation 'mish'"); the test lists each such message once, so a gap in
// another table (the loss of the experiment, say) is named as that gap.
for (const [kind, names] of Object.entries(TABLES)) {
  test(`every ${kind} of gradlab has its PyTorch and Keras code in the exporter`, () => {
    assert.ok(names.length > 0);
    const missing = new Set();
    for (const name of names) {
      const experiment = experimentWith(kind, name);
      validateExperiment(experiment); // an experiment gradlab takes: a failure below is the exporter's
      for (const [fw, exportScript] of Object.entries(FRAMEWORKS)) {
        try {
          keep(`${fw} script with the ${kind} ${name}`, exportScript(experiment));
        } catch (err) {
          missing.add(/has no mapping for/.test(err.message) ? err.message : `${fw}, the ${kind} '${name}': ${err.message}`);
        }
      }
    }
    assert.deepEqual([...missing], [], `the exporter lacks:\n  ${[...missing].join('\n  ')}`);
  });
}

test('every exported script is valid Python (py_compile), with weights and without', () => {
  const many = {
    dataset: { type: 'gauss', classes: 4, n: 80, trainFraction: 1 },
    network: {
      loss: 'categorical_crossentropy',
      layers: [
        ...ACTIVATIONS.filter((a) => a !== 'softmax').map((activation, i) => ({ units: 3, activation, init: INITIALIZERS[i % INITIALIZERS.length] })),
        { units: 4, activation: 'softmax' },
      ],
    },
    train: { optimizer: { type: 'rmsprop', momentum: 0.3 }, l1: 0.001, l2: 0.01 },
  };
  const v = validateExperiment(many);
  const weights = v.network.layers.map((L) => ({ kernel: new Float32Array(L.fanIn * L.units).fill(0.25), bias: new Float32Array(L.units).fill(-1.5) }));
  for (const [fw, exportScript] of Object.entries(FRAMEWORKS)) {
    keep(`${fw} script with every activation`, exportScript(many));
    keep(`${fw} script with every activation and weights`, exportScript(many, { weights }));
    for (const optimizer of [{ type: 'sgd', momentum: 0.9, nesterov: true }, { type: 'adam' }]) {
      keep(`${fw} script with ${JSON.stringify(optimizer)}`, exportScript({ ...many, train: { optimizer } }));
    }
  }
  // the scripts of the mapping tests above too (node:test runs a file's tests in order)
  assert.ok(scripts.size >= 2 * (ACTIVATIONS.length + INITIALIZERS.length + LOSSES.length + OPTIMIZERS.length + DATASETS.length) + 8, `${scripts.size} scripts`);
  const bad = pyCompile([...scripts.keys()]);
  assert.deepEqual(Object.entries(bad).map(([f, msg]) => `${scripts.get(f)}: ${msg}`), []);
});
