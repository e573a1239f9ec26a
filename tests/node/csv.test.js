// lab.datasets.fromCSV (src/js/csv.js) and the bundled tables (src/data/,
// src/js/realdata.js): the parser's formats and its errors, each naming the
// row and column; the tables' shapes, checksums, and equality with the copies
// of Debian's python3-sklearn (make test installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { load, limits } from '../../dist/gradlab.js';

const lab = await load();
const csv = (t, o) => lab.datasets.fromCSV(t, o);

test('fromCSV: header, quoted fields, CRLF, a BOM, a trailing newline, text labels', () => {
  const t = csv('\uFEFFx1,"x 2, in cm",class\r\n1, 2 ,setosa\r\n"3","4e-1","virginica"\r\n-5,.5,setosa\r\n\r\n');
  assert.deepEqual(Array.from(t.X), [1, 2, 3, Math.fround(0.4), -5, 0.5]);
  assert.deepEqual(Array.from(t.y), [0, 1, 0]);
  assert.equal(t.inputs, 2);
  assert.equal(t.classes, 2);
  assert.deepEqual(t.columns, ['x1', 'x 2, in cm']);
  assert.equal(t.label, 'class');
  assert.deepEqual(t.classNames, ['setosa', 'virginica']);
  // no header, LF, no trailing newline; numeric class indices
  const u = csv('0.5,1,2\n1.5,0,0\n2,1,1');
  assert.deepEqual(Array.from(u.y), [2, 0, 1]);
  assert.equal(u.classes, 3);
  assert.deepEqual(u.columns, ['column 1', 'column 2']);
  // CR only, and a quoted cell with a line break and "" inside
  const v = csv('a,b,"la\nbel ""q"""\r1,2,3\r4,5,6');
  assert.equal(v.label, 'la\nbel "q"');
  assert.deepEqual(Array.from(v.y), [3, 6]);
  // the label column chosen by name or index; regression
  const w = csv('y,a,b\n1.5,1,2\n2.25,3,4\n', { label: 'y' });
  assert.equal(w.classes, 0, 'a numeric label with fractions: regression');
  assert.deepEqual(Array.from(w.y), [1.5, 2.25]);
  assert.deepEqual(Array.from(w.X), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(csv('y,a\n1,1\n0,3\n', { label: 0, task: 'regression' }).y), [1, 0]);
  assert.deepEqual(Array.from(csv('a;b\n1;0\n2;1\n', { separator: ';' }).y), [0, 1]);
});

test('fromCSV: every bad file gets an Error naming the row and column', () => {
  const bad = [
    ['', /the file is empty/],
    ['\r\n\n', /the file is empty/],
    ['a,b,c\n', /a header but no data rows/],
    ['a,b,c\n1,2,0\n3,x,1\n', /row 3, column 2 \("b"\): "x" is not a number/],
    ['a,b,c\n1,2,0\n3,4\n', /row 3 has 2 cells; the header has 3/],
    ['1,2,0\n3,4,1,7\n', /row 2 has 4 cells; row 1 has 3/],
    ['a,b,c\n1,NaN,0\n', /row 2, column 2 \("b"\): "NaN" is not a finite number/],
    ['a,b,c\n1,inf,0\n', /row 2, column 2 \("b"\): "inf" is not a finite number/],
    ['a,b,c\n1,1e39,0\n', /row 2, column 2 \("b"\): 1e39 is beyond the float32 range/],
    ['a,b,c\n1,,0\n', /row 2, column 2 \("b"\): the cell is empty/],
    ['a,b,c\n1,2,"0\n', /line 2: a quoted cell is not closed/],
    ['a,b\n1,0\n1,0\n', /has only one class/],
    ['a,y\n' + Array.from({ length: 70 }, (_, i) => `1,c${i}`).join('\n'), /has 70 classes, above the limit of 64/],
    ['a,y\n1,0.5\n2,1\n', /the label "0.5" is not a class index/, { task: 'classification' }],
    ['a\n1\n2\n', /a table needs at least one feature and a label/],
    ['a,b\n1,0\n2,1\n', /label: no column named "z"/, { label: 'z' }],
    ['a,b\n1,0\n2,1\n', /label must be in 0 … 1, got 5/, { label: 5 }],
    [42, /text must be a string/],
    ['a,b\n1,0\n', /unknown field 'labels'/, { labels: 'b' }],
  ];
  for (const [text, re, opts] of bad) assert.throws(() => csv(text, opts), re, JSON.stringify(text).slice(0, 60));
  // limits: rows and columns
  const wide = `${Array.from({ length: limits.maxCsvColumns + 1 }, (_, i) => `c${i}`).join(',')}\n`;
  assert.throws(() => csv(wide), new RegExp(`row 1 has ${limits.maxCsvColumns + 1} columns, above the limit of ${limits.maxCsvColumns}`));
  const long = `a,b\n${'1,0\n'.repeat(limits.maxCsvRows + 1)}`;
  assert.throws(() => csv(long), new RegExp(`${limits.maxCsvRows + 1} data rows, above the limit of ${limits.maxCsvRows}`));
});

const sha = (t) => createHash('sha256').update(Buffer.from(t.X.buffer)).update(Buffer.from(t.y.buffer)).digest('hex').slice(0, 16);

test('the bundled tables: shapes, classes, column names and checksums', async () => {
  const want = {
    iris: { n: 150, inputs: 4, classes: 3, first: [5.1, 3.5, 1.4, 0.2] },
    breastCancer: { n: 569, inputs: 30, classes: 2, first: [17.99, 10.38, 122.8, 1001] },
    digits: { n: 1797, inputs: 64, classes: 10, first: [0, 0, 5, 13] },
  };
  const got = {};
  for (const [name, w] of Object.entries(want)) {
    const t = await lab.datasets[name]();
    assert.equal(t.y.length, w.n, name);
    assert.equal(t.X.length, w.n * w.inputs, name);
    assert.equal(t.inputs, w.inputs);
    assert.equal(t.classes, w.classes);
    assert.equal(t.columns.length, w.inputs);
    assert.equal(t.classNames.length, w.classes);
    assert.deepEqual(Array.from(t.X.slice(0, 4)), w.first.map(Math.fround), name);
    for (let c = 0; c < w.classes; c++) assert.ok(t.y.includes(c), `${name}: class ${c} occurs`);
    got[name] = sha(t);
  }
  // checksums of the float32 X and y bytes: a changed file or decoder fails here
  assert.deepEqual(got, CHECKSUMS);
});

test('the bundled tables equal the copies python3-sklearn ships, value for value', async () => {
  const py = `
import json, sys
from sklearn.datasets import load_iris, load_breast_cancer, load_digits
out = {}
for name, f in (("iris", load_iris), ("breastCancer", load_breast_cancer), ("digits", load_digits)):
    d = f()
    out[name] = {"X": d.data.astype("float32").ravel().tolist(), "y": d.target.tolist()}
json.dump(out, sys.stdout)
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `python3 with sklearn (make test installs python3-sklearn): ${r.stderr}`);
  const ref = JSON.parse(r.stdout);
  for (const name of ['iris', 'breastCancer', 'digits']) {
    const t = await lab.datasets[name]();
    assert.deepEqual(Array.from(t.X), ref[name].X, `${name}: X`);
    assert.deepEqual(Array.from(t.y), ref[name].y, `${name}: y`);
  }
});

// from this repository's copies at the commit that added them; equal to sklearn's (test above)
const CHECKSUMS = { iris: '464a8f3fe944c441', breastCancer: '098829dcdd4d2399', digits: 'a58a65cef2c62030' };

test('a bundled table trains: iris reaches 0.9 test accuracy with a small softmax net', async () => {
  const t = await lab.datasets.iris();
  // shuffle deterministically (the file is sorted by class), standardise, split
  const order = Array.from({ length: 150 }, (_, i) => i).sort((a, b) => ((a * 7919) % 151) - ((b * 7919) % 151));
  const X = new Float32Array(600);
  const y = new Float32Array(150);
  const mean = [0, 1, 2, 3].map((j) => order.reduce((s, i) => s + t.X[i * 4 + j], 0) / 150);
  order.forEach((i, k) => { for (let j = 0; j < 4; j++) X[k * 4 + j] = t.X[i * 4 + j] - mean[j]; y[k] = t.y[i]; });
  const { train, test: te } = lab.datasets.split({ X, y }, 0.7);
  const net = lab.network({ inputs: 4, loss: 'categorical_crossentropy', seed: 1, layers: [
    { units: 16, activation: 'relu', init: 'he_uniform' }, { units: 3, activation: 'softmax' }] });
  net.train(train.X, train.y, { epochs: 200, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } });
  const { accuracy } = net.evaluate(te.X, te.y);
  net.dispose();
  assert.ok(accuracy >= 0.9, `iris test accuracy ${accuracy}`);
});
