// `gradlab train --seeds` (src/js/cli/train.js): one config trained from several
// network seeds on reproduce's worker pool, written as the bands over seeds in
// reproduce's formats. The bands are checked against the seeds' own histories,
// each trained here by a plain `gradlab train` with that seed in its config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BAND_STATS } from '../../dist/gradlab.js';
import { epochBands } from '../../src/js/cli/reproduce.js';
import { npQuantile, close, Q } from './helpers/quantile.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const cli = (args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120000 });
const CONFIG = {
  dataset: { type: 'circles', n: 200, noise: 0.1, factor: 0.6, seed: 3 },
  network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 },
  train: { epochs: 6, batchSize: 16, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } },
};

test('train --seeds: the bands (JSON and CSV) are the quantiles of each seed\'s own history; --jobs gives the same bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-seeds-'));
  try {
    const cfg = join(dir, 'exp.json');
    writeFileSync(cfg, JSON.stringify(CONFIG));
    const seeds = [2, 5, 9, 11];
    const json = join(dir, 's.json'), csv = join(dir, 'b.csv'), json1 = join(dir, 's1.json');
    let r = cli(['train', '--config', cfg, '--seeds', seeds.join(','), '--jobs', '2', '-q', '--out', json, '--bands-csv', csv]);
    assert.equal(r.status, 0, r.stderr);
    r = cli(['train', '--config', cfg, '--seeds', seeds.join(','), '--jobs', '1', '-q', '--out', json1]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(json1, 'utf8'), readFileSync(json, 'utf8'), 'the worker threads give the numbers of the serial loop');
    const out = JSON.parse(readFileSync(json, 'utf8'));
    assert.deepEqual(out.seeds, seeds);
    assert.deepEqual(out.config, CONFIG);
    const b = out.bands;
    assert.equal(b.seeds, 4);
    assert.deepEqual(b.epochs, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Object.keys(b.metrics), ['loss', 'accuracy', 'valLoss', 'valAccuracy']);
    assert.equal(b.layers.length, 3);

    // each seed on its own: the config with that network seed, one plain train
    const own = seeds.map((seed) => {
      const f = join(dir, `seed${seed}.json`), h = join(dir, `h${seed}.json`);
      writeFileSync(f, JSON.stringify({ ...CONFIG, network: { ...CONFIG.network, seed } }));
      const rr = cli(['train', '--config', f, '-q', '--out', h]);
      assert.equal(rr.status, 0, rr.stderr);
      return JSON.parse(readFileSync(h, 'utf8'));
    });
    own.forEach((o, i) => {
      assert.deepEqual(out.runs[i].final, o.final, `seed ${seeds[i]}: the same final figures`);
      assert.equal(out.runs[i].seed, seeds[i]);
      assert.equal(out.runs[i].epochs, 6);
    });
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'model,epoch,layer,stat,value');
    assert.equal(rows.length - 1, 6 * (4 + 3) * 5);
    const csvValue = new Map(rows.slice(1).map((line) => { const [m, e, l, s, v] = line.split(','); assert.equal(m, 'exp'); return [`${e}/${l}/${s}`, Number(v)]; }));
    for (let e = 1; e <= 6; e++) {
      for (const s of BAND_STATS) {
        for (const m of ['loss', 'accuracy', 'valLoss', 'valAccuracy']) {
          close(b.metrics[m][s][e - 1], npQuantile(own.map((o) => o.epochs[e - 1][m]), Q[s]), `${m} ${s} @${e}`);
          assert.equal(csvValue.get(`${e}/all/${m}_${s}`), b.metrics[m][s][e - 1]);
        }
        for (let l = 0; l < 3; l++) {
          close(b.layers[l].gradMeanAbs[s][e - 1], npQuantile(own.map((o) => o.epochs[e - 1].layers[l].gradMeanAbs), Q[s]), `L${l + 1} ${s} @${e}`);
          assert.equal(csvValue.get(`${e}/${l + 1}/gradMeanAbs_${s}`), b.layers[l].gradMeanAbs[s][e - 1]);
        }
      }
    }
    // --seeds N: seeds 1 … N; a CSV --out is the bands' table
    r = cli(['train', '--config', cfg, '--seeds', '3', '--jobs', '2', '-q', '--out', join(dir, 'n.csv')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'n.csv'), 'utf8').split('\n').length - 2, 6 * 7 * 5);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('epochBands lines the seeds up by epoch number (thinned or stopped histories)', () => {
  const ep = (epoch, v) => ({ epoch, loss: v, accuracy: v, valLoss: null, valAccuracy: null, layers: [{ gradMeanAbs: v }] });
  // a long history keeps every other epoch; a seed that stopped early kept each of its own
  const b = epochBands([[ep(1, 1), ep(2, 2), ep(4, 4), ep(6, 6)], [ep(1, 10), ep(2, 20), ep(3, 30)], [ep(2, 200), ep(4, 400), ep(6, 600)]]);
  assert.deepEqual(b.epochs, [1, 2, 3, 4, 6], 'epoch 5: no seed kept it');
  assert.deepEqual(b.metrics.loss.n, [2, 3, 1, 2, 2]);
  assert.deepEqual(b.metrics.loss.median, [5.5, 20, 30, 202, 303]);
  assert.deepEqual(b.layers[0].gradMeanAbs.max, [10, 200, 30, 400, 600]);
});

test('train --seeds: bad seeds and options that need one seed are refused naming the flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-seeds-'));
  try {
    const cfg = join(dir, 'exp.json');
    writeFileSync(cfg, JSON.stringify(CONFIG));
    for (const [args, re] of [
      [['--seeds', '0'], /--seeds must be in 1 … 1000, got 0/],
      [['--seeds', '3,x'], /--seeds: 'x' is not a seed/],
      [['--seeds', '1,99999999999'], /--seeds: '99999999999' is not a seed/],
      [['--seeds', '3', '--stats', 'full'], /--stats full goes with one seed/],
      [['--seeds', '3', '--diagnose'], /--diagnose goes with one seed/],
      [['--seeds', '3', '--jobs', '0'], /--jobs must be in 1 … 64/],
      [['--jobs', '2'], /--jobs goes with --seeds/],
      [['--bands-csv', 'x.csv'], /--bands-csv goes with --seeds/],
    ]) {
      const r = cli(['train', '--config', cfg, '-q', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
    writeFileSync(cfg, JSON.stringify({ ...CONFIG, network: { ...CONFIG.network, layers: [{ units: 0, activation: 'tanh' }] } }));
    const r = cli(['train', '--config', cfg, '-q', '--seeds', '3', '--jobs', '2']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /config\.network/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
