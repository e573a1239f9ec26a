// export.js — an experiment of gradlab as a runnable PyTorch or Keras script.
//
//   import { exportPyTorch, exportKeras } from './export.js';
//   const py = exportPyTorch(experiment, { weights: net.getWeights() });
//
// experiment = {
//   dataset: { type: 'circles', n, noise, factor, seed, trainFraction },   // also moons, xor, spiral, gauss (+ classes)
//   network: { inputs, layers: [{ units, activation, alpha?, init, initParams?, biasInit? }], loss, seed },
//   train:   { epochs, batchSize, shuffle, optimizer: { type, learningRate, momentum, nesterov,
//              beta1, beta2, epsilon, rho }, l1, l2 },
// }
// weights (optional) = [{ kernel: Float32Array(in*out) row-major [in][out], bias: Float32Array(out) }]
//
// The scripts regenerate the data with inline numpy code (sklearn's
// make_circles / make_moons algorithm with a numpy RandomState; xor, spiral and
// gauss as gradlab draws them), scale it to [-1, 1] by min-max and split it as
// gradlab does, build the same layers with the same initialisers (Keras'
// formulas), loss, optimiser and penalties, train and print the test accuracy.
// The data are statistically, not bit-for-bit, those of gradlab: gradlab's
// PCG32 is not numpy's generator. With weights included, `--no-train` loads
// them and predicts exactly what gradlab predicts (float32 throughout).
//
// Pure ES module: no DOM, no Node built-ins; usable by the CLI and the page.

import { ACTIVATIONS } from './tables.js';
import { oneOf } from './check.js';
import { object, scriptInputs } from './export/validate.js';
import { exportPyTorch } from './export/pytorch.js';
import { f64, pyBool, weightsLiteral, describeLayer, experimentComment } from './export/python.js';

export { validateExperiment } from './export/validate.js';
export { exportPyTorch };

/** Names the exporter can write (every activation of gradlab). */
export const exportActivations = ACTIVATIONS;
/** The frameworks exportExperiment() knows. */
export const exportFrameworks = Object.freeze(['pytorch', 'keras']);

// ---- the Keras script's parts (the PyTorch script takes them from common.py) -----

function usageComment(e) {
  return `#
#   python3 this.py                     train as gradlab does, print the test accuracy
#   python3 this.py --no-train          use the trained weights exported from gradlab
#   python3 this.py --predict pts.json  also print predictions for [[x1, x2], ...] as JSON
#   python3 this.py --epochs N          override the number of epochs
#   python3 this.py --from-weights      train further, starting from the exported weights
#   python3 this.py --data data.json    train on these data instead (e.g. gradlab's own points)
#
# The experiment:
${experimentComment(e).join('\n')}`;
}

const PY_IMPORTS = `import argparse
import json
import math
import sys

import numpy as np`;

function constants(e, outputs) {
  return `OUTPUTS = ${outputs}
LOSS = "${e.network.loss}"
SEED = ${e.network.seed}
EPOCHS = ${e.train.epochs}
BATCH_SIZE = ${e.train.batchSize}
SHUFFLE = ${pyBool(e.train.shuffle)}`;
}

/** log(), then main() up to the command line parsed. */
function mainHead(framework) {
  return `def log(*args):
    print(*args, file=LOG)


LOG = sys.stdout


def main():
    global LOG
    parser = argparse.ArgumentParser(description="gradlab experiment, exported to ${framework}")
    parser.add_argument("--no-train", action="store_true", help="use the weights exported from gradlab, no training")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    parser.add_argument("--predict", metavar="POINTS_JSON", help="print predictions for these points as JSON on stdout")
    parser.add_argument("--from-weights", action="store_true", help="start training from the exported weights")
    parser.add_argument("--data", metavar="DATA_JSON", help="use these data instead of regenerating them (see read_data)")
    args = parser.parse_args()
    if args.predict:
        LOG = sys.stderr  # stdout carries only the JSON`;
}

const NEED_WEIGHTS = `        if WEIGHTS is None:
            sys.exit("--no-train and --from-weights need the weights: export the experiment with its weights")`;

const MAIN_CALL = `

if __name__ == "__main__":
    main()
`;

// Data generation shared by both scripts (numpy only).
function dataCode(d) {
  const gen = {
    circles: `def make_data(rs):
    """sklearn.datasets.make_circles(n, shuffle=True, noise, random_state=seed, factor)."""
    n_out = N // 2
    n_in = N - n_out
    t_out = np.linspace(0.0, 2.0 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0.0, 2.0 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(t_out), FACTOR * np.cos(t_in)),
                   np.append(np.sin(t_out), FACTOR * np.sin(t_in))]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
`,
    moons: `def make_data(rs):
    """sklearn.datasets.make_moons(n, shuffle=True, noise, random_state=seed)."""
    n_out = N // 2
    n_in = N - n_out
    t_out = np.linspace(0.0, np.pi, n_out)
    t_in = np.linspace(0.0, np.pi, n_in)
    X = np.vstack([np.append(np.cos(t_out), 1.0 - np.cos(t_in)),
                   np.append(np.sin(t_out), 1.0 - np.sin(t_in) - 0.5)]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
`,
    xor: `def make_data(rs):
    """gradlab's xor: points uniform in [-1, 1]^2, half of them (label 0) in the
    quadrants where x*y < 0, the rest (label 1) where x*y > 0; shuffled; noise."""
    n0 = N // 2
    a = 1.0 - rs.uniform(size=(N, 2))
    sx = np.where(rs.uniform(size=N) < 0.5, 1.0, -1.0)
    sy = np.where(np.arange(N) < n0, -sx, sx)
    X = np.stack([sx * a[:, 0], sy * a[:, 1]], axis=1)
    y = np.where(np.arange(N) < n0, 0.0, 1.0)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
`,
    spiral: `def make_data(rs):
    """gradlab's spiral: CLASSES arms; point i of arm c (m points) at radius s = i/m
    and angle 1.75 * 2 pi s + 2 pi c / CLASSES; shuffled; noise."""
    X, y = [], []
    for c in range(CLASSES):
        m = N // CLASSES + (1 if c < N % CLASSES else 0)
        s = np.arange(m) / m
        t = 1.75 * 2.0 * np.pi * s + 2.0 * np.pi * c / CLASSES
        X.append(np.stack([s * np.cos(t), s * np.sin(t)], axis=1))
        y.append(np.full(m, float(c)))
    X, y = np.concatenate(X), np.concatenate(y)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
`,
    gauss: `def make_data(rs):
    """gradlab's gauss: CLASSES isotropic clusters of std NOISE centred on the unit
    circle at angles pi/4 + 2 pi c / CLASSES; shuffled."""
    X, y = [], []
    for c in range(CLASSES):
        m = N // CLASSES + (1 if c < N % CLASSES else 0)
        t = 0.25 * np.pi + 2.0 * np.pi * c / CLASSES
        X.append(np.tile([np.cos(t), np.sin(t)], (m, 1)))
        y.append(np.full(m, float(c)))
    X, y = np.concatenate(X), np.concatenate(y)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
`,
  }[d.type];
  const consts = [`N = ${d.n}`, `NOISE = ${f64(d.noise)}`];
  if (d.type === 'circles') consts.push(`FACTOR = ${f64(d.factor)}`);
  if (d.type === 'spiral' || d.type === 'gauss') consts.push(`CLASSES = ${d.classes}`);
  consts.push(`DATA_SEED = ${d.seed}`, `TRAIN_FRACTION = ${f64(d.trainFraction)}`, `SCALE = ${pyBool(d.scale)}`);
  return `# ---- data ---------------------------------------------------------------------
# The same generator as gradlab's, with numpy's RandomState in place of gradlab's
# PCG32: the same distribution, not the same draws.
${consts.join('\n')}


${gen}

def scale_minmax(X):
    """Min-max per coordinate to [-1, 1] (a constant coordinate becomes 0)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.where(hi > lo, 2.0 * (X - lo) / span - 1.0, 0.0)


def load_data():
    """(X_train, y_train, X_test, y_test) as float32; y holds class labels."""
    X, y = make_data(np.random.RandomState(DATA_SEED))
    if SCALE:
        X = scale_minmax(X)
    if TRAIN_FRACTION >= 1:
        n_train = N  # no test set
    else:
        n_train = min(N - 1, max(1, int(math.floor(N * TRAIN_FRACTION + 0.5))))
    X, y = X.astype(np.float32), y.astype(np.float32)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def targets(labels):
    """Labels as the network's targets: a column for one output, one-hot otherwise."""
    if OUTPUTS == 1:
        return labels.reshape(-1, 1).astype(np.float32)
    return np.eye(OUTPUTS, dtype=np.float32)[labels.astype(np.int64)]


def read_data(path):
    """Data from a JSON file {"X_train": [[x1, x2], ...], "y_train": [label, ...],
    "X_test": ..., "y_test": ...} (e.g. gradlab's own data set, point for point)."""
    with open(path) as f:
        d = json.load(f)
    get = lambda k, shape: np.array(d[k], dtype=np.float32).reshape(shape)
    return get("X_train", (-1, 2)), get("y_train", -1), get("X_test", (-1, 2)), get("y_test", -1)
`;
}

// ---- Keras ----------------------------------------------------------------------------

const KERAS_ACT = {
  linear: ['"linear"', null],
  step: ['act_step', 'def act_step(x):\n    """1 where x > 0, else 0, with gradient 0 (not None) so training still runs."""\n    return tf.cast(x > 0, x.dtype) + 0.0 * x'],
  sigmoid: ['"sigmoid"', null],
  tanh: ['"tanh"', null],
  relu: ['"relu"', null],
  leaky_relu: [null, 'def NAME(x):\n    return tf.where(x > 0, x, ALPHA * x)'],
  elu: [null, 'def NAME(x):\n    return tf.where(x > 0, x, ALPHA * (tf.exp(tf.minimum(x, 0.0)) - 1.0))'],
  selu: ['"selu"', null],
  softplus: ['act_softplus', 'def act_softplus(x):\n    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|))."""\n    return tf.nn.relu(x) + tf.math.log1p(tf.exp(-tf.abs(x)))'],
  softsign: ['"softsign"', null],
  hard_sigmoid: ['act_hard_sigmoid', 'def act_hard_sigmoid(x):\n    """relu6(x + 3) / 6, written out: Keras\' own "hard_sigmoid" is 0.2 x + 0.5 in Keras 2."""\n    return tf.nn.relu6(x + 3.0) / 6.0'],
  swish: ['act_swish', 'def act_swish(x):\n    """x * sigmoid(x)."""\n    return x * tf.sigmoid(x)'],
  gelu: ['act_gelu', 'def act_gelu(x):\n    """The erf form 0.5 x (1 + erf(x / sqrt 2)); Keras\' default gelu is the tanh approximation in some versions."""\n    return 0.5 * x * (1.0 + tf.math.erf(x * 0.7071067811865476))'],
  mish: ['act_mish', 'def act_mish(x):\n    """x * tanh(softplus(x))."""\n    return x * tf.tanh(tf.nn.relu(x) + tf.math.log1p(tf.exp(-tf.abs(x))))'],
  softmax: ['"softmax"', null],
};

function kerasAct(L, helpers) {
  const [expr, def] = KERAS_ACT[L.activation];
  if (expr) {
    if (def) helpers.set(expr, def);
    return expr;
  }
  // leaky_relu / elu: one function per alpha value
  const name = `act_${L.activation}_${String(L.alpha).replace(/[^0-9a-zA-Z]/g, '_')}`;
  helpers.set(name, def.replace('NAME', name).replaceAll('ALPHA', f64(L.alpha)));
  return name;
}

function kerasInit(L) {
  switch (L.init) {
    case 'zeros': return 'keras.initializers.Zeros()';
    case 'random_uniform': return `keras.initializers.RandomUniform(minval=${f64(L.initParams.min)}, maxval=${f64(L.initParams.max)})`;
    case 'random_normal': return `keras.initializers.RandomNormal(mean=${f64(L.initParams.mean)}, stddev=${f64(L.initParams.stddev)})`;
    default: {
      const cls = { glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal', lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal' }[L.init];
      return `keras.initializers.${cls}()`;
    }
  }
}

function kerasOptimizer(opt) {
  const lr = f64(opt.learningRate);
  if (opt.type === 'sgd') return `keras.optimizers.SGD(learning_rate=${lr}, momentum=${f64(opt.momentum)}, nesterov=${pyBool(opt.nesterov)})`;
  if (opt.type === 'adam') return `keras.optimizers.Adam(learning_rate=${lr}, beta_1=${f64(opt.beta1)}, beta_2=${f64(opt.beta2)}, epsilon=${f64(opt.epsilon)})`;
  return `keras.optimizers.RMSprop(learning_rate=${lr}, rho=${f64(opt.rho)}, momentum=${f64(opt.momentum)}, epsilon=${f64(opt.epsilon)})`;
}

/**
 * The experiment as a runnable Keras script (TensorFlow 2 with tf.keras, or
 * Keras 3 on the TensorFlow backend). Activations whose Keras definition
 * differs between versions (hard_sigmoid, gelu) or is missing (step, mish,
 * swish in older versions) are written out as explicit formulas.
 */
export function exportKeras(experiment, options = {}) {
  const { e, weights, net, outputs } = scriptInputs(experiment, options);
  const helpers = new Map();
  const reg = e.train.l1 || e.train.l2 ? `keras.regularizers.L1L2(l1=${f64(e.train.l1)}, l2=${f64(e.train.l2)})` : 'None';
  const layers = net.layers.map((L, i) => {
    const act = kerasAct(L, helpers);
    return `        keras.layers.Dense(${L.units}, activation=${act}, name="dense_${i + 1}",  # ${describeLayer(L)}
                           kernel_initializer=${kerasInit(L)},
                           bias_initializer=keras.initializers.Constant(${f64(L.biasInit)}),
                           kernel_regularizer=${reg}),`;
  });
  const lossName = { binary_crossentropy: '"binary_crossentropy"', categorical_crossentropy: '"categorical_crossentropy"', mse: '"mse"' }[net.loss];
  return `#!/usr/bin/env python3
# Exported from gradlab (Keras). Python 3 with numpy and TensorFlow 2 (tf.keras,
# or Keras 3 on the TensorFlow backend).
${usageComment(e)}
#
# Notes: Keras' RMSprop divides by sqrt(v) + eps where gradlab uses sqrt(v + eps)
# (the same unless v is near eps); Keras' cross-entropy clips probabilities at
# 1e-7. Initialisers, Adam, SGD (with momentum / Nesterov) and the L1/L2 kernel
# penalties are gradlab's own formulas.
${PY_IMPORTS}
import tensorflow as tf
from tensorflow import keras

${constants(e, outputs)}

${dataCode(e.dataset)}

# ---- model ---------------------------------------------------------------------
${[...helpers.values()].join('\n\n\n')}${helpers.size ? '\n\n' : ''}
def build_model():
    model = keras.Sequential([
        keras.Input(shape=(${net.inputs},)),
${layers.join('\n')}
    ])
    model.compile(optimizer=${kerasOptimizer(e.train.optimizer)},
                  loss=${lossName}, metrics=[${net.loss === 'mse' && outputs === 1 ? 'close_enough' : '"accuracy"'}])
    return model


def close_enough(y_true, y_pred):
    """gradlab's accuracy for one mse output: |prediction - target| < 0.5."""
    return tf.cast(tf.abs(y_pred - y_true) < 0.5, tf.float32)


${weightsLiteral(weights, net)}


def load_weights(model, weights):
    """gradlab's kernels are [in][out], as Keras' Dense kernels."""
    for layer, w in zip(model.layers, weights):
        layer.set_weights([np.array(w["kernel"], dtype=np.float32), np.array(w["bias"], dtype=np.float32)])


${mainHead('Keras')}
    keras.utils.set_random_seed(SEED)

    X_train, y_train, X_test, y_test = read_data(args.data) if args.data else load_data()
    Y_train, Y_test = targets(y_train), targets(y_test)

    model = build_model()
    if args.no_train or args.from_weights:
${NEED_WEIGHTS}
        load_weights(model, WEIGHTS)
        log("weights: exported from gradlab")
    if not args.no_train:
        model.fit(X_train, Y_train, epochs=args.epochs, batch_size=BATCH_SIZE, shuffle=SHUFFLE,
                  verbose=2 if args.epochs <= 50 else 0)

    train_loss, train_acc = model.evaluate(X_train, Y_train, batch_size=4096, verbose=0)
    log(f"train loss {train_loss:.4f}, train accuracy {train_acc:.3f}")
    test_acc = None
    if len(X_test):
        test_loss, test_acc = model.evaluate(X_test, Y_test, batch_size=4096, verbose=0)
        test_acc = float(test_acc)
        log(f"test loss {test_loss:.4f}, test accuracy {test_acc:.3f}")
    else:
        log("no test set (trainFraction 1)")

    if args.predict:
        with open(args.predict) as f:
            points = np.array(json.load(f), dtype=np.float32).reshape(-1, ${net.inputs})
        out = model.predict(points, batch_size=4096, verbose=0)
        print(json.dumps({"predictions": out.tolist(), "test_accuracy": test_acc}))
${MAIN_CALL}`;
}

/** exportExperiment(experiment, { framework: 'pytorch' | 'keras', weights? }) → script text. */
export function exportExperiment(experiment, options = {}) {
  object(options, 'options');
  const { framework, ...rest } = options;
  const fw = oneOf(framework, exportFrameworks, 'framework', 'options');
  return fw === 'pytorch' ? exportPyTorch(experiment, rest) : exportKeras(experiment, rest);
}
