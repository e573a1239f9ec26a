// state.js — the page's whole state as one table of fields. The table drives
// defaults, validation (of form inputs and of the URL hash) and the URL-hash
// (de)serialisation. No DOM here.

import { ACTIVATIONS as LIB_ACTIVATIONS, INITIALIZERS, INIT_PARAMS, DATASETS as LIB_DATASETS, DATASET_PARAMS, DATASET_SHAPES, LOSS_OUTPUT, FEATURES, checkFeatures } from '../dist/gradlab.js';

// The library's lists (generated from the C core's tables), as the page offers them:
/** hidden-layer activations: every activation but the output-only ones (softmax) */
export const ACTIVATIONS = Object.freeze(LIB_ACTIVATIONS.filter((a) => a !== LOSS_OUTPUT.categorical_crossentropy.activation));
export const INITS = INITIALIZERS;
export const DATASETS = LIB_DATASETS;
// The page's own menus: output layer + loss, and SGD with and without momentum.
export const OUTPUTS = ['sigmoid_bce', 'sigmoid_mse', 'softmax_cce', 'linear_mse'];
/** The output of the regression sets (and only of them): one linear unit, mse. */
export const REGRESSION_OUTPUT = 'linear_mse';
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'];
export const SPEEDS = ['1', '5', '20', '60', '200', 'max'];

export const MAX_LAYERS = 32;
export const MAX_UNITS = 128;
/** Points clicked into the surface (field `pts`, kept in the share link): at most this many. */
export const MAX_ADDED_POINTS = 200;
/** Classes the page draws at most (one colour each: surface.js CLASS_COLORS). */
export const MAX_PAGE_CLASSES = 8;
/** Whether data set `ds` takes a number of classes (the library's option `classes`: spiral, gauss). */
export const hasClasses = (ds) => !!(DATASET_PARAMS[ds] && DATASET_PARAMS[ds].classes);
/** Whether data set `ds` is a regression set (a real value per point: plane, multigauss, sine). */
export const isRegression = (ds) => DATASET_SHAPES[ds].target === 'value';
/** The number of classes of the page's data under settings `st` (2 unless the set takes `classes`; 0: a regression set). */
export const dataClasses = (st) => (isRegression(st.ds) ? 0 : hasClasses(st.ds) ? st.classes : 2);
/** The inputs of the page's data under settings `st` (the sine: 1). */
export const dataInputs = (st) => DATASET_SHAPES[st.ds].inputs;
/** The feature inputs the networks take under settings `st` (field feat; null: the data's own columns: x1, x2, or the sine's x). */
export const dataFeatures = (st) => (dataInputs(st) === 2 && st.feat.join(',') !== 'x1,x2' ? st.feat : null);
/** The networks' inputs under settings `st`: the chosen features (2-D data), else the data's columns. */
export const netInputs = (st) => (dataFeatures(st) ? st.feat.length : dataInputs(st));
/** Datasets whose default noise differs from `noise`'s (0.1 turns the spiral into a blob). */
export const DATASET_NOISE = Object.freeze({ spiral: 0.03 });
/** The default noise of dataset `ds`. */
export const defaultNoise = (ds) => DATASET_NOISE[ds] ?? 0.1;

const int = (min, max) => ({ kind: 'int', min, max });
const num = (min, max) => ({ kind: 'num', min, max });
const oneOf = (values) => ({ kind: 'enum', values });

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
};

export function fieldSpec(key) {
  if (key.startsWith('b.')) return NET_FIELDS[key.slice(2)];
  return GLOBAL_FIELDS[key] || NET_FIELDS[key];
}

function describeRange(spec) {
  if (spec.kind === 'enum') return `one of ${spec.values.join(', ')}`;
  if (spec.kind === 'int') return `a whole number from ${spec.min} to ${spec.max}`;
  if (spec.kind === 'num') return `a number from ${spec.min} to ${spec.max}`;
  if (spec.kind === 'layers') return `1 to ${MAX_LAYERS} layers written units:activation, e.g. 5:tanh,5:tanh`;
  if (spec.kind === 'features') return `1 to ${FEATURES.length} of ${FEATURES.join(', ')}, comma-separated, each once`;
  if (spec.kind === 'points') return `at most ${MAX_ADDED_POINTS} points written x:y:class (class 0 to ${MAX_PAGE_CLASSES - 1}), e.g. 0.5:-0.25:1`;
  return 'text';
}

/** Parse the hidden-layer list "5:tanh,8:relu". Throws an Error naming the problem. */
export function parseLayers(text) {
  const parts = String(text).split(',').filter((s) => s.length > 0);
  if (parts.length < 1 || parts.length > MAX_LAYERS) {
    throw new Error(`needs 1 to ${MAX_LAYERS} hidden layers, got ${parts.length}`);
  }
  return parts.map((p, i) => {
    const m = /^(\d{1,4}):([a-z_]+)$/.exec(p);
    if (!m) throw new Error(`layer ${i + 1} "${p}" is not units:activation`);
    const units = Number(m[1]);
    if (units < 1 || units > MAX_UNITS) throw new Error(`layer ${i + 1} has ${units} units (1 to ${MAX_UNITS})`);
    if (!ACTIVATIONS.includes(m[2])) throw new Error(`layer ${i + 1}: unknown activation "${m[2]}"`);
    return { units, act: m[2] };
  });
}

/** Parse the added points "x:y:class,..." (x, y in [-2, 2], class 0 to MAX_PAGE_CLASSES - 1). Throws an Error naming the problem. */
export function parsePoints(text) {
  const parts = String(text).split(',').filter((p) => p.length > 0);
  if (parts.length > MAX_ADDED_POINTS) throw new Error(`${parts.length} points, more than ${MAX_ADDED_POINTS}`);
  return parts.map((p, i) => {
    const m = /^(-?\d*\.?\d+):(-?\d*\.?\d+):([0-7])$/.exec(p);
    if (!m) throw new Error(`point ${i + 1} "${p.slice(0, 40)}" is not x:y:class`);
    const x = Number(m[1]), y = Number(m[2]);
    if (!(Math.abs(x) <= 2 && Math.abs(y) <= 2)) throw new Error(`point ${i + 1} lies outside [-2, 2]²`);
    return { x, y, c: Number(m[3]) };
  });
}

export function formatPoints(pts) {
  return pts.map((p) => `${Number(p.x.toFixed(3))}:${Number(p.y.toFixed(3))}:${p.c}`).join(',');
}

export function formatLayers(layers) {
  return layers.map((l) => `${l.units}:${l.act}`).join(',');
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
  if (spec.kind === 'str') {
    const s = String(raw);
    return s.length <= spec.max && /^[a-z0-9_-]*$/.test(s) ? { value: s } : bad(`"${s.slice(0, 40)}" is not allowed`);
  }
  const s = typeof raw === 'number' ? raw : String(raw).trim();
  if (s === '') return bad('empty');
  const v = Number(s);
  if (!Number.isFinite(v)) return bad(`"${String(raw).slice(0, 40)}" is not a number`);
  if (spec.kind === 'int' && !Number.isInteger(v)) return bad(`${v} is not a whole number`);
  if (v < spec.min || v > spec.max) return bad(`${v} is out of range`);
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
  return { ...st, pts: cloneValue(st.pts), feat: cloneValue(st.feat), a: { ...st.a, layers: cloneValue(st.a.layers) }, b: { ...st.b, layers: cloneValue(st.b.layers) } };
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
    if ((k === 'preset' && !st.preset) || (k === 'pts' && !(st.pts && st.pts.length)) || (k === 'same' && !st.same)
      || (k === 'classes' && st.classes === GLOBAL_FIELDS.classes.def)
      || (k === 'feat' && st.feat.join(',') === GLOBAL_FIELDS.feat.def.join(','))) continue;
    parts.push(`${k}=${encodeURIComponent(encodeValue(st[k], k))}`);
  }
  for (const k of Object.keys(NET_FIELDS)) parts.push(`${k}=${encodeURIComponent(encodeValue(st.a[k]))}`);
  if (st.cmp) {
    for (const k of Object.keys(NET_FIELDS)) parts.push(`b.${k}=${encodeURIComponent(encodeValue(st.b[k]))}`);
  }
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
  for (const pr of fitProblems(st, seen)) errors.push(pr);
  for (const [net, p] of [[st.a, ''], [st.b, 'b.']]) {
    // links from before the output layer had init parameters of its own:
    // ia and ib served both initialisers
    if (!seen.has(`${p}oia`) && seen.has(`${p}ia`)) net.oia = net.ia;
    if (!seen.has(`${p}oib`) && seen.has(`${p}ib`)) net.oib = net.ib;
    // parameters the initialiser does not take (a negative stddev, min > max): defaults
    for (const pr of initParamProblems(net)) {
      errors.push(`${p ? 'network B ' : ''}${pr.message}`);
      for (const k of pr.keys) net[k] = NET_FIELDS[k].def;
    }
  }
  return { state: st, errors };
}

/**
 * Make the settings fit their number of classes (dataClasses): more than 2
 * classes need the softmax output, and an added point's class must exist.
 * Changes `st` and returns what it changed, one message each; `seen` (the
 * fields a URL set): an output the URL did not name changes without a word.
 */
export function fitProblems(st, seen = null) {
  const k = dataClasses(st), out = [];
  // the output each kind of data needs: a value (regression) linear_mse; more than 2 classes
  // softmax_cce; 2 classes any but linear_mse
  const fit = (o) => (k === 0 ? o === REGRESSION_OUTPUT : k > 2 ? o === 'softmax_cce' : o !== REGRESSION_OUTPUT);
  const want = k === 0 ? REGRESSION_OUTPUT : k > 2 ? 'softmax_cce' : NET_FIELDS.out.def;
  const why = k === 0 ? `the ${st.ds} data has a value per point (regression)` : k > 2 ? `the data has ${k} classes` : 'the data has 2 classes';
  for (const [net, p] of [[st.a, ''], [st.b, 'b.']]) {
    if (fit(net.out)) continue;
    if (!seen || seen.has(`${p}out`)) out.push(`${p ? 'network B ' : ''}output / loss: ${net.out} does not fit: ${why}, so the output is ${want}`);
    net.out = want;
  }
  // added points: a class the data has (a regression set takes none)
  const keep = st.pts.filter((q) => q.c < k);
  if (keep.length < st.pts.length) {
    out.push(k === 0 ? `added points: ${st.pts.length - keep.length} dropped (points are added to the classification sets only)`
      : `added points: ${st.pts.length - keep.length} of class ${k} or above dropped (the data has classes 0 to ${k - 1})`);
    st.pts = keep;
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

/** Network spec for lab.network() from a net config: `inputs` inputs, `classes` softmax outputs (for softmax_cce). */
export function networkSpec(cfg, seed, classes = 2, inputs = 2) {
  // the hidden layers' initialiser takes ia, ib; the output's oia, oib (a
  // config from before those existed: ia, ib for both)
  const initParams = (init, a, b) => (init === 'random_uniform' ? { min: a, max: b }
    : init === 'random_normal' ? { mean: a, stddev: b } : undefined);
  const layer = (units, activation, init, a, b) => {
    const l = { units, activation, init };
    const p = initParams(init, a, b);
    if (p) l.initParams = p;
    return l;
  };
  const layers = cfg.layers.map((l) => layer(l.units, l.act, cfg.init, cfg.ia, cfg.ib));
  const oa = cfg.oia ?? cfg.ia, ob = cfg.oib ?? cfg.ib;
  const out = cfg.out === 'softmax_cce' ? layer(classes, 'softmax', cfg.oinit, oa, ob)
    : layer(1, cfg.out === REGRESSION_OUTPUT ? 'linear' : 'sigmoid', cfg.oinit, oa, ob);
  layers.push(out);
  const loss = cfg.out === 'sigmoid_bce' ? 'binary_crossentropy' : cfg.out === 'softmax_cce' ? 'categorical_crossentropy' : 'mse';
  return { inputs, layers, loss, seed };
}

/** Optimiser options for net.train() from a net config. */
export function optimizerSpec(cfg) {
  if (cfg.opt === 'sgd') return { type: 'sgd', learningRate: cfg.lr, momentum: 0 };
  if (cfg.opt === 'momentum') return { type: 'sgd', learningRate: cfg.lr, momentum: cfg.mom };
  if (cfg.opt === 'adam') return { type: 'adam', learningRate: cfg.lr };
  return { type: 'rmsprop', learningRate: cfg.lr, momentum: cfg.mom };
}
