// screenshot.mjs — the README's pictures of the page, made from the built page
// (dist/web) in Debian's Chromium: the "compare" preset (deep tanh vs deep
// ReLU) trained for 500 epochs at full speed, then photographed at desktop
// size (1400×1000, the window) and at phone size (390×844, the whole page);
// then its Layers view at desktop size with the figures and a cursor at epoch
// 48 (where the deep tanh net's last hidden layer is about most saturated).
// Usage: node build-scripts/screenshot.mjs [desktop.png [phone.png [layers.png]]]
// (default web/screenshot.png, web/screenshot-phone.png and web/screenshot-layers.png)
import { fileURLToPath } from 'node:url';
import { startBrowser, openPage, waitIdle } from '../tests/browser/helpers/harness.js';

const out = {
  desktop: process.argv[2] || fileURLToPath(new URL('../web/screenshot.png', import.meta.url)),
  phone: process.argv[3] || fileURLToPath(new URL('../web/screenshot-phone.png', import.meta.url)),
  layers: process.argv[4] || fileURLToPath(new URL('../web/screenshot-layers.png', import.meta.url)),
};
const LAYERS_EPOCH = 48; // an epoch the page measures in full (web/dist-series.js fullAt: every 4th of 500)
const SIZES = { desktop: { width: 1400, height: 1000 }, phone: { width: 390, height: 844 } };
const EPOCHS = 500;

const env = await startBrowser();
try {
  const { page, problems } = await openPage(env);
  await page.setViewportSize(SIZES.desktop);
  await page.selectOption('#preset', 'compare');
  await page.waitForFunction(() => window.gradlab.state.preset === 'compare' && window.gradlab.ready);
  await page.selectOption('#speed', 'max');
  await page.click('#play');
  await page.waitForFunction((n) => window.gradlab.runs.every((r) => r.epoch >= n), EPOCHS, { timeout: 120000 });
  await waitIdle(page);
  for (const [name, size] of Object.entries(SIZES)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400); // the charts follow their boxes, then the last chart frame
    await page.mouse.move(0, 0);
    await page.screenshot({ path: out[name], fullPage: name === 'phone' });
  }
  // the Layers view: f′ per layer, A (deep tanh) beside B (deep ReLU)
  await page.setViewportSize(SIZES.desktop);
  await page.click('#view-tab-layers');
  await page.evaluate((e) => window.gradlab.showEpoch(e), LAYERS_EPOCH);
  await page.waitForFunction((e) => window.gradlab.layers.every((r) => r.epoch === e && r.layers[0].cursorX !== null), LAYERS_EPOCH);
  await page.waitForTimeout(400);
  await page.locator('#layers-view').screenshot({ path: out.layers });
  if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
  const runs = await page.evaluate(() => window.gradlab.runs.map((r) => ({
    epoch: r.epoch, test: r.history.at(-1).valAccuracy })));
  console.log(`wrote ${out.desktop}, ${out.phone} and ${out.layers}: ${runs.map((r, i) => `${'AB'[i]} epoch ${r.epoch} test acc ${r.test.toFixed(3)}`).join(', ')}`);
  // the figures the README's caption quotes: each layer's readout at the cursor
  const figs = await page.evaluate(() => window.gradlab.layers.map((r) => ({ epoch: r.epoch, text: r.layers.map((l) => l.text) })));
  figs.forEach((r, i) => console.log(`Layers view, ${'AB'[i]} at epoch ${r.epoch}: ${r.text.join(' | ')}`));
} finally {
  await env.close();
}
