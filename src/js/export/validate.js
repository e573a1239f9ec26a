// validate.js — the exporter's checks of an experiment and of the weights and
// data to embed, with gradlab's defaults filled in.
//
// The checks, tables and messages are gradlab.js' own (lab.network(spec) and
// net.train() run the same functions), so both accept exactly the same input.

import { ALPHA, DATASETS, DATASET_SHAPES, limits } from '../tables.js';
import { describe, isPlainObject, checkKeys, num, int, oneOf } from '../check.js';
import { TABLES, TABLE_INFO, SCALINGS } from '../tabular.js';
import { normalizeDatasetOptions, normalizeNetworkSpec, normalizeTrainOptions, TRAIN_KEYS } from '../options.js';
import { weightFields } from '../model.js';
import { checkFeatures } from '../features.js';

/** v itself if it is a plain object, else a TypeError naming where. */
export function object(v, where) {
  if (!isPlainObject(v)) throw new TypeError(`${where} must be an object, got ${describe(v)}`);
  return v;
}

/** The tables a script can load: the bundled ones (embedded) and the user's CSV file ('csv'). */
export const TABLE_TYPES = Object.freeze([...TABLES, 'csv']);
export const isTableType = (type) => TABLE_TYPES.includes(type);

// A table (a bundled one, or the user's CSV file): as the page and `gradlab
// train` take it, its rows shuffled with `seed` (shuffleRows), the first
// trainFraction of them train, the features standardised with the training
// rows' statistics (`scaling`: scalingOf). A CSV also names its file, the
// checksum of its text (FNV-1a, as the page names an uploaded CSV), its data
// rows, its label column (-1: the last) and classes (0: a regression label);
// its feature columns are network.inputs.
function validateTable(d, type, p) {
  const csvKeys = type === 'csv' ? ['file', 'checksum', 'rows', 'label', 'classes'] : [];
  checkKeys(d, ['type', 'seed', 'trainFraction', 'std', ...csvKeys], `${p} (the ${type === 'csv' ? 'CSV file' : `bundled table ${type}`})`);
  const out = {
    type,
    seed: int(d.seed, 'seed', p, { def: 1, min: 0, max: 4294967295 }),
    trainFraction: num(d.trainFraction, 'trainFraction', p, { def: 0.5, min: 0, max: 1, minExclusive: true }),
    std: oneOf(d.std, SCALINGS, 'std', p, 'zscore'),
  };
  if (type !== 'csv') return { ...out, n: TABLE_INFO[type].rows, classes: TABLE_INFO[type].classes };
  if (typeof d.file !== 'string' || d.file === '' || d.file.length > 120 || /[\r\n]/.test(d.file)) {
    throw new TypeError(`${p}: file must be the CSV file's name (1 … 120 characters, one line), got ${describe(d.file)}`);
  }
  if (typeof d.checksum !== 'string' || !/^[0-9a-f]{8}$/.test(d.checksum)) {
    throw new TypeError(`${p}: checksum must be the CSV text's checksum, 8 hex digits (FNV-1a of its UTF-16 code units, as the page names the file), got ${describe(d.checksum)}`);
  }
  const rows = int(d.rows, 'rows', p, { min: 2, max: limits.maxCsvRows });
  const classes = int(d.classes, 'classes', p, { min: 0, max: limits.maxClasses });
  if (classes === 1) throw new RangeError(`${p}: classes is 1; a label column has 0 (a regression: a real value) or 2 … ${limits.maxClasses} classes`);
  return { ...out, file: d.file, checksum: d.checksum, n: rows, label: int(d.label, 'label', p, { def: -1, min: -1, max: limits.maxCsvColumns - 1 }), classes };
}

// lab.datasets.<type>()'s check (n ≥ 2 here: the split needs a point on each
// side), plus the type and the split; or a table's (validateTable).
function validateDataset(d) {
  const p = 'experiment.dataset';
  object(d, p);
  if (isTableType(d.type)) return validateTable(d, d.type, p);
  const type = oneOf(d.type, DATASETS, 'type', p, 'circles');
  const { factor, ...o } = normalizeDatasetOptions(type, d, p, { more: ['type', 'trainFraction', 'features'], minN: 2 });
  // 1: every point trains and there is no test set (as the CLI's train --config)
  const trainFraction = num(d.trainFraction, 'trainFraction', p, { def: 0.5, min: 0, max: 1, minExclusive: true });
  // the network's feature inputs (2-D sets): the script computes them from the two coordinates
  let features = null;
  if (d.features !== undefined) {
    if (DATASET_SHAPES[type].inputs !== 2) throw new RangeError(`${p}.features: the ${type} data set has ${DATASET_SHAPES[type].inputs} input; feature inputs are for the 2-D sets`);
    features = [...checkFeatures(d.features, `${p}.features`)];
  }
  return { type, ...o, trainFraction, ...(type === 'circles' ? { factor } : {}), ...(features ? { features } : {}) };
}

// lab.network()'s check (inputs default 2, or the number of the data's
// feature inputs; loss default binary_crossentropy), then the exporter's
// extras: alpha's default and each layer's fan-in. A network on feature
// inputs records them (spec.features, as its model file does): the data's.
function validateNetwork(s, features, inputs = 2) {
  const p = 'experiment.network';
  if (isPlainObject(s) && s.features !== undefined) {
    const f = checkFeatures(s.features, `${p}.features`);
    if (f.join(',') !== (features ?? []).join(',')) {
      throw new RangeError(`${p}.features is ${f.join(', ')}; experiment.dataset.features ${features ? `is ${features.join(', ')}` : 'is not set'}: they must be the same list (the network's inputs are the data's features)`);
    }
  }
  const spec = normalizeNetworkSpec(features && isPlainObject(s) ? { ...s, features } : s, p, { inputs, loss: 'binary_crossentropy' });
  let fanIn = spec.inputs;
  let params = 0;
  const layers = spec.layers.map((L) => {
    const out = { ...L, fanIn };
    if (ALPHA[L.activation]) out.alpha = L.alpha ?? ALPHA[L.activation].def;
    params += fanIn * L.units + L.units + (L.norm ? 2 * L.units : 0);
    fanIn = L.units;
    return out;
  });
  return { ...spec, layers, params };
}

function validateTrain(t) {
  const p = 'experiment.train';
  if (t !== undefined) object(t, p);
  checkKeys(t ?? {}, TRAIN_KEYS, p);
  if (t?.optimizer !== undefined) object(t.optimizer, `${p}.optimizer`);
  return normalizeTrainOptions(t ?? {}, p, `${p}.optimizer`);
}

function validateWeights(weights, net) {
  const p = 'weights';
  if (!Array.isArray(weights)) throw new TypeError(`${p} must be an array of { kernel, bias } (one per layer), got ${describe(weights)}`);
  if (weights.length !== net.layers.length) {
    throw new RangeError(`${p} has ${weights.length} layers; the network has ${net.layers.length}`);
  }
  return weights.map((w, i) => {
    const L = net.layers[i];
    const q = `${p}[${i}]`;
    object(w, q);
    const fields = weightFields({ fanIn: L.fanIn, units: L.units, norm: L.norm });
    checkKeys(w, fields.map(([nm]) => nm), q);
    const arr = (v, name, len) => {
      if (!(Array.isArray(v) || v instanceof Float32Array || v instanceof Float64Array)) {
        throw new TypeError(`${q}.${name} must be a Float32Array or an array of numbers, got ${describe(v)}`);
      }
      if (v.length !== len) throw new RangeError(`${q}.${name} has ${v.length} values; layer ${i} needs ${len}${name === 'kernel' ? ` ([${L.fanIn}][${L.units}], row-major [in][out])` : ''}`);
      const f = Float32Array.from(v);
      for (let j = 0; j < f.length; j++) {
        if (!Number.isFinite(f[j])) throw new RangeError(`${q}.${name}[${j}] is ${v[j]}, not a finite float32`);
      }
      return f;
    };
    return Object.fromEntries(fields.map(([nm, len]) => {
      if (w[nm] === undefined) throw new TypeError(`${q}.${nm} is missing: layer ${i} has norm '${L.norm}' and needs ${fields.map(([f]) => f).join(', ')}`);
      return [nm, arr(w[nm], nm, len)];
    }));
  });
}

/**
 * Check an experiment and fill in gradlab's defaults. Throws a TypeError or
 * RangeError whose message names the field (e.g. "experiment.network.layers[2].activation ...").
 */
export function validateExperiment(experiment) {
  object(experiment, 'experiment');
  checkKeys(experiment, ['dataset', 'network', 'train'], 'experiment');
  const dataset = validateDataset(experiment.dataset ?? {});
  // inputs default to 2, or a bundled table's feature columns (as `gradlab train` takes the config)
  const network = validateNetwork(experiment.network, dataset.features, TABLES.includes(dataset.type) ? TABLE_INFO[dataset.type].inputs : 2);
  const train = validateTrain(experiment.train);
  const shape = dataShape(dataset, network);
  if (!dataset.features && network.inputs !== shape.inputs) {
    throw new RangeError(`experiment.network.inputs is ${network.inputs}; the ${dataset.type} ${isTableType(dataset.type) ? 'table' : 'data set'} has ${shape.inputs} feature${shape.inputs > 1 ? 's' : ''}`);
  }
  const outputs = network.layers[network.layers.length - 1].units;
  if (shape.target === 'value' && outputs !== 1) {
    throw new RangeError(`experiment.network.layers[${network.layers.length - 1}].units is ${outputs}; the ${dataset.type} data set is a regression (one value per point): 1 output`);
  }
  if (outputs === 1 && dataset.classes > 2) {
    throw new RangeError(`experiment.network.layers[${network.layers.length - 1}].units is 1; ${dataset.classes} classes need ${dataset.classes} outputs (softmax)`);
  }
  if (outputs > 1 && outputs !== dataset.classes) {
    throw new RangeError(`experiment.network.layers[${network.layers.length - 1}].units is ${outputs}; the data set has ${dataset.classes} classes (one-hot targets need as many outputs)`);
  }
  return { dataset, network, train };
}

/**
 * The columns of the data's X (inputs) and its y ('class' or 'value'): the
 * generated set's (DATASET_SHAPES), a bundled table's (TABLE_INFO), or a CSV
 * file's (its feature columns are the network's inputs).
 */
export function dataShape(dataset, network) {
  if (TABLES.includes(dataset.type)) return { inputs: TABLE_INFO[dataset.type].inputs, target: 'class' };
  if (dataset.type === 'csv') return { inputs: network.inputs, target: dataset.classes ? 'class' : 'value' };
  return DATASET_SHAPES[dataset.type];
}

/** The most points (train and test together) a script embeds: each becomes a line of Python. */
export const MAX_EMBEDDED_POINTS = 100000;

// data.<part>.X as a Float32Array [n][inputs]: a flat sample-major array (as
// gradlab takes X) or an array of rows; every value a finite float32.
function points(X, q, inputs, room) {
  const flat = isNumbers(X) && (!Array.isArray(X) || X.length === 0 || typeof X[0] === 'number');
  if (!flat && !Array.isArray(X)) {
    throw new TypeError(`${q} must be a Float32Array, an array of numbers (sample-major [n][${inputs}]) or an array of [x1, x2] rows, got ${describe(X)}`);
  }
  const n = flat ? X.length / inputs : X.length;
  if (flat && !Number.isInteger(n)) throw new RangeError(`${q} has ${X.length} values, not a multiple of the ${inputs} inputs (X is sample-major [n][${inputs}])`);
  if (n > room) throw new RangeError(`${q} has ${n} points; a script embeds at most ${MAX_EMBEDDED_POINTS} (train and test together)`);
  const out = new Float32Array(n * inputs);
  for (let i = 0; i < n; i++) {
    const row = flat ? null : X[i];
    if (!flat && !(isNumbers(row) && row.length === inputs)) {
      throw new TypeError(`${q}[${i}] must be a row of ${inputs} numbers, got ${describe(row)}`);
    }
    for (let j = 0; j < inputs; j++) {
      const v = flat ? X[i * inputs + j] : row[j];
      const f = Math.fround(v);
      if (typeof v !== 'number' || !Number.isFinite(f)) {
        throw new RangeError(`${q}[${flat ? i * inputs + j : `${i}][${j}`}] is ${describe(v)}, not a finite float32`);
      }
      out[i * inputs + j] = f;
    }
  }
  return out;
}

const isNumbers = (v) => Array.isArray(v) || v instanceof Float32Array || v instanceof Float64Array;

// data.<part>.y as labels, one per point (the script's targets() makes the
// network's targets of them): with one output the target itself (in [0, 1]
// for binary_crossentropy, any finite number for mse); with k outputs a class
// index 0 … k-1, given as the index or as gradlab's one-hot row [n][k].
function labels(y, q, n, net, outputs) {
  if (!isNumbers(y)) throw new TypeError(`${q} must be a Float32Array or an array of numbers (one label per point), got ${describe(y)}`);
  const k = outputs;
  const oneHot = k > 1 && y.length === n * k && n > 0;
  if (y.length !== n && !oneHot) {
    throw new RangeError(`${q} has ${y.length} values; its ${n} points need ${n}${k > 1 ? ` (class indices) or ${n * k} (one-hot [${n}][${k}])` : ''}`);
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (oneHot) {
      let c = -1;
      for (let j = 0; j < k; j++) {
        const v = y[i * k + j];
        if (v === 1 && c < 0) c = j;
        else if (v !== 0) c = -2;
      }
      if (c < 0) throw new RangeError(`${q}: row ${i} (values ${i * k} … ${i * k + k - 1}) is not one-hot: ${k} outputs need exactly one 1, the rest 0`);
      out[i] = c;
      continue;
    }
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) throw new RangeError(`${q}[${i}] is ${describe(v)}, not a finite float32`);
    if (k > 1 && !(Number.isInteger(v) && v >= 0 && v < k)) {
      throw new RangeError(`${q}[${i}] is ${v}; with ${k} outputs (one-hot targets) labels are class indices, integers in 0 … ${k - 1}`);
    }
    if (k === 1 && net.loss !== 'mse' && !(v >= 0 && v <= 1)) {
      throw new RangeError(`${q}[${i}] is ${v}; targets of ${net.loss} must be in [0, 1]`);
    }
    out[i] = v;
  }
  return out;
}

// options.data: the points to embed, { train: { X, y }, test?: { X, y } }: X the
// data's own columns (`inputs`; the script computes feature inputs from them).
function validateData(data, net, outputs, inputs) {
  const p = 'data';
  object(data, p);
  checkKeys(data, ['train', 'test'], p);
  if (data.train === undefined) throw new TypeError(`${p}.train is missing: the points to train on, { X, y }`);
  let room = MAX_EMBEDDED_POINTS;
  const part = (name) => {
    const q = `${p}.${name}`;
    const d = data[name];
    if (name === 'test' && (d === undefined || d === null)) return { X: new Float32Array(0), y: new Float32Array(0), n: 0 };
    object(d, q);
    checkKeys(d, ['X', 'y'], q);
    const X = points(d.X, `${q}.X`, inputs, room);
    const n = X.length / inputs;
    room -= n;
    return { X, y: labels(d.y, `${q}.y`, n, net, outputs), n };
  };
  const train = part('train');
  if (train.n === 0) throw new RangeError(`${p}.train.X has no points; the script needs at least one to train on`);
  return { train, test: part('test') };
}

// options.table: a bundled table's rows in its own order, as lab.datasets.<name>()
// gives them ({ X: [rows][inputs] flat, y: class indices }): what the script embeds
// and shuffles, splits and standardises as gradlab does.
function validateTableRows(table, d, net) {
  const p = 'table';
  const info = TABLE_INFO[d.type];
  object(table, p);
  const { X, y } = table; // the other fields of lab.datasets.<name>() (columns, classNames, …) are not embedded
  if (X === undefined || y === undefined) throw new TypeError(`${p} must be the ${d.type} table as lab.datasets.${d.type}() gives it: { X, y, … }`);
  const rows = points(X, `${p}.X`, info.inputs, Infinity);
  const n = rows.length / info.inputs;
  if (n !== info.rows) throw new RangeError(`${p}.X has ${n} rows; the ${d.type} table has ${info.rows} (lab.datasets.${d.type}())`);
  return { X: rows, y: labels(y, `${p}.y`, n, net, info.classes), n };
}

/** The checked experiment, weights, data and table of exportPyTorch / exportKeras. */
export function scriptInputs(experiment, options) {
  const e = validateExperiment(experiment);
  object(options, 'options');
  checkKeys(options, ['weights', 'data', 'table'], 'options');
  const weights = options.weights === undefined || options.weights === null ? null : validateWeights(options.weights, e.network);
  const net = e.network;
  const outputs = net.layers[net.layers.length - 1].units;
  const d = e.dataset;
  const inputs = dataShape(d, net).inputs; // the columns of the points (before any feature inputs)
  const given = (v) => v !== undefined && v !== null;
  let data = null, table = null;
  if (isTableType(d.type)) {
    // a table's script rebuilds the split itself: from the embedded rows, or from the CSV file it is given
    if (given(options.data)) {
      throw new TypeError(`options.data: the script of a table (${d.type}) shuffles, splits and standardises the table's rows itself, as gradlab does; leave data out${d.type === 'csv' ? '' : ` and give the table's rows (options.table = lab.datasets.${d.type}())`}`);
    }
    if (d.type === 'csv') {
      if (given(options.table)) throw new TypeError(`options.table: the script of a CSV reads the file "${d.file}" itself (its path on the command line); leave table out`);
    } else {
      if (!given(options.table)) throw new TypeError(`options.table is missing: the script of the bundled table ${d.type} embeds its rows; give them as lab.datasets.${d.type}() returns them`);
      table = validateTableRows(options.table, d, net);
    }
  } else if (given(options.table)) {
    throw new TypeError(`options.table: only the bundled tables (${TABLES.join(', ')}) embed a table; the ${d.type} data set is generated (or embedded as options.data)`);
  } else if (given(options.data)) {
    data = validateData(options.data, net, outputs, inputs);
  }
  // the training points and the steps of an epoch (a schedule counts steps): the
  // embedded points, else the split of the generated set or the table (as datasets.split)
  const nTrain = data ? data.train.n
    : d.trainFraction >= 1 ? d.n : Math.min(d.n - 1, Math.max(1, Math.round(d.n * d.trainFraction)));
  const stepsPerEpoch = Math.ceil(nTrain / Math.min(e.train.batchSize, nTrain));
  return { e, weights, data, table, net, outputs, inputs, stepsPerEpoch };
}
