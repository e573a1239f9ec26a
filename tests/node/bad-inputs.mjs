#!/usr/bin/env node
// bad-inputs.mjs — every bad input we know of, tried live against the real
// module (dist/gradlab.js + dist/gradlab.wasm), the exporter (dist/export.js)
// and the CLI (dist/cli.js), printed as a markdown table:
//
//   | input | what the user gets |
//
// The second column is the Error each case actually threw (its class and
// message) or, for the CLI, the exit code and stderr — captured at run time,
// never typed in. A case that returns instead of throwing is printed as
// "NO ERROR" and makes the script exit 1.
//
//   node tests/node/bad-inputs.mjs            the table on stdout (after make)
//   node tests/node/bad-inputs.mjs --no-oom   without the out-of-memory case
//                                             (it grows one instance to ~1.8 GB)
//
// tests/node/limits.test.js imports `cases` and `runCase` and asserts that each
// case gives an Error (never a crash, never a result) and that the module works
// after each one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const { load, limits } = await import(pathToFileURL(join(DIST, 'gradlab.js')).href);
const { exportPyTorch, exportKeras } = await import(pathToFileURL(join(DIST, 'export.js')).href);

// ---- helpers ---------------------------------------------------------------------
const SMALL = { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 };
const layerSpec = (units, activation = 'relu') => ({ units, activation });
const spec = (patch) => ({ ...structuredClone(SMALL), ...patch });
const withLayer = (i, patch) => { const s = structuredClone(SMALL); Object.assign(s.layers[i], patch); return s; };
const nan = (n, at, v) => { const a = new Float32Array(n).fill(0.5); a[at] = v; return a; };

/** A network of SMALL's shape (disposed after fn). */
function withNet(lab, fn, s = SMALL) {
  const net = lab.network(s);
  try { return fn(net); } finally { net.dispose(); }
}
const X8 = new Float32Array(16).map((_, i) => (i % 5) / 5 - 0.4);
const Y8 = new Float32Array(8).map((_, i) => i % 2);

/** A valid model JSON of SMALL, to be spoiled. */
function goodModel(lab) { return withNet(lab, (n) => n.toJSON()); }
function spoilModel(lab, fn) { const m = goodModel(lab); fn(m); return m; }

let tmp = null;
function tmpFile(name, text) {
  if (!tmp) {
    tmp = mkdtempSync(join(tmpdir(), 'gradlab-bad-'));
    process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
  }
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** The CLI in a child process; a failure becomes an Error "exit N: <stderr>". */
function cli(...args) {
  const r = spawnSync(process.execPath, [join(DIST, 'cli.js'), ...args], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const e = new Error(`exit ${r.status}: ${r.stderr.trim()}`);
    e.exitCode = r.status;
    e.stderr = r.stderr;
    e.cli = true;
    throw e;
  }
  return r.stdout;
}

const CONFIG = {
  dataset: { type: 'circles', n: 100, noise: 0.1, factor: 0.8, seed: 1 },
  network: SMALL,
  train: { epochs: 2, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.1 } },
};
const configFile = (name, patch) => {
  const c = structuredClone(CONFIG);
  patch(c);
  return tmpFile(name, typeof c === 'string' ? c : JSON.stringify(c));
};

const EXPERIMENT = { dataset: { type: 'circles', n: 100 }, network: SMALL, train: { epochs: 1 } };

// The largest network the limits allow (2 layers, maxParams − 1 … in parameters);
// one takes ~360 MB of wasm memory with its gradients and optimiser state.
const BIG = { inputs: limits.maxUnits, layers: [{ units: limits.maxUnits - 2, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 };

// ---- the cases -------------------------------------------------------------------
// group, input (what was tried), run({ lab }) — must throw.
export const cases = [
  // activations
  { group: 'activations', input: "`lab.activate('tanh', 'abc')` (x a string)", run: ({ lab }) => lab.activate('tanh', 'abc') },
  { group: 'activations', input: "`lab.activate('tanh', [1, '2'])` (a string in the array)", run: ({ lab }) => lab.activate('tanh', [1, '2']) },
  { group: 'activations', input: "`lab.activate('tanh', x(10), out(9))` (wrong output length)", run: ({ lab }) => lab.activate('tanh', new Float32Array(10), new Float32Array(9)) },
  { group: 'activations', input: "`lab.activate('relu6', x)` (unknown activation)", run: ({ lab }) => lab.activate('relu6', new Float32Array(4)) },
  { group: 'activations', input: '`lab.derivative(42, x)` (name not a string)', run: ({ lab }) => lab.derivative(42, new Float32Array(4)) },
  { group: 'activations', input: "`lab.activate('leaky_relu', x, null, { alpha: NaN })`", run: ({ lab }) => lab.activate('leaky_relu', new Float32Array(4), null, { alpha: NaN }) },
  { group: 'activations', input: "`lab.activate('elu', x, null, { alpha: Infinity })`", run: ({ lab }) => lab.activate('elu', new Float32Array(4), null, { alpha: Infinity }) },
  { group: 'activations', input: "`lab.activate('tanh', x, null, { alpha: 1 })` (tanh takes no parameter)", run: ({ lab }) => lab.activate('tanh', new Float32Array(4), null, { alpha: 1 }) },
  { group: 'activations', input: `x an array of ${limits.maxElements + 1} elements (above limits.maxElements)`, run: ({ lab }) => lab.activate('relu', new Array(limits.maxElements + 1)) },
  // datasets
  { group: 'datasets', input: '`datasets.circles({ n: 0 })`', run: ({ lab }) => lab.datasets.circles({ n: 0 }) },
  { group: 'datasets', input: '`datasets.moons({ n: -5 })`', run: ({ lab }) => lab.datasets.moons({ n: -5 }) },
  { group: 'datasets', input: `\`datasets.xor({ n: ${limits.maxSamples + 1} })\` (huge)`, run: ({ lab }) => lab.datasets.xor({ n: limits.maxSamples + 1 }) },
  { group: 'datasets', input: '`datasets.circles({ noise: NaN })`', run: ({ lab }) => lab.datasets.circles({ noise: NaN }) },
  { group: 'datasets', input: "`datasets.spiral({ classes: 'three' })`", run: ({ lab }) => lab.datasets.spiral({ classes: 'three' }) },
  { group: 'datasets', input: '`datasets.circles({ factor: 1.5 })`', run: ({ lab }) => lab.datasets.circles({ factor: 1.5 }) },
  // network spec
  { group: 'network', input: '`lab.network(null)`', run: ({ lab }) => lab.network(null) },
  { group: 'network', input: '`inputs: 0`', run: ({ lab }) => lab.network(spec({ inputs: 0 })) },
  { group: 'network', input: "`inputs: '2'` (a string)", run: ({ lab }) => lab.network(spec({ inputs: '2' })) },
  { group: 'network', input: '`units: -1`', run: ({ lab }) => lab.network(withLayer(0, { units: -1 })) },
  { group: 'network', input: '`units: 2.5`', run: ({ lab }) => lab.network(withLayer(0, { units: 2.5 })) },
  { group: 'network', input: `\`units: ${limits.maxUnits + 1}\` (above limits.maxUnits)`, run: ({ lab }) => lab.network(withLayer(0, { units: limits.maxUnits + 1 })) },
  { group: 'network', input: '`units: 1e9` (huge)', run: ({ lab }) => lab.network(withLayer(0, { units: 1e9 })) },
  { group: 'network', input: '`layers: []`', run: ({ lab }) => lab.network(spec({ layers: [] })) },
  { group: 'network', input: "`layers: 'relu'` (not an array)", run: ({ lab }) => lab.network(spec({ layers: 'relu' })) },
  { group: 'network', input: `${limits.maxLayers + 1} layers (too many)`, run: ({ lab }) => lab.network(spec({ layers: [...Array.from({ length: limits.maxLayers }, () => layerSpec(2)), layerSpec(1, 'sigmoid')] })) },
  { group: 'network', input: '4096 inputs, two layers of 4096 units (too large: above limits.maxParams)', run: ({ lab }) => lab.network({ ...SMALL, inputs: 4096, layers: [layerSpec(4096), layerSpec(4096), layerSpec(1, 'sigmoid')] }) },
  { group: 'network', input: "unknown activation `'tanhh'`", run: ({ lab }) => lab.network(withLayer(0, { activation: 'tanhh' })) },
  { group: 'network', input: "unknown initialiser `'xavier'`", run: ({ lab }) => lab.network(withLayer(0, { init: 'xavier' })) },
  { group: 'network', input: '`random_uniform` with `min > max`', run: ({ lab }) => lab.network(withLayer(0, { init: 'random_uniform', initParams: { min: 1, max: -1 } })) },
  { group: 'network', input: '`random_normal` with `stddev: Infinity`', run: ({ lab }) => lab.network(withLayer(0, { init: 'random_normal', initParams: { mean: 0, stddev: Infinity } })) },
  { group: 'network', input: "unknown loss `'hinge'`", run: ({ lab }) => lab.network(spec({ loss: 'hinge' })) },
  { group: 'network', input: '`softmax` on a hidden layer', run: ({ lab }) => lab.network(withLayer(0, { activation: 'softmax' })) },
  { group: 'network', input: '`seed: -1`', run: ({ lab }) => lab.network(spec({ seed: -1 })) },
  { group: 'network', input: 'an unknown field `drop: 0.5` in a layer', run: ({ lab }) => lab.network(withLayer(0, { drop: 0.5 })) },
  { group: 'network', input: '`norm: \'batch\'` on the output layer', run: ({ lab }) => lab.network(withLayer(1, { norm: 'batch' })) },
  { group: 'network', input: '`norm: \'group\'`', run: ({ lab }) => lab.network(withLayer(0, { norm: 'group' })) },
  { group: 'network', input: '`residual: 1` on 4 units after the 2 inputs', run: ({ lab }) => lab.network(withLayer(0, { residual: 1 })) },
  { group: 'network', input: '`residual: 3` on layer 0', run: ({ lab }) => lab.network(withLayer(0, { residual: 3 })) },
  { group: 'network', input: '`dropout: 1`', run: ({ lab }) => lab.network(withLayer(0, { dropout: 1 })) },
  { group: 'network', input: '`initParams: { gain: -1 }`', run: ({ lab }) => lab.network(withLayer(0, { initParams: { gain: -1 } })) },
  { group: 'train', input: 'batch norm with `batchSize: 1`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { epochs: 1, batchSize: 1 }), withLayer(0, { norm: 'batch' })) },
  { group: 'train', input: 'batch norm, 8 samples in batches of 7 (a last batch of 1)', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { epochs: 1, batchSize: 7 }), withLayer(0, { norm: 'batch' })) },
  // training and prediction
  { group: 'train', input: 'X with 15 values for 8 samples × 2 inputs', run: ({ lab }) => withNet(lab, (n) => n.train(X8.subarray(0, 15), Y8, { epochs: 1 })) },
  { group: 'train', input: 'y with 7 labels for 8 samples', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8.subarray(0, 7), { epochs: 1 })) },
  { group: 'train', input: 'X containing NaN', run: ({ lab }) => withNet(lab, (n) => n.train(nan(16, 5, NaN), Y8, { epochs: 1 })) },
  { group: 'train', input: 'y containing Infinity', run: ({ lab }) => withNet(lab, (n) => n.train(X8, nan(8, 3, Infinity), { epochs: 1 })) },
  { group: 'train', input: 'X containing -Infinity (predict)', run: ({ lab }) => withNet(lab, (n) => n.predict(nan(16, 0, -Infinity))) },
  { group: 'train', input: "X an array of strings (predict)", run: ({ lab }) => withNet(lab, (n) => n.predict(['1', '2'])) },
  { group: 'train', input: 'X a Float64Array (predict)', run: ({ lab }) => withNet(lab, (n) => n.predict(new Float64Array(4))) },
  { group: 'train', input: "unknown optimiser `'lbfgs'`", run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { optimizer: { type: 'lbfgs' } })) },
  { group: 'train', input: '`learningRate: NaN`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { optimizer: { type: 'sgd', learningRate: NaN } })) },
  { group: 'train', input: '`learningRate: Infinity`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { optimizer: { type: 'adam', learningRate: Infinity } })) },
  { group: 'train', input: '`learningRate: -0.1`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { optimizer: { type: 'sgd', learningRate: -0.1 } })) },
  { group: 'train', input: '`batchSize: 0`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { batchSize: 0 })) },
  { group: 'train', input: `\`batchSize: ${limits.maxBatch + 1}\``, run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { batchSize: limits.maxBatch + 1 })) },
  { group: 'train', input: '`epochs: -1`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { epochs: -1 })) },
  { group: 'train', input: '`l2: NaN`', run: ({ lab }) => withNet(lab, (n) => n.train(X8, Y8, { l2: NaN })) },
  { group: 'train', input: 'a disposed network', run: ({ lab }) => { const n = lab.network(SMALL); n.dispose(); return n.predict(X8); } },
  { group: 'train', input: "`setWeights` with a kernel of the wrong length", run: ({ lab }) => withNet(lab, (n) => n.setWeights([{ kernel: new Float32Array(7), bias: new Float32Array(4) }, { kernel: new Float32Array(4), bias: new Float32Array(1) }])) },
  // model JSON
  { group: 'model JSON', input: 'text that is not JSON', run: ({ lab }) => lab.network.fromJSON('{"format": "gradlab-model",') },
  { group: 'model JSON', input: 'nested 100 000 levels deep', run: ({ lab }) => lab.network.fromJSON(`${'['.repeat(100000)}${']'.repeat(100000)}`) },
  { group: 'model JSON', input: 'an array, not an object', run: ({ lab }) => lab.network.fromJSON('[1, 2, 3]') },
  { group: 'model JSON', input: "`format: 'keras'`", run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.format = 'keras'; })) },
  { group: 'model JSON', input: '`version: 99`', run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.version = 99; })) },
  { group: 'model JSON', input: "`weights: 'x'` (wrong type)", run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.weights = 'x'; })) },
  { group: 'model JSON', input: '`kernel` holding a string', run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.weights[0].kernel[3] = 'a'; })) },
  { group: 'model JSON', input: '`kernel` holding null (NaN written by JSON.stringify)', run: ({ lab }) => lab.network.fromJSON(JSON.stringify(spoilModel(lab, (m) => { m.weights[0].kernel[3] = NaN; }))) },
  { group: 'model JSON', input: '`kernel` of 10 000 000 values (huge array) for a layer of 8', run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.weights[0].kernel = new Array(1e7).fill(0); })) },
  { group: 'model JSON', input: 'one layer of weights for a net of two', run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.weights.pop(); })) },
  { group: 'model JSON', input: 'a spec with `units: 1e9`', run: ({ lab }) => lab.network.fromJSON(spoilModel(lab, (m) => { m.spec.layers[0].units = 1e9; })) },
  { group: 'model JSON', input: 'an extra field `__proto__`-style key `constructor`', run: ({ lab }) => lab.network.fromJSON(JSON.stringify(spoilModel(lab, (m) => { m.constructor = { polluted: true }; }))) },
  // exporter
  { group: 'export', input: "`exportPyTorch` with activation `'relu6'`", run: () => exportPyTorch({ ...EXPERIMENT, network: withLayer(0, { activation: 'relu6' }) }) },
  { group: 'export', input: '`exportKeras` with 3 inputs for a 2-D data set', run: () => exportKeras({ ...EXPERIMENT, network: spec({ inputs: 3 }) }) },
  { group: 'export', input: '`exportPyTorch` with a bias of 3 values for 4 units', run: () => exportPyTorch(EXPERIMENT, { weights: [{ kernel: new Float32Array(8), bias: new Float32Array(3) }, { kernel: new Float32Array(4), bias: new Float32Array(1) }] }) },
  { group: 'export', input: '`exportPyTorch` with a NaN weight', run: () => exportPyTorch(EXPERIMENT, { weights: [{ kernel: nan(8, 2, NaN), bias: new Float32Array(4) }, { kernel: new Float32Array(4), bias: new Float32Array(1) }] }) },
  { group: 'export', input: '`exportKeras` with `learningRate: Infinity`', run: () => exportKeras({ ...EXPERIMENT, train: { optimizer: { type: 'sgd', learningRate: Infinity } } }) },
  { group: 'export', input: '`exportPyTorch` with `data` holding a NaN coordinate', run: () => exportPyTorch(EXPERIMENT, { data: { train: { X: nan(16, 5, NaN), y: Y8 } } }) },
  { group: 'export', input: '`exportKeras` with `data` whose test label is 2 (binary cross-entropy)', run: () => exportKeras(EXPERIMENT, { data: { train: { X: X8, y: Y8 }, test: { X: X8.subarray(0, 4), y: [0, 2] } } }) },
  { group: 'export', input: '`exportPyTorch` with `data` of 100 001 points (above the 100 000 a script embeds)', run: () => exportPyTorch(EXPERIMENT, { data: { train: { X: new Float32Array(200002), y: new Float32Array(100001) } } }) },
  // the .wasm
  { group: 'wasm', input: '`load()` of a missing file', run: () => load(join(tmpdir(), 'no-such-dir', 'gradlab.wasm')) },
  { group: 'wasm', input: '`load()` of bytes that are not WebAssembly', run: () => load(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])) },
  { group: 'wasm', input: '`load()` of a valid module that is not gradlab', run: () => load(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) },
  { group: 'wasm', input: '`load()` of a number', run: () => load(42) },
  // CLI
  { group: 'CLI', input: '`gradlab train --config` of a file that is not JSON', run: () => cli('train', '--config', tmpFile('bad.json', '{ "dataset": ')) },
  { group: 'CLI', input: '`gradlab train --config` of a missing file', run: () => cli('train', '--config', join(tmpdir(), 'no-such-config.json')) },
  { group: 'CLI', input: '`gradlab train` config with an unknown field', run: () => cli('train', '--config', configFile('extra.json', (c) => { c.model = 1; })) },
  { group: 'CLI', input: "`gradlab train` config with `n: 'many'`", run: () => cli('train', '--config', configFile('n.json', (c) => { c.dataset.n = 'many'; })) },
  { group: 'CLI', input: '`gradlab train` config with `learningRate: 1e999` (Infinity in JSON)', run: () => cli('train', '--config', tmpFile('inf.json', JSON.stringify(CONFIG).replace('"learningRate":0.1', '"learningRate":1e999'))) },
  { group: 'CLI', input: '`gradlab train` config with 65 layers', run: () => cli('train', '--config', configFile('deep.json', (c) => { c.network.layers = [...Array.from({ length: 64 }, () => layerSpec(2)), layerSpec(1, 'sigmoid')]; })) },
  { group: 'CLI', input: '`gradlab export --framework jax`', run: () => cli('export', '--config', configFile('ok.json', () => {}), '--framework', 'jax') },
  { group: 'CLI', input: '`gradlab export --weights` of a model of another shape', run: ({ lab }) => cli('export', '--config', configFile('ok2.json', () => {}), '--framework', 'pytorch', '--weights', tmpFile('other.json', JSON.stringify(withNet(lab, (n) => n.toJSON(), withLayer(0, { units: 6 }))))) },
  { group: 'CLI', input: '`gradlab export --weights` of a file nested 1 000 000 levels deep', run: () => cli('export', '--config', configFile('ok3.json', () => {}), '--framework', 'keras', '--weights', tmpFile('deep.json', `${'['.repeat(1e6)}${']'.repeat(1e6)}`)) },
  { group: 'CLI', input: '`gradlab export --weights` of a directory', run: () => cli('export', '--config', configFile('ok4.json', () => {}), '--framework', 'keras', '--weights', tmpdir()) },
  { group: 'CLI', input: '`gradlab reproduce --seeds=-3`', run: () => cli('reproduce', '--seeds=-3') },
  { group: 'CLI', input: '`gradlab fit` (unknown command)', run: () => cli('fit') },
  // out of memory: above the limits nothing is allocated (see the network cases);
  // within them the 2 GB of wasm memory can still run out.
  {
    group: 'memory', oom: true,
    input: `networks of the largest size the limits allow (${BIG.inputs}→${BIG.layers[0].units}→1, ${BIG.inputs * BIG.layers[0].units + 2 * BIG.layers[0].units + 1} parameters), created until the 2 GB of wasm memory run out`,
    run: ({ lab, log = () => {} }) => {
      const nets = [];
      try {
        for (let i = 0; i < 64; i++) {
          nets.push(lab.network(BIG));
          log(`  network ${i + 1}: wasm memory ${(lab.memoryBytes / 2 ** 20).toFixed(0)} MiB`);
        }
        return `${nets.length} networks`;
      } catch (e) {
        e.created = nets.length;
        throw e;
      } finally {
        for (const n of nets) n.dispose();
      }
    },
  },
  {
    group: 'memory', oom: true,
    input: `\`net.train(X, y, { validation })\` with 2 × ${limits.maxElements} values of data (within the limits) while the largest networks fill the memory`,
    run: ({ lab }) => {
      const small = lab.network({ ...SMALL, inputs: limits.maxUnits });
      const nets = [];
      try {
        try {
          for (let i = 0; i < 64; i++) nets.push(lab.network(BIG));
        } catch (e) {
          if (e.status !== 5) throw e; // GL_ERR_NOMEM: the memory is full, as wanted
        }
        const X = new Float32Array(limits.maxElements).fill(0.25);
        const y = new Float32Array(limits.maxElements / limits.maxUnits);
        return small.train(X, y, { epochs: 1, batchSize: 4096, validation: { X, y } });
      } finally {
        for (const n of nets) n.dispose();
        small.dispose();
      }
    },
  },
];

/** Trains a small net on the moons with this lab; returns its test accuracy. */
export function healthCheck(lab) {
  const d = lab.datasets.split(lab.datasets.moons({ n: 200, noise: 0.1, seed: 1 }), 0.5);
  const net = lab.network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
  try {
    net.train(d.train.X, d.train.y, { epochs: 40, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.03 } });
    return net.evaluate(d.test.X, d.test.y).accuracy;
  } finally {
    net.dispose();
  }
}

/** Runs one case: { ok: true, message } when it threw an Error, else { ok: false, message }. */
export async function runCase(c, ctx) {
  try {
    const r = await c.run(ctx);
    return { ok: false, message: `NO ERROR: returned ${typeof r === 'string' ? r.slice(0, 60) : Object.prototype.toString.call(r)}` };
  } catch (e) {
    if (!(e instanceof Error)) return { ok: false, message: `threw a non-Error: ${String(e)}`, error: e };
    const message = e.cli ? e.message : `${e.constructor.name}: ${e.message}`;
    return { ok: true, message, error: e };
  }
}

function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

async function main() {
  const noOom = process.argv.includes('--no-oom');
  const lab = await load();
  const rows = ['| | input | what the user gets |', '|---|---|---|'];
  let bad = 0;
  for (const c of cases) {
    if (noOom && c.oom) continue;
    const t0 = performance.now();
    const r = await runCase(c, { lab });
    const ms = performance.now() - t0;
    if (!r.ok) bad++;
    rows.push(`| ${c.group} | ${cell(c.input)} | ${cell(r.message)}${c.oom ? ` (${(ms / 1000).toFixed(1)} s${r.error?.created !== undefined ? `; ${r.error.created} networks fitted` : ''})` : ''} |`);
  }
  // the module still works after all of it
  const acc = healthCheck(lab);
  process.stdout.write(`${rows.join('\n')}\n\nAfter every case above the same module instance still trains: moons test accuracy ${acc.toFixed(3)} after 40 epochs (wasm memory now ${(lab.memoryBytes / 2 ** 20).toFixed(0)} MiB).\n`);
  if (bad) {
    process.stderr.write(`bad-inputs: ${bad} case(s) did not give an Error\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
