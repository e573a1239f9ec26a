// Every activation and derivative of gradlab.wasm, SIMD and scalar kernels,
// against the independent double reference (helpers/reference.js) under the
// bounds each row of src/activations.def states; derivatives also against
// central differences; special values; tails; in place; bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/gradlab.js';
import { ref, softmaxRow, readBounds, within, ulp32, rng } from './helpers/reference.js';

const lab = await load();
const bounds = readBounds();
const IMPLS = ['simd', 'scalar'];
const NAMES = ['linear', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'softplus',
  'softsign', 'hard_sigmoid', 'swish', 'gelu', 'mish'];

test('the registry lists exactly the activations of docs/API.md, in activations.def order', () => {
  assert.deepEqual([...lab.activations], [...NAMES, 'softmax']);
  assert.deepEqual(Object.keys(bounds), [...NAMES, 'softmax']);
  assert.equal(lab.activationInfo('leaky_relu').alpha, Math.fround(0.01));
  assert.equal(lab.activationInfo('elu').alpha, 1);
  assert.equal(lab.activationInfo('relu').parametric, false);
});

// Inputs: uniform in [-12, 12], log-uniform magnitudes over the domain, and
// the points near kinks / cut-offs; all exactly representable floats.
function inputs(name, count = 6000) {
  const [lo, hi] = bounds[name].domain;
  const r = rng(name.length * 7919 + 1);
  const xs = [];
  for (let i = 0; i < count / 2; i++) xs.push(Math.fround(-12 + 24 * r()));
  const maxMag = Math.min(Math.max(Math.abs(lo), Math.abs(hi)), 3e38);
  for (let i = 0; i < count / 2; i++) {
    const mag = Math.exp(Math.log(1e-30) + (Math.log(maxMag) - Math.log(1e-30)) * r());
    xs.push(Math.fround(r() < 0.5 ? -mag : mag));
  }
  for (const v of [0, -0, 1e-45, -1e-45, 1e-38, -1e-38, 1, -1, 3, -3, 2.9999998, -2.9999998, 20, -20, 88, -88, 104, -104])
    xs.push(Math.fround(v));
  return Float32Array.from(xs.filter((x) => x >= lo && x <= hi));
}

// worst error of y vs r in units of the bound (≤ 1 passes), and the worst input
function worst(xs, ys, f, bound) {
  let bad = null;
  let worstUlp = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = f(xs[i]);
    if (!within(ys[i], r, bound)) { bad ??= { x: xs[i], y: ys[i], ref: r }; }
    if (Number.isFinite(r) && Math.abs(ys[i] - r) > bound.abs) worstUlp = Math.max(worstUlp, Math.abs(ys[i] - r) / ulp32(r));
  }
  return { bad, worstUlp };
}

for (const name of NAMES) {
  for (const impl of IMPLS) {
    test(`${name} (${impl}): forward and derivative within the bounds of activations.def`, () => {
      const b = bounds[name];
      const a = b.nparams ? Math.fround(b.alpha) : undefined; // the C default alpha is a float
      const xs = inputs(name);
      const y = lab.activate(name, xs, undefined, { impl });
      const dy = lab.derivative(name, xs, undefined, { impl });
      const fw = worst(xs, y, (x) => ref[name].f(x, a), b.fwd);
      assert.equal(fw.bad, null, `forward ${name}(${fw.bad?.x}) = ${fw.bad?.y}, reference ${fw.bad?.ref} (${(Math.abs(fw.bad?.y - fw.bad?.ref) / ulp32(fw.bad?.ref)).toFixed(2)} ulp), bound ${b.fwd.ulp} ulp or ${b.fwd.abs}`);
      const dv = worst(xs, dy, (x) => ref[name].d(x, a), b.deriv);
      assert.equal(dv.bad, null, `derivative ${name}'(${dv.bad?.x}) = ${dv.bad?.y}, reference ${dv.bad?.ref} (${(Math.abs(dv.bad?.y - dv.bad?.ref) / ulp32(dv.bad?.ref)).toFixed(2)} ulp), bound ${b.deriv.ulp} ulp or ${b.deriv.abs}`);
    });
  }
}

test('parametric activations use alpha (leaky_relu 0.2, elu 0.5) within their bounds', () => {
  const xs = Float32Array.from([-5, -1.5, -0.25, -1e-3, 0, 0.5, 3]);
  for (const [name, alpha] of [['leaky_relu', 0.2], ['elu', 0.5]]) {
    for (const impl of IMPLS) {
      const a = Math.fround(alpha);
      const y = lab.activate(name, xs, undefined, { alpha, impl });
      const d = lab.derivative(name, xs, undefined, { alpha, impl });
      xs.forEach((x, i) => {
        assert.ok(within(y[i], ref[name].f(x, a), bounds[name].fwd), `${name}(${x}; ${alpha}) = ${y[i]}`);
        assert.ok(within(d[i], ref[name].d(x, a), bounds[name].deriv), `${name}'(${x}; ${alpha}) = ${d[i]}`);
      });
      // the default differs from the given alpha: the parameter really arrives
      assert.notEqual(lab.activate(name, xs, undefined, { impl })[0], y[0]);
    }
  }
});

test('derivatives agree with central differences of the double reference forward (and are non-zero where they should be)', () => {
  const r = rng(99);
  for (const name of NAMES) {
    const xs = [];
    while (xs.length < 200) {
      const x = Math.fround(-6 + 12 * r());
      if (ref[name].kink.some((k) => Math.abs(x - k) < 1e-3)) continue;
      xs.push(x);
    }
    for (const impl of IMPLS) {
      const d = lab.derivative(name, Float32Array.from(xs), undefined, { impl });
      let nonzero = 0;
      xs.forEach((x, i) => {
        const h = 1e-5;
        const cd = (ref[name].f(x + h) - ref[name].f(x - h)) / (2 * h);
        assert.ok(Math.abs(d[i] - cd) <= 1e-5 + 1e-5 * Math.abs(cd), `${name}'(${x}) [${impl}] = ${d[i]}, central difference ${cd}`);
        if (d[i] !== 0) nonzero++;
      });
      if (name !== 'step') assert.ok(nonzero >= 60, `${name}': only ${nonzero} of 200 derivatives are non-zero`);
    }
  }
});

test('special values: NaN propagates, ±inf give the limits, ±0', () => {
  const xs = Float32Array.from([NaN, Infinity, -Infinity, 0, -0]);
  const bad = [];
  for (const name of NAMES) {
    for (const impl of IMPLS) {
      const y = lab.activate(name, xs, undefined, { impl });
      const d = lab.derivative(name, xs, undefined, { impl });
      if (!Number.isNaN(y[0])) bad.push(`${name}(NaN) [${impl}] = ${y[0]}`);
      if (!Number.isNaN(d[0])) bad.push(`${name}'(NaN) [${impl}] = ${d[0]}`);
      const a = bounds[name].nparams ? Math.fround(bounds[name].alpha) : undefined;
      for (let i = 1; i < 5; i++) {
        const rf = ref[name].f(xs[i], a);
        const rd = ref[name].d(xs[i], a);
        if (!within(y[i], rf, bounds[name].fwd)) bad.push(`${name}(${xs[i]}) [${impl}] = ${y[i]}, expected ${rf}`);
        if (!within(d[i], rd, bounds[name].deriv)) bad.push(`${name}'(${xs[i]}) [${impl}] = ${d[i]}, expected ${rd}`);
      }
    }
  }
  assert.deepEqual(bad, []);
  for (const name of ['linear', 'tanh', 'softsign']) {
    assert.ok(Object.is(lab.activate(name, Float32Array.of(-0))[0], -0), `${name}(-0) keeps the sign`);
  }
  // saturation: exactly 1/0 far out (e^-200 is below the smallest float), never NaN
  assert.deepEqual([...lab.activate('sigmoid', Float32Array.of(200, -200))], [1, 0]);
  assert.deepEqual([...lab.activate('tanh', Float32Array.of(50, -50))], [1, -1]);
});

test('every tail length n = 0 … 9 and 17, in place and out of place, matches the long-array result', () => {
  const r = rng(5);
  const long = Float32Array.from({ length: 64 }, () => Math.fround(-8 + 16 * r()));
  for (const name of [...NAMES]) {
    for (const impl of IMPLS) {
      for (const fn of ['activate', 'derivative']) {
        const full = lab[fn](name, long, undefined, { impl });
        for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17]) {
          for (const off of [0, 3]) {
            const x = long.slice(off, off + n);
            const out = lab[fn](name, x, undefined, { impl });
            assert.deepEqual([...out], [...full.slice(off, off + n)], `${fn} ${name} [${impl}] n=${n} offset ${off}`);
            const inplace = x.slice();
            const ret = lab[fn](name, inplace, inplace, { impl });
            assert.equal(ret, inplace, 'in place returns the given out');
            assert.deepEqual([...inplace], [...out], `${fn} ${name} [${impl}] in place n=${n}`);
          }
        }
      }
    }
  }
});

test('softmax: activate treats the array as one row; sums to 1; derivative is s(1-s)', () => {
  const r = rng(11);
  for (const n of [1, 2, 3, 5, 8, 13, 40]) {
    const x = Float32Array.from({ length: n }, () => Math.fround(-30 + 60 * r()));
    for (const impl of IMPLS) {
      const s = lab.activate('softmax', x, undefined, { impl });
      const d = lab.derivative('softmax', x, undefined, { impl });
      const rs = softmaxRow(x);
      s.forEach((v, i) => {
        assert.ok(within(v, rs[i], bounds.softmax.fwd), `softmax n=${n} [${impl}] [${i}] = ${v}, ref ${rs[i]}`);
        assert.ok(within(d[i], rs[i] * (1 - rs[i]), bounds.softmax.deriv), `softmax' n=${n} [${impl}] [${i}] = ${d[i]}`);
      });
      assert.ok(Math.abs(s.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
  }
});

test('plain arrays are accepted; out is filled and returned', () => {
  const out = new Float32Array(3);
  const r = lab.activate('relu', [-1, 0, 2], out);
  assert.equal(r, out);
  assert.deepEqual([...out], [0, 0, 2]);
});

test('bad input throws a specific Error and the module keeps working', () => {
  const x = Float32Array.of(1, 2);
  assert.throws(() => lab.activate('relux', x), /unknown activation 'relux' \(valid: 'linear', 'step'/);
  assert.throws(() => lab.activate(3, x), /activation must be an activation name/);
  assert.throws(() => lab.activate('relu', new Float64Array(2)), /x must be a Float32Array or an array of numbers, got a Float64Array/);
  assert.throws(() => lab.activate('relu', 'abc'), /x must be a Float32Array/);
  assert.throws(() => lab.activate('relu', [1, 'a']), /x\[1\] is "a", not a number/);
  assert.throws(() => lab.activate('relu', x, new Float32Array(3)), /out has length 3, x has 2/);
  assert.throws(() => lab.activate('relu', x, [0, 0]), /out must be a Float32Array/);
  assert.throws(() => lab.derivative('elu', x, undefined, { alpha: NaN }), /alpha of elu must be a finite number, got NaN/);
  assert.throws(() => lab.activate('elu', x, undefined, { alpha: Infinity }), /alpha of elu must be a finite number/);
  assert.throws(() => lab.activate('leaky_relu', x, undefined, { alpha: 1.5 }), /alpha of leaky_relu must be ≥ 0 and ≤ 1, got 1.5/);
  assert.throws(() => lab.activate('elu', x, undefined, { alpha: -1 }), /alpha of elu must be ≥ 0 and ≤ 100, got -1/);
  assert.throws(() => lab.activate('relu', x, undefined, { alpha: 0.1 }), /'relu' takes no parameter \(alpha is for leaky_relu, elu\)/);
  assert.throws(() => lab.activate('relu', x, undefined, { impl: 'avx' }), /unknown impl 'avx' \(valid: 'simd', 'scalar'\)/);
  assert.throws(() => lab.activate('relu', x, undefined, { alpah: 1 }), /unknown field 'alpah'/);
  assert.throws(() => lab.activate('relu', x, undefined, 5), /params must be an object/);
  assert.throws(() => lab.activate('relu', { length: 2 ** 27 }), /x must be a Float32Array/);
  const huge = new Array(2 ** 26 + 1);
  assert.throws(() => lab.activate('relu', huge), /above the limit of 67108864/);
  assert.deepEqual([...lab.activate('relu', x)], [1, 2]);
});
