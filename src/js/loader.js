// loader.js — instantiates gradlab.wasm (standalone, no Emscripten glue) from
// wherever it comes (beside this module, a URL or path, bytes, a compiled
// Module, a Response) and wraps its heap (Core): allocation, typed-array
// views that survive memory growth, status codes as GradlabErrors.
import { STATUS_NAMES } from './tables.js';
import { GradlabError, status } from './errors.js';
import { describe } from './check.js';

const GL_ERR_NOMEM = status('GL_ERR_NOMEM');

/** The exports every gradlab.wasm has (the C API of src/gradlab.h). */
const REQUIRED_EXPORTS = ['memory', 'malloc', 'free', '_initialize', 'gl_status_message',
  'gl_activation_count', 'gl_activation_name', 'gl_activation_param_count',
  'gl_activation_param_default', 'gl_activate', 'gl_derivative', 'gl_softmax', 'gl_dataset',
  'gl_net_create', 'gl_net_destroy', 'gl_net_inputs', 'gl_net_outputs', 'gl_net_layer_count',
  'gl_net_param_count', 'gl_net_params', 'gl_net_grads', 'gl_net_kernel_offset',
  'gl_net_bias_offset', 'gl_net_set_optimizer', 'gl_net_set_step_options', 'gl_net_set_schedule', 'gl_net_predict',
  'gl_net_gradients', 'gl_net_input_gradients', 'gl_net_create_ex', 'gl_net_norm_offset', 'gl_net_running',
  'gl_net_running_offset', 'gl_net_chunk_samples', 'gl_net_evaluate', 'gl_net_train_epoch', 'gl_net_train_epoch_full', 'gl_net_dist_floats',
  'gl_all_finite'];

const isNode = typeof process !== 'undefined' && !!process.versions?.node
  && typeof window === 'undefined';

async function readNodeFile(url) {
  // Imported dynamically (and hidden from bundlers) so browsers never see node:fs.
  const fsName = ['node:fs', 'promises'].join('/'); // not a literal: bundlers leave it alone
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

/** The exports of the instantiated, initialised module. */
export async function instantiate(source) {
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
export class Core {
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
