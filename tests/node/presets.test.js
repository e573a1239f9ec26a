// Every preset's text states figures of its own run (web/presets.js FIGURES):
// here each preset runs as the page runs it (its data, settings and network
// seed; seeds 1 to 10 where the text counts seeds, as Try 10 seeds does) and
// every figure is measured again, so a text that drifts from the numbers fails.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import { networkSpec } from '../../web/state.js';
import { PRESETS, FIGURES, CURES, presetState } from '../../web/presets.js';
import { netFigures } from './helpers/cure-figures.js';
import { makeData, targets, trainOptions, loadTable, trainNet } from '../../web/experiment.js';
import { chanceLoss } from '../../web/learning-check.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const DIGITS = 'digits-vanishing';
let lab;
before(async () => { lab = await load(); });

/** Train preset `id`'s network A with `seed` as the page does: history, final test accuracy, decision surface probes. */
function run(id, seed) {
  const st = presetState(id);
  const cfg = st.a;
  const data = makeData(lab, st);
  const net = lab.network(networkSpec(cfg, seed));
  try {
    const h = net.train(data.Xtr, targets(data.ytr, cfg), trainOptions(cfg, st.epochs)).epochs;
    const test = net.evaluate(data.Xte, targets(data.yte, cfg)).accuracy;
    // P(class 1) at the centre and the four corners of the page's surface
    const P = net.predict(new Float32Array([0, 0, -1.1, -1.1, 1.1, 1.1, -1.1, 1.1, 1.1, -1.1]));
    const ring = P[0] > 0.5 && [1, 2, 3, 4].every((k) => P[k] < 0.5);
    const p = data.ytr.reduce((a, b) => a + b, 0) / data.ytr.length;
    return { h, test, ring, chance: chanceLoss(cfg.out, p), epochs: st.epochs };
  } finally { net.dispose(); }
}
const grads = (s) => s.layers.map((l) => l.gradMeanAbs);
const two = (v) => v.toFixed(2);
const within = (v, about, f = 1.25) => v >= about / f && v <= about * f;
const cache = new Map();
function runs(id) {
  if (!cache.has(id)) cache.set(id, SEEDS.map((s) => run(id, s)));
  return cache.get(id);
}

test('every preset trains 500 epochs on the article set-up; the texts name the 10-seed study where they count seeds', () => {
  for (const p of PRESETS) {
    const st = presetState(p.id);
    if (p.id === DIGITS) { assert.equal(st.epochs, 30, 'the digits preset: 30 epochs, fast on the page'); continue; }
    assert.equal(st.epochs, 500, p.id);
    // the cures' compare runs use a seed where the baseline shows its failure, named in the text
    if (CURES.includes(p.id) && st.seed !== 1) assert.ok(p.text.includes(`network seed (${st.seed})`), `${p.id} names its seed ${st.seed}`);
    else if (!CURES.includes(p.id)) assert.equal(st.seed, 1, p.id);
    if (/of 10 seeds|10-seed|over 10 seeds/.test(p.text)) assert.match(p.text, /Try 10 seeds/, p.id);
    assert.doesNotMatch(p.text, /published|saturate near|about 100×|stays at chance/, `${p.id}: no figure the run does not show`);
  }
});

test('shallow tanh: lines within 6× in every epoch, slow start, a ring, test accuracy of seed 1 and of 10 seeds', () => {
  const F = FIGURES['shallow-tanh'];
  const rs = runs('shallow-tanh');
  const r = rs[0];
  const gap = Math.max(...r.h.map((s) => { const [h, o] = grads(s); return Math.max(o / h, h / o); }));
  assert.ok(gap < F.maxGap && gap > F.maxGap / 1.5, `largest gap ${gap.toFixed(2)}× (text: within ${F.maxGap}×)`);
  const m = r.h.slice(F.slowAt - 5, F.slowAt).reduce((a, s) => a + s.loss, 0) / 5;
  assert.ok(m > 0.95 * r.chance, `loss at epoch ${F.slowAt}: ${m.toFixed(3)}, chance ${r.chance.toFixed(3)}`);
  assert.ok(r.ring, 'the surface is a ring');
  assert.equal(two(r.test), two(F.test));
  const acc = rs.map((x) => x.test);
  assert.equal(two(Math.min(...acc)), two(F.seedsMin));
  assert.equal(two(Math.max(...acc)), two(F.seedsMax));
});

test('deep tanh: the middle layers\' gap in the first 50 epochs and at epoch 500, saturated unit-samples, accuracy over 10 seeds', () => {
  const F = FIGURES['deep-tanh'];
  const rs = runs('deep-tanh');
  const r = rs[0];
  const mid = [1, 2, 3]; // L2-L4
  const gapLo = r.h.map((s) => { const g = grads(s); return g[5] / Math.max(...mid.map((k) => g[k])); });
  const gapHi = r.h.map((s) => { const g = grads(s); return g[5] / Math.min(...mid.map((k) => g[k])); });
  const first = F.firstEpochs;
  const lo = Math.min(...gapLo.slice(0, first)), hi = Math.max(...gapHi.slice(0, first));
  assert.ok(lo >= F.gapMin && lo < 1.5 * F.gapMin, `smallest middle-layer gap in epochs 1-${first}: ${lo.toFixed(1)}× (text: at least ${F.gapMin}×)`);
  assert.ok(within(hi, F.gapMax), `largest: ${hi.toFixed(0)}× (text: up to ${F.gapMax}×)`);
  assert.ok(within(gapLo[499], F.gapEnd) && within(gapHi[499], F.gapEnd), `epoch 500: ${gapLo[499].toFixed(1)}-${gapHi[499].toFixed(1)}× (text: about ${F.gapEnd}×)`);
  assert.ok(Math.max(...gapHi.slice(first)) < F.gapMax, 'the gap narrows after the first epochs');
  const pc = (x) => Math.round(x * 100);
  assert.equal(pc(r.h[49].layers[4].saturatedShare), F.satLast50, 'L5 saturated unit-samples at epoch 50');
  assert.equal(pc(r.h[499].layers[4].saturatedShare), F.satLast500, 'L5 saturated unit-samples at epoch 500');
  for (const s of r.h) for (const l of s.layers.slice(0, 3)) assert.equal(pc(l.saturatedShare), F.satFirst, `epoch ${s.epoch}: L1-L3 sat`);
  assert.equal(two(r.test), two(F.test));
  const atChance = rs.filter((x) => x.test < F.chanceBelow);
  assert.equal(atChance.length, F.chanceSeeds, rs.map((x) => two(x.test)).join(' '));
  const learner = rs[F.learnerSeed - 1];
  assert.ok(learner.test >= F.chanceBelow);
  assert.equal(two(learner.test), two(F.learnerTest));
});

test('deep ReLU: all six lines within 10× from the epoch named, the early spread, a ring, accuracy over 10 seeds', () => {
  const F = FIGURES['deep-relu'];
  const rs = runs('deep-relu');
  const r = rs[0];
  const spread = r.h.map((s) => { const g = grads(s); return Math.max(...g) / Math.min(...g); });
  let lastWide = 0;
  spread.forEach((v, i) => { if (v > 10) lastWide = i + 1; });
  assert.ok(lastWide < F.spreadFrom && lastWide >= F.spreadFrom - 10, `last epoch with a spread over 10×: ${lastWide} (text: within 10× from epoch ${F.spreadFrom})`);
  assert.ok(within(Math.max(...spread), F.spreadMax), `largest spread ${Math.max(...spread).toFixed(1)}× (text: about ${F.spreadMax}×)`);
  assert.ok(r.ring);
  assert.equal(two(r.test), two(F.test));
  const acc = rs.map((x) => x.test);
  assert.equal(acc.filter((a) => a > F.above).length, F.seedsAbove, acc.map(two).join(' '));
  assert.equal(two(Math.min(...acc)), two(F.seedsMin));
  assert.equal(two(Math.max(...acc)), two(F.seedsMax));
});

test('15-layer ReLU: seed 1 learns; n of 10 seeds end with a dead layer, at chance, with zero gradients below it', () => {
  const F = FIGURES['relu-15'];
  const rs = runs('relu-15');
  assert.equal(two(rs[0].test), two(F.test));
  const dead = [];
  rs.forEach((r, k) => {
    const last = r.h.at(-1);
    const d = last.layers.slice(0, -1).findIndex((l) => l.deadFraction >= 1);
    if (d < 0) return;
    dead.push(k + 1);
    assert.equal(two(r.test), '0.50', `seed ${k + 1} at chance`);
    for (let l = 0; l < d; l++) assert.equal(last.layers[l].gradMeanAbs, 0, `seed ${k + 1}: L${l + 1} below dead L${d + 1} gets exactly 0`);
  });
  assert.equal(dead.length, F.deadSeeds, `dead seeds: ${dead}`);
  assert.ok(dead.includes(F.deadExample));
  assert.ok(!dead.includes(1), 'seed 1 does not die');
});

test('compare: network A is the deep tanh preset and B the deep ReLU one, so their figures hold', () => {
  const st = presetState('compare');
  assert.deepEqual(st.a, presetState('deep-tanh').a);
  assert.deepEqual(st.b, presetState('deep-relu').a);
  assert.equal(st.seed, presetState('deep-tanh').seed);
  // B's gradient is B's own run: the same net, data and seed as the deep ReLU preset
  assert.equal(networkSpec(st.b, st.seed).seed, networkSpec(presetState('deep-relu').a, 1).seed);
});

// The cure presets: both networks of each compare run over seeds 1 to 10, every figure of the text.
for (const id of CURES) {
  test(`${id}: a compare run whose A and B figures (10 seeds, and the preset's own seed) are the text's`, () => {
    const st = presetState(id);
    assert.equal(st.cmp, 1, `${id} is a compare run`);
    for (const net of ['a', 'b']) {
      const F = FIGURES[id][net];
      const m = netFigures(lab, st, net);
      const where = `${id} ${net.toUpperCase()}`;
      for (const k of ['median', 'min', 'max', 'test']) if (k in F) assert.equal(two(m[k]), two(F[k]), `${where} ${k}`);
      for (const k of ['learns', 'diverged', 'stopEpoch', 'dead']) if (k in F) assert.equal(m[k], F[k], `${where} ${k}`);
      if ('gapL1' in F) {
        if (F.gapL1 === Infinity) assert.equal(m.gapL1, Infinity, `${where}: L1's gradient is exactly 0 at epoch 100`);
        else assert.ok(within(m.gapL1, F.gapL1), `${where} gap at epoch 100: ${m.gapL1} (text: ${F.gapL1})`);
      }
    }
  });
}

// The digits preset (issue 15): both networks over seeds 1 to 10 on the digits table as the page
// shuffles, splits and z-scores it: epoch 1's output / L1 gradient, the last epoch's test accuracy.
test('digits: deep sigmoid against ReLU + He on real data, the gradient ratio and test accuracy over 10 seeds are the text\'s', async () => {
  const st = presetState(DIGITS);
  assert.equal(st.cmp, 1);
  assert.equal(st.ds, 'digits');
  const data = makeData(lab, st, await loadTable(lab, st));
  const F = FIGURES[DIGITS];
  const p = PRESETS.find((x) => x.id === DIGITS);
  for (const net of ['a', 'b']) {
    const rs = SEEDS.map((seed) => trainNet(lab, st, st[net], seed, st.epochs, data));
    const ratio = rs.map((r) => { const g = grads(r.history[0]); return g.at(-1) / g[0]; });
    const test = rs.map((r) => r.history.at(-1).valAccuracy);
    const where = `digits ${net.toUpperCase()}`;
    // the ratios to two significant figures, the accuracies to two decimals
    const sig = (v) => Number(v.toPrecision(2));
    assert.equal(sig(Math.min(...ratio)), sig(F[net].ratioMin), `${where} ratio min: ${ratio.map((v) => v.toFixed(1)).join(' ')}`);
    assert.equal(sig(Math.max(...ratio)), sig(F[net].ratioMax), `${where} ratio max: ${ratio.map((v) => v.toFixed(1)).join(' ')}`);
    assert.equal(two(Math.min(...test)), two(F[net].testMin), `${where} test min: ${test.map(two).join(' ')}`);
    assert.equal(two(Math.max(...test)), two(F[net].testMax), `${where} test max: ${test.map(two).join(' ')}`);
  }
  assert.match(p.text, /Try 10 seeds/);
  assert.ok(F.a.ratioMin > 100 * F.b.ratioMax, 'the text\'s contrast: A\'s first layer gets far less gradient than B\'s');
  assert.ok(F.a.testMax < 0.2 && F.b.testMin > 0.9, 'A stays near chance, B learns');
});
