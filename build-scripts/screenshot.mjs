// screenshot.mjs — the README's picture of the page, made from the built page
// (dist/web) in Debian's Chromium at 1366×768: the "compare" preset (deep tanh
// vs deep ReLU) trained for 500 epochs at full speed.
// Usage: node build-scripts/screenshot.mjs [out.png] (default web/screenshot.png)
import { fileURLToPath } from 'node:url';
import { startBrowser, openPage, waitIdle } from '../tests/browser/helpers/harness.js';

const out = process.argv[2] || fileURLToPath(new URL('../web/screenshot.png', import.meta.url));
const EPOCHS = 500;

const env = await startBrowser();
try {
  const { page, problems } = await openPage(env);
  await page.selectOption('#preset', 'compare');
  await page.waitForFunction(() => window.gradlab.state.preset === 'compare' && window.gradlab.ready);
  await page.selectOption('#speed', 'max');
  await page.click('#play');
  await page.waitForFunction((n) => window.gradlab.runs.every((r) => r.epoch >= n), EPOCHS, { timeout: 120000 });
  await waitIdle(page);
  await page.waitForTimeout(300); // the last chart frame
  await page.mouse.move(0, 0);
  if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
  await page.screenshot({ path: out });
  const runs = await page.evaluate(() => window.gradlab.runs.map((r) => ({
    epoch: r.epoch, test: r.history.at(-1).valAccuracy })));
  console.log(`wrote ${out}: ${runs.map((r, i) => `${'AB'[i]} epoch ${r.epoch} test acc ${r.test.toFixed(3)}`).join(', ')}`);
} finally {
  await env.close();
}
