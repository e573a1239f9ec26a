// datasets.js — lab.datasets: the C core's generated sets (datasets.def, one
// function per row: circles(), moons(), …; the regression sets plane(),
// multigauss(), sine() give X of DATASET_SHAPES[name].inputs columns and real y), split(), tables from CSV text
// (fromCSV) and the three bundled tables (iris, breastCancer, digits).
import { DATASETS, DATASET_SHAPES } from './tables.js';
import { describe, isPlainObject, toF32, optObject, num } from './check.js';
import { normalizeDatasetOptions } from './options.js';
import { parseCSV } from './csv.js';
import { TABLE_INFO } from './tabular.js';

/** The bundled tables (src/data/), loaded on first use: a chunk of their own. */
let realdata = null;
async function table(name) {
  realdata ??= import('./realdata.js');
  return (await realdata)[name](TABLE_INFO[name]);
}

/** lab.datasets on the wasm `core`. */
export function createDatasets(core) {
  const ex = core.ex;

  function make(kind, name, opts) {
    const where = `datasets.${name}()`;
    const { n, noise, factor, classes, seed, scale } = normalizeDatasetOptions(name, optObject(opts, `${where}: options`), where);
    const d = DATASET_SHAPES[name].inputs;
    const { base, ptrs } = core.allocAll([n * d, n], 'the data set', where);
    try {
      core.check(ex.gl_dataset(kind, n, noise, factor, classes, seed, scale ? 1 : 0, ptrs[0], ptrs[1]), where);
      return { X: core.getF32(ptrs[0], n * d), y: core.getF32(ptrs[1], n) };
    } finally {
      core.free(base);
    }
  }

  const datasets = {
    names: Object.freeze([...DATASETS]),
    /** A table of numbers from CSV text: { X, y, inputs, classes, columns, label, classNames? } (docs/API.md). */
    fromCSV: (text, options) => parseCSV(text, options, 'datasets.fromCSV()'),
    /** The bundled tables: Promises of the same shape as fromCSV's. */
    iris: () => table('iris'),
    breastCancer: () => table('breastCancer'),
    digits: () => table('digits'),
    split(data, trainFraction = 0.5) {
      const where = 'datasets.split()';
      if (!isPlainObject(data)) throw new TypeError(`${where}: data must be { X, y }, got ${describe(data)}`);
      const X = toF32(data.X, 'data.X', where);
      const y = toF32(data.y, 'data.y', where);
      const n = y.length;
      if (n < 2) throw new RangeError(`${where}: data.y has ${n} samples; at least 2 are needed to split`);
      if (X.length % n !== 0) throw new RangeError(`${where}: data.X has ${X.length} values, not a multiple of the ${n} samples in data.y`);
      const d = X.length / n;
      const f = num(trainFraction, 'trainFraction', where, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
      const nt = Math.min(n - 1, Math.max(1, Math.round(n * f)));
      return {
        train: { X: X.slice(0, nt * d), y: y.slice(0, nt) },
        test: { X: X.slice(nt * d), y: y.slice(nt) },
      };
    },
  };
  DATASETS.forEach((name, kind) => { datasets[name] = (opts) => make(kind, name, opts); });
  return Object.freeze(datasets);
}
