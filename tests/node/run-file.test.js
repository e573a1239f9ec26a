// The run file of the page's kept runs (web/run-file.js): a run round-trips
// through its file (NaN and infinities included), and every bad or foreign
// field is refused with a message that names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultState, networkSpec } from '../../web/state.js';
import { parseRun, runRecord, runFile, runFileText, RunFileError, MAX_RUN_CHARS } from '../../web/run-file.js';
import { seedBands } from '../../dist/gradlab.js';

function liveRun(epochs = 3, layers = 3) {
  const history = Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1, loss: 0.7 - i * 0.01, accuracy: 0.5 + i * 0.01, valLoss: i === 0 ? null : 0.71, valAccuracy: 0.5,
    layers: Array.from({ length: layers }, (_, l) => ({ gradMeanAbs: 10 ** -(l + 1), gradNorm: 0.1, deadFraction: 0 })),
  }));
  history[epochs - 1].loss = NaN;
  history[epochs - 1].layers[0].gradNorm = Infinity;
  const st = defaultState();
  const weights = [[2, st.a.layers[0].units]];
  for (let l = 1; l < st.a.layers.length; l++) weights.push([st.a.layers[l - 1].units, st.a.layers[l].units]);
  weights.push([st.a.layers[st.a.layers.length - 1].units, 1]);
  return {
    st,
    live: {
      history, stopped: { epoch: epochs, reason: 'diverged', message: 'loss became NaN' },
      current: { loss: 0.6, accuracy: 0.8, valLoss: 0.65, valAccuracy: 0.75 },
      weights: weights.map(([i, o]) => ({ kernel: new Float32Array(i * o).fill(0.5), bias: new Float32Array(o) })),
    },
  };
}

function record() {
  const { st, live } = liveRun(3, defaultState().a.layers.length + 1);
  return runRecord({ id: 'x1', name: 'a run', date: '2026-12-06T21:00:00.000Z', settings: st, net: 'a', live, spec: networkSpec(st.a, st.seed) });
}

test('a run round-trips through its file, NaN and infinity included', () => {
  const rec = record();
  const text = runFileText(rec);
  const back = parseRun(text);
  assert.equal(back.name, 'a run');
  assert.ok(Number.isNaN(back.history[2].loss));
  assert.equal(back.history[2].layers[0].gradNorm, Infinity);
  assert.equal(back.history[0].valLoss, null);
  assert.deepEqual(back.accuracy, { train: 0.8, test: 0.75 });
  assert.equal(back.model.weights.length, rec.model.weights.length);
  assert.equal(runFileText(back), text, 'export → import → export gives the same text');
  assert.equal(back.id, undefined, 'the file carries no browser id');
  // a stored record (with id and pin) reads back too
  assert.equal(parseRun({ ...rec, pinned: true }).id, 'x1');
});

/** The bands of a study over two made-up seeds' histories (seedBands, as the page keeps them). */
function studyBands(layers, epochs = 3) {
  const h = (k) => Array.from({ length: epochs }, (_, e) => ({ loss: k + e, accuracy: 0.5, valLoss: e ? k : NaN, valAccuracy: null,
    layers: Array.from({ length: layers }, (_, l) => ({ gradMeanAbs: l === 0 && e === 2 ? Infinity : 10 ** -(l + k) })) }));
  return seedBands([h(1), h(2)]);
}

test('a study record can be stored and read, its bands included', () => {
  const base = record();
  const bands = [studyBands(base.settings.a.layers.length + 1)];
  const rec = { ...base, kind: 'study', study: { results: [{ seed: 1, run: 0, testAccuracy: 0.9, stopped: null }, { seed: 2, run: 0, testAccuracy: NaN, stopped: { epoch: 3, reason: 'diverged' } }], bands } };
  const text = runFileText(rec);
  const back = parseRun(text);
  assert.equal(back.kind, 'study');
  assert.equal(back.study.results.length, 2);
  assert.ok(Number.isNaN(back.study.results[1].testAccuracy));
  assert.deepEqual(back.study.bands, bands, 'the bands as seedBands gave them (Infinity, null and all)');
  assert.equal(runFileText(back), text);
  const f = JSON.parse(text);
  const bad = (fn) => { const g = structuredClone(f); fn(g.study.bands); return g; };
  for (const [input, re] of [
    [bad((b) => { b[0].layers[1].gradMeanAbs.q1[2] = 'x'; }), /^study\.bands\[0\]\.layers\[1\]\.gradMeanAbs\.q1\[2\] must be a number/],
    [bad((b) => { b[0].metrics.loss.median.pop(); }), /^study\.bands\[0\]\.metrics\.loss\.median must be an array of 3 numbers/],
    [bad((b) => { b[0].layers.pop(); }), /^study\.bands\[0\]\.layers must be an array of the network's/],
    [bad((b) => { b[0].epochs[1] = 5; }), /^study\.bands\[0\]\.epochs\[1\] must be 2/],
    [bad((b) => { b.push(b[0]); }), /^study\.bands must be an array of 1 networks' bands/],
    [bad((b) => { b[0].seeds = 0; }), /^study\.bands\[0\]\.seeds must be a whole number/],
    [{ ...f, study: { ...f.study, extra: 1 } }, /^study\.extra is not a field/],
  ]) assert.throws(() => parseRun(input), (e) => e instanceof RunFileError && re.test(e.message), `${re}`);
});

test('bad and foreign files are refused naming the field', () => {
  const f = runFile(record());
  const cases = [
    ['[1,2]', /the file must be a gradlab run/],
    ['{"a": ', /the file is not JSON/],
    ['['.repeat(40), /nested deeper/],
    [{ format: 'gradlab-model', version: 1, spec: {}, weights: [] }, /^format .*a model file/],
    [{ ...f, version: 2 }, /^version 2 is not supported/],
    [{ ...f, kind: 'batch' }, /^kind must be/],
    [{ ...f, extra: 1 }, /^run\.extra is not a field/],
    [{ ...f, name: 'x'.repeat(500) }, /^name has 500 characters/],
    [{ ...f, date: 'yesterday' }, /^date must be an ISO date/],
    [{ ...f, net: 'c' }, /^net must be/],
    [{ ...f, settings: { ...f.settings, a: { ...f.settings.a, lr: -1 } } }, /^settings has a bad value/],
    [{ ...f, settings: { ...f.settings, bogus: 1 } }, /^settings\.bogus is not a page setting/],
    [{ ...f, history: {} }, /^history must be an array/],
    [{ ...f, history: [f.history[1], f.history[0]] }, /^history\[0\]\.epoch must be 1/],
    [{ ...f, history: [{ ...f.history[0], loss: 'big' }] }, /^history\[0\]\.loss must be a number/],
    [{ ...f, history: [{ ...f.history[0], layers: [{ gradNorm: 1 }] }] }, /^history\[0\]\.layers\[0\]\.gradMeanAbs is missing/],
    [{ ...f, history: [{ ...f.history[0], layers: [f.history[0].layers[0]] }] }, /^history\[0\]\.layers has 1 layers/],
    [{ ...f, accuracy: 0.9 }, /^accuracy must be an object/],
    [{ ...f, stopped: { epoch: 1 } }, /^stopped\.reason must be text/],
    [{ ...f, model: { ...f.model, weights: [] } }, /^model\.weights must be an array of/],
    [{ ...f, model: { ...f.model, weights: f.model.weights.map((w, i) => (i ? w : { ...w, bias: ['x'] })) } }, /^model\.weights\[0\]\.bias must be an array of finite numbers/],
    [{ ...f, study: { results: [{ seed: -1 }] } }, /^study\.results\[0\]\.seed must be a whole number/],
  ];
  for (const [input, re] of cases) {
    assert.throws(() => parseRun(input), (e) => e instanceof RunFileError && re.test(e.message), `${re}`);
  }
  assert.throws(() => parseRun(' '.repeat(MAX_RUN_CHARS + 1)), /characters, above the limit/);
});

test('a regression run (sine, R² in every epoch, 1 input) round-trips through its file', async () => {
  const { fromHash, networkSpec, dataClasses, netInputs } = await import('../../web/state.js');
  const st = fromHash('ds=sine&out=linear_mse&layers=4:tanh').state;
  const spec = networkSpec(st.a, st.seed, dataClasses(st), netInputs(st));
  assert.equal(spec.inputs, 1);
  const layers = [{ gradMeanAbs: 0.1 }, { gradMeanAbs: 0.2 }];
  const history = [
    { epoch: 1, loss: 0.4, accuracy: 0.5, valLoss: 0.45, valAccuracy: 0.5, r2: 0.2, valR2: 0.1, layers },
    { epoch: 2, loss: 0.1, accuracy: 0.9, valLoss: 0.12, valAccuracy: 0.9, r2: NaN, valR2: 0.76, layers },
  ];
  const live = { history, stopped: null, current: { loss: 0.1, accuracy: 0.9, valLoss: 0.12, valAccuracy: 0.9, r2: 0.8, valR2: 0.76 },
    weights: [{ kernel: new Float32Array(4), bias: new Float32Array(4) }, { kernel: new Float32Array(4), bias: new Float32Array(1) }] };
  const rec = runRecord({ id: 'r1', name: 'sine', date: '2026-12-06T21:00:00.000Z', settings: st, net: 'a', live, spec });
  const back = parseRun(runFileText(rec));
  assert.equal(back.history[1].valR2, 0.76);
  assert.ok(Number.isNaN(back.history[1].r2));
  assert.equal(back.settings.ds, 'sine');
});

test('a run on feature inputs keeps them: its model is version 3 with spec.features, and the network loads from it', async () => {
  const { fromHash, networkSpec, dataClasses, netInputs, dataFeatures } = await import('../../web/state.js');
  const { load } = await import('../../dist/gradlab.js');
  const st = fromHash('feat=x1sq,x2sq,x1x2&layers=2:tanh').state;
  const spec = networkSpec(st.a, st.seed, dataClasses(st), netInputs(st), dataFeatures(st));
  const history = [{ epoch: 1, loss: 0.4, accuracy: 0.5, valLoss: 0.45, valAccuracy: 0.5, layers: [{ gradMeanAbs: 0.1 }, { gradMeanAbs: 0.2 }] }];
  const live = { history, stopped: null, current: null,
    weights: [{ kernel: new Float32Array(6).fill(0.25), bias: new Float32Array(2) }, { kernel: new Float32Array(2).fill(-0.5), bias: new Float32Array(1) }] };
  const rec = runRecord({ id: 'f1', name: 'features', date: '2026-12-06T21:00:00.000Z', settings: st, net: 'a', live, spec });
  const back = parseRun(runFileText(rec));
  assert.equal(back.model.version, 3);
  assert.deepEqual(back.model.spec.features, ['x1sq', 'x2sq', 'x1x2']);
  assert.deepEqual(back.settings.feat, ['x1sq', 'x2sq', 'x1x2']);
  const lab = await load();
  const net = lab.network.fromJSON(back.model);
  assert.deepEqual(net.features, ['x1sq', 'x2sq', 'x1x2']);
  net.dispose();
  // a plain run's model stays version 1; other versions are refused, naming the field
  assert.equal(record().model.version, 1);
  const f = JSON.parse(runFileText(rec));
  assert.throws(() => parseRun(JSON.stringify({ ...f, model: { ...f.model, version: 2 } })),
    (e) => e instanceof RunFileError && /^model\.version must be 1 \(3 with spec\.features, the feature inputs\), got number 2$/.test(e.message));
});
