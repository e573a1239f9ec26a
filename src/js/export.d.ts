// export.d.ts — hand-written types of export.js: a gradlab experiment as a
// runnable PyTorch or Keras script (Python text).
//
// Bad experiments, weights or data throw TypeError / RangeError whose message names
// the field, in the words of lab.network() / net.train(), which run the same
// checks (e.g. "experiment.network.layers[2]: unknown activation 'relu6' (valid: …)").

import type {
  ActivationName, LossName, DatasetName, FeatureName, LayerSpec, NetworkSpec, NormalizedNetworkSpec, OptimizerOptions, TrainOptions,
  LayerWeights as GradlabLayerWeights, TableName, ScalingKind,
} from './gradlab.js';

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
  /**
   * 2-D sets: the feature inputs the network takes (featureColumns), in this order;
   * the script computes them from (x1, x2) (feature_columns). network.inputs is their number.
   */
  features?: readonly FeatureName[];
}

/**
 * A table: the script makes gradlab's split of it (shuffleRows with `seed`, the
 * first trainFraction train, the features standardised by `std` with the
 * training rows' statistics). A bundled table's rows are options.table.
 */
export interface BundledTableDataset {
  type: TableName;
  /** the shuffle's seed (the page's data seed), default 1 */
  seed?: number;
  /** in (0, 1], default 0.5 */
  trainFraction?: number;
  /** default 'zscore' */
  std?: ScalingKind;
}

/** The user's CSV file: the script takes its path, checks its checksum and parses it as datasets.fromCSV. */
export interface CsvTableDataset extends Omit<BundledTableDataset, 'type'> {
  type: 'csv';
  /** the file's name (for the messages) */
  file: string;
  /** FNV-1a of the text's UTF-16 code units, 8 hex digits (the page's name of the CSV) */
  checksum: string;
  /** data rows, 2 … 100 000 */
  rows: number;
  /** the label's classes: 0 (a regression label) or 2 … 64 */
  classes: number;
  /** the label column, 0-based (-1, the default: the last); the feature columns are network.inputs */
  label?: number;
}

/** A layer, as lab.network() takes it (the same type: one check serves both). */
export type ExperimentLayer = LayerSpec;

/** The network, as lab.network() takes it (2 inputs: the data sets are 2-D; the sine 1). */
export interface ExperimentNetwork extends Omit<NetworkSpec, 'inputs' | 'loss'> {
  /** default 2 (and must be the data's inputs, or the number of dataset.features); features, if given, must be dataset.features */
  inputs?: number;
  /** default 'binary_crossentropy' (needs a sigmoid output) */
  loss?: LossName;
}

/** net.train()'s optimizer options (default { type: 'sgd' }). */
export type ExperimentOptimizer = OptimizerOptions;

/** net.train()'s options without validation and onEpoch. */
export type ExperimentTrain = Pick<TrainOptions, 'epochs' | 'batchSize' | 'shuffle' | 'optimizer' | 'l1' | 'l2'>;

/** The config of `gradlab train --config` / `gradlab export --config`. */
export interface Experiment {
  dataset?: ExperimentDataset | BundledTableDataset | CsvTableDataset;
  network: ExperimentNetwork;
  train?: ExperimentTrain;
}

/** One layer's weights in gradlab's layout (net.getWeights()): kernel row-major [in][out]. */
export type LayerWeights = GradlabLayerWeights<Float32Array | Float64Array | readonly number[]>;

type Numbers = Float32Array | Float64Array | readonly number[];

/** Points of one split: X and one label per point. */
export interface ExportPoints {
  /**
   * the points, sample-major [n][inputs] (the data set's own columns, also with
   * dataset.features: the script computes them): flat (as gradlab's net.train
   * takes X) or as rows [[x1, x2], …]; every value a finite float32
   */
  X: Numbers | ReadonlyArray<Numbers>;
  /**
   * one label per point: with one output the target (in [0, 1] for
   * binary_crossentropy, any finite number for mse); with k outputs a class
   * index 0 … k−1, or gradlab's one-hot targets [n][k]
   */
  y: Numbers;
}

/** The data to embed: gradlab's own points (train: at least one; test: may be empty or absent). */
export interface ExportData {
  train: ExportPoints;
  test?: ExportPoints | null;
}

export interface ScriptOptions {
  /** the trained weights to embed (one entry per layer); the script then runs with --no-train */
  weights?: readonly LayerWeights[] | null;
  /**
   * the points to embed (at most exportMaxPoints, train and test together); the
   * script then trains and tests on them instead of regenerating its data
   * (--data FILE and --regenerate override them)
   */
  data?: ExportData | null;
  /**
   * a bundled table's rows (required for one, refused otherwise), as
   * lab.datasets.<name>() gives them: X [rows][inputs] in the table's order, y class indices
   */
  table?: { X: Numbers; y: Numbers } | null;
}

export interface ExportOptions extends ScriptOptions {
  framework: Framework;
}

/** The experiment with every default filled in, as validateExperiment() returns it. */
export interface ValidatedExperiment {
  /** a table's: its fields with the defaults, n (its rows) and classes */
  dataset: (Required<Omit<ExperimentDataset, 'factor' | 'features'>> & { factor?: number; features?: FeatureName[] })
    | (Required<BundledTableDataset> & { n: number; classes: number })
    | (Required<CsvTableDataset> & { n: number });
  network: Omit<NormalizedNetworkSpec, 'layers'> & {
    /** each layer also with its inputs (fanIn); alpha filled in for leaky_relu and elu */
    layers: Array<NormalizedNetworkSpec['layers'][number] & { fanIn: number }>;
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
/** The most points (train and test together) options.data may hold: 100 000. */
export const exportMaxPoints: number;

/** Checks an experiment; returns it with the defaults filled in, or throws naming the field. */
export function validateExperiment(experiment: Experiment): ValidatedExperiment;
/** The experiment as a runnable PyTorch script (Python 3, numpy, torch >= 1.13). */
export function exportPyTorch(experiment: Experiment, options?: ScriptOptions): string;
/** The experiment as a runnable Keras script (TensorFlow 2 / Keras). */
export function exportKeras(experiment: Experiment, options?: ScriptOptions): string;
/** exportPyTorch or exportKeras by options.framework. */
export function exportExperiment(experiment: Experiment, options: ExportOptions): string;
