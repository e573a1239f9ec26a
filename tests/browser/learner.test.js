// What a learner meets at the next step: charts that keep drawing whatever
// the gradients do, a message when a run does not learn, and errors shown at
// the field that caused them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const messageTexts = (page) => page.locator('#messages .message').allTextContents();
const layers = (n, l) => Array(n).fill(l).join(',');

// Nets whose first layers' gradients fall to 1e-24 … 0 (they broke uPlot's log axis).
const DEEP = {
  'tanh 30 × 5, U(0, 1)': `layers=${layers(30, '5:tanh')}&init=random_uniform&ia=0&ib=1&oinit=random_uniform&oia=0&oib=1`,
  'sigmoid 32 × 5': `layers=${layers(32, '5:sigmoid')}`,
  'mixed spiral, RMSprop, L2 0.001': 'ds=spiral&layers=5:leaky_relu,5:elu,5:gelu,5:mish,5:selu,5:swish,5:softplus&opt=rmsprop&l2=0.001',
};

for (const [name, hash] of Object.entries(DEEP)) {
  test(`charts keep drawing: ${name}, 300 epochs`, async () => {
    const { page, context, problems } = await openPage(env, `${hash}&epochs=300&speed=max`);
    try {
      await page.click('#play');
      await waitIdle(page, 120000);
      assert.equal(await G(page, () => window.gradlab.epochs[0]), 300);
      await page.waitForTimeout(300); // the last chart frame
      const last = await G(page, () => window.gradlab.runs[0].history.at(-1).layers.map((l) => l.gradMeanAbs));
      const probe = await G(page, () => window.gradlab.charts);
      const grad = probe.grad[0];
      assert.equal(grad.points, 300, 'every epoch is in the gradient chart');
      assert.equal(grad.drawn.length, last.length, 'one line per layer');
      assert.ok(grad.drawn.every((n) => n === 300), `every layer's line has every epoch (zeros at the bottom edge): ${grad.drawn}`);
      assert.ok(grad.coloured > 500, `the gradient chart has coloured pixels (${grad.coloured})`);
      const tiny = Math.min(...last);
      assert.ok(tiny < 1e-20, `the run reaches the tiny gradients this test is about (${tiny})`);
      if (tiny < 1e-30) assert.match(grad.note, /below 1e-30: drawn at the bottom edge/);
      assert.ok(grad.yRange[0] >= -30 && grad.yRange[1] <= 30);
      for (const c of [probe.loss, probe.acc]) assert.ok(c.points === 300 && c.coloured > 100);
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('short runs: the epoch axis has whole-number ticks', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    for (let i = 1; i <= 3; i++) {
      await page.click('#step');
      await page.waitForFunction((n) => window.gradlab.epochs[0] === n, i);
      await page.waitForTimeout(100);
      const probe = await G(page, () => window.gradlab.charts);
      for (const c of [probe.grad[0], probe.loss, probe.acc]) {
        assert.ok(c.xTicks.length > 0, 'the x axis has ticks');
        assert.ok(c.xTicks.every((t) => Number.isInteger(t)), `epoch ${i}: ticks ${c.xTicks}`);
      }
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
