// web/inspect.js surfaceFrom(net, out, d, res): the worker's coarse surfaces
// (while a big net trains) go through the data's feature transform and keep
// the shape of each kind of data: P(class 1), K classes' probabilities, a
// regression value, the 1-D sine's curve (always GRID values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import { GRID, gridPoints, toGrid } from '../../web/grid.js';
import { surfaceFrom, surfaceResFor } from '../../web/inspect.js';
import { netInput, netInputsOf } from '../../web/experiment.js';

const lab = await load();

function dataOf(inputs, classes, features) {
  const d = { inputs, classes, features };
  const g = inputs === 1 ? Float32Array.from({ length: GRID }, (_, c) => gridPoints(GRID)[2 * c]) : gridPoints(GRID);
  d.Ngrid = netInput(g, d);
  return d;
}

function netFor(d) {
  const outputs = d.classes > 2 ? d.classes : 1;
  const act = d.classes > 2 ? 'softmax' : d.classes === 0 ? 'linear' : 'sigmoid';
  const loss = d.classes > 2 ? 'categorical_crossentropy' : d.classes === 0 ? 'mse' : 'binary_crossentropy';
  return lab.network({ inputs: netInputsOf(d), layers: [{ units: 8, activation: 'tanh' }, { units: outputs, activation: act }], loss, seed: 3 });
}

for (const [name, d, out, k] of [
  ['2 classes with feature inputs', dataOf(2, 2, ['x1', 'x2', 'x1sq', 'sinx1']), 'sigmoid_bce', 1],
  ['4 classes', dataOf(2, 4, null), 'softmax_cce', 4],
  ['4 classes with feature inputs', dataOf(2, 4, ['x1', 'x2', 'x1x2']), 'softmax_cce', 4],
  ['regression on the plane', dataOf(2, 0, null), 'linear_mse', 1],
]) {
  test(`coarse surface, ${name}: res²×k, the net on the res grid's centres through the features, close to the full one`, () => {
    const net = netFor(d);
    const full = surfaceFrom(net, out, d);
    assert.equal(full.length, GRID * GRID * k);
    for (const res of [50, 10]) {
      assert.equal(surfaceResFor(d, res), res);
      const s = surfaceFrom(net, out, d, res);
      assert.equal(s.length, res * res * k);
      const want = net.predict(netInput(gridPoints(res), d));
      for (let i = 0; i < res * res * k; i++) assert.equal(s[i], want[i], `${res}: value ${i}`);
      const up = toGrid(s, res);
      assert.equal(up.length, full.length);
      let err = 0;
      for (let i = 0; i < up.length; i++) err += Math.abs(up[i] - full[i]);
      assert.ok(err / up.length < (res === 50 ? 0.02 : 0.1), `${res}: mean |coarse − full| ${err / up.length}`);
    }
    net.dispose();
  });
}

test('one input (the sine): the curve is always GRID values, whatever res is asked', () => {
  const d = dataOf(1, 0, null);
  const net = netFor(d);
  assert.equal(surfaceResFor(d, 10), GRID);
  const s = surfaceFrom(net, 'linear_mse', d, 10);
  assert.equal(s.length, GRID);
  assert.deepEqual([...s], [...surfaceFrom(net, 'linear_mse', d)]);
  net.dispose();
});
