// Independent double-precision references for the Node tests: every
// activation and its derivative, written from the formulas (not from the C),
// with the limits at ±inf spelled out; plus the accuracy bounds of each row of
// src/activations.def (the registry states them; the tests enforce them on the
// wasm too).
import { readFileSync } from 'node:fs';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_LAMBDA = 1.0507009873554804934193349852946;

// erfc(x) in double: Maclaurin series of erf for |x| < 2 (terms stay < e^4, so
// ~1e-14 absolute), Lentz continued fraction for x >= 2 (relative ~1e-15).
export function erfc(x) {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  // modified Lentz on b0 = x, a_k = k/2, b_k = x
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    D = x + a * D;
    if (D === 0) D = tiny;
    C = x + a / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
// s(1 - s) without the cancellation of 1 - s: e^-|x| / (1 + e^-|x|)^2
const sigmoidD = (x) => { const e = Math.exp(-Math.abs(x)); return e / ((1 + e) * (1 + e)); };
// 1 - tanh^2 without cancellation: 1 / cosh^2
const sech2 = (x) => { const c = Math.cosh(x); return 1 / (c * c); };
const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const Phi = (x) => 0.5 * erfc(-x * SQRT1_2);

/**
 * name -> { f(x, alpha), d(x, alpha), alpha (default), kink: points where f' is
 * discontinuous (for central differences) }. Values at ±inf are the limits.
 */
export const ref = {
  linear: { f: (x) => x, d: (x) => (Number.isNaN(x) ? NaN : 1), kink: [] },
  step: { f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : 0), d: (x) => (Number.isNaN(x) ? NaN : 0), kink: [0] },
  sigmoid: { f: sigmoid, d: sigmoidD, kink: [] },
  tanh: { f: Math.tanh, d: sech2, kink: [] },
  relu: { f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0), d: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : 0), kink: [0] },
  leaky_relu: {
    alpha: 0.01,
    f: (x, a = 0.01) => (x > 0 ? x : a * x),
    d: (x, a = 0.01) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : a),
    kink: [0],
  },
  elu: {
    alpha: 1,
    f: (x, a = 1) => (x > 0 ? x : a * Math.expm1(x)),
    d: (x, a = 1) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : a * Math.exp(x)),
    kink: [0],
  },
  selu: {
    f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    d: (x) => (Number.isNaN(x) ? NaN : SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x))),
    kink: [0],
  },
  softplus: { f: softplus, d: sigmoid, kink: [] },
  softsign: {
    f: (x) => (x === Infinity ? 1 : x === -Infinity ? -1 : x / (1 + Math.abs(x))),
    d: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
    kink: [],
  },
  hard_sigmoid: {
    f: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x + 3, 0), 6) / 6),
    d: (x) => (Number.isNaN(x) ? NaN : x > -3 && x < 3 ? 1 / 6 : 0),
    kink: [-3, 3],
  },
  swish: {
    f: (x) => (x === -Infinity ? 0 : x * sigmoid(x)),
    d: (x) => {
      if (x === Infinity) return 1;
      if (x === -Infinity) return 0;
      return sigmoid(x) + x * sigmoidD(x); // s (1 + x (1 - s))
    },
    kink: [],
  },
  gelu: {
    f: (x) => (x === -Infinity ? 0 : x * Phi(x)),
    d: (x) => {
      if (x === Infinity) return 1;
      if (x === -Infinity) return 0;
      return Phi(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    },
    kink: [],
  },
  mish: {
    f: (x) => (x === -Infinity ? 0 : x * Math.tanh(softplus(x))),
    d: (x) => {
      if (x === Infinity) return 1;
      if (x === -Infinity) return 0;
      const sp = softplus(x);
      return Math.tanh(sp) + x * sech2(sp) * sigmoid(x);
    },
    kink: [],
  },
};

/** Softmax of one row (double), and its Jacobian diagonal. */
export function softmaxRow(x) {
  let m = -Infinity;
  for (const v of x) m = Math.max(m, v);
  const e = Array.from(x, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** ulp of a float32 value r (as in activations.def: 2^(exponent(r) - 23), at least 2^-149). */
export function ulp32(r) {
  const a = Math.abs(r);
  if (!(a > 0) || !Number.isFinite(a)) return 2 ** -149;
  const e = Math.floor(Math.log2(a));
  // guard log2 rounding at powers of two
  const ex = 2 ** e > a ? e - 1 : 2 ** (e + 1) <= a ? e + 1 : e;
  return Math.max(2 ** (Math.max(ex, -126) - 23), 2 ** -149);
}

// C float literals of activations.def: decimal, hex (0x1p-126), with f suffix.
function cfloat(s) {
  const t = s.trim().replace(/[fF]$/, '');
  const hex = /^([+-]?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(t);
  if (hex) {
    const mant = parseInt(hex[2], 16) + (hex[3] ? parseInt(hex[3], 16) / 16 ** hex[3].length : 0);
    return (hex[1] === '-' ? -1 : 1) * mant * 2 ** Number(hex[4]);
  }
  const v = Number(t);
  if (!Number.isFinite(v)) throw new Error(`activations.def: cannot parse the number ${s}`);
  return v;
}

/** The rows of src/activations.def: name -> { domain: [lo, hi], fwd: { ulp, abs }, deriv: { ulp, abs } }. */
export function readBounds(defPath = new URL('../../../src/activations.def', import.meta.url)) {
  const text = readFileSync(defPath, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const rows = {};
  const ids = {};
  const re = /GL_ACTIVATION\(([^)]*)\)/g;
  let m;
  while ((m = re.exec(text))) {
    const c = m[1].split(',').map((s) => s.trim());
    if (c.length !== 14) throw new Error(`activations.def: a row has ${c.length} columns, expected 14: ${m[1]}`);
    const name = JSON.parse(c[1]);
    rows[name] = {
      nparams: 0,
      alpha: 0,
      domain: [cfloat(c[8]), cfloat(c[9])],
      fwd: { ulp: cfloat(c[10]), abs: cfloat(c[11]) },
      deriv: { ulp: cfloat(c[12]), abs: cfloat(c[13]) },
    };
    ids[c[0]] = name;
  }
  // GL_ACTIVATION_PARAM(id, "alpha", default, min, max) after a parametric row
  const pre = /GL_ACTIVATION_PARAM\((GL_ACT_\w+),\s*"alpha",([^)]*)\)/g;
  while ((m = pre.exec(text))) {
    const c = m[2].split(',').map((s) => s.trim());
    if (c.length !== 3) throw new Error(`activations.def: a parameter row has ${c.length + 2} columns, expected 5: ${m[0]}`);
    const row = rows[ids[m[1]]];
    if (!row) throw new Error(`activations.def: a parameter row of unknown ${m[1]}`);
    row.nparams = 1;
    row.alpha = cfloat(c[0]);
  }
  return rows;
}

/** Is float32 result y within { ulp, abs } of the double reference r? NaN must match NaN; infinities exactly. */
export function within(y, r, bound) {
  if (Number.isNaN(r)) return Number.isNaN(y);
  if (!Number.isFinite(r)) return y === r;
  if (!Number.isFinite(y)) return false;
  const err = Math.abs(y - r);
  return err <= bound.ulp * ulp32(r) || err <= bound.abs;
}

/** Deterministic PRNG for test inputs (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
