// pytorch.js — an experiment as a runnable PyTorch script: pytorch.py with its
// blocks filled in. The tables below map each of gradlab's activations,
// initialisers, losses and optimisers to its PyTorch code; a name without a
// row fails the export (and tests/node/export-templates.test.js names it).

import PYTORCH from './pytorch.py';
import { block, fill } from './template.js';
import { scriptInputs } from './validate.js';
import { scheduleSteps } from '../options.js';
import { isPlainLayer } from '../layer-options.js';
import { f32, f64, pyBool, mapping, weightsLiteral, describeLayer, constantLines, commonBlocks, netInputs } from './python.js';

const FW = ['PyTorch', 'pytorch.js'];

// activation → the callable in ACTS: a torch function, or a function act_* of
// pytorch.py's block activation_functions (written into the script once).
const TORCH_ACT = {
  linear: () => 'act_linear',
  step: () => 'act_step',
  sigmoid: () => 'torch.sigmoid',
  tanh: () => 'torch.tanh',
  relu: () => 'torch.relu',
  leaky_relu: (a) => `lambda x: F.leaky_relu(x, ${f64(a)})`,
  elu: (a) => `lambda x: F.elu(x, ${f64(a)})`,
  selu: () => 'F.selu', // scale 1.0507009873554805, alpha 1.6732632423543772 (as Keras)
  softplus: () => 'act_softplus',
  softsign: () => 'F.softsign',
  hard_sigmoid: () => 'act_hard_sigmoid',
  swish: () => 'act_swish',
  gelu: () => 'act_gelu',
  mish: () => 'act_mish',
  softmax: () => 'act_softmax',
};

// initialParams' gain as a factor of the formula ('' without one)
const g = (p) => (p?.gain === undefined ? '' : `${f64(p.gain)} * `);

// initialiser → the statement that fills kernel w (fi inputs, fo units), in Keras' formulas
const TORCH_INIT = {
  zeros: (w) => `nn.init.zeros_(${w})`,
  random_uniform: (w, p) => `nn.init.uniform_(${w}, ${f64(p.min)}, ${f64(p.max)})`,
  random_normal: (w, p) => `nn.init.normal_(${w}, ${f64(p.mean)}, ${f64(p.stddev)})`,
  glorot_uniform: (w, p, fi, fo) => `uniform_limit(${w}, ${g(p)}math.sqrt(6.0 / (${fi} + ${fo})))  # glorot_uniform`,
  he_uniform: (w, p, fi) => `uniform_limit(${w}, ${g(p)}math.sqrt(6.0 / ${fi}))  # he_uniform`,
  lecun_uniform: (w, p, fi) => `uniform_limit(${w}, ${g(p)}math.sqrt(3.0 / ${fi}))  # lecun_uniform`,
  glorot_normal: (w, p, fi, fo) => `truncated_normal(${w}, ${g(p)}math.sqrt(2.0 / (${fi} + ${fo})))  # glorot_normal`,
  he_normal: (w, p, fi) => `truncated_normal(${w}, ${g(p)}math.sqrt(2.0 / ${fi}))  # he_normal`,
  lecun_normal: (w, p, fi) => `truncated_normal(${w}, ${g(p)}math.sqrt(1.0 / ${fi}))  # lecun_normal`,
};

// loss → data_loss(z, a, y) of pre-activation z, output a and targets y
const TORCH_LOSS = {
  binary_crossentropy: 'F.binary_cross_entropy_with_logits(z, y)  # sigmoid + BCE, stable; mean over samples and outputs',
  categorical_crossentropy: '-(y * F.log_softmax(z, dim=1)).sum(dim=1).mean()  # softmax + CCE',
  mse: 'F.mse_loss(a, y)  # mean over samples and outputs',
};

// optimiser → [its constructor, the class of pytorch.py it needs (or null)]
const TORCH_OPT = {
  // gradlab/Keras: v = m v - lr g; w += v (Nesterov: w += m v - lr g). With
  // b = -v / lr this is exactly torch's SGD (dampening 0) for a constant lr.
  sgd: (o) => [o.momentum === 0
    ? `torch.optim.SGD(params, lr=${f64(o.learningRate)})`
    : `torch.optim.SGD(params, lr=${f64(o.learningRate)}, momentum=${f64(o.momentum)}, nesterov=${pyBool(o.nesterov)})`, null],
  adam: (o) => [`KerasAdam(params, lr=${f64(o.learningRate)}, beta1=${f64(o.beta1)}, beta2=${f64(o.beta2)}, eps=${f64(o.epsilon)})`, 'KerasAdam'],
  rmsprop: (o) => [`GradlabRMSprop(params, lr=${f64(o.learningRate)}, rho=${f64(o.rho)}, momentum=${f64(o.momentum)}, eps=${f64(o.epsilon)})`, 'GradlabRMSprop'],
};

const piece = (name) => block(PYTORCH, name, 'pytorch.py');

/**
 * The experiment as a runnable PyTorch script (Python 3, numpy, torch >= 1.13).
 * With options.weights (gradlab's getWeights() layout) the script can skip
 * training (--no-train) and predict with exactly those weights; with
 * options.data ({ train: { X, y }, test: { X, y } }) it embeds those points
 * and uses them instead of regenerating its data.
 */
/**
 * The backward pass and what gradlab does between it and the step: the
 * gradient of the data loss clipped (clip_grad_value_ / clip_grad_norm_ over
 * every parameter, as gl_net_set_step_options) before the L1/L2 penalty's
 * gradient is added, and the kernels' decoupled weight decay (w *= 1 - lr wd,
 * the factor rounded to float32 as gradlab rounds it) just before the step.
 */
function torchBackward(t) {
  const lines = [];
  if (t.clip) {
    lines.push('loss.backward()');
    lines.push(t.clip.norm !== undefined
      ? `torch.nn.utils.clip_grad_norm_(net.parameters(), ${f64(t.clip.norm)})`
      : `torch.nn.utils.clip_grad_value_(net.parameters(), ${f64(t.clip.value)})`);
    if (t.l1 || t.l2) lines.push('penalty(net).backward()  # added after clipping, as gradlab does');
  } else {
    lines.push('(loss + penalty(net)).backward()');
  }
  if (t.weightDecay) {
    // the factor rounded to float32 as gradlab rounds it: 1 - lr wd in float32
    lines.push('with torch.no_grad():  # decoupled weight decay of the kernels (AdamW\'s rule)',
      `    decay = float(np.float32(1.0) - np.float32(opt.param_groups[0]["lr"]) * np.float32(${f64(t.weightDecay)}))`,
      '    for layer in net.fc:', '        layer.weight.mul_(decay)');
  }
  return lines;
}

/**
 * A learning-rate schedule (t.schedule, in epochs) as the script's
 * scheduled_lr(t) per step, with the steps of this training: the blocks
 * schedule (its constants and function), step_count and set_lr; none without one.
 */
function torchSchedule(t, stepsPerEpoch) {
  if (!t.schedule) return { schedule: '', step_count: '', set_lr: '' };
  const s = scheduleSteps(t.schedule, t.epochs, stepsPerEpoch);
  const fn = piece('schedule').split('\n');
  const consts = [`SCHEDULE = "${t.schedule.type}"`, `LR = ${f64(t.optimizer.learningRate)}`, `WARMUP = ${s.warmup}`,
    `PERIOD = ${s.period}`, `GAMMA = ${f64(s.gamma)}`, `MIN_LR = ${f64(s.minLr)}`];
  return {
    schedule: [...fn.slice(0, 1), ...consts, ...fn.slice(1)].join('\n'),
    step_count: 'step = 0',
    // the rate rounded to float32, as gradlab's step takes it
    set_lr: 'step, opt.param_groups[0]["lr"] = step + 1, float(np.float32(scheduled_lr(step + 1)))',
  };
}

/**
 * The blocks options and forward: plain layers as x = ACTS[i](fc(x)); a net
 * with the layer options gets self.norm (nn.BatchNorm1d, whose momentum is
 * gradlab's, or nn.LayerNorm; nn.Identity elsewhere) and self.drop
 * (nn.Dropout), and keeps the layers' outputs for the residuals
 * (outs[0]: the input, outs[j + 1]: layer j's output).
 */
function torchLayerOptions(net) {
  const last = net.layers.length - 1;
  if (net.layers.every(isPlainLayer)) {
    return {
      options: '',
      forward: net.layers.map((L, i) => (i < last
        ? `x = ACTS[${i}](self.fc[${i}](x))  # ${L.activation}`
        : `z = self.fc[${i}](x)\nreturn z, ACTS[${i}](z)  # ${L.activation}`)),
    };
  }
  const norm = (L) => (L.norm === 'batch' ? `nn.BatchNorm1d(${L.units}, eps=${f64(L.normParams.eps)}, momentum=${f64(L.normParams.momentum)})`
    : L.norm === 'layer' ? `nn.LayerNorm(${L.units}, eps=${f64(L.normParams.eps)})` : 'nn.Identity()');
  const residual = net.layers.some((L) => L.residual);
  const forward = residual ? ['outs = [x]'] : [];
  net.layers.forEach((L, i) => {
    const z = L.norm ? `self.norm[${i}](self.fc[${i}](x))` : `self.fc[${i}](x)`;
    if (i === last) { forward.push(`z = ${z}`, `return z, ACTS[${i}](z)  # ${L.activation}`); return; }
    const a = L.dropout ? `self.drop[${i}](ACTS[${i}](${z}))` : `ACTS[${i}](${z})`;
    forward.push(`x = ${a}  # ${[L.activation, L.norm && `${L.norm} norm`, L.dropout && `dropout ${L.dropout}`].filter(Boolean).join(', ')}`);
    if (L.residual) forward.push(`x = x + outs[${i + 1 - L.residual}]  # residual ${L.residual}: ${i + 1 === L.residual ? 'the input' : `layer ${i - L.residual + 1}'s output`}`);
    if (residual) forward.push('outs.append(x)');
  });
  return {
    options: [`self.norm = nn.ModuleList([${net.layers.map(norm).join(', ')}])`,
      `self.drop = nn.ModuleList([${net.layers.map((L) => (L.dropout ? `nn.Dropout(${f64(L.dropout)})` : 'nn.Identity()')).join(', ')}])`],
    forward,
  };
}

/** initParams with gain applied (the limit or std of the initialiser; random_uniform: min and max). */
function gained(L) {
  const p = L.initParams;
  if (p?.gain === undefined) return p;
  return { ...p, min: p.min * p.gain, max: p.max * p.gain, stddev: p.stddev * p.gain };
}

export function exportPyTorch(experiment, options = {}) {
  const { e, weights, data, table, net, outputs, stepsPerEpoch } = scriptInputs(experiment, options);
  const points = netInputs(e, 'np.array(json.load(f), dtype=np.float32).reshape(-1, INPUTS)');
  const helpers = new Map();
  const acts = net.layers.map((L) => {
    const expr = mapping(TORCH_ACT, L.activation, 'activation', ...FW)(L.alpha);
    if (/^act_\w+$/.test(expr) && !helpers.has(expr)) helpers.set(expr, piece(expr));
    return expr;
  });
  let [optimizer, optimizerClass] = mapping(TORCH_OPT, e.train.optimizer.type, 'optimizer', ...FW)(e.train.optimizer);
  const o = e.train.optimizer;
  if (e.train.schedule && o.type === 'sgd' && o.momentum > 0) { // torch's momentum is gradlab's only at a constant rate
    [optimizer, optimizerClass] = [`KerasSGD(params, lr=${f64(o.learningRate)}, momentum=${f64(o.momentum)}, nesterov=${pyBool(o.nesterov)})`, 'KerasSGD'];
  }
  return `${fill(piece('script'), {
    ...commonBlocks(e, data, piece, table),
    // the points of --predict are the data's own columns: the network takes their
    // feature inputs, or a table's rows standardised as the training rows
    read_points: points ? `points = torch.from_numpy(${points})` : piece('read_points'),
    constants: [...constantLines(e, outputs), `L1 = ${f64(e.train.l1)}`, `L2 = ${f64(e.train.l2)}`],
    activation_functions: helpers.size ? `${[...helpers.values()].join('\n\n\n')}\n` : '',
    acts: `ACTS = [${acts.join(', ')}]`,
    layers: net.layers.map((L, i) => `nn.Linear(${L.fanIn}, ${L.units}),  # layer ${i + 1}: ${describeLayer(L)}`),
    ...torchLayerOptions(net),
    init: net.layers.map((L, i) => {
      const w = `net.fc[${i}].weight`;
      const init = mapping(TORCH_INIT, L.init, 'initializer', ...FW)(w, gained(L), L.fanIn, L.units);
      return `${init}\nnn.init.constant_(net.fc[${i}].bias, ${f64(L.biasInit)})`;
    }),
    weights: weightsLiteral(weights, net),
    loss: `return ${mapping(TORCH_LOSS, net.loss, 'loss', ...FW)}`,
    optimizer_class: optimizerClass ? piece(optimizerClass) : '',
    optimizer: `return ${optimizer}`,
    backward: torchBackward(e.train),
    ...torchSchedule(e.train, stepsPerEpoch),
  }, 'pytorch.py')}\n`;
}
