// The cures' controls in Chromium (issue 14): every layer option and training
// option is set through its field, lands in the URL and comes back from it; a
// value the library refuses is marked at its field and Play refuses to start;
// a cure preset loads as a compare run and trains as the library trains it in
// Node (the worker passes the options on).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';
import { load } from '../../dist/gradlab.js';
import { fromHash, toHash } from '../../web/state.js';
import { presetState } from '../../web/presets.js';
import { makeData, trainNet } from '../../web/experiment.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

/** Set a field as a user does (fill, then change). */
async function set(page, sel, value) {
  if (await page.evaluate((s) => document.querySelector(s).tagName === 'SELECT', sel)) await page.selectOption(sel, value);
  else { await page.fill(sel, String(value)); await page.dispatchEvent(sel, 'change'); }
}
const hashState = (page) => page.evaluate(() => location.hash).then((h) => fromHash(h));

test('every cure control: set in its field, in the URL, back from the URL', async () => {
  const { page, problems } = await openPage(env);
  try {
    await page.check('#layer-opts');
    assert.equal(await page.isVisible('#alpha-0'), false, 'alpha only for leaky_relu / elu');
    await set(page, '#act-0', 'leaky_relu');
    assert.equal(await page.isVisible('#alpha-0'), true);
    await set(page, '#alpha-0', 0.2);
    await set(page, '#norm-0', 'batch');
    await set(page, '#norm-1', 'layer');
    await set(page, '#res-1', 1); // L2 adds L1's 5 units to its 5
    await set(page, '#drop-0', 0.25);
    await set(page, '#gain-1', 0.5);
    await set(page, '#wd', 0.001);
    await set(page, '#gain', 1.5);
    await set(page, '#ogain', 0.8);
    assert.equal(await page.isVisible('#clipv'), false, 'no threshold while clipping is off');
    await set(page, '#clip', 'value');
    await set(page, '#clipv', 0.5);
    await set(page, '#sched', 'step');
    assert.equal(await page.isVisible('#cosine-decayEpochs'), false, 'only the chosen schedule\'s parameters');
    await set(page, '#step-stepEpochs', 50);
    await set(page, '#step-gamma', 0.5);
    await set(page, '#warmupEpochs', 10);
    const { state, errors } = await hashState(page);
    assert.deepEqual(errors, []);
    assert.deepEqual(state.a.layers, [
      { units: 5, act: 'leaky_relu', alpha: 0.2, norm: 'batch', drop: 0.25 },
      { units: 5, act: 'tanh', norm: 'layer', res: 1, gain: 0.5 },
    ]);
    const a = state.a;
    assert.deepEqual([a.wd, a.gain, a.ogain, a.clip, a.clipv, a.sched, a['step.stepEpochs'], a['step.gamma'], a.warmupEpochs],
      [0.001, 1.5, 0.8, 'value', 0.5, 'step', 50, 0.5, 10]);
    // the title follows at the next drawing of the networks (the frame loop redraws them at most every 200 ms)
    const want = /batch norm, layer norm, skip ×1, dropout 0\.25, alpha 0\.2, init gain, clip value 0\.5, step lr, warm-up 10, decay 0\.001/;
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#title-a').textContent), want.source, { timeout: 10000 }).catch(() => {});
    assert.match(await page.textContent('#title-a'), want);

    // the URL alone gives the same controls
    const hash = await page.evaluate(() => location.hash);
    const p2 = await openPage(env, hash.slice(1));
    try {
      for (const [sel, v] of [['#act-0', 'leaky_relu'], ['#alpha-0', '0.2'], ['#norm-0', 'batch'], ['#norm-1', 'layer'], ['#res-1', '1'],
        ['#drop-0', '0.25'], ['#gain-1', '0.5'], ['#wd', '0.001'], ['#gain', '1.5'], ['#ogain', '0.8'], ['#clip', 'value'], ['#clipv', '0.5'],
        ['#sched', 'step'], ['#step-stepEpochs', '50'], ['#step-gamma', '0.5'], ['#warmupEpochs', '10']]) {
        assert.equal(await p2.page.inputValue(sel), v, sel);
      }
      assert.equal(await p2.page.isVisible('#norm-0'), true, 'a layer with options shows them without the toggle');
      assert.deepEqual(p2.problems, []);
    } finally { await p2.context.close(); }

    // a link from before the cures: every cure at its default
    const old = fromHash('layers=5:tanh,5:relu&lr=0.05');
    assert.deepEqual(old.errors, []);
    assert.deepEqual([old.state.a.clip, old.state.a.sched, old.state.a.wd, old.state.a.gain], ['off', 'constant', 0, 1]);
    assert.deepEqual(old.state.a.layers, [{ units: 5, act: 'tanh' }, { units: 5, act: 'relu' }]);
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
});

test('a value the library refuses: marked at its field with a message, and Play refuses', async () => {
  const { page, problems } = await openPage(env);
  try {
    await page.check('#layer-opts');
    for (const [sel, value, re] of [
      ['#drop-0', 1, /1 is out of range \(must be a number ≥ 0 and < 1\)/],
      ['#clipv', 0, /0 is out of range \(must be a number > 0/],
      ['#wd', -0.1, /-0\.1 is out of range \(must be a number from 0 to 1\)/],
    ]) {
      if (sel === '#clipv') await set(page, '#clip', 'norm');
      await set(page, sel, value);
      assert.equal(await page.getAttribute(sel, 'aria-invalid'), 'true', sel);
      assert.match(await page.textContent(`${sel}-error`), re);
    }
    // a residual onto unequal widths (the check of network()): at the field
    await set(page, '#units-1', 4);
    await set(page, '#res-1', 1);
    await page.waitForSelector('#res-1[aria-invalid=true]');
    assert.match(await page.textContent('#res-1-error'), /adds layer 1's 5 units to its 4 units: the widths must match/);
    await page.click('#play');
    assert.equal(await page.evaluate(() => window.gradlab.playing), false);
    assert.match((await page.locator('#messages').innerText()), /Play cannot start/);
    // fixed: Play starts
    for (const [sel, v] of [['#drop-0', 0.1], ['#clipv', 1], ['#wd', 0], ['#res-1', 0]]) await set(page, sel, v);
    assert.equal(await page.getAttribute('#res-1', 'aria-invalid'), 'false');
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.epochs.every((e) => e >= 2), null, { timeout: 60000 });
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
});

test('a cure preset loads as a compare run and trains as the library does (the worker passes clip on)', async () => {
  const EPOCHS = 3;
  const st = presetState('cure-clip');
  st.epochs = EPOCHS; st.speed = 'max';
  const lab = await load();
  const data = makeData(lab, st);
  const ref = { a: trainNet(lab, st, st.a, st.seed, EPOCHS, data), b: trainNet(lab, st, st.b, st.seed, EPOCHS, data) };
  assert.equal(ref.a.stopped.epoch, 1, 'without clipping A diverges in epoch 1');
  const { page, problems } = await openPage(env);
  try {
    await page.selectOption('#preset', 'cure-clip');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.state.cmp === 1, null, { timeout: 30000 });
    assert.match(await page.textContent('#preset-text'), /by global norm/);
    assert.equal(await page.isVisible('#grad-box-b'), true, 'both gradient charts');
    await set(page, '#epochs', EPOCHS);
    await page.click('#play');
    // each run done: finished or stopped (in compare mode B trains in a worker of its own, so B can
    // finish before A's update, with its stop, reaches the page: waiting on B alone raced under load)
    await page.waitForFunction((n) => window.gradlab.runs.every((r) => r.epoch >= n || r.stopped), EPOCHS, { timeout: 60000 });
    await waitIdle(page);
    const runs = await page.evaluate(() => window.gradlab.runs.map((r) => ({ stopped: r.stopped, loss: r.history.map((h) => h.loss) })));
    assert.equal(runs[0].stopped?.epoch ?? runs[0].stopped, 1, 'A stops in epoch 1');
    assert.equal(runs[1].stopped, null);
    ref.b.history.forEach((h, i) => assert.ok(Math.abs(runs[1].loss[i] - h.loss) <= 1e-6 * Math.abs(h.loss), `B loss at epoch ${i + 1}: ${runs[1].loss[i]} vs ${h.loss}`));
    assert.match(await page.locator('#messages').innerText(), /Network A stopped at epoch 1/);
    assert.deepEqual(problems, []);
  } finally { await page.context().close(); }
  assert.equal(toHash(st).includes('clip=norm'), true);
});
