// jsact.mjs — the "plain JS" baseline of the activation benchmark: what a JS
// developer writes without gradlab, one loop over Math functions per
// activation, written out per function (not a shared loop taking a callback,
// which V8 would see as one polymorphic call site). Float32Array in and out,
// float64 arithmetic as JS does. Parameters as gradlab's defaults:
// leaky_relu alpha 0.01, elu alpha 1, selu's constants, gelu in erf form.
const LEAKY = 0.01, ELU = 1.0;
const SELU_A = 1.6732632423543772, SELU_S = 1.0507009873554805;
const INV_SQRT2 = Math.SQRT1_2, INV_SQRT2PI = 0.3989422804014327;

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JS has no Math.erf.
function erf(x) {
  const s = x < 0 ? -1 : 1, a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return s * (1 - p * Math.exp(-a * a));
}
const sigm = (x) => 1 / (1 + Math.exp(-x));
const softplus1 = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export const forward = {
  linear(x, y, n) { for (let i = 0; i < n; i++) y[i] = x[i]; },
  step(x, y, n) { for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : 0; },
  sigmoid(x, y, n) { for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]); },
  relu(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.max(x[i], 0); },
  leaky_relu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v > 0 ? v : LEAKY * v; } },
  elu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v > 0 ? v : ELU * Math.expm1(v); } },
  selu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = SELU_S * (v > 0 ? v : SELU_A * Math.expm1(v)); } },
  softplus(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); } },
  softsign(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v / (1 + Math.abs(v)); } },
  hard_sigmoid(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(x[i] + 3, 0), 6) / 6; },
  swish(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v / (1 + Math.exp(-v)); } },
  gelu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = 0.5 * v * (1 + erf(v * INV_SQRT2)); } },
  mish(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v * Math.tanh(softplus1(v)); } },
  softmax(x, y, n) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (x[i] > m) m = x[i];
    let s = 0;
    for (let i = 0; i < n; i++) { const e = Math.exp(x[i] - m); y[i] = e; s += e; }
    const inv = 1 / s;
    for (let i = 0; i < n; i++) y[i] *= inv;
  },
};

export const derivative = {
  linear(x, y, n) { for (let i = 0; i < n; i++) y[i] = 1; },
  step(x, y, n) { for (let i = 0; i < n; i++) y[i] = 0 * x[i]; },
  sigmoid(x, y, n) { for (let i = 0; i < n; i++) { const s = 1 / (1 + Math.exp(-x[i])); y[i] = s * (1 - s); } },
  tanh(x, y, n) { for (let i = 0; i < n; i++) { const t = Math.tanh(x[i]); y[i] = 1 - t * t; } },
  relu(x, y, n) { for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : 0; },
  leaky_relu(x, y, n) { for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : LEAKY; },
  elu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v > 0 ? 1 : ELU * Math.exp(v); } },
  selu(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = SELU_S * (v > 0 ? 1 : SELU_A * Math.exp(v)); } },
  softplus(x, y, n) { for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  softsign(x, y, n) { for (let i = 0; i < n; i++) { const d = 1 + Math.abs(x[i]); y[i] = 1 / (d * d); } },
  hard_sigmoid(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v > -3 && v < 3 ? 1 / 6 : 0; } },
  swish(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i], s = 1 / (1 + Math.exp(-v)); y[i] = s + v * s * (1 - s); } },
  gelu(x, y, n) {
    for (let i = 0; i < n; i++) { const v = x[i]; y[i] = 0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT2PI * Math.exp(-0.5 * v * v); }
  },
  mish(x, y, n) {
    for (let i = 0; i < n; i++) { const v = x[i], t = Math.tanh(softplus1(v)); y[i] = t + v * (1 - t * t) * sigm(v); }
  },
  softmax(x, y, n) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (x[i] > m) m = x[i];
    let s = 0;
    for (let i = 0; i < n; i++) { const e = Math.exp(x[i] - m); y[i] = e; s += e; }
    const inv = 1 / s;
    for (let i = 0; i < n; i++) { const p = y[i] * inv; y[i] = p * (1 - p); }
  },
};
