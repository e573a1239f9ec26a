// The page's pool of Web Workers (web/pool.js): the seed study spread over a
// pool gives the same numbers bit for bit as on one worker, with its progress
// shown as seeds finish; compare mode with B in a worker of its own gives the
// same histories as A and B in one worker; a big net's surface, coarse while
// it trains, is back at full resolution once training pauses. The pool size
// comes from navigator.hardwareConcurrency, set here per page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, openPage } from './helpers/harness.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

/** Init script: navigator.hardwareConcurrency = cores; records every text of #study-result and counts the workers started. */
function cores(n) {
  Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n, configurable: true });
  window.__studyTexts = [];
  window.__workersStarted = 0;
  const W = window.Worker;
  window.Worker = class extends W { constructor(...a) { super(...a); window.__workersStarted++; } };
  document.addEventListener('DOMContentLoaded', () => {
    const el = document.getElementById('study-result');
    new MutationObserver(() => window.__studyTexts.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
}

const STUDY = 'cmp=1&same=1&b.layers=6:relu,4:tanh&epochs=40&speed=max&seed=2';

async function study(n) {
  const { page, context, problems } = await openPage(env, STUDY, { init: cores, initArg: n });
  try {
    // the study's workers are started ahead, once the page's own is up
    await page.waitForFunction((k) => window.gradlab.pool.spare === k, n, { timeout: 60000 });
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.studyResults, null, { timeout: 120000 });
    const out = await page.evaluate(() => ({ results: window.gradlab.studyResults, pool: window.gradlab.pool, bands: window.gradlab.studyBands, texts: window.__studyTexts }));
    out.text = await page.locator('#study-result').textContent();
    // they are kept: a second study runs on the same workers, with the same numbers
    assert.equal(out.pool.spare, n);
    const started = await page.evaluate(() => window.__workersStarted);
    assert.equal(started, (n >= 2 ? 2 : 1) + n, 'the page\'s worker(s: B in one of its own on a pool) and the study\'s');
    await page.evaluate(() => { window.__first = window.gradlab.studyResults; document.getElementById('study').click(); });
    await page.waitForFunction(() => window.gradlab.studyResults && window.gradlab.studyResults !== window.__first, null, { timeout: 120000 });
    const noId = (rs) => rs.map(({ id, ...r }) => r);
    assert.deepEqual(noId(await page.evaluate(() => window.gradlab.studyResults)), noId(out.results), 'the second study on the kept workers');
    assert.equal(await page.evaluate(() => window.__workersStarted), started, 'no worker started for the second study');
    assert.deepEqual(problems, []);
    return out;
  } finally { await context.close(); }
}

test('seed study: a pool of 3 workers gives the results of 1 worker bit for bit, and shows progress as seeds finish', async () => {
  const one = await study(1);
  const three = await study(3);
  assert.equal(one.pool.studyWorkers, 1);
  assert.equal(three.pool.studyWorkers, 3);
  assert.equal(three.pool.size, 3);
  // ten seeds × networks A and B, in seed order, A before B
  assert.deepEqual(three.results.map((r) => [r.seed, r.run]), Array.from({ length: 20 }, (_, i) => [(i >> 1) + 1, i & 1]));
  assert.ok(three.results.every((r) => r.epochs === 40 && r.history.length === 40));
  // the same numbers, every epoch of every seed and network (deepEqual: Object.is on each number)
  assert.deepEqual(three.results, one.results);
  assert.deepEqual(three.bands, one.bands);
  assert.equal(three.text, one.text);
  // progress: the counts of finished seeds went up one result at a time before the summary
  for (const { texts } of [one, three]) {
    const counts = texts.map((t) => /^A: (\d+) of 10 seeds done…/.exec(t)).filter(Boolean).map((m) => Number(m[1]));
    assert.ok(counts.length >= 10, `progress texts: ${texts.join(' | ')}`);
    assert.ok(counts.every((c, i) => i === 0 || c >= counts[i - 1]));
    assert.match(texts[0], /^Training 10 seeds, \d at a time…$/);
    assert.match(texts.at(-1), /^A: 10 seeds, 40 epochs each: test accuracy median/);
  }
});

async function compare(n) {
  const { page, context, problems } = await openPage(env, 'cmp=1&same=1&b.layers=6:relu,5:relu&b.init=he_uniform&epochs=60&speed=max&seed=4', { init: cores, initArg: n });
  try {
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.epochs.every((e) => e >= 60) && !window.gradlab.playing, null, { timeout: 120000 });
    const out = await page.evaluate(() => ({ runs: window.gradlab.runs, pool: window.gradlab.pool, share: window.gradlab.initShare }));
    assert.deepEqual(problems, []);
    return out;
  } finally { await context.close(); }
}

test('the study\'s workers wait until the page is quiet: none start while it trains, they start about 3 s after a pause', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=10000&speed=5', { init: cores, initArg: 2 });
  try {
    await page.click('#play'); // at once, as a learner does
    await page.waitForFunction(() => window.gradlab.playing);
    await page.waitForTimeout(4000);
    assert.equal(await page.evaluate(() => window.__workersStarted), 1, 'only the page\'s own worker while it trains');
    assert.equal(await page.evaluate(() => window.gradlab.pool.spare), 0);
    // timed in the page: from the moment the Play button shows the pause (the same task
    // as the pause itself) to the first poll that sees both spares (a late poll only adds)
    await page.evaluate(() => { window.__quiet = new Promise((resolve) => {
      const b = document.getElementById('play');
      const seen = new MutationObserver(() => {
        if (b.getAttribute('aria-pressed') !== 'false') return;
        seen.disconnect();
        const t0 = performance.now();
        const poll = setInterval(() => {
          if (window.gradlab.pool.spare === 2) { clearInterval(poll); resolve(performance.now() - t0); }
        }, 20);
      });
      seen.observe(b, { attributes: true, attributeFilter: ['aria-pressed'] });
    }); });
    await page.click('#play'); // pause
    const after = await page.evaluate(() => window.__quiet);
    assert.ok(after >= 2900, `the spares start after 3 s of quiet, not at once (${Math.round(after)} ms)`);
    assert.equal(await page.evaluate(() => window.__workersStarted), 3, 'then the two study workers');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('compare mode: B in a worker of its own trains exactly as A and B in one worker', async () => {
  const one = await compare(1);
  const two = await compare(2);
  assert.equal(one.pool.split, false);
  assert.equal(two.pool.split, true);
  assert.deepEqual(two.share, one.share);
  assert.deepEqual(two.share.shared, [3], 'B built its own A to take the output layer from');
  for (const i of [0, 1]) {
    assert.equal(two.runs[i].history.length, 60);
    assert.deepEqual(two.runs[i].history, one.runs[i].history, `run ${'AB'[i]}: every epoch's figures`);
    assert.deepEqual(two.runs[i].current, one.runs[i].current);
    assert.deepEqual(two.runs[i].surface, one.runs[i].surface);
    assert.equal(two.runs[i].surfaceRes, 100);
  }
});

test('compare mode on a pool: Step, Reset and compare mode off keep B in step', async () => {
  const { page, context, problems } = await openPage(env, 'cmp=1&b.layers=8:relu&epochs=50', { init: cores, initArg: 2 });
  try {
    assert.equal(await page.evaluate(() => window.gradlab.pool.split), true);
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs.join() === '1,1');
    await page.click('#reset');
    await page.waitForFunction(() => window.gradlab.epochs.join() === '0,0' && window.gradlab.ready);
    await page.click('#step');
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs.join() === '2,2');
    await page.uncheck('#cmp');
    await page.waitForFunction(() => window.gradlab.epochs.length === 1 && window.gradlab.ready);
    assert.equal(await page.evaluate(() => window.gradlab.pool.split), false);
    await page.check('#cmp');
    await page.waitForFunction(() => window.gradlab.epochs.length === 2 && window.gradlab.ready);
    assert.equal(await page.evaluate(() => window.gradlab.pool.split), true);
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs.join() === '1,1');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a 4×128 net: the surface is computed at a resolution of the grid.js list while training, in full once paused', async () => {
  const { page, context, problems } = await openPage(env, 'layers=128:relu,128:relu,128:relu,128:relu&init=he_uniform&epochs=10000&speed=max');
  try {
    assert.deepEqual(await page.evaluate(() => window.gradlab.surfaceRes), [100]);
    await page.evaluate(() => {
      window.__res = new Set();
      const poll = () => { window.__res.add(window.gradlab.surfaceRes[0]); if (window.gradlab.playing) requestAnimationFrame(poll); };
      document.getElementById('play').click();
      requestAnimationFrame(poll);
    });
    await page.waitForFunction(() => window.gradlab.epochs[0] >= 20, null, { timeout: 120000 });
    await page.click('#play'); // pause
    await page.waitForFunction(() => !window.gradlab.playing && window.gradlab.surfaceRes[0] === 100, null, { timeout: 60000 });
    const seen = await page.evaluate(() => [...window.__res]);
    assert.ok(seen.every((r) => [100, 50, 25, 20, 10].includes(r)), `resolutions seen: ${seen}`);
    const run = await page.evaluate(() => window.gradlab.runs[0]);
    assert.equal(run.surface.length, 10000);
    assert.ok(run.surface.every((p) => p >= 0 && p <= 1));
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

async function importInCompare(n, text) {
  const { page, context, problems } = await openPage(env, 'cmp=1&same=1&b.layers=6:relu,5:relu&b.init=he_uniform&epochs=20&speed=max', { init: cores, initArg: n });
  try {
    await page.setInputFiles('#import-model', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => window.gradlab.state.a.layers.length === 2 && window.gradlab.state.a.layers[0].units === 6 && window.gradlab.ready, null, { timeout: 60000 });
    const before = await page.evaluate(() => ({ weights: window.gradlab.weights, share: window.gradlab.initShare, pool: window.gradlab.pool }));
    await page.click('#play');
    await page.waitForFunction(() => window.gradlab.epochs.every((e) => e >= 20) && !window.gradlab.playing, null, { timeout: 120000 });
    const runs = await page.evaluate(() => window.gradlab.runs.map((r) => r.history));
    assert.deepEqual(problems, []);
    return { ...before, runs };
  } finally { await context.close(); }
}

test('compare mode on a pool: an imported model is network A in its worker and B\'s initial weights in the other', async () => {
  const { load } = await import('../../dist/gradlab.js');
  const lab = await load();
  const net = lab.network({ inputs: 2, layers: [{ units: 6, activation: 'tanh' }, { units: 5, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 9 });
  const text = JSON.stringify(net.toJSON());
  net.dispose();
  const one = await importInCompare(1, text);
  const two = await importInCompare(2, text);
  assert.equal(two.pool.split, true);
  assert.deepEqual(two.share.shared, [1, 2, 3], 'B has the imported A\'s shapes in every layer');
  assert.deepEqual(two.weights[1], two.weights[0], 'B starts from the imported weights');
  assert.deepEqual(two.weights, one.weights);
  assert.deepEqual(two.runs, one.runs);
});
