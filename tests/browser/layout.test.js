// The page at the sizes a learner or a teacher uses it (a phone, a tablet, small
// and large laptops, a projector): nothing runs off the side, no two visible
// controls, charts or readouts overlap, every chart is wide enough to read; the
// surface has axes and a key; and the smaller faults of the page's last round
// stay fixed (a preset-only link, compare mode's explanation, the PNG export,
// clicked-in points in the link, the Export menu, big network drawings, the
// spiral's noise).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const messageTexts = (page) => page.locator('#messages .message').allTextContents();
const SIZES = [[390, 844], [768, 1024], [1024, 700], [1280, 800], [1920, 1080]];

/**
 * The layout's facts in the page: horizontal overflow, every pair of visible
 * controls / charts / readouts whose boxes overlap (an element and one inside
 * it are not a pair), and the widths of the charts.
 */
function measure() {
  const SEL = 'button, select, input:not([type=file]):not([type=hidden]), summary, label.button-like, output, '
    + '.chart, .surface, .netdraw, .surface-key, .axis-x, .axis-y, #status > span, .explain, .run-title, figcaption, .run-spark, .run-meta, #opened-text, #overlay-names';
  const els = [...document.querySelectorAll(SEL)].filter((el) => {
    if (el.closest('.messages')) return false;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && el.checkVisibility();
  });
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
  const boxes = els.map((el) => ({ el, r: el.getBoundingClientRect() }));
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const ox = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const oy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (ox > 1 && oy > 1) overlaps.push(`${name(a.el)} × ${name(b.el)} (${Math.round(ox)}×${Math.round(oy)} px)`);
    }
  }
  const width = (el) => Math.round(el.getBoundingClientRect().width);
  const charts = [...document.querySelectorAll('.chart, .surface')].filter((el) => el.checkVisibility())
    .map((el) => ({ id: el.id, width: width(el) }));
  const clipped = [...document.querySelectorAll('#status > span')].filter((el) => el.scrollWidth > el.clientWidth + 1).map(name);
  return {
    scrollWidth: document.scrollingElement.scrollWidth, innerWidth,
    scrollHeight: document.scrollingElement.scrollHeight, innerHeight,
    bodyOverflowY: getComputedStyle(document.body).overflowY,
    overlaps, charts, clipped,
    surface: width(document.getElementById('surface-a')),
  };
}

for (const cmp of [0, 1]) {
  test(`layout${cmp ? ' in compare mode' : ''} at ${SIZES.map((s) => s.join('×')).join(', ')}: no overflow, no overlap, charts > 300 px`, async () => {
    const { page, context, problems } = await openPage(env, `speed=max&epochs=5&cmp=${cmp}`);
    try {
      await page.click('#play');
      await waitIdle(page);
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(250); // the charts follow their boxes (ResizeObserver)
        const m = await G(page, measure);
        const at = `${w}×${h}${cmp ? ' compare' : ''}`;
        assert.ok(m.scrollWidth <= m.innerWidth, `${at}: the page is ${m.scrollWidth} px wide`);
        assert.deepEqual(m.overlaps, [], `${at}: overlapping boxes`);
        assert.deepEqual(m.clipped, [], `${at}: clipped readouts`);
        assert.equal(m.charts.length, cmp ? 7 : 5, `${at}: charts shown ${JSON.stringify(m.charts)}`);
        for (const c of m.charts) assert.ok(c.width > 300, `${at}: ${c.id} is ${c.width} px wide`);
        if (w < 760) {
          // one column: every chart spans the screen but for the margins, and the page scrolls
          for (const c of m.charts) assert.ok(c.width >= w - 90, `${at}: ${c.id} is ${c.width} px of ${w}`);
          assert.notEqual(m.bodyOverflowY, 'hidden');
          assert.ok(m.scrollHeight > m.innerHeight, 'the phone layout is one long column');
        }
      }
      if (!cmp) {
        await page.setViewportSize({ width: 1400, height: 1000 });
        await page.waitForTimeout(250);
        const m = await G(page, measure);
        assert.ok(m.surface >= 400, `the surface is ${m.surface} px at 1400×1000`);
        assert.deepEqual(m.overlaps, []);
        // the narrowest phone: still no overflow and no overlap
        await page.setViewportSize({ width: 360, height: 740 });
        await page.waitForTimeout(250);
        const small = await G(page, measure);
        assert.ok(small.scrollWidth <= 360, `the page is ${small.scrollWidth} px wide at 360 px`);
        assert.deepEqual(small.overlaps, [], '360×740: overlapping boxes');
        for (const c of small.charts) assert.ok(c.width >= 360 - 90, `360×740: ${c.id} is ${c.width} px wide`);
        await page.setViewportSize({ width: 2560, height: 1440 });
        await page.waitForTimeout(250);
        const big = await G(page, measure);
        assert.ok(big.surface > 560 && big.scrollWidth <= 2560, `the surface is ${big.surface} px at 2560×1440`);
        assert.deepEqual(big.overlaps, []);
      }
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('the kept runs list and two runs overlaid on the charts fit every size: no overflow, no overlap', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=5');
  try {
    for (const seed of [2, 3]) {
      await page.click('#play');
      await waitIdle(page);
      await page.locator('#seed').fill(String(seed));
      await page.locator('#seed').press('Tab');
      await page.waitForFunction(() => window.gradlab.ready);
    }
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 2);
    const name = page.locator('#run-list li').nth(0).locator('.run-name');
    await name.fill('a long run name that needs more room than the list gives it, to see it stays inside');
    await name.press('Enter');
    await page.locator('#run-list .run-select').nth(0).check();
    await page.locator('#run-list .run-select').nth(1).check();
    await page.click('#runs-overlay');
    for (const [w, h] of [...SIZES, [360, 740]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(250);
      await G(page, () => window.scrollTo(0, 0));
      const m = await G(page, measure);
      const at = `${w}×${h} kept runs`;
      assert.ok(m.scrollWidth <= m.innerWidth, `${at}: the page is ${m.scrollWidth} px wide`);
      assert.deepEqual(m.overlaps, [], `${at}: overlapping boxes`);
      for (const c of m.charts) assert.ok(c.width >= Math.min(300, w - 90), `${at}: ${c.id} is ${c.width} px wide`);
      const list = await G(page, () => {
        const ul = document.getElementById('run-list').getBoundingClientRect();
        return [...document.querySelectorAll('#run-list li > *')].every((el) => { const r = el.getBoundingClientRect(); return r.left >= ul.left - 1 && r.right <= ul.right + 1; });
      });
      assert.ok(list, `${at}: every part of a run row stays inside the list`);
    }
    // a kept run opened: the note above the views fits too
    await page.locator('#run-list li').nth(0).getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.kept.opened);
    for (const [w, h] of [[360, 740], [390, 844], [1024, 700], [1920, 1080]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(250);
      await G(page, () => window.scrollTo(0, 0));
      const m = await G(page, measure);
      const at = `${w}×${h} kept run opened`;
      assert.ok(m.scrollWidth <= m.innerWidth, `${at}: the page is ${m.scrollWidth} px wide`);
      assert.deepEqual(m.overlaps, [], `${at}: overlapping boxes`);
      assert.ok(await page.locator('#opened').isVisible(), `${at}: the note says a kept run is shown`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#runs-panel').scrollIntoViewIfNeeded();
    await page.locator('#runs-panel').screenshot({ path: '/tmp/gradlab-runs-390.png' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(250);
    await page.locator('#runs-panel').screenshot({ path: '/tmp/gradlab-runs-1366.png' });
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the surface has ticks in data coordinates, a colour bar of P(class 1) and a key of the points', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForTimeout(200);
    const ticks = await G(page, () => {
      const s = document.getElementById('surface-a').getBoundingClientRect();
      const at = (sel, axis) => [...document.querySelectorAll(`${sel} .tick`)].map((t) => {
        const r = t.getBoundingClientRect();
        // where the tick's value lies in data coordinates (extent ±1.25)
        return axis === 'x' ? [t.textContent, -1.25 + (2.5 * ((r.left + r.right) / 2 - s.left)) / s.width]
          : [t.textContent, 1.25 - (2.5 * ((r.top + r.bottom) / 2 - s.top)) / s.height];
      });
      return { x: at('#axis-x-a', 'x'), y: at('#axis-y-a', 'y'), names: [...document.querySelectorAll('#view-a .axis-name')].map((n) => n.textContent).sort() };
    });
    for (const axis of ['x', 'y']) {
      assert.deepEqual(ticks[axis].map(([t]) => t), ['-1', '-0.5', '0', '0.5', '1']);
      for (const [t, v] of ticks[axis]) assert.ok(Math.abs(v - Number(t)) < 0.02, `${axis} tick ${t} sits at ${v.toFixed(3)}`);
    }
    assert.deepEqual(ticks.names, ['x₁', 'x₂']);
    const key = await page.locator('#key-a').innerText();
    assert.match(key, /predicted P\(class 1\)/);
    for (const w of ['train', 'test', 'added by you', 'class 0', 'class 1']) assert.ok(key.includes(w), w);
    assert.match(await G(page, () => getComputedStyle(document.querySelector('#key-a .cbar')).backgroundImage), /linear-gradient/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a link with only #preset=deep-tanh trains that preset\'s network', async () => {
  const { page, context, problems } = await openPage(env, 'preset=deep-tanh');
  try {
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.preset, 'deep-tanh');
    assert.deepEqual(st.a.layers, Array.from({ length: 5 }, () => ({ units: 5, act: 'tanh' })));
    assert.deepEqual([st.a.init, st.a.ia, st.a.ib, st.a.oinit], ['random_uniform', 0, 1, 'random_uniform']);
    assert.match(await page.locator('#explain-title').textContent(), /Deep tanh/);
    assert.equal(await page.locator('#layer-list li').count(), 5);
    assert.equal((await G(page, () => window.gradlab.seriesCount))[0], 6, 'the worker trains 5 hidden layers + output');
    assert.deepEqual(await messageTexts(page), []);
    // a field after the preset changes it
    await page.evaluate(() => { location.hash = 'preset=deep-relu&seed=7'; });
    await page.waitForFunction(() => window.gradlab.state.preset === 'deep-relu' && window.gradlab.ready);
    const st2 = await G(page, () => window.gradlab.state);
    assert.equal(st2.seed, 7);
    assert.equal(st2.a.init, 'he_uniform');
    assert.equal(st2.a.layers[0].act, 'relu');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('compare mode keeps the explanation, the 10-seed button and the colour key in view', async () => {
  const { page, context, problems } = await openPage(env, 'preset=compare');
  try {
    for (const [w, h] of [[1400, 1000], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      for (const sel of ['#explain', '#preset-text', '#study', '#key-a', '#key-b', '#view-b']) {
        assert.ok(await page.locator(sel).isVisible(), `${sel} at ${w}×${h}`);
      }
    }
    assert.match(await page.locator('#preset-text').textContent(), /side by side/);
    // the two gradient charts name the same quantity
    for (const id of ['#grad-box-a', '#grad-box-b']) assert.match(await page.locator(`${id} figcaption`).textContent(), /^Gradient size per layer, mean \|∂L\/∂W\|/, id);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

/** Width, height and the share of non-white pixels in each quarter of a PNG (decoded by the page). */
async function pngFacts(page, bytes) {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const ink = (x0, y0, w, h) => {
      const d = ctx.getImageData(x0, y0, w, h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) n++;
      return n / (w * h);
    };
    const W = bmp.width, H = bmp.height;
    return { W, H, quarters: [ink(0, 0, W / 2, H / 2), ink(W / 2, 0, W / 2, H / 2), ink(0, H / 2, W / 2, H / 2), ink(W / 2, H / 2, W / 2, H / 2)] };
  }, bytes.toString('base64'));
}

test('Export → PNG: 2× pixels, the surface with its key, every chart with ticks and a legend, no empty half', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=20');
  try {
    await page.click('#play');
    await waitIdle(page);
    for (const cmp of [false, true]) {
      if (cmp) { await page.check('#cmp'); await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs.length === 2); await page.click('#step'); await page.waitForFunction(() => window.gradlab.runs[1].epoch === 1); }
      await page.click('#export-menu summary');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
      const bytes = await readFile(await dl.path());
      const f = await pngFacts(page, bytes);
      // 2 tiles of 560 CSS px and 3 margins of 16, at 2×
      assert.equal(f.W, 2 * (16 + 2 * (560 + 16)));
      assert.ok(f.H > f.W * (cmp ? 1.1 : 0.7), `${f.W}×${f.H}`);
      for (const [i, q] of f.quarters.entries()) assert.ok(q > 0.015, `quarter ${i} of the ${cmp ? 'compare ' : ''}PNG is ${(100 * q).toFixed(1)}% ink`);
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('clicked-in points: in the share link (at most 200), kept across data changes, removable', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const ntr = () => G(page, () => window.gradlab.data.ytr.length);
    const n0 = await ntr();
    // the surface's place is read at every click: a message above the page moves it down
    let box = await page.locator('#surface-a').boundingBox();
    const at = (x, y) => [box.x + ((x + 1.25) / 2.5) * box.width, box.y + ((1.25 - y) / 2.5) * box.height];
    const click = async (x, y, opts) => { box = await page.locator('#surface-a').boundingBox(); await page.mouse.click(...at(x, y), opts); };
    await page.check('input[name=click-class][value="0"]');
    await page.mouse.click(...at(0.5, 0.5));
    await page.check('input[name=click-class][value="1"]');
    await page.mouse.click(...at(-0.5, -0.25));
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    let hash = await G(page, () => location.hash);
    const m = /pts=([^&]*)/.exec(hash);
    assert.ok(m, hash);
    const pts = m[1].split(',').map((p) => p.split(':').map(Number));
    assert.equal(pts.length, 2);
    assert.ok(Math.abs(pts[0][0] - 0.5) < 0.02 && Math.abs(pts[0][1] - 0.5) < 0.02 && pts[0][2] === 0, m[1]);
    assert.ok(Math.abs(pts[1][0] + 0.5) < 0.02 && Math.abs(pts[1][1] + 0.25) < 0.02 && pts[1][2] === 1, m[1]);
    assert.match(await page.locator('#clear-points').textContent(), /Clear 2 added points/);

    // the link restores them
    const page2 = await context.newPage();
    await page2.goto(await G(page, () => location.href));
    await page2.waitForFunction(() => window.gradlab && window.gradlab.ready);
    const d2 = await G(page2, () => window.gradlab.data);
    assert.equal(d2.ytr.length, n0 + 2);
    assert.deepEqual(Array.from(d2.ytr.slice(-2)), [0, 1]);
    await page2.close();

    // a data change keeps them (appended to the new data)
    await page.selectOption('#ds', 'moons');
    await page.waitForFunction(() => window.gradlab.state.ds === 'moons' && window.gradlab.ready);
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    let d = await G(page, () => window.gradlab.data);
    assert.ok(Math.abs(d.Xtr[d.Xtr.length - 2] + 0.5) < 0.02, 'the last point is still the class-1 point');

    // shift-click on a point removes it; a click far from every added point removes nothing
    await page.keyboard.down('Shift');
    await click(0.51, 0.49);
    await page.keyboard.up('Shift');
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 1, n0);
    assert.deepEqual((await G(page, () => window.gradlab.state)).pts, [{ x: pts[1][0], y: pts[1][1], c: 1 }]);
    await click(1.1, -1.1, { button: 'right' });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((e) => /No added point there/.test(e.textContent)));
    assert.equal((await G(page, () => window.gradlab.state)).pts.length, 1);
    // by keyboard: the marker starts at (0, 0); Delete removes the added point nearest to it
    await click(0.05, 0.05);
    await page.waitForFunction(() => window.gradlab.state.pts.length === 2);
    await page.focus('#surface-a');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => window.gradlab.state.pts.length === 1);
    assert.equal((await G(page, () => window.gradlab.state)).pts[0].c, 1);
    // right-click removes; then Clear removes all
    await click(-0.5, -0.25);
    await click(0, 0);
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 3, n0);
    await click(0, 0, { button: 'right' });
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    await page.click('#clear-points');
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n, n0);
    hash = await G(page, () => location.hash);
    assert.ok(!hash.includes('pts='), hash);
    assert.equal(await page.locator('#clear-points').isDisabled(), true);

    // the limit: 200 points in a link are fine, the 201st click says why it is refused
    const many = Array.from({ length: 200 }, (_, i) => `${((i % 20) / 10 - 1).toFixed(1)}:${(Math.floor(i / 20) / 10 - 0.5).toFixed(1)}:${i % 2}`).join(',');
    await page.evaluate((p) => { location.hash = `pts=${p}`; }, many);
    await page.waitForFunction(() => window.gradlab.state.pts.length === 200 && window.gradlab.ready);
    await page.waitForFunction(() => window.gradlab.data.ytr.length === 700);
    await page.mouse.click(...at(1.1, 1.1));
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((e) => /At most 200 points/.test(e.textContent)));
    assert.equal((await G(page, () => window.gradlab.state)).pts.length, 200);
    // 201 in a link: a message, and no points
    await page.evaluate((p) => { location.hash = `pts=${p},0:0:1`; }, many);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((e) => /added points: 201 points, more than 200/.test(e.textContent)));
    assert.equal((await G(page, () => window.gradlab.state)).pts.length, 0);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the Export menu closes on Escape and on a click outside it', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const open = () => G(page, () => document.getElementById('export-menu').open);
    await page.click('#export-menu summary');
    assert.equal(await open(), true);
    await page.keyboard.press('Escape');
    assert.equal(await open(), false);
    assert.equal(await G(page, () => document.activeElement.tagName), 'SUMMARY', 'focus goes back to the menu button');
    await page.click('#export-menu summary');
    assert.equal(await open(), true);
    await page.mouse.click(5, 300);
    assert.equal(await open(), false);
    // a click inside the menu keeps it open until an item is chosen
    await page.click('#export-menu summary');
    await page.locator('.menu-items').click({ position: { x: 3, y: 3 } });
    assert.equal(await open(), true);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the network drawing of 32 layers × 128 units keeps its labels apart and says the size', async () => {
  const layers = Array.from({ length: 32 }, () => '128:relu').join(',');
  const { page, context, problems } = await openPage(env, `layers=${layers}&init=he_uniform`);
  try {
    for (const [w, h] of [[390, 844], [1400, 1000]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForFunction(() => document.querySelector('#net-a svg') && document.querySelector('#net-a svg').getAttribute('width') === String(Math.round(document.getElementById('net-a').clientWidth)));
      await page.waitForTimeout(300);
      const labels = await G(page, () => [...document.querySelectorAll('#net-a text.size-label')].map((t) => {
        const b = t.getBBox();
        return { text: t.textContent, x0: b.x, x1: b.x + b.width };
      }));
      const texts = labels.map((l) => l.text);
      assert.equal(texts[0], 'in');
      assert.equal(texts.at(-1), 'out');
      assert.ok(texts.includes('32 × 128'), texts.join(' | '));
      for (let i = 1; i < labels.length; i++) assert.ok(labels[i].x0 >= labels[i - 1].x1, `${w}: "${labels[i - 1].text}" and "${labels[i].text}" overlap`);
    }
    // a short net keeps one label per wide layer
    await page.evaluate(() => { location.hash = 'layers=16:relu,5:relu,16:tanh&init=he_uniform'; });
    await page.waitForFunction(() => window.gradlab.state.a.layers.length === 3 && window.gradlab.ready);
    await page.waitForFunction(() => [...document.querySelectorAll('#net-a text.size-label')].map((t) => t.textContent).join(',') === 'in,16,16,out');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('spiral gets a noise that shows a spiral; old links keep their noise', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    const st = () => G(page, () => window.gradlab.state);
    await page.selectOption('#ds', 'spiral');
    await page.waitForFunction(() => window.gradlab.state.ds === 'spiral' && window.gradlab.ready);
    assert.equal((await st()).noise, 0.03);
    assert.equal(await page.locator('#noise-out').textContent(), '0.03');
    assert.match(await G(page, () => location.hash), /noise=0.03/);
    // back to circles: its own default again
    await page.selectOption('#ds', 'circles');
    await page.waitForFunction(() => window.gradlab.state.ds === 'circles' && window.gradlab.ready);
    assert.equal((await st()).noise, 0.1);
    // a noise the user set survives a switch to a dataset without a noise of its own
    await page.locator('#noise').evaluate((el) => { el.value = '0.2'; el.dispatchEvent(new Event('change', { bubbles: true })); });
    await page.selectOption('#ds', 'moons');
    await page.waitForFunction(() => window.gradlab.state.ds === 'moons');
    assert.equal((await st()).noise, 0.2);
    // links: ds=spiral alone gets spiral's noise, an explicit noise stays
    await page.evaluate(() => { location.hash = 'ds=spiral'; });
    await page.waitForFunction(() => window.gradlab.state.ds === 'spiral' && window.gradlab.ready);
    assert.equal((await st()).noise, 0.03);
    await page.evaluate(() => { location.hash = 'ds=spiral&noise=0.1'; });
    await page.waitForFunction(() => window.gradlab.state.noise === 0.1 && window.gradlab.ready);
    assert.deepEqual(await messageTexts(page), []);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

/** Whether a box's own content runs past it (a scroll box inside the page). */
const cutOff = (page, sel) => G(page, (s) => { const el = document.querySelector(s); return { scroll: el.scrollHeight, client: el.clientHeight }; }, sel);

test('the explanation: as tall as its text on a phone, as tall as the surface\'s view beside it on a laptop', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=10');
  try {
    const check = async (when) => {
      for (const [w, h] of [[360, 740], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(250);
        const c = await cutOff(page, '#explain');
        assert.ok(c.scroll <= c.client + 1, `${w}×${h} ${when}: the explanation shows ${c.client} px of its ${c.scroll} px`);
        // the open "Why deep nets can stop learning" is inside the box, all of it
        const inside = await G(page, () => {
          const box = document.getElementById('explain').getBoundingClientRect();
          const p = document.querySelector('#about p').getBoundingClientRect();
          return p.height > 0 && p.top >= box.top && p.bottom <= box.bottom + 1;
        });
        assert.ok(inside, `${w}×${h} ${when}: the open explanation's text is in view`);
      }
      // beside the surface: the box uses the view's height before it scrolls, and no more
      for (const [w, h] of [[1280, 800], [1366, 768]]) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(250);
        const b = await G(page, () => {
          const r = (id) => document.getElementById(id).getBoundingClientRect();
          const e = document.getElementById('explain');
          return { beside: r('explain').left > r('view-a').right, eBottom: r('explain').bottom, vBottom: r('view-a').bottom, scroll: e.scrollHeight, client: e.clientHeight };
        });
        const at = `${w}×${h} ${when}`;
        assert.ok(b.beside, `${at}: the explanation is beside the surface`);
        assert.ok(b.eBottom <= b.vBottom + 1, `${at}: the explanation ends at ${b.eBottom}, below the view (${b.vBottom})`);
        if (b.scroll > b.client + 1) assert.ok(b.eBottom >= b.vBottom - 10, `${at}: the explanation scrolls (${b.client} of ${b.scroll} px) but ends at ${b.eBottom}, ${Math.round(b.vBottom - b.eBottom)} px above the view's end`);
      }
    };
    await check('before a study');
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.study, null, { timeout: 120000 });
    await check('after a study');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

// Whether selects show an option's whole text: per select id, the width it
// has and the width the text needs (text, padding and the arrow, about 20 px);
// `longest`: the longest of its options, else the selected one.
const selectFit = (page, ids, longest = false) => G(page, ([ids, longest]) => {
  const ctx = document.createElement('canvas').getContext('2d');
  return ids.map((id) => {
    const s = document.getElementById(id);
    const cs = getComputedStyle(s);
    ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
    const texts = longest ? [...s.options].map((o) => o.textContent) : [s.selectedOptions[0].textContent];
    const text = texts.reduce((a, b) => (ctx.measureText(b).width > ctx.measureText(a).width ? b : a));
    return { id, text, need: Math.ceil(ctx.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20), width: s.clientWidth };
  });
}, [ids, longest]);

test('the initialiser selects show their longest names (random_uniform, glorot_uniform)', async () => {
  const { page, context, problems } = await openPage(env, '');
  try {
    for (const [w, h] of [[1366, 768], [1920, 1080], [768, 1024], [360, 740]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(250);
      const fit = await selectFit(page, ['init', 'oinit'], true);
      assert.match(fit[0].text, /_uniform/);
      for (const f of fit) assert.ok(f.width >= f.need, `${w}×${h}: #${f.id} is ${f.width} px for "${f.text}" (needs ${f.need})`);
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a table\'s surface inputs show their whole column names in the settings', async () => {
  const { page, context, problems } = await openPage(env, 'ds=iris');
  try {
    for (const [w, h] of [[1366, 768], [768, 1024], [360, 740]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(250);
      const fit = await selectFit(page, ['sx', 'sy']);
      assert.match(fit[0].text, /petal length/);
      for (const f of fit) assert.ok(f.width >= f.need, `${w}×${h}: #${f.id} is ${f.width} px for "${f.text}" (needs ${f.need})`);
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a regression set shows no Classes field; a classification set does', async () => {
  const { page, context, problems } = await openPage(env, 'ds=sine');
  try {
    for (const [ds, shown] of [['sine', false], ['circles', true], ['plane', false], ['spiral', true], ['multigauss', false], ['iris', false], ['moons', true]]) {
      if (ds !== 'sine') await page.selectOption('#ds', ds);
      await page.waitForFunction((d) => window.gradlab.state.ds === d && window.gradlab.ready, ds, { timeout: 30000 });
      await page.waitForFunction(([s]) => document.getElementById('classes').checkVisibility() === s, [shown], { timeout: 10000 })
        .catch(() => assert.fail(`${ds}: the Classes field is ${shown ? 'hidden' : 'shown'}`));
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('one network on a 1080p projector: the gradient chart beside the surface, in sight; under the Layers view as before', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=5');
  try {
    await page.click('#play');
    await waitIdle(page);
    const boxes = () => page.evaluate(() => {
      const r = (id) => { const b = document.getElementById(id).getBoundingClientRect(); return { left: b.left, right: b.right, top: b.top, bottom: b.bottom, height: b.height }; };
      return { surface: r('surface-a'), view: r('view-a'), grad: r('chart-grad-a'), layers: r('layers-view'), innerHeight, scrollWidth: document.scrollingElement.scrollWidth, innerWidth };
    });
    for (const [w, h] of [[1920, 1080], [1600, 900], [2560, 1440]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(250);
      const b = await boxes();
      const at = `${w}×${h}`;
      assert.ok(b.grad.left >= b.view.right, `${at}: the gradient chart is right of the surface's view (${b.grad.left} ≥ ${b.view.right})`);
      assert.ok(b.grad.top < b.surface.bottom, `${at}: beside it, not under it`);
      assert.ok(b.grad.bottom <= b.innerHeight, `${at}: in sight without scrolling (bottom ${Math.round(b.grad.bottom)} of ${b.innerHeight})`);
      assert.ok(b.grad.height >= b.surface.bottom - b.surface.top, `${at}: at least as tall as the surface (${Math.round(b.grad.height)} px)`);
      assert.ok(b.scrollWidth <= b.innerWidth, `${at}: no horizontal overflow`);
    }
    // narrower: under the surface, as before
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(250);
    let b = await boxes();
    assert.ok(b.grad.top >= b.view.bottom, `1366×768: the gradient chart is under the surface's view (${b.grad.top} ≥ ${b.view.bottom})`);
    // the Layers view at 1920: the gradient chart under it, full width, its usual height
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('#view-tab-layers');
    await page.waitForTimeout(250);
    b = await boxes();
    assert.ok(b.grad.top >= b.layers.bottom, 'Layers view: the gradient chart under it');
    assert.ok(b.grad.height <= 420, `Layers view: its usual height (${Math.round(b.grad.height)} px)`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
