// The Layers view and the diagnosis in Chromium, on the deep tanh preset
// (50 epochs): the fans draw, the quantity switch changes what they show, the
// figures are those of the same net trained by the library in Node, the
// scrubber's epoch (page.scrub) draws a cursor and moves the figures; the
// diagnosis is diagnose()'s text of that history, and a proposal's button
// starts a compare run with B changed as proposed. On the deep ReLU preset:
// the fans of f′ are of the non-zero values and a strip under each gives the
// share exactly 0, both equal to a direct computation on the library's run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';
import { load, diagnose, distPercentiles, DIST_QUANTITIES, DIST_PERCENTILES } from '../../dist/gradlab.js';
import { presetState } from '../../web/presets.js';
import { networkSpec, toHash } from '../../web/state.js';
import { makeData, targets, trainOptions } from '../../web/experiment.js';

const EPOCHS = 50;
let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

/** A preset (deep tanh), 50 epochs, trained in Node as the page trains it (stats 'full'). */
async function reference(id = 'deep-tanh') {
  const lab = await load();
  const st = presetState(id);
  const data = makeData(lab, st);
  const spec = networkSpec(st.a, st.seed);
  const net = lab.network(spec);
  try {
    const h = net.train(data.Xtr, targets(data.ytr, st.a), { ...trainOptions(st.a, EPOCHS, { X: data.Xte, y: targets(data.yte, st.a) }), stats: 'full' });
    return { h, spec, text: diagnose(h, spec).text };
  } finally { net.dispose(); }
}

async function trainedPage(id = 'deep-tanh') {
  const st = presetState(id);
  st.epochs = EPOCHS; st.speed = 'max';
  const { page, problems } = await openPage(env, toHash(st).replace(/^#/, ''));
  await page.click('#play');
  await page.waitForFunction((n) => window.gradlab.runs.every((r) => r.epoch >= n), EPOCHS, { timeout: 120000 });
  await waitIdle(page);
  return { page, problems };
}

/** Coloured pixels (the fan's hue) of each fan canvas of run `run`, and dark ones in column x (device px). */
const fanPixels = (page, run, col = null) => page.evaluate(({ run, col }) => [...document.querySelectorAll(`.lv-run[data-run="${run}"] .lv-fan canvas`)].map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let coloured = 0, dark = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 20 && Math.max(d[i] - d[i + 1], d[i + 2] - d[i + 1]) > 18) coloured++; // the layer's hue, not the grey axes
    const x = (i / 4) % c.width;
    if (col !== null && Math.abs(x - col * devicePixelRatio) <= 1 && d[i + 3] > 200 && d[i] < 90 && d[i + 1] < 90 && d[i + 2] < 90) dark++;
  }
  return { coloured, dark };
}), { run, col });

test('Layers view: a fan per layer, the figures of the library\'s history, the quantity switch, the scrubber\'s cursor', async () => {
  const ref = await reference();
  const { page, problems } = await trainedPage();
  try {
    assert.equal(await page.isVisible('#layers-view'), false);
    await page.click('#view-tab-layers');
    await page.waitForFunction(() => window.gradlab.layers[0]?.epoch === 50 && document.querySelectorAll('.lv-fan canvas').length === 6);
    assert.equal(await page.isVisible('.views'), false, 'the surfaces give way');
    assert.equal(await page.inputValue('#lv-quantity'), 'dact');
    assert.equal(await page.isChecked('#lv-log'), true, 'f′ on a log scale by default');
    const px = await fanPixels(page, 0);
    assert.ok(px.every((p) => p.coloured > 300), `every fan drawn: ${px.map((p) => p.coloured)}`);
    // tanh′ is never exactly 0 here: no zero strip, the fans as before
    const t0 = (await page.evaluate(() => window.gradlab.layers))[0];
    assert.equal(t0.strip, false);
    assert.ok(t0.layers.every((L) => L.zeroShare === 0));
    assert.equal(await page.isVisible('#lv-zkey'), false);

    // the figures are the library's: |f′| percentiles = f′'s (tanh′ > 0), the shares of the last epoch
    const shown = (await page.evaluate(() => window.gradlab.layers))[0];
    const last = ref.h.epochs.at(-1);
    assert.equal(shown.epoch, EPOCHS);
    shown.layers.forEach((L, l) => {
      // the figures of the library's distPercentiles() (tanh′: bin estimates, moved into [absMin, max])
      const { p } = distPercentiles(last.layers[l].dist.dact, { abs: true, nonZero: true });
      L.p.forEach((v, k) => assert.ok(Math.abs(v - p[k]) <= 1e-6 * p[k], `L${l + 1} p[${k}]: ${v} vs ${p[k]}`));
      assert.equal(L.saturatedShare, last.layers[l].saturatedShare);
      assert.equal(L.updateRatio, last.layers[l].updateRatio);
    });
    // what the issue says a learner should see: L5 saturates (median f′ ≈ 0.05, ~18 % of pairs), L1–L2 do not
    const med = shown.layers.map((L) => L.p[3]);
    assert.ok(med[4] > 0.04 && med[4] < 0.07, `L5 median f′ ${med[4]}`);
    assert.ok(shown.layers[4].saturatedShare > 0.15 && shown.layers[4].saturatedShare < 0.21, `L5 saturated ${shown.layers[4].saturatedShare}`);
    for (const l of [0, 1]) assert.ok(med[l] >= 0.6 && med[l] <= 0.95, `L${l + 1} median f′ ${med[l]}`);
    // an estimate from log bins says so: ≈
    assert.match(shown.layers[4].text, /median \|f′\| ≈0\.056 · sat 18%/);
    assert.equal(shown.layers[4].median.exact, false);

    // another quantity: z, signed on a linear scale, the z percentiles of the history
    const before = await fanPixels(page, 0);
    await page.selectOption('#lv-quantity', 'z');
    await page.waitForFunction(() => /median z /.test(window.gradlab.layers[0].layers[0].text));
    assert.equal(await page.isChecked('#lv-log'), false);
    const z = (await page.evaluate(() => window.gradlab.layers))[0];
    z.layers.forEach((L, l) => assert.deepEqual(L.p.map((v) => Math.fround(v)), Array.from(distPercentiles(last.layers[l].dist.z).p, Math.fround), `L${l + 1} z`));
    const after = await fanPixels(page, 0);
    assert.notDeepEqual(after.map((p) => p.coloured), before.map((p) => p.coloured), 'the fans changed');
    // |z| on a log scale: the percentiles of |z|
    await page.check('#lv-log');
    await page.waitForFunction(() => /median \|z\| /.test(window.gradlab.layers[0].layers[0].text));
    assert.ok((await page.evaluate(() => window.gradlab.layers))[0].layers.every((L) => L.p.every((v) => v >= 0)));
    assert.deepEqual(await page.evaluate((qs) => [...document.querySelectorAll('#lv-quantity option')].map((o) => o.value), DIST_QUANTITIES), [...DIST_QUANTITIES]);

    // the scrubber's epoch: a cursor on every fan, the figures of the nearest kept epoch
    await page.selectOption('#lv-quantity', 'dact');
    await page.evaluate(() => window.gradlab.showEpoch(10));
    await page.waitForFunction(() => window.gradlab.layers[0].epoch === 10 && window.gradlab.layers[0].layers[0].cursorX !== null);
    const at10 = (await page.evaluate(() => window.gradlab.layers))[0];
    const e10 = ref.h.epochs.find((e) => e.epoch === 10);
    at10.layers.forEach((L, l) => assert.equal(L.saturatedShare, e10.layers[l].saturatedShare, `L${l + 1} at epoch 10`));
    assert.match(await page.textContent('#lv-at'), /epoch 10 \(the scrubber's\)/);
    const cur = await fanPixels(page, 0, at10.layers[0].cursorX);
    assert.ok(cur.every((p) => p.dark >= 10), `a dark cursor column on every fan: ${cur.map((p) => p.dark)}`);
    await page.evaluate(() => window.gradlab.showEpoch(null));
    await page.waitForFunction(() => window.gradlab.layers[0].epoch === 50 && window.gradlab.layers[0].layers[0].cursorX === null);
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
});

test('diagnosis: diagnose()\'s text of the run with its figures; a proposal starts the compare run it names', async () => {
  const ref = await reference();
  const { page, problems } = await trainedPage();
  try {
    await page.waitForFunction(() => window.gradlab.diagnosis[0]?.epoch === 50);
    const d = (await page.evaluate(() => window.gradlab.diagnosis))[0];
    assert.equal(d.text, ref.text, 'the same words as `gradlab train --diagnose` on the same history');
    const items = await page.locator('#diagnosis .dg-findings li').allTextContents();
    assert.ok(items.some((t) => /^layer 3 \(tanh\): gradient \d+× smaller than the output layer's at epoch \d+/.test(t)), items.join('\n'));
    for (const line of ref.text.split('\n').filter((x) => x.startsWith('layer '))) assert.ok(items.includes(line), line);
    const st0 = await page.evaluate(() => window.gradlab.state);

    await page.click('#diagnosis button:has-text("relu, he_uniform init")');
    await page.waitForFunction(() => window.gradlab.state.cmp === 1 && window.gradlab.runs.length === 2 && window.gradlab.runs.every((r) => r.epoch >= 3), null, { timeout: 60000 });
    const st = await page.evaluate(() => window.gradlab.state);
    assert.deepEqual(st.a, st0.a, 'A is the diagnosed network');
    assert.deepEqual(st.b.layers, st0.a.layers.map((l) => ({ ...l, act: 'relu' })));
    assert.equal(st.b.init, 'he_uniform');
    assert.deepEqual({ ...st.b, layers: 0, init: 0 }, { ...st0.a, layers: 0, init: 0 }, 'B differs from A only as proposed');
    for (const k of ['seed', 'ds', 'dseed', 'n', 'noise', 'factor', 'split']) assert.equal(st[k], st0[k], `same ${k}`);
    assert.equal(await page.textContent('#title-b'), '5 × 5 relu, he_uniform, momentum lr 0.01');
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
});

/**
 * Direct computation from a distribution of the library: the share exactly 0 and the 7
 * percentiles (rank max(1, ⌈p·m/100⌉)) of the m non-zero values, each value taken as its log
 * bin's centre (0 under 1e-16, 1e4 over): the values listed out and sorted, no shortcut.
 */
function nonZeroDirect(q) {
  const h = q.logHist;
  const step = (h.hi - h.lo) / h.counts.length;
  const vals = Array(h.zero - q.zeros).fill(0);
  h.counts.forEach((c, k) => { for (let i = 0; i < c; i++) vals.push(10 ** (h.lo + (k + 0.5) * step)); });
  for (let i = 0; i < h.over; i++) vals.push(10 ** h.hi);
  assert.equal(vals.length + q.zeros, q.count);
  vals.sort((a, b) => a - b);
  const p = vals.length ? DIST_PERCENTILES.map((pc) => vals[Math.max(1, Math.ceil((pc * vals.length) / 100)) - 1]) : null;
  return { share: q.zeros / q.count, p };
}

test('Layers view, deep ReLU: f′ fans of the non-zero values and the share exactly 0 per layer, as the library\'s run has them', async () => {
  const ref = await reference('deep-relu');
  const { page, problems } = await trainedPage('deep-relu');
  try {
    await page.click('#view-tab-layers');
    await page.waitForFunction(() => window.gradlab.layers[0]?.epoch === 50 && document.querySelectorAll('.lv-fan canvas').length === 6);
    assert.equal(await page.inputValue('#lv-quantity'), 'dact');
    const shown = (await page.evaluate(() => window.gradlab.layers))[0];
    assert.equal(shown.strip, true, 'the ReLU layers have f′ = 0 pairs: the zero strip is on');
    const last = ref.h.epochs.at(-1);
    let dead = 0;
    shown.layers.forEach((L, l) => {
      const q = last.layers[l].dist.dact;
      const want = nonZeroDirect(q);
      assert.ok(Math.abs(L.zeroShare - want.share) <= 1e-7, `L${l + 1} share exactly 0: ${L.zeroShare} vs ${want.share}`);
      // the fan: the library's figures of the non-zero |f′| (exact where the data allow)
      const fig = distPercentiles(q, { abs: true, nonZero: true });
      if (fig) L.p.forEach((v, k) => assert.equal(v, Math.fround(fig.p[k]), `L${l + 1} non-zero p[${k}]`));
      else assert.ok(L.p.every((v) => v === null || Number.isNaN(v)), `L${l + 1}: all 0, no fan`);
      if (l < shown.layers.length - 1) {
        // a ReLU's f′ is 0 or 1: the fan is of the ones, exactly 1 (not 1's log bin centre, 1.122), the strip the rest
        if (want.p) {
          assert.ok(want.p.every((v) => Math.abs(v - 10 ** 0.05) < 1e-6), 'the log bins alone say 1.122');
          assert.ok(L.p.every((v) => v === 1), `L${l + 1}: the non-zero f′ are all 1: ${L.p}`);
          assert.deepEqual(L.median, { value: 1, exact: true, all: 1 });
        }
        assert.ok(want.share > 0, `L${l + 1} has f′ = 0 pairs`);
        dead += want.share;
        // the readout says it exactly: "rest: all 1", never "median 1.1"
        if (want.p) assert.match(L.text, new RegExp(`^f′=0: ${Math.round(want.share * 100)}% · rest: all 1( ·|$)`));
        assert.doesNotMatch(L.text, /1\.1/);
      } else assert.equal(L.zeroShare, 0, 'the sigmoid output has none');
    });
    assert.ok(dead > 0.5, 'the preset shows many off pairs');
    assert.equal(await page.isVisible('#lv-zkey'), true);
    assert.match(await page.textContent('#lv-zkey'), /share of its pairs with f′ = 0 exactly \(the unit is off for that sample\)/);
    // the picture: each hidden layer's strip holds dark pixels (the share), and its fan is no
    // solid block: the coloured pixels of the fan are a thin band, not the plot
    const pics = await page.evaluate(({ stripH }) => [...document.querySelectorAll('.lv-run[data-run="0"] .lv-fan canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const dpr = devicePixelRatio, w = c.width, h = c.height;
      const y0 = Math.round(h - (16 + stripH) * dpr), y1 = Math.round(h - 16 * dpr);
      let strip = 0, coloured = 0;
      for (let y = 0; y < h; y++) for (let x = Math.round(40 * dpr); x < w; x++) {
        const i = 4 * (y * w + x);
        if (y >= y0 && y < y1 && d[i] === 0x37 && d[i + 1] === 0x41 && d[i + 2] === 0x51) strip++;
        if (y < y0 && d[i + 3] > 20 && Math.max(d[i] - d[i + 1], d[i + 2] - d[i + 1]) > 18) coloured++;
      }
      return { strip, coloured, plot: (w - 46 * dpr) * (y0 - 4 * dpr) };
    }), { stripH: 12 });
    pics.slice(0, -1).forEach((p, l) => {
      assert.ok(p.strip > 50, `L${l + 1}: a zero strip is drawn (${p.strip} px)`);
      assert.ok(p.coloured < 0.25 * p.plot, `L${l + 1}: the fan is a band, not a block (${p.coloured} of ${p.plot} px)`);
    });

    // the scrubber moves the share with it
    await page.evaluate(() => window.gradlab.showEpoch(10));
    await page.waitForFunction(() => window.gradlab.layers[0].epoch === 10);
    const at10 = (await page.evaluate(() => window.gradlab.layers))[0];
    const e10 = ref.h.epochs.find((e) => e.epoch === 10);
    at10.layers.forEach((L, l) => {
      const want = nonZeroDirect(e10.layers[l].dist.dact);
      assert.ok(Math.abs(L.zeroShare - want.share) <= 1e-7, `epoch 10 L${l + 1}: ${L.zeroShare} vs ${want.share}`);
    });
    // the linear scale: the fan of every value (zeros included: dist.p), the strip still there
    await page.evaluate(() => window.gradlab.showEpoch(null));
    await page.uncheck('#lv-log');
    await page.waitForFunction(() => /^f′=0: \d+% · median /.test(window.gradlab.layers[0].layers[0].text));
    const lin = (await page.evaluate(() => window.gradlab.layers))[0];
    lin.layers.forEach((L, l) => assert.deepEqual(L.p.map((v) => Math.fround(v)), Array.from(distPercentiles(last.layers[l].dist.dact).p, Math.fround), `L${l + 1} f′ linear`));
    // signed f′ of a ReLU layer: 0 or 1, each exact
    lin.layers.slice(0, -1).forEach((L, l) => assert.match(L.text, /median [01]( ·|$)/, `L${l + 1}: ${L.text}`));
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
});
