// activations.mjs — activation throughput in Node (one process):
//  - the wasm kernels, called directly through the export
//    gl_activate / gl_derivative(act, impl, x, y, n, alpha) on buffers
//    allocated once in wasm memory: the kernel plus one JS→wasm call per
//    4096 elements, no copies (impl 0 = SIMD128, impl 1 = scalar);
//  - lab.activate / lab.derivative(name, x, out, { impl: 'simd' }) of the JS API (copies in and out), when
//    dist/gradlab.js exists;
//  - a plain JS loop over Math functions (lib/jsact.mjs).
// Prints one JSON object to stdout. n = 4096 floats (in L1), x uniform in [-5, 5].
// The contenders of one row (SIMD, scalar, JS loop, API) are timed side by side:
// `blocks` rounds of one ~block-ms block each, interleaved (lib/timeloop.mjs).
// node tests/bench/activations.mjs [--n 4096] [--block-ms 10] [--blocks 9] [--only name,name]
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { interleaved } from './lib/timeloop.mjs';
import { parseArgs } from './lib/common.mjs';
import * as jsact from './lib/jsact.mjs';

const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 4096);
const opts = { blockMs: Number(args['block-ms'] ?? 10), blocks: Number(args.blocks ?? 9) };
const root = new URL('../../', import.meta.url);
const wasmPath = fileURLToPath(new URL('dist/gradlab.wasm', root));
const jsPath = new URL('dist/gradlab.js', root);

const bytes = readFileSync(wasmPath);
const mod = await WebAssembly.compile(bytes);
const env = {};
for (const imp of WebAssembly.Module.imports(mod)) {
  if (imp.kind !== 'function') continue;
  env[imp.name] = imp.name === 'emscripten_notify_memory_growth'
    ? () => {}
    : () => { throw new Error(`gradlab.wasm called its import ${imp.module}.${imp.name} during the benchmark`); };
}
const inst = await WebAssembly.instantiate(mod, { env, wasi_snapshot_preview1: env });
const ex = inst.exports;
if (ex._initialize) ex._initialize();
for (const f of ['gl_activate', 'gl_derivative', 'gl_activation_count', 'gl_activation_name', 'malloc']) {
  if (typeof ex[f] !== 'function') throw new Error(`dist/gradlab.wasm does not export ${f}`);
}
const cstr = (p) => {
  const u8 = new Uint8Array(ex.memory.buffer);
  let e = p;
  while (u8[e]) e++;
  return new TextDecoder().decode(u8.subarray(p, e));
};

const px = ex.malloc(N * 4), py = ex.malloc(N * 4);
if (!px || !py) throw new Error('malloc in gradlab.wasm failed');
const wx = new Float32Array(ex.memory.buffer, px, N);
let s = 12345;
for (let i = 0; i < N; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; wx[i] = -5 + (10 * s) / 4294967296; }
const xJs = Float32Array.from(wx), yJs = new Float32Array(N), yApi = new Float32Array(N);

let lab = null;
if (existsSync(fileURLToPath(jsPath))) {
  try { lab = await (await import(jsPath.href)).load(); } catch (e) { process.stderr.write(`activations: JS API not usable: ${e.message}\n`); }
}

const only = args.only ? String(args.only).split(',') : null;
const count = ex.gl_activation_count();

// Warm-up of everything that will be timed, then an idle pause: V8 runs new
// wasm in its baseline tier (Liftoff) and compiles the optimised code on a
// background thread; the pause lets that finish before any timing starts
// (otherwise the first functions measured run partly in baseline code).
for (let round = 0; round < 200; round++) {
  for (let act = 0; act < count; act++) {
    for (const impl of [0, 1]) { ex.gl_activate(act, impl, px, py, N, NaN); ex.gl_derivative(act, impl, px, py, N, NaN); }
  }
}
for (const dir of ['forward', 'derivative']) for (const f of Object.values(jsact[dir])) for (let r = 0; r < 50; r++) f(xJs, yJs, N);
await new Promise((r) => setTimeout(r, 200));
const rows = [];
for (let act = 0; act < count; act++) {
  const name = cstr(ex.gl_activation_name(act));
  if (only && !only.includes(name)) continue;
  for (const dir of ['forward', 'derivative']) {
    const call = dir === 'forward' ? ex.gl_activate : ex.gl_derivative;
    const row = { name, dir, n: N };
    // The contenders of this row, timed side by side (interleaved blocks).
    const fns = {};
    for (const [impl, key] of [[0, 'wasmSimd'], [1, 'wasmScalar']]) {
      const st = call(act, impl, px, py, N, NaN);
      if (st !== 0) { row[key] = null; row[`${key}Error`] = `status ${st}`; continue; }
      fns[key] = () => call(act, impl, px, py, N, NaN);
    }
    // Sanity: the JS formulas compute the same function as the kernel.
    const jf = jsact[dir][name];
    if (jf) {
      jf(xJs, yJs, N);
      call(act, 0, px, py, N, NaN);
      const wy = new Float32Array(ex.memory.buffer, py, N);
      let worst = 0;
      for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(wy[i] - yJs[i]) / Math.max(1, Math.abs(yJs[i])));
      row.jsMaxDiff = worst;
      fns.js = () => jf(xJs, yJs, N);
    } else {
      row.js = null;
    }
    if (lab && typeof lab[dir === 'forward' ? 'activate' : 'derivative'] === 'function') {
      const f = dir === 'forward' ? lab.activate : lab.derivative;
      try {
        const simd = { impl: 'simd' };
        f.call(lab, name, xJs, yApi, simd);
        fns.api = () => f.call(lab, name, xJs, yApi, simd);
      } catch (e) { row.api = null; row.apiError = e.message; }
    }
    Object.assign(row, interleaved(fns, N, opts));
    rows.push(row);
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
process.stdout.write(JSON.stringify({ n: N, rows }) + '\n');
