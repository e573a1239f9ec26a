// python.js — Python text both exported scripts share: literals of numbers and
// weights, the comments that describe the experiment, and the blocks of
// common.py (usage, data, log, command line) filled in for an experiment.

import COMMON from './common.py';
import { block, fill } from './template.js';

/** A float32 (or any finite number) as a Python literal that reads back to the same float32. */
export function f32(v) {
  const x = Math.fround(v);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.0`;
  const s = String(Number(x.toPrecision(9)));
  return s.includes('e') || s.includes('.') ? s : `${s}.0`;
}

/** A finite double as a Python literal (hyper-parameters keep full precision). */
export function f64(v) {
  const s = String(v);
  return /[.eE]/.test(s) || !Number.isFinite(v) ? s : `${s}.0`;
}

export const pyBool = (b) => (b ? 'True' : 'False');

/**
 * table[key] of a framework's mapping (activation, initialiser, loss or
 * optimiser → its Python), or an Error naming what the exporter lacks.
 */
export function mapping(table, key, kind, framework, file) {
  if (!Object.hasOwn(table, key)) {
    throw new Error(`internal: the ${framework} exporter has no mapping for the ${kind} '${key}' (src/js/export/${file})`);
  }
  return table[key];
}

function matrixLiteral(kernel, rows, cols, indent) {
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < cols; c++) row.push(f32(kernel[r * cols + c]));
    lines.push(`${indent}[${row.join(', ')}],`);
  }
  return lines.join('\n');
}

/** The WEIGHTS constant: gradlab's weights as float32 literals, or None. */
export function weightsLiteral(weights, net) {
  if (!weights) return 'WEIGHTS = None  # export with weights to use --no-train';
  const parts = ['# Trained weights exported from gradlab: kernel [in][out] (as Keras), bias [out].', 'WEIGHTS = ['];
  weights.forEach((w, i) => {
    const L = net.layers[i];
    parts.push(`    {  # layer ${i + 1}: ${L.fanIn} -> ${L.units}`);
    parts.push('        "kernel": [');
    parts.push(matrixLiteral(w.kernel, L.fanIn, L.units, '            '));
    parts.push('        ],');
    parts.push(`        "bias": [${Array.from(w.bias, f32).join(', ')}],`);
    parts.push('    },');
  });
  parts.push(']');
  return parts.join('\n');
}

/** A layer in words, for the comments: "2 -> 8 tanh, kernel glorot_uniform, bias 0". */
export function describeLayer(L) {
  const act = L.alpha !== undefined ? `${L.activation}(alpha=${L.alpha})` : L.activation;
  let init = L.init;
  if (L.init === 'random_uniform') init += `(${L.initParams.min}, ${L.initParams.max})`;
  if (L.init === 'random_normal') init += `(mean=${L.initParams.mean}, stddev=${L.initParams.stddev})`;
  return `${L.fanIn} -> ${L.units} ${act}, kernel ${init}, bias ${L.biasInit}`;
}

function experimentComment(e) {
  const d = e.dataset;
  const lines = [
    `data: ${d.type}, n=${d.n}, noise=${d.noise}${d.type === 'circles' ? `, factor=${d.factor}` : ''}${d.classes > 2 ? `, classes=${d.classes}` : ''}, seed=${d.seed}, ` +
      `${d.scale ? 'min-max scaled to [-1, 1], ' : ''}${d.trainFraction >= 1 ? 'all points train (no test set)' : `first ${Math.round(d.trainFraction * 100)}% train`}`,
    `network: ${e.network.inputs} inputs, ${e.network.layers.length} dense layers, loss ${e.network.loss}, seed ${e.network.seed}`,
    ...e.network.layers.map((L, i) => `  layer ${i + 1}: ${describeLayer(L)}`),
    `training: ${e.train.epochs} epochs, batch ${e.train.batchSize}, ${e.train.shuffle ? 'shuffled' : 'not shuffled'}, ` +
      `${JSON.stringify(e.train.optimizer)}${e.train.l1 || e.train.l2 ? `, l1=${e.train.l1}, l2=${e.train.l2}` : ''}`,
  ];
  return lines.map((l) => `#   ${l}`);
}

/** The constants at the head of both scripts (the block "constants" holds them and the framework's own). */
export function constantLines(e, outputs) {
  return [
    `OUTPUTS = ${outputs}`,
    `LOSS = "${e.network.loss}"`,
    `SEED = ${e.network.seed}`,
    `EPOCHS = ${e.train.epochs}`,
    `BATCH_SIZE = ${e.train.batchSize}`,
    `SHUFFLE = ${pyBool(e.train.shuffle)}`,
  ];
}

function dataConstants(d) {
  const lines = [`N = ${d.n}`, `NOISE = ${f64(d.noise)}`];
  if (d.type === 'circles') lines.push(`FACTOR = ${f64(d.factor)}`);
  if (d.type === 'spiral' || d.type === 'gauss') lines.push(`CLASSES = ${d.classes}`);
  lines.push(`DATA_SEED = ${d.seed}`, `TRAIN_FRACTION = ${f64(d.trainFraction)}`, `SCALE = ${pyBool(d.scale)}`);
  return lines;
}

/**
 * The values of the blocks a script template shares with common.py: usage
 * (with the experiment), data (with the data set's generator), log, arguments.
 */
export function commonBlocks(e) {
  const piece = (name) => block(COMMON, name, 'common.py');
  return {
    usage: fill(piece('usage'), { experiment: experimentComment(e) }, 'common.py usage'),
    data: fill(piece('data'), { data_constants: dataConstants(e.dataset), make_data: piece(e.dataset.type) }, 'common.py data'),
    log: piece('log'),
    arguments: piece('arguments'),
  };
}
