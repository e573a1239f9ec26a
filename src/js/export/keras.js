// keras.js — an experiment as a runnable Keras script: keras.py with its blocks
// filled in. The tables below map each of gradlab's activations, initialisers,
// losses and optimisers to its Keras code; a name without a row fails the
// export (and tests/node/export-templates.test.js names it).

import KERAS from './keras.py';
import { block, fill } from './template.js';
import { scriptInputs } from './validate.js';
import { scheduleSteps } from '../options.js';
import { isPlainLayer } from '../layer-options.js';
import { f64, pyBool, mapping, weightsLiteral, describeLayer, constantLines, commonBlocks, netInputs } from './python.js';

const FW = ['Keras', 'keras.js'];

// activation → the Dense layer's activation: a name Keras knows, or a function
// act_* of keras.py's block activation_functions. Keras' own definition
// differs between versions for hard_sigmoid and gelu, and step, mish (and
// swish in older versions) are missing: those are written out as formulas.
// act_leaky_relu and act_elu: one function per value of alpha.
const KERAS_ACT = {
  linear: '"linear"',
  step: 'act_step',
  sigmoid: '"sigmoid"',
  tanh: '"tanh"',
  relu: '"relu"',
  leaky_relu: 'act_leaky_relu',
  elu: 'act_elu',
  selu: '"selu"',
  softplus: 'act_softplus',
  softsign: '"softsign"',
  hard_sigmoid: 'act_hard_sigmoid',
  swish: 'act_swish',
  gelu: 'act_gelu',
  mish: 'act_mish',
  softmax: '"softmax"',
};

// initialiser → the kernel_initializer (Keras' class of that name)
const KERAS_INIT = {
  zeros: () => 'keras.initializers.Zeros()',
  random_uniform: (p) => `keras.initializers.RandomUniform(minval=${f64(p.min)}, maxval=${f64(p.max)})`,
  random_normal: (p) => `keras.initializers.RandomNormal(mean=${f64(p.mean)}, stddev=${f64(p.stddev)})`,
  glorot_uniform: () => 'keras.initializers.GlorotUniform()',
  glorot_normal: () => 'keras.initializers.GlorotNormal()',
  he_uniform: () => 'keras.initializers.HeUniform()',
  he_normal: () => 'keras.initializers.HeNormal()',
  lecun_uniform: () => 'keras.initializers.LecunUniform()',
  lecun_normal: () => 'keras.initializers.LecunNormal()',
};

// loss → model.compile(loss=...)
const KERAS_LOSS = {
  binary_crossentropy: '"binary_crossentropy"',
  categorical_crossentropy: '"categorical_crossentropy"',
  mse: '"mse"',
};

// optimiser → model.compile(optimizer=...)
const KERAS_OPT = {
  sgd: (o) => `keras.optimizers.SGD(learning_rate=${f64(o.learningRate)}, momentum=${f64(o.momentum)}, nesterov=${pyBool(o.nesterov)})`,
  adam: (o) => `keras.optimizers.Adam(learning_rate=${f64(o.learningRate)}, beta_1=${f64(o.beta1)}, beta_2=${f64(o.beta2)}, epsilon=${f64(o.epsilon)})`,
  rmsprop: (o) => `keras.optimizers.RMSprop(learning_rate=${f64(o.learningRate)}, rho=${f64(o.rho)}, momentum=${f64(o.momentum)}, epsilon=${f64(o.epsilon)})`,
};

const piece = (name) => block(KERAS, name, 'keras.py');

// The layer's activation; a function of keras.py goes into helpers (by name).
function kerasAct(L, helpers) {
  const act = mapping(KERAS_ACT, L.activation, 'activation', ...FW);
  if (!/^act_\w+$/.test(act)) return act;
  if (L.alpha === undefined) {
    if (!helpers.has(act)) helpers.set(act, piece(act));
    return act;
  }
  const name = `${act}_${String(L.alpha).replace(/[^0-9a-zA-Z]/g, '_')}`;
  if (!helpers.has(name)) helpers.set(name, piece(act).replace(`def ${act}(`, `def ${name}(`).replaceAll('ALPHA', f64(L.alpha)));
  return name;
}

/**
 * A Keras initialiser with initParams.gain applied: random_uniform's min and
 * max, random_normal's stddev times gain; the variance-scaling family as
 * VarianceScaling with scale times gain² (its limit or std times gain).
 */
function kerasInit(L) {
  const p = L.initParams;
  if (p?.gain === undefined) return mapping(KERAS_INIT, L.init, 'initializer', ...FW)(p);
  const g = p.gain;
  if (L.init === 'zeros') return 'keras.initializers.Zeros()';
  if (L.init === 'random_uniform') return mapping(KERAS_INIT, L.init, 'initializer', ...FW)({ ...p, min: p.min * g, max: p.max * g });
  if (L.init === 'random_normal') return mapping(KERAS_INIT, L.init, 'initializer', ...FW)({ ...p, stddev: p.stddev * g });
  const [family, dist] = L.init.split('_');
  const scale = { glorot: 1, he: 2, lecun: 1 }[family] * g * g;
  return `keras.initializers.VarianceScaling(scale=${f64(scale)}, mode="${family === 'glorot' ? 'fan_avg' : 'fan_in'}", distribution="${dist === 'uniform' ? 'uniform' : 'truncated_normal'}")`;
}

/**
 * A network with the layer options as a functional Keras model: Dense, then
 * BatchNormalization (Keras' momentum is 1 - gradlab's: 0.9 for PyTorch's
 * 0.1) or LayerNormalization and the activation, Dropout, and Add for a
 * residual (outs[0]: the input, outs[j + 1]: layer j's output).
 */
function kerasFunctional(net, dense, act) {
  const last = net.layers.length - 1;
  const lines = [`inputs = keras.Input(shape=(${net.inputs},))`, 'x = inputs', 'outs = [x]'];
  net.layers.forEach((L, i) => {
    lines.push(`x = ${dense(L, i)}(x)`);
    if (L.norm === 'batch') lines.push(`x = keras.layers.BatchNormalization(momentum=${f64(1 - L.normParams.momentum)}, epsilon=${f64(L.normParams.eps)}, name="norm_${i + 1}")(x)  # torch momentum ${L.normParams.momentum}`);
    if (L.norm === 'layer') lines.push(`x = keras.layers.LayerNormalization(epsilon=${f64(L.normParams.eps)}, name="norm_${i + 1}")(x)`);
    if (L.norm) lines.push(`x = keras.layers.Activation(${act(L)})(x)`);
    if (i === last) return;
    if (L.dropout) lines.push(`x = keras.layers.Dropout(${f64(L.dropout)})(x)`);
    if (L.residual) lines.push(`x = keras.layers.Add()([x, outs[${i + 1 - L.residual}]])  # residual ${L.residual}`);
    lines.push('outs.append(x)');
  });
  lines.push('model = keras.Model(inputs, x)');
  return lines;
}

/**
 * The experiment as a runnable Keras script (TensorFlow 2 with tf.keras, or
 * Keras 3 on the TensorFlow backend). Activations whose Keras definition
 * differs between versions (hard_sigmoid, gelu) or is missing (step, mish,
 * swish in older versions) are written out as explicit formulas. Options as
 * exportPyTorch's: weights, data.
 */
export function exportKeras(experiment, options = {}) {
  const { e, weights, data, table, net, outputs, stepsPerEpoch } = scriptInputs(experiment, options);
  const points = netInputs(e, 'np.array(json.load(f), dtype=np.float32).reshape(-1, INPUTS)');
  const helpers = new Map();
  const reg = e.train.l1 || e.train.l2 ? `keras.regularizers.L1L2(l1=${f64(e.train.l1)}, l2=${f64(e.train.l2)})` : 'None';
  const dense = (L, i, act, pad = '') => {
    const init = kerasInit(L);
    return [
      `keras.layers.Dense(${L.units}, activation=${act}, name="dense_${i + 1}",  # ${describeLayer(L)}`,
      `${pad}                   kernel_initializer=${init},`,
      `${pad}                   bias_initializer=keras.initializers.Constant(${f64(L.biasInit)}),`,
      `${pad}                   kernel_regularizer=${reg})`,
    ].join('\n');
  };
  const model = net.layers.every(isPlainLayer)
    ? fill(piece('model'), { layers: net.layers.map((L, i) => `${dense(L, i, kerasAct(L, helpers))},`) }, 'keras.py').replace('shape=(2,)', `shape=(${net.inputs},)`)
    : kerasFunctional(net, (L, i) => dense(L, i, L.norm ? 'None' : kerasAct(L, helpers), '    '), (L) => kerasAct(L, helpers));
  // clipping and decoupled weight decay as the optimiser's own options (Keras
  // clips the gradient of the whole loss, penalties included, where gradlab
  // clips the data loss's); biases excluded from the decay, as in gradlab
  const opt = mapping(KERAS_OPT, e.train.optimizer.type, 'optimizer', ...FW)(e.train.optimizer);
  const extra = [
    ...(e.train.clip?.norm !== undefined ? [`global_clipnorm=${f64(e.train.clip.norm)}`] : []),
    ...(e.train.clip?.value !== undefined ? [`clipvalue=${f64(e.train.clip.value)}`] : []),
    ...(e.train.weightDecay ? [`weight_decay=${f64(e.train.weightDecay)}`] : []),
  ];
  let optimizer = extra.length ? opt.replace(/\)$/, `, ${extra.join(', ')})`) : opt;
  let schedule = '';
  if (e.train.schedule) {
    const st = scheduleSteps(e.train.schedule, e.train.epochs, stepsPerEpoch);
    optimizer = optimizer.replace(/learning_rate=[^,)]*/, 'learning_rate=GradlabSchedule()');
    const fn = piece('schedule').split('\n');
    schedule = [`SCHEDULE = "${e.train.schedule.type}"`, `LR = ${f64(e.train.optimizer.learningRate)}`, `WARMUP = ${st.warmup}`,
      `PERIOD = ${st.period}`, `GAMMA = ${f64(st.gamma)}`, `MIN_LR = ${f64(st.minLr)}`, '', '', ...fn].join('\n');
  }
  const decayBiases = e.train.weightDecay ? '\nmodel.optimizer.exclude_from_weight_decay(var_names=["bias"])' : '';
  const metric = net.loss === 'mse' && outputs === 1 ? 'close_enough' : '"accuracy"';
  return `${fill(piece('script'), {
    ...commonBlocks(e, data, piece, table),
    // the points of --predict are the data's own columns: the network takes their
    // feature inputs, or a table's rows standardised as the training rows
    read_points: points ? `points = ${points}` : piece('read_points'),
    constants: constantLines(e, outputs),
    activation_functions: helpers.size ? `${[...helpers.values()].join('\n\n\n')}\n` : '',
    schedule: schedule ? `${schedule}\n` : '',
    model,
    compile: `model.compile(optimizer=${optimizer},\n              loss=${mapping(KERAS_LOSS, net.loss, 'loss', ...FW)}, metrics=[${metric}])${decayBiases}`,
    weights: weightsLiteral(weights, net),
  }, 'keras.py')}\n`;
}
