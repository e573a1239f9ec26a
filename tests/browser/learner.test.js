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

/** Type into a field and leave it with Tab. */
async function typeField(page, selector, value) {
  await page.locator(selector).fill(String(value));
  await page.locator(selector).press('Tab');
}

test('an invalid field is marked with its message next to it; Play says why it cannot start; fixing it clears all of it', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    await page.selectOption('#init', 'random_normal');
    await page.waitForFunction(() => window.gradlab.ready);
    assert.equal(await page.locator('#ib-label').textContent(), 'Hidden init stddev');
    await typeField(page, '#ib', -1);
    assert.equal(await page.locator('#ib').getAttribute('aria-invalid'), 'true');
    const next = page.locator('#ib-error');
    assert.ok(await next.isVisible(), 'the message sits next to the field');
    assert.match(await next.textContent(), /-1 is out of range \(must be a number from 0 to 10\)/);
    assert.equal(await page.locator('#ib').getAttribute('aria-describedby'), 'ib-error');
    const style = await G(page, () => getComputedStyle(document.getElementById('ib')).borderColor);
    assert.notEqual(style, await G(page, () => getComputedStyle(document.getElementById('lr')).borderColor), 'the invalid field looks different');

    await page.click('#play');
    await page.waitForTimeout(200);
    assert.equal(await G(page, () => window.gradlab.playing), false);
    let msgs = await messageTexts(page);
    assert.ok(msgs.some((m) => /^Play cannot start: .*hidden init stddev of random_normal: -1 is out of range/.test(m)), msgs.join(' | '));
    assert.equal(await G(page, () => document.activeElement.id), 'ib', 'the focus goes to the field to fix');
    await page.click('#step');
    await page.waitForTimeout(200);
    assert.equal(await G(page, () => window.gradlab.epochs[0]), 0, 'Step does not train either');
    assert.ok((await messageTexts(page)).some((m) => /^Step cannot start/.test(m)));
    assert.ok((await messageTexts(page)).length <= 2, 'no pile of messages');
    assert.doesNotMatch((await messageTexts(page)).join(' '), /network\(spec\)/, 'the library never sees the bad value');

    await typeField(page, '#ib', 0.5);
    assert.equal(await page.locator('#ib').getAttribute('aria-invalid'), 'false');
    assert.equal(await next.isVisible(), false, 'the message next to the field is gone');
    assert.deepEqual(await messageTexts(page), [], 'and so are the messages above');
    await page.waitForFunction(() => window.gradlab.ready);
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs[0] === 1);
    assert.equal((await G(page, () => window.gradlab.state)).a.ib, 0.5);

    // min above max of random_uniform marks both fields
    await page.selectOption('#init', 'random_uniform');
    await typeField(page, '#ia', 2);
    for (const id of ['#ia', '#ib']) assert.equal(await page.locator(id).getAttribute('aria-invalid'), 'true', id);
    assert.match(await page.locator('#ia-error').textContent(), /min \(2\) must not be above max \(0.5\)/);
    await typeField(page, '#ia', 0);
    for (const id of ['#ia', '#ib']) assert.equal(await page.locator(id).getAttribute('aria-invalid'), 'false', id);
    assert.deepEqual(await messageTexts(page), []);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the hidden and the output initialiser each have their own parameter fields, labelled; old links still load', async () => {
  const { page, context, problems } = await openPage(env, 'init=glorot_uniform&oinit=random_uniform&oia=0&oib=1');
  try {
    assert.equal(await page.locator('#ia').isVisible(), false, 'glorot_uniform takes no parameters');
    assert.equal(await page.locator('#oia-label').textContent(), 'Output init min');
    assert.equal(await page.locator('#oib-label').textContent(), 'Output init max');
    assert.equal(await page.locator('#oib').inputValue(), '1');
    // the output layer's weights come from U(0, 1)
    await page.click('#export-menu summary');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const { readFile } = await import('node:fs/promises');
    const model = JSON.parse(await readFile(await dl.path(), 'utf8'));
    const out = model.weights.at(-1).kernel;
    assert.ok(out.every((w) => w >= 0 && w <= 1), 'output kernel in [0, 1]');
    assert.ok(model.weights[0].kernel.some((w) => w < 0), 'hidden kernel from Glorot (signed)');
    await page.selectOption('#init', 'random_normal');
    assert.equal(await page.locator('#ia-label').textContent(), 'Hidden init mean');
    assert.equal(await page.locator('#ib-label').textContent(), 'Hidden init stddev');
    await typeField(page, '#oib', 0.5);
    assert.match(await G(page, () => location.hash), /oia=0&oib=0\.5/);

    // a link from before: ia and ib served both initialisers, and still do
    await G(page, () => { location.hash = 'init=random_normal&ia=0.1&ib=0.25&oinit=random_uniform'; });
    await page.waitForFunction(() => window.gradlab.state.a.ib === 0.25 && window.gradlab.ready);
    const st = await G(page, () => window.gradlab.state);
    assert.deepEqual([st.a.ia, st.a.ib, st.a.oia, st.a.oib], [0.1, 0.25, 0.1, 0.25]);
    assert.deepEqual(await messageTexts(page), []);
    // a link with a value the initialiser cannot take: the default, and a message naming it
    await G(page, () => { location.hash = 'init=random_normal&ia=0&ib=-1'; });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => /partly invalid/.test(m.textContent)));
    assert.match((await messageTexts(page)).join(' '), /hidden init stddev of random_normal: -1 is out of range/);
    assert.equal((await G(page, () => window.gradlab.state)).a.ib, 0.05);
    await page.waitForFunction(() => window.gradlab.ready);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

const learningMessages = async (page) => (await messageTexts(page)).filter((m) => /is not learning/.test(m));

for (const opt of ['sgd', 'momentum', 'adam']) {
  test(`learning rate 10 (${opt}): the page says the run is not learning, why, and trains on`, async () => {
    const { page, context, problems } = await openPage(env, `lr=10&opt=${opt}&epochs=40&speed=max`);
    try {
      await page.click('#play');
      await waitIdle(page, 60000);
      assert.equal(await G(page, () => window.gradlab.epochs[0]), 40, 'training went on to the limit');
      await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => /is not learning/.test(m.textContent)));
      const [msg] = await learningMessages(page);
      assert.match(msg, /chance level \(0\.693\)/, 'names the rule: chance level');
      const since = Number(/since epoch (\d+)/.exec(msg)?.[1]);
      assert.ok(since >= 10 && since <= 20, `flagged from epoch 10 on, soon: ${msg}`);
      assert.match(msg, /Likely cause: the learning rate \(10\) is too high/);
      assert.match(msg, /Training ran on to the limit of 40 epochs\./, 'at the limit the message does not say training goes on');
      const title = await page.locator('#messages .message', { hasText: 'is not learning' }).getAttribute('title');
      assert.match(title, /mean of the last 5 epochs.*chance level.*25% above it from epoch 10 on.*1\.5× its lowest.*5% below it after 100 epochs/);
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('the default network learns: no such message over 300 epochs; a deep dead or vanishing net gets one naming the cause', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=300&speed=max');
  try {
    await page.click('#play');
    await waitIdle(page, 60000);
    await page.waitForTimeout(200);
    assert.equal(await G(page, () => window.gradlab.epochs[0]), 300);
    assert.deepEqual(await learningMessages(page), []);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
  // 15-layer ReLU (the preset's net), network seed 2: a layer dies
  const dead = await openPage(env, `layers=${layers(15, '5:relu')}&init=he_uniform&oinit=glorot_uniform&seed=2&epochs=150&speed=max`);
  try {
    const { page } = dead;
    await page.click('#play');
    await waitIdle(page, 60000);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => /is not learning/.test(m.textContent)));
    assert.match((await learningMessages(page))[0], /has not fallen 5% below chance level|within 10% of chance level/);
    assert.match((await learningMessages(page))[0], /Likely cause: dead units: every unit of layer L\d+ had derivative 0 for every sample/);
    assert.deepEqual(dead.problems, []);
  } finally { await dead.context.close(); }
});
