// stats.mjs — the cost of net.train(X, y, { stats: 'full' }) against 'basic'
// on workload A-tanh (lib/common.mjs), through the JS API, in one process:
// the contenders are timed side by side, one training call of each per round
// (the order rotated every round), so the load of this shared machine falls
// on all of them alike. A fresh net per call (the same seed: the same
// training), after a warm-up of each contender and an idle pause.
//   basic          stats: 'basic' (the default)
//   full           stats: 'full', the history only (distributions measured at
//                  the epochs it keeps: docs/API.md)
//   full+onEpoch   stats: 'full' and an onEpoch callback, so every epoch's
//                  distributions are measured and decoded-on-read
// Prints one JSON line: per contender the median ms, and per 'full'
// contender the median over rounds of its time / basic's time in that round.
// node tests/bench/stats.mjs --data FILE [--rounds N] [--module path/to/gradlab.js]
//                            [--baseline path/to/another/gradlab.js]
import { pathToFileURL } from 'node:url';
import { parseArgs, readData, layersOf, median, now, pause, WORKLOADS, LR, MOMENTUM, TRAIN_N } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2));
const modUrl = args.module ? pathToFileURL(args.module).href : new URL('../../dist/gradlab.js', import.meta.url).href;
const { load } = await import(modUrl);
const lab = await load();
const rounds = args.rounds ? Number(args.rounds) : 9;
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer (got ${args.rounds})`);
const data = readData(args.data);
const X = data.X.slice(0, 2 * TRAIN_N), y = data.y.slice(0, TRAIN_N);
const w = WORKLOADS['A-tanh'];
const spec = {
  inputs: 2, loss: 'binary_crossentropy', seed: 1,
  layers: layersOf(w.net).map((l) => ({ units: l.units, activation: l.activation, init: l.init, ...(l.initParams ? { initParams: l.initParams } : {}) })),
};
const base = { batchSize: w.batch, shuffle: true, optimizer: { type: 'sgd', learningRate: LR, momentum: MOMENTUM } };
const CONTENDERS = {
  basic: { stats: 'basic' },
  full: { stats: 'full' },
  'full+onEpoch': { stats: 'full', onEpoch: () => {} },
};
// --baseline other/gradlab.js: that build's 'basic' as one more contender
// (is 'basic' no slower than before?), loaded beside this one
let before = null;
if (args.baseline) {
  before = await (await import(pathToFileURL(args.baseline).href)).load();
  CONTENDERS['basic (baseline)'] = { stats: 'basic' };
}
const names = Object.keys(CONTENDERS);

function run(name, epochs) {
  const net = (name === 'basic (baseline)' ? before : lab).network(spec);
  try {
    const t0 = now();
    const h = net.train(X, y, { ...base, ...CONTENDERS[name], epochs });
    const ms = now() - t0;
    return { ms, loss: h.epochs.at(-1).loss, hasDist: !!h.epochs.at(-1).layers[0].dist };
  } finally {
    net.dispose();
  }
}

for (const n of names) run(n, 20); // warm-up
await pause();
const ms = Object.fromEntries(names.map((n) => [n, []]));
const check = {};
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < names.length; i++) {
    const n = names[(i + r) % names.length];
    const res = run(n, w.epochs);
    ms[n].push(res.ms);
    check[n] = res;
  }
}
// the same training whatever the statistics; 'full' keeps the latest epoch's distributions
const loss = check.basic.loss;
for (const n of names) {
  if (check[n].loss !== loss) throw new Error(`${n}: final loss ${check[n].loss} differs from basic's ${loss}`);
  if (n.startsWith('full') && !check[n].hasDist) throw new Error(`${n}: the latest epoch has no distributions`);
}
const out = { workload: 'A-tanh', epochs: w.epochs, rounds, finalLoss: loss, contenders: {} };
for (const n of names) {
  out.contenders[n] = { ms: median(ms[n]), msMin: Math.min(...ms[n]), msMax: Math.max(...ms[n]) };
  if (n !== 'basic') out.contenders[n].ratio = median(ms[n].map((t, i) => t / ms.basic[i]));
}
process.stdout.write(`${JSON.stringify(out)}\n`);
