// The epoch scrubber (web/panels/scrubber.js) and the network diagram as an
// instrument (web/panels/netview.js): dragging back shows an earlier epoch on
// the surface and the diagram, with a cursor on every time chart, and Live /
// End goes back; hovering or tapping a unit opens its picture and figures;
// dead units of the 15-layer ReLU preset are marked; the links' toggle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const G = (page, fn, arg) => page.evaluate(fn, arg);

async function train(page) {
  await page.click('#play');
  await waitIdle(page, 180000);
  // the figures of the last epoch are in (they follow the last surface)
  await page.waitForFunction(() => window.gradlab.netView.inspected.every((e, i) => e === window.gradlab.epochs[i]), null, { timeout: 60000 });
}

/** A digest of what the views show: surface pixels and the links' widths. */
function views(page, k = 'a') {
  return G(page, (key) => {
    const c = document.querySelector(`#surface-${key} canvas.surface-bg`);
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += px[i] * ((i / 4) % 7 + 1) + px[i + 2];
    const widths = Array.from(document.querySelectorAll(`#net-${key} line`), (l) => l.getAttribute('stroke-width')).join(',');
    return { pixels: sum, widths };
  }, k);
}

/** Drag the scrubber's thumb from its place to `frac` of the track with the mouse. */
async function drag(page, frac) {
  const box = await page.locator('#scrub').boundingBox();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  await page.mouse.down();
  for (const f of [0.8, 0.5, frac]) await page.mouse.move(box.x + 8 + (box.width - 16) * f, box.y + box.height / 2, { steps: 3 });
  await page.mouse.up();
}

const cursors = (page) => G(page, () => {
  const c = window.gradlab.charts;
  return [...c.grad, c.loss, c.acc].map((p) => p.cursor);
});

test('scrubber: dragging back shows an earlier epoch (surface, diagram, chart cursors); arrows step; End and Live go back', async () => {
  const { page, context, problems } = await openPage(env, 'preset=deep-tanh&epochs=120&speed=max');
  try {
    assert.equal(await page.locator('#scrub').isDisabled(), true, 'nothing to scrub before training');
    await train(page);
    await page.waitForTimeout(400); // the frame loop redraws the net from the last weights (≤ 5 per second)
    const live = await views(page);
    const liveSurface = await G(page, () => window.gradlab.runs[0].surface.slice(0, 50));
    assert.equal((await G(page, () => window.gradlab.scrub)).max, 120);

    await drag(page, 0.1);
    await page.waitForFunction(() => {
      const s = window.gradlab.scrub;
      return s.epoch != null && s.shown[0] != null && s.note.startsWith('Surface and network: weights of epoch');
    }, null, { timeout: 20000 });
    const s1 = await G(page, () => window.gradlab.scrub);
    assert.ok(s1.epoch >= 5 && s1.epoch <= 25, `dragged to ${s1.epoch}`);
    assert.ok(s1.shown[0] <= s1.epoch, `shown ${s1.shown[0]} ≤ ${s1.epoch}`);
    assert.equal(await page.locator('#scrub-out').textContent(), `${s1.epoch} of 120`);
    await page.waitForFunction((e) => document.querySelector('#at-a').textContent === `epoch ${e}`, s1.shown[0], { timeout: 10000 });
    await page.waitForTimeout(400); // the frame loop paints the surface and redraws the net (≤ 5 per second)
    const then = await views(page);
    assert.notEqual(then.pixels, live.pixels, 'the surface shows the earlier epoch');
    assert.notEqual(then.widths, live.widths, 'the diagram shows the earlier weights');
    // the live run is untouched
    assert.deepEqual(await G(page, () => window.gradlab.runs[0].surface.slice(0, 50)), liveSurface);
    await page.waitForFunction((e) => window.gradlab.charts.loss.cursor.x === e, s1.epoch, { timeout: 10000 });
    for (const c of (await cursors(page)).slice(0, 1).concat((await cursors(page)).slice(-2))) {
      assert.deepEqual(c, { x: s1.epoch, drawn: true });
    }

    // keyboard: one epoch back per arrow
    await page.focus('#scrub');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((e) => window.gradlab.scrub.epoch === e - 1 && window.gradlab.scrub.shown[0] === e - 1, s1.epoch, { timeout: 20000 });
    // epoch 0: the initial weights
    await page.keyboard.press('Home');
    await page.waitForFunction(() => window.gradlab.scrub.shown[0] === 0, null, { timeout: 20000 });
    assert.deepEqual((await cursors(page))[1], { x: 0, drawn: true }, 'epoch 0 marked at the left edge');

    // End: live again; the cursors go, the views show the latest weights
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.gradlab.scrub.epoch === null, null, { timeout: 10000 });
    await page.waitForTimeout(400);
    assert.deepEqual(await views(page), live);
    for (const c of await cursors(page)) assert.equal(c.drawn, false);
    assert.equal(await page.locator('#at-a').isHidden(), true, 'live: no epoch badge on the view');
    assert.equal(await page.locator('#scrub-live').isDisabled(), true);

    // the Live button
    await drag(page, 0.5);
    await page.waitForFunction(() => window.gradlab.scrub.epoch != null, null, { timeout: 10000 });
    assert.equal(await page.locator('#scrub-live').isDisabled(), false);
    await page.click('#scrub-live');
    await page.waitForFunction(() => window.gradlab.scrub.epoch === null, null, { timeout: 10000 });
    assert.equal(await page.locator('#scrub').inputValue(), '120');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('scrubber in compare mode: both runs show the scrubbed epoch, both gradient charts get the cursor', async () => {
  const { page, context, problems } = await openPage(env, 'preset=compare&epochs=60&speed=max');
  try {
    await train(page);
    const live = [await views(page, 'a'), await views(page, 'b')];
    await G(page, () => window.gradlab.scrubTo(9));
    await page.waitForFunction(() => window.gradlab.scrub.shown.length === 2 && window.gradlab.scrub.shown.every((s) => s === 9), null, { timeout: 20000 });
    assert.match((await G(page, () => window.gradlab.scrub)).note, /A: weights of epoch 9; B: weights of epoch 9/);
    await page.waitForTimeout(400);
    const then = [await views(page, 'a'), await views(page, 'b')];
    for (const i of [0, 1]) {
      assert.notEqual(then[i].pixels, live[i].pixels, `surface ${'AB'[i]}`);
      assert.notEqual(then[i].widths, live[i].widths, `diagram ${'AB'[i]}`);
    }
    const cur = await cursors(page);
    assert.equal(cur.length, 4);
    for (const c of cur) assert.deepEqual(c, { x: 9, drawn: true });
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('unit view: the 15-layer ReLU preset marks its dead units; hovering one shows it dead, a live one its picture', async () => {
  const { page, context, problems } = await openPage(env, 'preset=relu-15&epochs=150&speed=max');
  try {
    await train(page);
    const marks = (await G(page, () => window.gradlab.netView.marks))[0];
    const dead = [];
    marks.slice(0, -1).forEach((col, l) => col.forEach((m, j) => { if (m === 'dead') dead.push({ l, j }); }));
    assert.ok(dead.length >= 1, `dead units: ${JSON.stringify(marks)}`);
    // every dead unit is crossed out on the diagram (all are drawn: 5 a layer)
    await page.waitForFunction((n) => document.querySelectorAll('#net-a .mark-dead').length === n, dead.length, { timeout: 10000 });
    assert.match(await page.locator('#nk-text-a').textContent(), new RegExp(`dead unit: f′\\(z\\) = 0 on every training point \\(${dead.length} here\\)`));

    await page.hover(`#net-a .unit-hit[data-layer="${dead[0].l}"][data-unit="${dead[0].j}"]`);
    await page.waitForFunction(() => { const p = window.gradlab.netView.pop; return p && !p.loading; }, null, { timeout: 20000 });
    const pd = await G(page, () => window.gradlab.netView.pop);
    assert.match(pd.title, new RegExp(`^L${dead[0].l + 1}, unit ${dead[0].j + 1} \\(relu\\) · epoch 150$`));
    assert.deepEqual(pd.stats.slice(0, 3), ['0', '100%', '100%']);
    assert.equal(pd.mapMax, 0, 'a dead unit outputs 0 everywhere');
    assert.match(await page.locator('#unit-pop-a .up-verdict').textContent(), /^Dead: f′\(z\) = 0 on every training point/);

    // a unit of the first layer is alive: its picture has a range, its stats figures
    const live = marks[0].findIndex((m) => m === null);
    await page.hover(`#net-a .unit-hit[data-layer="0"][data-unit="${live}"]`);
    await page.waitForFunction((j) => { const p = window.gradlab.netView.pop; return p && !p.loading && p.title.startsWith(`L1, unit ${j + 1} `); }, live, { timeout: 20000 });
    const pl = await G(page, () => window.gradlab.netView.pop);
    assert.ok(pl.mapMax > 0, `map max ${pl.mapMax}`);
    assert.ok(Number(pl.stats[0]) > 0, `mean activation ${pl.stats[0]}`);
    assert.notEqual(pl.stats[1], '100%');
    assert.ok(Number(pl.stats[3]) > 0, `mean |grad| ${pl.stats[3]}`);
    assert.equal(await page.locator('#unit-pop-a .up-verdict').isHidden(), true);
    // leaving the diagram closes an unpinned unit view
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => window.gradlab.netView.pop === null, null, { timeout: 10000 });

    // the unit view follows the scrubber: at epoch 1 the picture is of epoch 1's weights
    await G(page, () => window.gradlab.scrubTo(1));
    await page.waitForFunction(() => window.gradlab.scrub.shown[0] === 1, null, { timeout: 20000 });
    await page.focus('#net-a');
    await page.keyboard.press('ArrowDown'); // the keyboard picks L1, unit 1
    await page.waitForFunction(() => { const p = window.gradlab.netView.pop; return p && !p.loading && p.mapEpoch === 1; }, null, { timeout: 20000 });
    assert.match((await G(page, () => window.gradlab.netView.pop)).title, /^L1, unit 1 \(relu\) · epoch 1$/);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.gradlab.netView.pop === null, null, { timeout: 10000 });
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('links: the toggle thickens them by mean |∂L/∂W| (log scale) instead of |W|, and back', async () => {
  const { page, context, problems } = await openPage(env, 'preset=deep-tanh&epochs=30&speed=max');
  try {
    await train(page);
    // the drawing follows the last weights at most 200 ms after they arrive: wait until it
    // stays the same for 500 ms, so that the widths below are the final weights'
    await page.waitForFunction(() => {
      const w = Array.from(document.querySelectorAll('#net-a line'), (l) => l.getAttribute('stroke-width')).join(',');
      const same = w === window.__lastWidths;
      window.__lastWidths = w;
      return same;
    }, null, { polling: 500, timeout: 30000 });
    const byW = (await views(page)).widths;
    assert.match(await page.locator('#nk-text-a').textContent(), /thickness: \|W\| \(up to [\d.]+\)/);
    await page.locator('#view-a input[name=links-a][value=grad]').check();
    await page.waitForFunction(() => document.getElementById('nk-text-a').textContent.includes('thickness: mean |∂L/∂W|'), null, { timeout: 10000 });
    assert.notEqual((await views(page)).widths, byW, 'the links are thickened by another measure');
    assert.equal((await G(page, () => window.gradlab.netView)).links, 'grad');
    assert.match(await page.locator('#nk-text-a').textContent(), /thickness: mean \|∂L\/∂W\| \(log, 4 decades below [\d.e-]+\)/);
    // the deep tanh net: the output layer's links get far more gradient than the first layer's
    const mean = await G(page, () => {
      const by = {};
      for (const l of document.querySelectorAll('#net-a line')) {
        const x = Math.round(Number(l.getAttribute('x1')));
        (by[x] = by[x] || []).push(Number(l.getAttribute('stroke-width')));
      }
      const cols = Object.keys(by).map(Number).sort((a, b) => a - b);
      const avg = (a) => a.reduce((s, v) => s + v, 0) / a.length;
      return { first: avg(by[cols[0]]), last: avg(by[cols[cols.length - 1]]) };
    });
    assert.ok(mean.last > mean.first, `output links ${mean.last} vs first ${mean.first}`);
    await page.locator('#view-a input[name=links-a][value=weight]').check();
    await page.waitForFunction((w) => Array.from(document.querySelectorAll('#net-a line'), (l) => l.getAttribute('stroke-width')).join(',') === w, byW, { timeout: 10000 });
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('phone: tapping a unit opens its view, tapping it again closes it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`${env.server.url}#preset=deep-tanh&epochs=20&speed=max`);
    await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: 15000 });
    await train(page);
    const hit = page.locator('#net-a .unit-hit[data-layer="1"][data-unit="2"]');
    await hit.scrollIntoViewIfNeeded();
    await hit.tap();
    await page.waitForFunction(() => { const p = window.gradlab.netView.pop; return p && !p.loading; }, null, { timeout: 20000 });
    assert.match((await G(page, () => window.gradlab.netView.pop)).title, /^L2, unit 3 \(tanh\) · epoch 20$/);
    const box = await page.locator('#unit-pop-a').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the unit view fits the phone: ${JSON.stringify(box)}`);
    await hit.tap();
    await page.waitForFunction(() => window.gradlab.netView.pop === null, null, { timeout: 10000 });
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
