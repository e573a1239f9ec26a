// Drawing points (issue 15): points clicked into the surface are training
// points, and the network learns them: a patch of class-1 points drawn in a
// corner far from the moons turns the surface there to class 1, which it is
// not without them (same data, seed and settings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const HASH = 'ds=moons&layers=16:relu,16:relu&init=he_uniform&opt=adam&lr=0.01&epochs=120&speed=max';
// the surface cell at (x, y) = (-1, 1): column and row of the GRID (100) over [-1.25, 1.25]²
const CORNER = 10 * 100 + 10;

async function trainedCorner(page) {
  await page.click('#play');
  await waitIdle(page, 240000);
  return page.evaluate((i) => window.gradlab.runs[0].surface[i], CORNER);
}

test('points drawn with the mouse train: a drawn patch of class 1 makes the corner class 1', async () => {
  const plain = await openPage(env, HASH);
  let before;
  try { before = await trainedCorner(plain.page); } finally { await plain.context.close(); }
  assert.ok(before < 0.5, `without drawn points the corner is class 0: P(class 1) = ${before}`);

  const { page, context, problems } = await openPage(env, HASH);
  try {
    await page.check('input[name=click-class][value="1"]');
    const box = await page.locator('#surface-a').boundingBox();
    const at = (x, y) => ({ x: ((x + 1.25) / 2.5) * box.width, y: ((1.25 - y) / 2.5) * box.height });
    const n0 = (await page.evaluate(() => window.gradlab.data.ytr.length));
    const pts = [[-1, 1], [-0.9, 1], [-1, 0.9], [-0.9, 0.9], [-1.1, 1.1], [-0.95, 1.05], [-1.05, 0.95], [-1.1, 0.9]];
    for (const [x, y] of pts) {
      await page.locator('#surface-a').click({ position: at(x, y) });
    }
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n, n0 + pts.length);
    const d = await page.evaluate(() => window.gradlab.data);
    assert.deepEqual(d.ytr.slice(-pts.length), pts.map(() => 1), 'the drawn points are class 1 training points');
    assert.ok(Math.abs(d.Xtr.at(-2) - pts.at(-1)[0]) < 0.02 && Math.abs(d.Xtr.at(-1) - pts.at(-1)[1]) < 0.02, 'where they were drawn');
    assert.match(await page.evaluate(() => location.hash), /pts=/, 'and in the share link');
    // Reset trains a fresh network on the data with the drawn points
    await page.click('#reset');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs[0].epoch === 0);
    const after = await trainedCorner(page);
    assert.ok(after > 0.5, `with the drawn patch the corner is class 1: P(class 1) = ${after} (before ${before})`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

// Drawing values (regression sets): a click adds a point with the value chosen
// under "Click adds the value" (plane, multigauss), or on the 1-D sine the
// point (x, y) itself; drawn in its value's colour, trained on, in the share
// link, removable one by one or all at once.
const GRID = 100, EXTENT = 1.25;
const cell = (x, y) => Math.floor(((EXTENT - y) / (2 * EXTENT)) * GRID) * GRID + Math.floor(((x + EXTENT) / (2 * EXTENT)) * GRID);
const PLANE = 'ds=plane&out=linear_mse&layers=8:tanh,8:tanh&init=glorot_uniform&opt=adam&lr=0.01&epochs=150&speed=max';
// a patch in the corner (-1, 1), where the plane's value is about 0
const PATCH = [[-1, 1], [-0.9, 1], [-1, 0.9], [-0.9, 0.9], [-1.1, 1.1], [-0.95, 1.05], [-1.05, 0.95], [-1.1, 0.9]];

/** The mse of the network's surface (full resolution) at points [x, y] against their values. */
async function mseAt(page, pts, values) {
  await page.waitForFunction(() => window.gradlab.runs[0].surfaceRes === 100, null, { timeout: 60000 });
  const s = await page.evaluate(() => window.gradlab.runs[0].surface);
  return pts.reduce((a, [x, y], i) => a + (s[cell(x, y)] - values[i]) ** 2, 0) / pts.length;
}

const clickAt = async (page, x, y, opts) => {
  const box = await page.locator('#surface-a').boundingBox();
  await page.mouse.click(box.x + ((x + EXTENT) / (2 * EXTENT)) * box.width, box.y + ((EXTENT - y) / (2 * EXTENT)) * box.height, opts);
};

test('values drawn on the plane train: the mse at the drawn points falls; the link restores them; erase and clear', async (t) => {
  const plain = await openPage(env, PLANE);
  let before;
  try {
    await plain.page.click('#play');
    await waitIdle(plain.page, 240000);
    before = await mseAt(plain.page, PATCH, PATCH.map(() => 0.9));
  } finally { await plain.context.close(); }
  const V = 0.9, mseBefore = before;

  const { page, context, problems } = await openPage(env, PLANE);
  try {
    assert.equal(await page.locator('#click-value-box').isVisible(), true, 'the value control is shown on a regression set');
    assert.equal(await page.locator('.field.click-class').isVisible(), false, 'the class choice is not');
    // the field fits a phone, a tablet and a laptop: its parts apart, inside its box, no page overflow
    for (const [w, h] of [[360, 740], [390, 844], [1024, 700], [1366, 768]]) {
      await page.setViewportSize({ width: w, height: h });
      const m = await page.evaluate(() => {
        const box = document.getElementById('click-value-box').getBoundingClientRect();
        const parts = [...document.querySelectorAll('#click-value-box > *')].map((e) => e.getBoundingClientRect());
        const clash = parts.some((a, i) => parts.some((b, j) => j > i && Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1));
        const out = parts.some((r) => r.left < box.left - 1 || r.right > box.right + 1);
        return { clash, out, wide: document.scrollingElement.scrollWidth > innerWidth };
      });
      assert.deepEqual(m, { clash: false, out: false, wide: false }, `${w}×${h}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    // a value beyond the data's range is clamped to it; slider and number follow each other
    await page.fill('#click-value-n', '-5');
    await page.dispatchEvent('#click-value-n', 'change');
    assert.deepEqual([await page.inputValue('#click-value-n'), await page.inputValue('#click-value')], ['-1', '-1']);
    await page.locator('#click-value').fill(String(V));
    assert.equal(await page.inputValue('#click-value-n'), String(V), 'slider and number agree');
    const n0 = await page.evaluate(() => window.gradlab.data.ytr.length);
    for (const [x, y] of PATCH) await clickAt(page, x, y);
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n, n0 + PATCH.length);
    const d = await page.evaluate(() => window.gradlab.data);
    assert.deepEqual(d.ytr.slice(-PATCH.length), PATCH.map(() => Math.fround(V)), 'the drawn points are training points of value 0.9');
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /pts=(-?[\d.]+:-?[\d.]+:v0\.9,){7}-?[\d.]+:-?[\d.]+:v0\.9(&|$)/, 'in the share link, with their value');
    await page.click('#reset');
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.runs[0].epoch === 0);
    await page.click('#play');
    await waitIdle(page, 240000);
    const mseAfter = await mseAt(page, PATCH, PATCH.map(() => V));
    t.diagnostic(`mse at the 8 drawn points (value ${V}): ${mseBefore.toFixed(4)} trained without them, ${mseAfter.toFixed(4)} with them`);
    assert.ok(mseAfter < mseBefore / 4, `the mse at the drawn points: ${mseAfter.toFixed(4)} trained with them, ${mseBefore.toFixed(4)} without`);

    // the link restores them, values and all
    const page2 = await context.newPage();
    await page2.goto(await page.evaluate(() => location.href));
    await page2.waitForFunction(() => window.gradlab && window.gradlab.ready);
    const st2 = await page2.evaluate(() => window.gradlab.state);
    assert.equal(st2.pts.length, PATCH.length);
    assert.ok(st2.pts.every((p) => p.v === V && p.c === undefined));
    assert.deepEqual((await page2.evaluate(() => window.gradlab.data.ytr)).slice(-PATCH.length), PATCH.map(() => Math.fround(V)));
    await page2.close();

    // erase one (shift-click on it), then clear them all
    const kept = (await page.evaluate(() => window.gradlab.state)).pts;
    const near = (p) => Math.hypot(p.x + 1.1, p.y - 0.9);
    const gone = kept.reduce((a, p) => (near(p) < near(a) ? p : a));
    await page.keyboard.down('Shift');
    await clickAt(page, -1.1, 0.9);
    await page.keyboard.up('Shift');
    await page.waitForFunction(([n, k]) => window.gradlab.state.pts.length === k && window.gradlab.data.ytr.length === n + k, [n0, PATCH.length - 1]);
    assert.deepEqual(await page.evaluate(() => window.gradlab.state.pts), kept.filter((p) => p !== gone), 'the point under the click is gone, the others stay');
    await page.click('#clear-points');
    await page.waitForFunction((n) => window.gradlab.state.pts.length === 0 && window.gradlab.data.ytr.length === n, n0);
    assert.ok(!(await page.evaluate(() => location.hash)).includes('pts='));
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the sine: a click adds the point (x, y) itself; switching to a classification set drops it with a message', async () => {
  const { page, context, problems } = await openPage(env, 'ds=sine&out=linear_mse&epochs=5');
  try {
    assert.equal(await page.locator('#click-value-box').isVisible(), false, 'no value to choose: y is where the click is');
    const n0 = await page.evaluate(() => window.gradlab.data.ytr.length);
    await clickAt(page, 0.5, 0.9);
    await clickAt(page, -0.3, -1);
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 2, n0);
    const d = await page.evaluate(() => window.gradlab.data);
    assert.ok(Math.abs(d.Xtr.at(-2) - 0.5) < 0.02 && Math.abs(d.ytr.at(-2) - 0.9) < 0.02, `x ${d.Xtr.at(-2)}, y ${d.ytr.at(-2)}`);
    assert.ok(Math.abs(d.Xtr.at(-1) + 0.3) < 0.02 && Math.abs(d.ytr.at(-1) + 1) < 0.02);
    const pts = (await page.evaluate(() => window.gradlab.state)).pts;
    assert.deepEqual(pts.map((p) => Object.keys(p).sort().join()), ['x,y', 'x,y'], 'points of the sine: no class, no value');
    assert.match(await page.evaluate(() => location.hash), new RegExp(`pts=${pts[0].x}:${pts[0].y},${pts[1].x}:${pts[1].y}(&|$)`));
    // a right-click on one erases it
    await clickAt(page, -0.3, -1, { button: 'right' });
    await page.waitForFunction((n) => window.gradlab.data.ytr.length === n + 1, n0);
    // the plane takes values, not the sine's points: dropped, and the page says so
    await page.selectOption('#ds', 'plane');
    await page.waitForFunction(() => window.gradlab.state.ds === 'plane' && window.gradlab.ready);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((e) => /added points: 1 with the sine's \(x, y\) dropped \(the plane data: a click adds a point with a value\)/.test(e.textContent)));
    assert.equal((await page.evaluate(() => window.gradlab.state)).pts.length, 0);
    // a value point on the plane, then the circles: dropped too
    await clickAt(page, 0.2, 0.2);
    await page.waitForFunction(() => window.gradlab.state.pts.length === 1);
    await page.selectOption('#ds', 'circles');
    await page.waitForFunction(() => window.gradlab.state.ds === 'circles' && window.gradlab.ready);
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((e) => /added points: 1 with a value dropped \(the circles data: a click adds a point of a class\)/.test(e.textContent)));
    assert.equal((await page.evaluate(() => window.gradlab.state)).pts.length, 0);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
