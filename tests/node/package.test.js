// The npm package, proven by consumers (issue 5):
//  1. `npm pack` holds exactly what a user needs (dist/gradlab.js, .d.ts,
//     .wasm, cli.js, README.md, package.json) and its package.json is the
//     module's contract (type module, exports with types first, bin, files,
//     sideEffects, engines);
//  2. a Node project in a temporary folder installs the tarball offline,
//     imports 'gradlab' (through node_modules, not this repository), trains a
//     net to a stated accuracy, loads the wasm from bytes and from a compiled
//     Module, gets a clear Error for a wrong .wasm, and runs the `gradlab` bin;
//  3. tests/types/usage.ts and errors.ts type-check with tsc (strict) against
//     the installed package, resolved through "exports" → "types".
// The Vite consumer (built and run in Chromium) is tests/browser/vite-consumer.test.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packAndInstall } from '../browser/helpers/consumer-app/pack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const REQUIRED = ['README.md', 'dist/cli.js', 'dist/export.d.ts', 'dist/export.js', 'dist/gradlab-data.js', 'dist/gradlab.d.ts', 'dist/gradlab.js', 'dist/gradlab.wasm', 'package.json'];

let work;
let pack; // { tarball, files, consumer }

before(() => {
  work = mkdtempSync(join(tmpdir(), 'gradlab-package-'));
  pack = packAndInstall(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

function node(args, opts = {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000, ...opts });
  if (r.error) throw r.error;
  return r;
}

test('npm pack holds exactly the files a user needs', () => {
  const expected = [...REQUIRED].sort();
  assert.deepEqual(pack.files.map((f) => f.path).sort(), expected);
  // the packed wasm and module are the built ones
  for (const f of ['dist/gradlab.wasm', 'dist/gradlab.js']) {
    const installed = readFileSync(join(pack.consumer, 'node_modules/gradlab', f));
    assert.ok(installed.equals(readFileSync(join(ROOT, f))), `${f} in the tarball equals the build`);
  }
  const wasm = pack.files.find((f) => f.path === 'dist/gradlab.wasm');
  assert.ok(wasm.size > 1000 && wasm.size < 2_000_000, `gradlab.wasm is ${wasm.size} bytes`);
});

test('package.json is the module\'s contract', () => {
  const pkg = JSON.parse(readFileSync(join(pack.consumer, 'node_modules/gradlab/package.json'), 'utf8'));
  assert.equal(pkg.name, 'gradlab');
  assert.equal(pkg.type, 'module');
  const dot = pkg.exports['.'];
  assert.deepEqual(Object.keys(dot)[0], 'types', '"types" must come first in exports["."]');
  assert.equal(dot.types, './dist/gradlab.d.ts');
  assert.equal(dot.default ?? dot.import, './dist/gradlab.js');
  assert.equal(pkg.exports['./gradlab.wasm'], './dist/gradlab.wasm');
  assert.equal(pkg.bin.gradlab, './dist/cli.js');
  assert.equal(pkg.sideEffects, false);
  assert.match(pkg.engines.node, />=\s*20/);
  assert.ok(pkg.scripts?.prepublishOnly, 'prepublishOnly runs the tests');
  assert.equal(Object.keys(pkg.dependencies ?? {}).length, 0, 'no runtime dependencies');
  const cli = readFileSync(join(pack.consumer, 'node_modules/gradlab/dist/cli.js'), 'utf8');
  assert.match(cli, /^#!\/usr\/bin\/env node/, 'the bin has a node shebang');
});

test('a Node project installs the tarball offline and trains a net', () => {
  const script = `
import { load, limits, GradlabError } from 'gradlab';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const moduleFile = fileURLToPath(import.meta.resolve('gradlab'));
const wasmFile = fileURLToPath(import.meta.resolve('gradlab/gradlab.wasm'));
const lab = await load();
const data = lab.datasets.split(lab.datasets.circles({ n: 400, noise: 0.05, factor: 0.5, seed: 3 }), 0.5);
const net = lab.network({
  inputs: 2, loss: 'binary_crossentropy', seed: 1,
  layers: [{ units: 16, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid', init: 'glorot_uniform' }],
});
const history = net.train(data.train.X, data.train.y, { epochs: 80, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.03 } });
const test = net.evaluate(data.test.X, data.test.y);
const bytes = readFileSync(wasmFile);
const fromBytes = await load(new Uint8Array(bytes));
const fromModule = await load(await WebAssembly.compile(bytes));
const same = fromBytes.activate('gelu', [0.5, -1])[0] === lab.activate('gelu', [0.5, -1])[0] &&
  fromModule.activate('tanh', [0.25])[0] === lab.activate('tanh', [0.25])[0];
let wrong = null;
try { await load(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])); } catch (e) { wrong = { name: e.name, message: e.message, isGradlab: e instanceof GradlabError }; }
let other = null; // a valid wasm module that is not gradlab's
try { await load(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])); } catch (e) { other = e.message; }
let missing = null;
try { await load(new URL('./no-such.wasm', import.meta.url)); } catch (e) { missing = e.message; }
console.log(JSON.stringify({
  moduleFile, wasmFile, epochs: history.epochs.length, firstLoss: history.epochs[0].loss,
  lastLoss: history.epochs.at(-1).loss, test, same, wrong, other, missing, maxLayers: limits.maxLayers,
  activations: lab.activations.length,
}));
`;
  writeFileSync(join(pack.consumer, 'consumer.mjs'), script);
  const r = node(['consumer.mjs'], { cwd: pack.consumer });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const installed = realpathSync(join(pack.consumer, 'node_modules/gradlab'));
  assert.ok(out.moduleFile.startsWith(installed), `'gradlab' resolves into node_modules: ${out.moduleFile}`);
  assert.ok(out.wasmFile.startsWith(installed) && out.wasmFile.endsWith('gradlab.wasm'), out.wasmFile);
  assert.equal(out.epochs, 80);
  assert.ok(out.lastLoss < out.firstLoss / 2, `loss ${out.firstLoss} -> ${out.lastLoss}`);
  assert.ok(out.test.accuracy >= 0.9, `test accuracy ${out.test.accuracy}`);
  assert.equal(out.same, true, 'a lab loaded from bytes or a Module computes the same');
  assert.equal(out.wrong?.isGradlab, true, JSON.stringify(out.wrong));
  assert.match(out.wrong.message, /not a WebAssembly module/);
  assert.match(out.other, /is not gradlab\.wasm.*does not export/);
  assert.match(out.missing, /no-such\.wasm.*(does not exist|cannot read)|cannot read.*no-such\.wasm/);
  assert.equal(out.maxLayers, 64);
  assert.equal(out.activations, 15);
});

test('the gradlab bin runs from the consumer\'s node_modules/.bin', () => {
  const bin = join(pack.consumer, 'node_modules/.bin/gradlab');
  assert.ok(existsSync(bin), 'npm linked the bin');
  const r = spawnSync(bin, ['--help'], { cwd: pack.consumer, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /reproduce/);
  assert.match(r.stdout + r.stderr, /train/);
  const bad = spawnSync(bin, ['no-such-command'], { cwd: pack.consumer, encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(bad.status, 0, 'an unknown command fails');
});

test('usage.ts and errors.ts type-check with tsc --strict against the installed package (exports → types)', () => {
  const dir = join(pack.consumer, 'ts');
  mkdirSync(dir, { recursive: true });
  for (const f of ['usage.ts', 'errors.ts']) copyFileSync(join(ROOT, 'tests/types', f), join(dir, f));
  const config = (files, lib) => JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
      lib, types: [], skipLibCheck: false,
    },
    files,
  });
  writeFileSync(join(dir, 'tsconfig.json'), config(['usage.ts', 'errors.ts'], ['ES2022', 'DOM']));
  writeFileSync(join(dir, 'tsconfig.nodom.json'), config(['usage.ts'], ['ES2022']));
  for (const p of ['tsconfig.json', 'tsconfig.nodom.json']) {
    const r = node([TSC, '-p', p, '--listFiles'], { cwd: dir });
    assert.equal(r.status, 0, `tsc -p ${p}:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /node_modules\/gradlab\/dist\/gradlab\.d\.ts/, 'the types came from the installed package');
  }
  // errors.ts proves the check can fail: each of its @ts-expect-error lines must be an error
});
