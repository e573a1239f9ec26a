// gradlab.js — the ES module around gradlab.wasm (standalone, no Emscripten glue).
//
//   import { load } from 'gradlab';
//   const lab = await load();
//
// Every call copies its inputs into the wasm heap, calls the C core, re-creates
// typed-array views (memory may have grown), copies the result out and frees
// its buffers in `finally`. Every argument is validated here before it enters
// the wasm; a status code from the C side becomes a GradlabError carrying the
// C message plus what/where from this side. The C API is src/gradlab.h.

// ---- mirrors of src/gradlab.h --------------------------------------------------
const STATUS_NAMES = [
  'GL_OK', 'GL_ERR_NULL', 'GL_ERR_ACTIVATION', 'GL_ERR_PARAM', 'GL_ERR_SIZE',
  'GL_ERR_NOMEM', 'GL_ERR_INIT', 'GL_ERR_LOSS', 'GL_ERR_OPTIMIZER', 'GL_ERR_DATA',
  'GL_ERR_DIVERGED', 'GL_ERR_LAYER', 'GL_ERR_DATASET', 'GL_ERR_OUTPUT', 'GL_ERR_LABEL',
];
const GL_ERR_NOMEM = 5;
const GL_ERR_DATA = 9;
const GL_ERR_DIVERGED = 10;

/** Limits of gradlab.h, checked here before anything is allocated. */
export const limits = Object.freeze({
  maxElements: 1 << 26, // activation arrays, data arrays (floats)
  maxLayers: 64, // dense layers incl. the output layer
  maxUnits: 4096, // units per layer, and inputs
  maxParams: 1 << 24, // trainable floats in one network
  maxBatch: 65536,
  maxSamples: 1 << 22,
});

const IMPL = { simd: 0, scalar: 1 };
// The tables below are shared with export.js (which imports them from here), so
// the exporter and lab.network() accept exactly the same specs. They mirror the
// C core; tests/node/export.test.js checks ACTIVATIONS and ALPHA against the wasm
// registry (lab.activations, lab.activationInfo()).
/** activations.c, in registry order */
export const ACTIVATIONS = Object.freeze(['linear', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu',
  'selu', 'softplus', 'softsign', 'hard_sigmoid', 'swish', 'gelu', 'mish', 'softmax']);
/** the parametric activations: default and range of alpha (activations.c, gl_act_params_make) */
export const ALPHA = Object.freeze({
  leaky_relu: Object.freeze({ def: 0.01, min: 0, max: 1 }),
  elu: Object.freeze({ def: 1, min: 0, max: 100 }),
});
export const INITIALIZERS = Object.freeze(['zeros', 'random_uniform', 'random_normal', 'glorot_uniform',
  'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal']);
export const LOSSES = Object.freeze(['binary_crossentropy', 'categorical_crossentropy', 'mse']);
export const OPTIMIZERS = Object.freeze(['sgd', 'adam', 'rmsprop']);
export const DATASETS = Object.freeze(['circles', 'moons', 'xor', 'spiral', 'gauss']);
export const MAX_CLASSES = 64; // datasets.c
const LAYER_STATS = 6; // GL_LAYER_STATS: the per-layer epoch statistics, in gradlab.h's order
const EPOCH_HEAD = 3;

const REQUIRED_EXPORTS = ['memory', 'malloc', 'free', '_initialize', 'gl_status_message',
  'gl_activation_count', 'gl_activation_name', 'gl_activation_param_count',
  'gl_activation_param_default', 'gl_activate', 'gl_derivative', 'gl_softmax', 'gl_dataset',
  'gl_net_create', 'gl_net_destroy', 'gl_net_inputs', 'gl_net_outputs', 'gl_net_layer_count',
  'gl_net_param_count', 'gl_net_params', 'gl_net_grads', 'gl_net_kernel_offset',
  'gl_net_bias_offset', 'gl_net_set_optimizer', 'gl_net_predict', 'gl_net_gradients',
  'gl_net_evaluate', 'gl_net_train_epoch'];

// Model files: the versioned JSON format of toJSON()/fromJSON().
const MODEL_FORMAT = 'gradlab-model';
const MODEL_VERSION = 1;
const MAX_JSON_CHARS = 1 << 28;
const MAX_JSON_DEPTH = 16;

/** An error reported by the C core (status code) or by the loader. */
export class GradlabError extends Error {
  constructor(message, status = -1) {
    super(message);
    this.name = 'GradlabError';
    /** the gl_status code of the C core, -1 when the error is not from the core */
    this.status = status;
    /** the status name, e.g. 'GL_ERR_PARAM' (null when not from the core) */
    this.code = STATUS_NAMES[status] ?? null;
  }
}

// ---- argument checking ------------------------------------------------------------
// Wasm-independent; exported for export.js (one validation for both modules).
// Messages read "<where>: <name> must be …".
export function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor?.name ?? 'typed array'} of length ${v.length ?? v.byteLength}`;
  return `an object (${v.constructor?.name ?? 'Object'})`;
}

function isF32(x) {
  return x instanceof Float32Array || Object.prototype.toString.call(x) === '[object Float32Array]';
}

export function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

export function list(names) {
  return names.map((n) => `'${n}'`).join(', ');
}

/** A Float32Array, or a plain Array of numbers (copied into a new Float32Array). */
function toF32(x, name, where, maxLength = limits.maxElements) {
  if (isF32(x)) {
    if (x.length > maxLength) throw new RangeError(`${where}: ${name} has ${x.length} elements, above the limit of ${maxLength}`);
    return x;
  }
  if (Array.isArray(x)) {
    if (x.length > maxLength) throw new RangeError(`${where}: ${name} has ${x.length} elements, above the limit of ${maxLength}`);
    const a = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v !== 'number') throw new TypeError(`${where}: ${name}[${i}] is ${describe(v)}, not a number`);
      a[i] = v;
    }
    return a;
  }
  throw new TypeError(`${where}: ${name} must be a Float32Array or an array of numbers, got ${describe(x)}`);
}

function checkFinite(a, name, where) {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`${where}: ${name}[${i}] is ${describe(a[i])}; data must be finite`);
  }
}

export function checkKeys(obj, allowed, where) {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new TypeError(`${where}: unknown field '${k}' (valid: ${list(allowed)})`);
  }
}

export function optObject(v, where) {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw new TypeError(`${where} must be an object, got ${describe(v)}`);
  return v;
}

export function num(v, name, where, { def, min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = {}) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${describe(v)}`);
  }
  if (v < min || (minExclusive && v === min) || v > max || (maxExclusive && v === max)) {
    const lo = min === -Infinity ? '' : `${minExclusive ? '>' : '≥'} ${min}`;
    const hi = max === Infinity ? '' : `${maxExclusive ? '<' : '≤'} ${max}`;
    throw new RangeError(`${where}: ${name} must be ${[lo, hi].filter(Boolean).join(' and ')}, got ${v}`);
  }
  return v;
}

export function int(v, name, where, { def, min = -Infinity, max = Infinity } = {}) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TypeError(`${where}: ${name} must be an integer, got ${describe(v)}`);
  }
  if (v < min || v > max) throw new RangeError(`${where}: ${name} must be in ${min} … ${max}, got ${v}`);
  return v;
}

export function bool(v, name, where, def) {
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw new TypeError(`${where}: ${name} must be true or false, got ${describe(v)}`);
  return v;
}

export function oneOf(v, valid, name, where, def) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'string') throw new TypeError(`${where}: ${name} must be one of ${list(valid)}, got ${describe(v)}`);
  if (!valid.includes(v)) throw new RangeError(`${where}: unknown ${name} '${v}' (valid: ${list(valid)})`);
  return v;
}

export function seedOf(v, where, def = 0) {
  return int(v, 'seed', where, { def, min: 0, max: 0xffffffff });
}

// ---- data set options (shared with export.js) --------------------------------------
/**
 * Check the options of the data set `name` ({ n, noise, seed, scale } and
 * factor for circles, classes for spiral and gauss) and fill in the defaults
 * (factor 0 and classes 2 where they do not apply). `more` lists further
 * allowed keys (checked by the caller); minN is the least n (default 1).
 */
export function normalizeDatasetOptions(name, o, where, { more = [], minN = 1 } = {}) {
  const keys = [...more, 'n', 'noise', 'seed', 'scale'];
  if (name === 'circles') keys.push('factor');
  if (name === 'spiral' || name === 'gauss') keys.push('classes');
  checkKeys(o, keys, where);
  const n = int(o.n, 'n', where, { def: 1000, min: minN, max: limits.maxSamples });
  const noise = num(o.noise, 'noise', where, { def: 0.1, min: 0, max: 1e6 });
  const factor = name === 'circles' ? num(o.factor, 'factor', where, { def: 0.8, min: 0, max: 1, minExclusive: true, maxExclusive: true }) : 0;
  const classes = (name === 'spiral' || name === 'gauss') ? int(o.classes, 'classes', where, { def: 2, min: 2, max: MAX_CLASSES }) : 2;
  if (n < classes) throw new RangeError(`${where}: n (${n}) must be at least the number of classes (${classes})`);
  const seed = seedOf(o.seed, where, 1);
  const scale = bool(o.scale, 'scale', where, true);
  return { n, noise, factor, classes, seed, scale };
}

// ---- network spec and optimizer (shared with export.js) -------------------------
/**
 * Check a network spec { inputs, layers, loss, seed } and fill in the defaults
 * (init 'glorot_uniform', biasInit 0, seed 0; alpha stays absent when not given).
 * `defaults` may give inputs and loss (export.js: 2 and 'binary_crossentropy');
 * without them both are required. Throws a TypeError/RangeError naming the field.
 */
export function normalizeNetworkSpec(spec, where, defaults = {}) {
  if (!isPlainObject(spec)) throw new TypeError(`${where} must be an object { inputs, layers, loss, seed }, got ${describe(spec)}`);
  checkKeys(spec, ['inputs', 'layers', 'loss', 'seed'], where);
  const inputs = int(spec.inputs, 'inputs', where, { def: defaults.inputs, min: 1, max: limits.maxUnits });
  if (!Array.isArray(spec.layers)) throw new TypeError(`${where}: layers must be an array of layer objects, got ${describe(spec.layers)}`);
  if (spec.layers.length < 1 || spec.layers.length > limits.maxLayers) {
    throw new RangeError(`${where}: layers must have 1 … ${limits.maxLayers} entries (the last is the output layer), got ${spec.layers.length}`);
  }
  const loss = oneOf(spec.loss, LOSSES, 'loss', where, defaults.loss);
  const seed = seedOf(spec.seed, where, 0);
  let fanIn = inputs;
  let params = 0;
  const nl = spec.layers.length;
  const layers = spec.layers.map((L, i) => {
    const w = `${where}.layers[${i}]`;
    if (!isPlainObject(L)) throw new TypeError(`${w} must be an object { units, activation, init }, got ${describe(L)}`);
    checkKeys(L, ['units', 'activation', 'alpha', 'init', 'initParams', 'biasInit'], w);
    const units = int(L.units, 'units', w, { min: 1, max: limits.maxUnits });
    const activation = oneOf(L.activation, ACTIVATIONS, 'activation', w);
    if (activation === 'softmax' && i !== nl - 1) throw new RangeError(`${w}: softmax is allowed on the output layer only`);
    const out = { units, activation };
    if (L.alpha !== undefined) {
      if (!ALPHA[activation]) throw new TypeError(`${w}: activation '${activation}' takes no parameter (alpha is for ${Object.keys(ALPHA).join(', ')})`);
      out.alpha = num(L.alpha, `alpha of ${activation}`, w, ALPHA[activation]);
    }
    out.init = oneOf(L.init, INITIALIZERS, 'init', w, 'glorot_uniform');
    if (out.init === 'random_uniform' || out.init === 'random_normal') {
      if (L.initParams === null) throw new TypeError(`${w}.initParams must be an object, got null`);
      const ip = optObject(L.initParams, `${w}.initParams`);
      if (out.init === 'random_uniform') {
        checkKeys(ip, ['min', 'max'], `${w}.initParams`);
        const min = num(ip.min, 'initParams.min', w, { def: -0.05, min: -1e6, max: 1e6 });
        const max = num(ip.max, 'initParams.max', w, { def: 0.05, min: -1e6, max: 1e6 });
        if (!(min <= max)) throw new RangeError(`${w}: initParams.min (${min}) must be ≤ initParams.max (${max})`);
        out.initParams = { min, max };
      } else {
        checkKeys(ip, ['mean', 'stddev'], `${w}.initParams`);
        out.initParams = {
          mean: num(ip.mean, 'initParams.mean', w, { def: 0, min: -1e6, max: 1e6 }),
          stddev: num(ip.stddev, 'initParams.stddev', w, { def: 0.05, min: 0, max: 1e6 }),
        };
      }
    } else if (L.initParams !== undefined) {
      throw new TypeError(`${w}: initParams apply to random_uniform and random_normal only, not to '${out.init}'`);
    }
    out.biasInit = num(L.biasInit, 'biasInit', w, { def: 0, min: -1e6, max: 1e6 });
    params += fanIn * units + units;
    fanIn = units;
    return out;
  });
  if (params > limits.maxParams) throw new RangeError(`${where}: the network has ${params} parameters, above the limit of ${limits.maxParams}`);
  const last = layers[nl - 1];
  if (loss === 'binary_crossentropy' && last.activation !== 'sigmoid') {
    throw new RangeError(`${where}: loss 'binary_crossentropy' needs a 'sigmoid' output layer, got '${last.activation}'`);
  }
  if (loss === 'categorical_crossentropy' && (last.activation !== 'softmax' || last.units < 2)) {
    throw new RangeError(`${where}: loss 'categorical_crossentropy' needs a 'softmax' output layer with ≥ 2 units, got '${last.activation}' with ${last.units}`);
  }
  return { inputs, layers, loss, seed };
}

/** Check optimizer options { type, learningRate, … } and fill in the defaults. */
export function normalizeOptimizer(opt, where) {
  const o = optObject(opt, where);
  const type = oneOf(o.type, OPTIMIZERS, 'type', where, 'sgd');
  const fields = {
    sgd: ['type', 'learningRate', 'momentum', 'nesterov'],
    adam: ['type', 'learningRate', 'beta1', 'beta2', 'epsilon'],
    rmsprop: ['type', 'learningRate', 'rho', 'momentum', 'epsilon'],
  }[type];
  checkKeys(o, fields, `${where} (${type})`);
  const r = { type };
  r.learningRate = num(o.learningRate, 'learningRate', where, { def: type === 'sgd' ? 0.01 : 0.001, min: 0, max: 1e6, minExclusive: true });
  if (type !== 'adam') r.momentum = num(o.momentum, 'momentum', where, { def: 0, min: 0, max: 1, maxExclusive: true });
  if (type === 'sgd') r.nesterov = bool(o.nesterov, 'nesterov', where, false);
  if (type === 'adam') {
    r.beta1 = num(o.beta1, 'beta1', where, { def: 0.9, min: 0, max: 1, maxExclusive: true });
    r.beta2 = num(o.beta2, 'beta2', where, { def: 0.999, min: 0, max: 1, maxExclusive: true });
  }
  if (type === 'rmsprop') r.rho = num(o.rho, 'rho', where, { def: 0.9, min: 0, max: 1, maxExclusive: true });
  if (type !== 'sgd') r.epsilon = num(o.epsilon, 'epsilon', where, { def: 1e-7, min: 0, max: 1, minExclusive: true });
  return r;
}

/**
 * The training options net.train() and export.js share: { epochs, batchSize,
 * shuffle, optimizer, l1, l2 } with the defaults filled in (unknown keys are the
 * caller's to check). optWhere names the optimizer in messages.
 */
export function normalizeTrainOptions(o, where, optWhere) {
  return {
    epochs: int(o.epochs, 'epochs', where, { def: 1, min: 0, max: 1e7 }),
    batchSize: int(o.batchSize, 'batchSize', where, { def: 32, min: 1, max: limits.maxBatch }),
    shuffle: bool(o.shuffle, 'shuffle', where, true),
    optimizer: normalizeOptimizer(o.optimizer, optWhere),
    l1: num(o.l1, 'l1', where, { def: 0, min: 0, max: 1e6 }),
    l2: num(o.l2, 'l2', where, { def: 0, min: 0, max: 1e6 }),
  };
}

// ---- loading the wasm --------------------------------------------------------------
const isNode = typeof process !== 'undefined' && !!process.versions?.node
  && typeof window === 'undefined';

async function readNodeFile(url) {
  // Imported dynamically (and hidden from bundlers) so browsers never see node:fs.
  const fsName = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fsName);
  return readFile(url);
}

function urlText(u) {
  if (u instanceof URL && u.protocol === 'file:') {
    try { return decodeURIComponent(u.pathname); } catch { return u.href; }
  }
  return String(u);
}

async function fetchBytesOrInstance(url, imports, label) {
  let resp;
  try {
    resp = await fetch(url);
  } catch (e) {
    throw new GradlabError(`gradlab: cannot fetch the WebAssembly module ${label}: ${e.message}`);
  }
  if (!resp.ok) throw new GradlabError(`gradlab: cannot fetch the WebAssembly module ${label}: HTTP ${resp.status} ${resp.statusText}`);
  const type = resp.headers.get('content-type') || '';
  if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
    try {
      return await WebAssembly.instantiateStreaming(resp.clone(), imports);
    } catch (e) {
      // fall through to the byte path, which reports compile errors with the file name
      if (!(e instanceof TypeError)) return { bytes: new Uint8Array(await resp.arrayBuffer()), error: e };
    }
  }
  return { bytes: new Uint8Array(await resp.arrayBuffer()) };
}

async function instantiate(source) {
  const imports = { env: { emscripten_notify_memory_growth() {} } };
  let label;
  let bytes;
  let result; // { instance } or { instance, module }
  if (source === undefined || source === null) {
    const url = new URL('./gradlab.wasm', import.meta.url);
    label = urlText(url);
    source = url;
  }
  if (source instanceof WebAssembly.Module) {
    label = label ?? 'the given WebAssembly.Module';
    try {
      result = { instance: await WebAssembly.instantiate(source, imports) };
    } catch (e) {
      throw new GradlabError(`gradlab: cannot instantiate ${label}: ${e.message}`);
    }
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    label = label ?? `the given ${source.constructor?.name ?? 'bytes'} (${source.byteLength} bytes)`;
    bytes = source instanceof ArrayBuffer ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  } else if (typeof source === 'string' || source instanceof URL) {
    let url = source;
    if (typeof source === 'string') {
      try { url = new URL(source); } catch {
        url = isNode ? null : new URL(source, globalThis.location?.href ?? import.meta.url);
      }
    }
    if (url === null || (isNode && url.protocol === 'file:')) {
      // Node: a path or a file: URL
      label = label ?? (url ? urlText(url) : source);
      try {
        bytes = new Uint8Array(await readNodeFile(url ?? source));
      } catch (e) {
        const why = e.code === 'ENOENT' ? 'the file does not exist' : e.message;
        throw new GradlabError(`gradlab: cannot read the WebAssembly module ${label}: ${why}`);
      }
    } else {
      label = label ?? url.href;
      const got = await fetchBytesOrInstance(url, imports, label);
      if (got.instance) result = got; else bytes = got.bytes;
    }
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    label = `the given Response (${source.url || 'no url'})`;
    bytes = new Uint8Array(await source.arrayBuffer());
  } else {
    throw new TypeError(`gradlab: load(source): source must be a URL, a path/URL string, an ArrayBuffer, a Uint8Array or a WebAssembly.Module, got ${describe(source)}`);
  }
  if (!result) {
    if (bytes.byteLength < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
      throw new GradlabError(`gradlab: ${label} is not a WebAssembly module (${bytes.byteLength} bytes, no \\0asm header)`);
    }
    try {
      result = await WebAssembly.instantiate(bytes, imports);
    } catch (e) {
      throw new GradlabError(`gradlab: ${label} is not a valid gradlab WebAssembly module: ${e.message}`);
    }
  }
  const ex = result.instance.exports;
  const missing = REQUIRED_EXPORTS.filter((n) => !(n in ex));
  if (missing.length) {
    throw new GradlabError(`gradlab: ${label} is not gradlab.wasm (or an incompatible version): it does not export ${missing.join(', ')}`);
  }
  ex._initialize();
  return ex;
}

// ---- the heap --------------------------------------------------------------------
class Core {
  constructor(ex) {
    this.ex = ex;
    this.memory = ex.memory;
    this._buf = null;
    this._f32 = null;
    this._i32 = null;
    this._u8 = null;
  }

  // Views are re-created whenever the memory has grown (the old buffer is detached).
  _views() {
    if (this._buf !== this.memory.buffer) {
      this._buf = this.memory.buffer;
      this._f32 = new Float32Array(this._buf);
      this._i32 = new Int32Array(this._buf);
      this._u8 = new Uint8Array(this._buf);
    }
  }
  get f32() { this._views(); return this._f32; }
  get i32() { this._views(); return this._i32; }
  get u8() { this._views(); return this._u8; }

  alloc(bytes, what, where) {
    const p = this.ex.malloc(Math.max(bytes, 16)) >>> 0;
    if (p === 0) {
      throw new GradlabError(`${where}: out of WebAssembly memory allocating ${bytes} bytes for ${what}`, GL_ERR_NOMEM);
    }
    return p;
  }
  free(p) { if (p) this.ex.free(p); }

  /** Allocates one block holding every array (4-byte entries), returns their pointers. */
  allocAll(sizes, what, where) {
    let total = 0;
    for (const s of sizes) total += Math.max(s, 1) * 4;
    const base = this.alloc(total, what, where);
    const ptrs = [];
    let p = base;
    for (const s of sizes) { ptrs.push(p); p += Math.max(s, 1) * 4; }
    return { base, ptrs };
  }

  putF32(p, a) { this.f32.set(a, p >>> 2); }
  getF32(p, n) { return this.f32.slice(p >>> 2, (p >>> 2) + n); }
  cstring(p) {
    const u8 = this.u8;
    let e = p;
    while (u8[e] !== 0) e++;
    return new TextDecoder().decode(u8.subarray(p, e));
  }
  message(status) { return this.cstring(this.ex.gl_status_message(status) >>> 0); }
  check(status, where) {
    if (status !== 0) throw new GradlabError(`${where}: ${this.message(status)} (${STATUS_NAMES[status] ?? `status ${status}`})`, status);
  }
}

// ---- the lab ---------------------------------------------------------------------
/**
 * Loads gradlab.wasm and returns an independent lab instance.
 * source: nothing (gradlab.wasm beside this module), a URL or path/URL string,
 * the bytes (ArrayBuffer / Uint8Array) or a compiled WebAssembly.Module.
 */
export async function load(source) {
  const core = new Core(await instantiate(source));
  return createLab(core);
}

function createLab(core) {
  const ex = core.ex;
  const count = ex.gl_activation_count();
  const actNames = [];
  const actInfo = new Map();
  for (let i = 0; i < count; i++) {
    const name = core.cstring(ex.gl_activation_name(i) >>> 0);
    actNames.push(name);
    const params = ex.gl_activation_param_count(i);
    actInfo.set(name, { name, id: i, parametric: params > 0, alpha: params > 0 ? ex.gl_activation_param_default(i) : null });
  }
  Object.freeze(actNames);

  function actId(name, what, where) {
    if (typeof name !== 'string') throw new TypeError(`${where}: ${what} must be an activation name (${list(actNames)}), got ${describe(name)}`);
    const info = actInfo.get(name);
    if (!info) throw new RangeError(`${where}: unknown ${what} '${name}' (valid: ${list(actNames)})`);
    return info;
  }

  function alphaOf(info, alpha, what, where) {
    if (alpha === undefined) return NaN;
    if (!info.parametric) {
      const p = actNames.filter((n) => actInfo.get(n).parametric);
      throw new TypeError(`${where}: ${what} '${info.name}' takes no parameter (alpha is for ${p.join(', ')})`);
    }
    const { min, max } = ALPHA[info.name] ?? { min: -Infinity, max: Infinity };
    return num(alpha, `alpha of ${info.name}`, where, { min, max });
  }

  function elementwise(fn, fname, name, x, out, params) {
    const where = `${fname}('${typeof name === 'string' ? name : '?'}')`;
    const info = actId(name, 'activation', where);
    const xs = toF32(x, 'x', where);
    const n = xs.length;
    let o = out;
    if (o === undefined || o === null) o = new Float32Array(n);
    else if (!isF32(o)) throw new TypeError(`${where}: out must be a Float32Array, got ${describe(o)}`);
    else if (o.length !== n) throw new RangeError(`${where}: out has length ${o.length}, x has ${n}`);
    const p = optObject(params, `${where}: params`);
    checkKeys(p, ['alpha', 'impl'], `${where}: params`);
    const alpha = alphaOf(info, p.alpha, 'activation', where);
    const impl = IMPL[oneOf(p.impl, Object.keys(IMPL), 'impl', where, 'simd')];
    if (n === 0) return o;
    const ptr = core.alloc(n * 4, 'x', where);
    try {
      core.putF32(ptr, xs);
      core.check(ex[fn](info.id, impl, ptr, ptr, n, alpha), where);
      o.set(core.f32.subarray(ptr >>> 2, (ptr >>> 2) + n));
    } finally {
      core.free(ptr);
    }
    return o;
  }

  // ---- datasets ----
  function makeDataset(kind, name, opts) {
    const where = `datasets.${name}()`;
    const { n, noise, factor, classes, seed, scale } = normalizeDatasetOptions(name, optObject(opts, `${where}: options`), where);
    const { base, ptrs } = core.allocAll([n * 2, n], 'the data set', where);
    try {
      core.check(ex.gl_dataset(kind, n, noise, factor, classes, seed, scale ? 1 : 0, ptrs[0], ptrs[1]), where);
      return { X: core.getF32(ptrs[0], n * 2), y: core.getF32(ptrs[1], n) };
    } finally {
      core.free(base);
    }
  }

  const datasets = {
    names: Object.freeze([...DATASETS]),
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
  DATASETS.forEach((name, kind) => { datasets[name] = (opts) => makeDataset(kind, name, opts); });

  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((ptr) => ex.gl_net_destroy(ptr)) : null;

  class Network {
    #ptr = 0;
    #spec;
    #shapes; // [{ fanIn, units }]
    #outputs;
    #epoch = 0;
    #optKey = null;
    #busy = false;

    constructor(spec, where = 'network(spec)') {
      const s = normalizeNetworkSpec(spec, where);
      const nl = s.layers.length;
      const { base, ptrs } = core.allocAll([1, nl, nl, nl, nl, nl, nl, nl], 'the network spec', where);
      const [outP, unitsP, actsP, alphasP, initsP, aP, bP, biasP] = ptrs;
      try {
        const i32 = core.i32;
        const f32 = core.f32;
        s.layers.forEach((L, i) => {
          const info = actInfo.get(L.activation);
          i32[(unitsP >>> 2) + i] = L.units;
          i32[(actsP >>> 2) + i] = info.id;
          f32[(alphasP >>> 2) + i] = L.alpha === undefined ? NaN : L.alpha;
          i32[(initsP >>> 2) + i] = INITIALIZERS.indexOf(L.init);
          const ip = L.initParams;
          f32[(aP >>> 2) + i] = ip ? (ip.min ?? ip.mean) : 0;
          f32[(bP >>> 2) + i] = ip ? (ip.max ?? ip.stddev) : 0;
          f32[(biasP >>> 2) + i] = L.biasInit;
        });
        i32[outP >>> 2] = 0;
        core.check(ex.gl_net_create(outP, s.inputs, nl, unitsP, actsP, alphasP, initsP, aP, bP, biasP,
          LOSSES.indexOf(s.loss), s.seed), where);
        this.#ptr = core.i32[outP >>> 2] >>> 0;
        if (!this.#ptr) throw new GradlabError(`${where}: gl_net_create returned no network`, 1);
      } finally {
        core.free(base);
      }
      registry?.register(this, this.#ptr, this);
      this.#spec = s;
      let fanIn = s.inputs;
      this.#shapes = s.layers.map((L) => { const sh = { fanIn, units: L.units }; fanIn = L.units; return sh; });
      this.#outputs = fanIn;
    }

    #net(where) {
      if (!this.#ptr) throw new Error(`${where}: network was disposed`);
      return this.#ptr;
    }

    /** the normalised spec (defaults filled in) */
    get spec() { return structuredClone(this.#spec); }
    get inputs() { return this.#spec.inputs; }
    get outputs() { return this.#outputs; }
    get layerCount() { return this.#shapes.length; }
    get paramCount() { return this.#shapes.reduce((s, l) => s + l.fanIn * l.units + l.units, 0); }
    /** number of epochs trained so far (across train() calls) */
    get epoch() { return this.#epoch; }
    get disposed() { return this.#ptr === 0; }

    #readArena(basePtr, net) {
      return this.#shapes.map((sh, l) => {
        const k = ex.gl_net_kernel_offset(net, l);
        const b = ex.gl_net_bias_offset(net, l);
        return {
          kernel: core.getF32(basePtr + k * 4, sh.fanIn * sh.units),
          bias: core.getF32(basePtr + b * 4, sh.units),
        };
      });
    }

    getWeights() {
      const net = this.#net('net.getWeights()');
      return this.#readArena(ex.gl_net_params(net) >>> 0, net);
    }

    setWeights(weights) {
      const where = 'net.setWeights()';
      const net = this.#net(where);
      const checked = checkWeights(weights, this.#shapes, where, 'weights');
      const base = ex.gl_net_params(net) >>> 0;
      checked.forEach((w, l) => {
        core.putF32(base + ex.gl_net_kernel_offset(net, l) * 4, w.kernel);
        core.putF32(base + ex.gl_net_bias_offset(net, l) * 4, w.bias);
      });
    }

    // finite = false: the caller's C entry point checks (GL_ERR_DATA) and the
    // caller names the value with checkFinite only then (predict's hot path).
    #samples(X, where, name = 'X', finite = true) {
      const x = toF32(X, name, where);
      const d = this.#spec.inputs;
      if (x.length % d !== 0) throw new RangeError(`${where}: ${name} has ${x.length} values, not a multiple of the ${d} inputs (X is sample-major [n][${d}])`);
      const n = x.length / d;
      if (n > limits.maxSamples) throw new RangeError(`${where}: ${name} has ${n} samples, above the limit of ${limits.maxSamples}`);
      if (finite) checkFinite(x, name, where);
      return { x, n };
    }

    #targets(y, n, where, name = 'y') {
      const k = this.#outputs;
      const loss = this.#spec.loss;
      const t = toF32(y, name, where);
      if (loss === 'categorical_crossentropy' && t.length === n && k > 1) {
        const oh = new Float32Array(n * k); // class indices -> one-hot
        for (let i = 0; i < n; i++) {
          const c = t[i];
          if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`${where}: ${name}[${i}] is ${describe(c)}; class indices must be integers in 0 … ${k - 1}`);
          oh[i * k + c] = 1;
        }
        return oh;
      }
      if (t.length !== n * k) {
        const alt = loss === 'categorical_crossentropy' ? ` (class indices) or ${n * k} (one-hot [${n}][${k}])` : (k > 1 ? ` ([${n}][${k}])` : '');
        throw new RangeError(`${where}: ${name} has ${t.length} values; ${n} samples × ${k} outputs need ${loss === 'categorical_crossentropy' ? n : n * k}${alt}`);
      }
      checkFinite(t, name, where);
      if (loss !== 'mse') {
        for (let i = 0; i < t.length; i++) {
          if (t[i] < 0 || t[i] > 1) throw new RangeError(`${where}: ${name}[${i}] is ${t[i]}; targets of ${loss} must be in [0, 1]`);
        }
      }
      return t;
    }

    predict(X) {
      const where = 'net.predict()';
      const net = this.#net(where);
      const { x, n } = this.#samples(X, where, 'X', false);
      const k = this.#outputs;
      if (n === 0) return new Float32Array(0);
      if (n * k > limits.maxElements) throw new RangeError(`${where}: ${n} samples × ${k} outputs is above the limit of ${limits.maxElements} values`);
      const { base, ptrs } = core.allocAll([x.length, n * k], 'X and the predictions', where);
      try {
        core.putF32(ptrs[0], x);
        const st = ex.gl_net_predict(net, ptrs[0], n, ptrs[1]);
        if (st === GL_ERR_DATA) checkFinite(x, 'X', where); // throws, naming the value
        core.check(st, where);
        return core.getF32(ptrs[1], n * k);
      } finally {
        core.free(base);
      }
    }

    #withData(X, y, where, fn) {
      const net = this.#net(where);
      const { x, n } = this.#samples(X, where);
      if (n === 0) throw new RangeError(`${where}: X holds no samples`);
      const t = this.#targets(y, n, where);
      const { base, ptrs } = core.allocAll([x.length, t.length, 2], 'X and y', where);
      try {
        core.putF32(ptrs[0], x);
        core.putF32(ptrs[1], t);
        return fn(net, ptrs[0], ptrs[1], n, ptrs[2]);
      } finally {
        core.free(base);
      }
    }

    gradients(X, y) {
      const where = 'net.gradients()';
      return this.#withData(X, y, where, (net, xp, yp, n, lp) => {
        core.check(ex.gl_net_gradients(net, xp, yp, n, lp), where);
        const loss = core.f32[lp >>> 2];
        return { loss, grads: this.#readArena(ex.gl_net_grads(net) >>> 0, net) };
      });
    }

    evaluate(X, y) {
      const where = 'net.evaluate()';
      return this.#withData(X, y, where, (net, xp, yp, n, lp) => {
        core.check(ex.gl_net_evaluate(net, xp, yp, n, lp, lp + 4), where);
        return { loss: core.f32[lp >>> 2], accuracy: core.f32[(lp >>> 2) + 1] };
      });
    }

    train(X, y, options) {
      const where = 'net.train()';
      const net = this.#net(where);
      if (this.#busy) throw new Error(`${where}: this network is already training (train() called from onEpoch?)`);
      const o = optObject(options, `${where}: options`);
      checkKeys(o, ['epochs', 'batchSize', 'shuffle', 'optimizer', 'l1', 'l2', 'validation', 'onEpoch'], `${where}: options`);
      const { epochs, batchSize, shuffle, optimizer: opt, l1, l2 } = normalizeTrainOptions(o, where, `${where}: options.optimizer`);
      if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') throw new TypeError(`${where}: onEpoch must be a function, got ${describe(o.onEpoch)}`);
      const { x, n } = this.#samples(X, where);
      if (n === 0) throw new RangeError(`${where}: X holds no samples`);
      const t = this.#targets(y, n, where);
      let val = null;
      if (o.validation !== undefined && o.validation !== null) {
        const vw = `${where}: options.validation`;
        if (!isPlainObject(o.validation)) throw new TypeError(`${vw} must be { X, y }, got ${describe(o.validation)}`);
        checkKeys(o.validation, ['X', 'y'], vw);
        const v = this.#samples(o.validation.X, where, 'validation.X');
        if (v.n === 0) throw new RangeError(`${where}: validation.X holds no samples`);
        val = { x: v.x, n: v.n, t: this.#targets(o.validation.y, v.n, where, 'validation.y') };
      }
      const nl = this.#shapes.length;
      const history = { epochs: [], stopped: null };
      if (epochs === 0) return history;

      const key = JSON.stringify([opt, l1, l2]);
      if (key !== this.#optKey) {
        core.check(ex.gl_net_set_optimizer(net, OPTIMIZERS.indexOf(opt.type), opt.learningRate,
          opt.momentum ?? 0, opt.nesterov ? 1 : 0, opt.beta1 ?? 0, opt.type === 'rmsprop' ? opt.rho : (opt.beta2 ?? 0),
          opt.epsilon ?? 0, l1, l2), `${where}: optimizer`);
        this.#optKey = key;
      }
      const sizes = [x.length, t.length, EPOCH_HEAD + nl * LAYER_STATS, 2];
      if (val) sizes.push(val.x.length, val.t.length);
      const { base, ptrs } = core.allocAll(sizes, 'the training data', where);
      const [xp, yp, sp, lp, vxp, vyp] = ptrs;
      this.#busy = true;
      try {
        core.putF32(xp, x);
        core.putF32(yp, t);
        if (val) { core.putF32(vxp, val.x); core.putF32(vyp, val.t); }
        for (let e = 0; e < epochs; e++) {
          if (!this.#ptr) break; // disposed from onEpoch
          const status = ex.gl_net_train_epoch(net, xp, yp, n, Math.min(batchSize, n), shuffle ? 1 : 0, sp);
          if (status === GL_ERR_DIVERGED) {
            history.stopped = {
              epoch: this.#epoch + 1,
              reason: 'diverged',
              message: `training diverged in epoch ${this.#epoch + 1}: ${core.message(status)}; the weights are those before the failing update (lower the learning rate?)`,
            };
            break;
          }
          core.check(status, `${where}: epoch ${this.#epoch + 1}`);
          const s = core.getF32(sp, EPOCH_HEAD + nl * LAYER_STATS);
          let valLoss = null;
          let valAccuracy = null;
          if (val) {
            core.check(ex.gl_net_evaluate(net, vxp, vyp, val.n, lp, lp + 4), `${where}: validation`);
            valLoss = core.f32[lp >>> 2];
            valAccuracy = core.f32[(lp >>> 2) + 1];
          }
          this.#epoch++;
          const layers = new Array(nl);
          for (let l = 0, o = EPOCH_HEAD; l < nl; l++, o += LAYER_STATS) {
            layers[l] = { gradMeanAbs: s[o], gradNorm: s[o + 1], deadFraction: s[o + 2], saturatedFraction: s[o + 3],
                          biasGradMeanAbs: s[o + 4], weightMeanAbs: s[o + 5] };
          }
          const stats = { epoch: this.#epoch, loss: s[0], accuracy: s[1], valLoss, valAccuracy, layers };
          history.epochs.push(stats);
          if (o.onEpoch && o.onEpoch(stats) === false) break;
        }
      } finally {
        this.#busy = false;
        core.free(base);
      }
      return history;
    }

    toJSON() {
      const where = 'net.toJSON()';
      this.#net(where);
      return {
        format: MODEL_FORMAT,
        version: MODEL_VERSION,
        spec: structuredClone(this.#spec),
        weights: this.getWeights().map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias) })),
      };
    }

    dispose() {
      if (!this.#ptr) return;
      registry?.unregister(this);
      ex.gl_net_destroy(this.#ptr);
      this.#ptr = 0;
    }
  }

  function checkWeights(weights, shapes, where, field) {
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

  function fromJSON(json) {
    const where = 'network.fromJSON()';
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
    const net = new Network(spec, where);
    try {
      net.setWeights(weights);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  }

  const network = (spec) => new Network(spec);
  network.fromJSON = fromJSON;

  return Object.freeze({
    activations: actNames,
    activationInfo(name) {
      const info = actId(name, 'activation', 'activationInfo()');
      return { name: info.name, parametric: info.parametric, alpha: info.alpha };
    },
    initializers: Object.freeze([...INITIALIZERS]),
    losses: Object.freeze([...LOSSES]),
    optimizers: Object.freeze([...OPTIMIZERS]),
    limits,
    activate: (name, x, out, params) => elementwise('gl_activate', 'activate', name, x, out, params),
    derivative: (name, x, out, params) => elementwise('gl_derivative', 'derivative', name, x, out, params),
    datasets: Object.freeze(datasets),
    network,
    /** current size of the wasm memory in bytes (it only grows) */
    get memoryBytes() { return core.memory.buffer.byteLength; },
  });
}
