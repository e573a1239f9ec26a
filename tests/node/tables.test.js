// The C core's tables are the one source of every name, default and limit
// (src/*.def → build-scripts/gen-tables → src/js/tables.js): the module exports
// what its types declare, the wasm agrees with the tables, the checks enforce
// every option row, and no source file keeps a list of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as gradlab from '../../dist/gradlab.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const lab = await gradlab.load();
const {
  ACTIVATIONS, ALPHA, INITIALIZERS, LOSSES, OPTIMIZERS, DATASETS, LAYER_STATS, OPTIMIZER_PARAMS,
  TRAIN_PARAMS, DATASET_PARAMS, INIT_PARAMS, STATUS_NAMES,
} = gradlab;

test('dist/gradlab.js exports exactly the tables dist/gradlab.d.ts declares', () => {
  const dts = readFileSync(join(ROOT, 'dist/gradlab.d.ts'), 'utf8');
  const declared = [...dts.matchAll(/^export (?:const|function|class) (\w+)/gm)].map((m) => m[1]).sort();
  const exported = Object.keys(gradlab).sort();
  assert.deepEqual(exported, declared);
  assert.ok(!/from '\.\/tables\.js'/.test(dts), 'the generated types are inlined, not imported');
});

test('the wasm agrees with the tables: activations, alpha defaults, status names', () => {
  assert.deepEqual([...lab.activations], [...ACTIVATIONS]);
  for (const name of ACTIVATIONS) {
    const info = lab.activationInfo(name);
    assert.equal(info.parametric, name in ALPHA, `${name} parametric`);
    if (info.parametric) assert.equal(info.alpha, Math.fround(ALPHA[name].def), `${name} default alpha`);
  }
  assert.deepEqual(Object.keys(DATASET_PARAMS), [...DATASETS], 'every data set has its options');
  assert.deepEqual(Object.keys(OPTIMIZER_PARAMS), [...OPTIMIZERS], 'every optimiser has its options');
  assert.equal(STATUS_NAMES[0], 'GL_OK');
  // a status from the C core carries the table's name
  try {
    lab.datasets.circles({ n: 1, noise: 0.1 });
    assert.fail('n = 1 < 2 classes must throw');
  } catch (e) {
    assert.match(e.message, /n \(1\) must be at least the number of classes/);
  }
});

/** A value just outside a row's range (or of the wrong type), and the message it must give. */
function outside(spec) {
  if (spec.type === 'boolean') return [1, /must be true or false/];
  if (spec.maxExclusive) return [spec.max, /must be/];
  if (spec.max < Number.MAX_SAFE_INTEGER) return [spec.type === 'integer' ? spec.max + 1 : spec.max * 1.5 + 1, /must be/];
  return [spec.min - 1, /must be/];
}

test('every option row of the tables is enforced, naming the field, and its default is taken', () => {
  const X = new Float32Array([0, 0, 1, 1]);
  const y = new Float32Array([0, 1]);
  const net = lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  for (const [type, P] of Object.entries(OPTIMIZER_PARAMS)) {
    for (const [name, spec] of Object.entries(P)) {
      const [v, re] = outside(spec);
      assert.throws(() => net.train(X, y, { optimizer: { type, [name]: v } }), (e) => re.test(e.message) && e.message.includes(name), `${type}.${name} = ${v}`);
      assert.doesNotThrow(() => net.train(X, y, { epochs: 1, optimizer: { type, [name]: spec.def } }), `${type}.${name} = default`);
    }
  }
  for (const [name, spec] of Object.entries(TRAIN_PARAMS)) {
    const [v, re] = outside(spec);
    assert.throws(() => net.train(X, y, { [name]: v }), (e) => re.test(e.message) && e.message.includes(name), `train ${name} = ${v}`);
  }
  for (const [ds, P] of Object.entries(DATASET_PARAMS)) {
    for (const [name, spec] of Object.entries(P)) {
      const [v, re] = outside(spec);
      assert.throws(() => lab.datasets[ds]({ n: 64, [name]: v }), (e) => re.test(e.message) && e.message.includes(name), `${ds}.${name} = ${v}`);
    }
    const d = lab.datasets[ds]({ n: 64 });
    assert.equal(d.y.length, 64);
  }
  for (const [init, P] of Object.entries(INIT_PARAMS)) {
    for (const [name, spec] of Object.entries(P)) {
      const [v] = outside(spec);
      assert.throws(() => lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid', init, initParams: { [name]: v } }], loss: 'binary_crossentropy' }),
        new RegExp(`initParams\\.${name}`), `${init}.${name} = ${v}`);
    }
  }
  net.dispose();
});

// ---- no hand-kept copies ----------------------------------------------------------
function files(dir, exts) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p, exts));
    else if (exts.some((e) => f.endsWith(e))) out.push(p);
  }
  return out;
}

test('no source file keeps its own copy of a table (three or more names in a row)', () => {
  const sources = [...files(join(ROOT, 'src/js'), ['.js', '.ts', '.py']), ...files(join(ROOT, 'web'), ['.js', '.html']),
    ...files(join(ROOT, 'build-scripts'), ['.mjs', '.js'])]
    .filter((f) => !f.endsWith('src/js/tables.js') && !f.endsWith('src/js/tables.d.ts'));
  const lists = { ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS, DATASETS, LAYER_STATS };
  const bad = [];
  for (const f of sources) {
    const text = readFileSync(f, 'utf8');
    for (const [table, names] of Object.entries(lists)) {
      for (let i = 0; i + 3 <= names.length; i++) {
        const run = names.slice(i, i + 3).map((n) => `['"]${n}['"]`).join('\\s*,\\s*');
        if (new RegExp(run).test(text)) { bad.push(`${relative(ROOT, f)}: ${table} (${names.slice(i, i + 3).join(', ')} …)`); break; }
      }
    }
  }
  assert.deepEqual(bad, [], `hand-kept lists: import them from the generated tables instead:\n${bad.join('\n')}`);
});
