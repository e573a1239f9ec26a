// model.js — the model file of toJSON() / network.fromJSON(): a versioned
// JSON object { format: 'gradlab-model', version: 1, spec, weights } (docs/API.md),
// and the weight checks setWeights() shares with it.
import { describe, isPlainObject, isF32, toF32, checkFinite, checkKeys } from './check.js';
import { normalizeNetworkSpec } from './options.js';

export const MODEL_FORMAT = 'gradlab-model';
export const MODEL_VERSION = 1;
const MAX_JSON_CHARS = 1 << 28;
const MAX_JSON_DEPTH = 16;

/** A network's model file: the normalised spec and the weights as plain arrays. */
export function modelFile(spec, weights) {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: structuredClone(spec),
    weights: weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias) })),
  };
}

/** weights = [{ kernel, bias }] for layers of `shapes` ([{ fanIn, units }]): checked, as Float32Arrays. */
export function checkWeights(weights, shapes, where, field) {
  if (!Array.isArray(weights)) throw new TypeError(`${where}: ${field} must be an array of { kernel, bias }, one per layer, got ${describe(weights)}`);
  if (weights.length !== shapes.length) throw new RangeError(`${where}: ${field} has ${weights.length} entries, the network has ${shapes.length} layers`);
  return weights.map((w, l) => {
    const f = `${field}[${l}]`;
    if (!isPlainObject(w)) throw new TypeError(`${where}: ${f} must be { kernel, bias }, got ${describe(w)}`);
    checkKeys(w, ['kernel', 'bias'], `${where}: ${f}`);
    const { fanIn, units } = shapes[l];
    for (const [nm, len] of [['kernel', fanIn * units], ['bias', units]]) {
      const v = w[nm];
      if (!(isF32(v) || Array.isArray(v))) throw new TypeError(`${where}: ${f}.${nm} must be a Float32Array or an array of numbers, got ${describe(v)}`);
      if (v.length !== len) throw new RangeError(`${where}: ${f}.${nm} has ${v.length} values, layer ${l} needs ${len}${nm === 'kernel' ? ` ([${fanIn}][${units}])` : ''}`);
    }
    const kernel = toF32(w.kernel, `${f}.kernel`, where);
    const bias = toF32(w.bias, `${f}.bias`, where);
    checkFinite(kernel, `${f}.kernel`, where);
    checkFinite(bias, `${f}.bias`, where);
    return { kernel, bias };
  });
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
  if (m.version !== MODEL_VERSION) throw new RangeError(`${where}: model.version ${describe(m.version)} is not supported (this gradlab reads version ${MODEL_VERSION})`);
  const spec = normalizeNetworkSpec(m.spec, `${where}: model.spec`);
  let fanIn = spec.inputs;
  const shapes = spec.layers.map((L) => { const s = { fanIn, units: L.units }; fanIn = L.units; return s; });
  const weights = checkWeights(m.weights, shapes, where, 'model.weights');
  return { spec, weights };
}
