// The tables as the page's data (issue 15): web/experiment.js tableData()
// shuffles a table's rows with the split seed, splits them and standardises
// the features with statistics of the training rows only (z-score, min–max,
// none); here each is checked against a direct computation in float64, the
// surface's plane (netGrid: the other inputs at their training mean; the
// rows' plot coordinates), the share link's table fields and the fallback of
// a link that names a CSV the page does not have.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { load, TABLE_INFO, TABLES, fromCSV, shuffleRows } from '../../dist/gradlab.js';
import { defaultState, toHash, fromHash, dataClasses, dataInputs, tableShape, textSum, fitProblems, networkSpec, tableProblems, tableRefusal } from '../../web/state.js';
import { makeData, loadTable, netGrid, plotPoints, misclassified, trainNet, rawAt } from '../../web/experiment.js';
import { EXTENT } from '../../web/grid.js';
import { parseRun, runRecord, runFileText } from '../../web/run-file.js';
import { MAX_KEPT_CSV_CHARS } from '../../web/state.js';

let lab;
before(async () => { lab = await load(); });

const irisState = (over = {}) => Object.assign(defaultState(), { ds: 'iris', split: 0.6, dseed: 7 }, over);

/** Per column over rows [from, to) of X ([n][d]), in float64: mean, population sd, min, max. */
function stats(X, d, from, to) {
  return Array.from({ length: d }, (_, j) => {
    let m = 0, lo = Infinity, hi = -Infinity;
    for (let i = from; i < to; i++) { const v = X[i * d + j]; m += v; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    m /= to - from;
    let v2 = 0;
    for (let i = from; i < to; i++) v2 += (X[i * d + j] - m) ** 2;
    return { mean: m, sd: Math.sqrt(v2 / (to - from)), lo, hi };
  });
}

for (const std of ['zscore', 'minmax', 'none']) {
  test(`${std}: the page's standardisation uses the training rows only and equals a direct computation`, async () => {
    const st = irisState({ std });
    const table = await loadTable(lab, st);
    const data = makeData(lab, st, table);
    const n = table.y.length, d = table.inputs, ntr = Math.round(n * st.split);
    assert.equal(data.ytr.length, ntr);
    assert.equal(data.yte.length, n - ntr);
    // the rows in the split seed's order (a permutation of the file's: every class on both sides)
    const sh = shuffleRows(table, st.dseed);
    assert.deepEqual([...sh.y].sort(), [...table.y].sort());
    assert.deepEqual([...new Set(data.yte)].sort(), [0, 1, 2], 'the sorted iris file is not split by class');
    const S = stats(sh.X, d, 0, ntr);
    const direct = (v, j) => (std === 'zscore' ? (v - S[j].mean) / S[j].sd : std === 'minmax' ? (v - S[j].lo) / (S[j].hi - S[j].lo) : v);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const got = i < ntr ? data.Xtr[i * d + j] : data.Xte[(i - ntr) * d + j];
        assert.ok(Math.abs(got - direct(sh.X[i * d + j], j)) < 1e-5, `row ${i}, column ${j}: ${got} vs ${direct(sh.X[i * d + j], j)}`);
      }
    }
    // the training rows come out as the kind promises; the test rows are not forced to
    const T = stats(data.Xtr, d, 0, ntr);
    for (const c of T) {
      if (std === 'zscore') { assert.ok(Math.abs(c.mean) < 1e-5); assert.ok(Math.abs(c.sd - 1) < 1e-5); }
      if (std === 'minmax') { assert.ok(Math.abs(c.lo) < 1e-6); assert.ok(Math.abs(c.hi - 1) < 1e-6); }
    }
    // a test row changed beyond recognition changes no statistic: the test rows never inform the scaling
    const t2 = { ...table, X: table.X.slice() };
    const order = shuffleRows({ ...table, X: Float32Array.from({ length: n * d }, (_, k) => Math.floor(k / d)) }, st.dseed).X;
    const lastTestRow = order[(n - 1) * d];
    for (let j = 0; j < d; j++) t2.X[lastTestRow * d + j] = 1e6;
    const data2 = makeData(lab, st, t2);
    assert.deepEqual(Array.from(data2.Xtr), Array.from(data.Xtr));
    assert.deepEqual(Array.from(data2.table.scaling.shift), Array.from(data.table.scaling.shift));
    assert.deepEqual(Array.from(data2.table.scaling.scale), Array.from(data.table.scaling.scale));
  });
}

test('the surface\'s plane: the two chosen inputs across the square, every other at its training mean; the rows\' plot coordinates', async () => {
  const st = irisState({ sx: 2, sy: 3, std: 'minmax' });
  const data = makeData(lab, st, await loadTable(lab, st));
  const d = data.inputs;
  const P = new Float32Array([-EXTENT, -EXTENT, EXTENT, EXTENT, 0, 0]);
  const G = netGrid(P, data);
  const mean = stats(data.Xtr, d, 0, data.ytr.length).map((c) => c.mean);
  for (let i = 0; i < 3; i++) for (const j of [0, 1]) assert.ok(Math.abs(G[i * d + j] - mean[j]) < 1e-6, `input ${j} held at its training mean`);
  // the square's corners: the columns' ranges over all rows, 5% wider a side
  const all = stats(new Float32Array([...data.Xtr, ...data.Xte]), d, 0, data.ytr.length + data.yte.length);
  for (const j of [2, 3]) {
    const w = all[j].hi - all[j].lo;
    const k = j === 2 ? 0 : 1;
    assert.ok(Math.abs(G[k === 0 ? 2 : 3] - (all[j].lo - 0.05 * w)) < 1e-5);
    assert.ok(Math.abs(G[d + (k === 0 ? 2 : 3)] - (all[j].hi + 0.05 * w)) < 1e-5);
  }
  // a row's plot point, taken back through netGrid, gives its own values of the two inputs
  const pts = plotPoints(data.Xte, data);
  const back = netGrid(pts, data);
  for (let i = 0; i < data.yte.length; i++) {
    for (const j of [2, 3]) assert.ok(Math.abs(back[i * d + j] - data.Xte[i * d + j]) < 1e-5);
    assert.ok(Math.abs(pts[2 * i]) <= EXTENT && Math.abs(pts[2 * i + 1]) <= EXTENT);
  }
});

test('the bundled tables\' shapes (TABLE_INFO) are those of the tables; the page\'s data knows them before loading', async () => {
  for (const name of TABLES) {
    const t = await lab.datasets[name]();
    const I = TABLE_INFO[name];
    assert.equal(t.y.length, I.rows, name);
    assert.equal(t.inputs, I.inputs, name);
    assert.equal(t.classes, I.classes, name);
    assert.deepEqual(t.columns, [...I.columns], name);
    const st = Object.assign(defaultState(), { ds: name });
    assert.equal(dataInputs(st), I.inputs);
    assert.equal(dataClasses(st), I.classes);
  }
});

test('a CSV: its shape, classification or regression (fromCSV\'s task auto), the output that fits, the label column', () => {
  const text = 'a,b,c,kind\n1,2,3,x\n4,5,6,y\n7,8,9,z\n1,1,1,x\n';
  const st = Object.assign(defaultState(), { ds: 'csv', table: { name: 'k.csv', sum: textSum(text), text }, csv: 'k.csv', csvsum: textSum(text) });
  assert.deepEqual({ ...tableShape(st) }, { rows: 4, inputs: 3, classes: 3, columns: ['a', 'b', 'c'], label: 'kind', classNames: ['x', 'y', 'z'] });
  fitProblems(st);
  assert.equal(st.a.out, 'softmax_cce', '3 classes: softmax');
  assert.equal(networkSpec(st.a, 1, dataClasses(st), dataInputs(st)).inputs, 3);
  // a real-valued label: regression, a linear output
  const reg = 'x1,x2,y\n1,2,0.5\n2,3,1.25\n3,1,-0.5\n';
  const st2 = Object.assign(defaultState(), { ds: 'csv', table: { name: 'r.csv', sum: textSum(reg), text: reg }, csv: 'r.csv', csvsum: textSum(reg) });
  assert.equal(dataClasses(st2), 0);
  fitProblems(st2);
  assert.equal(st2.a.out, 'linear_mse');
  // another label column: column 3 (c: 3, 6, 9, 1 → classes 0 … 9), the text column then an input: its cell is named
  st.label = 2;
  assert.throws(() => tableShape(st), /row 2, column 4 \("kind"\): "x" is not a number/);
  const num = 'a,b,c\n1,2,0\n4,5,1\n7,8,0\n';
  const st3 = Object.assign(defaultState(), { ds: 'csv', table: { name: 'n.csv', sum: textSum(num), text: num }, csv: 'n.csv', csvsum: textSum(num), label: 0 });
  assert.deepEqual({ ...tableShape(st3), classNames: undefined }, { rows: 3, inputs: 2, classes: 8, columns: ['b', 'c'], label: 'a', classNames: undefined });
});

test('the share link: a bundled table\'s choices round-trip; a CSV is named, never carried; one the page lacks falls back, said', () => {
  const st = irisState({ std: 'minmax', sx: 3, sy: 0, split: 0.7, dseed: 12 });
  fitProblems(st);
  const h = toHash(st);
  assert.match(h, /ds=iris/);
  assert.match(h, /std=minmax/);
  assert.doesNotMatch(h, /label=|csv=/, 'no CSV fields for a bundled table');
  const back = fromHash(h);
  assert.deepEqual(back.errors, []);
  for (const k of ['ds', 'std', 'sx', 'sy', 'split', 'dseed']) assert.equal(back.state[k], st[k], k);
  assert.equal(back.state.a.out, 'softmax_cce');
  // the generated sets' links do not name the table fields
  assert.doesNotMatch(toHash(defaultState()), /std=|sx=|sy=/);
  // a CSV: named by file name and checksum; its text stays out of the link
  const text = 'p,q,r,label\n1,2,3,0\n3,2,1,1\n';
  const table = { name: 'my data.csv', sum: textSum(text), text };
  const cs = Object.assign(defaultState(), { ds: 'csv', table, csv: table.name, csvsum: table.sum, label: -1, sx: 1, sy: 2 });
  const ch = toHash(cs);
  assert.doesNotMatch(ch, /1,2,3/);
  assert.match(ch, /csv=my%20data\.csv/);
  const here = fromHash(ch, { ...defaultState(), table });
  assert.deepEqual(here.errors, []);
  assert.equal(here.state.ds, 'csv');
  assert.equal(here.state.sy, 2);
  const elsewhere = fromHash(ch);
  assert.equal(elsewhere.state.ds, 'circles');
  assert.match(elsewhere.errors.join(' '), /the link names the CSV file "my data\.csv", which is not loaded in this page/);
  // a link naming iris alone: its surface over the petals (the table's start)
  assert.deepEqual([fromHash('ds=iris').state.sx, fromHash('ds=iris').state.sy], [2, 3]);
  // surface inputs beyond the table's columns go back to the first two, said
  const wide = fromHash('ds=iris&sx=9&sy=1');
  assert.equal(wide.state.sx, 0);
  assert.match(wide.errors.join(' '), /the table has 4 feature columns/);
});

test('misclassified(): the first rows whose likeliest class is not the label, and how many there are', () => {
  const p = new Float32Array([0.9, 0.1, 0, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1]);
  const w = misclassified(p, new Float32Array([0, 2, 2, 1]), 1);
  assert.deepEqual([...w.rows], [1]);
  assert.deepEqual([...w.predicted], [1]);
  assert.equal(w.count, 2);
});

test('iris trains as the page trains it: test accuracy over seeds 1 to 5', async () => {
  const st = irisState({ split: 0.5, dseed: 1, epochs: 200 });
  st.a.layers = [{ units: 8, act: 'tanh' }];
  fitProblems(st);
  const data = makeData(lab, st, await loadTable(lab, st));
  const acc = [1, 2, 3, 4, 5].map((seed) => trainNet(lab, st, st.a, seed, st.epochs, data).test.accuracy);
  assert.ok(Math.min(...acc) >= 0.9, `test accuracy over seeds: ${acc.map((a) => a.toFixed(3)).join(' ')}`);
});

test('fromCSV without a lab is lab.datasets.fromCSV', () => {
  const text = '"a","b"\n1,0\n2,1\n';
  assert.deepEqual({ ...fromCSV(text), X: [...fromCSV(text).X] }, { ...lab.datasets.fromCSV(text), X: [...lab.datasets.fromCSV(text).X] });
});

test('a kept run of a CSV carries the file (within MAX_KEPT_CSV_CHARS, else its name and checksum); a changed text is refused', () => {
  const text = 'p,q,label\n1,2,0\n3,4,1\n5,1,0\n';
  const table = { name: 'k.csv', sum: textSum(text), text };
  const st = Object.assign(defaultState(), { ds: 'csv', table, csv: 'k.csv', csvsum: table.sum });
  const live = { history: [], stopped: null, current: null, weights: null };
  const rec = runRecord({ id: 'c1', name: 'csv run', settings: st, net: 'a', live, spec: null });
  const back = parseRun(runFileText(rec));
  assert.deepEqual(back.settings.table, table);
  assert.equal(back.settings.ds, 'csv');
  // the generated sets' runs carry no CSV
  assert.equal(runRecord({ id: 'c2', name: 'x', settings: { ...st, ds: 'moons' }, net: 'a', live, spec: null }).settings.table, null);
  // too long to keep: name and checksum only, and the run still reads
  const long = `p,q,label\n${'1,2,0\n'.repeat(Math.ceil(MAX_KEPT_CSV_CHARS / 6))}`;
  const big = { name: 'big.csv', sum: textSum(long), text: long };
  const recBig = runRecord({ id: 'c3', name: 'big', settings: { ...st, table: big, csv: 'big.csv', csvsum: big.sum }, net: 'a', live, spec: null });
  assert.equal(recBig.settings.table.text, null);
  assert.equal(parseRun(runFileText(recBig)).settings.ds, 'csv');
  // a text that does not match its checksum
  const bad = JSON.parse(runFileText(rec));
  bad.settings.table.text = text.replace('3,4', '3,5');
  assert.throws(() => parseRun(JSON.stringify(bad)), /settings\.table\.text does not match its checksum/);
});

const csvState = (name, text, over = {}) => Object.assign(defaultState(), { ds: 'csv', table: { name, sum: textSum(text), text }, csv: name, csvsum: textSum(text) }, over);

test('one input: a regression or 2-class table is the curve view (x at its plot coordinate, y range over the label); 3 classes are refused', async () => {
  const reg = ['hours,score', ...Array.from({ length: 20 }, (_, i) => `${i / 2},${50.25 + 3 * i}`)].join('\n');
  const st = csvState('h.csv', reg, { split: 0.75, dseed: 3 });
  assert.equal(tableRefusal(tableShape(st)), null);
  assert.deepEqual(tableProblems(st), [], 'a 1-input regression table is taken as it is');
  assert.equal(st.ds, 'csv');
  const data = makeData(lab, st, await loadTable(lab, st));
  assert.equal(data.inputs, 1);
  // the y range: the (z-scored) label over every row, widened by 8 % a side
  const y = [...data.ytr, ...data.yte], lo = Math.min(...y), hi = Math.max(...y), w = hi - lo;
  assert.ok(Math.abs(data.table.yRange[0] - (lo - 0.08 * w)) < 1e-6 && Math.abs(data.table.yRange[1] - (hi + 0.08 * w)) < 1e-6, `${data.table.yRange}`);
  // the rows' x in plot coordinates: one per row, the smallest and largest hours 5 % inside the ends
  const P = plotPoints(data.Xtr, data);
  assert.equal(P.length, data.ytr.length);
  const all = [...plotPoints(data.Xtr, data), ...plotPoints(data.Xte, data)];
  assert.ok(Math.abs(Math.min(...all) - (-EXTENT + 2 * EXTENT * 0.05 / 1.1)) < 1e-5 && Math.abs(Math.max(...all) - (EXTENT - 2 * EXTENT * 0.05 / 1.1)) < 1e-5);
  // the curve's x values back to the networks' units: netGrid inverts plotPoints
  const back = netGrid(P, data);
  assert.equal(back.length, P.length);
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(back[i] - data.Xtr[i]) < 1e-5);
  // the axis in hours: the plot's ends are 0 and 9.5 widened by 5 %
  assert.ok(Math.abs(rawAt(data.table, 0, -EXTENT) - (0 - 0.475)) < 1e-4 && Math.abs(rawAt(data.table, 0, EXTENT) - (9.5 + 0.475)) < 1e-4);

  const two = ['hours,passed', ...Array.from({ length: 20 }, (_, i) => `${i},${i < 10 ? 'no' : 'yes'}`)].join('\n');
  const st2 = csvState('p.csv', two);
  assert.equal(tableRefusal(tableShape(st2)), null);
  const d2 = makeData(lab, st2, await loadTable(lab, st2));
  assert.deepEqual([d2.classes, d2.inputs], [2, 1]);
  assert.deepEqual(d2.table.yRange.map((v) => Math.round(v * 100) / 100), [-0.08, 1.08], 'y: P(class 1), the rows at 0 and 1');

  const three = 'hours,grade\n1,a\n2,b\n3,c\n4,a\n';
  const st3 = csvState('g.csv', three);
  assert.match(tableRefusal(tableShape(st3)), /^has 1 input column and 3 classes \(a, b, c\) in its label "grade"; with one input the page draws one curve/);
  // a link or kept run naming such a file: the default data, said
  const msgs = tableProblems(st3);
  assert.equal(st3.ds, defaultState().ds);
  assert.match(msgs.join(), /dataset: the table has 1 input column and 3 classes.*: the default data is shown instead/);
  // two or more inputs with 3 classes: taken
  assert.equal(tableRefusal({ inputs: 2, classes: 3 }), null);
});
