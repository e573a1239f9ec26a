// The kept runs (web/panels/runs.js): a finished run is kept in IndexedDB and
// survives a reload; two kept runs overlay on the charts with a legend naming
// each; rename and delete last; an exported run file imports as itself; a bad
// or foreign file and a browser without storage get a message, and the page
// trains on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage, waitIdle, messages, downloadText as download } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const kept = (page) => G(page, () => window.gradlab.kept);

/** Play to the epoch limit and wait until the run is kept. */
async function train(page, n = 1) {
  await page.click('#play');
  await waitIdle(page);
  await page.waitForFunction((k) => window.gradlab.kept.runs.length >= k, n, { timeout: 10000 });
  await G(page, () => window.gradlab.flushRuns());
}


test('a finished run is kept and survives a reload; rename, pin and delete last', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=12&n=200');
  try {
    await train(page);
    let k = await kept(page);
    assert.equal(k.persist, true);
    assert.equal(k.runs.length, 1);
    assert.equal(k.runs[0].epochs, 12);
    assert.ok(k.runs[0].hasModel, 'the final weights are kept');
    assert.equal(await page.locator('#run-list li').count(), 1);

    // a reset after training keeps the next run as its own record
    await page.click('#play');
    await waitIdle(page);
    await page.click('#reset');
    await G(page, () => window.gradlab.flushRuns());
    k = await kept(page);
    assert.equal(k.runs.length, 1, 'playing past the limit trains nothing new: still one run');

    await page.locator('#seed').fill('7');
    await page.locator('#seed').press('Tab');
    await page.waitForFunction(() => window.gradlab.ready);
    await train(page, 2);
    k = await kept(page);
    assert.equal(k.runs.length, 2);

    const name = page.locator('#run-list li').nth(1).locator('.run-name');
    await name.fill('my first run');
    await name.press('Enter');
    await page.locator('#run-list li').nth(0).locator('.run-pin').click();
    await G(page, () => window.gradlab.flushRuns());

    await page.reload();
    await page.waitForFunction(() => window.gradlab && window.gradlab.kept.runs.length === 2, null, { timeout: 15000 });
    k = await kept(page);
    assert.deepEqual(k.runs.map((r) => r.epochs), [12, 12]);
    assert.equal(k.runs[1].name, 'my first run', 'the new name survives the reload');
    assert.equal(k.runs[0].pinned, true, 'the pin survives the reload');
    assert.equal(await page.locator('#run-list li').nth(1).locator('.run-name').inputValue(), 'my first run');

    await page.locator('#run-list li').nth(1).getByRole('button', { name: /^Delete/ }).click();
    await G(page, () => window.gradlab.flushRuns());
    await page.reload();
    await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: 15000 });
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    k = await kept(page);
    assert.equal(k.runs.length, 1, 'a deleted run stays deleted');
    assert.notEqual(k.runs[0].name, 'my first run');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('two kept runs overlay on the loss, accuracy and gradient charts, each named in the legend', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=15&n=200&layers=4:tanh,4:tanh');
  try {
    await train(page);
    await page.locator('#lr').fill('0.3');
    await page.locator('#lr').press('Tab');
    await page.waitForFunction(() => window.gradlab.ready);
    await page.click('#play');
    await waitIdle(page);
    await page.click('#reset');
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 2);
    const names = ['tanh small lr', 'tanh big lr'];
    for (let i = 0; i < 2; i++) {
      const f = page.locator('#run-list li').nth(1 - i).locator('.run-name');
      await f.fill(names[i]);
      await f.press('Enter');
    }
    assert.equal(await page.locator('#runs-overlay').isDisabled(), true, 'one run cannot be overlaid');
    await page.locator('#run-list .run-select').nth(0).check();
    await page.locator('#run-list .run-select').nth(1).check();
    await page.click('#runs-overlay');
    await page.waitForTimeout(300);
    const ov = await G(page, () => window.gradlab.overlay);
    assert.deepEqual(ov.loss, ['tanh small lr', 'tanh small lr (test)', 'tanh big lr', 'tanh big lr (test)']);
    assert.deepEqual(ov.acc, ov.loss);
    assert.equal(ov.grad.length, 6, 'three layers per run');
    assert.ok(ov.grad.every((l, i) => l.startsWith(names[Math.floor(i / 3)])));
    const charts = await G(page, () => window.gradlab.charts);
    assert.deepEqual(charts.loss.drawn, [15, 15, 15, 15], 'both runs drawn, train and test');
    assert.deepEqual(charts.acc.drawn, [15, 15, 15, 15]);
    assert.deepEqual(charts.grad[0].drawn, [15, 15, 15, 15, 15, 15]);
    assert.ok(charts.loss.coloured > 50 && charts.grad[0].coloured > 50);
    const legend = await page.locator('#chart-loss .u-legend').textContent();
    for (const n of names) assert.ok(legend.includes(n), `the legend names ${n}`);
    await page.screenshot({ path: '/tmp/gradlab-runs-overlay.png', fullPage: true });

    // back to the live charts
    await page.click('#runs-overlay');
    await page.waitForTimeout(200);
    assert.equal(await G(page, () => window.gradlab.overlay), null);
    const live = await G(page, () => window.gradlab.charts);
    assert.equal(live.loss.drawn.length, 2);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('an exported run file imports as the same run; a bad or foreign file gets a message naming the field', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=8&n=150');
  try {
    await train(page);
    const text = await download(page, '#run-list li >> nth=0 >> button:has-text("Export")');
    const file = JSON.parse(text);
    assert.equal(file.format, 'gradlab-run');
    assert.equal(file.version, 1);
    assert.equal(file.kind, 'run');
    assert.equal(file.history.length, 8);
    assert.equal(file.model.format, 'gradlab-model');

    await page.setInputFiles('#import-run', { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 2);
    const again = await download(page, '#run-list li >> nth=0 >> button:has-text("Export")');
    assert.equal(again, text, 'the imported run exports as the same file');

    const bad = [
      [{ ...file, format: 'gradlab-model' }, /format/],
      [{ ...file, version: 2 }, /version/],
      [{ ...file, history: [{ ...file.history[0], loss: 'lots' }] }, /history\[0\]\.loss/],
      [{ ...file, settings: { ...file.settings, a: { ...file.settings.a, lr: -1 } } }, /settings/],
      [{ ...file, name: 5 }, /name/],
    ];
    for (const [obj, re] of bad) {
      await page.setInputFiles('#import-run', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(obj)) });
      await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('Import run: bad.json')));
      const msg = (await messages(page)).find((m) => m.includes('Import run: bad.json'));
      assert.match(msg, re);
      await page.locator('#messages .message', { hasText: 'Import run: bad.json' }).getByRole('button').click();
    }
    await page.setInputFiles('#import-run', { name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"not": json') });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('junk.json is not a gradlab run file')));
    assert.equal((await kept(page)).runs.length, 2, 'no bad file is kept');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a corrupt stored record is skipped with a message; the page loads and keeps the good ones', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=5&n=150');
  try {
    await train(page);
    await G(page, () => new Promise((resolve, reject) => {
      const r = indexedDB.open('gradlab', 1);
      r.onsuccess = () => {
        const t = r.result.transaction('runs', 'readwrite');
        t.objectStore('runs').put({ id: 'broken', format: 'gradlab-run', version: 1, kind: 'run', name: 'x', history: 'no' });
        t.oncomplete = () => { r.result.close(); resolve(); };
        t.onerror = () => reject(t.error);
      };
    }));
    await page.reload();
    await page.waitForFunction(() => window.gradlab && window.gradlab.kept.runs.length === 1, null, { timeout: 15000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#messages .message')].some((m) => m.textContent.includes('could not be read')));
    const msg = (await messages(page)).find((m) => m.includes('could not be read'));
    assert.match(msg, /1 kept run could not be read and was skipped/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

for (const how of ['throws', 'fails']) {
  test(`storage that ${how} gets one message and the page still trains`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript((mode) => {
      const open = () => {
        if (mode === 'throws') throw new DOMException('The operation is insecure.', 'SecurityError');
        const r = {};
        setTimeout(() => { r.error = new DOMException('Quota exceeded', 'QuotaExceededError'); r.onerror && r.onerror({}); }, 5);
        return r;
      };
      Object.defineProperty(window, 'indexedDB', { value: { open }, configurable: true });
    }, how);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    try {
      await page.goto(`${env.server.url}#speed=max&epochs=10&n=150`);
      await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: 15000 });
      await train(page);
      assert.equal((await G(page, () => window.gradlab.runs))[0].epoch, 10, 'the page trains');
      const k = await kept(page);
      assert.equal(k.persist, false);
      assert.equal(k.runs.length, 1, 'the run is kept for the session');
      const msgs = (await messages(page)).filter((m) => m.includes('cannot be kept across reloads'));
      assert.equal(msgs.length, 1, 'said once');
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('a run still training when the page goes is kept up to its last epoch', async () => {
  const { page, context, problems } = await openPage(env, 'speed=60&epochs=10000&n=150');
  try {
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.runs[0].epoch >= 5);
    await page.reload(); // pagehide keeps it
    await page.waitForFunction(() => window.gradlab && window.gradlab.kept.runs.length === 1, null, { timeout: 15000 });
    const k = await kept(page);
    assert.ok(k.runs[0].epochs >= 5, `kept ${k.runs[0].epochs} epochs`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('storage is bounded: past 40 runs the oldest unpinned goes, and the page says so once', async () => {
  const { page, context, problems } = await openPage(env, 'speed=max&epochs=3&n=100');
  try {
    await train(page);
    await page.locator('#run-list li').nth(0).locator('.run-pin').click();
    const text = await download(page, '#run-list li >> nth=0 >> button:has-text("Export")');
    const file = JSON.parse(text);
    const t0 = Date.parse('2020-01-01T00:00:00.000Z');
    for (let i = 0; i < 41; i++) {
      const f = { ...file, name: `imported ${i}`, date: new Date(t0 + i * 60000).toISOString() };
      await page.setInputFiles('#import-run', { name: `run${i}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(f)) });
      await page.waitForFunction((n) => window.gradlab.kept.runs.some((r) => r.name === n), `imported ${i}`);
    }
    const k = await kept(page);
    assert.equal(k.runs.length, 40);
    assert.ok(k.runs.some((r) => r.pinned), 'the pinned run stays');
    assert.ok(!k.runs.some((r) => r.name === 'imported 0' || r.name === 'imported 1'), 'the two oldest unpinned went');
    const msgs = (await messages(page)).filter((m) => m.includes('limited to 40 runs'));
    assert.equal(msgs.length, 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
