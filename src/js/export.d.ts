// export.d.ts — hand-written types of export.js: a gradlab experiment as a
// runnable PyTorch or Keras script (Python text).
//
// Bad experiments or weights throw TypeError / RangeError whose message names
// the field (e.g. "experiment.network.layers[2].activation must be one of …").

import type { ActivationName, InitializerName, LossName, OptimizerName, DatasetName } from './gradlab.js';

export type Framework = 'pytorch' | 'keras';

/** The data: the same generator and split as gradlab's (numpy in the script). */
export interface ExperimentDataset {
  /** default 'circles' */
  type?: DatasetName;
  /** points, 2 … 2^22 (default 1000) */
  n?: number;
  /** default 0.1 */
  noise?: number;
  /** circles only, in (0, 1) (default 0.8) */
  factor?: number;
  /** spiral and gauss only, 2 … 64 (default 2) */
  classes?: number;
  /** default 1 */
  seed?: number;
  /** the first trainFraction of the points train, in (0, 1] (default 0.5; 1: no test set) */
  trainFraction?: number;
  /** min-max scale to [-1, 1] (default true) */
  scale?: boolean;
}

export interface ExperimentLayer {
  units: number;
  activation: ActivationName;
  /** leaky_relu (default 0.01) and elu (default 1) only */
  alpha?: number;
  /** default 'glorot_uniform' */
  init?: InitializerName;
  /** random_uniform: { min, max }; random_normal: { mean, stddev } */
  initParams?: { min?: number; max?: number } | { mean?: number; stddev?: number };
  /** default 0 */
  biasInit?: number;
}

/** The network, as lab.network() takes it (2 inputs: the data sets are 2-D). */
export interface ExperimentNetwork {
  /** default 2 (and must be 2) */
  inputs?: number;
  /** hidden layers then the output layer, 1 … 64 */
  layers: ExperimentLayer[];
  /** default 'binary_crossentropy' (needs a sigmoid output) */
  loss?: LossName;
  /** seed of the initialisation and shuffling (default 0) */
  seed?: number;
}

export interface ExperimentOptimizer {
  /** default 'sgd' */
  type?: OptimizerName;
  learningRate?: number;
  /** sgd and rmsprop */
  momentum?: number;
  /** sgd */
  nesterov?: boolean;
  /** adam */
  beta1?: number;
  beta2?: number;
  /** rmsprop */
  rho?: number;
  /** adam and rmsprop */
  epsilon?: number;
}

export interface ExperimentTrain {
  /** default 1 */
  epochs?: number;
  /** default 32 */
  batchSize?: number;
  /** default true */
  shuffle?: boolean;
  optimizer?: ExperimentOptimizer;
  l1?: number;
  l2?: number;
}

/** The config of `gradlab train --config` / `gradlab export --config`. */
export interface Experiment {
  dataset?: ExperimentDataset;
  network: ExperimentNetwork;
  train?: ExperimentTrain;
}

/** One layer's weights in gradlab's layout (net.getWeights()): kernel row-major [in][out]. */
export interface LayerWeights {
  kernel: Float32Array | Float64Array | readonly number[];
  bias: Float32Array | Float64Array | readonly number[];
}

export interface ScriptOptions {
  /** the trained weights to embed (one entry per layer); the script then runs with --no-train */
  weights?: readonly LayerWeights[] | null;
}

export interface ExportOptions extends ScriptOptions {
  framework: Framework;
}

/** The experiment with every default filled in, as validateExperiment() returns it. */
export interface ValidatedExperiment {
  dataset: Required<Omit<ExperimentDataset, 'factor'>> & { factor?: number };
  network: {
    inputs: number;
    layers: Array<{
      units: number;
      activation: ActivationName;
      /** inputs of the layer */
      fanIn: number;
      alpha?: number;
      init: InitializerName;
      initParams?: { min: number; max: number } | { mean: number; stddev: number };
      biasInit: number;
    }>;
    loss: LossName;
    seed: number;
    /** trainable floats */
    params: number;
  };
  train: {
    epochs: number;
    batchSize: number;
    shuffle: boolean;
    optimizer: Required<Pick<ExperimentOptimizer, 'type' | 'learningRate'>> & ExperimentOptimizer;
    l1: number;
    l2: number;
  };
}

/** Every activation the exporter can write (all of gradlab's). */
export const exportActivations: readonly ActivationName[];
/** The frameworks exportExperiment() knows. */
export const exportFrameworks: readonly Framework[];

/** Checks an experiment; returns it with the defaults filled in, or throws naming the field. */
export function validateExperiment(experiment: Experiment): ValidatedExperiment;
/** The experiment as a runnable PyTorch script (Python 3, numpy, torch >= 1.13). */
export function exportPyTorch(experiment: Experiment, options?: ScriptOptions): string;
/** The experiment as a runnable Keras script (TensorFlow 2 / Keras). */
export function exportKeras(experiment: Experiment, options?: ScriptOptions): string;
/** exportPyTorch or exportKeras by options.framework. */
export function exportExperiment(experiment: Experiment, options: ExportOptions): string;
