// layer-options.js — the checked, defaults-filled layer options beyond units,
// activation and initialiser (layers.def: norm, normParams, residual,
// dropout; initializers.def GL_INIT_GAIN: initParams.gain), and their
// floats for gl_net_create_ex (internal, shared by options.js and network.js).
import { NORMS, NORM_PARAMS, LAYER_PARAMS, LAYER_OPTS, INIT_GAIN } from './tables.js';
import { describe, isPlainObject, checkKeys, oneOf, param } from './check.js';

/** The keys a layer object may have for these options. */
export const LAYER_OPTION_KEYS = Object.freeze(['norm', 'normParams', ...Object.keys(LAYER_PARAMS)]);

/**
 * Layer i's options of spec layer L into out (only those given; norm
 * 'none' stays absent): checked against the tables, the network's shape
 * (widths: units of every layer, inputs) and the output layer's limits.
 * w names the layer in messages.
 */
export function layerOptionsOf(L, i, out, { widths, inputs, nl, w }) {
  const output = i === nl - 1;
  if (L.norm !== undefined) {
    const norm = oneOf(L.norm, NORMS, 'norm', w);
    if (norm !== NORMS[0]) {
      if (output) throw new RangeError(`${w}: norm '${norm}' is not allowed on the output layer (the loss reads its pre-activation)`);
      out.norm = norm;
      const P = NORM_PARAMS[norm];
      if (L.normParams !== undefined && !isPlainObject(L.normParams)) throw new TypeError(`${w}.normParams must be an object { ${Object.keys(P).join(', ')} }, got ${describe(L.normParams)}`);
      const np = L.normParams ?? {};
      checkKeys(np, Object.keys(P), `${w}.normParams (norm '${norm}')`);
      out.normParams = {};
      for (const [k, spec] of Object.entries(P)) out.normParams[k] = param(np[k], `normParams.${k}`, w, spec);
    }
  }
  if (L.normParams !== undefined && !out.norm) throw new TypeError(`${w}: normParams apply with norm 'batch' or 'layer' only`);
  if (L.residual !== undefined) {
    const k = param(L.residual, 'residual', w, LAYER_PARAMS.residual);
    if (output) throw new RangeError(`${w}: residual is not allowed on the output layer`);
    if (k > i + 1) throw new RangeError(`${w}: residual ${k} reaches before the input: layer ${i} may add ${i ? `the output of a layer 1 … ${i} places before, or ${i + 1} for the network's input` : "only the network's input (residual 1)"}`);
    const src = i - k;
    const width = src < 0 ? inputs : widths[src];
    if (width !== widths[i]) throw new RangeError(`${w}: residual ${k} adds ${src < 0 ? `the network's ${inputs} inputs` : `layer ${src}'s ${width} units`} to ${widths[i]} units: the widths must match`);
    out.residual = k;
  }
  if (L.dropout !== undefined) {
    const r = param(L.dropout, 'dropout', w, LAYER_PARAMS.dropout);
    if (output && r > 0) throw new RangeError(`${w}: dropout is not allowed on the output layer`);
    out.dropout = r;
  }
  return out;
}

/** initParams.gain of layer w when given (INIT_GAIN), else undefined. */
export function gainOf(ip, w) {
  return ip.gain === undefined ? undefined : param(ip.gain, 'initParams.gain', w, INIT_GAIN);
}

/** A layer of a normalised spec uses none of these options (gl_net_create suffices). */
export function isPlainLayer(L) {
  return !L.norm && L.residual === undefined && !L.dropout && L.initParams?.gain === undefined;
}

/** The LAYER_OPTS floats of a normalised layer (gl_net_create_ex's layer_opts). */
export function layerOptFloats(L) {
  const np = L.normParams ?? {};
  const v = {
    norm: NORMS.indexOf(L.norm ?? NORMS[0]),
    eps: np.eps ?? NORM_PARAMS.layer.eps.def,
    momentum: np.momentum ?? NORM_PARAMS.batch.momentum.def,
    residual: L.residual ?? 0,
    dropout: L.dropout ?? 0,
    gain: L.initParams?.gain ?? INIT_GAIN.def,
  };
  return LAYER_OPTS.map((k) => v[k]);
}
