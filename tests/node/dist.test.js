// The 'full' statistics through the module: the history's shape and its
// retention (memory bounded: docs/API.md, "Memory of the history"),
// diagnose() on three set-ups, and the CLI's --stats full / --diagnose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, diagnose, distPercentiles, limits, DIST_QUANTITIES, DIST_PERCENTILES, DIST_BINS, DIST_UNIT_STATS } from '../../dist/gradlab.js';

const lab = await load();
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const X4 = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]);
const Y4 = new Float32Array([0, 1, 1, 0]);
const deep = (n) => ({ inputs: 2, layers: [...Array(n - 1)].map(() => ({ units: 5, activation: 'tanh' })).concat([{ units: 1, activation: 'sigmoid' }]), loss: 'binary_crossentropy', seed: 3 });

/** Bytes of a history: 8 per number, typed arrays' bytes, 64 per object/array (an upper estimate of V8's). */
function bytes(v) {
  if (ArrayBuffer.isView(v)) return v.byteLength + 64;
  if (Array.isArray(v)) return 64 + v.reduce((s, x) => s + bytes(x), 0);
  if (v && typeof v === 'object') return 64 + Object.values(v).reduce((s, x) => s + 8 + bytes(x), 0);
  return 8;
}

test("stats 'full': every layer has dist, units and updateRatio; 'basic' is unchanged", () => {
  const a = lab.network(deep(3));
  const b = lab.network(deep(3));
  const seen = [];
  const hf = a.train(X4, Y4, { epochs: 20, batchSize: 4, stats: 'full', onEpoch: (s) => { seen.push(s.layers[0].dist !== undefined); } });
  const hb = b.train(X4, Y4, { epochs: 20, batchSize: 4 });
  assert.ok(seen.every(Boolean), 'onEpoch sees the distributions of every epoch');
  assert.deepEqual(a.getWeights(), b.getWeights(), 'training is the same');
  for (let e = 0; e < 20; e++) assert.equal(hf.epochs[e].loss, hb.epochs[e].loss);
  assert.equal(hb.epochs[0].layers[0].dist, undefined);
  const L = hf.epochs.at(-1).layers[1];
  assert.deepEqual(Object.keys(L.dist), [...DIST_QUANTITIES]);
  for (const q of DIST_QUANTITIES) {
    const D = L.dist[q];
    assert.equal(D.p.length, DIST_PERCENTILES.length);
    assert.equal(D.hist.counts.length, DIST_BINS.bins);
    assert.equal(D.logHist.counts.length, DIST_BINS.logBins);
    const total = D.hist.counts.reduce((s, x) => s + x, 0) + D.hist.under + D.hist.over;
    assert.equal(total, D.count, `${q}: the histogram counts every value`);
    for (let i = 1; i < D.p.length; i++) assert.ok(D.p[i] >= D.p[i - 1], `${q}: percentiles ascend`);
  }
  assert.equal(L.dist.z.count, 4 * 5);
  assert.equal(L.dist.weight.count, 25);
  assert.deepEqual(Object.keys(L.units), [...DIST_UNIT_STATS]);
  assert.ok(L.updateRatio > 0 && Number.isFinite(L.updateRatio));
  // dist and units are built on first read, and read like plain fields by structuredClone and JSON
  const copy = structuredClone(hf.epochs.at(-1));
  assert.ok(copy.layers[1].dist.z.p instanceof Float32Array);
  assert.deepEqual(copy.layers[1].dist.z.p, L.dist.z.p);
  assert.deepEqual(JSON.parse(JSON.stringify(hf.epochs.at(-1))).layers[1].dist.dact.mean, L.dist.dact.mean);
  assert.throws(() => a.train(X4, Y4, { stats: 'all' }), /options\.stats must be 'basic' or 'full'/);
  a.dispose();
  b.dispose();
});

test('retention: the series thins past limits.maxHistoryEpochs, distributions log-spaced, onEpoch sees all', () => {
  const net = lab.network(deep(3));
  let calls = 0;
  const E = 3 * limits.maxHistoryEpochs + 5;
  const h = net.train(X4, Y4, { epochs: E, batchSize: 4, stats: 'full', onEpoch: () => { calls++; } });
  assert.equal(calls, E);
  assert.ok(h.thinned && h.stride === 4, `stride ${h.stride}`);
  assert.ok(h.epochs.length <= limits.maxHistoryEpochs + limits.maxHistoryDistEpochs + 1, `${h.epochs.length} kept`);
  assert.equal(h.epochs.at(-1).epoch, E, 'the latest is kept');
  const withDist = h.epochs.filter((e) => e.layers[0].dist);
  assert.ok(withDist.length <= limits.maxHistoryDistEpochs && withDist.length > 20, `${withDist.length} with distributions`);
  assert.equal(withDist.at(-1).epoch, E);
  assert.deepEqual(withDist.slice(0, 8).map((e) => e.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (let i = 1; i < h.epochs.length; i++) assert.ok(h.epochs[i].epoch > h.epochs[i - 1].epoch);
  // without onEpoch only the kept epochs' distributions are measured: the same history
  const twin = lab.network(deep(3));
  const h2 = twin.train(X4, Y4, { epochs: E, batchSize: 4, stats: 'full' });
  assert.equal(JSON.stringify(h2), JSON.stringify(h), 'the same history without onEpoch');
  net.dispose();
  twin.dispose();
});

test('without onEpoch, a short call keeps the same distributions as with one', () => {
  for (const epochs of [1, 2, 9, 40]) {
    const a = lab.network(deep(4)), b = lab.network(deep(4));
    const ha = a.train(X4, Y4, { epochs, batchSize: 3, stats: 'full', onEpoch: () => {} });
    const hb = b.train(X4, Y4, { epochs, batchSize: 3, stats: 'full' });
    assert.equal(JSON.stringify(hb), JSON.stringify(ha), `${epochs} epochs`);
    assert.ok(hb.epochs.at(-1).layers[0].dist.z.count > 0, 'the latest has its distributions');
    a.dispose();
    b.dispose();
  }
});

test('memory: a 20-layer net, 1,000,000 epochs basic and 10,000 epochs full, keeps < 100 MB of history', () => {
  const net = lab.network(deep(20));
  const t0 = performance.now();
  const hb = net.train(X4, Y4, { epochs: 1_000_000, batchSize: 4 });
  const mb = bytes(hb) / 1e6;
  const hf = net.train(X4, Y4, { epochs: 10_000, batchSize: 4, stats: 'full' });
  const mf = bytes(hf) / 1e6;
  const json = JSON.stringify(hf, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)).length / 1e6;
  console.log(`# history: 1e6 epochs basic ${mb.toFixed(1)} MB (${hb.epochs.length} kept, stride ${hb.stride}); 1e4 epochs full ${mf.toFixed(1)} MB (${hf.epochs.length} kept, JSON ${json.toFixed(1)} MB); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  assert.ok(mb < 100 && mf < 100, `${mb} MB, ${mf} MB`);
  assert.ok(hb.epochs.length <= limits.maxHistoryEpochs + 1);
  net.dispose();
});

// the article's set-up (gradlab reproduce): circles, 500 training points, SGD 0.01 momentum 0.9, batch 32
const data = lab.datasets.split(lab.datasets.circles({ n: 1000, noise: 0.1, factor: 0.8, seed: 1, scale: true }), 0.5);
const U01 = { init: 'random_uniform', initParams: { min: 0, max: 1 } };
function diag(hidden, layer, out, seed, epochs) {
  const layers = [...Array(hidden)].map(() => ({ units: 5, ...layer })).concat([{ units: 1, activation: 'sigmoid', ...out }]);
  const net = lab.network({ inputs: 2, layers, loss: 'binary_crossentropy', seed });
  const h = net.train(data.train.X, data.train.y, { epochs, batchSize: 32, stats: 'full', optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 } });
  const d = diagnose(h, net.spec);
  net.dispose();
  return d;
}
const kinds = (d) => new Set(d.layers.flatMap((L) => L.findings.map((f) => f.kind)));

test('diagnose: deep tanh U(0,1) vanishes, 15×5 ReLU He (seed 3) has dead units, a shallow net no alarm', () => {
  const tanh = diag(5, { activation: 'tanh', ...U01 }, U01, 1, 60);
  assert.ok(kinds(tanh).has('vanishing'), tanh.text);
  assert.match(tanh.text, /layer \d \(tanh\): gradient \d+× smaller than the output layer's at epoch \d+.*; median f′ ≈?[\d.e+-]+ at epoch \d+/);
  assert.ok(tanh.cures.some((c) => /glorot_uniform/.test(c)), tanh.text);
  const relu = diag(15, { activation: 'relu', init: 'he_uniform' }, { init: 'glorot_uniform' }, 3, 60);
  assert.ok(kinds(relu).has('dead'), relu.text);
  assert.match(relu.text, /layer \d+ \(relu\): \d of 5 units dead since epoch \d+/);
  assert.ok(!kinds(relu).has('saturated'), `a ReLU's inactive half is not saturation:\n${relu.text}`);
  assert.ok(relu.cures.some((c) => /leaky_relu/.test(c)));
  for (const seed of [1, 2, 3]) {
    const ok = diag(1, { units: 8, activation: 'tanh', init: 'glorot_uniform' }, { init: 'glorot_uniform' }, seed, 60);
    assert.ok(ok.healthy, ok.text);
    assert.match(ok.text, /no alarm/);
  }
});

test('gradlab train --stats full --diagnose: JSON, long CSV, the diagnosis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-dist-'));
  const cfg = join(dir, 'c.json');
  writeFileSync(cfg, JSON.stringify({
    dataset: { type: 'circles', n: 200, seed: 1 },
    network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 },
    train: { epochs: 5, batchSize: 32 },
  }));
  const out = execFileSync(process.execPath, [CLI, 'train', '--config', cfg, '--stats', 'full', '--diagnose', '-q', '--out', join(dir, 'h.json')], { encoding: 'utf8' });
  assert.match(out, /diagnosis at epoch 5/);
  const j = JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8'));
  assert.equal(j.epochs[4].layers[0].dist.z.p.length, DIST_PERCENTILES.length);
  execFileSync(process.execPath, [CLI, 'train', '--config', cfg, '--stats', 'full', '-q', '--out', join(dir, 'h.csv')]);
  const rows = readFileSync(join(dir, 'h.csv'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'epoch,layer,quantity,statistic,value');
  // the percentiles as figures (distPercentiles: exact where the data allow), beside min, max, absMin
  for (const [l, q] of [[0, 'dz'], [0, 'dact'], [1, 'z']]) {
    const D = j.epochs[4].layers[l].dist[q];
    const fig = distPercentiles(D);
    DIST_PERCENTILES.forEach((pc, i) => assert.ok(rows.includes(`5,${l + 1},${q},p${pc},${fig.p[i]}`), `${q} p${pc}`));
    for (const s of ['min', 'max', 'absMin']) assert.ok(rows.includes(`5,${l + 1},${q},${s},${D[s]}`), `${q} ${s}`);
  }
  assert.throws(() => execFileSync(process.execPath, [CLI, 'train', '--config', cfg, '--stats', 'all'], { stdio: 'pipe' }), /--stats must be basic or full/);
});
