// Feature inputs (issue 15): x1, x2, x1², x2², x1·x2, sin x1, sin x2 from the
// library (featureColumns), the CLI's config.dataset.features, and the page's
// setting `feat` (state.js) — one transform for all three.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURES, FEATURE_LABELS, featureColumns, checkFeatures, load } from '../../dist/gradlab.js';
import { fromHash, toHash, defaultState, netInputs, dataFeatures } from '../../web/state.js';
import { makeData, netInput } from '../../web/experiment.js';

test('featureColumns: each feature of each row, in the order asked', () => {
  assert.deepEqual([...FEATURES], ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  assert.equal(FEATURE_LABELS.x1sq, 'x₁²');
  const X = [0.5, -2, 1, 3];
  const f = featureColumns(X, [...FEATURES]);
  const want = (a, b) => [a, b, a * a, b * b, a * b, Math.sin(a), Math.sin(b)];
  assert.deepEqual(Array.from(f), [...want(0.5, -2), ...want(1, 3)].map(Math.fround));
  assert.deepEqual(Array.from(featureColumns(Float32Array.from(X), ['x1x2', 'x1'])), [-1, 0.5, 3, 1]);
  assert.throws(() => featureColumns(X, []), /features must be a non-empty array/);
  assert.throws(() => featureColumns(X, ['x3']), /features\[0\] must be one of x1, x2, x1sq/);
  assert.throws(() => featureColumns(X, ['x1', 'x1']), /features\[1\]: "x1" is listed twice/);
  assert.throws(() => featureColumns([1, 2, 3], ['x1']), /X must be sample-major \[n\]\[2\]/);
  assert.throws(() => checkFeatures('x1', 'cfg.features'), /cfg\.features must be a non-empty array/);
});

test('the page: feat in the URL (only when not x1,x2), in the library\'s order; the networks take that many inputs', async () => {
  const st = fromHash('feat=x1x2,x1sq').state;
  assert.deepEqual(st.feat, ['x1sq', 'x1x2']);
  assert.equal(netInputs(st), 2);
  assert.match(toHash(st), /feat=x1sq,x1x2/);
  assert.ok(!toHash(defaultState()).includes('feat='));
  assert.match(fromHash('feat=x1,x9').errors[0], /feature inputs: .*must be one of/);
  assert.match(fromHash('feat=').errors[0], /feature inputs/);
  const five = fromHash('feat=x1,x2,x1sq,x2sq,sinx1').state;
  assert.equal(netInputs(five), 5);
  // the sine has 1 input: no features there
  assert.equal(dataFeatures(fromHash('ds=sine&out=linear_mse&feat=x1sq').state), null);
  // the page's data: raw points to draw, the features for the networks
  const lab = await load();
  const d = makeData(lab, five);
  assert.deepEqual(d.features, ['x1', 'x2', 'x1sq', 'x2sq', 'sinx1']);
  const N = netInput(d.Xtr, d);
  assert.equal(N.length, 5 * d.ytr.length);
  assert.equal(N[2], Math.fround(d.Xtr[0] * d.Xtr[0]));
});

test('CLI: config.dataset.features trains a network on them (1 sigmoid unit on x1², x2² fits the circles); bad lists are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-feat-'));
  try {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const run = (...a) => spawnSync(process.execPath, [cli, ...a], { encoding: 'utf8', timeout: 120000 });
    const cfg = join(dir, 'c.json');
    const config = {
      dataset: { type: 'circles', n: 600, noise: 0.05, seed: 1, features: ['x1sq', 'x2sq'] },
      network: { loss: 'binary_crossentropy', seed: 1, layers: [{ units: 1, activation: 'sigmoid' }] },
      train: { epochs: 100, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.05 } },
    };
    writeFileSync(cfg, JSON.stringify(config));
    const out = join(dir, 'h.json');
    const r = run('train', '--config', cfg, '--out', out, '-q');
    assert.equal(r.status, 0, r.stderr);
    const h = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(h.model.spec.inputs, 2);
    assert.ok(h.final.test.accuracy >= 0.95, `test accuracy ${h.final.test.accuracy}`);
    // without the features the same one-unit net cannot draw a circle
    writeFileSync(cfg, JSON.stringify({ ...config, dataset: { ...config.dataset, features: undefined } }));
    const r2 = run('train', '--config', cfg, '--out', out, '-q');
    assert.equal(r2.status, 0, r2.stderr);
    assert.ok(JSON.parse(readFileSync(out, 'utf8')).final.test.accuracy < 0.7);
    for (const [features, re] of [[['x1', 'cos'], /config\.dataset\.features\[1\] must be one of/], [[], /non-empty array/]]) {
      writeFileSync(cfg, JSON.stringify({ ...config, dataset: { ...config.dataset, features } }));
      const b = run('train', '--config', cfg, '-q');
      assert.equal(b.status, 2);
      assert.match(b.stderr, re);
    }
    writeFileSync(cfg, JSON.stringify({ ...config, dataset: { ...config.dataset, features: ['x1', 'x2', 'x1x2'] }, network: { ...config.network, inputs: 2 } }));
    assert.match(run('train', '--config', cfg, '-q').stderr, /config\.network\.inputs must be 3 \(the 3 feature inputs of config\.dataset\.features\), got 2/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
