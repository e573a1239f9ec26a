// An independent double-precision dense network for the Node tests: forward,
// loss (Keras conventions), backward, and the SGD/momentum/Nesterov, Adam and
// RMSprop updates (Keras formulas), written from the maths, not from the C.
//
// Shapes: X is sample-major [n][inputs]; layer l's kernel is row-major
// [in][out] (as Keras), bias [out]; weights are arrays of plain numbers.
import { ref, softmaxRow } from './reference.js';

/** spec: { inputs, layers: [{ units, activation, alpha? }], loss } */
export function forward(spec, weights, X, n) {
  const acts = [Array.from(X.slice(0, n * spec.inputs))]; // a_0 = X
  const zs = [];
  let d = spec.inputs;
  spec.layers.forEach((L, l) => {
    const { kernel, bias } = weights[l];
    const a = acts[l];
    const u = L.units;
    const z = new Array(n * u).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < u; j++) {
        let s = bias[j];
        for (let k = 0; k < d; k++) s += a[i * d + k] * kernel[k * u + j];
        z[i * u + j] = s;
      }
    }
    let out;
    if (L.activation === 'softmax') {
      out = [];
      for (let i = 0; i < n; i++) out.push(...softmaxRow(z.slice(i * u, i * u + u)));
    } else {
      const f = ref[L.activation].f;
      out = z.map((v) => f(v, L.alpha));
    }
    zs.push(z);
    acts.push(out);
    d = u;
  });
  return { zs, acts };
}

/** Batch-mean loss of the outputs (Keras: BCE and MSE average over the outputs too; CCE sums over classes). */
export function loss(spec, fw, Y, n) {
  const L = spec.layers[spec.layers.length - 1];
  const k = L.units;
  const z = fw.zs[fw.zs.length - 1];
  const p = fw.acts[fw.acts.length - 1];
  let s = 0;
  for (let i = 0; i < n * k; i++) {
    const y = Y[i];
    if (spec.loss === 'binary_crossentropy') {
      // stable from the logit of the sigmoid: max(z,0) - z y + log(1 + exp(-|z|))
      const zz = z[i];
      s += (Math.max(zz, 0) - zz * y + Math.log1p(Math.exp(-Math.abs(zz)))) / (n * k);
    } else if (spec.loss === 'categorical_crossentropy') {
      if (y !== 0) s -= (y * Math.log(p[i])) / n;
    } else {
      s += ((p[i] - y) ** 2) / (n * k);
    }
  }
  return s;
}

/** Gradients of the batch-mean loss: [{ kernel, bias }] in the weights' layout, plus the loss. */
export function gradients(spec, weights, X, Y, n) {
  const fw = forward(spec, weights, X, n);
  const nl = spec.layers.length;
  const out = spec.layers[nl - 1];
  const k = out.units;
  const zL = fw.zs[nl - 1];
  const pL = fw.acts[nl];
  // dL/dz of the output layer
  let dz = new Array(n * k).fill(0);
  if (spec.loss === 'binary_crossentropy') {
    for (let i = 0; i < n * k; i++) dz[i] = (pL[i] - Y[i]) / (n * k); // sigmoid output
  } else if (spec.loss === 'categorical_crossentropy') {
    for (let i = 0; i < n; i++) {
      let sy = 0;
      for (let j = 0; j < k; j++) sy += Y[i * k + j];
      for (let j = 0; j < k; j++) dz[i * k + j] = (pL[i * k + j] * sy - Y[i * k + j]) / n;
    }
  } else {
    const da = pL.map((p, i) => (2 * (p - Y[i])) / (n * k));
    dz = backAct(out, zL, pL, da, n, k);
  }
  const grads = new Array(nl);
  for (let l = nl - 1; l >= 0; l--) {
    const u = spec.layers[l].units;
    const d = l === 0 ? spec.inputs : spec.layers[l - 1].units;
    const a = fw.acts[l];
    const kernel = new Array(d * u).fill(0);
    const bias = new Array(u).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < u; j++) {
        const g = dz[i * u + j];
        bias[j] += g;
        for (let q = 0; q < d; q++) kernel[q * u + j] += a[i * d + q] * g;
      }
    }
    grads[l] = { kernel, bias };
    if (l > 0) {
      const W = weights[l].kernel;
      const da = new Array(n * d).fill(0);
      for (let i = 0; i < n; i++) {
        for (let q = 0; q < d; q++) {
          let s = 0;
          for (let j = 0; j < u; j++) s += dz[i * u + j] * W[q * u + j];
          da[i * d + q] = s;
        }
      }
      dz = backAct(spec.layers[l - 1], fw.zs[l - 1], fw.acts[l], da, n, d);
    }
  }
  return { loss: loss(spec, fw, Y, n), grads };
}

function backAct(L, z, a, da, n, u) {
  if (L.activation === 'softmax') {
    const dz = new Array(n * u);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < u; j++) dot += da[i * u + j] * a[i * u + j];
      for (let j = 0; j < u; j++) dz[i * u + j] = a[i * u + j] * (da[i * u + j] - dot);
    }
    return dz;
  }
  const d = ref[L.activation].d;
  return da.map((g, i) => g * d(z[i], L.alpha));
}

/** Accuracy as documented in gradlab.h for a batch. */
export function accuracy(spec, fw, Y, n) {
  const k = spec.layers[spec.layers.length - 1].units;
  const p = fw.acts[fw.acts.length - 1];
  let ok = 0;
  for (let i = 0; i < n; i++) {
    if (spec.loss === 'binary_crossentropy' && k === 1) ok += (p[i] > 0.5) === (Y[i] > 0.5) ? 1 : 0;
    else if (k > 1) {
      let bp = 0;
      let by = 0;
      for (let j = 1; j < k; j++) {
        if (p[i * k + j] > p[i * k + bp]) bp = j;
        if (Y[i * k + j] > Y[i * k + by]) by = j;
      }
      ok += bp === by ? 1 : 0;
    } else ok += Math.abs(p[i] - Y[i]) < 0.5 ? 1 : 0;
  }
  return ok / n;
}

/** Central differences in double of the batch-mean loss w.r.t. every weight. */
export function numericGradients(spec, weights, X, Y, n, h = 1e-6) {
  const w = weights.map((x) => ({ kernel: Array.from(x.kernel), bias: Array.from(x.bias) }));
  const f = () => loss(spec, forward(spec, w, X, n), Y, n);
  return w.map((layer) => {
    const g = {};
    for (const key of ['kernel', 'bias']) {
      g[key] = layer[key].map((v, i) => {
        const step = h * Math.max(1, Math.abs(v));
        layer[key][i] = v + step;
        const up = f();
        layer[key][i] = v - step;
        const dn = f();
        layer[key][i] = v;
        return (up - dn) / (2 * step);
      });
    }
    return g;
  });
}

/**
 * Mini-batch training in double, batches in order (no shuffle). Optimisers as
 * Keras: sgd v = m v - lr g, w += v (nesterov: w += m v - lr g); adam
 * m = b1 m + (1-b1) g, v = b2 v + (1-b2) g², w -= lr_t m / (sqrt(v) + eps),
 * lr_t = lr sqrt(1-b2^t)/(1-b1^t); rmsprop a = rho a + (1-rho) g²,
 * inc = lr g / sqrt(a + eps) (Keras 3), w -= inc (momentum: m = mom m + inc, w -= m). Penalties l1 Σ|W| + l2 Σ W² on kernels.
 * Returns the weights after each epoch and per-epoch statistics as gradlab
 * defines them (batch means of loss, accuracy and mean |dL/dW|).
 */
export function trainReference(spec, weights, X, Y, n, { epochs, batchSize, optimizer, l1 = 0, l2 = 0 }) {
  const w = weights.map((x) => ({ kernel: Array.from(x.kernel), bias: Array.from(x.bias) }));
  const st = w.map((x) => ({ kernel: x.kernel.map(() => [0, 0]), bias: x.bias.map(() => [0, 0]) }));
  const k = spec.layers[spec.layers.length - 1].units;
  const o = optimizer;
  let t = 0;
  const history = [];
  for (let e = 0; e < epochs; e++) {
    let lossSum = 0;
    let accSum = 0;
    let batches = 0;
    const gma = w.map(() => 0);
    for (let b = 0; b < n; b += batchSize) {
      const m = Math.min(batchSize, n - b);
      const xb = X.slice(b * spec.inputs, (b + m) * spec.inputs);
      const yb = Y.slice(b * k, (b + m) * k);
      const fw = forward(spec, w, xb, m);
      const g = gradients(spec, w, xb, yb, m);
      lossSum += g.loss;
      accSum += accuracy(spec, fw, yb, m);
      batches++;
      t++;
      g.grads.forEach((gl, l) => {
        gma[l] += gl.kernel.reduce((s, v) => s + Math.abs(v), 0) / gl.kernel.length;
        for (const key of ['kernel', 'bias']) {
          const W = w[l][key];
          for (let i = 0; i < W.length; i++) {
            let gi = gl[key][i];
            if (key === 'kernel') gi += l1 * Math.sign(W[i]) + 2 * l2 * W[i];
            const s = st[l][key][i];
            if (o.type === 'sgd') {
              const mom = o.momentum ?? 0;
              s[0] = mom * s[0] - o.learningRate * gi;
              W[i] += o.nesterov ? mom * s[0] - o.learningRate * gi : s[0];
            } else if (o.type === 'adam') {
              const b1 = o.beta1 ?? 0.9;
              const b2 = o.beta2 ?? 0.999;
              const eps = o.epsilon ?? 1e-7;
              s[0] = b1 * s[0] + (1 - b1) * gi;
              s[1] = b2 * s[1] + (1 - b2) * gi * gi;
              const lrt = (o.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
              W[i] -= (lrt * s[0]) / (Math.sqrt(s[1]) + eps);
            } else {
              const rho = o.rho ?? 0.9;
              const eps = o.epsilon ?? 1e-7;
              s[1] = rho * s[1] + (1 - rho) * gi * gi;
              const inc = (o.learningRate * gi) / Math.sqrt(s[1] + eps);
              const mom = o.momentum ?? 0;
              if (mom > 0) { s[0] = mom * s[0] + inc; W[i] -= s[0]; } else W[i] -= inc;
            }
          }
        }
      });
    }
    history.push({
      loss: lossSum / batches,
      accuracy: accSum / batches,
      gradMeanAbs: gma.map((v) => v / batches),
      weights: w.map((x) => ({ kernel: [...x.kernel], bias: [...x.bias] })),
    });
  }
  return history;
}
