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

/** The cures' set-ups (issue 14): nets built like articleNet, changed by `over`. */
const cureNet = (layers, init, oinit, over = {}) => ({ ...articleNet(layers, init, 0, 0.05, oinit, 0, 0.05), ...over });
const withLayers = (net, f) => ({ ...net, layers: net.layers.map((l, i) => ({ ...l, ...f(l, i) })) });
/** A first ReLU layer of 8, then `blocks` two-layer blocks: ReLU 8, then linear 8 adding the block's input (residual 2), gain 1/√blocks. */
function residualLayers(blocks) {
  const layers = [{ units: 8, act: 'relu' }];
  for (let b = 0; b < blocks; b++) layers.push({ units: 8, act: 'relu' }, { units: 8, act: 'linear', res: 2, gain: Number((1 / Math.sqrt(blocks)).toPrecision(4)) });
  return layers;
}
const CURE_NETS = {
  residual: () => [cureNet(hidden(21, 8, 'relu'), 'he_uniform', 'glorot_uniform'), cureNet(residualLayers(10), 'he_uniform', 'glorot_uniform')],
  clip: () => {
    const a = cureNet(hidden(5, 16, 'relu'), 'random_normal', 'random_normal', { ib: 0.7, oib: 0.7, out: 'linear_mse', lr: 0.03 });
    return [a, { ...a, clip: 'norm', clipv: 1 }];
  },
  leaky: () => {
    const a = cureNet(hidden(15, 5, 'relu'), 'he_uniform', 'glorot_uniform');
    return [a, withLayers(a, () => ({ act: 'leaky_relu', alpha: 0.1 }))];
  },
  bn: () => {
    const a = cureNet(hidden(10, 8, 'tanh'), 'random_normal', 'random_normal', { ib: 2, oib: 2 });
    return [a, withLayers(a, () => ({ norm: 'batch' }))];
  },
  'bn-deep-tanh': () => [tanhNet(5), withLayers(tanhNet(5), () => ({ norm: 'batch' }))],
};

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
  // The cure presets (CURES): A the baseline, B the cure, each network over seeds 1 to 10 (Try 10 seeds):
  // test accuracy median, min, max (seeds that did not diverge), learns = seeds reaching 0.75, diverged =
  // seeds whose run stopped; and of the preset's own seed (state.seed): test, stopEpoch (the epoch its
  // NaN stop names), dead (hidden layers with every unit dead at epoch 500), gapL1 (epoch 100: the output
  // layer's gradient over L1's, Infinity: L1's is exactly 0). Measured by tests/node/helpers/cure-figures.js.
  'cure-residual': {
    a: { median: 0.66, min: 0.5, max: 0.84, learns: 5, diverged: 0, test: 0.5, dead: 1, gapL1: Infinity },
    b: { median: 0.82, min: 0.8, max: 0.82, learns: 10, diverged: 0, test: 0.8, dead: 0, gapL1: 0.42 },
  },
  'cure-clip': {
    a: { median: 0.5, min: 0.5, max: 0.5, learns: 0, diverged: 9, stopEpoch: 1 },
    b: { median: 0.82, min: 0.8, max: 0.83, learns: 10, diverged: 0, test: 0.83, dead: 0, gapL1: 0.81 },
  },
  'cure-leaky': {
    a: { median: 0.65, min: 0.5, max: 0.83, learns: 5, diverged: 0, test: 0.5, dead: 1, gapL1: Infinity },
    b: { median: 0.82, min: 0.5, max: 0.83, learns: 7, diverged: 0, test: 0.83, dead: 0, gapL1: 1.3 },
  },
  'cure-bn': {
    a: { median: 0.5, min: 0.49, max: 0.53, learns: 0, diverged: 0, test: 0.5, dead: 0, gapL1: 650000 },
    b: { median: 0.82, min: 0.77, max: 0.84, learns: 10, diverged: 0, test: 0.83, dead: 0, gapL1: 0.78 },
  },
  'cure-bn-deep-tanh': {
    a: { median: 0.57, min: 0.5, max: 0.82, learns: 1, diverged: 0, test: 0.58, dead: 0, gapL1: 2.2 },
    b: { median: 0.62, min: 0.56, max: 0.82, learns: 1, diverged: 0, test: 0.62, dead: 0, gapL1: 5.2 },
  },
  // The digits preset (issue 15): A 6 × 32 sigmoid (Glorot), B 6 × 32 ReLU (He) on the bundled digits
  // table as the page splits and z-scores it, over network seeds 1 to 10: ratio = the output layer's
  // gradient (mean |∂L/∂W|) over L1's in epoch 1, its min and max over the seeds; test = test accuracy
  // at the last epoch, min and max over the seeds. Measured by tests/node/presets.test.js.
  'digits-vanishing': {
    a: { ratioMin: 3900, ratioMax: 6500, testMin: 0.08, testMax: 0.1 },
    b: { ratioMin: 1.3, ratioMax: 2.2, testMin: 0.92, testMax: 0.96 },
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

/** The cure presets (issue 14): each a compare run, A the baseline, B the cure. */
export const CURES = Object.freeze(['cure-residual', 'cure-clip', 'cure-leaky', 'cure-bn', 'cure-bn-deep-tanh']);
/** Cure preset `key` with network seed `seed` (one where the baseline shows its failure). */
const cureState = (key, seed) => () => ({ ...articleState(...CURE_NETS[key]()), seed });
const two = (v) => v.toFixed(2);
/** "k of 10 seeds reach 0.75, test accuracy median m (lo–hi)" of FIGURES[id].a or .b. */
const seeds = (f) => `${f.learns} of 10 seeds reach 0.75 test accuracy, median ${two(f.median)} (${two(f.min)}\u2013${two(f.max)})`;
const C = (id) => F[id];
PRESETS.push(
  {
    id: 'cure-residual',
    name: 'Cure: residual blocks (21 × 8 ReLU)',
    state: cureState('residual', 3),
    text: 'A (left): 21 plain ReLU layers of 8 units, He initialisation, lr 0.01. B (right): the same depth as a first ReLU ' +
      'layer and 10 residual blocks, each a ReLU layer and a linear layer that adds the block\u2019s input to its output ' +
      '(skip k = 2 in the layer options), its initial weights scaled by 1/\u221a10 (init gain 0.3162). With this network seed (3) ' +
      `A loses a whole layer to dying ReLU (${C('cure-residual').a.dead} layer with every unit dead at epoch 500): at epoch 100 L1\u2019s gradient is exactly 0, ` +
      `its line on the chart\u2019s bottom edge, and A ends at ${two(C('cure-residual').a.test)} test accuracy. In B the skips carry the ` +
      `gradient past every block: at epoch 100 L1 gets ${(1 / C('cure-residual').b.gapL1).toFixed(1)}× the output layer\u2019s gradient, and B ends at ` +
      `${two(C('cure-residual').b.test)}. Over 10 seeds (Try 10 seeds): A ${seeds(C('cure-residual').a)}; B ${seeds(C('cure-residual').b)}.`,
  },
  {
    id: 'cure-clip',
    name: 'Cure: gradient clipping (5 × 16 ReLU)',
    state: cureState('clip', 1),
    text: 'Exploding gradients. Five ReLU layers of 16 units with weights drawn from N(0, 0.7\u00b2), too large for 16 inputs a unit, a linear ' +
      'output with mean squared error (class 1 when the output is above 0.5), lr 0.03. A (left) has no clipping: its gradients ' +
      `explode, the loss or the weights stop being finite and the run stops in epoch ${C('cure-clip').a.stopEpoch} (the page says so and names the epoch). ` +
      'B (right) scales the gradient down to a global norm of at most 1 before every step (Clip gradients: by global norm, 1): ' +
      `it trains, its gradient lines stay together (at epoch 100 the output layer\u2019s and L1\u2019s within ${Math.max(C('cure-clip').b.gapL1, 1 / C('cure-clip').b.gapL1).toFixed(1)}× of each other), ` +
      `and it ends at ${two(C('cure-clip').b.test)}. Over 10 seeds (Try 10 seeds): ${C('cure-clip').a.diverged} of 10 runs of A diverge, the other ends at ` +
      `${two(C('cure-clip').a.max)}; B never diverges and ${seeds(C('cure-clip').b)}.`,
  },
  {
    id: 'cure-leaky',
    name: 'Cure: leaky ReLU (15 × 5)',
    state: cureState('leaky', 2),
    text: 'Fifteen layers of five units, He initialisation. A (left) uses ReLU: with this network seed (2) a layer dies ' +
      `(every unit outputs 0 for every training point), L1\u2019s gradient is exactly 0 at epoch 100 and A stays at ${two(C('cure-leaky').a.test)}. ` +
      'B (right) uses leaky ReLU with alpha 0.1: a unit below 0 still passes a tenth of the gradient, so no layer can die, ' +
      `and B ends at ${two(C('cure-leaky').b.test)}. The cure is partial: over 10 seeds (Try 10 seeds) A ${seeds(C('cure-leaky').a)}; ` +
      `B ${seeds(C('cure-leaky').b)}: five units a layer over fifteen layers remains hard to train.`,
  },
  {
    id: 'cure-bn',
    name: 'Cure: batch norm (tanh 10 × 8)',
    state: cureState('bn', 2),
    text: 'Ten tanh layers of eight units, every weight drawn from N(0, 2\u00b2): the pre-activations are so large that tanh ' +
      'saturates, tanh\u2032 is near 0 and the gradient vanishes on its way down. A (left), without normalisation, with this network seed (2): at epoch 100 ' +
      `L1 gets about ${Math.round(C('cure-bn').a.gapL1 / 1000) * 1000}× less gradient than the output layer, and A ends at ${two(C('cure-bn').a.test)}. ` +
      'B (right) adds batch norm before every tanh (norm: batch in the layer options): each layer\u2019s pre-activations are ' +
      'rescaled to mean 0 and variance 1 over the batch, tanh works in its steep middle, and the lines come together: at epoch 100 ' +
      `the output layer\u2019s and L1\u2019s gradients are within ${Math.max(C('cure-bn').b.gapL1, 1 / C('cure-bn').b.gapL1).toFixed(1)}× of each other; B ends at ${two(C('cure-bn').b.test)}. ` +
      `Over 10 seeds (Try 10 seeds): A ${seeds(C('cure-bn').a)}; B ${seeds(C('cure-bn').b)}.`,
  },
  {
    id: 'cure-bn-deep-tanh',
    name: 'No cure: batch norm on deep tanh U(0, 1)',
    state: cureState('bn-deep-tanh', 1),
    text: 'A cure that does not help. A (left) is the deep tanh net of the article (5 × 5, weights in U(0, 1)); B (right) adds ' +
      'batch norm before every tanh. Normalising the pre-activations does not undo what the all-positive weights do to the ' +
      `backward pass: at epoch 100 B\u2019s output layer gets ${C('cure-bn-deep-tanh').b.gapL1.toFixed(1)}× L1\u2019s gradient (A: ${C('cure-bn-deep-tanh').a.gapL1.toFixed(1)}×), and B ends at ` +
      `${two(C('cure-bn-deep-tanh').b.test)} (A: ${two(C('cure-bn-deep-tanh').a.test)}). Over 10 seeds (Try 10 seeds): A ${seeds(C('cure-bn-deep-tanh').a)}; ` +
      `B ${seeds(C('cure-bn-deep-tanh').b)}. What rescues this net is ReLU with He initialisation (the Compare preset), not normalisation.`,
  },
);

/** The digits preset: a deep sigmoid net against a ReLU net with He initialisation, on the digits table. */
const digitsNet = (act, init) => ({
  ...defaultNet(), layers: hidden(6, 32, act), init, oinit: 'glorot_uniform', out: 'softmax_cce', opt: 'momentum', lr: 0.01, mom: 0.9, batch: 32, l2: 0,
});
function digitsState() {
  const st = defaultState();
  Object.assign(st, { ds: 'digits', split: 0.7, dseed: 1, std: 'zscore', sx: 27, sy: 36, seed: 1, epochs: 30, cmp: 1 });
  st.a = digitsNet('sigmoid', 'glorot_uniform');
  st.b = digitsNet('relu', 'he_uniform');
  return st;
}
const D = F['digits-vanishing'];
const range = (lo, hi, f) => (f(lo) === f(hi) ? f(lo) : `${f(lo)}\u2013${f(hi)}`);
const times = (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1));
PRESETS.push({
  id: 'digits-vanishing',
  name: 'Real data: digits, deep sigmoid | ReLU',
  state: digitsState,
  text: 'The vanishing gradient on real data: the UCI handwritten digits (8\u00d78 images, 64 inputs, 10 classes; 70% of the rows ' +
    'train, the inputs z-scored with the training rows\u2019 statistics). A (left): six sigmoid layers of 32 units, Glorot ' +
    'initialisation; B (right): six ReLU layers of 32 units, He initialisation; both a softmax output, SGD with momentum, lr 0.01, ' +
    `batch 32, 30 epochs. Over network seeds 1 to 10 (Try 10 seeds), in epoch 1 A\u2019s first layer gets ${range(D.a.ratioMin, D.a.ratioMax, times)}× ` +
    `less gradient than its output layer, B\u2019s ${range(D.b.ratioMin, D.b.ratioMax, times)}×; after 30 epochs A stays at ${range(D.a.testMin, D.a.testMax, two)} test ` +
    `accuracy (chance: 0.10), B ${range(D.b.testMin, D.b.testMax, two)}. The surface shows only two pixels (the others held at their mean): ` +
    'watch the gradient chart, the confusion matrix and the misclassified digits beside it.',
});

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
