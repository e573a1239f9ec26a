// cli/cures.js — the cures' experiments of issue 14, defined once as data:
// each a baseline and its cure (and, where the issue asks, the variants that
// fail). Pure data and spec builders, no imports: `gradlab reproduce --cures`
// runs them (cli/reproduce-cures.js), tests/node/helpers/cures_torch.py runs
// the same set-ups in PyTorch, and the page may read them.
//
// Common to all: the article's two circles (first 500 rows train, last 500
// test), batch 32, 500 epochs, biases zero, shuffled every epoch; unless a
// set-up says otherwise SGD lr 0.01 momentum 0.9, BCE on a sigmoid output.

/** The article's two circles (gradlab reproduce, with and without --cures): split in halves, first train, last test. */
export const ARTICLE_DATA = Object.freeze({ type: 'circles', n: 1000, noise: 0.1, factor: 0.8, scale: true, trainFraction: 0.5 });

const SGD = Object.freeze({ type: 'sgd', learningRate: 0.01, momentum: 0.9 });
const HE = { init: 'he_uniform' };
const GLOROT = { init: 'glorot_uniform' };
const N02 = { init: 'random_normal', initParams: { mean: 0, stddev: 2 } };
const N07 = { init: 'random_normal', initParams: { mean: 0, stddev: 0.7 } };
const U01 = { init: 'random_uniform', initParams: { min: 0, max: 1 } };
const SIGMOID = (init) => ({ units: 1, activation: 'sigmoid', ...init });

/** n hidden layers of `units` `activation` with the init `init` (and extra fields). */
const hidden = (n, units, activation, init, extra = {}) =>
  Array.from({ length: n }, () => ({ units, activation, ...init, ...extra }));

/** 20 layers after a first one: 10 blocks (relu, then linear with residual 2, gain `gain`), or `skip1`: each adds the one before. */
function residualNet(kind) {
  const first = { units: 8, activation: 'relu', ...HE };
  const layers = [first];
  for (let b = 0; b < 10; b++) {
    if (kind === 'skip1') {
      layers.push({ units: 8, activation: 'relu', ...HE, residual: 1 }, { units: 8, activation: 'relu', ...HE, residual: 1 });
    } else {
      const gain = kind === 'scaled' ? 1 / Math.sqrt(10) : 1;
      layers.push({ units: 8, activation: 'relu', ...HE },
        { units: 8, activation: 'linear', init: 'he_uniform', initParams: { gain }, residual: 2 });
    }
  }
  return [...layers, SIGMOID(GLOROT)];
}

/**
 * The experiments. A set-up: id, role ('baseline' | 'cure' | 'fails': a
 * variant of the cure that the issue expects not to work), label, the
 * network's layers and loss, and the train options beyond the common ones
 * (optimizer, clip, schedule); trainRows: train on the first n training rows
 * only; threshold: class = output > 0.5 (the linear MSE output).
 * `negative`: a cure that is not expected to help (shown as such).
 */
export const CURE_EXPERIMENTS = [
  {
    id: 'batch-norm', title: 'Batch norm on tanh 10×8, N(0, 2) kernels', negative: false,
    change: 'norm: batch before each tanh',
    setups: [
      { id: 'bn-off', role: 'baseline', label: 'tanh 10×8, N(0, 2)', layers: [...hidden(10, 8, 'tanh', N02), SIGMOID(N02)] },
      { id: 'bn-on', role: 'cure', label: '+ batch norm', layers: [...hidden(10, 8, 'tanh', N02, { norm: 'batch' }), SIGMOID(N02)] },
    ],
  },
  {
    id: 'residual', title: 'Residual blocks on ReLU 21×8 He', negative: false,
    change: 'a first layer + 10 blocks (relu, linear with residual: 2 and gain 1/√10)',
    setups: [
      { id: 'res-off', role: 'baseline', label: 'ReLU 21×8 plain', layers: [...hidden(21, 8, 'relu', HE), SIGMOID(GLOROT)] },
      { id: 'res-scaled', role: 'cure', label: '+ 10 blocks, gain 1/√10', layers: residualNet('scaled') },
      { id: 'res-unscaled', role: 'fails', label: '+ 10 blocks, gain 1', layers: residualNet('unscaled') },
      { id: 'res-skip1', role: 'fails', label: '+ one-layer skips', layers: residualNet('skip1') },
    ],
  },
  {
    id: 'clipping', title: 'Gradient clipping on ReLU 5×16, N(0, 0.7), MSE, lr 0.03', negative: false,
    change: 'clip: { norm: 1 }',
    setups: [
      { id: 'clip-off', role: 'baseline', label: 'ReLU 5×16, N(0, 0.7), MSE lr 0.03', loss: 'mse', threshold: true,
        layers: [...hidden(5, 16, 'relu', N07), { units: 1, activation: 'linear', ...N07 }],
        optimizer: { ...SGD, learningRate: 0.03 } },
      { id: 'clip-on', role: 'cure', label: '+ clip norm 1', loss: 'mse', threshold: true,
        layers: [...hidden(5, 16, 'relu', N07), { units: 1, activation: 'linear', ...N07 }],
        optimizer: { ...SGD, learningRate: 0.03 }, clip: { norm: 1 } },
    ],
  },
  {
    id: 'warmup', title: 'Warm-up on ReLU 5×16 He, Adam lr 0.1, cosine to 0', negative: false,
    change: 'schedule.warmupEpochs: 20',
    setups: [
      { id: 'warmup-off', role: 'baseline', label: 'Adam 0.1, cosine', layers: [...hidden(5, 16, 'relu', HE), SIGMOID(GLOROT)],
        optimizer: { type: 'adam', learningRate: 0.1 }, schedule: { type: 'cosine', minLearningRate: 0 } },
      { id: 'warmup-on', role: 'cure', label: '+ 20-epoch warm-up', layers: [...hidden(5, 16, 'relu', HE), SIGMOID(GLOROT)],
        optimizer: { type: 'adam', learningRate: 0.1 }, schedule: { type: 'cosine', minLearningRate: 0, warmupEpochs: 20 } },
    ],
  },
  {
    id: 'leaky', title: 'Leaky ReLU on 15×5 He', negative: false,
    change: 'activation: leaky_relu, alpha 0.1',
    setups: [
      { id: 'leaky-off', role: 'baseline', label: 'ReLU 15×5', layers: [...hidden(15, 5, 'relu', HE), SIGMOID(GLOROT)] },
      { id: 'leaky-on', role: 'cure', label: 'leaky ReLU 0.1', layers: [...hidden(15, 5, 'leaky_relu', HE, { alpha: 0.1 }), SIGMOID(GLOROT)] },
    ],
  },
  {
    id: 'bn-deep-tanh', title: 'Batch norm on the deep tanh net, U(0, 1) (negative)', negative: true,
    change: 'norm: batch before each tanh',
    setups: [
      { id: 'bnu-off', role: 'baseline', label: 'tanh 5×5, U(0, 1)', layers: [...hidden(5, 5, 'tanh', U01), SIGMOID(U01)] },
      { id: 'bnu-on', role: 'cure', label: '+ batch norm', layers: [...hidden(5, 5, 'tanh', U01, { norm: 'batch' }), SIGMOID(U01)] },
    ],
  },
  {
    id: 'skip-deep-relu', title: 'One-layer skips on ReLU 20×5 He (negative)', negative: true,
    change: 'residual: 1 on layers 2 … 20',
    setups: [
      { id: 'skip-off', role: 'baseline', label: 'ReLU 20×5', layers: [...hidden(20, 5, 'relu', HE), SIGMOID(GLOROT)] },
      { id: 'skip-on', role: 'cure', label: '+ one-layer skips',
        layers: [{ units: 5, activation: 'relu', ...HE }, ...hidden(19, 5, 'relu', HE, { residual: 1 }), SIGMOID(GLOROT)] },
    ],
  },
  {
    id: 'dropout-small', title: 'Dropout 0.2 on ReLU 3×128 He, 100 training points (negative)', negative: true,
    change: 'dropout: 0.2 on each hidden layer',
    setups: [
      { id: 'drop-off', role: 'baseline', label: 'ReLU 3×128, 100 points', trainRows: 100, layers: [...hidden(3, 128, 'relu', HE), SIGMOID(GLOROT)] },
      { id: 'drop-on', role: 'cure', label: '+ dropout 0.2', trainRows: 100, layers: [...hidden(3, 128, 'relu', HE, { dropout: 0.2 }), SIGMOID(GLOROT)] },
    ],
  },
];

export const CURE_SETUPS = CURE_EXPERIMENTS.flatMap((x) => x.setups.map((s) => ({ ...s, experiment: x.id })));
export const CURE_BY_ID = Object.fromEntries(CURE_SETUPS.map((s) => [s.id, s]));
export const CURE_COMMON = Object.freeze({ batchSize: 32, epochs: 500, optimizer: SGD, loss: 'binary_crossentropy', reach: 0.75, gradEpoch: 100 });

/** A set-up's network spec for one seed. */
export function cureSpec(setup, seed) {
  return { inputs: 2, layers: structuredClone(setup.layers), loss: setup.loss ?? CURE_COMMON.loss, seed };
}

/** A set-up's train options (without epochs). */
export function cureTrainOptions(setup) {
  const o = { batchSize: CURE_COMMON.batchSize, shuffle: true, optimizer: { ...(setup.optimizer ?? CURE_COMMON.optimizer) } };
  if (setup.clip) o.clip = { ...setup.clip };
  if (setup.schedule) o.schedule = { ...setup.schedule };
  return o;
}
