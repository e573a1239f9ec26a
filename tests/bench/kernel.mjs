// kernel.mjs — the dense layer's matrix kernels in wasm against this
// machine's SIMD128 multiply-add peak (build/bench/kernel.wasm, from
// kernel.c; `make bench` builds it). One process prints one JSON line:
//  - clock: a chain of dependent i32 add/xor (1 cycle each), the best of
//    60 trials: the core's clock while it runs;
//  - peak: 12 independent chains of f32x4.mul then f32x4.add (wasm SIMD128
//    has no fused multiply-add: a multiply-add of 4 lanes is 2
//    instructions, 8 FLOP), the best of 60 trials: mul+add pairs per second;
//  - shapes: gl_dense_forward / gl_dense_backward GFLOP/s (2·IN·OUT·S per
//    matrix product) of the packed kernel (kernel.wasm) and of the
//    register-blocked one alone (kernel-regblock.wasm: the packed kernel off),
//    interleaved round by round so both see the same load; the median and the
//    best of ROUNDS rounds, by wall time and by CPU time (process.cpuUsage:
//    the time the process really ran, which a loaded machine disturbs less).
//   node tests/bench/kernel.mjs [--rounds N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, median, pause, now, cpuMs } from './lib/common.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = parseArgs(process.argv.slice(2));
const ROUNDS = args.rounds ? Number(args.rounds) : 15;
if (!(Number.isInteger(ROUNDS) && ROUNDS > 0)) throw new Error(`--rounds must be a positive integer (got ${args.rounds})`);

async function load(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(ROOT + file), { env: { emscripten_notify_memory_growth() {} } });
  instance.exports._initialize?.();
  return instance.exports;
}
const packed = await load('build/bench/kernel.wasm');
const regblock = await load('build/bench/kernel-regblock.wasm');

// The shapes of issue 16's workloads: M (784 -> 256 -> 256 -> 10, batch 128),
// W (128-wide hidden layers, chunks of 256 samples), and B's 64-wide layers
// at batch 32 (where the register-blocked kernel is kept).
export const SHAPES = [
  { name: 'M layer 1 forward (784→256, S 128)', I: 784, O: 256, S: 128, kind: 'fwd', relu: 0 },
  { name: 'M layer 2 forward (256→256, S 128)', I: 256, O: 256, S: 128, kind: 'fwd', relu: 0 },
  { name: '256→256 forward, S 256 (a full chunk)', I: 256, O: 256, S: 256, kind: 'fwd', relu: 0 },
  { name: 'W hidden layer inference (128→128 relu, S 256)', I: 128, O: 128, S: 256, kind: 'fwd', relu: 1 },
  { name: 'B hidden layer forward (64→64, S 32)', I: 64, O: 64, S: 32, kind: 'fwd', relu: 0 },
  { name: 'M layer 1 backward, weight gradient (784→256, S 128)', I: 784, O: 256, S: 128, kind: 'bwd', dinp: 0 },
  { name: 'M layer 2 backward, weight + input gradient (256→256, S 128)', I: 256, O: 256, S: 128, kind: 'bwd', dinp: 1 },
];

function best(fn, trials) {
  let b = 0;
  const all = [];
  for (let t = 0; t < trials; t++) { const r = fn(); all.push(r); b = Math.max(b, r); }
  return { best: b, median: median(all) };
}

for (const e of [packed, regblock]) for (let i = 0; i < 20; i++) { e.peak(2e4, 1, 0); e.clock_chain(2e3, 3, 5); }
await pause(200);
const clock = best(() => { const n = 3e4, t = now(); packed.clock_chain(n, 3, 5); return (100 * n) / ((now() - t) / 1000); }, 60);
const peak = best(() => { const n = 2.5e5, t = now(); packed.peak(n, 1, 0); return (12 * n) / ((now() - t) / 1000); }, 60);

const shapes = [];
for (const s of SHAPES) {
  const flop = 2 * s.I * s.O * s.S * (s.kind === 'bwd' && s.dinp ? 2 : 1);
  const reps = Math.max(1, Math.round(1e8 / flop));
  const res = {};
  const run = {};
  for (const [id, e] of [['packed', packed], ['regblock', regblock]]) {
    if (e.setup(s.I, s.O, s.S)) throw new Error(`kernel.mjs: setup ${s.name}: out of memory`);
    run[id] = s.kind === 'fwd' ? () => e.fwd(reps, s.relu) : () => e.bwd(reps, s.dinp);
    for (let i = 0; i < 10; i++) run[id]();
    res[id] = [];
    res[id + 'Cpu'] = [];
  }
  // both modules' arrays stay set up (separate memories): interleave them
  await pause(100);
  for (let r = 0; r < ROUNDS; r++) {
    for (const id of r % 2 ? ['regblock', 'packed'] : ['packed', 'regblock']) {
      const t = now(), c = cpuMs();
      run[id]();
      res[id].push(flop * reps / ((now() - t) / 1000) / 1e9);
      res[id + 'Cpu'].push(flop * reps / ((cpuMs() - c) / 1000) / 1e9);
    }
  }
  shapes.push({ ...s, flop, packed: { median: median(res.packed), best: Math.max(...res.packed), cpuMedian: median(res.packedCpu) },
                regblock: { median: median(res.regblock), best: Math.max(...res.regblock), cpuMedian: median(res.regblockCpu) },
                ratio: median(res.packed.map((x, i) => x / res.regblock[i])) });
}
process.stdout.write(JSON.stringify({ clockHz: clock.best, peakPairsPerS: peak.best, peakPairsMedian: peak.median, shapes }) + '\n');
