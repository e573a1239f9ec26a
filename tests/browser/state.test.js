// The page's state table without a browser: defaults, field validation, the
// URL-hash round trip, malformed hashes, presets and the specs given to the
// module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultState, validateField, toHash, fromHash, parseLayers, networkSpec, optimizerSpec, MAX_LAYERS, MAX_ADDED_POINTS,
} from '../../web/state.js';
import { PRESETS, CURES, presetState } from '../../web/presets.js';

test('the default state survives a hash round trip unchanged', () => {
  const st = defaultState();
  const { state, errors } = fromHash(`#${toHash(st)}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(state, st);
});

test('a changed state (compare mode, B differs) round-trips through the hash', () => {
  const st = defaultState();
  Object.assign(st, { ds: 'spiral', n: 730, noise: 0.23, split: 0.7, dseed: 99, seed: 12345, epochs: 77, speed: 'max', cmp: 1 });
  st.a.layers = [{ units: 7, act: 'gelu' }, { units: 3, act: 'leaky_relu' }, { units: 64, act: 'mish' }];
  Object.assign(st.a, { init: 'random_normal', ia: 0.1, ib: 0.25, oinit: 'lecun_normal', out: 'softmax_cce', opt: 'adam', lr: 0.003, batch: 8, l2: 0.0001 });
  st.b.layers = [{ units: 1, act: 'step' }];
  Object.assign(st.b, { opt: 'rmsprop', mom: 0.5, lr: 2 });
  const h = toHash(st);
  const { state, errors } = fromHash(h);
  assert.deepEqual(errors, []);
  assert.deepEqual(state, st);
  // B is only written in compare mode
  st.cmp = 0;
  assert.ok(!toHash(st).includes('b.layers'));
});

test('same initial weights: in the hash only when on; old links (without it) keep it off', () => {
  const st = defaultState();
  assert.equal(st.same, 0);
  assert.ok(!toHash(st).includes('same='));
  st.cmp = 1;
  st.same = 1;
  const h = toHash(st);
  assert.match(h, /(^|&)same=1(&|$)/);
  assert.deepEqual(fromHash(h).state, st);
  const old = fromHash('cmp=1&layers=5:tanh&b.layers=5:relu');
  assert.deepEqual(old.errors, []);
  assert.equal(old.state.same, 0);
  assert.match(fromHash('same=2').errors[0], /same initial weights: 2 is out of range/);
});

test('field validation names the field and the range', () => {
  assert.deepEqual(validateField('n', '500'), { value: 500 });
  assert.match(validateField('n', '5').error, /points: 5 is out of range \(must be a whole number from 20 to 4000\)/);
  assert.match(validateField('n', '12.5').error, /not a whole number/);
  assert.match(validateField('lr', 'abc').error, /learning rate: "abc" is not a number/);
  assert.match(validateField('lr', '').error, /learning rate: empty/);
  assert.match(validateField('lr', 'Infinity').error, /not a number/);
  assert.match(validateField('b.lr', '-1').error, /out of range/);
  assert.match(validateField('ds', 'mnist').error, /dataset: "mnist" is not allowed \(must be one of circles, moons/);
  assert.match(validateField('layers', '5:tanh,0:relu').error, /layer 2 has 0 units/);
  assert.match(validateField('layers', '5:tanh,5:nope').error, /unknown activation "nope"/);
  assert.match(validateField('layers', Array(MAX_LAYERS + 1).fill('2:relu').join(',')).error, /1 to 32 hidden layers/);
  assert.match(validateField('bogus', '1').error, /unknown field/);
  assert.deepEqual(parseLayers('20:relu'), [{ units: 20, act: 'relu' }]);
});

test('a malformed hash gives one message per bad field and keeps the defaults for them', () => {
  const { state, errors } = fromHash('#n=abc&noise=0.3&layers=5:tanh,x&&zzz=1&lr=%E0%A4%A&garbage');
  const d = defaultState();
  assert.equal(state.n, d.n);
  assert.equal(state.noise, 0.3);              // the valid field is applied
  assert.deepEqual(state.a.layers, d.a.layers);
  assert.equal(state.a.lr, d.a.lr);
  assert.equal(errors.length, 5, errors.join('\n'));
  assert.ok(errors.some((e) => /points: "abc" is not a number/.test(e)));
  assert.ok(errors.some((e) => /layer 2 "x" is not units:activation/.test(e)));
  assert.ok(errors.some((e) => /unknown field "zzz"/.test(e)));
  assert.ok(errors.some((e) => /lr: not valid URL encoding/.test(e)));
  assert.ok(errors.some((e) => /"garbage" is not key=value/.test(e)));
});

test('presets: the article set-up and the published architectures', () => {
  assert.equal(PRESETS.length, 5 + CURES.length + 1);
  for (const p of PRESETS) {
    const st = presetState(p.id);
    assert.equal(st.preset, p.id);
    assert.ok(p.text.length > 150, `${p.id} has an explanation paragraph`);
    assert.deepEqual(fromHash(toHash(st)), { state: st, errors: [] });
    // the digits preset (issue 15): real data, a compare run (tests/node/presets.test.js checks its figures)
    if (p.id === 'digits-vanishing') { assert.deepEqual([st.ds, st.cmp, st.epochs], ['digits', 1, 30]); continue; }
    assert.deepEqual([st.ds, st.n, st.noise, st.factor, st.split, st.epochs], ['circles', 1000, 0.1, 0.8, 0.5, 500]);
    // the cures (issue 14): compare runs, the clipping set-up with its own output and rate
    if (CURES.includes(p.id)) { assert.equal(st.cmp, 1, p.id); continue; }
    for (const cfg of st.cmp ? [st.a, st.b] : [st.a]) {
      assert.deepEqual([cfg.opt, cfg.lr, cfg.mom, cfg.batch, cfg.out], ['momentum', 0.01, 0.9, 32, 'sigmoid_bce']);
      assert.deepEqual(optimizerSpec(cfg), { type: 'sgd', learningRate: 0.01, momentum: 0.9 });
    }
  }
  const tanh = networkSpec(presetState('deep-tanh').a, 1);
  assert.equal(tanh.layers.length, 6);
  assert.deepEqual(tanh.layers[0], { units: 5, activation: 'tanh', init: 'random_uniform', initParams: { min: 0, max: 1 } });
  assert.deepEqual(tanh.layers[5], { units: 1, activation: 'sigmoid', init: 'random_uniform', initParams: { min: 0, max: 1 } });
  assert.equal(tanh.loss, 'binary_crossentropy');
  const relu = networkSpec(presetState('deep-relu').a, 1);
  assert.deepEqual(relu.layers.map((l) => l.init), ['he_uniform', 'he_uniform', 'he_uniform', 'he_uniform', 'he_uniform', 'glorot_uniform']);
  assert.equal(networkSpec(presetState('relu-15').a, 1).layers.length, 16);
  assert.equal(presetState('shallow-tanh').a.layers.length, 1);
  assert.equal(presetState('nope'), null);
});

test('the page offers exactly the library\'s activations and initialisers (no drift from activations.def)', async () => {
  const { ACTIVATIONS, INITS } = await import('../../web/state.js');
  const { load } = await import('../../dist/gradlab.js');
  const lab = await load();
  assert.deepEqual(ACTIVATIONS, lab.activations.filter((a) => a !== 'softmax'), 'hidden-layer activations = the table minus softmax (output only)');
  // every initialiser the page offers builds a network
  for (const init of INITS) {
    const layer = { units: 3, activation: 'tanh', init };
    if (init === 'random_uniform') layer.initParams = { min: 0, max: 1 };
    if (init === 'random_normal') layer.initParams = { mean: 0, stddev: 0.1 };
    const net = lab.network({ inputs: 2, layers: [layer, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
    net.dispose();
  }
  // and every output choice is a valid network spec
  for (const out of (await import('../../web/state.js')).OUTPUTS) {
    const cfg = { ...defaultState().a, out, init: 'random_normal', ia: 0, ib: 0.5, oinit: 'random_uniform' };
    lab.network(networkSpec(cfg, 1)).dispose();
  }
});

test('added points round-trip through the hash, at most MAX_ADDED_POINTS of them', () => {
  const st = defaultState();
  st.pts = [{ x: 0.5, y: -0.25, c: 1 }, { x: -1.123, y: 0, c: 0 }];
  const h = toHash(st);
  assert.match(h, /pts=0\.5:-0\.25:1,-1\.123:0:0/);
  assert.deepEqual(fromHash(h).state, st);
  assert.ok(!toHash(defaultState()).includes('pts='), 'no points, no field');
  const many = Array.from({ length: MAX_ADDED_POINTS + 1 }, () => '0:0:1').join(',');
  const r = fromHash(`pts=${many}`);
  assert.deepEqual(r.state.pts, []);
  assert.match(r.errors[0], /added points: 201 points, more than 200/);
  assert.match(fromHash('pts=0:0:8').errors[0], /not x:y:class/);
  // classes 0 to 7 exist, as many as the data has (2 unless spiral or gauss with more)
  assert.match(fromHash('pts=0:0:2').errors[0], /added points: 1 of class 2 or above dropped \(the data has classes 0 to 1\)/);
  assert.deepEqual(fromHash('ds=spiral&classes=3&pts=0:0:2').state.pts, [{ x: 0, y: 0, c: 2 }]);
  assert.deepEqual(fromHash('ds=spiral&classes=3&pts=0:0:2').errors, []);
  assert.match(fromHash('pts=3:0:1').errors[0], /outside/);
});

test('a hash over a base state: missing fields come from the base; spiral without a noise gets its own', () => {
  const base = presetState('deep-tanh');
  const { state, errors } = fromHash('preset=deep-tanh&seed=4', base);
  assert.deepEqual(errors, []);
  assert.deepEqual(state, { ...base, seed: 4 });
  assert.equal(fromHash('ds=spiral').state.noise, 0.03);
  assert.equal(fromHash('ds=spiral&noise=0.1').state.noise, 0.1);
  assert.equal(fromHash('ds=moons').state.noise, 0.1);
});
