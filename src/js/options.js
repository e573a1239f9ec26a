// options.js — the checked, defaults-filled options of data sets, network
// specs, optimisers and training calls (internal, not public API). Every
// name, default and range comes from the C core's tables (tables.js); the
// lab, the exporter and the CLI all call these, so they accept exactly the
// same input. Each returns its input with the defaults filled in, or throws
// a TypeError / RangeError whose message starts with `where` and names the field.
import {
  ACTIVATIONS, ALPHA, INITIALIZERS, INIT_PARAMS, LOSSES, LOSS_OUTPUT, OPTIMIZERS, OPTIMIZER_PARAMS,
  TRAIN_PARAMS, SCHEDULES, SCHEDULE_PARAMS, DATASET_PARAMS, limits,
} from './tables.js';
import { describe, isPlainObject, checkKeys, optObject, num, int, oneOf, seedOf, param } from './check.js';
import { LAYER_OPTION_KEYS, layerOptionsOf, gainOf } from './layer-options.js';
import { checkFeatures } from './features.js';

/**
 * Check the options of the data set `name` (the rows of datasets.def: n, noise,
 * seed, scale, plus factor for circles and classes for spiral and gauss) and
 * fill in the defaults (factor 0 and classes 2 where they do not apply).
 * `more` lists further allowed keys (checked by the caller); minN is the least n.
 */
export function normalizeDatasetOptions(name, o, where, { more = [], minN = 1 } = {}) {
  const P = DATASET_PARAMS[name];
  checkKeys(o, [...more, ...Object.keys(P)], where);
  const r = { factor: 0, classes: 2 };
  for (const [k, spec] of Object.entries(P)) {
    r[k] = param(o[k], k, where, k === 'n' ? { ...spec, min: Math.max(spec.min, minN) } : spec);
  }
  if (r.n < r.classes) throw new RangeError(`${where}: n (${r.n}) must be at least the number of classes (${r.classes})`);
  const { n, noise, factor, classes, seed, scale } = r;
  return { n, noise, factor, classes, seed, scale };
}

/**
 * initParams of layer w's initialiser `init` (INIT_PARAMS), defaults filled
 * in, and gain (every initialiser's) when given; undefined when it has none.
 */
function initParamsOf(L, init, w) {
  const P = INIT_PARAMS[init] ?? {};
  if (L.initParams === null) throw new TypeError(`${w}.initParams must be an object, got null`);
  const ip = optObject(L.initParams, `${w}.initParams`);
  if (!INIT_PARAMS[init] && Object.keys(ip).some((k) => k !== 'gain')) {
    throw new TypeError(`${w}: initParams apply to ${Object.keys(INIT_PARAMS).join(' and ')} only, not to '${init}' (gain: to every initialiser)`);
  }
  checkKeys(ip, [...Object.keys(P), 'gain'], `${w}.initParams`);
  const out = {};
  for (const [k, spec] of Object.entries(P)) out[k] = param(ip[k], `initParams.${k}`, w, spec);
  const gain = gainOf(ip, w);
  if (gain !== undefined) out.gain = gain;
  if (!Object.keys(out).length) return undefined;
  if (init === 'random_uniform' && !(out.min <= out.max)) {
    throw new RangeError(`${w}: initParams.min (${out.min}) must be ≤ initParams.max (${out.max})`);
  }
  return out;
}

/**
 * Check a network spec { inputs, layers, loss, seed } and fill in the defaults
 * (init 'glorot_uniform', biasInit 0, seed 0; alpha stays absent when not given).
 * `defaults` may give inputs and loss (export.js: 2 and 'binary_crossentropy');
 * without them both are required.
 */
export function normalizeNetworkSpec(spec, where, defaults = {}) {
  if (!isPlainObject(spec)) throw new TypeError(`${where} must be an object { inputs, layers, loss, seed }, got ${describe(spec)}`);
  checkKeys(spec, ['inputs', 'features', 'layers', 'loss', 'seed'], where);
  // features: the feature inputs of 2-D points the inputs are (featureColumns), recorded with the network
  const features = spec.features === undefined ? null : checkFeatures(spec.features, `${where}: features`);
  const inputs = int(spec.inputs, 'inputs', where, { def: features ? features.length : defaults.inputs, min: 1, max: limits.maxUnits });
  if (features && inputs !== features.length) {
    throw new RangeError(`${where}: inputs is ${inputs}; the network takes the ${features.length} feature inputs of features (${features.join(', ')}), so inputs must be ${features.length}`);
  }
  if (!Array.isArray(spec.layers)) throw new TypeError(`${where}: layers must be an array of layer objects, got ${describe(spec.layers)}`);
  if (spec.layers.length < 1 || spec.layers.length > limits.maxLayers) {
    throw new RangeError(`${where}: layers must have 1 … ${limits.maxLayers} entries (the last is the output layer), got ${spec.layers.length}`);
  }
  const loss = oneOf(spec.loss, LOSSES, 'loss', where, defaults.loss);
  const seed = seedOf(spec.seed, where, 0);
  const magnitude = { def: 0, min: -limits.maxMagnitude, max: limits.maxMagnitude };
  let fanIn = inputs;
  let params = 0;
  const nl = spec.layers.length;
  const widths = spec.layers.map((L) => (isPlainObject(L) ? L.units : undefined));
  const layers = spec.layers.map((L, i) => {
    const w = `${where}.layers[${i}]`;
    if (!isPlainObject(L)) throw new TypeError(`${w} must be an object { units, activation, init }, got ${describe(L)}`);
    checkKeys(L, ['units', 'activation', 'alpha', 'init', 'initParams', 'biasInit', ...LAYER_OPTION_KEYS], w);
    const units = int(L.units, 'units', w, { min: 1, max: limits.maxUnits });
    const activation = oneOf(L.activation, ACTIVATIONS, 'activation', w);
    if (activation === 'softmax' && i !== nl - 1) throw new RangeError(`${w}: softmax is allowed on the output layer only`);
    const out = { units, activation };
    if (L.alpha !== undefined) {
      if (!ALPHA[activation]) throw new TypeError(`${w}: activation '${activation}' takes no parameter (alpha is for ${Object.keys(ALPHA).join(', ')})`);
      out.alpha = num(L.alpha, `alpha of ${activation}`, w, ALPHA[activation]);
    }
    out.init = oneOf(L.init, INITIALIZERS, 'init', w, 'glorot_uniform');
    const ip = initParamsOf(L, out.init, w);
    if (ip) out.initParams = ip;
    out.biasInit = num(L.biasInit, 'biasInit', w, magnitude);
    layerOptionsOf(L, i, out, { widths, inputs, nl, w });
    params += fanIn * units + units + (out.norm ? 2 * units : 0);
    fanIn = units;
    return out;
  });
  if (params > limits.maxParams) throw new RangeError(`${where}: the network has ${params} parameters, above the limit of ${limits.maxParams}`);
  const last = layers[nl - 1];
  const need = LOSS_OUTPUT[loss];
  if (need.activation && (last.activation !== need.activation || last.units < need.minUnits)) {
    const units = need.minUnits > 1;
    throw new RangeError(`${where}: loss '${loss}' needs a '${need.activation}' output layer${units ? ` with ≥ ${need.minUnits} units` : ''}, got '${last.activation}'${units ? ` with ${last.units}` : ''}`);
  }
  return features ? { inputs, features: [...features], layers, loss, seed } : { inputs, layers, loss, seed };
}

/** Check optimizer options { type, learningRate, … } (optimizers.def) and fill in the defaults. */
export function normalizeOptimizer(opt, where) {
  const o = optObject(opt, where);
  const type = oneOf(o.type, OPTIMIZERS, 'type', where, OPTIMIZERS[0]);
  const P = OPTIMIZER_PARAMS[type];
  checkKeys(o, ['type', ...Object.keys(P)], `${where} (${type})`);
  const r = { type };
  for (const [k, spec] of Object.entries(P)) r[k] = param(o[k], k, where, spec);
  return r;
}

/**
 * The training options net.train() and export.js share (TRAIN_PARAMS: epochs,
 * batchSize, shuffle, l1, l2; and optimizer) with the defaults filled in
 * (unknown keys are the caller's to check). optWhere names the optimizer in messages.
 */
export function normalizeTrainOptions(o, where, optWhere) {
  const r = {};
  for (const [k, spec] of Object.entries(TRAIN_PARAMS)) r[k] = param(o[k], k, where, spec);
  r.optimizer = normalizeOptimizer(o.optimizer, optWhere);
  const clip = normalizeClip(o.clip, where);
  if (clip) r.clip = clip;
  const schedule = normalizeSchedule(o.schedule, where, r.optimizer.learningRate);
  if (schedule) r.schedule = schedule;
  return r;
}

/**
 * schedule: { type (SCHEDULES), warmupEpochs, … (SCHEDULE_PARAMS[type]) } with
 * the defaults filled in; undefined or null: a constant rate.
 */
function normalizeSchedule(s, where, learningRate) {
  if (s === undefined || s === null) return null;
  const w = `${where}: schedule`;
  if (!isPlainObject(s)) throw new TypeError(`${w} must be an object { type, warmupEpochs, … }, got ${describe(s)}`);
  const type = oneOf(s.type, SCHEDULES, 'schedule.type', where, SCHEDULES[0]);
  const P = SCHEDULE_PARAMS[type];
  checkKeys(s, ['type', ...Object.keys(P)], `${w} (${type})`);
  const r = { type };
  for (const [k, spec] of Object.entries(P)) r[k] = param(s[k], `schedule.${k}`, where, spec);
  if (r.minLearningRate !== undefined && r.minLearningRate > learningRate) {
    throw new RangeError(`${where}: schedule.minLearningRate (${r.minLearningRate}) must be ≤ the learning rate (${learningRate})`);
  }
  return r;
}

/**
 * The schedule in steps of a training call of `epochs` epochs with
 * `stepsPerEpoch` steps each: { type (index), warmup, period, gamma, minLr }
 * for gl_net_set_schedule (docs/API.md: Training).
 */
export function scheduleSteps(schedule, epochs, stepsPerEpoch) {
  const s = schedule ?? { type: SCHEDULES[0], warmupEpochs: 0 };
  const steps = (e) => Math.round(e * stepsPerEpoch);
  const warmup = steps(s.warmupEpochs);
  let period = stepsPerEpoch;
  if (s.type === 'step') period = steps(s.stepEpochs);
  if (s.type === 'cosine') period = steps(s.decayEpochs > 0 ? s.decayEpochs : Math.max(epochs - s.warmupEpochs, 0));
  return { type: SCHEDULES.indexOf(s.type), warmup, period: Math.max(1, period), gamma: s.gamma ?? 1, minLr: s.minLearningRate ?? 0 };
}

/**
 * clip: { norm } (scale every gradient by min(1, norm / global L2 norm)) or
 * { value } (clamp each to [-value, value]); undefined or null: none.
 */
function normalizeClip(c, where) {
  if (c === undefined || c === null) return null;
  const w = `${where}: clip`;
  if (!isPlainObject(c)) throw new TypeError(`${w} must be { norm } or { value }, got ${describe(c)}`);
  checkKeys(c, ['norm', 'value'], w);
  const keys = Object.keys(c);
  if (keys.length !== 1) throw new TypeError(`${w} must have exactly one of norm and value, got ${keys.length ? keys.join(' and ') : 'neither'}`);
  const k = keys[0];
  return { [k]: num(c[k], `clip.${k}`, where, { min: 0, max: limits.maxMagnitude, minExclusive: true }) };
}

/** The option names of a training call, for checkKeys: TRAIN_PARAMS, optimizer, clip and schedule. */
export const TRAIN_KEYS = Object.freeze([...Object.keys(TRAIN_PARAMS), 'optimizer', 'clip', 'schedule']);
