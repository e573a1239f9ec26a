// Feature inputs on the page (issue 15): each toggle switches a feature on or
// off, the networks' input width follows, the choice is in the URL, each has
// a heatmap, and the one-input sine turns them off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);

test('feature toggles: the input width follows, the URL keeps them, x₁² and x₂² let one layer of 2 units fit the circles', async () => {
  const { page, context, problems } = await openPage(env, 'layers=2:tanh&opt=adam&lr=0.03&epochs=60&speed=max');
  try {
    assert.equal(await page.locator('#features .feature').count(), 7);
    assert.equal(await page.locator('#features canvas.feature-map').count(), 7, 'a heatmap each');
    // the x₁² heatmap: white-ish in the middle column... positive (blue) at the left and right edges
    const edge = await page.evaluate(() => {
      const c = document.querySelector('#feat-x1sq').parentElement.querySelector('canvas');
      const px = c.getContext('2d').getImageData(0, 14, 1, 1).data;
      return [px[0], px[1], px[2]];
    });
    assert.ok(edge[2] > edge[0], `x₁² at the left edge is blue: ${edge}`);
    assert.ok(await page.locator('#feat-x1').isChecked());
    assert.equal((await G(page, () => window.gradlab.weights))[0][0].kernel.length, 2 * 2);
    await page.check('#feat-x1sq');
    await page.check('#feat-x2sq');
    await page.uncheck('#feat-x1');
    await page.uncheck('#feat-x2');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.data.features && window.gradlab.data.features.join() === 'x1sq,x2sq');
    assert.deepEqual((await G(page, () => window.gradlab.state)).feat, ['x1sq', 'x2sq']);
    assert.match(await page.evaluate(() => location.hash), /feat=x1sq,x2sq/);
    assert.match(await page.locator('#features-note').textContent(), /The networks take 2 inputs: x₁², x₂²/);
    await page.check('#feat-x1x2');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.data.features.length === 3);
    assert.equal((await G(page, () => window.gradlab.weights))[0][0].kernel.length, 3 * 2, 'the first layer takes 3 inputs');
    await page.uncheck('#feat-x1x2');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.data.features.length === 2);
    await page.click('#play');
    await waitIdle(page, 240000);
    const r = await G(page, () => window.gradlab.runs[0].current);
    assert.ok(r.valAccuracy >= 0.75, `1 × 2 tanh on x₁², x₂²: test accuracy ${r.valAccuracy}`);
    // the last one cannot go: a message, and it stays on
    await page.uncheck('#feat-x1sq');
    await page.waitForFunction(() => window.gradlab.state.feat.join() === 'x2sq');
    await page.locator('#feat-x2sq').click();
    assert.ok(await page.locator('#feat-x2sq').isChecked());
    assert.ok((await page.locator('#messages .message').allTextContents()).some((t) => /needs at least one input/.test(t)));
    // the sine has one input: the toggles are off
    await page.selectOption('#ds', 'sine');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.data.inputs === 1);
    assert.ok(await page.locator('#feat-x1sq').isDisabled());
    assert.equal((await G(page, () => window.gradlab.weights))[0][0].kernel.length, 1 * 2);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a link with features restores them; a bad list gets a message naming the field', async () => {
  const { page, context, problems } = await openPage(env, 'feat=x1,x2,sinx1,sinx2');
  try {
    assert.deepEqual((await G(page, () => window.gradlab.data)).features, ['x1', 'x2', 'sinx1', 'sinx2']);
    assert.ok(await page.locator('#feat-sinx2').isChecked());
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
  const bad = await openPage(env, 'feat=x1,cos');
  try {
    assert.ok((await bad.page.locator('#messages .message').allTextContents()).some((t) => /feature inputs: .*must be one of/.test(t)));
    assert.deepEqual((await G(bad.page, () => window.gradlab.state)).feat, ['x1', 'x2']);
    assert.deepEqual(bad.problems, []);
  } finally { await bad.context.close(); }
});

// The model file records the features (version 3): a model exported from a
// page on x₁², x₂², x₁·x₂ and imported into a page on x₁, x₂ brings its
// features back (the page switches to them) and predicts as it did; a model on
// features the page cannot list in that order is refused with the reason.
test('Model as JSON records the features; importing it brings them back', async () => {
  const { page, context, problems } = await openPage(env, 'feat=x1sq,x2sq,x1x2&layers=3:tanh&opt=adam&lr=0.03&epochs=20&speed=max');
  let text, surface;
  try {
    await page.click('#play');
    await waitIdle(page, 120000);
    await page.click('#export-menu summary');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    text = await (await import('node:fs/promises')).readFile(await dl.path(), 'utf8');
    surface = await G(page, () => window.gradlab.runs[0].surface);
  } finally { await context.close(); }
  const model = JSON.parse(text);
  assert.equal(model.version, 3);
  assert.deepEqual(model.spec.features, ['x1sq', 'x2sq', 'x1x2']);
  assert.equal(model.spec.inputs, 3);

  const other = await openPage(env, 'layers=5:relu&epochs=20');
  try {
    await other.page.setInputFiles('#import-model', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await other.page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs[0].epoch === 0
      && [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('Model imported')), null, { timeout: 60000 });
    assert.deepEqual((await G(other.page, () => window.gradlab.state)).feat, ['x1sq', 'x2sq', 'x1x2']);
    assert.deepEqual((await G(other.page, () => window.gradlab.data)).features, ['x1sq', 'x2sq', 'x1x2']);
    assert.ok((await other.page.locator('#messages .message').allTextContents()).some((t) => /the model takes the feature inputs x1sq, x2sq, x1x2; the page's networks now take them too/.test(t)));
    await other.page.waitForFunction(() => window.gradlab.runs[0].surfaceRes === 100);
    const back = await G(other.page, () => window.gradlab.runs[0].surface);
    let diff = 0;
    for (let i = 0; i < back.length; i++) diff = Math.max(diff, Math.abs(back[i] - surface[i]));
    assert.ok(diff < 1e-6, `the imported model predicts as before: max difference ${diff}`);
    // the same features in another order: the page cannot take them, and says why
    const swapped = { ...model, spec: { ...model.spec, features: ['x2sq', 'x1sq', 'x1x2'] } };
    await other.page.setInputFiles('#import-model', { name: 'swapped.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(swapped)) });
    await other.page.waitForFunction(() => [...document.querySelectorAll('#messages .message.error')].some((m) => m.textContent.includes('Import model:')));
    assert.ok((await other.page.locator('#messages .message').allTextContents()).some((t) => /the model takes the feature inputs x2sq, x1sq, x1x2; the page's networks take x1sq, x2sq, x1x2 \(the same, in another order/.test(t)));
    assert.deepEqual(other.problems, []);
  } finally { await other.context.close(); }
  assert.deepEqual(problems, []);
});
