// web/charts.js in Chromium, fed every kind of number a run can produce —
// 1e-40 to 1e+30, 0, negative, NaN, ±inf — on a log, a linear and a fixed-range
// chart: no exception, the lines still draw, the note says what is clamped,
// and the chart recovers as soon as the values are ordinary again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../build-scripts/serve.mjs';
import { CHROMIUM_ARGS } from './helpers/harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let server, browser;
before(async () => {
  server = await startServer({ root: REPO });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => { await browser?.close(); await server?.close(); });

const NASTY = [1e-40, 0, NaN, Infinity, 1e30, 4.7e-24, -1, 1e-20, -Infinity, 5e-324, 1e-30, 3e-31, 1e31, 0.5, null];

test('charts take any value without an exception, keep drawing, say what they clamp, and recover', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  try {
    await page.goto(`${server.url}tests/browser/helpers/chart-page.html`);
    await page.waitForFunction(() => window.chartsReady);
    // grow a history epoch by epoch, every series cycling through the nasty values
    const probes = await page.evaluate((nasty) => {
      const out = [];
      for (let n = 0; n <= 60; n++) {
        const xs = Array.from({ length: n }, (_, i) => i + 1);
        const col = (k) => xs.map((_, i) => nasty[(i + k) % nasty.length]);
        window.charts.log.setData([xs, col(0), col(3), col(7), xs.map((_, i) => 10 ** -(i % 45))]);
        window.charts.lin.setData([xs, col(1), col(5)]);
        window.charts.acc.setData([xs, col(2), col(9)]);
        if (n % 20 === 0) out.push({ log: window.charts.log.probe(), lin: window.charts.lin.probe(), acc: window.charts.acc.probe() });
      }
      return out;
    }, NASTY);
    assert.equal(probes.length, 4);
    await page.waitForTimeout(100); // uPlot draws in a microtask after setData
    const last = await page.evaluate(() => ({ log: window.charts.log.probe(), lin: window.charts.lin.probe(), acc: window.charts.acc.probe() }));
    assert.equal(last.log.points, 60);
    assert.ok(last.log.drawn.every((d) => d > 40), `log: points drawn ${last.log.drawn}`);
    assert.ok(last.log.yRange[0] >= -30 && last.log.yRange[1] <= 30, `log range ${last.log.yRange}`);
    assert.match(last.log.note, /below 1e-30: drawn at the bottom edge/);
    assert.match(last.log.note, /above 1e\+30: drawn at the top edge/);
    assert.match(last.log.note, /NaN: not drawn/);
    assert.match(last.lin.note, /inf or above 1e\+30/);
    assert.match(last.lin.note, /-inf/);
    for (const c of [last.log, last.lin, last.acc]) assert.ok(c.coloured > 200, `coloured pixels ${c.coloured}`);
    // ordinary values again: the note goes, the range follows the data
    await page.evaluate(() => {
      const xs = [1, 2, 3];
      window.charts.log.setData([xs, [1e-3, 2e-3, 3e-3], [1e-2, 1e-2, 1e-2], [0.1, 0.2, 0.3], [1e-4, 1e-4, 1e-4]]);
      window.charts.lin.setData([xs, [1, 2, 3], [2, 3, 4]]);
    });
    await page.waitForTimeout(100);
    const calm = await page.evaluate(() => ({ log: window.charts.log.probe(), lin: window.charts.lin.probe() }));
    assert.equal(calm.log.note, '');
    assert.equal(calm.lin.note, '');
    assert.deepEqual(calm.log.yRange, [-4, 0]);
    assert.deepEqual(calm.log.drawn, [3, 3, 3, 3]);
    assert.deepEqual(calm.log.xTicks.filter((t) => !Number.isInteger(t)), [], 'integer epoch ticks');
    // the legend shows the raw values, not the clamped ones
    await page.evaluate(() => window.charts.log.setData([[1, 2], [4.7e-24, 1e-40], [0, 0], [NaN, Infinity], [1, 1]]));
    await page.waitForTimeout(100);
    const legend = await page.locator('#log .u-legend .u-value').allTextContents();
    assert.deepEqual(legend.slice(1), ['1.00e-40', '0', 'inf', '1.00']);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
