// Compare mode's "same initial weights": network B starts from A's initial
// kernel and bias in every layer whose fan-in and units match A's; the page
// says which layers could not share theirs; the choice is in the URL and in
// the history export's state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startBrowser, openPage } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const weightsReady = (page) => page.waitForFunction(() => window.gradlab.ready && window.gradlab.weights.every((w) => w));

test('same initial weights: B takes A\'s layers where the shapes match, says which could not; off: they differ', async () => {
  // A: 5 tanh, 5 tanh; B: 5 relu, 8 relu (he_uniform): L1 matches (2→5), L2 (5→5 vs 5→8) and the output (5→1 vs 8→1) do not
  const { page, context, problems } = await openPage(env, 'cmp=1&same=1&b.layers=5:relu,8:relu');
  try {
    await weightsReady(page);
    assert.equal(await page.evaluate(() => window.gradlab.epochs[1]), 0, 'before any epoch: the initial weights');
    const [wa, wb] = await page.evaluate(() => window.gradlab.weights);
    assert.deepEqual(wb[0], wa[0], 'L1: B has A\'s kernel and bias');
    assert.notDeepEqual(wb[1].kernel.slice(0, 5), wa[1].kernel.slice(0, 5));
    const share = await page.evaluate(() => window.gradlab.initShare);
    assert.deepEqual(share.shared, [1]);
    assert.deepEqual(share.unshared.map((u) => u.name), ['L2', 'output']);
    assert.ok(await page.locator('#same').isChecked());
    const text = await page.locator('#init-share').textContent();
    assert.match(text, /B starts from A's initial weights in L1\./);
    assert.match(text, /Not shared \(other shape\): L2 \(A's is 5→5, B's 5→8\); output \(A's is 5→1, B's 8→1\)\./);

    // same widths (tanh against ReLU, 5, 5): every layer shared, nothing listed
    await page.evaluate(() => { location.hash = location.hash.replace('b.layers=5:relu,8:relu', 'b.layers=5:relu,5:relu'); });
    await page.waitForFunction(() => window.gradlab.initShare && window.gradlab.initShare.shared.length === 3);
    await weightsReady(page);
    const [a2, b2] = await page.evaluate(() => window.gradlab.weights);
    assert.deepEqual(b2, a2, 'every layer of B starts as A\'s');
    assert.doesNotMatch(await page.locator('#init-share').textContent(), /Not shared/);
    // B still trains as ReLU: after a step the weights part
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs.every((e) => e >= 1));
    await page.waitForFunction(() => { const [a, b] = window.gradlab.weights; return JSON.stringify(a) !== JSON.stringify(b); });

    // off: B draws its own (he_uniform) weights
    await page.uncheck('#same');
    await page.waitForFunction(() => window.gradlab.state.same === 0 && window.gradlab.epochs[0] === 0);
    await weightsReady(page);
    const [a3, b3] = await page.evaluate(() => window.gradlab.weights);
    assert.notDeepEqual(b3[0].kernel, a3[0].kernel);
    assert.equal(await page.evaluate(() => window.gradlab.initShare), null);
    assert.ok(await page.locator('#init-share').isHidden());
    assert.doesNotMatch(await page.evaluate(() => location.hash), /same=/, 'off: not in the link (old links look the same)');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('same initial weights: the URL round trip keeps it; the history JSON\'s state says it; only in compare mode', async () => {
  const { page, context, problems } = await openPage(env, 'cmp=1');
  try {
    assert.ok(await page.locator('#same-wrap').isVisible());
    assert.ok(!(await page.locator('#same').isChecked()));
    await page.check('#same');
    await page.waitForFunction(() => window.gradlab.initShare && window.gradlab.state.same === 1);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /(^#|&)same=1(&|$)/);
    // a fresh page from the link
    const again = await openPage(env, hash.slice(1));
    try {
      await weightsReady(again.page);
      assert.ok(await again.page.locator('#same').isChecked());
      const [wa, wb] = await again.page.evaluate(() => window.gradlab.weights);
      assert.deepEqual(wb, wa);
      assert.deepEqual(again.problems, []);
    } finally { await again.context.close(); }
    // the history JSON describes the experiment with it
    const dl = page.waitForEvent('download');
    await page.click('#export-menu summary');
    await page.click('#export-json');
    const json = JSON.parse(await readFile(await (await dl).path(), 'utf8'));
    assert.equal(json.state.same, 1);
    assert.equal(json.state.cmp, 1);
    // compare off: the box goes
    await page.uncheck('#cmp');
    await page.waitForFunction(() => window.gradlab.state.cmp === 0);
    assert.ok(await page.locator('#same-wrap').isHidden());
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
