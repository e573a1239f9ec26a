// convnetjs.mjs — convnetjs 0.3.0 peer (pinned).
// node tests/bench/peers/convnetjs.mjs --workload W --data FILE [--reps N]
// convnetjs has no sigmoid + binary cross-entropy output, so the output is a
// 2-way softmax (an fc layer of 2 units + softmax loss): one more output unit
// than the others train, which the tables say. Hidden layers as the
// workload (fc + tanh/relu, bias 0), weights re-initialised with the
// workload's initialiser (random_uniform(0,1) / he_uniform / glorot_uniform)
// instead of convnetjs' own. Trainer: sgd, lr 0.01, momentum 0.9,
// batch_size 32, no weight decay; one epoch = the 500 samples in a fresh
// random order, each through trainer.train (convnetjs accumulates the
// gradient and steps every 32 samples). Input Vols are built before timing.
// The surface: net.forward of each grid point through one reused Vol.
import { createRequire } from 'node:module';
import { peerMain, layersOf, timeSurface, timeTraining, makeGrid, pause, LR, MOMENTUM, WARMUP_EPOCHS } from '../lib/common.mjs';

const require = createRequire(import.meta.url);
const convnetjs = require('convnetjs');

// A seeded generator for the weights and the epoch order (xorshift32).
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

function buildNet(netName, rand) {
  const layers = layersOf(netName);
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 2 }];
  for (const l of layers.slice(0, -1)) defs.push({ type: 'fc', num_neurons: l.units, activation: l.activation, bias_pref: 0 });
  defs.push({ type: 'softmax', num_classes: 2 });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  // Re-initialise every fc layer (the last fc is the 2-unit softmax input).
  const fcs = net.layers.filter((L) => L.layer_type === 'fc');
  if (fcs.length !== layers.length) throw new Error(`convnetjs built ${fcs.length} fc layers, expected ${layers.length}`);
  fcs.forEach((L, k) => {
    const spec = layers[k];
    const fanIn = L.num_inputs, fanOut = L.out_depth;
    let lo, hi;
    if (spec.init === 'random_uniform') { lo = spec.initParams.min; hi = spec.initParams.max; }
    else if (spec.init === 'he_uniform') { hi = Math.sqrt(6 / fanIn); lo = -hi; }
    else if (spec.init === 'glorot_uniform') { hi = Math.sqrt(6 / (fanIn + fanOut)); lo = -hi; }
    else throw new Error(`convnetjs peer: no mapping for initialiser ${spec.init}`);
    for (const f of L.filters) for (let i = 0; i < f.w.length; i++) f.w[i] = lo + (hi - lo) * rand();
    L.biases.w.fill(0);
  });
  return net;
}

await peerMain(async (name, w, data, reps) => {
  const rand = rng(12345);
  const net = buildNet(w.net, rand);
  const notes = { output: '2-way softmax (no sigmoid+BCE in convnetjs)' };
  if (w.kind === 'train') {
    const n = 500;
    const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: LR, momentum: MOMENTUM, batch_size: w.batch, l2_decay: 0 });
    const vols = [], labels = [];
    for (let i = 0; i < n; i++) {
      const v = new convnetjs.Vol(1, 1, 2, 0);
      v.w[0] = data.X[2 * i]; v.w[1] = data.X[2 * i + 1];
      vols.push(v); labels.push(data.y[i] > 0.5 ? 1 : 0);
    }
    const order = Array.from({ length: n }, (_, i) => i);
    const epoch = () => {
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
      let loss = 0;
      for (const i of order) loss += trainer.train(vols[i], labels[i]).loss;
      return loss / n;
    };
    for (let e = 0; e < WARMUP_EPOCHS; e++) epoch(); // warm-up (JIT)
    await pause();
    const t = await timeTraining(() => {
      let loss = NaN;
      for (let e = 0; e < w.epochs; e++) loss = epoch();
      return loss;
    }, (loss) => {
      let ok = 0;
      for (let i = 0; i < n; i++) ok += (net.forward(vols[i]).w[1] > 0.5 ? 1 : 0) === labels[i];
      return { trainAcc: ok / n, finalLoss: loss };
    });
    return { peer: 'convnetjs', ...t, notes };
  }
  const G = makeGrid(w.grid);
  const npts = w.grid * w.grid;
  const out = new Float32Array(npts);
  const v = new convnetjs.Vol(1, 1, 2, 0);
  const t = await timeSurface(() => {
    for (let i = 0; i < npts; i++) {
      v.w[0] = G[2 * i]; v.w[1] = G[2 * i + 1];
      out[i] = net.forward(v).w[1];
    }
    return out;
  }, reps);
  return { peer: 'convnetjs', ...t, notes };
});
