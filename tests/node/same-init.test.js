// web/experiment.js shareInit: network B starts from A's initial weights in
// every layer whose fan-in and units match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import { shareInit } from '../../web/experiment.js';
import { defaultState, networkSpec } from '../../web/state.js';

test('shareInit: tanh against ReLU with the same widths share every layer; other widths are listed', async () => {
  const lab = await load();
  const st = defaultState();
  const a = lab.network(networkSpec(st.a, 7));
  const b = lab.network(networkSpec(st.b, 7));
  const r = shareInit(a, b);
  assert.deepEqual(r, { shared: [1, 2, 3], unshared: [] });
  assert.deepEqual(b.getWeights(), a.getWeights());
  assert.equal(b.spec.layers[0].activation, 'relu', 'B keeps its activations');

  const c = lab.network(networkSpec({ ...st.b, layers: [{ units: 5, act: 'relu' }, { units: 8, act: 'relu' }, { units: 5, act: 'relu' }], out: 'softmax_cce' }, 7));
  const before = c.getWeights();
  const r2 = shareInit(a, c);
  assert.deepEqual(r2.shared, [1]);
  assert.deepEqual(r2.unshared, [
    { layer: 2, name: 'L2', why: "A's is 5→5, B's 5→8" },
    { layer: 3, name: 'L3', why: "A's is 5→1, B's 8→5" },
    { layer: 4, name: 'output', why: 'A has no layer 4' },
  ]);
  const after = c.getWeights();
  assert.deepEqual(after[0], a.getWeights()[0]);
  for (const l of [1, 2, 3]) assert.deepEqual(after[l], before[l], `layer ${l + 1} keeps its own`);
  for (const n of [a, b, c]) n.dispose();
});

test('shareInit: a cure with batch norm (cure-bn) takes A\'s kernels and biases and keeps its own γ, β, running statistics', async () => {
  const lab = await load();
  const { presetState } = await import('../../web/presets.js');
  const st = presetState('cure-bn');
  for (const [x, y] of [['a', 'b'], ['b', 'a']]) {
    const from = lab.network(networkSpec(st[x], 3)), to = lab.network(networkSpec(st[y], 3));
    const own = to.getWeights();
    assert.equal(shareInit(from, to).shared.length, 11, `${x} → ${y}`);
    const got = to.getWeights(), src = from.getWeights();
    got.forEach((w, l) => {
      assert.deepEqual([w.kernel, w.bias], [src[l].kernel, src[l].bias], `${x} → ${y} layer ${l + 1}`);
      assert.deepEqual(Object.keys(w).sort(), Object.keys(own[l]).sort());
      if (w.gamma) assert.deepEqual([w.gamma, w.beta, w.runningVar], [own[l].gamma, own[l].beta, own[l].runningVar]);
    });
    from.dispose(); to.dispose();
  }
});
