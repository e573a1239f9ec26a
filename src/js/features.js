// features.js — TensorFlow Playground's feature inputs, computed from the two
// coordinates of 2-D data: x1, x2, x1², x2², x1·x2, sin x1, sin x2. One
// transform for the page, the CLI (config.dataset.features) and the tests:
// a network trained on chosen features takes featureColumns(X, features) as
// its input (inputs = features.length). Plain JS, no wasm.
import { describe } from './check.js';

/** The feature names, in the order the page and the CLI list them. */
export const FEATURES = Object.freeze(['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
/** Each feature as written for people. */
export const FEATURE_LABELS = Object.freeze({ x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁·x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' });

const FN = {
  x1: (a) => a, x2: (a, b) => b, x1sq: (a) => a * a, x2sq: (a, b) => b * b,
  x1x2: (a, b) => a * b, sinx1: (a) => Math.sin(a), sinx2: (a, b) => Math.sin(b),
};

/** Check a list of feature names (at least one, each known, none twice); returns a frozen copy. */
export function checkFeatures(features, where = 'features') {
  if (!Array.isArray(features) || features.length === 0) throw new TypeError(`${where} must be a non-empty array of ${FEATURES.join(', ')}, got ${describe(features)}`);
  features.forEach((f, i) => {
    if (!FEATURES.includes(f)) throw new RangeError(`${where}[${i}] must be one of ${FEATURES.join(', ')}, got ${describe(f)}`);
    if (features.indexOf(f) !== i) throw new RangeError(`${where}[${i}]: "${f}" is listed twice`);
  });
  return Object.freeze([...features]);
}

/** The value of feature `name` at the point (a, b). */
export const featureValue = (name, a, b) => FN[name](a, b);

/**
 * X (sample-major [n][2], any array of numbers) → Float32Array [n][features.length]:
 * each row's chosen features of its two coordinates, in the order given.
 */
export function featureColumns(X, features, where = 'featureColumns()') {
  const f = checkFeatures(features, `${where}: features`);
  if (!X || typeof X.length !== 'number' || X.length % 2 !== 0) throw new TypeError(`${where}: X must be sample-major [n][2] numbers, got ${describe(X)}`);
  const n = X.length / 2, k = f.length;
  const fns = f.map((name) => FN[name]);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = X[2 * i], b = X[2 * i + 1];
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j](a, b);
  }
  return out;
}
