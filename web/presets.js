// presets.js — the published experiments (two circles, SGD lr 0.01 momentum
// 0.9, batch 32, 500 epochs, sigmoid output with binary cross-entropy) as
// page states, each with what to look for: texts built from figures measured
// on the page's own runs (FIGURES), never from the article's.
import { defaultState, defaultNet, cloneState } from './state.js';

const hidden = (count, units, act) => Array.from({ length: count }, () => ({ units, act }));

function articleNet(layers, init, ia, ib, oinit, oia, oib) {
  return { ...defaultNet(), layers, init, ia, ib, oinit, oia, oib, out: 'sigmoid_bce', opt: 'momentum', lr: 0.01, mom: 0.9, batch: 32, l2: 0 };
}

const tanhNet = (count) => articleNet(hidden(count, 5, 'tanh'), 'random_uniform', 0, 1, 'random_uniform', 0, 1);
const reluNet = (count) => articleNet(hidden(count, 5, 'relu'), 'he_uniform', 0, 1, 'glorot_uniform', 0, 1);

function articleState(a, b = null) {
  const st = defaultState();
  Object.assign(st, { ds: 'circles', n: 1000, noise: 0.1, factor: 0.8, split: 0.5, dseed: 1, seed: 1, epochs: 500 });
  st.a = a;
  if (b) { st.b = b; st.cmp = 1; } else { st.cmp = 0; }
  return st;
}

// What each preset's run shows, measured (tests/node/presets.test.js re-measures
// every figure and fails if one drifts): the page's data and settings, network
// seed 1 (the preset's) unless "of 10 seeds" (seeds 1 to 10, as Try 10 seeds).
// gap = the output layer's gradient size (mean |∂L/∂W|) over a layer's.
export const FIGURES = Object.freeze({
  'shallow-tanh': {
    maxGap: 6,          // out vs L1, either way, in every one of the 500 epochs: under 6×
    slowAt: 100,        // at this epoch the training loss (mean of 5 epochs) is within 5% of chance level
    test: 0.74,         // test accuracy at epoch 500
    seedsMin: 0.74, seedsMax: 0.83, // test accuracy over 10 seeds
  },
  'deep-tanh': {
    firstEpochs: 50,
    gapMin: 30, gapMax: 400, // middle layers L2–L4, in each of epochs 1–50: at least 30×, up to 400×
    gapEnd: 6,          // at epoch 500: about 6×
    satLast50: 18, satLast500: 6, // % of L5's unit-samples with tanh′ under 1% of its maximum, at epochs 50 and 500
    satFirst: 0,        // % in L1–L3, in every epoch
    test: 0.58,
    chanceSeeds: 9, chanceBelow: 0.65, // of 10 seeds, ending under 0.65 test accuracy
    learnerSeed: 5, learnerTest: 0.82, // the one that learns
  },
  'deep-relu': {
    spreadFrom: 70,     // from this epoch on, all six lines within 10× of each other
    spreadMax: 35,      // before it, up to about this
    test: 0.83,
    seedsAbove: 9, above: 0.8, seedsMin: 0.79, seedsMax: 0.83,
  },
  'relu-15': {
    test: 0.83,
    deadSeeds: 5, deadExample: 2, // of 10 seeds: a layer with every unit dead at epoch 500, test accuracy 0.50
  },
});

const F = FIGURES;

export const PRESETS = [
  {
    id: 'shallow-tanh',
    name: 'Shallow tanh (1 × 5)',
    state: () => articleState(tanhNet(1)),
    text: 'One hidden layer of five tanh units, every weight drawn from U(0, 1). The net is shallow, so the ' +
      `error signal reaches the hidden layer almost undamped: in this run the two gradient lines stay within ${F['shallow-tanh'].maxGap}× ` +
      'of each other in every epoch, and the surface bends into a ring (class 1 inside). It learns slowly: at epoch ' +
      `${F['shallow-tanh'].slowAt} its training loss is still within 5% of chance level (the page says it is not learning yet), ` +
      `and it ends at ${F['shallow-tanh'].test.toFixed(2)} test accuracy; over 10 seeds ` +
      `(Try 10 seeds) from ${F['shallow-tanh'].seedsMin.toFixed(2)} to ${F['shallow-tanh'].seedsMax.toFixed(2)}.`,
  },
  {
    id: 'deep-tanh',
    name: 'Deep tanh (5 × 5), U(0, 1)',
    state: () => articleState(tanhNet(5)),
    text: 'Five tanh layers with all weights positive in U(0, 1). Backpropagation multiplies the error signal by ' +
      'every layer\u2019s weights and tanh\u2032 on its way down, and here it arrives much weaker: in each of the first ' +
      `${F['deep-tanh'].firstEpochs} epochs the middle layers (L2\u2013L4) get at least ${F['deep-tanh'].gapMin}× and up to ` +
      `${F['deep-tanh'].gapMax}× less gradient than the output layer (the gap in the log-scale chart). The gap then narrows, ` +
      `to about ${F['deep-tanh'].gapEnd}× at epoch 500. The last hidden layer saturates on part of the data: at epoch 50, ` +
      `${F['deep-tanh'].satLast50}% of its unit-samples have tanh\u2032 under 1% of its maximum (the layer list\u2019s ` +
      `\u201csat\u201d), ${F['deep-tanh'].satLast500}% at epoch 500, while L1\u2013L3 stay at ${F['deep-tanh'].satFirst}%: the ` +
      `first layers get little gradient although their own units are not saturated. The net barely learns: this run ends at ${F['deep-tanh'].test.toFixed(2)} test ` +
      `accuracy, and ${F['deep-tanh'].chanceSeeds} of 10 seeds end under ${F['deep-tanh'].chanceBelow.toFixed(2)} ` +
      `(Try 10 seeds); seed ${F['deep-tanh'].learnerSeed} learns (${F['deep-tanh'].learnerTest.toFixed(2)}). This is the vanishing gradient.`,
  },
  {
    id: 'deep-relu',
    name: 'Deep ReLU (5 × 5), He',
    state: () => articleState(reluNet(5)),
    text: 'The same depth with ReLU and He-uniform initialisation (Glorot for the output). ReLU\u2032 is exactly 1 for ' +
      'active units, and He scaling keeps the signal\u2019s size from layer to layer: in this run all six gradient ' +
      `lines stay within 10× of each other from epoch ${F['deep-relu'].spreadFrom} on (in the first epochs the spread ` +
      `reaches about ${F['deep-relu'].spreadMax}×). Test accuracy ends at ` +
      `${F['deep-relu'].test.toFixed(2)}, and the surface is a ring; ${F['deep-relu'].seedsAbove} of 10 seeds end above ` +
      `${F['deep-relu'].above.toFixed(1)} (all between ${F['deep-relu'].seedsMin.toFixed(2)} and ${F['deep-relu'].seedsMax.toFixed(2)}: Try 10 seeds).`,
  },
  {
    id: 'relu-15',
    name: '15-layer ReLU (15 × 5)',
    state: () => articleState(reluNet(15)),
    text: `Fifteen ReLU layers of five units. This run (network seed 1) learns: ${F['relu-15'].test.toFixed(2)} test ` +
      'accuracy at epoch 500. But with five units a layer, a layer can lose every unit to the dying-ReLU problem: ' +
      'it outputs 0 for every training point, and every gradient below it is exactly 0 (those lines sit on the chart\u2019s ' +
      `bottom edge, marked \u25bc). In the 10-seed study (Try 10 seeds) ${F['relu-15'].deadSeeds} of 10 seeds end with ` +
      'such a dead layer, and those stay at chance (0.50 test accuracy); set the network seed to ' +
      `${F['relu-15'].deadExample} to watch one die.`,
  },
  {
    id: 'compare',
    name: 'Compare deep tanh | ReLU',
    state: () => articleState(tanhNet(5), reluNet(5)),
    text: 'Both deep nets side by side on the same data and seed. Left (A): tanh with U(0, 1) weights \u2014 in the ' +
      `first ${F['deep-tanh'].firstEpochs} epochs its middle layers get ${F['deep-tanh'].gapMin}× to ${F['deep-tanh'].gapMax}× ` +
      `less gradient than its output layer, and it ends at ${F['deep-tanh'].test.toFixed(2)} test accuracy. Right (B): ` +
      'ReLU with He initialisation \u2014 gradient lines within 10× of each other from epoch ' +
      `${F['deep-relu'].spreadFrom} on, a ring-shaped decision surface and ${F['deep-relu'].test.toFixed(2)} test accuracy. ` +
      'Try 10 seeds trains both from seeds 1 to 10 and shades their spread on the charts.',
  },
];

export function presetById(id) {
  return PRESETS.find((p) => p.id === id) || null;
}

export function presetState(id) {
  const p = presetById(id);
  if (!p) return null;
  const st = cloneState(p.state());
  st.preset = p.id;
  return st;
}
