// Tables as the page's data (issue 15): the bundled iris table trains from the
// data menu; a CSV uploaded or pasted (header, quoted fields, 2 and 3+ classes,
// more than 2 inputs) trains and the line under the surface names the inputs
// held at their mean; every bad file gets fromCSV()'s message (row, column)
// next to the upload field and leaves the settings, the data and a running
// training as they were; a 1-input table (regression, 2 classes) in the curve
// view, 3 classes refused; the label column choice; the share link of a bundled
// table's choices; the digits' misclassified images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, openPage, waitIdle } from './helpers/harness.js';

let env, dir;
before(async () => { env = await startBrowser(); dir = mkdtempSync(join(tmpdir(), 'gradlab-csv-')); });
after(async () => { if (env) await env.close(); if (dir) rmSync(dir, { recursive: true, force: true }); });

const G = (page, expr, arg) => page.evaluate(expr, arg);
const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** Upload `file` ({ name, mimeType, buffer } or a path) through "Your CSV…". */
async function upload(page, file) {
  if (await page.locator('#csv-box').isHidden()) await page.selectOption('#ds', 'csv');
  await page.setInputFiles('#csv-file', file);
}

/** Two blobs of 3 inputs, 2 classes, with a header of quoted names and quoted fields. */
function twoClassCsv(n = 120) {
  const rows = ['"size (cm)","weight, kg",height,"class"'];
  for (let i = 0; i < n; i++) {
    const c = i % 2, s = (k) => (c ? 1 : -1) + 0.3 * Math.sin(i * 1.7 + k * 2.3);
    rows.push(`${s(0).toFixed(3)},"${s(1).toFixed(3)}",${s(2).toFixed(3)},${c}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Three classes named by text, 5 inputs, sorted by class (the split must shuffle). */
function threeClassCsv(n = 150) {
  const rows = ['f1,f2,f3,f4,f5,species'];
  for (let c = 0; c < 3; c++) for (let i = 0; i < n / 3; i++) {
    const v = (k) => (2 * c + 0.4 * Math.cos(i * 0.9 + k * 1.3 + c)).toFixed(3);
    rows.push(`${v(0)},${v(1)},${v(2)},${v(3)},${v(4)},${['red', 'green', 'blue'][c]}`);
  }
  return rows.join('\n');
}

test('iris from the data menu trains to at least 0.9 test accuracy; the surface line names the held inputs', async () => {
  const { page, context, problems } = await openPage(env, 'layers=8:tanh&opt=adam&lr=0.03&epochs=150&speed=max');
  try {
    await page.selectOption('#ds', 'iris');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 4 && window.gradlab.ready, null, { timeout: 30000 });
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 3);
    assert.equal(d.ytr.length + d.yte.length, 150);
    assert.deepEqual([...new Set(d.yte)].sort(), [0, 1, 2], 'the sorted file is split after a shuffle: every class is tested');
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'softmax_cce');
    assert.equal(await page.locator('#plane-a').textContent(),
      'Surface over petal length (cm) × petal width (cm); the other 2 inputs held at their mean over the training rows.');
    assert.match(await page.locator('#axis-x-a .axis-name').textContent(), /petal length/);
    assert.ok(await page.locator('#n').isHidden(), 'the generated sets\' fields are hidden');
    await page.click('#play');
    await waitIdle(page, 240000);
    const r = await G(page, () => window.gradlab.runs[0]);
    assert.equal(r.epoch, 150);
    assert.ok(r.current.valAccuracy >= 0.9, `iris test accuracy ${r.current.valAccuracy}`);
    assert.equal((await G(page, () => window.gradlab.confusion[0])).classes, 3);
    // over seeds: Try 10 seeds trains the same table in the study's workers
    await page.click('#study');
    await page.waitForFunction(() => window.gradlab.study && window.gradlab.study.length === 10, null, { timeout: 300000 });
    const acc = (await G(page, () => window.gradlab.study)).map((x) => x.testAccuracy);
    assert.ok(Math.min(...acc) >= 0.9, `iris over 10 seeds: ${acc.map((a) => a.toFixed(2)).join(' ')}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('an uploaded CSV (quoted header and fields, CRLF, 2 classes, 3 inputs) trains; another with 3 text classes and 5 inputs', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=30&speed=max');
  try {
    await upload(page, csvFile('blobs.csv', twoClassCsv()));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 3, null, { timeout: 30000 });
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.ds, 'csv');
    assert.equal(st.csv, 'blobs.csv');
    assert.equal(await page.locator('#csv-error').isHidden(), true);
    assert.equal(await page.locator('#plane-a').textContent(),
      'Surface over size (cm) × weight, kg; the other 1 input held at its mean over the training rows.');
    await page.waitForFunction(() => window.gradlab.ready, null, { timeout: 30000 });
    await page.click('#play');
    await waitIdle(page, 120000);
    const r = await G(page, () => window.gradlab.runs[0]);
    assert.equal(r.epoch, 30);
    assert.ok(r.current.valAccuracy > 0.9, `two blobs: ${r.current.valAccuracy}`);
    assert.match(location(await page.url()), /csv=blobs\.csv&csvsum=[0-9a-f]{8}/, 'the link names the file');

    await upload(page, csvFile('three.csv', threeClassCsv()));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 5 && window.gradlab.ready, null, { timeout: 30000 });
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 3);
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'softmax_cce', '3 classes: softmax');
    assert.match(await page.locator('#plane-a').textContent(), /^Surface over f1 × f2; the other 3 inputs held at their mean/);
    assert.match(await page.locator('#key-a').textContent(), /red.*green.*blue/, 'the key names the classes');
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs[0] === 1, null, { timeout: 30000 });
    // the surface over other inputs: the same run goes on
    await page.selectOption('#sy', '4');
    await page.waitForFunction(() => window.gradlab.data.table.sy === 4, null, { timeout: 30000 });
    assert.match(await page.locator('#plane-a').textContent(), /^Surface over f1 × f5/);
    assert.equal((await G(page, () => window.gradlab.epochs))[0], 1, 'changing the surface\'s inputs keeps the run');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

const location = (u) => decodeURIComponent(new URL(u).hash);

test('pasted text works; the label column can be another one', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=20&speed=max');
  try {
    await page.selectOption('#ds', 'csv');
    await page.click('#csv-paste-box summary');
    // the label first: column 1 holds the class, columns 2-4 the inputs
    const text = ['label,a,b,c', ...Array.from({ length: 60 }, (_, i) => `${i % 2},${(i % 2) * 2 + Math.sin(i)},${Math.cos(i)},${i % 7}`)].join('\n');
    await page.fill('#csv-text', text);
    await page.click('#csv-use');
    // the worker's data of the pasted table (the page's settings change first)
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.table && window.gradlab.data.table.columns[0] === 'label', null, { timeout: 30000 });
    // by default the last column (c: 0 … 6) is the label: 7 classes
    assert.equal((await G(page, () => window.gradlab.data)).classes, 7);
    await page.selectOption('#label-col', '0');
    await page.waitForFunction(() => window.gradlab.data.classes === 2 && window.gradlab.data.inputs === 3, null, { timeout: 30000 });
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.label, 0);
    assert.deepEqual((await G(page, () => window.gradlab.data)).table.columns, ['a', 'b', 'c']);
    assert.match(location(await page.url()), /label=0/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a CSV with a real-valued label is a regression: a linear output, the label standardised, the mse falls', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=40&speed=max');
  try {
    // price = 1000 + 300·rooms − 20·age + noise: a label in thousands
    const rows = ['rooms,age,garden,price', ...Array.from({ length: 120 }, (_, i) => {
      const rooms = 1 + (i % 6), age = (i * 7) % 50, garden = i % 3;
      return `${rooms},${age},${garden},${(1000 + 300 * rooms - 20 * age + 15 * Math.sin(i)).toFixed(1)}`;
    })];
    await upload(page, csvFile('houses.csv', rows.join('\n')));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 3 && window.gradlab.ready, null, { timeout: 30000 });
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 0);
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'linear_mse');
    assert.ok(Math.abs(d.ytr.reduce((a, b) => a + b, 0) / d.ytr.length) < 1e-4, 'the label is z-scored over the training rows');
    assert.match(await page.locator('#table-about').textContent(), /a value to predict \(price: regression; the label is z-scored like the inputs/);
    await page.click('#play');
    await waitIdle(page, 120000);
    const h = (await G(page, () => window.gradlab.runs[0])).history;
    assert.equal(h.length, 40);
    assert.ok(h.at(-1).loss < 0.2 * h[0].loss, `mse ${h[0].loss} → ${h.at(-1).loss}`);
    assert.ok(h.at(-1).valR2 > 0.8, `test R² ${h.at(-1).valR2}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a kept run of a CSV carries the file: after a reload (the link alone cannot bring it back) Open restores it', async () => {
  const { page, context, problems } = await openPage(env, 'epochs=8&speed=max');
  try {
    await upload(page, csvFile('three.csv', threeClassCsv()));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 5 && window.gradlab.ready, null, { timeout: 30000 });
    await page.click('#play');
    await waitIdle(page, 120000);
    await page.waitForFunction(() => window.gradlab.kept.runs.length === 1 && window.gradlab.kept.runs[0].epochs === 8, null, { timeout: 30000 });
    await G(page, () => window.gradlab.flushRuns());
    const done = await G(page, () => ({ weights: window.gradlab.weights[0], data: window.gradlab.data }));
    await page.reload();
    await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: 30000 });
    assert.equal((await G(page, () => window.gradlab.state)).ds, 'circles', 'the link names a file this fresh page does not have');
    assert.match(await page.locator('#messages').textContent(), /names the CSV file "three\.csv", which is not loaded in this page/);
    await page.locator('#run-list li').nth(0).getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(() => window.gradlab.ready && window.gradlab.state.ds === 'csv' && window.gradlab.epochs[0] === 8 && window.gradlab.data.inputs === 5, null, { timeout: 30000 });
    assert.deepEqual(await G(page, () => window.gradlab.weights[0]), done.weights, 'the kept weights');
    assert.deepEqual(await G(page, () => window.gradlab.data), done.data, 'the same rows, split and scaling');
    assert.match(await page.locator('#csv-name').textContent(), /in use: three\.csv/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

/** One input: hours studied → a score (a line plus a wiggle), or passed (no / yes) split at 5 hours. */
const hoursCsv = (label) => ['hours,' + (label === 'score' ? 'score' : 'passed'), ...Array.from({ length: 80 }, (_, i) => {
  const h = (i * 37) % 80 / 8; // 0 … 9.875, shuffled
  return `${h.toFixed(3)},${label === 'score' ? (40 + 5 * h + 3 * Math.sin(i)).toFixed(1) : h < 5 ? 'no' : 'yes'}`;
})].join('\n');

test('a 1-input CSV with a real-valued label trains in the curve view; the mse falls', async () => {
  const { page, context, problems } = await openPage(env, 'layers=6:tanh&opt=adam&lr=0.03&epochs=60&speed=max');
  try {
    await upload(page, csvFile('hours.csv', hoursCsv('score')));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 1 && window.gradlab.ready, null, { timeout: 30000 });
    assert.equal(await page.locator('#csv-error').isHidden(), true);
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 0);
    assert.equal((await G(page, () => window.gradlab.state)).a.out, 'linear_mse');
    assert.ok(d.table.yRange[0] < Math.min(...d.ytr) && d.table.yRange[1] > Math.max(...d.ytr), 'the y range covers the label');
    assert.ok(await page.locator('#plane-fields').isHidden(), 'no plane to choose');
    assert.match(await page.locator('#plane-a').textContent(), /^Curve view: hours across \(the file's units\); score up, z-scored/);
    assert.equal(await page.locator('#axis-x-a .axis-name').textContent(), 'hours');
    assert.equal(await page.locator('#axis-y-a .axis-name').textContent(), 'score (z-scored)');
    assert.match(await page.locator('#key-a').textContent(), /red line: the network.s prediction/);
    assert.equal(await page.locator('#key-a .curve-key').textContent(), 'traintestprediction', 'no points are added to a table');
    await page.click('#play');
    await waitIdle(page, 120000);
    const r = await G(page, () => window.gradlab.runs[0]);
    assert.equal(r.surface.length, 100, 'the curve: one value per x');
    assert.ok(r.history.at(-1).loss < 0.1 * r.history[0].loss, `mse ${r.history[0].loss} → ${r.history.at(-1).loss}`);
    assert.ok(r.history.at(-1).valR2 > 0.9, `test R² ${r.history.at(-1).valR2}`);
    // the charts as PNG: the curve with the table's axes, R² (not accuracy) for a regression
    await page.click('summary:has-text("Export")');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    assert.equal(dl.suggestedFilename(), 'gradlab-charts.png');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a 1-input CSV with 2 classes trains to test accuracy ≥ 0.95: P(yes) over hours', async () => {
  const { page, context, problems } = await openPage(env, 'layers=4:tanh&opt=adam&lr=0.05&epochs=150&speed=max');
  try {
    await upload(page, csvFile('passed.csv', hoursCsv('passed')));
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 1 && window.gradlab.ready, null, { timeout: 30000 });
    const d = await G(page, () => window.gradlab.data);
    assert.equal(d.classes, 2);
    assert.deepEqual(d.table.classNames, ['no', 'yes']);
    assert.equal(await page.locator('#axis-y-a .axis-name').textContent(), 'P(yes)');
    assert.match(await page.locator('#key-a').textContent(), /no at 0 and yes at 1.*red line: the network.s P\(yes\) at each x/);
    await page.click('#play');
    await waitIdle(page, 120000);
    const r = await G(page, () => window.gradlab.runs[0]);
    assert.equal(r.epoch, 150);
    assert.ok(r.current.valAccuracy >= 0.95, `test accuracy ${r.current.valAccuracy}`);
    // the curve is P(yes): low at few hours, high at many
    assert.equal(r.surface.length, 100);
    assert.ok(r.surface.every((p) => p >= 0 && p <= 1));
    assert.ok(r.surface[5] < 0.2 && r.surface[94] > 0.8, `P(yes) ${r.surface[5]} … ${r.surface[94]}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

// Each bad file: [name, content, the message's pattern]
const BAD = [
  ['a non-numeric cell', 'a,b,label\n1,2,0\n3,x,1\n', /row 3, column 2 \("b"\): "x" is not a number/],
  ['ragged rows', 'a,b,label\n1,2,0\n3,1\n', /row 3 has 2 cells; the header has 3/],
  ['an empty file', '', /the file is empty/],
  ['a file over the row limit', `a,b,label\n${'1,2,0\n'.repeat(100001)}`, /100001 data rows, above the limit of 100000/],
  ['a label with too many classes', `a,b,label\n${Array.from({ length: 65 }, (_, i) => `1,2,k${i}`).join('\n')}\n`, /65 classes, above the limit of 64/],
  ['NaN', 'a,b,label\n1,2,0\nNaN,1,1\n', /row 3, column 1 \("a"\): "NaN" is not a finite number/],
  ['inf', 'a,b,label\n1,2,0\n1,-inf,1\n', /row 3, column 2 \("b"\): "-inf" is not a finite number/],
  ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]), /not a text file \(byte 5 is a NUL byte\)/],
  ['one input column and 3 classes', 'hours,grade\n1,a\n2,b\n3,c\n4,a\n', /it has 1 input column and 3 classes \(a, b, c\) in its label "grade"; with one input the page draws one curve, P\(class 1\) over that input, which can show 2 classes only/],
];

test('every bad file gets its message by row and column next to the upload field; settings, data and training stay', async () => {
  const { page, context, problems } = await openPage(env, 'ds=moons&epochs=10000&speed=20');
  try {
    await page.click('#play');
    const before = await G(page, () => ({ state: window.gradlab.state, data: window.gradlab.data, hash: location.hash }));
    for (const [what, content, re] of BAD) {
      const e0 = (await G(page, () => window.gradlab.epochs))[0];
      await upload(page, { name: `${what}.csv`, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
      await page.waitForFunction(() => !document.getElementById('csv-error').hidden, null, { timeout: 30000 });
      const msg = await page.locator('#csv-error').textContent();
      assert.match(msg, re, what);
      assert.match(msg, /Nothing was changed/, what);
      const now = await G(page, () => ({ state: window.gradlab.state, data: window.gradlab.data, hash: location.hash, playing: window.gradlab.playing }));
      assert.deepEqual(now.state, before.state, `${what}: the settings are unchanged`);
      assert.deepEqual(now.data, before.data, `${what}: the data are unchanged`);
      assert.equal(now.hash, before.hash, what);
      assert.equal(now.playing, true, `${what}: training goes on`);
      await page.waitForFunction((e) => window.gradlab.epochs[0] > e, e0, { timeout: 30000 });
      await page.evaluate(() => { document.getElementById('csv-error').hidden = true; });
    }
    // a file too large to read is refused by its size, unread
    const big = join(dir, 'big.csv');
    const fd = openSync(big, 'w'); ftruncateSync(fd, (1 << 26) + 1); closeSync(fd);
    await upload(page, big);
    await page.waitForFunction(() => !document.getElementById('csv-error').hidden, null, { timeout: 30000 });
    assert.match(await page.locator('#csv-error').textContent(), /too large to read/);
    assert.deepEqual(await G(page, () => window.gradlab.state), before.state);
    assert.deepEqual(await page.locator('#messages .message.error').allTextContents(), [], 'no page-wide error');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the share link carries a bundled table\'s choices; a link naming a CSV the page lacks falls back and says so', async () => {
  const { page, context, problems } = await openPage(env, '');
  try {
    await page.selectOption('#ds', 'breastCancer');
    await page.waitForFunction(() => window.gradlab.data && window.gradlab.data.inputs === 30, null, { timeout: 30000 });
    await page.selectOption('#std', 'minmax');
    await page.waitForFunction(() => window.gradlab.data.table.scaling.kind === 'minmax', null, { timeout: 30000 });
    await page.selectOption('#sx', '7');
    await page.selectOption('#sy', '21');
    await page.waitForFunction(() => window.gradlab.data.table.sy === 21, null, { timeout: 30000 });
    const st = await G(page, () => window.gradlab.state);
    assert.equal(st.a.out, 'sigmoid_bce', '2 classes: a sigmoid output');
    const hash = await G(page, () => location.hash.slice(1));
    const other = await openPage(env, hash);
    try {
      const st2 = await G(other.page, () => window.gradlab.state);
      for (const k of ['ds', 'std', 'sx', 'sy', 'split', 'dseed']) assert.equal(st2[k], st[k], k);
      assert.match(await other.page.locator('#plane-a').textContent(), /^Surface over mean concave points × worst texture; the other 28 inputs/);
      assert.deepEqual(other.problems, []);
    } finally { await other.context.close(); }
    const lost = await openPage(env, 'ds=csv&csv=class%20data.csv&csvsum=0123abcd');
    try {
      assert.equal((await G(lost.page, () => window.gradlab.state)).ds, 'circles');
      assert.match((await lost.page.locator('#messages').textContent()), /names the CSV file "class data\.csv", which is not loaded in this page/);
    } finally { await lost.context.close(); }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the digits preset: a compare run on 64 inputs; misclassified test digits as 8×8 images with true and predicted digit', async () => {
  const { page, context, problems } = await openPage(env, 'preset=digits-vanishing&speed=max', { readyTimeout: 60000 });
  try {
    assert.equal((await G(page, () => window.gradlab.data)).inputs, 64);
    await page.click('#step');
    await page.waitForFunction(() => window.gradlab.epochs.every((e) => e === 1) && window.gradlab.wrong.every((w) => w), null, { timeout: 60000 });
    assert.ok(await page.locator('#digits-box').isVisible());
    const w = await G(page, () => window.gradlab.wrong);
    const yte = (await G(page, () => window.gradlab.data)).yte;
    for (const [i, run] of w.entries()) {
      assert.ok(run.rows.length <= 12 && run.rows.length === Math.min(12, run.count), `run ${i}`);
      run.rows.forEach((r, k) => assert.notEqual(run.predicted[k], yte[r], 'each one is wrong'));
    }
    const caps = await page.locator('#digits-wrong figure.digit figcaption').allTextContents();
    assert.equal(caps.length, w[0].rows.length + w[1].rows.length);
    assert.equal(caps[0], `${yte[w[0].rows[0]]} → ${w[0].predicted[0]}`);
    // the first image is the row's pixels (0 … 16, white to black)
    assert.equal(await page.locator('#digits-wrong canvas').first().evaluate((c) => `${c.width}×${c.height}`), '8×8');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
