// diagnose-page.test.js — diagnose() as the page uses it: absPercentiles()
// against the C core's own percentiles, the proposals (cures that are one
// change of the spec), every finding on the page's presets over seeds
// checked against the history it came from, and the page's history
// (web/dist-series.js, one epoch per train call as web/worker.js trains)
// giving the same diagnosis as one train() call (the CLI's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, diagnose, absPercentiles, distPercentiles, DIST_PERCENTILES, DIST_QUANTITIES, ACTIVATIONS, INITIALIZERS } from '../../dist/gradlab.js';
import { presetState } from '../../web/presets.js';
import { networkSpec } from '../../web/state.js';
import { makeData, targets, trainOptions } from '../../web/experiment.js';
import { DistSeries, plainEpoch, percentileRow, fullLayers, logSpaced, fullAt, FULL_START, ROWS_PER_RUN, MAX_ROWS, ROW_Q } from '../../web/dist-series.js';
import { applyChange } from '../../web/cure.js';

const lab = await load();

/** Network `which` of preset `id` with seed `seed`, trained `epochs` with stats 'full' in one call. */
function trainPreset(id, seed, epochs, which = 'a') {
  const st = presetState(id);
  const cfg = st[which];
  const data = makeData(lab, st);
  const spec = networkSpec(cfg, seed);
  const net = lab.network(spec);
  try {
    const h = net.train(data.Xtr, targets(data.ytr, cfg), { ...trainOptions(cfg, epochs, { X: data.Xte, y: targets(data.yte, cfg) }), stats: 'full' });
    return { h, spec, cfg, st, data };
  } finally { net.dispose(); }
}

test('absPercentiles: equal to dist.p for a quantity that is never negative, null without values', () => {
  const { h } = trainPreset('deep-tanh', 1, 3);
  for (const e of h.epochs) {
    for (const L of e.layers.slice(0, -1)) {
      const q = L.dist.dact; // tanh' > 0: |x| = x, same rank rule and bins as the C core's p
      const a = absPercentiles(q);
      assert.equal(a.length, DIST_PERCENTILES.length);
      a.forEach((v, i) => assert.ok(Math.abs(v - q.p[i]) <= 1e-6 * Math.abs(q.p[i]), `p${DIST_PERCENTILES[i]}: ${v} vs ${q.p[i]}`));
    }
  }
  assert.equal(absPercentiles({ count: 0, logHist: { lo: -16, hi: 4, counts: new Float32Array(200), zero: 0 } }), null);
  // 10 values: 3 zeros, 7 in the bin of [1, 1.26): p1 … p25 are 0 (ranks 1, 1, 3), p50 on the bin's centre
  const counts = new Float32Array(200); counts[160] = 7;
  const p = absPercentiles({ count: 10, logHist: { lo: -16, hi: 4, counts, zero: 3 } });
  assert.deepEqual(Array.from(p.slice(0, 3)), [0, 0, 0]);
  assert.ok(Math.abs(p[3] - 10 ** 0.05) < 1e-12);
  // nonZero: the 3 exact zeros left out, the 7 in [1, 1.26) alone: every percentile on its centre
  const nz = absPercentiles({ count: 10, zeros: 3, logHist: { lo: -16, hi: 4, counts, zero: 3 } }, { nonZero: true });
  assert.ok(nz.every((v) => Math.abs(v - 10 ** 0.05) < 1e-12), `${nz}`);
  // 2 of the zero bucket are exact zeros, 1 is 0 < |x| < 1e-16 (reported 0): p1 (rank 1 of 8) is it
  const nz2 = absPercentiles({ count: 10, zeros: 2, logHist: { lo: -16, hi: 4, counts, zero: 3 } }, { nonZero: true });
  assert.equal(nz2[0], 0);
  assert.ok(Math.abs(nz2[3] - 10 ** 0.05) < 1e-12);
  assert.equal(absPercentiles({ count: 4, zeros: 4, logHist: { lo: -16, hi: 4, counts: new Float32Array(200), zero: 4 } }, { nonZero: true }), null, 'all 0: none');
  assert.throws(() => absPercentiles({ count: 10, logHist: { lo: -16, hi: 4, counts, zero: 3 } }, { nonZero: true }), /dist\.zeros must be a count/);
  assert.throws(() => absPercentiles({ count: 10, zeros: 4, logHist: { lo: -16, hi: 4, counts, zero: 3 } }, { nonZero: true }), /dist\.zeros must be a count from 0 to dist\.logHist\.zero \(3\), got 4/);
});

test('the page\'s rows: per layer and quantity p, the non-zero |x| percentiles and the share exactly 0 (deep ReLU: f′ is 0 or 1)', () => {
  const { h } = trainPreset('deep-relu', 1, 5);
  const NP = DIST_PERCENTILES.length;
  for (const e of h.epochs) {
    const row = percentileRow(e.layers);
    assert.equal(row.length, e.layers.length * DIST_QUANTITIES.length * ROW_Q);
    e.layers.forEach((L, l) => DIST_QUANTITIES.forEach((name, k) => {
      const q = L.dist[name];
      const o = (l * DIST_QUANTITIES.length + k) * ROW_Q;
      // the figures of the library's distPercentiles(): signed, and of the non-zero |x|
      const sg = distPercentiles(q);
      assert.deepEqual(Array.from(row.subarray(o, o + NP)), Array.from(sg.p, Math.fround));
      const nz = distPercentiles(q, { abs: true, nonZero: true });
      assert.deepEqual(Array.from(row.subarray(o + NP, o + 2 * NP)), nz ? Array.from(nz.p, Math.fround) : Array(NP).fill(NaN));
      assert.equal(row[o + 2 * NP], Math.fround(q.zeros / q.count));
      const series = new DistSeries(e.layers.length);
      series.add([e.epoch], row);
      DIST_PERCENTILES.forEach((_, i) => {
        assert.deepEqual(series.figure(0, l, k, false, i), { value: Math.fround(sg.p[i]), exact: sg.exact[i], all: sg.all === null ? null : Math.fround(sg.all) });
        if (nz) assert.deepEqual(series.figure(0, l, k, true, i), { value: Math.fround(nz.p[i]), exact: nz.exact[i], all: nz.all === null ? null : Math.fround(nz.all) });
      });
    }));
    // a ReLU layer's f′: zeros and ones only, and the zeros are the whole zero bucket
    for (const L of e.layers.slice(0, -1)) {
      const q = L.dist.dact;
      assert.ok(q.zeros > 0 && q.zeros === q.logHist.zero, `f′ = 0 on ${q.zeros} of ${q.count}`);
      assert.equal(q.zeros + q.logHist.counts[160], q.count, 'the rest in the bin of 1');
      const nz = absPercentiles(q, { nonZero: true });
      assert.ok(nz.every((v) => Math.abs(v - 10 ** 0.05) < 1e-12), `the raw bin centres: ${nz}`);
      // the figures: exactly 1 (dist.absMin = dist.max = 1), every one of them
      const fig = distPercentiles(q, { abs: true, nonZero: true });
      assert.ok(fig.p.every((v) => v === 1) && fig.exact.every(Boolean) && fig.all === 1, `${fig.p}`);
    }
  }
  const series = new DistSeries(1);
  const row = new Float32Array(DIST_QUANTITIES.length * ROW_Q).map((_, i) => i);
  series.add([1], row);
  assert.equal(series.zeroShare(0, 0, 2), row[2 * ROW_Q + 2 * NP]);
  assert.deepEqual(Array.from(series.at(0, 0, 2, true)), Array.from(row.subarray(2 * ROW_Q + NP, 2 * ROW_Q + 2 * NP)));
});

/** Each finding checked against the history: the figures are what the history holds. */
function checkFindings(d, h, spec, where) {
  const last = h.epochs[h.epochs.length - 1];
  const nl = last.layers.length;
  const latestDist = [...h.epochs].reverse().find((e) => e.layers[0].dist);
  for (const L of d.layers) {
    const l = L.layer - 1;
    assert.ok(l < nl - 1 || !L.findings.length, `${where}: only hidden layers have findings`);
    for (const f of L.findings) {
      const w = `${where} layer ${L.layer} ${f.kind}`;
      if (f.kind === 'saturated') {
        const tail = last.layers[l].saturatedShare - last.layers[l].deadShare;
        assert.ok(tail >= 0.5 && f.figures.saturatedShare === tail, w);
        assert.equal(f.figures.medianDact, distPercentiles(latestDist.layers[l].dist.dact).p[3], w);
      } else if (f.kind === 'dead') {
        // dead units counted again from the per-unit arrays: a unit with f' = 0 on every pair of the epoch
        const units = latestDist.layers[l].units.deadShare;
        assert.equal(Array.from(units).filter((s) => s === 1).length, f.figures.deadUnits, w);
        assert.equal(f.figures.units, spec.layers[l].units, w);
        for (const e of h.epochs.filter((x) => x.epoch >= f.figures.since)) {
          assert.ok(Math.round(e.layers[l].deadFraction * spec.layers[l].units) >= f.figures.deadUnits, `${w}: dead since ${f.figures.since}, not at ${e.epoch}`);
        }
      } else if (f.kind === 'vanishing') {
        const e = h.epochs.find((x) => x.epoch === f.figures.epoch);
        const ratio = e.layers[nl - 1].gradMeanAbs / e.layers[l].gradMeanAbs;
        assert.ok(ratio >= 100 && Math.abs(ratio - f.figures.ratio) <= 1e-9 * ratio, `${w}: ${ratio} vs ${f.figures.ratio}`);
        for (const x of h.epochs) assert.ok(x.layers[nl - 1].gradMeanAbs / x.layers[l].gradMeanAbs <= f.figures.ratio * (1 + 1e-12), `${w}: the largest gap`);
      } else assert.fail(`${w}: unknown kind`);
    }
  }
}

test('every finding on the presets (seeds 1-3, 100 epochs) is what the history shows', () => {
  const kinds = {};
  for (const id of ['deep-tanh', 'deep-relu', 'relu-15', 'shallow-tanh']) {
    for (const seed of [1, 2, 3]) {
      const { h, spec } = trainPreset(id, seed, 100);
      const d = diagnose(h, spec);
      checkFindings(d, h, spec, `${id} seed ${seed}`);
      for (const L of d.layers) for (const f of L.findings) (kinds[id] ??= new Set()).add(f.kind);
      if (process.env.SHOW) console.log(id, seed, d.text);
      // a proposal is one of the cures, and what it changes exists in the library
      for (const p of d.proposals) {
        assert.ok(d.cures.includes(p.text));
        if (p.change.activation) assert.ok(ACTIVATIONS.includes(p.change.activation), p.change.activation);
        if (p.change.init) assert.ok(INITIALIZERS.includes(p.change.init), p.change.init);
      }
    }
  }
  // the deep tanh vanishes on every seed; the shallow net never raises an alarm
  assert.ok(kinds['deep-tanh'].has('vanishing'));
  assert.equal(kinds['shallow-tanh'], undefined);
});

test('proposals: the deep tanh gets glorot and relu + he; applied to the page config they change only that', () => {
  const { h, spec, cfg } = trainPreset('deep-tanh', 1, 30);
  const d = diagnose(h, spec);
  assert.deepEqual(d.proposals.map((p) => p.change), [{ init: 'glorot_uniform' }, { activation: 'relu', init: 'he_uniform' }]);
  const b = applyChange(cfg, d.proposals[1].change);
  assert.deepEqual(b.layers.map((l) => l.act), cfg.layers.map(() => 'relu'));
  assert.equal(b.init, 'he_uniform');
  assert.deepEqual({ ...b, layers: null, init: null }, { ...cfg, layers: null, init: null });
  assert.equal(cfg.layers[0].act, 'tanh', 'the original is not changed');
  assert.equal(applyChange(cfg, { learningRateFactor: 0.1 }).lr, 0.001);
  assert.match(applyChange({ ...cfg, lr: 1e-6 }, { learningRateFactor: 0.1 }).error, /learning rate/);
  // the 15 × 5 ReLU with seed 3 loses units: leaky_relu and a smaller learning rate
  const r = trainPreset('relu-15', 3, 60);
  const dr = diagnose(r.h, r.spec);
  assert.ok(dr.layers.some((L) => L.findings.some((f) => f.kind === 'dead')), dr.text);
  assert.deepEqual(dr.proposals.filter((p) => !p.change.init).map((p) => p.change), [{ activation: 'leaky_relu' }, { learningRateFactor: 0.1 }]);
});

test('fullAt: the first epochs, the log-spaced ones, about ROWS_PER_RUN spread over the run, the last', () => {
  for (const total of [10, 500, 10000]) {
    const on = Array.from({ length: total }, (_, i) => i + 1).filter((e) => fullAt(e, total));
    for (let e = 1; e <= Math.min(total, FULL_START); e++) assert.ok(fullAt(e, total), `${total}: epoch ${e}`);
    for (let e = 1; e <= total; e++) if (logSpaced(e)) assert.ok(fullAt(e, total), `${total}: log-spaced epoch ${e}`);
    assert.ok(fullAt(total, total), `${total}: the last epoch`);
    const stride = Math.max(1, Math.round(total / ROWS_PER_RUN));
    // between measured epochs at most one stride, so the fans have no holes
    on.forEach((e, i) => { if (i) assert.ok(e - on[i - 1] <= stride, `${total}: ${on[i - 1]} → ${e}`); });
    if (total <= ROWS_PER_RUN) assert.equal(on.length, total);
    else assert.ok(on.length <= ROWS_PER_RUN + FULL_START + 60 && on.length < total / 2, `${total}: ${on.length} epochs in full`);
  }
});

test('the page\'s history (one epoch per call, DistSeries, fullAt) diagnoses as one train() call does', () => {
  // as web/worker.js trains: stats 'full' at fullAt()'s epochs (here every 2nd past 32), 'basic' between
  for (const [id, seed, epochs] of [['deep-tanh', 1, 260], ['relu-15', 3, 200]]) {
    const { h, spec, cfg, data } = trainPreset(id, seed, epochs);
    const net = lab.network(spec);
    const series = new DistSeries(spec.layers.length);
    const history = [];
    try {
      for (let e = 1; e <= epochs; e++) {
        const inFull = fullAt(e, epochs);
        const s = net.train(data.Xtr, targets(data.ytr, cfg), { ...trainOptions(cfg, 1, { X: data.Xte, y: targets(data.yte, cfg) }), stats: inFull ? 'full' : 'basic' }).epochs[0];
        history.push(plainEpoch(s, e));
        if (!inFull) { assert.equal(s.layers[0].dist, undefined); continue; }
        const full = logSpaced(e) || e === epochs ? [{ epoch: e, layers: fullLayers(s) }] : [];
        series.add([e], percentileRow(s.layers), full);
      }
    } finally { net.dispose(); }
    assert.equal(diagnose(series.history(history), spec).text, diagnose(h, spec).text, id);
    assert.deepEqual(series.full.map((f) => f.epoch), h.epochs.filter((e) => e.layers[0].dist).map((e) => e.epoch), `${id}: the same epochs keep distributions`);
    // the rows: fullAt()'s epochs, each with the figures of the C core's percentiles of that epoch
    assert.deepEqual(series.epochs, Array.from({ length: epochs }, (_, k) => k + 1).filter((e) => fullAt(e, epochs)));
    assert.ok(series.epochs.length < epochs, `${id}: ${series.epochs.length} rows of ${epochs} epochs`);
    const i = series.nearest(epochs);
    assert.deepEqual(Array.from(series.at(i, 0, 2, false)), Array.from(distPercentiles(h.epochs.at(-1).layers[0].dist.dact).p, Math.fround));
  }
});

test('DistSeries: bounded rows (every other one goes past MAX_ROWS), the latest always kept, nearest()', () => {
  const s = new DistSeries(1);
  const n = 6 * ROW_Q;
  for (let e = 1; e <= 3 * MAX_ROWS + 5; e++) s.add([e], new Float32Array(n).fill(e));
  assert.ok(s.rows.length <= MAX_ROWS && s.rows.length >= MAX_ROWS / 2, `${s.rows.length} rows`);
  assert.equal(s.epochs.at(-1), 3 * MAX_ROWS + 5);
  assert.ok(s.epochs.slice(0, -1).every((e) => e % s.stride === 0), 'on the stride');
  assert.ok(s.epochs.every((e, i) => s.rows[i][0] === e), 'rows stay with their epochs');
  assert.equal(s.epochs[s.nearest(4 * s.stride + 1)], 4 * s.stride);
  assert.equal(s.nearest(null), s.rows.length - 1);
  assert.equal(new DistSeries(1).nearest(3), -1);
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16].map(logSpaced), [true, true, true, true, true, true, true, true, false, true, true, true, true]);
});
