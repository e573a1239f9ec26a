// Opening a kept run (web/panels/runs.js): a reload shows the last run again,
// and Open shows any kept run as the page's finished run — its settings, history, final weights and
// decision surface — says so, and Play continues it (kept as a new run). A
// finished seed study is kept too; opening it shows its bands again, and it
// overlays with a run as its median seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle, downloadText as download } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const kept = (page) => G(page, () => window.gradlab.kept);

async function setField(page, id, value) {
  await page.locator(`#${id}`).fill(String(value));
  await page.locator(`#${id}`).press('Tab');
}


test('a kept run comes back after a reload and opens from the list as the finished run: settings, history, weights, surface; Play continues it', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=12&n=200&layers=4:tanh,4:tanh&lr=0.2');
  try {
    await page.click('#play');
    await waitIdle(page);
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 1 && window.gradlab.kept.runs[0].epochs === 12);
    await G(page, () => window.gradlab.flushRuns());
    const done = await G(page, () => ({ state: window.gradlab.state, run: window.gradlab.runs[0], weights: window.gradlab.weights[0] }));
    const name = (await kept(page)).runs[0].name;

    // a reload shows it again: the link's settings are the kept run's
    await page.reload();
    await page.waitForFunction(() => window.gradlab && window.gradlab.ready && window.gradlab.kept.opened && window.gradlab.epochs[0] === 12, null, { timeout: 15000 });
    assert.deepEqual(await G(page, () => window.gradlab.weights[0]), done.weights, 'after a reload the page shows the kept run\'s final weights');
    assert.deepEqual((await G(page, () => window.gradlab.runs[0])).history, done.run.history);
    assert.ok(await page.locator('#opened').isVisible());

    await setField(page, 'lr', 0.05); // another run on the page
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.state.a.lr === 0.05);
    assert.ok(await page.locator('#opened').isHidden());

    await page.locator('#run-list li').nth(0).getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.epochs[0] === 12 && window.gradlab.runs[0].surface);
    const open = await G(page, () => ({ state: window.gradlab.state, run: window.gradlab.runs[0], weights: window.gradlab.weights[0] }));
    assert.equal(open.state.a.lr, 0.2, 'the kept run\'s settings');
    assert.deepEqual(open.state, done.state);
    assert.deepEqual(open.run.history, done.run.history, 'its history');
    assert.deepEqual(open.weights, done.weights, 'its final weights');
    assert.deepEqual(open.run.surface, done.run.surface, 'the decision surface of those weights');
    assert.deepEqual(open.run.current, done.run.current, 'the train and test figures of those weights');
    assert.ok(await page.locator('#opened').isVisible());
    assert.match(await page.locator('#opened').textContent(), new RegExp(`Showing the kept run “${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”.*12 epochs`));
    assert.ok(await page.locator('#run-list li.opened').count() === 1, 'the list marks the opened run');
    const charts = await G(page, () => window.gradlab.charts);
    assert.deepEqual(charts.loss.drawn, [12, 12], 'the loss chart shows its history');
    assert.equal(charts.grad[0].drawn.length, 3);
    assert.ok(charts.grad[0].drawn.every((n) => n === 12));

    // opening adds no kept run; Play at the limit says so; more epochs continue it
    await G(page, () => window.gradlab.flushRuns());
    assert.equal((await kept(page)).runs.length, 1);
    await setField(page, 'epochs', 20);
    await page.click('#play');
    await waitIdle(page);
    const cont = await G(page, () => window.gradlab.runs[0]);
    assert.equal(cont.history.length, 20);
    assert.deepEqual(cont.history.slice(0, 12), done.run.history, 'the kept epochs stay as they were');
    assert.match(await page.locator('#opened').textContent(), /Continuing the kept run/);
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 2);
    const k = await kept(page);
    assert.equal(k.runs[0].name, `${name} (continued)`);
    assert.equal(k.runs[0].epochs, 20);
    assert.equal(k.runs[1].epochs, 12, 'the kept run itself is unchanged');

    // Start afresh leaves it: epoch 0, no note
    await page.click('#opened-close');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.epochs[0] === 0);
    assert.ok(await page.locator('#opened').isHidden());
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a compare-mode run opens with its partner, both networks as they were kept', async () => {
  const { page, context, problems } = await openPage(env, 'preset=compare&epochs=8&speed=max&n=150');
  try {
    await page.click('#play');
    await waitIdle(page);
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 2);
    const done = await G(page, () => ({ runs: window.gradlab.runs, weights: window.gradlab.weights }));
    await page.uncheck('#cmp');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs.length === 1);
    await page.locator('#run-list li').nth(1).getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs.length === 2 && window.gradlab.epochs.every((e) => e === 8));
    assert.equal((await G(page, () => window.gradlab.state)).cmp, 1);
    const open = await G(page, () => ({ runs: window.gradlab.runs, weights: window.gradlab.weights }));
    assert.deepEqual(open.weights, done.weights);
    assert.deepEqual(open.runs.map((r) => r.history), done.runs.map((r) => r.history));
    assert.match(await page.locator('#opened').textContent(), /kept runs “A: .*” and “B: .*”/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a seed study is kept: it opens with its bands, exports and imports as itself, and overlays as its median seed', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=6&n=120&layers=3:tanh,3:tanh');
  try {
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.kept.runs.some((r) => r.kind === 'study'), null, { timeout: 60000 });
    const bands = await G(page, () => window.gradlab.studyBands);
    const study = await G(page, () => window.gradlab.study);
    let k = await kept(page);
    const s = k.runs.find((r) => r.kind === 'study');
    assert.equal(s.seeds, 10);
    assert.ok(s.hasBands);
    const sorted = study.map((r) => r.testAccuracy).sort((a, b) => a - b);
    assert.equal(s.test, (sorted[4] + sorted[5]) / 2, 'its accuracy is the median test accuracy over the seeds');
    assert.match(await page.locator('#run-list li.run-study .run-meta').textContent(), /study: 10 seeds × 6 ep · median test/);

    // other settings clear the bands; Open brings the study's settings and bands back
    await setField(page, 'seed', 9);
    await page.waitForFunction(() => !window.gradlab.studyBands && window.gradlab.ready);
    await page.locator('#run-list li.run-study').getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(() => window.gradlab.studyBands && window.gradlab.ready);
    assert.deepEqual(await G(page, () => window.gradlab.studyBands), bands, 'the same bands');
    assert.deepEqual(await G(page, () => window.gradlab.study), study, 'the same seeds\' results');
    assert.equal((await G(page, () => window.gradlab.state)).seed, 1);
    assert.match(await page.locator('#study-result').textContent(), /10 seeds, 6 epochs each/);
    assert.match(await page.locator('#opened').textContent(), /Showing the kept study/);
    await page.waitForFunction(() => window.gradlab.charts.grad[0].overlay.bands === 6);

    // the study's file imports as the same study
    const text = await download(page, '#run-list li.run-study >> button:has-text("Export")');
    assert.equal(JSON.parse(text).kind, 'study');
    await page.setInputFiles('#import-run', { name: 'study.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => window.gradlab.kept.runs.filter((r) => r.kind === 'study').length === 2);
    assert.equal(await download(page, '#run-list li.run-study >> nth=0 >> button:has-text("Export")'), text);
    const bad = JSON.parse(text);
    bad.study.bands[0].layers[1].gradMeanAbs.q1[2] = 'x';
    await page.setInputFiles('#import-run', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('bad.json')));
    assert.match((await page.locator('#messages').textContent()), /study\.bands\[0\]\.layers\[1\]\.gradMeanAbs\.q1\[2\]/);

    // a run and the study overlay: the study as its median seed
    await page.click('#opened-close');
    await page.click('#play');
    await waitIdle(page);
    await page.waitForFunction(() => window.gradlab.kept.runs.some((r) => r.kind === 'run'));
    await page.locator('#run-list li:not(.run-study) .run-select').first().check();
    await page.locator('#run-list li.run-study .run-select').first().check();
    await page.click('#runs-overlay');
    await page.waitForFunction(() => window.gradlab.overlay);
    const ov = await G(page, () => window.gradlab.overlay);
    assert.equal(ov.loss.length, 4);
    assert.ok(ov.loss.some((l) => /median seed\)$/.test(l)), ov.loss.join(' | '));
    const charts = await G(page, () => window.gradlab.charts);
    assert.deepEqual(charts.loss.drawn, [6, 6, 6, 6]);
    assert.ok(await page.locator('#chart-loss').locator('..').locator('.overlay-only').isVisible(), 'the caption says the chart shows kept runs');
    const key = await page.locator('#overlay-key').textContent();
    assert.ok(await page.locator('#overlay-key').isVisible());
    assert.match(key, /The charts show kept runs:.*median seed\)/, 'the key above the charts names each run');
    assert.equal(await page.locator('#overlay-names .ok').count(), 2);
    await page.click('#overlay-close');
    await page.waitForFunction(() => !window.gradlab.overlay);
    assert.ok(await page.locator('#overlay-key').isHidden());
    k = await kept(page);
    assert.equal(k.runs.length, 3);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
