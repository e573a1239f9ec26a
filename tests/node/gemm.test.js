// The packed matrix kernel (src/gemm.c) in the wasm build: net.predict of a
// net wide enough to take it (input blocks past 64 KB: 200 and 72 inputs
// over chunks of 256 samples; relu epilogue and plain) and, for the last 4
// samples, the register-blocked kernel, against a float32 reference in the
// documented order (bias, then + w * x for k = 0, 1, ...; no FMA): bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import { rng } from './helpers/reference.js';

const lab = await load();
const f = Math.fround;

test('predict through the packed kernel equals the float32 reference bit for bit', () => {
  const r = rng(16);
  const spec = { inputs: 200, loss: 'mse', seed: 1,
                 layers: [{ units: 72, activation: 'relu' }, { units: 24, activation: 'linear' }, { units: 1, activation: 'linear' }] };
  const net = lab.network(spec);
  try {
    let d = spec.inputs;
    const weights = spec.layers.map((L) => {
      const w = { kernel: Float32Array.from({ length: d * L.units }, () => (2 * r() - 1) / Math.sqrt(d)),
                  bias: Float32Array.from({ length: L.units }, () => 0.3 * (2 * r() - 1)) };
      d = L.units;
      return w;
    });
    net.setWeights(weights);
    const n = 260; // a chunk of 256 (packed kernel) and one of 4 (register-blocked)
    const X = Float32Array.from({ length: n * spec.inputs }, () => 2 * r() - 1);
    const out = net.predict(X);
    let bad = 0, first = -1;
    for (let s = 0; s < n; s++) {
      let a = Array.from(X.subarray(s * spec.inputs, (s + 1) * spec.inputs));
      spec.layers.forEach((L, l) => {
        const { kernel, bias } = weights[l];
        const z = [];
        for (let o = 0; o < L.units; o++) {
          let c = bias[o];
          for (let k = 0; k < a.length; k++) c = f(c + f(kernel[k * L.units + o] * a[k]));
          z.push(L.activation === 'relu' ? (c < 0 ? 0 : c) : c);
        }
        a = z;
      });
      if (!Object.is(a[0], out[s]) && bad++ === 0) first = s;
    }
    assert.equal(bad, 0, `${bad} of ${n} outputs differ from the reference, first sample ${first}`);
  } finally {
    net.dispose();
  }
});
