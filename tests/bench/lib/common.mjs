// common.mjs — what every benchmark process shares: the workloads, the data
// (one file written by run.mjs, read by every peer and by the native programs,
// so all of them train on exactly the same points), timing and statistics.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

// ---- workloads (issue 3 "Speed") -------------------------------------------
// A: the article's deep net, 2 -> 5x5 -> 1 sigmoid, batch 32, 500 epochs on
//    the 500 training points, SGD lr 0.01 momentum 0.9, binary cross-entropy.
//    tanh: random_uniform(0, 1) on all layers (the "deep tanh" row);
//    relu: he_uniform hidden, glorot_uniform output (the "deep relu" row).
// B: 2 -> 4x64 relu -> 1 sigmoid, batch 32, 100 epochs, same optimiser.
// C: forward of A's net over a 200x200 grid of points in [-1, 1]^2.
// M: MNIST-sized training (issue 16): 784 -> 256 -> 256 relu -> 10 softmax,
//    categorical cross-entropy, batch 128, one epoch of DIGITS_N synthetic
//    28x28 "digits" (makeDigits), same optimiser.
// W: the wide surface (issue 16): forward of 2 -> 4x128 relu -> 1 sigmoid
//    over the 200x200 grid.
// A net's `inputs` (default 2), `out` (default 1 sigmoid unit) and `loss`
// (default binary cross-entropy) are given where they differ.
// D: the cure of issue 14's experiment 1: 2 -> 10x8 tanh -> 1 sigmoid,
//    random_normal(0, 2) kernels, A's training; D-tanh-bn the same with batch
//    norm before every tanh (gradlab only: the target is its time ÷ D-tanh's).
export const HIDDEN = {
  tanh: { units: 5, depth: 5, activation: 'tanh', init: 'random_uniform', initParams: { min: 0, max: 1 },
          outInit: 'random_uniform', outInitParams: { min: 0, max: 1 } },
  relu: { units: 5, depth: 5, activation: 'relu', init: 'he_uniform', outInit: 'glorot_uniform' },
  wide: { units: 64, depth: 4, activation: 'relu', init: 'he_uniform', outInit: 'glorot_uniform' },
  wide128: { units: 128, depth: 4, activation: 'relu', init: 'he_uniform', outInit: 'glorot_uniform' },
  mnist: { units: 256, depth: 2, activation: 'relu', init: 'he_uniform', outInit: 'glorot_uniform', inputs: 784,
           out: { units: 10, activation: 'softmax' }, loss: 'categorical_crossentropy' },
  tanh10: { units: 8, depth: 10, activation: 'tanh', init: 'random_normal', initParams: { mean: 0, stddev: 2 },
            outInit: 'random_normal', outInitParams: { mean: 0, stddev: 2 } },
  tanh10bn: { units: 8, depth: 10, activation: 'tanh', init: 'random_normal', initParams: { mean: 0, stddev: 2 },
              outInit: 'random_normal', outInitParams: { mean: 0, stddev: 2 }, norm: 'batch' },
};
export const DIGITS_N = 4096;

export const WORKLOADS = {
  'A-tanh': { kind: 'train', net: 'tanh', epochs: 500, batch: 32 },
  'A-relu': { kind: 'train', net: 'relu', epochs: 500, batch: 32 },
  'B': { kind: 'train', net: 'wide', epochs: 100, batch: 32 },
  'C-tanh': { kind: 'surface', net: 'tanh', grid: 200 },
  'C-relu': { kind: 'surface', net: 'relu', grid: 200 },
  'M': { kind: 'train', net: 'mnist', epochs: 1, batch: 128, n: DIGITS_N, warmup: 1 },
  'W': { kind: 'surface', net: 'wide128', grid: 200 },
  'D-tanh': { kind: 'train', net: 'tanh10', epochs: 500, batch: 32 },
  'D-tanh-bn': { kind: 'train', net: 'tanh10bn', epochs: 500, batch: 32 },
};
// Warm-up before a timed training call, the same for every implementation:
// WARMUP_EPOCHS epochs of the same fit, then an idle pause so that the
// engine's background compilers (V8 tiers wasm up from Liftoff to TurboFan,
// and JS from Sparkplug/Maglev to TurboFan, on helper threads) can finish;
// without it a busy machine measures the baseline tiers, not the code.
export const WARMUP_EPOCHS = 20;
export const WARMUP_PAUSE_MS = 100;
export const pause = (ms = WARMUP_PAUSE_MS) => new Promise((r) => setTimeout(r, ms));
export const LR = 0.01;
export const MOMENTUM = 0.9;
export const TRAIN_N = 500;

/** Layer list [{ units, activation, init, initParams, norm? }] of a named net, output included. */
export function layersOf(netName) {
  const h = HIDDEN[netName];
  if (!h) throw new Error(`unknown net "${netName}" (expected one of ${Object.keys(HIDDEN).join(', ')})`);
  const layers = [];
  for (let i = 0; i < h.depth; i++) {
    layers.push({ units: h.units, activation: h.activation, init: h.init, initParams: h.initParams, ...(h.norm ? { norm: h.norm } : {}) });
  }
  layers.push({ units: h.out?.units ?? 1, activation: h.out?.activation ?? 'sigmoid', init: h.outInit, initParams: h.outInitParams });
  return layers;
}
/** Inputs of a named net. */
export const inputsOf = (netName) => HIDDEN[netName].inputs ?? 2;
/** Loss of a named net (gradlab's name). */
export const lossOf = (netName) => HIDDEN[netName].loss ?? 'binary_crossentropy';

/** Multiply-adds of one sample's forward pass through a dense net. */
export function macsPerSample(netName) {
  let macs = 0, fanIn = inputsOf(netName);
  for (const l of layersOf(netName)) { macs += fanIn * l.units; fanIn = l.units; }
  return macs;
}

/** FLOP of a training workload, as executed: 2·in·out per layer per sample
 * for the forward pass, the same for the weight gradient, and the same for
 * the input gradient of every layer but the first (nobody computes dL/dx of
 * the data: neither gradlab nor tfjs). For M that is 4.96 GFLOP an epoch; the
 * common "×3" estimate would count 6.61, a quarter more than is done. */
export function trainFlop(workload) {
  const w = WORKLOADS[workload];
  const first = inputsOf(w.net) * layersOf(w.net)[0].units;
  return 2 * (3 * macsPerSample(w.net) - first) * (w.n ?? TRAIN_N) * w.epochs;
}

/** FLOP of a surface workload: 2·in·out per layer per grid point (forward only). */
export function surfaceFlop(workload) {
  const w = WORKLOADS[workload];
  return 2 * macsPerSample(w.net) * w.grid * w.grid;
}

// ---- data ------------------------------------------------------------------
// Two circles as sklearn's make_circles: n/2 points on the outer circle
// (radius 1, label 0) and n/2 on the inner one (radius factor, label 1),
// angles evenly spaced per circle, Gaussian noise of std `noise` on both
// coordinates, shuffled, min-max scaled to [-1, 1]. Seeded (mulberry32 +
// Box-Muller) so every run of the bench uses the same points. This is the
// bench's own generator, independent of gradlab's, so that the peers and
// gradlab see identical data.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeCircles(n = 1000, noise = 0.1, factor = 0.8, seed = 1) {
  const rand = mulberry32(seed);
  const gauss = () => {
    let u = 0;
    while (u === 0) u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const pts = [];
  for (let i = 0; i < nOut; i++) {
    const t = (2 * Math.PI * i) / nOut;
    pts.push([Math.cos(t), Math.sin(t), 0]);
  }
  for (let i = 0; i < nIn; i++) {
    const t = (2 * Math.PI * i) / nIn;
    pts.push([factor * Math.cos(t), factor * Math.sin(t), 1]);
  }
  for (const p of pts) { p[0] += noise * gauss(); p[1] += noise * gauss(); }
  for (let i = pts.length - 1; i > 0; i--) { // Fisher-Yates
    const j = Math.floor(rand() * (i + 1));
    [pts[i], pts[j]] = [pts[j], pts[i]];
  }
  const X = new Float32Array(n * 2), y = new Float32Array(n);
  for (let d = 0; d < 2; d++) {
    let lo = Infinity, hi = -Infinity;
    for (const p of pts) { lo = Math.min(lo, p[d]); hi = Math.max(hi, p[d]); }
    pts.forEach((p, i) => { X[i * 2 + d] = ((p[d] - lo) / (hi - lo)) * 2 - 1; });
  }
  pts.forEach((p, i) => { y[i] = p[2]; });
  return { X, y };
}

/** Data file: int32 n, then X float32[n][2], then y float32[n] (little-endian). */
export function writeData(path, { X, y }) {
  mkdirSync(dirname(path), { recursive: true });
  const n = y.length;
  const buf = Buffer.alloc(4 + 12 * n);
  buf.writeInt32LE(n, 0);
  Buffer.from(X.buffer, X.byteOffset, X.byteLength).copy(buf, 4);
  Buffer.from(y.buffer, y.byteOffset, y.byteLength).copy(buf, 4 + 8 * n);
  writeFileSync(path, buf);
}

export function readData(path) {
  const buf = readFileSync(path);
  const n = buf.readInt32LE(0);
  if (!(n > 0) || buf.length !== 4 + 12 * n) throw new Error(`${path}: not a bench data file (n=${n}, ${buf.length} bytes)`);
  const ab = buf.buffer.slice(buf.byteOffset + 4, buf.byteOffset + 4 + 12 * n);
  return { n, X: new Float32Array(ab, 0, 2 * n), y: new Float32Array(ab, 8 * n, n) };
}

/**
 * n synthetic 28x28 "digits" for workload M (MNIST's shape, not its data):
 * ten class templates of random blobs, each sample its class's template
 * shifted by up to 2 pixels plus Gaussian noise, clipped to [0, 1]; labels
 * one-hot. Seeded: every peer builds the same set. { X: (n, 784), y: (n, 10) }.
 */
export function makeDigits(n = DIGITS_N, seed = 7) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const T = [];
  for (let c = 0; c < 10; c++) {
    const t = new Float32Array(784);
    for (let blob = 0; blob < 4; blob++) {
      const cx = 6 + rand() * 16, cy = 6 + rand() * 16, r2 = (2 + rand() * 3) ** 2;
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
        t[y * 28 + x] = Math.max(t[y * 28 + x], Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / r2));
      }
    }
    T.push(t);
  }
  const X = new Float32Array(n * 784), y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * 10), dx = Math.floor(rand() * 5) - 2, dy = Math.floor(rand() * 5) - 2;
    y[i * 10 + c] = 1;
    for (let py = 0; py < 28; py++) for (let px = 0; px < 28; px++) {
      const sx = px - dx, sy = py - dy;
      const v = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? T[c][sy * 28 + sx] : 0;
      X[i * 784 + py * 28 + px] = Math.min(1, Math.max(0, v + 0.2 * gauss()));
    }
  }
  return { X, y };
}

/** Accuracy of rows of K class scores p against one-hot rows y (argmax). */
export function accuracyArgmax(p, y, K) {
  let ok = 0;
  const n = y.length / K;
  const arg = (a, i) => { let b = 0; for (let k = 1; k < K; k++) if (a[i * K + k] > a[i * K + b]) b = k; return b; };
  for (let i = 0; i < n; i++) ok += arg(p, i) === arg(y, i);
  return ok / n;
}

/** The grid of the decision surface: g*g points, row-major, x and y in [-1, 1]. */
export function makeGrid(g) {
  const G = new Float32Array(g * g * 2);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      G[(r * g + c) * 2] = -1 + (2 * c) / (g - 1);
      G[(r * g + c) * 2 + 1] = -1 + (2 * r) / (g - 1);
    }
  }
  return G;
}

// ---- timing ----------------------------------------------------------------
export const now = () => performance.now();

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Timed runs of a training call within one process (after the warm-up and
// the pause): repeated while fewer than TIMED_RUNS and under TIMED_BUDGET_MS
// in all, the median reported. The same rule for every peer: a sub-second
// call gets TIMED_RUNS runs, so one scheduling hiccup of this shared machine
// does not decide its time; a multi-second one (tfjs) runs once.
export const TIMED_RUNS = 5;
export const TIMED_BUDGET_MS = 3000;

/**
 * train(): one timed training call (the workload's epochs, continuing on the
 * same model). afterFirst(result): untimed, after the first call only; its
 * fields (accuracy, loss after the first run) are returned with
 * { ms: median, timedRuns }.
 */
export async function timeTraining(train, afterFirst) {
  const ts = [], cpu = [];
  let res = {};
  let total = 0;
  while (ts.length < TIMED_RUNS && (ts.length === 0 || total < TIMED_BUDGET_MS)) {
    const t0 = now(), c0 = cpuMs();
    const r = await train();
    const ms = now() - t0;
    cpu.push(cpuMs() - c0);
    ts.push(ms);
    total += ms;
    if (ts.length === 1) res = await afterFirst(r);
  }
  return { ...res, ms: median(ts), cpuMs: median(cpu), timedRuns: ts.length };
}

/** CPU time of this process so far (user + system, every thread), ms: on a
 * loaded machine the time the call really ran, not the time it waited. */
export const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** Accuracy of sigmoid outputs p[i] (threshold 0.5) against labels y. */
export function accuracy01(p, y) {
  let ok = 0;
  for (let i = 0; i < y.length; i++) ok += (p[i] > 0.5 ? 1 : 0) === (y[i] > 0.5 ? 1 : 0);
  return ok / y.length;
}

/** Parse --key value / --flag arguments. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const k = a.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

/**
 * The body of a peer process: `node peers/x.mjs --workload W --data FILE [--reps N]`.
 * run(workload, data, reps) returns the result object; it is printed as one JSON line.
 */
export async function peerMain(run) {
  const args = parseArgs(process.argv.slice(2));
  const w = args.workload;
  if (!WORKLOADS[w]) throw new Error(`--workload must be one of ${Object.keys(WORKLOADS).join(', ')} (got ${w})`);
  if (!args.data) throw new Error('--data FILE is required');
  const data = readData(args.data);
  const reps = args.reps ? Number(args.reps) : 15;
  if (!(Number.isInteger(reps) && reps > 0)) throw new Error(`--reps must be a positive integer (got ${args.reps})`);
  const res = await run(w, WORKLOADS[w], data, reps);
  process.stdout.write(JSON.stringify({ workload: w, ...res }) + '\n');
}

/** Time a surface call: 3 warm-up calls and the pause, then `reps` timed calls; the median. */
export async function timeSurface(fn, reps) {
  for (let i = 0; i < 3; i++) await fn();
  await pause();
  const ts = [], cpu = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now(), c0 = cpuMs();
    await fn();
    ts.push(now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { ms: median(ts), msMin: Math.min(...ts), cpuMs: median(cpu), samples: ts.length };
}
