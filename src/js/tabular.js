// tabular.js — what a table (datasets.fromCSV() or a bundled one) needs before
// a network trains on it, shared by the CLI (train --data, config.dataset.type
// iris | breastCancer | digits) and the page: the bundled tables' shapes, a
// seeded shuffle of the rows (tables are often sorted by class), and the
// standardisation of the features with statistics of the training rows only
// (z-score, min–max, or none). Plain JS, no wasm.
import { describe } from './check.js';
import { parseCSV } from './csv.js';

/** The bundled tables (lab.datasets.iris() …): rows, feature columns, classes, the column names and label. */
const CANCER = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity',
  'concave points', 'symmetry', 'fractal dimension'];
export const TABLE_INFO = Object.freeze({
  iris: Object.freeze({
    rows: 150, inputs: 4, classes: 3, label: 'species', classNames: Object.freeze(['setosa', 'versicolor', 'virginica']),
    columns: Object.freeze(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']),
  }),
  breastCancer: Object.freeze({
    rows: 569, inputs: 30, classes: 2, label: 'diagnosis', classNames: Object.freeze(['malignant', 'benign']),
    columns: Object.freeze([...CANCER.map((f) => `mean ${f}`), ...CANCER.map((f) => `${f} error`), ...CANCER.map((f) => `worst ${f}`)]),
  }),
  digits: Object.freeze({
    rows: 1797, inputs: 64, classes: 10, label: 'digit', classNames: Object.freeze(Array.from({ length: 10 }, (_, d) => String(d))),
    columns: Object.freeze(Array.from({ length: 64 }, (_, j) => `pixel ${Math.floor(j / 8)},${j % 8}`)),
  }),
});
/** The bundled tables' names (lab.datasets.<name>()). */
export const TABLES = Object.freeze(Object.keys(TABLE_INFO));

/** The standardisations: z-score (mean 0, sd 1), min–max (0 … 1), none. */
export const SCALINGS = Object.freeze(['zscore', 'minmax', 'none']);

/** datasets.fromCSV() without a loaded lab (the same parser): the page checks a file with it before it uses it. */
export const fromCSV = (text, options) => parseCSV(text, options, 'fromCSV()');

/**
 * Table t ({ X, y, inputs, classes, … }) with its rows in a seeded random order
 * (mulberry32 of `seed`, a Fisher–Yates shuffle): { X, y } new arrays, the other fields as t's.
 */
export function shuffleRows(t, seed = 1) {
  const n = t.y.length;
  const d = t.inputs;
  const order = Array.from({ length: n }, (_, i) => i);
  let a = seed >>> 0; // mulberry32
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  order.forEach((r, i) => { X.set(t.X.subarray(r * d, (r + 1) * d), i * d); y[i] = t.y[r]; });
  return { ...t, X, y };
}

/**
 * The standardisation `kind` of features X (sample-major [n][inputs]) measured
 * on those rows (pass the training rows only): { kind, shift, scale } (Float64Array
 * per feature; a feature becomes (x − shift) / scale). zscore: the mean and the
 * standard deviation (population); minmax: the minimum and max − min; none: 0 and 1.
 * A constant feature gets a scale of 1.
 */
export function scalingOf(X, inputs, kind = 'zscore') {
  if (!SCALINGS.includes(kind)) throw new RangeError(`scalingOf(): kind must be one of ${SCALINGS.join(', ')}, got ${describe(kind)}`);
  const n = Math.floor(X.length / inputs);
  const shift = new Float64Array(inputs), scale = new Float64Array(inputs).fill(1);
  if (kind === 'none' || n === 0) return { kind, shift, scale };
  for (let j = 0; j < inputs; j++) {
    if (kind === 'zscore') {
      let m = 0;
      for (let i = 0; i < n; i++) m += X[i * inputs + j];
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (X[i * inputs + j] - m) ** 2;
      shift[j] = m;
      scale[j] = Math.sqrt(v / n) || 1;
    } else {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) { const x = X[i * inputs + j]; if (x < lo) lo = x; if (x > hi) hi = x; }
      shift[j] = lo;
      scale[j] = hi - lo || 1;
    }
  }
  return { kind, shift, scale };
}

/** X (sample-major [n][inputs]) standardised by `s` (scalingOf()): a new Float32Array. */
export function applyScaling(X, inputs, s) {
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) { const j = i % inputs; out[i] = (X[i] - s.shift[j]) / s.scale[j]; }
  return out;
}
