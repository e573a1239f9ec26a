// Checks a freshly linked gradlab.wasm: it validates, it really uses SIMD128
// (f32x4 instructions present), and it imports nothing but memory growth.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const file = process.argv[2];
const bytes = readFileSync(file);
if (!WebAssembly.validate(bytes)) throw new Error(`${file}: WebAssembly.validate failed`);
const mod = new WebAssembly.Module(bytes);
const allowed = new Set(['env.emscripten_notify_memory_growth']);
const extra = WebAssembly.Module.imports(mod)
  .map((i) => `${i.module}.${i.name}`).filter((n) => !allowed.has(n));
if (extra.length) throw new Error(`${file}: unexpected imports: ${extra.join(', ')}`);
const dis = execFileSync('wasm-objdump', ['-d', file], { maxBuffer: 1 << 28 }).toString();
const simd = (dis.match(/\bf32x4\.\w+/g) || []).length;
if (simd === 0) throw new Error(`${file}: no f32x4 instructions: SIMD128 is missing`);
const exports = WebAssembly.Module.exports(mod).length;
console.log(`${file}: ${bytes.length} bytes, ${exports} exports, ${simd} f32x4 instructions, imports ok`);
