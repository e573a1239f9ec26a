// The 'full' statistics through the module: the history's shape and its
// retention (memory bounded: docs/API.md, "Memory of the history").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, limits, DIST_QUANTITIES, DIST_PERCENTILES, DIST_BINS, DIST_UNIT_STATS } from '../../dist/gradlab.js';

const lab = await load();
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
  net.dispose();
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
