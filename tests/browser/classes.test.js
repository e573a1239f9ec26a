// Many classes on the page (issue 15): spiral and gaussians with K classes
// train a softmax output; the surface takes each cell's likeliest class, the
// confusion matrix and per-class accuracy follow the test set, "Click adds"
// offers every class, and settings that do not fit K are fixed and said.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const messageTexts = (page) => page.locator('#messages .message').allTextContents();
const SPIRAL3 = 'ds=spiral&classes=3&noise=0.03&layers=16:relu,16:relu,16:relu&init=he_uniform&opt=adam&lr=0.01&epochs=150&speed=max';

test('a 3-class spiral trains a softmax net to at least 0.9 test accuracy; the confusion matrix adds up', async () => {
  const { page, context, problems } = await openPage(env, SPIRAL3);
  try {
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 3);
    assert.deepEqual([...new Set(d.ytr)].sort(), [0, 1, 2], 'the training labels are the 3 arms');
    // the surface carries every class's probability, each cell summing to 1
    const s0 = await G(page, () => window.gradlab.runs[0].surface);
    assert.equal(s0.length, 100 * 100 * 3);
    for (let i = 0; i < 50; i++) assert.ok(Math.abs(s0[3 * i] + s0[3 * i + 1] + s0[3 * i + 2] - 1) < 1e-4);
    assert.equal(await page.locator('input[name=click-class]').count(), 3, 'Click adds offers the 3 classes');
    assert.ok(await page.locator('#out option[value=sigmoid_bce]').isDisabled(), 'a sigmoid output is not offered for 3 classes');

    await page.click('#play');
    await waitIdle(page, 240000);
    const r = await G(page, () => ({ run: window.gradlab.runs[0], conf: window.gradlab.confusion[0] }));
    assert.equal(r.run.epoch, 150);
    assert.ok(r.run.current.valAccuracy >= 0.9, `test accuracy ${r.run.current.valAccuracy}`);
    // the matrix counts every test point once, its diagonal the right ones
    assert.equal(r.conf.classes, 3);
    const total = r.conf.test.reduce((a, b) => a + b, 0);
    assert.equal(total, d.yte.length);
    const right = r.conf.test[0] + r.conf.test[4] + r.conf.test[8];
    assert.ok(Math.abs(right / total - r.run.current.valAccuracy) < 1e-6, `diagonal ${right}/${total} vs accuracy ${r.run.current.valAccuracy}`);
    for (let c = 0; c < 3; c++) {
      const row = r.conf.test.slice(3 * c, 3 * c + 3);
      assert.equal(row.reduce((a, b) => a + b, 0), d.yte.filter((y) => y === c).length, `row ${c} = the test points of class ${c}`);
    }
    // the table shows the same counts and per-class accuracy
    const cells = await page.locator('#confusion table.confusion td.diag').allTextContents();
    assert.deepEqual(cells.map(Number), [r.conf.test[0], r.conf.test[4], r.conf.test[8]]);
    const acc = await page.locator('#confusion table.confusion td.acc').allTextContents();
    assert.equal(acc.length, 3);
    assert.match(await page.locator('#confusion .total-text').textContent(), new RegExp(`^${right} of ${total} test points right`));
    // the surface is painted in the 3 class colours (not the 2-class scale)
    const hues = await page.evaluate(() => {
      const c = document.querySelector('#surface-a .surface-bg');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        seen.add(g > r && g > b ? 'green' : b > r ? 'blue' : r > b ? 'orange' : 'grey');
      }
      return [...seen];
    });
    for (const h of ['green', 'blue', 'orange']) assert.ok(hues.includes(h), `${h} in ${hues}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('choosing more classes switches a sigmoid output to softmax and says so; back on circles the menu offers sigmoid again', async () => {
  const { page, context, problems } = await openPage(env, 'ds=gauss&noise=0.2');
  try {
    assert.equal(await page.locator('#classes').isDisabled(), false);
    assert.equal(await page.locator('input[name=click-class]').count(), 2);
    await page.selectOption('#classes', '5');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.classes === 5 && window.gradlab.ready);
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.classes, 5);
    assert.equal(st.a.out, 'softmax_cce');
    assert.ok((await messageTexts(page)).some((t) => /sigmoid_bce does not fit: the data has 5 classes/.test(t)));
    assert.equal(await page.locator('input[name=click-class]').count(), 5);
    assert.match(await page.evaluate(() => location.hash), /classes=5/);
    assert.equal((await G(page, () => window.gradlab.runs[0].surface)).length, 100 * 100 * 5);
    // a click adds a point of the chosen class
    await page.check('input[name=click-class][value="4"]');
    await page.locator('#surface-a').click({ position: { x: 30, y: 30 } });
    await page.waitForFunction(() => window.gradlab.data.ytr.at(-1) === 4);
    // circles take no classes: the field is off, the data is binary again
    await page.selectOption('#ds', 'circles');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.classes === 2 && window.gradlab.ready);
    assert.ok(await page.locator('#classes').isDisabled());
    assert.equal(await page.locator('#out option[value=sigmoid_bce]').isDisabled(), false);
    assert.equal((await G(page, () => window.gradlab.state)).pts.length, 0, 'the class-4 point is dropped');
    assert.ok((await messageTexts(page)).some((t) => /1 of class 2 or above dropped/.test(t)));
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a link with 4 classes and a sigmoid output: the output becomes softmax and the page says why', async () => {
  const { page, context, problems } = await openPage(env, 'ds=spiral&classes=4&out=sigmoid_bce');
  try {
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.a.out, 'softmax_cce');
    assert.ok((await messageTexts(page)).some((t) => /output \/ loss: sigmoid_bce does not fit: the data has 4 classes/.test(t)));
    assert.equal((await G(page, () => window.gradlab.data)).classes, 4);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
