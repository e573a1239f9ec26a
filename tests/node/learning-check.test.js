// The page's "is this run learning?" rule (web/learning-check.js) on made-up
// histories: each finding at the epoch the rule names, the hold that keeps a
// message from flickering, and the cause chosen from the layer statistics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LearningCheck, checkLearning, chanceLoss, diagnose, RULE } from '../../web/learning-check.js';

const cfg = { layers: [{ units: 5, act: 'tanh' }, { units: 5, act: 'tanh' }], lr: 0.01, opt: 'momentum', out: 'sigmoid_bce' };
const layer = (g, dead = 0, sat = 0) => ({ gradMeanAbs: g, deadFraction: dead, saturatedFraction: sat });
const okLayers = [layer(1e-3), layer(2e-3), layer(5e-3)];
const hist = (losses, layers = okLayers) => losses.map((loss, i) => ({ epoch: i + 1, loss, layers }));
const C = Math.log(2);

test('chance level: cross-entropy of the class share, MSE p(1-p)', () => {
  assert.ok(Math.abs(chanceLoss('sigmoid_bce', 0.5) - C) < 1e-12);
  assert.ok(Math.abs(chanceLoss('softmax_cce', 0.5) - C) < 1e-12);
  assert.equal(chanceLoss('sigmoid_mse', 0.5), 0.25);
  assert.ok(chanceLoss('sigmoid_bce', 0.9) < C);
});

test('a loss above chance level is flagged at epoch 10, not before, and the cause is the learning rate', () => {
  const c = new LearningCheck({ ...cfg, lr: 10 }, C);
  const h = hist(Array(30).fill(7.2));
  h.slice(0, 9).forEach((s) => assert.equal(c.push(s), null));
  const f = c.push(h[9]);
  assert.equal(f.kind, 'above');
  assert.equal(f.epoch, RULE.aboveFrom);
  assert.match(f.cause, /learning rate \(10\) is too high/);
  assert.equal(f.advice, 'try 1');
});

test('a flat loss near chance is flagged after 100 epochs; the finding holds until the loss is 10% below chance', () => {
  const losses = [...Array(120).fill(0.69), ...Array(20).fill(0.64), ...Array(20).fill(0.6)];
  const c = new LearningCheck(cfg, C);
  const kinds = hist(losses).map((s) => c.push(s)?.kind ?? null);
  assert.equal(kinds[98], null);
  assert.equal(kinds[99], 'flat', 'epoch 100');
  assert.equal(kinds[130], 'flat', '0.64 is 7.7% below chance: still held');
  assert.equal(kinds[159], null, '0.6 is 13% below chance: learning');
  assert.equal(checkLearning(hist(Array(100).fill(0.6)), cfg, C), null, 'a loss 13% below chance is learning');
});

test('a rising loss is flagged at 1.5× its lowest 5-epoch mean', () => {
  const losses = [...Array(30).fill(0.3), ...Array(10).fill(0.5)];
  const f = checkLearning(hist(losses), cfg, C);
  assert.equal(f.kind, 'rising');
  assert.match(f.what, /0\.300 at epoch 5, 0\.500 at epoch 40/);
  assert.equal(checkLearning(hist([...Array(30).fill(0.3), ...Array(10).fill(0.4)]), cfg, C), null);
});

test('a learning run is never flagged', () => {
  const losses = Array.from({ length: 500 }, (_, i) => 0.45 * Math.exp(-i / 60) + 0.3 + 0.01 * Math.sin(i));
  const c = new LearningCheck(cfg, C);
  for (const s of hist(losses)) assert.equal(c.push(s), null, `epoch ${s.epoch}`);
});

test('the cause: dead layer, vanishing gradient, saturation, too low a learning rate', () => {
  const relu = { ...cfg, layers: [{ units: 5, act: 'relu' }, { units: 5, act: 'relu' }] };
  assert.match(diagnose('flat', { layers: [layer(0, 1), layer(0), layer(1e-2)] }, relu).cause, /every unit of layer L1 had derivative 0/);
  assert.match(diagnose('flat', { layers: [layer(1e-2, 0.6), layer(1e-2), layer(1e-2)] }, relu).cause, /60% of layer L1's units/);
  assert.match(diagnose('flat', { layers: [layer(1e-6), layer(1e-4), layer(1e-2)] }, cfg).cause, /vanishing gradient: layer L1 gets 1\.00e\+4× less|vanishing gradient: layer L1 gets 10000× less/);
  assert.match(diagnose('flat', { layers: [layer(5e-3, 0, 0.8), layer(5e-3), layer(1e-2)] }, cfg).cause, /saturation: 80%/);
  assert.match(diagnose('flat', { layers: okLayers }, cfg).cause, /learning rate \(0\.01\) may be too low/);
  assert.match(diagnose('flat', { layers: okLayers }, { ...cfg, lr: 2 }).cause, /learning rate \(2\) is too high/);
});

test('NaN or inf losses (a diverged run) give no finding', () => {
  assert.equal(checkLearning(hist([...Array(20).fill(0.7), NaN]), cfg, C), null);
});

test('while a finding holds, its cause is the strongest seen: a gap that narrows later does not become "too low a rate"', () => {
  const vanishing = [layer(1e-5), layer(1e-4), layer(1e-2)];
  const h = [...hist(Array(150).fill(0.69), vanishing), ...hist(Array(50).fill(0.69))].map((s, i) => ({ ...s, epoch: i + 1 }));
  const f = checkLearning(h, cfg, C);
  assert.equal(f.kind, 'flat');
  assert.match(f.cause, /^vanishing gradient: layer L1 gets 1000× less gradient than the output layer, as seen at epoch 150$/);
  // a dead layer found later outranks it
  const dead = [...h, ...hist(Array(5).fill(0.69), [layer(0, 1), layer(0), layer(1e-2)])].map((s, i) => ({ ...s, epoch: i + 1 }));
  assert.match(checkLearning(dead, cfg, C).cause, /^dead units: every unit of layer L1/);
});
