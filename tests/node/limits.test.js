// Bad input and limits: every case of tests/node/bad-inputs.mjs (the table in
// docs/API.md) gives an Error naming the problem — never a crash, never a result —
// and the module works after each one. The limits of gradlab.h are lab.limits,
// are enforced before anything is allocated, and running out of the 2 GB of
// wasm memory within them is an Error after which the module still works.
//
// Time and memory: the out-of-memory test grows one instance's wasm memory to
// ~1.7 GiB once (the process peaks at ~2.1 GB RSS) and takes ~5 s here; the
// rest takes ~5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load, limits, GradlabError } from '../../dist/gradlab.js';
import { cases, runCase, healthCheck } from './bad-inputs.mjs';

const script = fileURLToPath(new URL('./bad-inputs.mjs', import.meta.url));
const lab = await load();

test('lab.limits are the limits of limits.def, every row', () => {
  const def = readFileSync(new URL('../../src/limits.def', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const rows = [...def.matchAll(/GL_LIMIT\((GL_MAX_\w+),\s*"(\w+)",\s*([0-9]+)(?:\s*<<\s*([0-9]+))?\s*,/g)]
    .map(([, , js, a, b]) => [js, b ? Number(a) * 2 ** Number(b) : Number(a)]);
  assert.ok(rows.length >= 6, `limits.def has ${rows.length} rows`);
  assert.deepEqual(limits, Object.fromEntries(rows));
  assert.equal(limits.maxElements, 2 ** 26);
  assert.equal(limits.maxLayers, 64);
  assert.deepEqual(lab.limits, limits);
});

test('every bad input gives an Error naming the problem, and the module works after each', async () => {
  const before = healthCheck(lab);
  assert.ok(before > 0.85, `the health check learns the moons (test accuracy ${before})`);
  const groups = new Set();
  for (const c of cases.filter((x) => !x.oom)) {
    groups.add(c.group);
    const r = await runCase(c, { lab });
    assert.ok(r.ok, `${c.group}: ${c.input}: ${r.message}`);
    assert.ok(r.error instanceof Error);
    assert.ok(r.error.message.length > 10, `${c.input}: a message (${r.error.message})`);
    if (r.error.cli) {
      assert.equal(r.error.exitCode, 2, `${c.input}: exit code 2 for bad input (${r.error.message})`);
      assert.match(r.error.stderr, /^gradlab: /);
      assert.doesNotMatch(r.error.stderr, /\n\s+at .*:\d+:\d+/, `${c.input}: no stack trace`);
    } else {
      // the message says where: the API call, the field or the file
      assert.match(r.error.message, /\(|experiment\.|weights\[|data\.|gradlab:/, `${c.input}: ${r.error.message}`);
    }
    // the module still computes after it
    const y = lab.activate('tanh', [0, 1]);
    assert.equal(y[0], 0);
    assert.ok(Math.abs(y[1] - Math.tanh(1)) < 1e-6);
  }
  assert.deepEqual([...groups], ['activations', 'datasets', 'network', 'train', 'model JSON', 'export', 'wasm', 'CLI']);
  assert.ok(cases.length >= 80, `${cases.length} cases`);
  assert.equal(healthCheck(lab), before, 'the module trains exactly as before all the bad input');
});

test('the limits are enforced before anything is allocated', () => {
  const fresh = [];
  for (const c of [
    () => lab.network({ inputs: 4096, layers: [{ units: 4096, activation: 'relu' }, { units: 4096, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'mse', seed: 1 }),
    () => lab.datasets.circles({ n: limits.maxSamples + 1 }),
    () => lab.activate('relu', new Array(limits.maxElements + 1)),
  ]) {
    const m0 = lab.memoryBytes;
    assert.throws(c, RangeError);
    fresh.push(lab.memoryBytes - m0);
  }
  assert.deepEqual(fresh, [0, 0, 0], 'the wasm memory did not grow');
});

// a hang fails by the timeout (not by a time limit on a shared machine)
test('out of wasm memory is an Error (GL_ERR_NOMEM), never a crash; after dispose the module works', { timeout: 600000 }, async () => {
  const [fill, data] = cases.filter((c) => c.oom);
  const big = await runCase(fill, { lab });
  assert.ok(big.ok, big.message);
  assert.ok(big.error instanceof GradlabError, big.message);
  assert.equal(big.error.status, 5);
  assert.match(big.error.message, /^network\(spec\): out of memory \(GL_ERR_NOMEM\)/);
  // the largest network the limits allow really fits, several times
  assert.ok(big.error.created >= 3, `${big.error.created} of the largest networks fitted`);
  assert.ok(lab.memoryBytes > 1.5 * 2 ** 30 && lab.memoryBytes <= 2 ** 31, `wasm memory ${lab.memoryBytes}`);

  // data that fits the limits but not the memory left
  const d = await runCase(data, { lab });
  assert.ok(d.ok, d.message);
  assert.ok(d.error instanceof GradlabError);
  assert.equal(d.error.status, 5);
  assert.match(d.error.message, /^net\.train\(\): out of WebAssembly memory allocating \d+ bytes for the training data$/);

  // everything was disposed: the memory is reusable and the module trains
  const acc = healthCheck(lab);
  assert.ok(acc > 0.85, `a small net still learns the moons (${acc})`);
  const again = lab.network({ inputs: 4096, layers: [{ units: 4094, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 2 });
  const m = lab.memoryBytes;
  const p = again.predict(new Float32Array(4096 * 3).fill(0.1));
  assert.equal(p.length, 3);
  assert.ok(p.every((v) => v > 0 && v < 1));
  again.dispose();
  assert.equal(lab.memoryBytes, m, 'the freed memory was reused, not grown');
});

test('bad-inputs.mjs prints the table (one row per case) and exits 0', () => {
  const r = spawnSync(process.execPath, [script, '--no-oom'], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\| [a-zA-Z ]+ \| /.test(l) && !l.startsWith('| | input'));
  assert.equal(rows.length, cases.filter((c) => !c.oom).length);
  assert.ok(rows.every((l) => !/NO ERROR/.test(l)));
  assert.match(r.stdout, /\| network \| `units: 1e9` \(huge\) \| RangeError: network\(spec\)\.layers\[0\]: units must be in 1 … 4096, got 1000000000 \|/);
  assert.match(r.stdout, /After every case above the same module instance still trains: moons test accuracy 0\.9\d\d/);
});
