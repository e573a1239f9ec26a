// state.js — the page's whole state as one table of fields. The table drives
// defaults, validation (of form inputs and of the URL hash) and the URL-hash
// (de)serialisation. No DOM here.

import {
  ACTIVATIONS as LIB_ACTIVATIONS, INITIALIZERS, INIT_PARAMS, DATASETS as LIB_DATASETS, DATASET_PARAMS, DATASET_SHAPES, LOSS_OUTPUT,
  FEATURES, checkFeatures, ALPHA, NORMS, LAYER_PARAMS, INIT_GAIN, TRAIN_PARAMS, SCHEDULES, SCHEDULE_PARAMS, limits,
  TABLES, TABLE_INFO, SCALINGS, fromCSV,
} from '../dist/gradlab.js';

// The library's lists (generated from the C core's tables), as the page offers them:
/** hidden-layer activations: every activation but the output-only ones (softmax) */
export const ACTIVATIONS = Object.freeze(LIB_ACTIVATIONS.filter((a) => a !== LOSS_OUTPUT.categorical_crossentropy.activation));
export const INITS = INITIALIZERS;
/** The page's data: the generated sets, the bundled tables, and the user's CSV ('csv', setting `table`). */
export const DATASETS = Object.freeze([...LIB_DATASETS, ...TABLES, 'csv']);
export { TABLES, TABLE_INFO, SCALINGS };
/** Whether data set `ds` is a table (a bundled one or the user's CSV): rows of columns, shuffled, split and standardised. */
export const isTable = (ds) => ds === 'csv' || TABLES.includes(ds);
/** The surface's inputs a bundled table starts with (iris: the petals, which separate its classes; digits: two centre pixels). */
export const TABLE_PLANE = Object.freeze({ iris: [2, 3], digits: [27, 36] });
/** The longest CSV text the page keeps with a kept run (the run store holds 24 MB in all). */
export const MAX_KEPT_CSV_CHARS = 4 * 1024 * 1024;
// The page's own menus: output layer + loss, and SGD with and without momentum.
export const OUTPUTS = ['sigmoid_bce', 'sigmoid_mse', 'softmax_cce', 'linear_mse'];
/** The output of the regression sets: one linear unit, mse (on 2 classes it is allowed too: class 1 where the output is over 0.5). */
export const REGRESSION_OUTPUT = 'linear_mse';
/** The output layer's activation of output setting `out`. */
export const outputActivation = (out) => (out === 'softmax_cce' ? 'softmax' : out === 'linear_mse' ? 'linear' : 'sigmoid');
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'];
export const SPEEDS = ['1', '5', '20', '60', '200', 'max'];

export const MAX_LAYERS = 32;
export const MAX_UNITS = 128;
/** Points clicked into the surface (field `pts`, kept in the share link): at most this many. */
export const MAX_ADDED_POINTS = 200;
/**
 * The kind of an added point: 'class' { x, y, c } (the classification sets), 'value'
 * { x, y, v } (the 2-D regression sets: a value at (x, y)), 'curve' { x, y } (the 1-D
 * sine: input x, value y). Each is where it was clicked on the surface.
 */
export const pointKind = (p) => (p.c !== undefined ? 'class' : p.v !== undefined ? 'value' : 'curve');
/** The kind of point data with `classes` classes (0: a regression set) and `inputs` inputs takes (null: none). */
export const dataPointKind = (classes, inputs) => (inputs === 1 ? 'curve' : inputs !== 2 ? null : classes === 0 ? 'value' : 'class');
/** Whether added point p fits data of `classes` classes and `inputs` inputs (its kind, a class it has). */
export const pointFits = (p, classes, inputs) => pointKind(p) === dataPointKind(classes, inputs) && !(p.c >= classes);
/** The training target of added point p: its class, its value, or (the sine) its y. */
export const pointTarget = (p) => p.c ?? p.v ?? p.y;
/** Classes the page draws at most (one colour each: surface.js CLASS_COLORS). */
export const MAX_PAGE_CLASSES = 8;
/** Whether data set `ds` takes a number of classes (the library's option `classes`: spiral, gauss). */
export const hasClasses = (ds) => !!(DATASET_PARAMS[ds] && DATASET_PARAMS[ds].classes);
/** Whether generated data set `ds` is a regression set (a real value per point: plane, multigauss, sine). */
export const isRegression = (ds) => !!DATASET_SHAPES[ds] && DATASET_SHAPES[ds].target === 'value';

let shapeCache = { key: '', shape: null, error: null };
/**
 * The table of settings `st` (a bundled table or the CSV of setting `table`, its label column
 * `label`): { rows, inputs, classes, columns, label, classNames? }; null when `st.ds` is not a
 * table or the page has no such CSV. Throws fromCSV()'s error (row, column) for a CSV it cannot read.
 */
export function tableShape(st) {
  if (TABLES.includes(st.ds)) return TABLE_INFO[st.ds];
  if (st.ds !== 'csv' || !st.table || typeof st.table.text !== 'string') return null;
  const key = `${st.table.sum}:${st.label}:${st.table.text.length}`;
  if (shapeCache.key !== key) {
    shapeCache = { key, shape: null, error: null };
    try {
      const t = fromCSV(st.table.text, csvOptions(st));
      shapeCache.shape = Object.freeze({ rows: t.y.length, inputs: t.inputs, classes: t.classes, columns: t.columns, label: t.label, classNames: t.classNames });
    } catch (e) { shapeCache.error = e; }
  }
  if (shapeCache.error) throw shapeCache.error;
  return shapeCache.shape;
}
/**
 * Why the page cannot train on table shape `t` (tableShape), or null: with one
 * input it draws one curve over it (a regression table: the predicted value;
 * 2 classes: P(class 1)), which cannot show more than 2 classes.
 */
export function tableRefusal(t) {
  if (t.inputs >= 2 || t.classes <= 2) return null;
  const names = t.classNames ? ` (${t.classNames.slice(0, 6).join(', ')}${t.classNames.length > 6 ? ', …' : ''})` : '';
  return `has 1 input column and ${t.classes} classes${names} in its label "${t.label}"; with one input the page draws one curve, ` +
    'P(class 1) over that input, which can show 2 classes only: use a label with 2 classes or real values, or a file with 2 or more input columns';
}
/** fromCSV()'s options for the CSV of settings `st` (its label column; -1: the last). */
export const csvOptions = (st) => (st.label >= 0 ? { label: st.label } : {});
/** tableShape(st), or null where it throws. */
const shapeOrNull = (st) => { try { return tableShape(st); } catch { return null; } };

/** The number of classes of the page's data under settings `st` (2 unless the set takes `classes`; 0: a regression set or table). */
export const dataClasses = (st) => {
  if (isTable(st.ds)) { const t = shapeOrNull(st); return t ? t.classes : 2; }
  return isRegression(st.ds) ? 0 : hasClasses(st.ds) ? st.classes : 2;
};
/** The inputs of the page's data under settings `st` (the sine: 1; a table: its feature columns). */
export const dataInputs = (st) => {
  if (isTable(st.ds)) { const t = shapeOrNull(st); return t ? t.inputs : 2; }
  return DATASET_SHAPES[st.ds].inputs;
};
/** The feature inputs the networks take under settings `st` (field feat; null: the data's own columns: x1, x2, or the sine's x; a table's columns). */
export const dataFeatures = (st) => (!isTable(st.ds) && dataInputs(st) === 2 && st.feat.join(',') !== 'x1,x2' ? st.feat : null);
/** The networks' inputs under settings `st`: the chosen features (2-D data), else the data's columns. */
export const netInputs = (st) => (dataFeatures(st) ? st.feat.length : dataInputs(st));
/** Datasets whose default noise differs from `noise`'s (0.1 turns the spiral into a blob). */
export const DATASET_NOISE = Object.freeze({ spiral: 0.03 });
/** The default noise of dataset `ds`. */
export const defaultNoise = (ds) => DATASET_NOISE[ds] ?? 0.1;

const int = (min, max) => ({ kind: 'int', min, max });
const num = (min, max) => ({ kind: 'num', min, max });
const oneOf = (values) => ({ kind: 'enum', values });
/** A field whose type and range are a row of the library's tables (TRAIN_PARAMS, INIT_GAIN, …). */
const lib = (spec) => ({
  kind: spec.type === 'integer' ? 'int' : 'num', min: spec.min, max: spec.max,
  minExclusive: !!spec.minExclusive, maxExclusive: !!spec.maxExclusive, def: spec.def,
});

/** The layer options of the Network panel (per hidden layer), their ranges from the library's tables. */
export const ALPHA_ACTS = Object.freeze(Object.keys(ALPHA));
export { ALPHA, NORMS };
export const LAYER_OPT_SPECS = Object.freeze({
  alpha: (act) => ({ ...lib({ type: 'number', ...ALPHA[act] }), label: `alpha of ${act}` }),
  res: { ...lib(LAYER_PARAMS.residual), def: 0, label: 'residual' },
  drop: { ...lib(LAYER_PARAMS.dropout), label: 'dropout' },
  gain: { ...lib(INIT_GAIN), label: 'init gain' },
});
/** The clip modes of the page ('off' or the key of the library's clip: { norm } | { value }). */
export const CLIPS = ['off', 'norm', 'value'];
/** A clip threshold: the library's (0, maxMagnitude]. */
const CLIP_SPEC = { kind: 'num', min: 0, max: limits.maxMagnitude, minExclusive: true };
/** The schedules' parameters as page fields: warmupEpochs (every type's) and `<type>.<param>` for the others. */
export const SCHEDULE_FIELDS = Object.freeze(Object.fromEntries(SCHEDULES.map((type) => [type,
  Object.keys(SCHEDULE_PARAMS[type]).map((p) => (p === 'warmupEpochs' ? 'warmupEpochs' : `${type}.${p}`))])));
const scheduleFieldSpecs = () => {
  const out = {};
  for (const type of SCHEDULES) {
    for (const [p, spec] of Object.entries(SCHEDULE_PARAMS[type])) {
      const key = p === 'warmupEpochs' ? p : `${type}.${p}`;
      if (!out[key]) out[key] = { ...lib(spec), omitDefault: true, label: p === 'warmupEpochs' ? 'warm-up epochs' : `${type} schedule ${p}` };
    }
  }
  return out;
};

/** Global fields: data, schedule, view. */
export const GLOBAL_FIELDS = {
  ds: { ...oneOf(DATASETS), def: 'circles', label: 'dataset' },
  n: { ...int(20, 4000), def: 1000, label: 'points' },
  noise: { ...num(0, 0.5), def: 0.1, label: 'noise' },
  factor: { ...num(0.05, 0.95), def: 0.8, label: 'circle factor' },
  // spiral and gauss: arms / clusters, each a class (more than 2: a softmax output);
  // written to the URL only when not 2 (links from before it keep working)
  classes: { ...int(2, MAX_PAGE_CLASSES), def: 2, label: 'classes' },
  split: { ...num(0.1, 0.9), def: 0.5, label: 'train ratio' },
  dseed: { ...int(0, 2147483647), def: 1, label: 'data seed' },
  seed: { ...int(0, 2147483647), def: 1, label: 'network seed' },
  epochs: { ...int(1, 10000), def: 500, label: 'epochs' },
  speed: { ...oneOf(SPEEDS), def: '60', label: 'speed' },
  cmp: { ...int(0, 1), def: 0, label: 'compare' },
  // compare mode: B starts from A's initial weights where the layer shapes match
  // (written to the URL only when on: links from before it keep working)
  same: { ...int(0, 1), def: 0, label: 'same initial weights' },
  preset: { kind: 'str', max: 32, def: '', label: 'preset' },
  pts: { kind: 'points', def: [], label: 'added points' },
  // the networks' feature inputs (2-D data), the library's FEATURES in their order;
  // written to the URL only when not x1,x2
  feat: { kind: 'features', def: ['x1', 'x2'], label: 'feature inputs' },
  // the tables (written to the URL only for a table; csv, csvsum and label only for the user's CSV):
  // the standardisation, the two inputs the surface is drawn over (0-based columns), the label column
  // (-1: the last), the CSV's file name and checksum (the text itself never goes in the URL: `table`)
  std: { ...oneOf(SCALINGS), def: 'zscore', label: 'standardisation', table: true },
  sx: { ...int(0, limits.maxCsvColumns - 2), def: 0, label: 'surface input (across)', table: true },
  sy: { ...int(0, limits.maxCsvColumns - 2), def: 1, label: 'surface input (up)', table: true },
  label: { ...int(-1, limits.maxCsvColumns - 1), def: -1, label: 'label column', csv: true },
  csv: { kind: 'name', max: 120, def: '', label: 'CSV file name', csv: true },
  csvsum: { kind: 'str', max: 16, def: '', label: 'CSV checksum', csv: true },
  // the user's CSV in this page's session and its kept runs, never in the URL: { name, sum, text }
  table: { kind: 'table', def: null, label: 'CSV table', noHash: true },
};

/** Per-network fields (network A plain, network B prefixed with "b."). */
export const NET_FIELDS = {
  layers: { kind: 'layers', def: [{ units: 5, act: 'tanh' }, { units: 5, act: 'tanh' }], label: 'hidden layers' },
  init: { ...oneOf(INITS), def: 'glorot_uniform', label: 'initialiser' },
  // the initialisers' two parameters (min, max or mean, stddev: INIT_PARAMS),
  // for the hidden layers (ia, ib) and for the output layer (oia, oib)
  ia: { ...num(-10, 10), def: -0.05, label: 'hidden init parameter 1 (min or mean)' },
  ib: { ...num(-10, 10), def: 0.05, label: 'hidden init parameter 2 (max or stddev)' },
  oinit: { ...oneOf(INITS), def: 'glorot_uniform', label: 'output initialiser' },
  oia: { ...num(-10, 10), def: -0.05, label: 'output init parameter 1 (min or mean)' },
  oib: { ...num(-10, 10), def: 0.05, label: 'output init parameter 2 (max or stddev)' },
  out: { ...oneOf(OUTPUTS), def: 'sigmoid_bce', label: 'output / loss' },
  opt: { ...oneOf(OPTIMIZERS), def: 'momentum', label: 'optimiser' },
  lr: { ...num(1e-6, 10), def: 0.01, label: 'learning rate' },
  mom: { ...num(0, 0.999), def: 0.9, label: 'momentum' },
  batch: { ...int(1, 4000), def: 32, label: 'batch size' },
  l2: { ...num(0, 1), def: 0, label: 'L2' },
  // the cures (issue 14), written to the URL only when not at their default: old links keep working
  gain: { ...lib(INIT_GAIN), omitDefault: true, label: 'hidden init gain' },
  ogain: { ...lib(INIT_GAIN), omitDefault: true, label: 'output init gain' },
  wd: { ...lib(TRAIN_PARAMS.weightDecay), omitDefault: true, label: 'weight decay' },
  clip: { ...oneOf(CLIPS), def: 'off', omitDefault: true, label: 'gradient clipping' },
  clipv: { ...CLIP_SPEC, def: 1, omitDefault: true, label: 'clip threshold' },
  sched: { ...oneOf(SCHEDULES), def: SCHEDULES[0], omitDefault: true, label: 'schedule' },
  ...scheduleFieldSpecs(),
};

export function fieldSpec(key) {
  if (key.startsWith('b.')) return NET_FIELDS[key.slice(2)];
  return GLOBAL_FIELDS[key] || NET_FIELDS[key];
}

function describeRange(spec) {
  if (spec.kind === 'enum') return `one of ${spec.values.join(', ')}`;
  if (spec.kind === 'int') return `a whole number from ${spec.min} to ${spec.max}`;
  if (spec.kind === 'num') {
    if (!spec.minExclusive && !spec.maxExclusive) return `a number from ${spec.min} to ${spec.max}`;
    return `a number ${spec.minExclusive ? '>' : '≥'} ${spec.min} and ${spec.maxExclusive ? '<' : '≤'} ${spec.max}`;
  }
  if (spec.kind === 'layers') {
    return `1 to ${MAX_LAYERS} layers written units:activation, e.g. 5:tanh,5:tanh, each optionally followed by ` +
      ':a<alpha>, :n<norm>, :r<residual k>, :d<dropout rate>, :g<init gain>, e.g. 8:leaky_relu:a0.1:nbatch:r2:d0.2';
  }
  if (spec.kind === 'features') return `1 to ${FEATURES.length} of ${FEATURES.join(', ')}, comma-separated, each once`;
  if (spec.kind === 'name') return `a file name of at most ${spec.max} characters`;
  if (spec.kind === 'points') {
    return `at most ${MAX_ADDED_POINTS} points, comma-separated, each written x:y:class (class 0 to ${MAX_PAGE_CLASSES - 1}: the classification sets), ` +
      'x:y:v<value> (the 2-D regression sets: a value at x, y) or x:y (the 1-D sine: input x, value y), every number in [-2, 2], ' +
      'e.g. 0.5:-0.25:1 or 0.5:-0.25:v0.8 or 0.5:0.9';
  }
  return 'text';
}

/** Whether v is inside spec's range (int/num, with the library's open ends). */
export function inRange(spec, v) {
  if (!Number.isFinite(v) || (spec.kind === 'int' && !Number.isInteger(v))) return false;
  return (spec.minExclusive ? v > spec.min : v >= spec.min) && (spec.maxExclusive ? v < spec.max : v <= spec.max);
}

/**
 * Check one layer option (alpha, res, drop; norm) of hidden layer i (0-based)
 * with activation act: null when fine, else the message naming layer and field.
 */
export function layerOptionError(i, act, key, v) {
  if (key === 'norm') return NORMS.includes(v) ? null : `hidden layer ${i + 1}: norm "${v}" is not one of ${NORMS.join(', ')}`;
  if (key === 'alpha' && !ALPHA[act]) return `hidden layer ${i + 1}: ${act} takes no alpha (only ${ALPHA_ACTS.join(', ')})`;
  const spec = key === 'alpha' ? LAYER_OPT_SPECS.alpha(act) : LAYER_OPT_SPECS[key];
  if (key === 'res' && v === 0) return null; // none
  return inRange(spec, v) ? null : `${spec.label} of hidden layer ${i + 1}: ${v} is out of range (must be ${key === 'res' ? '0 (none) or ' : ''}${describeRange(spec)})`;
}

const OPT_TOKEN = { a: 'alpha', n: 'norm', r: 'res', d: 'drop', g: 'gain' };
/**
 * Parse the hidden-layer list "5:tanh,8:relu", each layer optionally with
 * options ":a0.1" (alpha), ":nbatch" (norm), ":r2" (residual), ":d0.2"
 * (dropout). Throws an Error naming the problem.
 */
export function parseLayers(text) {
  const parts = String(text).split(',').filter((s) => s.length > 0);
  if (parts.length < 1 || parts.length > MAX_LAYERS) {
    throw new Error(`needs 1 to ${MAX_LAYERS} hidden layers, got ${parts.length}`);
  }
  return parts.map((p, i) => {
    const m = /^(\d{1,4}):([a-z_]+)((?::[a-z][a-z0-9.e+-]*)*)$/.exec(p);
    if (!m) throw new Error(`layer ${i + 1} "${p.slice(0, 40)}" is not units:activation`);
    const units = Number(m[1]);
    if (units < 1 || units > MAX_UNITS) throw new Error(`layer ${i + 1} has ${units} units (1 to ${MAX_UNITS})`);
    if (!ACTIVATIONS.includes(m[2])) throw new Error(`layer ${i + 1}: unknown activation "${m[2]}"`);
    const l = { units, act: m[2] };
    for (const tok of m[3].split(':').slice(1)) {
      const key = OPT_TOKEN[tok[0]];
      if (!key || key in l) throw new Error(`layer ${i + 1}: option "${tok.slice(0, 20)}" is unknown or repeated`);
      const v = key === 'norm' ? tok.slice(1) : Number(tok.slice(1));
      const err = layerOptionError(i, l.act, key, v);
      if (err) throw new Error(err);
      l[key] = v;
    }
    return l;
  });
}

/**
 * Parse the added points "x:y:class,x:y:v<value>,x:y,..." (pointKind: a class point,
 * a value point, a point of the 1-D sine; every number in [-2, 2], class 0 to
 * MAX_PAGE_CLASSES - 1). Links from before the values hold class points only.
 * Throws an Error naming the point and the problem.
 */
export function parsePoints(text) {
  const parts = String(text).split(',').filter((p) => p.length > 0);
  if (parts.length > MAX_ADDED_POINTS) throw new Error(`${parts.length} points, more than ${MAX_ADDED_POINTS}`);
  const NUM = '(-?\\d*\\.?\\d+)';
  const re = new RegExp(`^${NUM}:${NUM}(?::(?:([0-7])|v${NUM}))?$`);
  return parts.map((p, i) => {
    const m = re.exec(p);
    if (!m) throw new Error(`point ${i + 1} "${p.slice(0, 40)}" is not x:y:class, x:y:v<value> or x:y`);
    const x = Number(m[1]), y = Number(m[2]);
    if (!(Math.abs(x) <= 2 && Math.abs(y) <= 2)) throw new Error(`point ${i + 1} lies outside [-2, 2]²`);
    if (m[3] !== undefined) return { x, y, c: Number(m[3]) };
    if (m[4] === undefined) return { x, y };
    const v = Number(m[4]);
    if (!(Math.abs(v) <= 2)) throw new Error(`point ${i + 1}: its value ${v} lies outside [-2, 2]`);
    return { x, y, v };
  });
}

export function formatPoints(pts) {
  const n = (v) => String(Number(v.toFixed(3)));
  return pts.map((p) => `${n(p.x)}:${n(p.y)}${p.c !== undefined ? `:${p.c}` : p.v !== undefined ? `:v${n(p.v)}` : ''}`).join(',');
}

export function formatLayers(layers) {
  const n = (v) => String(Number(Number(v).toPrecision(6)));
  return layers.map((l) => `${l.units}:${l.act}${l.alpha !== undefined && ALPHA[l.act] ? `:a${n(l.alpha)}` : ''}` +
    `${l.norm && l.norm !== 'none' ? `:n${l.norm}` : ''}${l.res ? `:r${l.res}` : ''}${l.drop ? `:d${n(l.drop)}` : ''}` +
    `${l.gain !== undefined ? `:g${n(l.gain)}` : ''}`).join(',');
}

/**
 * Validate one raw value (string or number) for field `key`.
 * Returns { value } or { error } with a message naming field and range.
 */
export function validateField(key, raw) {
  const spec = fieldSpec(key);
  if (!spec) return { error: `unknown field "${key}"` };
  const bad = (why) => ({ error: `${spec.label}: ${why} (must be ${describeRange(spec)})` });
  if (spec.kind === 'layers') {
    if (Array.isArray(raw)) raw = formatLayers(raw);
    try { return { value: parseLayers(raw) }; } catch (e) { return bad(e.message); }
  }
  if (spec.kind === 'features') {
    const list = Array.isArray(raw) ? raw : String(raw).split(',').filter((f) => f.length > 0);
    try { checkFeatures(list, 'the list'); } catch (e) { return bad(e.message); }
    return { value: FEATURES.filter((f) => list.includes(f)) }; // in the library's order
  }
  if (spec.kind === 'points') {
    if (Array.isArray(raw)) raw = formatPoints(raw);
    try { return { value: parsePoints(raw) }; } catch (e) { return bad(e.message); }
  }
  if (spec.kind === 'enum') {
    const s = String(raw);
    return spec.values.includes(s) ? { value: s } : bad(`"${s}" is not allowed`);
  }
  if (spec.kind === 'table') return { error: `${spec.label}: not taken from a link (upload the file)` };
  if (spec.kind === 'name') {
    const s = String(raw);
    return s.length <= spec.max && !/[\u0000-\u001f\u007f]/.test(s) ? { value: s } : bad(`"${s.slice(0, 40)}" is not allowed`);
  }
  if (spec.kind === 'str') {
    const s = String(raw);
    return s.length <= spec.max && /^[a-z0-9_-]*$/.test(s) ? { value: s } : bad(`"${s.slice(0, 40)}" is not allowed`);
  }
  const s = typeof raw === 'number' ? raw : String(raw).trim();
  if (s === '') return bad('empty');
  const v = Number(s);
  if (!Number.isFinite(v)) return bad(`"${String(raw).slice(0, 40)}" is not a number`);
  if (spec.kind === 'int' && !Number.isInteger(v)) return bad(`${v} is not a whole number`);
  if (!inRange(spec, v)) return bad(`${v} is out of range`);
  return { value: v };
}

function cloneValue(v) {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? { ...x } : x)) : v;
}

export function defaultNet() {
  const net = {};
  for (const [k, spec] of Object.entries(NET_FIELDS)) net[k] = cloneValue(spec.def);
  return net;
}

export function defaultState() {
  const st = {};
  for (const [k, spec] of Object.entries(GLOBAL_FIELDS)) st[k] = cloneValue(spec.def);
  st.a = defaultNet();
  st.b = defaultNet();
  st.b.layers = [{ units: 5, act: 'relu' }, { units: 5, act: 'relu' }];
  st.b.init = 'he_uniform';
  return st;
}

export function cloneState(st) {
  return { ...st, table: st.table ? { ...st.table } : null, pts: cloneValue(st.pts), feat: cloneValue(st.feat), a: { ...st.a, layers: cloneValue(st.a.layers) }, b: { ...st.b, layers: cloneValue(st.b.layers) } };
}

function encodeValue(v, key) {
  if (key === 'pts') return formatPoints(v);
  if (key === 'feat') return v.join(',');
  if (Array.isArray(v)) return formatLayers(v);
  if (typeof v === 'number') return String(Number.isInteger(v) ? v : Number(v.toPrecision(6)));
  return String(v);
}

/** The state as a URL hash (without "#"): every field, A's net plain, B's prefixed "b.". */
export function toHash(st) {
  const parts = [];
  for (const k of Object.keys(GLOBAL_FIELDS)) {
    if (st[k] === undefined) continue; // a state from before the field (a kept run's): its default
    const spec = GLOBAL_FIELDS[k];
    if (spec.noHash || (spec.table && !isTable(st.ds)) || (spec.csv && st.ds !== 'csv') || (k === 'label' && st.label === -1)) continue;
    if ((k === 'preset' && !st.preset) || (k === 'pts' && !(st.pts && st.pts.length)) || (k === 'same' && !st.same)
      || (k === 'classes' && st.classes === GLOBAL_FIELDS.classes.def)
      || (k === 'feat' && st.feat.join(',') === GLOBAL_FIELDS.feat.def.join(','))) continue;
    parts.push(`${k}=${encodeURIComponent(encodeValue(st[k], k))}`);
  }
  // the cures' fields (omitDefault) only where set: a link without them means their defaults
  const netParts = (net, p) => {
    for (const [k, spec] of Object.entries(NET_FIELDS)) {
      if (spec.omitDefault && (net[k] === undefined || net[k] === spec.def)) continue;
      parts.push(`${p}${k}=${encodeURIComponent(encodeValue(net[k]))}`);
    }
  };
  netParts(st.a, '');
  if (st.cmp) netParts(st.b, 'b.');
  return parts.join('&').replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/**
 * Parse a URL hash into a state. Fields that are missing keep their defaults;
 * fields that are malformed or out of range keep their defaults too and are
 * reported in `errors` (one message per field), as are unknown keys.
 * `base`: the state the missing fields come from (default: defaultState(); the
 * page passes a preset's state when the hash names one). A hash that sets the
 * dataset but not the noise gets that dataset's default noise (defaultNoise()).
 */
export function fromHash(hash, base = defaultState()) {
  const st = cloneState(base);
  const errors = [];
  const seen = new Set();
  let text = String(hash || '');
  if (text.startsWith('#')) text = text.slice(1);
  if (text === '') return { state: st, errors };
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) { errors.push(`"${part.slice(0, 40)}" is not key=value`); continue; }
    const key = part.slice(0, eq);
    let raw;
    try { raw = decodeURIComponent(part.slice(eq + 1)); } catch { errors.push(`${key}: not valid URL encoding`); continue; }
    const spec = fieldSpec(key);
    if (!spec) { errors.push(`unknown field "${key.slice(0, 40)}"`); continue; }
    const r = validateField(key, raw);
    if (r.error) { errors.push(r.error); continue; }
    seen.add(key);
    if (key.startsWith('b.')) st.b[key.slice(2)] = r.value;
    else if (key in NET_FIELDS) st.a[key] = r.value;
    else st[key] = r.value;
  }
  if (seen.has('ds') && !seen.has('noise') && st.ds !== base.ds) st.noise = defaultNoise(st.ds);
  // a link naming a bundled table but not the surface's inputs: the table's own start
  if (TABLES.includes(st.ds) && !seen.has('sx') && !seen.has('sy') && st.ds !== base.ds) [st.sx, st.sy] = TABLE_PLANE[st.ds] || [0, 1];
  for (const pr of tableProblems(st)) errors.push(pr);
  for (const pr of fitProblems(st, seen)) errors.push(pr);
  for (const [net, p] of [[st.a, ''], [st.b, 'b.']]) {
    // links from before the output layer had init parameters of its own:
    // ia and ib served both initialisers
    if (!seen.has(`${p}oia`) && seen.has(`${p}ia`)) net.oia = net.ia;
    if (!seen.has(`${p}oib`) && seen.has(`${p}ib`)) net.oib = net.ib;
    // parameters the initialiser does not take (a negative stddev, min > max): defaults
    for (const pr of [...initParamProblems(net), ...trainProblems(net)]) {
      errors.push(`${p ? 'network B ' : ''}${pr.message}`);
      for (const k of pr.keys) net[k] = NET_FIELDS[k].def;
    }
    // layer options the network cannot be built with (a residual onto unequal widths, …): none
    for (const pr of layerProblems(net, netInputs(st))) {
      errors.push(`${p ? 'network B ' : ''}${pr.message}`);
      net.layers[pr.layer][pr.key] = pr.key === 'res' ? 0 : 'none';
    }
  }
  return { state: st, errors };
}

/** An 8-hex-digit checksum of a text (FNV-1a over its UTF-16 code units): names an uploaded CSV in a link. */
export function textSum(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Make the table settings fit the data: a link (or kept run) naming a CSV the
 * page does not have falls back to the default data; a CSV the page cannot
 * read, a label column or surface inputs beyond the table's columns go back
 * to their defaults. Changes `st`; returns one message per change.
 */
export function tableProblems(st) {
  const out = [];
  // a kept run of a CSV too long to keep with it: its name and checksum only (panels/runs.js opens it with the page's file)
  const keptByName = st.ds === 'csv' && st.table && st.table.text === null && st.table.sum === st.csvsum;
  if (st.ds === 'csv' && !keptByName) {
    if (!st.table || st.table.sum !== st.csvsum || st.table.name !== st.csv) {
      out.push(`dataset: the link names the CSV file "${st.csv || '?'}", which is not loaded in this page (an uploaded file stays in the page that loaded it and in its kept runs, never in a link): ` +
        `the default data is shown instead; choose "Your CSV…" and upload the file again`);
      st.ds = GLOBAL_FIELDS.ds.def;
      st.table = null;
    }
  }
  if (st.ds === 'csv' && !keptByName) {
    try { tableShape(st); } catch (e) {
      if (st.label !== -1) {
        out.push(`label column: ${st.label + 1} cannot be the label (${e.message.replace(/^fromCSV\(\): /, '')}): the last column is`);
        st.label = -1;
      }
      try { tableShape(st); } catch (e2) {
        out.push(`dataset: the CSV "${st.csv}" cannot be read (${e2.message.replace(/^fromCSV\(\): /, '')}): the default data is shown instead`);
        st.ds = GLOBAL_FIELDS.ds.def;
        st.table = null;
      }
    }
  }
  if (!isTable(st.ds)) return out;
  const t = tableShape(st);
  if (!t) return out;
  const refused = tableRefusal(t);
  if (refused) {
    out.push(`dataset: the table ${refused}: the default data is shown instead`);
    st.ds = GLOBAL_FIELDS.ds.def;
    st.table = null;
    return out;
  }
  // one input: the curve over it (no plane to choose)
  if (t.inputs === 1) { st.sx = 0; st.sy = 1; return out; }
  if (st.sx >= t.inputs || st.sy >= t.inputs || st.sx === st.sy) {
    if (st.sx >= t.inputs || st.sy >= t.inputs) out.push(`surface inputs: the table has ${t.inputs} feature columns (0 to ${t.inputs - 1}); the surface is drawn over the first two`);
    else out.push('surface inputs: the surface needs two different inputs; it is drawn over the first two');
    st.sx = 0; st.sy = 1;
  }
  return out;
}

/**
 * Make the settings fit their number of classes (dataClasses): more than 2
 * classes need the softmax output, a regression set the linear one, and an
 * added point must be of the kind the data takes (pointFits: a class that
 * exists, a value on the 2-D regression sets, the sine's (x, y)).
 * Changes `st` and returns what it changed, one message each; `seen` (the
 * fields a URL set): an output the URL did not name changes without a word.
 */
export function fitProblems(st, seen = null) {
  const k = dataClasses(st), out = [];
  // the output each kind of data needs: a value (regression) linear_mse; more than 2 classes
  // softmax_cce; 2 classes any (linear_mse: class 1 where the output is over 0.5, as issue
  // 14's clipping experiment trains it)
  const fit = (o) => (k === 0 ? o === REGRESSION_OUTPUT : k > 2 ? o === 'softmax_cce' : true);
  const want = k === 0 ? REGRESSION_OUTPUT : k > 2 ? 'softmax_cce' : NET_FIELDS.out.def;
  const why = k === 0 ? `the ${st.ds === 'csv' ? 'CSV' : st.ds} data has a value per ${isTable(st.ds) ? 'row' : 'point'} (regression)` : k > 2 ? `the data has ${k} classes` : 'the data has 2 classes';
  for (const [net, p] of [[st.a, ''], [st.b, 'b.']]) {
    if (fit(net.out)) continue;
    // network B is named only in compare mode (its settings are kept, unseen, otherwise)
    if ((!seen || seen.has(`${p}out`)) && (!p || st.cmp)) out.push(`${p ? 'network B ' : ''}output / loss: ${net.out} does not fit: ${why}, so the output is ${want}`);
    net.out = want;
  }
  // added points: of the kind the data takes (pointFits: a class it has, a value, the sine's (x, y));
  // a table takes none (its plane is a slice through its inputs)
  const inputs = dataInputs(st), kind = isTable(st.ds) ? null : dataPointKind(k, inputs);
  const fits = (q) => kind !== null && pointFits(q, k, inputs);
  const gone = st.pts.filter((q) => !fits(q));
  if (gone.length) {
    const count = (kd) => gone.filter((q) => pointKind(q) === kd).length;
    const parts = [];
    if (kind === 'class' && count('class')) parts.push(`${count('class')} of class ${k} or above dropped (the data has classes 0 to ${k - 1})`);
    const what = { class: 'a class', value: 'a value', curve: "the sine's (x, y)" };
    for (const kd of ['class', 'value', 'curve']) if (kd !== kind && count(kd)) parts.push(`${count(kd)} with ${what[kd]} dropped`);
    const takes = { class: 'a click adds a point of a class', value: 'a click adds a point with a value', curve: 'a click adds a point (x, y)' }[kind]
      ?? 'points are added to the generated 2-D sets and the sine only';
    const otherKind = gone.some((q) => pointKind(q) !== kind);
    out.push(`added points: ${parts.join(', ')}${otherKind ? ` (the ${st.ds} data: ${takes})` : ''}`);
    st.pts = st.pts.filter(fits);
  }
  return out;
}

/** The two init-parameter fields of the hidden layers' and of the output layer's initialiser. */
export const INIT_PARAM_FIELDS = [
  { who: 'hidden', init: 'init', keys: ['ia', 'ib'] },
  { who: 'output', init: 'oinit', keys: ['oia', 'oib'] },
];

/**
 * What is wrong with a net config's init parameters for its initialisers (the
 * library's INIT_PARAMS: a stddev ≥ 0, min ≤ max): [{ keys, message }], one
 * per problem, keys = the fields to mark. Empty when the network can be built.
 */
export function initParamProblems(cfg) {
  const out = [];
  for (const f of INIT_PARAM_FIELDS) {
    const P = INIT_PARAMS[cfg[f.init]];
    if (!P) continue;
    const names = Object.keys(P);
    f.keys.forEach((key, j) => {
      const spec = P[names[j]];
      const v = cfg[key];
      const lo = Math.max(spec.min, NET_FIELDS[key].min), hi = Math.min(spec.max, NET_FIELDS[key].max);
      if (!(v >= lo && v <= hi)) {
        out.push({ keys: [key], message: `${f.who} init ${names[j]} of ${cfg[f.init]}: ${v} is out of range (must be a number from ${lo} to ${hi})` });
      }
    });
    if (names[0] === 'min' && names[1] === 'max' && cfg[f.keys[0]] > cfg[f.keys[1]]) {
      out.push({ keys: f.keys.slice(), message: `${f.who} init of ${cfg[f.init]}: min (${cfg[f.keys[0]]}) must not be above max (${cfg[f.keys[1]]})` });
    }
  }
  return out;
}

/**
 * What is wrong with a net config's layer options that its fields alone do not
 * show (the library's checks of network()): a residual reaching before the
 * input or adding unequal widths, batch norm with a batch of 1. Returns
 * [{ layer (0-based), key ('res' | 'norm'), message }].
 */
export function layerProblems(cfg, inputs = 2) {
  const out = [];
  cfg.layers.forEach((l, i) => {
    if (l.res) {
      const from = i + 1 - l.res; // 0: the network's input
      if (from < 0) {
        out.push({ layer: i, key: 'res', message: `residual ${l.res} of hidden layer ${i + 1} reaches before the input (at most ${i + 1}: ${i + 1} adds the input)` });
      } else {
        const w = from === 0 ? inputs : cfg.layers[from - 1].units;
        if (w !== l.units) {
          out.push({ layer: i, key: 'res', message: `residual ${l.res} of hidden layer ${i + 1} adds ${from === 0 ? `the network's ${inputs} inputs` : `layer ${from}'s ${w} units`} to its ${l.units} units: the widths must match` });
        }
      }
    }
    if (l.norm === 'batch' && cfg.batch === 1) {
      out.push({ layer: i, key: 'norm', message: `batch norm of hidden layer ${i + 1} needs a batch size of at least 2` });
    }
  });
  return out;
}

/** What is wrong with a net config's training options as a whole (the schedule's floor above the learning rate): [{ keys, message }]. */
export function trainProblems(cfg) {
  const k = 'cosine.minLearningRate';
  if (cfg.sched === 'cosine' && (cfg[k] ?? 0) > cfg.lr) {
    return [{ keys: [k], message: `cosine schedule minLearningRate (${cfg[k]}) must not be above the learning rate (${cfg.lr})` }];
  }
  return [];
}

/**
 * The cures a net config uses, short, for a run's title: e.g. ['batch norm', 'skip ×10', 'clip norm 1'].
 * Empty for a plain net.
 */
export function cureSummary(cfg) {
  const out = [];
  const count = (f) => cfg.layers.filter(f).length;
  const n = (v) => String(Number(Number(v).toPrecision(3)));
  for (const norm of NORMS) if (norm !== 'none' && count((l) => l.norm === norm)) out.push(`${norm} norm`);
  if (count((l) => l.res)) out.push(`skip ×${count((l) => l.res)}`);
  if (count((l) => l.drop)) out.push(`dropout ${n(Math.max(...cfg.layers.map((l) => l.drop || 0)))}`);
  const alphas = [...new Set(cfg.layers.filter((l) => ALPHA[l.act] && l.alpha !== undefined).map((l) => l.alpha))];
  if (alphas.length === 1) out.push(`alpha ${n(alphas[0])}`);
  if (count((l) => l.gain !== undefined) || (cfg.gain ?? 1) !== 1) out.push('init gain');
  if (cfg.clip && cfg.clip !== 'off') out.push(`clip ${cfg.clip} ${n(cfg.clipv ?? NET_FIELDS.clipv.def)}`);
  if (cfg.sched && cfg.sched !== SCHEDULES[0]) out.push(`${cfg.sched} lr`);
  if (cfg.warmupEpochs > 0) out.push(`warm-up ${n(cfg.warmupEpochs)}`);
  if (cfg.wd > 0) out.push(`decay ${n(cfg.wd)}`);
  return out;
}

/** A hidden layer of a network spec (net.spec) as the page's layer list keeps it. */
export function pageLayer(l) {
  const p = { units: l.units, act: l.activation };
  if (l.alpha !== undefined && ALPHA[l.activation]) p.alpha = l.alpha;
  if (l.norm && l.norm !== 'none') p.norm = l.norm;
  if (l.residual) p.res = l.residual;
  if (l.dropout) p.drop = l.dropout;
  if (l.initParams && l.initParams.gain !== undefined && l.initParams.gain !== INIT_GAIN.def) p.gain = l.initParams.gain;
  return p;
}

/**
 * Network spec for lab.network() from a net config: `inputs` inputs, `classes` softmax outputs
 * (for softmax_cce); `features`: the feature inputs the network takes (dataFeatures), recorded in its spec.
 */
export function networkSpec(cfg, seed, classes = 2, inputs = 2, features = null) {
  // the hidden layers' initialiser takes ia, ib; the output's oia, oib (a
  // config from before those existed: ia, ib for both)
  const initParams = (init, a, b, gain) => {
    const p = init === 'random_uniform' ? { min: a, max: b } : init === 'random_normal' ? { mean: a, stddev: b } : undefined;
    return gain !== undefined && gain !== INIT_GAIN.def ? { ...p, gain } : p;
  };
  const layer = (units, activation, init, a, b, gain) => {
    const l = { units, activation, init };
    const p = initParams(init, a, b, gain);
    if (p) l.initParams = p;
    return l;
  };
  const layers = cfg.layers.map((h) => {
    const l = layer(h.units, h.act, cfg.init, cfg.ia, cfg.ib, h.gain ?? cfg.gain);
    if (h.alpha !== undefined && ALPHA[h.act]) l.alpha = h.alpha;
    if (h.norm && h.norm !== 'none') l.norm = h.norm;
    if (h.res) l.residual = h.res;
    if (h.drop) l.dropout = h.drop;
    return l;
  });
  const oa = cfg.oia ?? cfg.ia, ob = cfg.oib ?? cfg.ib;
  const out = layer(cfg.out === 'softmax_cce' ? classes : 1, outputActivation(cfg.out), cfg.oinit, oa, ob, cfg.ogain);
  layers.push(out);
  const loss = cfg.out === 'sigmoid_bce' ? 'binary_crossentropy' : cfg.out === 'softmax_cce' ? 'categorical_crossentropy' : 'mse'; // sigmoid_mse, linear_mse
  return features ? { inputs, features: [...features], layers, loss, seed } : { inputs, layers, loss, seed };
}

/** Optimiser options for net.train() from a net config. */
export function optimizerSpec(cfg) {
  if (cfg.opt === 'sgd') return { type: 'sgd', learningRate: cfg.lr, momentum: 0 };
  if (cfg.opt === 'momentum') return { type: 'sgd', learningRate: cfg.lr, momentum: cfg.mom };
  if (cfg.opt === 'adam') return { type: 'adam', learningRate: cfg.lr };
  return { type: 'rmsprop', learningRate: cfg.lr, momentum: cfg.mom };
}

/**
 * The training options of a net config for net.train() (and the exports):
 * optimizer, l2, and where set weightDecay, clip and schedule. `totalEpochs`:
 * the run's length, the cosine schedule's decay when decayEpochs is 0 (the page
 * trains one epoch a call; the schedule's step count goes on across the calls).
 */
export function trainSpec(cfg, totalEpochs) {
  const o = { optimizer: optimizerSpec(cfg), l2: cfg.l2 };
  if (cfg.wd) o.weightDecay = cfg.wd;
  if (cfg.clip && cfg.clip !== 'off') o.clip = { [cfg.clip]: cfg.clipv ?? NET_FIELDS.clipv.def };
  const type = cfg.sched ?? SCHEDULES[0];
  const get = (k) => cfg[k] ?? NET_FIELDS[k].def;
  if (type !== SCHEDULES[0] || get('warmupEpochs') > 0) {
    const s = { type };
    for (const key of SCHEDULE_FIELDS[type]) s[key.includes('.') ? key.split('.')[1] : key] = get(key);
    if (type === 'cosine' && !(s.decayEpochs > 0)) s.decayEpochs = Math.max(1, totalEpochs - s.warmupEpochs);
    o.schedule = s;
  }
  return o;
}
