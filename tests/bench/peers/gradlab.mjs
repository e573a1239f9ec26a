// gradlab.mjs — gradlab's wasm through its JS API (dist/gradlab.js), as an
// app would use it: lab.network(spec), net.train(X, y, options) timed after a
// warm-up train (lib/common.mjs), net.predict(grid) for the surface (Float32Array in,
// Float32Array out, copies included).
// node tests/bench/peers/gradlab.mjs --workload W --data FILE [--reps N] [--module path/to/gradlab.js]
// (--module: another build of the module, e.g. one with a name section for profiling)
import { pathToFileURL } from 'node:url';
import { peerMain, parseArgs, layersOf, inputsOf, lossOf, now, accuracy01, accuracyArgmax, makeDigits, makeGrid, timeSurface, timeTraining, pause, LR, MOMENTUM, WARMUP_EPOCHS } from '../lib/common.mjs';

const modArg = parseArgs(process.argv.slice(2)).module;
const modUrl = modArg ? pathToFileURL(modArg).href : new URL('../../../dist/gradlab.js', import.meta.url).href;
const { load } = await import(modUrl);
const lab = await load();

const makeNet = (w) => lab.network({
  inputs: inputsOf(w.net),
  layers: layersOf(w.net).map((l) => ({ units: l.units, activation: l.activation, init: l.init,
                                         ...(l.initParams ? { initParams: l.initParams } : {}), ...(l.norm ? { norm: l.norm } : {}) })),
  loss: lossOf(w.net),
  seed: 1,
});

await peerMain(async (name, w, data, reps) => {
  const net = makeNet(w);
  try {
    if (w.kind === 'train') {
      // M: the synthetic digits (lib/common.mjs makeDigits); else the circles
      const digits = w.net === 'mnist' ? makeDigits(w.n) : null;
      const n = digits ? w.n : 500;
      const X = digits ? digits.X : data.X.slice(0, 2 * n), y = digits ? digits.y : data.y.slice(0, n);
      const opt = { batchSize: w.batch, shuffle: true, optimizer: { type: 'sgd', learningRate: LR, momentum: MOMENTUM } };
      // The first call in a fresh process, no warm-up (what a page's first
      // run sees: the engine still tiering up). Reported beside the warm time.
      const cold = makeNet(w);
      const c0 = now();
      await cold.train(X, y, { ...opt, epochs: w.epochs });
      const coldMs = now() - c0;
      cold.dispose();
      await net.train(X, y, { ...opt, epochs: w.warmup ?? WARMUP_EPOCHS }); // warm-up
      await pause();
      const t = await timeTraining(() => net.train(X, y, { ...opt, epochs: w.epochs }), (h) => {
        const hist = Array.isArray(h) ? h : h?.history ?? h?.epochs;
        const last = Array.isArray(hist) ? hist.at(-1) : undefined;
        return { trainAcc: digits ? accuracyArgmax(net.predict(X), y, 10) : accuracy01(net.predict(X), y), finalLoss: last?.loss };
      });
      return { peer: 'gradlab-wasm', coldMs, ...t };
    }
    const G = makeGrid(w.grid);
    const t = await timeSurface(() => net.predict(G), reps);
    return { peer: 'gradlab-wasm', ...t };
  } finally {
    net.dispose();
  }
});
