// validate.js — the exporter's checks of an experiment and of the weights to
// embed, with gradlab's defaults filled in.
//
// The checks, tables and messages are gradlab.js' own (lab.network(spec) and
// net.train() run the same functions), so both accept exactly the same input.

import { ALPHA, DATASETS } from '../tables.js';
import { describe, isPlainObject, checkKeys, num, oneOf } from '../check.js';
import { normalizeDatasetOptions, normalizeNetworkSpec, normalizeTrainOptions, TRAIN_KEYS } from '../options.js';

/** v itself if it is a plain object, else a TypeError naming where. */
export function object(v, where) {
  if (!isPlainObject(v)) throw new TypeError(`${where} must be an object, got ${describe(v)}`);
  return v;
}

// lab.datasets.<type>()'s check (n ≥ 2 here: the split needs a point on each
// side), plus the type and the split.
function validateDataset(d) {
  const p = 'experiment.dataset';
  object(d, p);
  const type = oneOf(d.type, DATASETS, 'type', p, 'circles');
  const { factor, ...o } = normalizeDatasetOptions(type, d, p, { more: ['type', 'trainFraction'], minN: 2 });
  // 1: every point trains and there is no test set (as the CLI's train --config)
  const trainFraction = num(d.trainFraction, 'trainFraction', p, { def: 0.5, min: 0, max: 1, minExclusive: true });
  return { type, ...o, trainFraction, ...(type === 'circles' ? { factor } : {}) };
}

// lab.network()'s check (inputs default 2, loss default binary_crossentropy),
// then the exporter's extras: alpha's default and each layer's fan-in.
function validateNetwork(s) {
  const spec = normalizeNetworkSpec(s, 'experiment.network', { inputs: 2, loss: 'binary_crossentropy' });
  let fanIn = spec.inputs;
  let params = 0;
  const layers = spec.layers.map((L) => {
    const out = { ...L, fanIn };
    if (ALPHA[L.activation]) out.alpha = L.alpha ?? ALPHA[L.activation].def;
    params += fanIn * L.units + L.units;
    fanIn = L.units;
    return out;
  });
  return { ...spec, layers, params };
}

function validateTrain(t) {
  const p = 'experiment.train';
  if (t !== undefined) object(t, p);
  checkKeys(t ?? {}, TRAIN_KEYS, p);
  if (t?.optimizer !== undefined) object(t.optimizer, `${p}.optimizer`);
  return normalizeTrainOptions(t ?? {}, p, `${p}.optimizer`);
}

function validateWeights(weights, net) {
  const p = 'weights';
  if (!Array.isArray(weights)) throw new TypeError(`${p} must be an array of { kernel, bias } (one per layer), got ${describe(weights)}`);
  if (weights.length !== net.layers.length) {
    throw new RangeError(`${p} has ${weights.length} layers; the network has ${net.layers.length}`);
  }
  return weights.map((w, i) => {
    const L = net.layers[i];
    const q = `${p}[${i}]`;
    object(w, q);
    checkKeys(w, ['kernel', 'bias'], q);
    const arr = (v, name, len) => {
      if (!(Array.isArray(v) || v instanceof Float32Array || v instanceof Float64Array)) {
        throw new TypeError(`${q}.${name} must be a Float32Array or an array of numbers, got ${describe(v)}`);
      }
      if (v.length !== len) throw new RangeError(`${q}.${name} has ${v.length} values; layer ${i} needs ${len}${name === 'kernel' ? ` ([${L.fanIn}][${L.units}], row-major [in][out])` : ''}`);
      const f = Float32Array.from(v);
      for (let j = 0; j < f.length; j++) {
        if (!Number.isFinite(f[j])) throw new RangeError(`${q}.${name}[${j}] is ${v[j]}, not a finite float32`);
      }
      return f;
    };
    return { kernel: arr(w.kernel, 'kernel', L.fanIn * L.units), bias: arr(w.bias, 'bias', L.units) };
  });
}

/**
 * Check an experiment and fill in gradlab's defaults. Throws a TypeError or
 * RangeError whose message names the field (e.g. "experiment.network.layers[2].activation ...").
 */
export function validateExperiment(experiment) {
  object(experiment, 'experiment');
  checkKeys(experiment, ['dataset', 'network', 'train'], 'experiment');
  const dataset = validateDataset(experiment.dataset ?? {});
  const network = validateNetwork(experiment.network);
  const train = validateTrain(experiment.train);
  if (network.inputs !== 2) {
    throw new RangeError(`experiment.network.inputs is ${network.inputs}; the ${dataset.type} data set has 2 features`);
  }
  const outputs = network.layers[network.layers.length - 1].units;
  if (outputs === 1 && dataset.classes > 2) {
    throw new RangeError(`experiment.network.layers[${network.layers.length - 1}].units is 1; ${dataset.classes} classes need ${dataset.classes} outputs (softmax)`);
  }
  if (outputs > 1 && outputs !== dataset.classes) {
    throw new RangeError(`experiment.network.layers[${network.layers.length - 1}].units is ${outputs}; the data set has ${dataset.classes} classes (one-hot targets need as many outputs)`);
  }
  return { dataset, network, train };
}

/** The checked experiment and weights of exportPyTorch / exportKeras. */
export function scriptInputs(experiment, options) {
  const e = validateExperiment(experiment);
  object(options, 'options');
  checkKeys(options, ['weights'], 'options');
  const weights = options.weights === undefined || options.weights === null ? null : validateWeights(options.weights, e.network);
  const net = e.network;
  return { e, weights, net, outputs: net.layers[net.layers.length - 1].units };
}
