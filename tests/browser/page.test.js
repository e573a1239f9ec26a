// The page in Chromium: loads cleanly, every control does what it should,
// the URL restores the state, exports re-import to identical predictions, and
// bad input gives a visible message while the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startBrowser, openPage, waitIdle, ROOT } from './helpers/harness.js';
import { startServer } from '../../build-scripts/serve.mjs';
import { LAYER_STATS } from '../../dist/gradlab.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const state = (page) => G(page, () => window.gradlab.state);
const epochOf = (page, run = 0) => G(page, (r) => window.gradlab.runs[r].epoch, run);
const messageTexts = (page) => page.locator('#messages .message').allTextContents();

/** Set a range input like a user dragging it (input, then change). */
async function slide(page, id, value) {
  await page.evaluate(([i, v]) => {
    const el = document.getElementById(i);
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, [id, value]);
}
/** Type into a field and leave it with Tab (commits the change, as a keyboard user would). */
async function typeField(page, selector, value) {
  await page.locator(selector).fill(String(value));
  await page.locator(selector).press('Tab');
}
/** Wait until the worker has answered with a fresh surface for the current runs. */
async function settled(page) {
  await page.waitForFunction(() => window.gradlab.ready, null, { timeout: 10000 });
}
async function step(page, times = 1) {
  const before = await epochOf(page);
  for (let i = 0; i < times; i++) await page.click('#step');
  await page.waitForFunction((n) => window.gradlab.runs[0].epoch >= n, before + times, { timeout: 10000 });
}
function sameArray(a, b) { return a.length === b.length && a.every((v, i) => v === b[i]); }

test('loads without console errors or failed/off-origin requests, fits 1366 px wide, draws everything', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    // (layout.test.js checks the layout at more sizes)
    const width = await G(page, () => document.documentElement.scrollWidth);
    assert.equal(width, 1366, 'nothing runs off the side');
    const st = await state(page);
    assert.equal(st.ds, 'circles');
    const data = await G(page, () => window.gradlab.data);
    assert.equal(data.ytr.length + data.yte.length, 1000);
    assert.equal(data.ytr.length, 500);
    assert.equal(data.Xtr.length, 1000);
    assert.ok(data.Xtr.every((v) => v >= -1 && v <= 1));
    const runs = await G(page, () => window.gradlab.runs);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].surface.length, 100 * 100, 'a 100×100 decision surface');
    assert.ok(runs[0].surface.every((p) => p >= 0 && p <= 1));
    // every panel is there and visible
    for (const sel of ['#surface-a canvas.surface-bg', '#chart-grad-a .uplot', '#chart-loss .uplot', '#chart-acc .uplot', '#chart-act .uplot', '#net-a svg']) {
      assert.ok(await page.locator(sel).first().isVisible(), `${sel} visible`);
    }
    assert.equal(await page.locator('#view-b').isVisible(), false);
    // the surface canvas is a small bitmap scaled by CSS
    const bg = await G(page, () => { const c = document.querySelector('#surface-a canvas'); return [c.width, c.height, c.clientWidth]; });
    assert.deepEqual(bg.slice(0, 2), [100, 100]);
    assert.ok(bg[2] > 200);
    await page.waitForTimeout(300);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('every control is labelled and reachable by keyboard', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const unlabelled = await G(page, () => [...document.querySelectorAll('input, select, button, summary')]
      .filter((el) => el.offsetParent !== null || el.type === 'file')
      .filter((el) => {
        const name = el.getAttribute('aria-label') || (el.labels && [...el.labels].map((l) => l.textContent).join('').trim())
          || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.textContent)
          || (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY' ? el.textContent.trim() : '');
        return !name;
      }).map((el) => el.id || el.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
    // keyboard: focus Step, press Enter -> one epoch; space (outside fields) plays/pauses
    await page.focus('#step');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch === 1);
    await page.focus('#speed');
    await page.keyboard.press('End'); // last option: max
    await page.waitForFunction(() => window.gradlab.state.speed === 'max');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('training controls: step, epochs, speed, play to the end, reset, play/pause', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    await step(page, 2);
    assert.equal(await epochOf(page), 2);
    await page.waitForFunction(() => document.querySelector('#status .epoch').textContent === '2 / 500');
    let h = await G(page, () => window.gradlab.runs[0].history);
    assert.equal(h.length, 2);
    assert.deepEqual(h.map((s) => s.epoch), [1, 2]);
    assert.equal(h[0].layers.length, 3);
    for (const k of ['loss', 'accuracy', 'valLoss', 'valAccuracy']) assert.ok(Number.isFinite(h[1][k]), k);

    await typeField(page, '#epochs', 30);
    assert.equal((await state(page)).epochs, 30);
    await page.selectOption('#speed', 'max');
    assert.equal((await state(page)).speed, 'max');
    assert.match(await G(page, () => location.hash), /speed=max/);
    await page.click('#play');
    await waitIdle(page);
    assert.equal(await epochOf(page), 30, 'stops at the epoch limit');
    assert.match(await page.locator('#play').textContent(), /Play/);
    await page.click('#play'); // at the limit: says so, does not start
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message.info')].some((m) => /limit of 30 epochs/.test(m.textContent)));
    assert.equal(await G(page, () => window.gradlab.playing), false);
    const series = await G(page, () => window.gradlab.seriesCount[0]);
    assert.equal(series, 3, 'one gradient series per dense layer (2 hidden + output)');
    const chartLen = await G(page, () => document.querySelectorAll('#chart-grad-a .u-legend .u-series').length);
    assert.equal(chartLen, 4, 'legend: epoch + 3 layers');
    // the legend shows the latest values, and the values under the cursor on hover
    const legendValues = () => page.locator('#chart-grad-a .u-legend .u-value').allTextContents();
    const h30 = await G(page, () => window.gradlab.runs[0].history);
    assert.equal((await legendValues())[0], '30');
    await page.locator('#chart-grad-a').scrollIntoViewIfNeeded(); // under the view tabs and the message, it may start below the fold
    const over = await page.locator('#chart-grad-a .u-over').boundingBox();
    await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5);
    await page.waitForFunction(() => document.querySelector('#chart-grad-a .u-legend .u-value').textContent !== '30');
    const hovered = await legendValues();
    const ep = Number(hovered[0]);
    assert.ok(ep > 5 && ep < 25, `epoch under the cursor: ${ep}`);
    const g = h30[ep - 1].layers[2].gradMeanAbs;
    assert.equal(Number(hovered[3]).toPrecision(2), g.toPrecision(2), 'output layer value at that epoch');
    await page.mouse.move(0, 0);

    await page.click('#reset');
    await settled(page);
    assert.equal(await epochOf(page), 0);
    assert.equal((await G(page, () => window.gradlab.runs[0].history)).length, 0);

    // slow speed: play, pause, and nothing moves while paused
    await page.selectOption('#speed', '5');
    await typeField(page, '#epochs', 500);
    const t0 = Date.now();
    await page.click('#play');
    assert.equal(await page.locator('#play').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('#play').textContent(), /Pause/);
    await page.waitForFunction(() => window.gradlab.runs[0].epoch >= 1, null, { timeout: 5000 });
    await page.waitForTimeout(500);
    await page.click('#play'); // pause
    await waitIdle(page);
    const e1 = await epochOf(page);
    // the pace, against the wall time the test saw (a loaded machine stretches it): 5/s, one epoch of slack
    const allowed = Math.ceil(5 * (Date.now() - t0) / 1000) + 1;
    assert.ok(e1 >= 1 && e1 <= allowed, `5 epochs/s for ${Date.now() - t0} ms gave ${e1} (at most ${allowed})`);
    await page.waitForTimeout(500);
    assert.equal(await epochOf(page), e1, 'paused');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('data controls: dataset, points, noise, factor, train ratio, seed, regenerate, click to add', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const data = () => G(page, () => window.gradlab.data);
    const d0 = await data();
    await page.selectOption('#ds', 'moons');
    await settled(page);
    let d = await data();
    assert.equal((await state(page)).ds, 'moons');
    assert.ok(!sameArray(d.Xtr, d0.Xtr), 'new data');
    assert.equal(await page.locator('#factor').isDisabled(), true, 'factor is for circles only');
    await page.selectOption('#ds', 'circles');

    await slide(page, 'n', 400);
    await settled(page);
    d = await data();
    assert.equal(d.ytr.length + d.yte.length, 400);
    assert.equal(await page.locator('#n-out').textContent(), '400');

    await slide(page, 'split', 0.7);
    await settled(page);
    d = await data();
    assert.equal(d.ytr.length, 280);
    assert.equal(d.yte.length, 120);

    const before = (await data()).Xtr;
    await slide(page, 'noise', 0);
    await settled(page);
    d = await data();
    assert.equal((await state(page)).noise, 0);
    assert.ok(!sameArray(d.Xtr, before));
    // no noise: every point lies on one of two circles (radius ratio = factor after scaling)
    const radii = [];
    for (let i = 0; i < d.ytr.length; i++) radii.push(Math.hypot(d.Xtr[2 * i], d.Xtr[2 * i + 1]));
    const outer = Math.max(...radii);
    assert.ok(radii.every((r) => Math.abs(r - outer) < 0.02 || Math.abs(r - 0.8 * outer) < 0.02));
    await slide(page, 'factor', 0.5);
    await settled(page);
    d = await data();
    const r2 = [];
    for (let i = 0; i < d.ytr.length; i++) r2.push(Math.hypot(d.Xtr[2 * i], d.Xtr[2 * i + 1]));
    const o2 = Math.max(...r2);
    assert.ok(r2.some((r) => Math.abs(r - 0.5 * o2) < 0.02), 'inner circle at factor 0.5');
    assert.ok(r2.every((r) => Math.abs(r - o2) < 0.02 || Math.abs(r - 0.5 * o2) < 0.02));

    const s0 = (await state(page)).dseed;
    const before2 = (await data()).Xtr;
    await page.click('#regen');
    await settled(page);
    assert.equal((await state(page)).dseed, s0 + 1);
    assert.ok(!sameArray((await data()).Xtr, before2));
    await typeField(page, '#dseed', 42);
    await settled(page);
    assert.equal((await state(page)).dseed, 42);

    // click on the plot adds a point of the chosen class at that place
    const n0 = (await data()).ytr.length;
    await page.check('input[name=click-class][value="0"]');
    const box = await page.locator('#surface-a').boundingBox();
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 1, n0);
    d = await data();
    assert.equal(d.ytr[n0], 0);
    const [x, y] = [d.Xtr[2 * n0], d.Xtr[2 * n0 + 1]];
    assert.ok(Math.abs(x - 0.625) < 0.05 && Math.abs(y - 0.625) < 0.05, `point at (${x}, ${y})`);
    // by keyboard: focus the plot, move the marker (3 × right, 2 × down), Enter adds a class-1 point
    await page.check('input[name=click-class][value="1"]');
    await page.focus('#surface-a');
    for (const k of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(k);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    d = await data();
    assert.equal(d.ytr[n0 + 1], 1);
    assert.ok(Math.abs(d.Xtr[2 * n0 + 2] - 0.3) < 1e-6 && Math.abs(d.Xtr[2 * n0 + 3] + 0.2) < 1e-6, `keyboard point at (${d.Xtr[2 * n0 + 2]}, ${d.Xtr[2 * n0 + 3]})`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('network controls: layers, units, activations, initialisers, output, optimiser, lr, batch, L2, seed', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const netTitle = () => G(page, () => document.querySelector('#net-a svg title').textContent);
    await page.click('#layer-add');
    await settled(page);
    let st = await state(page);
    assert.equal(st.a.layers.length, 3);
    assert.equal(await page.locator('#layer-list li').count(), 3);
    await step(page);
    assert.equal((await G(page, () => window.gradlab.runs[0].history[0].layers.length)), 4);
    assert.equal(await G(page, () => window.gradlab.seriesCount[0]), 4);
    await page.click('#layer-remove');
    await settled(page);
    assert.equal((await state(page)).a.layers.length, 2);

    await typeField(page, '#units-0', 7);
    await settled(page);
    assert.equal((await state(page)).a.layers[0].units, 7);
    assert.equal(await G(page, () => document.activeElement.id), 'act-0', 'Tab moves on to the next control; the change does not steal focus');
    await page.waitForFunction(() => document.querySelector('#net-a svg title').textContent.includes('2 → 7 → 5 → 1'));

    await page.selectOption('#act-1', 'gelu');
    await settled(page);
    assert.deepEqual((await state(page)).a.layers.map((l) => l.act), ['tanh', 'gelu']);
    await page.selectOption('#act-all', 'elu');
    await settled(page);
    assert.deepEqual((await state(page)).a.layers.map((l) => l.act), ['elu', 'elu']);
    assert.equal(await page.locator('#curve-act').inputValue(), 'elu');

    assert.equal(await page.locator('#ia').isVisible(), false);
    await page.selectOption('#init', 'random_uniform');
    await settled(page);
    assert.equal(await page.locator('#ia').isVisible(), true);
    await typeField(page, '#ia', 0);
    await typeField(page, '#ib', 1);
    await settled(page);
    st = await state(page);
    assert.deepEqual([st.a.init, st.a.ia, st.a.ib], ['random_uniform', 0, 1]);
    // all-positive U(0,1) weights: the first hidden layer's kernel is in [0, 1]
    await page.click('#export-menu summary');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const model = JSON.parse(await readFile(await dl.path(), 'utf8'));
    assert.ok(model.weights[0].kernel.every((w) => w >= 0 && w <= 1));
    assert.ok(model.weights[0].kernel.length === 2 * 7);

    await page.selectOption('#oinit', 'he_normal');
    await page.selectOption('#out', 'softmax_cce');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#net-a svg title').textContent.includes('→ 2 ('));
    const surf = await G(page, () => window.gradlab.runs[0].surface);
    assert.ok(surf.every((p) => p >= 0 && p <= 1));
    await step(page);
    assert.ok(Number.isFinite(await G(page, () => window.gradlab.runs[0].history[0].loss)));

    assert.equal(await page.locator('#mom').isVisible(), true);
    await page.selectOption('#opt', 'sgd');
    assert.equal(await page.locator('#mom').isVisible(), false);
    await page.selectOption('#opt', 'adam');
    await typeField(page, '#lr', 0.003);
    await typeField(page, '#batch', 16);
    await typeField(page, '#l2', 0.001);
    st = await state(page);
    assert.deepEqual([st.a.oinit, st.a.out, st.a.opt, st.a.lr, st.a.batch, st.a.l2], ['he_normal', 'softmax_cce', 'adam', 0.003, 16, 0.001]);
    const h = await G(page, () => location.hash);
    for (const part of ['oinit=he_normal', 'out=softmax_cce', 'opt=adam', 'lr=0.003', 'batch=16', 'l2=0.001', 'layers=7:elu,5:elu']) assert.ok(h.includes(part), part);
    await settled(page);
    await step(page, 2);
    assert.equal(await epochOf(page), 2);

    const s1 = await G(page, () => window.gradlab.runs[0].surface);
    await typeField(page, '#seed', 7);
    await settled(page);
    assert.equal((await state(page)).seed, 7);
    const s2 = await G(page, () => window.gradlab.runs[0].surface);
    assert.ok(!sameArray(s1, s2), 'another seed, another initial network');

    await page.selectOption('#curve-act', 'relu');
    await page.waitForFunction(() => window.gradlab.curve && window.gradlab.curve.name === 'relu');
    const c = await G(page, () => window.gradlab.curve);
    assert.equal(c.f[0], 0);
    assert.equal(c.f[c.f.length - 1], 5);
    assert.equal(c.d[c.d.length - 1], 1);
    assert.equal(c.d[0], 0);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a diverging run stops with a clear message', async () => {
  const { page, context, problems } = await openPage(env, 'layers=5:linear,5:linear&opt=momentum&lr=10&mom=0.99&speed=max&epochs=200');
  try {
    await page.click('#play');
    await waitIdle(page);
    const r = (await G(page, () => window.gradlab.runs))[0];
    assert.ok(r.stopped, 'stopped');
    assert.equal(r.stopped.reason, 'diverged');
    const msgs = await messageTexts(page);
    assert.ok(msgs.some((m) => /Network A stopped at epoch \d+: .*diverged/.test(m)), msgs.join('\n'));
    assert.match(await page.locator('#status').textContent(), /diverged/);
    // the page keeps working: a lower learning rate trains again
    await typeField(page, '#lr', 0.01);
    await settled(page);
    await step(page);
    assert.equal(await epochOf(page), 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('compare mode: two networks, same data and seed, both surfaces and gradient charts', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    await page.check('#cmp');
    await settled(page);
    for (const sel of ['#view-b', '#grad-box-b', '#net-tabs', '#chart-grad-b .uplot']) assert.ok(await page.locator(sel).isVisible(), sel);
    assert.equal((await G(page, () => window.gradlab.runs)).length, 2);
    await page.click('#tab-b');
    await page.click('#layer-add');
    await settled(page);
    const st = await state(page);
    assert.equal(st.b.layers.length, 3);
    assert.equal(st.a.layers.length, 2);
    assert.match(await G(page, () => location.hash), /b\.layers=5:relu,5:relu,5:relu/);
    await step(page, 2);
    const runs = await G(page, () => window.gradlab.runs);
    assert.deepEqual(runs.map((r) => r.epoch), [2, 2], 'trained in lock-step');
    assert.deepEqual(await G(page, () => window.gradlab.seriesCount), [3, 4]);
    assert.equal(await page.locator('#status .epoch').count(), 2);
    assert.ok(await page.locator('#chart-loss .u-legend').textContent().then((t) => t.includes('B test loss')));
    assert.equal(await G(page, () => document.documentElement.scrollWidth), 1366, 'nothing runs off the side');
    await page.uncheck('#cmp');
    await settled(page);
    assert.equal(await page.locator('#view-b').isVisible(), false);
    assert.equal((await G(page, () => window.gradlab.runs)).length, 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the URL restores the state; a preset applies and explains itself', async () => {
  const { page, context, problems } = await openPage(env);
  let url;
  try {
    await page.selectOption('#preset', 'relu-15');
    await settled(page);
    assert.match(await page.locator('#preset-text').textContent(), /dying-ReLU/);
    await page.selectOption('#ds', 'xor');
    await typeField(page, '#seed', 3);
    await typeField(page, '#epochs', 123);
    await page.check('#cmp');
    await settled(page);
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#messages .message.info'));
    url = await G(page, () => location.href);
    const st = await state(page);
    const page2 = await context.newPage();
    const p2 = [];
    page2.on('console', (m) => { if (m.type() === 'error') p2.push(m.text()); });
    page2.on('pageerror', (e) => p2.push(e.message));
    await page2.goto(url);
    await page2.waitForFunction(() => window.gradlab && window.gradlab.ready);
    assert.deepEqual(await state(page2), { ...st, preset: '' });
    assert.equal(await page2.locator('#ds').inputValue(), 'xor');
    assert.equal(await page2.locator('#seed').inputValue(), '3');
    assert.equal(await page2.locator('#layer-list li').count(), 15);
    assert.equal(await page2.locator('#cmp').isChecked(), true);
    assert.equal((await G(page2, () => window.gradlab.runs)).length, 2);
    assert.deepEqual(await messageTexts(page2), []);
    // a preset in the URL restores its explanation too
    await page2.evaluate(() => { location.hash = 'preset=deep-tanh&layers=5:tanh,5:tanh,5:tanh,5:tanh,5:tanh&init=random_uniform&ia=0&ib=1&oinit=random_uniform'; });
    await page2.waitForFunction(() => window.gradlab.state.preset === 'deep-tanh' && window.gradlab.ready);
    assert.match(await page2.locator('#explain-title').textContent(), /Deep tanh/);
    assert.equal(await page2.locator('#layer-list li').count(), 5);
    assert.deepEqual(p2, []);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('invalid input: out-of-range fields and a malformed URL hash give a visible message; the page keeps working', async () => {
  const { page, context, problems } = await openPage(env, 'n=abc&layers=5:tanh,5:nope&lr=-1&noise=0.2&bogus=1');
  try {
    const msgs = await messageTexts(page);
    assert.equal(msgs.length, 1, msgs.join('\n'));
    assert.match(msgs[0], /partly invalid/);
    assert.match(msgs[0], /points: "abc" is not a number/);
    assert.match(msgs[0], /unknown activation "nope"/);
    assert.match(msgs[0], /learning rate: -1 is out of range/);
    assert.ok(await page.locator('#messages .message').isVisible());
    const st = await state(page);
    assert.equal(st.n, 1000);
    assert.equal(st.noise, 0.2, 'valid fields still apply');
    assert.equal(st.a.lr, 0.01);
    assert.doesNotMatch(await G(page, () => location.hash), /bogus|abc|nope/, 'the hash is rewritten to the valid state');

    await page.click('#messages .message button');
    for (const [sel, value, re] of [
      ['#units-0', 999, /units of hidden layer 1: "999" is out of range/],
      ['#lr', 0, /learning rate: 0 is out of range/],
      ['#batch', 2.5, /batch size: 2.5 is not a whole number/],
      ['#epochs', 0, /epochs: 0 is out of range/],
      ['#ib', 1e9, /out of range/],
    ]) {
      if (sel === '#ib') await page.selectOption('#init', 'random_uniform');
      await typeField(page, sel, value);
      const m = await messageTexts(page);
      assert.ok(m.some((t) => re.test(t)), `${sel}: ${m.join(' | ')}`);
      assert.equal(await page.locator(sel).getAttribute('aria-invalid'), 'true');
    }
    const st2 = await state(page);
    assert.deepEqual([st2.a.layers[0].units, st2.a.lr, st2.a.batch, st2.epochs], [5, 0.01, 32, 500], 'invalid values are not applied');
    await typeField(page, '#lr', 0.05);
    assert.equal(await page.locator('#lr').getAttribute('aria-invalid'), 'false');
    assert.ok(!(await messageTexts(page)).some((t) => /learning rate: 0 is out of range/.test(t)), 'fixing the field clears its message');
    await settled(page);
    await step(page);
    assert.equal(await epochOf(page), 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('exports (PNG, CSV, JSON, model) and model import: identical predictions; a malformed model file gives a message', async () => {
  const { page, context, problems } = await openPage(env, 'layers=5:relu,5:relu&init=he_uniform&speed=max&epochs=500');
  try {
    await step(page, 5);
    const download = async (id) => {
      await page.click('#export-menu summary');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
      return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
    };
    const png = await download('#export-png');
    assert.equal(png.name, 'gradlab-charts.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.bytes.length > 20000, `PNG of ${png.bytes.length} bytes`);
    const csv = await download('#export-csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    assert.equal(lines.length, 1 + 5);
    assert.match(lines[0], /^run,epoch,loss,accuracy,valLoss,valAccuracy,layer1_gradMeanAbs,/);
    assert.equal(lines[0].split(',').length, 6 + 3 * LAYER_STATS.length); // 2 hidden layers + the output
    assert.match(lines[5], /^A,5,/);
    const hist = JSON.parse((await download('#export-json')).bytes.toString('utf8'));
    assert.equal(hist.runs[0].history.length, 5);
    assert.equal(hist.state.a.layers[0].act, 'relu');
    const model = await download('#export-model');
    assert.equal(model.name, 'gradlab-model-A.json');
    const surfaceAtExport = await G(page, () => window.gradlab.runs[0].surface);

    await step(page, 3);
    const moved = await G(page, () => window.gradlab.runs[0].surface);
    assert.ok(!sameArray(moved, surfaceAtExport), 'training changed the predictions');

    await page.setInputFiles('#import-model', { name: 'model.json', mimeType: 'application/json', buffer: model.bytes });
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs[0].epoch === 0 && [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('imported')));
    const imported = await G(page, () => window.gradlab.runs[0].surface);
    assert.ok(sameArray(imported, surfaceAtExport), 'the re-imported model predicts exactly as the exported one');
    await step(page);
    assert.equal(await epochOf(page), 1, 'the imported model trains');

    // a model with other hidden layers updates the network panel and the URL
    const m2 = JSON.parse(model.bytes.toString('utf8'));
    m2.spec.layers.splice(1, 1);
    m2.weights.splice(1, 1);
    await page.setInputFiles('#import-model', { name: 'one-layer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(m2)) });
    await page.waitForFunction(() => window.gradlab.state.a.layers.length === 1 && window.gradlab.ready);
    assert.equal(await page.locator('#layer-list li').count(), 1);
    assert.match(await G(page, () => location.hash), /layers=5:relu&/);
    // weights that do not fit the layers are named
    m2.spec.layers.splice(0, 0, { units: 4, activation: 'tanh' });
    await page.setInputFiles('#import-model', { name: 'bad-shape.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(m2)) });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('Import model:')));
    assert.ok((await messageTexts(page)).some((t) => /Import model: .*weights/.test(t)), 'mismatched weights are named');
    assert.equal((await state(page)).a.layers.length, 1, 'a failed import changes nothing');

    for (const [name, text, re] of [
      ['broken.json', '{"format": "gradlab-model", "spec": ', /not valid JSON/],
      ['other.json', '{"hello": 1}', /Import model: /],
    ]) {
      await page.evaluate(() => document.querySelectorAll('#messages .message button').forEach((b) => b.click()));
      await page.setInputFiles('#import-model', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction(() => [...document.querySelectorAll('#messages .message.error')].some((m) => m.textContent.includes('Import model:')));
      const m = await messageTexts(page);
      assert.ok(m.some((t) => re.test(t)), `${name}: ${m.join(' | ')}`);
    }
    await step(page);
    assert.equal(await epochOf(page), 1, 'still working after bad files');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the static build uses relative paths: it works from a sub-folder of another host', async () => {
  const parent = await startServer({ root: `${ROOT}..` }); // serves dist/, the page at /web/
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
    await page.goto(`${parent.url}web/`);
    await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: 15000 });
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch === 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); await parent.close(); }
});

test('an idle page asks for no animation frames; a Step wakes the drawing again', async () => {
  // counts the page's requestAnimationFrame calls (uPlot's too)
  const countFrames = () => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (f) => { window.__frames += 1; return raf(f); };
  };
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=5', { init: countFrames });
  try {
    await page.click('#play');
    await waitIdle(page);
    // the loop goes on for a second after the last drawing, then sleeps (polled by
    // timer, not by animation frame, so the test asks for none itself)
    await page.waitForFunction(() => {
      const same = window.__frames === window.__last;
      window.__last = window.__frames;
      return same;
    }, null, { polling: 1500, timeout: 30000 });
    const asleep = await G(page, () => window.__frames);
    await page.waitForTimeout(1500);
    assert.equal(await G(page, () => window.__frames), asleep, 'no frame asked for in 1.5 s of an idle page');

    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.charts.loss.points === 6, null, { polling: 100, timeout: 15000 });
    assert.ok(await G(page, () => window.__frames) > asleep, 'the Step woke the frame loop');
    assert.equal(await G(page, () => window.gradlab.charts.grad[0].points), 6, 'and the gradient chart shows the new epoch');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
