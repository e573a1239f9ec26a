// The published experiments through the page: the deep tanh preset shows the
// vanishing gradient (middle layers ≥ 30× below the output layer, accuracy
// near chance); the deep ReLU preset learns (test accuracy ≥ 0.8) with its
// layers' gradients within ~10× of each other. Trained at the "max" speed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';
import { load, seedBands } from '../../dist/gradlab.js';
import { makeData, trainNet } from '../../web/experiment.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

/** Pick a preset in the menu, set the epochs and max speed, play to the end. */
async function trainPreset(page, id, epochs) {
  await page.selectOption('#preset', id);
  await page.waitForFunction((p) => window.gradlab.state.preset === p && window.gradlab.ready, id);
  await page.selectOption('#speed', 'max');
  await page.locator('#epochs').fill(String(epochs));
  await page.locator('#epochs').press('Tab');
  await page.click('#play');
  await page.waitForFunction((n) => window.gradlab.runs[0].epoch >= n, epochs, { timeout: 60000 });
  await waitIdle(page);
  return page.evaluate(() => window.gradlab.runs[0]);
}

/** Per layer: the median of gradMeanAbs over the epochs. */
function layerMedians(history) {
  const nL = history[0].layers.length;
  return Array.from({ length: nL }, (_, l) => median(history.map((s) => s.layers[l].gradMeanAbs)));
}

test('deep tanh, U(0, 1): middle layers get ≥ 30× less gradient than the output layer; accuracy near chance', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const run = await trainPreset(page, 'deep-tanh', 100);
    assert.equal(run.history.length, 100);
    assert.equal(await page.evaluate(() => window.gradlab.seriesCount[0]), 6, 'one series per layer (5 hidden + output)');
    const legend = await page.locator('#chart-grad-a .u-legend .u-series th').allTextContents();
    assert.deepEqual(legend.slice(1), ['L1', 'L2', 'L3', 'L4', 'L5', 'out']);
    const g = layerMedians(run.history);
    const out = g[5];
    const report = g.map((v) => v.toExponential(1)).join(' ');
    for (const l of [1, 2, 3]) {
      assert.ok(out / g[l] >= 30, `L${l + 1}: output/L${l + 1} = ${(out / g[l]).toFixed(1)} (medians over 100 epochs: ${report})`);
    }
    const acc = run.history.slice(-10).map((s) => s.valAccuracy);
    const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
    assert.ok(mean > 0.4 && mean < 0.65, `test accuracy ${mean.toFixed(3)} is near chance`);
    // the status bar shows the same numbers as the history
    await page.waitForFunction((t) => document.querySelector('#status .test-acc').textContent === t, run.history[99].valAccuracy.toFixed(3));
    // the layer list shows each tanh layer's share of saturated unit-samples in the last epoch,
    // and its tooltip says what it counts
    for (let l = 0; l < 5; l++) {
      const ls = run.history[99].layers[l];
      const want = ls.deadFraction > 0 ? `dead ${Math.round(ls.deadFraction * 100)}%` : `sat ${Math.round(ls.saturatedShare * 100)}%`;
      assert.equal(await page.locator(`#lstat-${l}`).textContent(), want);
      if (ls.deadFraction === 0) assert.match(await page.locator(`#lstat-${l}`).getAttribute('title'), /\(sample, unit\) pairs in epoch 100 had f′ under 1% of its maximum/);
    }
    assert.ok(run.history[99].layers[4].saturatedShare > 0, 'the last tanh layer saturates on some samples');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('deep ReLU, He: test accuracy ≥ 0.8 and all layers\' gradients within ~10× of each other', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const run = await trainPreset(page, 'deep-relu', 500);
    assert.equal(run.history.length, 500);
    assert.equal(await page.evaluate(() => window.gradlab.seriesCount[0]), 6);
    const g = layerMedians(run.history);
    const spread = Math.max(...g) / Math.min(...g);
    assert.ok(spread <= 10, `max/min of the per-layer medians = ${spread.toFixed(1)} (${g.map((v) => v.toExponential(1)).join(' ')})`);
    const last = run.history[499];
    assert.ok(last.valAccuracy >= 0.8, `test accuracy ${last.valAccuracy}`);
    for (let l = 0; l < 5; l++) {
      assert.equal(await page.locator(`#lstat-${l}`).textContent(), `dead ${Math.round(last.layers[l].deadFraction * 100)}%`);
    }
    assert.ok(run.current.valAccuracy >= 0.8, `test accuracy of the final weights ${run.current.valAccuracy}`);
    // the decision surface is a ring: inside (0, 0) is class 1, the corners class 0
    const s = run.surface;
    const at = (x, y) => s[Math.floor(((1.25 - y) / 2.5) * 100) * 100 + Math.floor(((x + 1.25) / 2.5) * 100)];
    assert.ok(at(0, 0) > 0.5, `P(class 1) at the centre = ${at(0, 0)}`);
    for (const [x, y] of [[-1.1, -1.1], [1.1, 1.1], [-1.1, 1.1], [1.1, -1.1]]) assert.ok(at(x, y) < 0.5, `corner (${x}, ${y}) = ${at(x, y)}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('seed study: ten seeds of network A, and each agrees exactly with training that seed live', async () => {
  const { page, context, problems } = await openPage(env, 'preset=deep-relu&layers=5:relu,5:relu,5:relu,5:relu,5:relu&init=he_uniform&oinit=glorot_uniform&epochs=40&speed=max&seed=3');
  try {
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.study, null, { timeout: 60000 });
    const rs = await page.evaluate(() => window.gradlab.study);
    assert.deepEqual(rs.map((r) => r.seed), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(rs.every((r) => r.epochs === 40 && r.testAccuracy >= 0 && r.testAccuracy <= 1));
    const acc = rs.map((r) => r.testAccuracy).sort((a, b) => a - b);
    const text = await page.locator('#study-result').textContent();
    assert.match(text, /^10 seeds, 40 epochs each: test accuracy median /);
    assert.ok(text.includes(`(${acc[0].toFixed(3)}–${acc[9].toFixed(3)})`), text);
    assert.equal(await page.locator('#study').textContent(), 'Try 10 seeds');
    // the live run with network seed 3 ends exactly where the study's seed 3 did
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch >= 40 && !window.gradlab.playing, null, { timeout: 30000 });
    const live = await page.evaluate(() => window.gradlab.runs[0].current);
    assert.equal(live.valAccuracy, rs[2].testAccuracy);
    assert.equal(live.accuracy, rs[2].trainAccuracy);
    // changing a setting drops the study's result
    await page.selectOption('#opt', 'adam');
    await page.waitForFunction(() => document.querySelector('#study-result').textContent.startsWith('One run is one seed'));
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('seed study bands: drawn on the gradient, loss and accuracy charts of A and B; the numbers are those of the seeds trained in Node', async () => {
  const { page, context, problems } = await openPage(env, 'preset=compare&epochs=20&speed=max');
  try {
    const before = await page.evaluate(() => window.gradlab.charts.grad.map((g) => g.coloured));
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.studyBands, null, { timeout: 60000 });
    const bands = await page.evaluate(() => window.gradlab.studyBands);
    assert.equal(bands.length, 2, 'A and B in compare mode');
    assert.deepEqual(bands.map((b) => [b.seeds, b.epochs.length, b.layers.length]), [[10, 20, 6], [10, 20, 6]]);
    const rs = await page.evaluate(() => window.gradlab.study);
    assert.equal(rs.length, 10, 'window.gradlab.study: network A, one per seed');
    // the same seeds trained here in Node (the same wasm, data and options): the same bands
    const st = await page.evaluate(() => window.gradlab.state);
    const lab = await load();
    const data = makeData(lab, st);
    ['a', 'b'].forEach((k, i) => {
      const mine = seedBands(Array.from({ length: 10 }, (_, s) => trainNet(lab, st, st[k], s + 1, st.epochs, data).history));
      for (const stat of ['median', 'q1', 'q3', 'min', 'max']) {
        mine.layers.forEach((ly, l) => ly.gradMeanAbs[stat].forEach((v, e) => {
          const w = bands[i].layers[l].gradMeanAbs[stat][e];
          assert.ok(Math.abs(v - w) <= 1e-9 * Math.abs(v), `${'AB'[i]} L${l + 1} ${stat} @${e + 1}: page ${w}, Node ${v}`);
        }));
        for (const m of ['loss', 'accuracy', 'valLoss', 'valAccuracy']) {
          mine.metrics[m][stat].forEach((v, e) => assert.ok(Math.abs(v - bands[i].metrics[m][stat][e]) <= 1e-9 * Math.abs(v), `${'AB'[i]} ${m} ${stat} @${e + 1}`));
        }
      }
    });
    for (const b of bands) {
      const g = b.layers[0].gradMeanAbs;
      g.median.forEach((m, i) => assert.ok(g.min[i] <= g.q1[i] && g.q1[i] <= m && m <= g.q3[i] && g.q3[i] <= g.max[i]));
      assert.ok(g.n.every((n) => n === 10));
    }
    await page.waitForFunction(() => window.gradlab.charts.grad.every((g) => g.overlay.drawn > 0));
    const charts = await page.evaluate(() => window.gradlab.charts);
    // per layer: min–max and q1–q3 bands and the median line
    for (const g of charts.grad) assert.deepEqual([g.overlay.bands, g.overlay.lines, g.overlay.drawn], [12, 6, 18]);
    // loss and accuracy: one band pair and median per run
    for (const c of [charts.loss, charts.acc]) assert.deepEqual([c.overlay.bands, c.overlay.lines], [4, 2]);
    charts.grad.forEach((g, i) => assert.ok(g.coloured > before[i] + 1000, `gradient chart ${'AB'[i]} got its bands: ${before[i]} → ${g.coloured} coloured pixels`));
    assert.ok(await page.locator('#study-bands-row').isVisible());
    assert.match(await page.locator('#grad-box-a .band-key').textContent(), /10 seeds per layer/);
    // the box hides them, and shows them again
    await page.uncheck('#study-bands');
    await page.waitForFunction(() => window.gradlab.charts.grad.every((g) => g.overlay.bands === 0));
    assert.ok(await page.locator('#grad-box-a .band-key').isHidden());
    await page.check('#study-bands');
    await page.waitForFunction(() => window.gradlab.charts.grad.every((g) => g.overlay.bands === 12));
    // new settings: the bands are of the old ones and go
    await page.selectOption('#opt', 'adam');
    await page.waitForFunction(() => !window.gradlab.studyBands && window.gradlab.charts.grad.every((g) => g.overlay.bands === 0));
    assert.ok(await page.locator('#study-bands-row').isHidden());
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
