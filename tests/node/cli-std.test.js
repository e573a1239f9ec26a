// cli-std.test.js — `gradlab train`'s table standardisation, config.dataset.std:
// the page's setting `std` with the library's values (SCALINGS: zscore, minmax,
// none), computed by scalingOf() on the training rows only and applied to both
// sets; a bad value exits 2 naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, SCALINGS, fromCSV, shuffleRows, scalingOf, applyScaling } from '../../dist/gradlab.js';
import { prepare } from '../../src/js/cli/train.js';
import { cli as run, scratch } from './helpers/python.js';

const { dir } = scratch('gradlab-cli-std-');

// a table whose columns have very different ranges (so that the three choices differ)
const csvText = ['a,b,c,y', ...Array.from({ length: 40 }, (_, i) => `${i * 3 + 100},${(i % 7) * 0.01},${(i * 37) % 11 - 5},${i % 2}`)].join('\n');
const csv = join(dir, 't.csv');
writeFileSync(csv, csvText);
const config = (ds) => ({
  dataset: { trainFraction: 0.75, seed: 4, ...ds },
  network: { inputs: 3, loss: 'binary_crossentropy', seed: 1, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] },
  train: { epochs: 3, batchSize: 8, optimizer: { type: 'sgd', learningRate: 0.1 } },
});
const cfgFile = (name, ds) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(config(ds))); return f; };

test('config.dataset.std: each choice is scalingOf() of the training rows, applied to both sets', async () => {
  const lab = await load();
  // what the library gives: the same shuffle and split, scaled with the training rows' statistics
  const raw = lab.datasets.split(shuffleRows(fromCSV(csvText), 4), 0.75);
  const d = 3;
  assert.deepEqual([...SCALINGS], ['zscore', 'minmax', 'none']);
  const seen = [];
  for (const std of [undefined, ...SCALINGS]) {
    const { split } = await prepare(cfgFile(`c-${std}.json`, std ? { std } : {}), csv, { lab, net: false });
    const s = scalingOf(raw.train.X, d, std ?? 'zscore');
    assert.deepEqual(split.train.X, applyScaling(raw.train.X, d, s), `${std}: the training rows`);
    assert.deepEqual(split.test.X, applyScaling(raw.test.X, d, s), `${std}: the test rows, with the training rows' statistics`);
    seen.push(split.train.X);
    // what each choice means, on the training rows' first column
    const col = Array.from({ length: split.train.y.length }, (_, i) => split.train.X[i * d]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    if ((std ?? 'zscore') === 'zscore') {
      assert.ok(Math.abs(mean) < 1e-5, `zscore: mean ${mean}`);
      assert.ok(Math.abs(Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length) - 1) < 1e-5, 'zscore: std 1');
    }
    if (std === 'minmax') { assert.equal(Math.min(...col), 0); assert.equal(Math.max(...col), 1); }
    if (std === 'none') assert.deepEqual(split.train.X, raw.train.X, 'none: the file\'s units');
  }
  assert.deepEqual(seen[0], seen[1], 'the default is zscore');
  assert.notDeepEqual(seen[1], seen[2]);
  assert.notDeepEqual(seen[2], seen[3]);
  // a bundled table takes std too
  const iris = join(dir, 'iris.json');
  writeFileSync(iris, JSON.stringify({ ...config({ type: 'iris', std: 'minmax' }), network: { loss: 'categorical_crossentropy', layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }] } }));
  const b = await prepare(iris, null, { lab, net: false });
  const t = lab.datasets.split(shuffleRows(await lab.datasets.iris(), 4), 0.75);
  assert.deepEqual(b.split.train.X, applyScaling(t.train.X, 4, scalingOf(t.train.X, 4, 'minmax')));
});

test('gradlab train: every std value trains; a bad one exits 2 naming config.dataset.std', () => {
  for (const std of SCALINGS) {
    const out = join(dir, `h-${std}.json`);
    const r = run('train', '--config', cfgFile(`r-${std}.json`, { std }), '--data', csv, '--out', out, '-q');
    assert.equal(r.status, 0, `${std}: ${r.stderr}`);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).epochs.length, 3);
  }
  for (const [ds, re] of [
    [{ std: 'robust' }, /config\.dataset\.std must be one of zscore, minmax, none, got "robust"/],
    [{ std: 1 }, /config\.dataset\.std must be one of zscore, minmax, none, got 1/],
    [{ std: null }, /config\.dataset\.std must be one of zscore, minmax, none, got null/],
  ]) {
    const r = run('train', '--config', cfgFile('bad.json', ds), '--data', csv, '-q');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  // the help names the field and its values
  const help = run('train', '--help');
  assert.match(help.stdout, /config\.dataset\.std \(zscore, minmax, none; default zscore\)/);
  // a generated set is used as generated: std is named
  const gen = join(dir, 'gen.json');
  writeFileSync(gen, JSON.stringify({ ...config({ type: 'circles', std: 'minmax' }), network: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] } }));
  const g = run('train', '--config', gen, '-q');
  assert.equal(g.status, 2, g.stderr);
  assert.match(g.stderr, /config\.dataset\.std: the standardisation is for tables .*circles/);
});
