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
