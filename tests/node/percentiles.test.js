// percentiles.test.js — distPercentiles() and formatPercentile(): a
// percentile is said exactly when its log bin meets the data's exact range
// (dist.min, dist.max, dist.absMin from the C core) in one point, else it is
// the bin's estimate, moved into that range. On hand-made distributions and
// on the C core's own (a ReLU's f′ is 0 or exactly 1; a sigmoid's f′ ≤ 0.25).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, distPercentiles, absPercentiles, formatPercentile, DIST_PERCENTILES, DIST_BINS } from '../../dist/gradlab.js';

const MED = DIST_PERCENTILES.indexOf(50);
const centre = (k) => 10 ** (DIST_BINS.logLo + (k + 0.5) * ((DIST_BINS.logHi - DIST_BINS.logLo) / DIST_BINS.logBins));
const binOf = (v) => Math.floor((Math.log10(v) - DIST_BINS.logLo) / ((DIST_BINS.logHi - DIST_BINS.logLo) / DIST_BINS.logBins));

/** A distribution of these float32 values as the C core reports it (the signed p by its rule). */
function distOf(values) {
  const v = Float32Array.from(values);
  const counts = new Float32Array(DIST_BINS.logBins);
  let zero = 0, zeros = 0, over = 0;
  for (const x of v) {
    const a = Math.abs(x);
    if (a === 0) zeros++;
    if (a < 10 ** DIST_BINS.logLo) zero++;
    else if (a >= 10 ** DIST_BINS.logHi) over++;
    else counts[binOf(a)]++;
  }
  const s = [...v].sort((a, b) => a - b);
  const n = v.length;
  const p = Float32Array.from(DIST_PERCENTILES, (pc) => {
    const x = s[Math.max(1, Math.ceil((pc * n) / 100)) - 1];
    return x === 0 ? 0 : Math.sign(x) * centre(binOf(Math.abs(x)));
  });
  const nz = [...v].filter((x) => x !== 0).map(Math.abs);
  return { count: n, zeros, min: s[0], max: s[n - 1], absMin: nz.length ? Math.min(...nz) : NaN, p,
    logHist: { lo: DIST_BINS.logLo, hi: DIST_BINS.logHi, counts, zero, over } };
}

test('an exact-1 fan gives 1 exactly; a spread fan the bin estimate; formatPercentile says which', () => {
  // a ReLU's f′: 0 or 1
  const relu = distOf([...Array(30).fill(0), ...Array(70).fill(1)]);
  assert.ok(Math.abs(absPercentiles(relu, { nonZero: true })[MED] - 1.122) < 1e-3, 'the raw bin centre is 1.12');
  const r = distPercentiles(relu, { abs: true, nonZero: true });
  assert.deepEqual(Array.from(r.p), Array(7).fill(1));
  assert.deepEqual(r.exact, Array(7).fill(true));
  assert.equal(r.all, 1);
  assert.equal(formatPercentile(r.p[MED], r.exact[MED]), '1');
  // signed: the zeros exactly 0 (the zero class holds only exact zeros), the ones exactly 1
  const s = distPercentiles(relu);
  assert.deepEqual(Array.from(s.p), [0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(s.exact, Array(7).fill(true));
  assert.equal(s.all, null, '0 and 1 differ');
  // spread values: the bin centres (within the data's range), marked as estimates
  const vals = Array.from({ length: 200 }, (_, i) => 0.01 * 1.03 ** i);
  const spread = distOf(vals);
  const a = distPercentiles(spread, { abs: true });
  const raw = absPercentiles(spread);
  assert.deepEqual(Array.from(a.p.slice(1, 6)), Array.from(raw.slice(1, 6)), 'inner percentiles: the bin centres');
  assert.ok(a.exact.slice(1, 6).every((x) => !x));
  assert.equal(a.all, null);
  for (let i = 0; i < 7; i++) assert.ok(a.p[i] >= Math.fround(vals[0]) && a.p[i] <= Math.fround(vals[199]), `p${DIST_PERCENTILES[i]} in the range`);
  assert.match(formatPercentile(a.p[MED], a.exact[MED]), /^≈\d/);
  assert.deepEqual(Array.from(distPercentiles(spread).p.slice(1, 6)), Array.from(spread.p.slice(1, 6)), 'signed: dist.p');
  // an estimate moved into the range: 0.2's bin [0.1995, 0.2512) has its centre 0.224 above the largest value
  const top = distOf([0.05, 0.1, 0.2]);
  const t = distPercentiles(top, { abs: true });
  assert.ok(absPercentiles(top)[6] > 0.2);
  assert.equal(t.p[6], Math.fround(0.2));
  assert.equal(t.exact[6], false, 'the bin meets the data in [0.1995, 0.2]: not one point');
  assert.equal(formatPercentile(t.p[6], t.exact[6]), '≈0.2');
  // negative values: the range is [absMin, −min]
  const neg = distOf([-2, -2, -2, -2]);
  const ng = distPercentiles(neg);
  assert.deepEqual(Array.from(ng.p), Array(7).fill(-2));
  assert.equal(ng.all, -2);
  assert.equal(formatPercentile(ng.all, true), '-2');
  // without min, max, absMin (older data): the bin estimates, never exact
  const { min: _a, max: _b, absMin: _c, ...old } = relu;
  const o = distPercentiles(old, { abs: true, nonZero: true });
  assert.deepEqual(Array.from(o.p), Array.from(absPercentiles(relu, { nonZero: true })));
  assert.ok(o.exact.every((x) => !x) && o.all === null);
  // NaN bounds (a NaN value): estimates
  assert.ok(distPercentiles({ ...relu, min: NaN, max: NaN, absMin: NaN }, { abs: true, nonZero: true }).exact.every((x) => !x));
  // the zero class with tiny non-zero values: 0 is an estimate
  const tiny = distOf([0, 1e-20, 1e-20, 1]);
  assert.equal(distPercentiles(tiny, { abs: true }).exact[0], false);
  assert.equal(distPercentiles(null), null);
  assert.equal(distPercentiles(distOf([0, 0]), { abs: true, nonZero: true }), null, 'every value 0: none');
  assert.equal(distPercentiles(distOf([0, 0]), { abs: true }).all, 0);
});

test('formatPercentile: exact as the shortest decimal of the same float32, estimates with ≈', () => {
  assert.equal(formatPercentile(1, true), '1');
  assert.equal(formatPercentile(0.25, true), '0.25');
  assert.equal(formatPercentile(Math.fround(0.7310586), true), '0.7310586');
  assert.equal(formatPercentile(Math.fround(1e-5), true), '1e-5');
  assert.equal(formatPercentile(0, true), '0');
  assert.equal(formatPercentile(1.1220184543019633, false), '≈1.1');
  assert.equal(formatPercentile(0.000123, false), '≈1.2e-4');
  assert.equal(formatPercentile(NaN, false), 'none');
});

test('the C core\'s distributions: a ReLU layer\'s f′ reads exactly 1 (all 1); a sigmoid\'s f′ never above 0.25', async () => {
  const lab = await load();
  const data = lab.datasets.circles({ n: 200, noise: 0.1, seed: 2 });
  for (const [act, check] of [
    ['relu', (q, l) => {
      assert.ok(q.zeros > 0 && q.min === 0 && q.max === 1 && q.absMin === 1, `L${l} relu f′: min ${q.min} max ${q.max} absMin ${q.absMin}`);
      const r = distPercentiles(q, { abs: true, nonZero: true });
      assert.equal(r.all, 1);
      assert.ok(r.p.every((v) => v === 1) && r.exact.every(Boolean), `${r.p}`);
      assert.equal(formatPercentile(r.p[MED], r.exact[MED]), '1');
    }],
    ['sigmoid', (q, l) => {
      // s(1 − s) in float32: at most 0.25 and one float32 step (2^-25) of rounding
      assert.ok(q.max <= 0.25 + 2 ** -25 && q.absMin > 0, `L${l} sigmoid f′ max ${q.max}`);
      for (const opts of [{}, { abs: true }, { abs: true, nonZero: true }]) {
        const r = distPercentiles(q, opts);
        assert.ok(r.p.every((v) => v > 0 && v <= q.max), `L${l} ${JSON.stringify(opts)}: ${r.p}, max ${q.max}`);
        assert.ok(r.p.every((v, i) => Number(formatPercentile(v, r.exact[i]).replace('≈', '')) <= 0.25 + 2 ** -25), 'the figures read ≤ 0.25');
        assert.ok(r.p.every((v, i) => r.exact[i] || Math.abs(Math.log10(v / absPercentiles(q)[i])) <= 0.05 + 1e-9), 'an estimate stays in its bin');
      }
    }],
  ]) {
    const net = lab.network({ inputs: 2, seed: 3, loss: 'binary_crossentropy', layers: [{ units: 8, activation: act }, { units: 8, activation: act }, { units: 1, activation: 'sigmoid' }] });
    try {
      const h = net.train(data.X, data.y, { epochs: 3, batchSize: 32, stats: 'full', onEpoch: () => {} });
      for (const e of h.epochs) e.layers.slice(0, -1).forEach((L, l) => check(L.dist.dact, l + 1));
    } finally { net.dispose(); }
  }
});
