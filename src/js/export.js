// export.js — an experiment of gradlab as a runnable PyTorch or Keras script.
//
//   import { exportPyTorch, exportKeras } from './export.js';
//   const py = exportPyTorch(experiment, { weights: net.getWeights() });
//   const same = exportPyTorch(experiment, { weights, data: { train: { X, y }, test: { X, y } } });
//
// experiment = {
//   dataset: { type: 'circles', n, noise, factor, seed, trainFraction },   // also moons, xor, spiral, gauss (+ classes)
//   network: { inputs, layers: [{ units, activation, alpha?, init, initParams?, biasInit? }], loss, seed },
//   train:   { epochs, batchSize, shuffle, optimizer: { type, learningRate, momentum, nesterov,
//              beta1, beta2, epsilon, rho }, l1, l2 },
// }
//   or a table: dataset { type: 'iris' | 'breastCancer' | 'digits', seed, trainFraction, std }
//   (options.table: its rows, lab.datasets.iris()), or { type: 'csv', file, checksum, rows,
//   classes, label, seed, trainFraction, std } (the script reads the CSV file it is given)
// weights (optional) = [{ kernel: Float32Array(in*out) row-major [in][out], bias: Float32Array(out) }]
// data (optional) = { train: { X, y }, test?: { X, y } }: gradlab's points, X
//   sample-major [n][2] (flat, or rows), y one label per point (a class index
//   with several outputs, or gradlab's one-hot rows); at most 100 000 points.
//
// Without data, the scripts regenerate the data with inline numpy code
// (sklearn's make_circles / make_moons algorithm with a numpy RandomState;
// xor, spiral and gauss as gradlab draws them), scale it to [-1, 1] by min-max
// and split it as gradlab does; the data are then statistically, not
// bit-for-bit, those of gradlab (gradlab's PCG32 is not numpy's generator).
// With data, the script embeds those points (float32-exact literals, one a
// line, at its end) and uses them instead; `--data FILE` and `--regenerate`
// still override them. Either way it builds the same layers with the same
// initialisers (Keras' formulas), loss, optimiser and penalties, trains and
// prints the test accuracy. With weights included, `--no-train` loads them and
// predicts exactly what gradlab predicts (float32 throughout): with the data
// too, it reports gradlab's own train and test accuracy.
//
// A table's script makes gradlab's split itself (common.py block table): the
// rows shuffled as shuffleRows, split, standardised as scalingOf/applyScaling
// of the training rows, float32 for float32; --no-train gives gradlab's accuracy.
//
// Pure ES module: no DOM, no Node built-ins; usable by the CLI and the page.
//
// The exporter lives in export/: validate.js (the checks), python.js (Python
// literals and the parts both scripts share), pytorch.js and keras.js (each
// framework's mapping of gradlab's names), template.js (the marked blocks of
// the templates) and the templates, Python files: common.py, pytorch.py and
// keras.py. The build embeds the templates in dist/export.js as strings.

import { ACTIVATIONS } from './tables.js';
import { oneOf } from './check.js';
import { object } from './export/validate.js';
import { exportPyTorch } from './export/pytorch.js';
import { exportKeras } from './export/keras.js';

export { validateExperiment, MAX_EMBEDDED_POINTS as exportMaxPoints } from './export/validate.js';
export { exportPyTorch, exportKeras };

/** Names the exporter can write (every activation of gradlab). */
export const exportActivations = ACTIVATIONS;
/** The frameworks exportExperiment() knows. */
export const exportFrameworks = Object.freeze(['pytorch', 'keras']);

/** exportExperiment(experiment, { framework: 'pytorch' | 'keras', weights?, data?, table? }) → script text. */
export function exportExperiment(experiment, options = {}) {
  object(options, 'options');
  const { framework, ...rest } = options;
  const fw = oneOf(framework, exportFrameworks, 'framework', 'options');
  return fw === 'pytorch' ? exportPyTorch(experiment, rest) : exportKeras(experiment, rest);
}
