// tfjs.mjs — TensorFlow.js peer (tfjs-core + tfjs-layers 4.22, pinned).
// node tests/bench/peers/tfjs.mjs --backend wasm|cpu --workload W --data FILE [--reps N]
// Set-up as docs/BENCHMARKS.md "Method": tf.sequential dense layers with the same
// initialisers, tf.train.momentum(0.01, 0.9), binary cross-entropy,
// model.fit(batchSize 32, shuffle) timed after a warm-up fit (lib/common.mjs);
// the surface through model.predict with one batch of all grid points
// (tensor in, predict, dataSync out: Float32Array in, Float32Array out, as
// gradlab's net.predict). The wasm backend runs single-threaded in Node
// (tfjs disables threads there) with its SIMD binary; the flags are reported.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { peerMain, parseArgs, layersOf, inputsOf, lossOf, accuracy01, accuracyArgmax, makeDigits, makeGrid, timeSurface, timeTraining, pause, LR, MOMENTUM, WARMUP_EPOCHS } from '../lib/common.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');

const backend = parseArgs(process.argv.slice(2)).backend ?? 'wasm';
const notes = {};
if (backend === 'wasm') {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  wasm.setWasmPaths(join(dist, '/'));
  await tf.setBackend('wasm');
  notes.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  notes.threads = wasm.getThreadsCount();
  if (!notes.simd) throw new Error('tfjs-backend-wasm: SIMD is not supported here, the peer would run its scalar binary');
} else if (backend === 'cpu') {
  require('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
} else {
  throw new Error(`--backend must be wasm or cpu (got ${backend})`);
}
await tf.ready();
if (tf.getBackend() !== backend) throw new Error(`tfjs runs on backend ${tf.getBackend()}, wanted ${backend}`);
notes.backend = tf.getBackend();
notes.version = tf.version_core;

function initializer(name, params) {
  switch (name) {
    case 'random_uniform': return tfl.initializers.randomUniform({ minval: params.min, maxval: params.max });
    case 'he_uniform': return tfl.initializers.heUniform({});
    case 'glorot_uniform': return tfl.initializers.glorotUniform({});
    default: throw new Error(`tfjs peer: no mapping for initialiser ${name}`);
  }
}

function buildModel(netName) {
  const model = tfl.sequential();
  layersOf(netName).forEach((l, i) => {
    model.add(tfl.layers.dense({
      units: l.units, activation: l.activation,
      kernelInitializer: initializer(l.init, l.initParams), biasInitializer: 'zeros',
      ...(i === 0 ? { inputShape: [inputsOf(netName)] } : {}),
    }));
  });
  const loss = { binary_crossentropy: 'binaryCrossentropy', categorical_crossentropy: 'categoricalCrossentropy' }[lossOf(netName)];
  model.compile({ optimizer: tf.train.momentum(LR, MOMENTUM), loss });
  return model;
}

await peerMain(async (name, w, data) => {
  const model = buildModel(w.net);
  if (w.kind === 'train') {
    // M: the synthetic digits (lib/common.mjs makeDigits); else the circles
    const digits = w.net === 'mnist' ? makeDigits(w.n) : null;
    const n = digits ? w.n : 500, I = inputsOf(w.net), K = digits ? 10 : 1;
    const Y = digits ? digits.y : data.y.subarray(0, n);
    const xs = tf.tensor2d(digits ? digits.X : data.X.subarray(0, 2 * n), [n, I]);
    const ys = tf.tensor2d(Y, [n, K]);
    await model.fit(xs, ys, { epochs: w.warmup ?? WARMUP_EPOCHS, batchSize: w.batch, shuffle: true, verbose: 0 }); // warm-up
    await pause();
    const t = await timeTraining(() => model.fit(xs, ys, { epochs: w.epochs, batchSize: w.batch, shuffle: true, verbose: 0 }),
      (h) => {
        const p = tf.tidy(() => model.predict(xs).dataSync());
        return { trainAcc: digits ? accuracyArgmax(p, Y, K) : accuracy01(p, Y), finalLoss: h.history.loss.at(-1) };
      });
    return { peer: `tfjs-${backend}`, ...t, notes };
  }
  const G = makeGrid(w.grid);
  const npts = w.grid * w.grid;
  let out;
  const t = await timeSurface(() => {
    out = tf.tidy(() => {
      const g = tf.tensor2d(G, [npts, 2]);
      return model.predict(g, { batchSize: npts });
    });
    const v = out.dataSync();
    out.dispose();
    return v;
  }, Number(parseArgs(process.argv.slice(2)).reps ?? 15));
  return { peer: `tfjs-${backend}`, ...t, notes };
});
