// seedBands (src/js/bands.js, exported by dist/gradlab.js): the bands over
// seeds that the CLI's `reproduce` and the page's 10-seed study show. The
// quantiles are computed here independently (sorting and interpolating by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedBands, bandRows, BAND_STATS, load } from '../../dist/gradlab.js';
import { npQuantile, close, Q } from './helpers/quantile.js';


test('seedBands on a hand-made example: the numbers numpy gives', () => {
  const ep = (loss, accuracy, g) => ({ loss, accuracy, valLoss: null, valAccuracy: null, layers: g.map((x) => ({ gradMeanAbs: x })) });
  const h = [
    [ep(1, 0.5, [1, 10]), ep(0.5, 0.6, [2, 20])],
    [ep(2, 0.7, [3, 30]), ep(0.4, 0.8, [4, 40])],
    [ep(3, 0.9, [5, 50]), ep(0.3, 1.0, [6, 60])],
    [ep(10, 0.1, [7, 70])], // stopped after one epoch
  ];
  const b = seedBands(h);
  assert.equal(b.seeds, 4);
  assert.deepEqual(b.epochs, [1, 2]);
  // epoch 1: loss over 4 seeds [1, 2, 3, 10]
  assert.equal(b.metrics.loss.median[0], 2.5);
  assert.equal(b.metrics.loss.q1[0], 1.75);
  assert.equal(b.metrics.loss.q3[0], 4.75);
  assert.equal(b.metrics.loss.min[0], 1);
  assert.equal(b.metrics.loss.max[0], 10);
  assert.equal(b.metrics.loss.n[0], 4);
  // epoch 2: 3 seeds left
  assert.equal(b.metrics.loss.n[1], 3);
  assert.equal(b.metrics.loss.median[1], 0.4);
  close(b.metrics.loss.q1[1], 0.35, 'q1');
  // valLoss: nobody has one
  assert.equal(b.metrics.valLoss.median[0], null);
  assert.equal(b.metrics.valLoss.n[0], 0);
  // layers: gradMeanAbs
  assert.equal(b.layers.length, 2);
  assert.equal(b.layers[1].gradMeanAbs.median[0], 40);
  assert.equal(b.layers[0].gradMeanAbs.q3[1], 5);
  for (const s of BAND_STATS) {
    for (let l = 0; l < 2; l++) {
      for (let e = 0; e < 2; e++) {
        const vals = h.filter((x) => x[e]).map((x) => x[e].layers[l].gradMeanAbs);
        const q = { median: 0.5, q1: 0.25, q3: 0.75, min: 0, max: 1 }[s];
        close(b.layers[l].gradMeanAbs[s][e], npQuantile(vals, q), `layer ${l + 1} ${s} epoch ${e + 1}`);
      }
    }
  }
});

test('seedBands leaves NaN out, keeps inf, and checks its argument', () => {
  const b = seedBands([[{ loss: NaN, layers: [] }], [{ loss: 1, layers: [] }], [{ loss: Infinity, layers: [] }]]);
  assert.equal(b.metrics.loss.n[0], 2);
  assert.equal(b.metrics.loss.min[0], 1);
  assert.equal(b.metrics.loss.max[0], Infinity);
  assert.equal(b.metrics.loss.median[0], Infinity);
  assert.deepEqual(seedBands([]).epochs, []);
  assert.throws(() => seedBands(null), /histories must be an array/);
  assert.throws(() => seedBands([[], 3]), /history 1 is not an array/);
});

test('seedBands over real training histories: every value is the quantile of the seeds\' own', async () => {
  const lab = await load();
  const d = lab.datasets.split(lab.datasets.circles({ n: 200, seed: 1, scale: true }), 0.5);
  const histories = [];
  for (let seed = 1; seed <= 5; seed++) {
    const net = lab.network({ inputs: 2, layers: [{ units: 4, activation: 'relu' }, { units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed });
    histories.push(net.train(d.train.X, d.train.y, { epochs: 6, validation: { X: d.test.X, y: d.test.y } }).epochs);
    net.dispose();
  }
  const b = seedBands(histories);
  for (let e = 0; e < 6; e++) {
    for (const m of ['loss', 'accuracy', 'valLoss', 'valAccuracy']) {
      for (const s of BAND_STATS) close(b.metrics[m][s][e], npQuantile(histories.map((h) => h[e][m]), Q[s]), `${m} ${s} @${e + 1}`);
    }
    for (let l = 0; l < 3; l++) {
      for (const s of BAND_STATS) close(b.layers[l].gradMeanAbs[s][e], npQuantile(histories.map((h) => h[e].layers[l].gradMeanAbs), Q[s]), `L${l + 1} ${s} @${e + 1}`);
    }
  }
  // q1 ≤ median ≤ q3, min ≤ q1, q3 ≤ max
  for (const ly of b.layers) {
    const g = ly.gradMeanAbs;
    g.median.forEach((m, i) => assert.ok(g.min[i] <= g.q1[i] && g.q1[i] <= m && m <= g.q3[i] && g.q3[i] <= g.max[i]));
  }
  // the long table: one row per epoch × (4 metrics + 3 layers) × 5 stats
  const rows = bandRows(b);
  assert.equal(rows.length, 6 * 7 * 5);
  assert.deepEqual(rows.find((r) => r.layer === 2 && r.stat === 'gradMeanAbs_q3' && r.epoch === 4).value, b.layers[1].gradMeanAbs.q3[3]);
});

test('gradlab reproduce: the JSON bands and --bands-csv are the quantiles of the seeds\' values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-bands-'));
  try {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const json = join(dir, 'r.json'), csv = join(dir, 'b.csv');
    const r = spawnSync(process.execPath, [cli, 'reproduce', '--seeds', '5', '--epochs', '4', '--grad-epochs', '1,2,3,4',
      '--models', 'deep-relu,shallow-tanh', '--jobs', '2', '-q', '--json', json, '--bands-csv', csv], { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'model,epoch,layer,stat,value');
    const csvValue = new Map(rows.slice(1).map((line) => { const [m, e, l, s, v] = line.split(','); return [`${m}/${e}/${l}/${s}`, Number(v)]; }));
    for (const m of out.models) {
      assert.deepEqual(m.bands.epochs, [1, 2, 3, 4]);
      assert.deepEqual(Object.keys(m.bands.metrics), ['loss', 'accuracy']);
      assert.equal(m.runs[0].history, undefined, 'the runs keep their old shape');
      const nl = m.runs[0].deadFraction.length;
      assert.equal(m.bands.layers.length, nl);
      for (let e = 1; e <= 4; e++) {
        for (let l = 0; l < nl; l++) {
          const vals = m.runs.map((x) => x.gradMeanAbs[e][l]);
          for (const s of BAND_STATS) {
            close(m.bands.layers[l].gradMeanAbs[s][e - 1], npQuantile(vals, Q[s]), `${m.name} L${l + 1} ${s} @${e}`);
            assert.equal(csvValue.get(`${m.name}/${e}/${l + 1}/gradMeanAbs_${s}`), m.bands.layers[l].gradMeanAbs[s][e - 1]);
          }
        }
        for (const s of BAND_STATS) assert.equal(csvValue.get(`${m.name}/${e}/all/loss_${s}`), m.bands.metrics.loss[s][e - 1]);
      }
    }
    assert.equal(rows.length - 1, out.models.reduce((a, m) => a + 4 * (2 + m.bands.layers.length) * 5, 0));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
