// Regression on the page (issue 15): plane, multi-Gaussian and a 1-D sine
// train a linear output with mse; the loss falls, the charts and the status
// show R², the surface shows the predicted value (the sine: a curve over the
// points), and settings that do not fit a regression are fixed and said.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const messageTexts = (page) => page.locator('#messages .message').allTextContents();
const variance = (y) => { const m = y.reduce((a, b) => a + b, 0) / y.length; return y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length; };

for (const [ds, hash, inputs] of [
  ['multigauss', 'ds=multigauss&out=linear_mse&layers=16:tanh,16:tanh&opt=adam&lr=0.01&epochs=80&speed=max', 2],
  ['sine', 'ds=sine&out=linear_mse&layers=16:tanh,16:tanh&opt=adam&lr=0.01&epochs=80&speed=max&n=300', 1],
]) {
  test(`${ds}: a linear output's mse falls; R² on the chart and in the status; the view shows the prediction`, async () => {
    const { page, context, problems } = await openPage(env, hash);
    try {
      const d = await G(page, () => window.gradlab.data);
      assert.equal(d.classes, 0);
      assert.equal(d.inputs, inputs);
      assert.equal(d.Xtr.length, d.ytr.length * inputs);
      assert.ok(d.ytr.some((v) => v !== Math.round(v)), 'real values');
      assert.equal((await G(page, () => window.gradlab.runs[0].surface)).length, inputs === 1 ? 100 : 100 * 100);
      await page.click('#play');
      await waitIdle(page, 240000);
      const r = await G(page, () => window.gradlab.runs[0]);
      assert.equal(r.epoch, 80);
      const first = r.history.slice(0, 3).reduce((a, s) => a + s.loss, 0) / 3;
      const last = r.history.slice(-3).reduce((a, s) => a + s.loss, 0) / 3;
      assert.ok(last < 0.5 * first, `mse fell from ${first} to ${last}`);
      // R² of each epoch = 1 − mse / variance of y, train and test
      const s = r.history.at(-1);
      assert.ok(Math.abs(s.r2 - (1 - s.loss / variance(d.ytr))) < 1e-5, `r2 ${s.r2}`);
      assert.ok(Math.abs(s.valR2 - (1 - s.valLoss / variance(d.yte))) < 1e-5, `valR2 ${s.valR2}`);
      assert.ok(r.current.valR2 > 0.5, `test R² ${r.current.valR2}`);
      assert.match(await page.locator('#acc-caption').textContent(), /^R² = 1 − mse \/ variance of y/);
      assert.match(await page.locator('#status').textContent(), /test R²/);
      assert.match(await page.locator('#chart-acc').textContent(), /train R².*test R²/, 'the chart\'s series are R²');
      assert.ok((await G(page, () => window.gradlab.charts.acc)).drawn.every((n) => n > 0), 'R² drawn');
      assert.ok(await page.locator('#confusion-box').isHidden(), 'no confusion matrix for a regression');
      assert.ok(await page.locator('.field.click-class').isHidden(), 'no class toggle for a regression');
      if (inputs === 1) {
        // the curve: the prediction at each column's x, close to sin(pi x) where there is data
        const c = await G(page, () => window.gradlab.runs[0].surface);
        const x = (k) => -1.25 + (2.5 * (k + 0.5)) / 100;
        const err = [20, 35, 50, 65, 80].map((k) => Math.abs(c[k] - Math.sin(Math.PI * x(k))));
        assert.ok(Math.max(...err) < 0.35, `curve vs sin: ${err.map((e) => e.toFixed(2))}`);
        assert.equal(await page.locator('#axis-y-a .axis-name').textContent(), 'y');
      } else {
        assert.match(await page.locator('#key-a .cbar-name').textContent(), /the predicted value/);
      }
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('choosing a regression set makes the output linear, MSE and says so; back on circles a sigmoid again', async () => {
  const { page, context, problems } = await openPage(env, '');
  try {
    await page.selectOption('#ds', 'plane');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.classes === 0 && window.gradlab.ready);
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'linear_mse');
    assert.ok((await messageTexts(page)).some((t) => /sigmoid_bce does not fit: the plane data has a value per point \(regression\), so the output is linear_mse/.test(t)));
    assert.ok(await page.locator('#out option[value=sigmoid_bce]').isDisabled());
    await page.selectOption('#ds', 'moons');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.classes === 2 && window.gradlab.ready);
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'sigmoid_bce');
    assert.ok(await page.locator('#out option[value=linear_mse]').isDisabled());
    assert.match(await page.locator('#acc-caption').textContent(), /^Accuracy$/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
