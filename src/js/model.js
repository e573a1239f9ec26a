// model.js — the model file of toJSON() / network.fromJSON(): a versioned
// JSON object { format: 'gradlab-model', version: 1 | 2 | 3, spec, weights } (docs/API.md),
// and the weight checks setWeights() shares with it. Version 2 adds the layer
// options (norm, residual, dropout, initParams.gain) and the weights of a
// normalised layer (gamma, beta; batch norm's runningMean, runningVar);
// version 3 the feature inputs the network takes (spec.features). A model is
// written with the lowest version that holds it, and all three are read.
import { describe, isPlainObject, isF32, toF32, checkFinite, checkKeys } from './check.js';
import { normalizeNetworkSpec } from './options.js';
import { isPlainLayer } from './layer-options.js';

export const MODEL_FORMAT = 'gradlab-model';
export const MODEL_VERSION = 3;
const MODEL_VERSIONS = [1, 2, 3];

/** The lowest model version that holds a normalised spec: 3 with feature inputs, 2 with layer options, else 1. */
export const modelVersion = (spec) => (spec.features ? 3 : spec.layers.every(isPlainLayer) ? 1 : 2);

/** The arrays of a layer's weights: [name, length] for shape { fanIn, units, norm }. */
export function weightFields({ fanIn, units, norm }) {
  const f = [['kernel', fanIn * units], ['bias', units]];
  if (norm) f.push(['gamma', units], ['beta', units]);
  if (norm === 'batch') f.push(['runningMean', units], ['runningVar', units]);
  return f;
}
const MAX_JSON_CHARS = 1 << 28;
const MAX_JSON_DEPTH = 16;

/** A network's model file: the normalised spec and the weights as plain arrays. */
export function modelFile(spec, weights) {
  return {
    format: MODEL_FORMAT,
    version: modelVersion(spec),
    spec: structuredClone(spec),
    weights: weights.map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Array.from(v)]))),
  };
}

/**
 * weights = [{ kernel, bias, gamma?, beta?, runningMean?, runningVar? }] for
 * layers of `shapes` ([{ fanIn, units, norm }], weightFields): checked, as
 * Float32Arrays (a running variance must be ≥ 0).
 */
export function checkWeights(weights, shapes, where, field) {
  if (!Array.isArray(weights)) throw new TypeError(`${where}: ${field} must be an array of { kernel, bias }, one per layer, got ${describe(weights)}`);
  if (weights.length !== shapes.length) throw new RangeError(`${where}: ${field} has ${weights.length} entries, the network has ${shapes.length} layers`);
  return weights.map((w, l) => {
    const f = `${field}[${l}]`;
    const fields = weightFields(shapes[l]);
    const names = fields.map(([nm]) => nm);
    if (!isPlainObject(w)) throw new TypeError(`${where}: ${f} must be { ${names.join(', ')} }, got ${describe(w)}`);
    checkKeys(w, names, `${where}: ${f}`);
    const { fanIn, units } = shapes[l];
    const out = {};
    for (const [nm, len] of fields) {
      const v = w[nm];
      if (v === undefined) throw new TypeError(`${where}: ${f}.${nm} is missing: layer ${l} has norm '${shapes[l].norm}' and needs ${names.join(', ')}`);
      if (!(isF32(v) || Array.isArray(v))) throw new TypeError(`${where}: ${f}.${nm} must be a Float32Array or an array of numbers, got ${describe(v)}`);
      if (v.length !== len) throw new RangeError(`${where}: ${f}.${nm} has ${v.length} values, layer ${l} needs ${len}${nm === 'kernel' ? ` ([${fanIn}][${units}])` : ''}`);
      out[nm] = toF32(v, `${f}.${nm}`, where);
      checkFinite(out[nm], `${f}.${nm}`, where);
      if (nm === 'runningVar') {
        const i = out[nm].findIndex((x) => x < 0);
        if (i >= 0) throw new RangeError(`${where}: ${f}.runningVar[${i}] is ${out[nm][i]}; a variance must be ≥ 0`);
      }
    }
    return out;
  });
}

/** [{ fanIn, units, norm }] of a normalised spec's layers. */
export function layerShapes(spec) {
  let fanIn = spec.inputs;
  return spec.layers.map((L) => { const s = { fanIn, units: L.units, norm: L.norm }; fanIn = L.units; return s; });
}

// Depth of nesting of a JSON text (outside strings), to reject hostile files before parsing.
function jsonDepth(text) {
  let depth = 0;
  let max = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++; // backslash
      else if (c === 34) inStr = false;
    } else if (c === 34) inStr = true;
    else if (c === 91 || c === 123) { if (++depth > max) max = depth; if (max > MAX_JSON_DEPTH) return max; }
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * A model file (toJSON()'s object or its JSON text) checked: { spec, weights }
 * with the spec normalised and the weights as Float32Arrays of the right sizes.
 */
export function parseModel(json, where) {
  let m = json;
  if (typeof json === 'string') {
    if (json.length > MAX_JSON_CHARS) throw new RangeError(`${where}: the model text has ${json.length} characters, above the limit of ${MAX_JSON_CHARS}`);
    if (jsonDepth(json) > MAX_JSON_DEPTH) throw new RangeError(`${where}: the model text is nested deeper than ${MAX_JSON_DEPTH} levels`);
    try { m = JSON.parse(json); } catch (e) { throw new SyntaxError(`${where}: the model text is not valid JSON: ${e.message}`); }
  }
  if (!isPlainObject(m)) throw new TypeError(`${where}: a model must be an object { format, version, spec, weights } or its JSON text, got ${describe(m)}`);
  checkKeys(m, ['format', 'version', 'spec', 'weights'], `${where}: model`);
  if (m.format !== MODEL_FORMAT) throw new TypeError(`${where}: model.format must be '${MODEL_FORMAT}', got ${describe(m.format)}`);
  if (!MODEL_VERSIONS.includes(m.version)) throw new RangeError(`${where}: model.version ${describe(m.version)} is not supported (this gradlab reads versions ${MODEL_VERSIONS.join(', ')})`);
  const spec = normalizeNetworkSpec(m.spec, `${where}: model.spec`);
  if (m.version === 1 && !spec.layers.every(isPlainLayer)) throw new RangeError(`${where}: model.spec uses norm, residual, dropout or initParams.gain, which need model.version 2`);
  if (m.version < 3 && spec.features) throw new RangeError(`${where}: model.spec.features (the feature inputs) needs model.version 3, got ${m.version}`);
  const weights = checkWeights(m.weights, layerShapes(spec), where, 'model.weights');
  return { spec, weights };
}
