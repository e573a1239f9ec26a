// gradlab.d.ts — the types of gradlab.js (the JS API of docs/API.md).
//
// Arrays: every numeric array argument is a Float32Array or a plain Array of
// numbers (copied into a Float32Array); every array returned is a fresh
// Float32Array (a copy, never a view into the wasm memory). Bad arguments
// throw TypeError / RangeError naming the argument; failures of the C core
// throw GradlabError with its status code.

// The names, options and limits of the C core: ActivationName, InitializerName,
// LossName, OptimizerName, DatasetName, StatusCode, Limits, limits, ACTIVATIONS,
// ALPHA, … are generated from its tables (src/js/tables.d.ts, written by
// build-scripts/gen-tables.mjs; inlined here in dist/gradlab.d.ts).
export * from './tables.js';
import type {
  ActivationName, InitializerName, LossName, OptimizerName, DatasetName, StatusCode, Limits, LayerStatName, ScheduleName,
  StatsLevel, DistQuantityName, UnitStatName, NormName,
} from './tables.js';

/** A Float32Array, or a plain array of numbers (copied). */
export type FloatArray = Float32Array | readonly number[];

/** One finding of diagnose(). */
export interface Finding {
  kind: 'saturated' | 'dead' | 'vanishing';
  text: string;
  figures: Record<string, number>;
}
/** What diagnose() reads in a history: per layer its findings, the cures, all of it as text. */
export interface Diagnosis {
  healthy: boolean;
  layers: { layer: number; activation: string; findings: Finding[] }[];
  cures: string[];
  /** The cures that are one change of the spec (the page starts one as a compare run). */
  proposals: { text: string; change: CureChange }[];
  text: string;
}
/** One change of a spec: the hidden layers' activation and/or initialiser, or the learning rate × a factor. */
export interface CureChange {
  activation?: string;
  init?: string;
  learningRateFactor?: number;
}
/** Per layer, in words with the figures: saturation, dead units, vanishing gradients; and likely cures. */
export function diagnose(history: { epochs: EpochStats[] }, spec?: { layers: { units: number; activation: string; init?: string }[] }): Diagnosis;
/** The thresholds of diagnose()'s alarms. */
export const DIAGNOSE_THRESHOLDS: Readonly<{ saturatedShare: number; deadUnits: number; vanishingRatio: number }>;
/** The DIST_PERCENTILES of |x| from a distribution's log10|x| histogram (bin log centres; 0 below 1e-16), or null without values. */
export function absPercentiles(
  dist: { count: number; zeros?: number; logHist: { lo: number; hi: number; counts: FloatArray; zero: number } },
  options?: { nonZero?: boolean },
): Float64Array | null;
/** A distribution's percentiles as figures: exact where the bin meets the data's range in one point, else the bin's estimate moved into the range. */
export function distPercentiles(
  dist: { count: number; zeros?: number; min?: number; max?: number; absMin?: number; p?: ArrayLike<number>; logHist: { lo: number; hi: number; counts: FloatArray; zero: number } },
  options?: { abs?: boolean; nonZero?: boolean },
): { p: Float64Array; exact: boolean[]; all: number | null } | null;
/** A percentile as text: exact as the shortest decimal of the same float32 ("1"), an estimate as "≈1.1"; NaN "none". */
export function formatPercentile(value: number, exact: boolean): string;

// URL, Response and WebAssembly.Module come from the DOM lib or @types/node; these empty
// declarations merge with them, so the types also compile in a project that has neither.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface URL {}
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Response {}
  namespace WebAssembly {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface Module {}
  }
}

/** Where the wasm comes from: nothing (gradlab.wasm beside the module), a URL or a path/URL string, its bytes, or a compiled module. */
export type WasmSource = URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module | Response;

/** An error reported by the C core (status code) or by the loader (missing/wrong .wasm). */
export class GradlabError extends Error {
  readonly name: 'GradlabError';
  /** gl_status code of the C core, -1 when the error did not come from the core */
  readonly status: number;
  /** status name, e.g. 'GL_ERR_PARAM'; null when the error did not come from the core */
  readonly code: StatusCode | null;
}


/** Loads gradlab.wasm and returns an independent instance. */
export function load(source?: WasmSource): Promise<Lab>;

export interface ActivationParams {
  /** leaky_relu (default 0.01) and elu (default 1) only; any other activation throws if given */
  alpha?: number;
  /** which kernel runs (default 'simd') */
  impl?: 'simd' | 'scalar';
}

export interface Dataset {
  /** sample-major [n][2] */
  X: Float32Array;
  /** class labels 0 … classes-1 as floats, length n */
  y: Float32Array;
}

export interface DatasetOptions {
  /** points (default 1000) */
  n?: number;
  /** Gaussian noise std on both coordinates (default 0.1) */
  noise?: number;
  /** seed (uint32, default 1) */
  seed?: number;
  /** min-max scale each coordinate to [-1, 1] (default true) */
  scale?: boolean;
}
export interface CirclesOptions extends DatasetOptions {
  /** inner radius, 0 < factor < 1 (default 0.8) */
  factor?: number;
}
export interface MultiClassOptions extends DatasetOptions {
  /** classes (arms / clusters), 2 … 64 (default 2) */
  classes?: number;
}

export interface Datasets {
  readonly names: readonly DatasetName[];
  /** sklearn make_circles: outer circle label 0, inner (radius factor) label 1, shuffled, then noise */
  circles(options?: CirclesOptions): Dataset;
  /** sklearn make_moons */
  moons(options?: DatasetOptions): Dataset;
  /** uniform in [-1, 1]², label 1 where x·y > 0 */
  xor(options?: DatasetOptions): Dataset;
  spiral(options?: MultiClassOptions): Dataset;
  gauss(options?: MultiClassOptions): Dataset;
  /** the first round(n·trainFraction) samples train, the rest test (default 0.5) */
  split(data: { X: FloatArray; y: FloatArray }, trainFraction?: number): { train: Dataset; test: Dataset };
  /** a table of numbers from CSV text; every problem throws naming its row and column (docs/API.md) */
  fromCSV(text: string, options?: CSVOptions): Table;
  /** the bundled tables (loaded on first use) */
  iris(): Promise<Table>;
  breastCancer(): Promise<Table>;
  digits(): Promise<Table>;
}

export interface CSVOptions {
  /** 'auto' (default): the first row is a header when one of its cells is not a number */
  header?: boolean | 'auto';
  /** the label column: its header name or 0-based index (default: the last column) */
  label?: string | number;
  /** 'auto' (default): classification when the labels are whole numbers ≥ 0 or text, else regression */
  task?: 'auto' | 'classification' | 'regression';
  /** default ',' */
  separator?: ',' | ';' | '\t';
}

/** A table: X sample-major [n][inputs], y class indices (classification) or values (regression, classes 0). */
export interface Table {
  X: Float32Array;
  y: Float32Array;
  inputs: number;
  classes: number;
  /** the feature columns' names, in X's order */
  columns: string[];
  /** the label column's name */
  label: string;
  /** the class names, where the labels were text (fromCSV) or the table names them */
  classNames?: string[];
}

export interface LayerSpec {
  /** 1 … 4096 */
  units: number;
  /** softmax only on the output layer */
  activation: ActivationName;
  /** leaky_relu / elu only */
  alpha?: number;
  /** default 'glorot_uniform' */
  init?: InitializerName;
  /** random_uniform: { min, max } (default ±0.05); random_normal: { mean, stddev } (default 0, 0.05);
   * gain (any initialiser, default 1, INIT_GAIN): multiplies the limit or the standard deviation */
  initParams?: { min?: number; max?: number; gain?: number } | { mean?: number; stddev?: number; gain?: number } | { gain?: number };
  /** constant initial bias (default 0) */
  biasInit?: number;
  /** normalisation between the affine map and the activation (hidden layers only; default 'none'):
   * 'batch' as PyTorch's BatchNorm1d (batch statistics in training, running ones in evaluation; batches of
   * 2 … one chunk of samples), 'layer' as LayerNorm over the units; learnable gamma (1) and beta (0) */
  norm?: NormName;
  /** eps (default 1e-5) and, for batch norm, momentum of the running statistics (default 0.1) (NORM_PARAMS) */
  normParams?: { eps?: number; momentum?: number };
  /** k ≥ 1: the output of the layer k places before is added to this layer's output (k = index + 1: the
   * network's input); the widths must match; hidden layers only */
  residual?: number;
  /** rate in [0, 1) of inverted dropout after the activation, training only (the network's seeded generator) */
  dropout?: number;
}

export interface NetworkSpec {
  /** input features, 1 … 4096 (default with features: their number) */
  inputs: number;
  /**
   * the feature inputs of 2-D points the inputs are (featureColumns(X, features)),
   * recorded with the network and in its model file (version 3); inputs must be their number.
   * The network still takes the feature columns: whoever predicts computes them.
   */
  features?: readonly FeatureName[];
  /** dense layers, the last is the output layer (1 … 64) */
  layers: readonly LayerSpec[];
  /** binary_crossentropy needs a sigmoid output, categorical_crossentropy a softmax output with ≥ 2 units */
  loss: LossName;
  /** uint32 seed of the initialisation and the shuffling (default 0) */
  seed?: number;
}

/** The spec with every default filled in (what toJSON writes). */
export interface NormalizedNetworkSpec {
  inputs: number;
  /** only when the spec had them */
  features?: FeatureName[];
  layers: Array<{
    units: number;
    activation: ActivationName;
    alpha?: number;
    init: InitializerName;
    initParams?: { min: number; max: number; gain?: number } | { mean: number; stddev: number; gain?: number } | { gain: number };
    biasInit: number;
    norm?: 'batch' | 'layer';
    normParams?: { eps: number; momentum?: number };
    residual?: number;
    dropout?: number;
  }>;
  loss: LossName;
  seed: number;
}

export interface LayerWeights<A = Float32Array> {
  /** row-major [in][out], as Keras */
  kernel: A;
  bias: A;
  /** a layer with norm: its scale and shift [units] */
  gamma?: A;
  beta?: A;
  /** a layer with batch norm: its running mean and (unbiased) variance [units]; not in gradients() */
  runningMean?: A;
  runningVar?: A;
}

export type OptimizerOptions =
  | { type?: 'sgd'; learningRate?: number; momentum?: number; nesterov?: boolean }
  | { type: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'rmsprop'; learningRate?: number; rho?: number; momentum?: number; epsilon?: number };

/** One layer's statistics of an epoch (the C core's GL_LAYER_STAT_LIST; exact definitions in docs/API.md). */
export interface LayerStats extends Record<LayerStatName, number> {
  /** mean over the kernel of |∂L/∂W| (L = batch-mean loss), averaged over the epoch's batches */
  gradMeanAbs: number;
  /** L2 norm of the kernel gradient, averaged over the batches */
  gradNorm: number;
  /** fraction of units whose activation derivative was 0 for every sample of the epoch */
  deadFraction: number;
  /** fraction of units whose activation derivative stayed below 1% of its maximum for every sample */
  saturatedFraction: number;
  /** mean |∂L/∂b| averaged over the batches */
  biasGradMeanAbs: number;
  /** mean |W| of the kernel at the end of the epoch */
  weightMeanAbs: number;
  /** fraction of the epoch's (sample, unit) pairs whose activation derivative was 0 */
  deadShare: number;
  /** fraction of the epoch's (sample, unit) pairs whose activation derivative was below 1% of its maximum */
  saturatedShare: number;
  /** stats 'full': ‖W_end − W_start‖ / ‖W_start‖ of the kernel over the epoch (NaN when W_start = 0) */
  updateRatio?: number;
  /** stats 'full': the distributions of the epoch (in the history only at the epochs the retention keeps; docs/API.md) */
  dist?: Record<DistQuantityName, Distribution>;
  /** stats 'full': per unit, kept with dist */
  units?: Record<UnitStatName, Float32Array>;
}

/** A histogram: counts of equal bins over [lo, hi) (log10|x| for logHist). */
export interface Histogram {
  lo: number;
  hi: number;
  counts: Float32Array;
}

/** One quantity's distribution over the epoch's probe (docs/API.md, "Distributions"). */
export interface Distribution {
  count: number;
  mean: number;
  /** population standard deviation */
  std: number;
  /** values exactly 0 (+0 or -0); logHist.zero counts them with those of |x| < 10^logLo */
  zeros: number;
  /** the smallest and the largest value (NaN when a value is NaN) */
  min: number;
  max: number;
  /** the smallest |x| of the values not exactly 0 (NaN when every value is 0 or a value is NaN) */
  absMin: number;
  /** the DIST_PERCENTILES (1, 5, 25, 50, 75, 95, 99), each the signed centre of its log10|x| bin (distPercentiles(): exact where the data allow) */
  p: Float32Array;
  /** DIST_BINS.bins equal bins over DIST_RANGES[quantity]; under includes NaN */
  hist: Histogram & { under: number; over: number };
  /** DIST_BINS.logBins bins of log10|x| over [logLo, logHi); zero: |x| < 10^logLo, 0 included */
  logHist: Histogram & { zero: number; over: number };
}

export interface EpochStats {
  /** 1-based, counting across train() calls on the same network */
  epoch: number;
  /** mean of the batches' losses (without penalties) */
  loss: number;
  /** mean of the batches' accuracies */
  accuracy: number;
  /** null without validation data */
  valLoss: number | null;
  valAccuracy: number | null;
  /** one entry per layer, the output layer last */
  layers: LayerStats[];
}

export interface TrainOptions {
  /** default 1 */
  epochs?: number;
  /** default 32 */
  batchSize?: number;
  /** seeded shuffle per epoch (default true) */
  shuffle?: boolean;
  /** default { type: 'sgd', learningRate: 0.01 }; the optimiser state persists across train() calls with the same options */
  optimizer?: OptimizerOptions;
  /** penalties on the kernels: loss += l1 Σ|W| + l2 Σ W² */
  l1?: number;
  l2?: number;
  /** gradient clipping of the data loss's gradient before each step: scale all by min(1, norm / global L2 norm), or clamp each to ±value */
  clip?: { norm: number } | { value: number };
  /** decoupled weight decay of the kernels, w *= 1 - lr·weightDecay before each step (AdamW's rule), 0 … 1 (default 0) */
  weightDecay?: number;
  /**
   * learning rate per batch step: a linear warm-up over warmupEpochs, then constant, step (× gamma every
   * stepEpochs), exponential (× gamma per epoch) or cosine (to minLearningRate over decayEpochs; 0 = the rest
   * of this call). The step count goes on across train() calls with the same options.
   */
  schedule?: { type: ScheduleName; warmupEpochs?: number; stepEpochs?: number; gamma?: number; decayEpochs?: number; minLearningRate?: number };
  validation?: { X: FloatArray; y: FloatArray };
  /** called after every epoch (with every statistic, whatever the history keeps); returning false stops training */
  onEpoch?: (stats: EpochStats) => boolean | void;
  /** 'basic' (default) or 'full': adds updateRatio, dist and units to each layer */
  stats?: StatsLevel;
}

export interface History {
  /** the kept epochs, each with its epoch number: all of them up to limits.maxHistoryEpochs, then thinned (docs/API.md) */
  epochs: EpochStats[];
  /** the call's i-th epoch is kept when i is a multiple of stride (1 until thinned); the latest always is */
  stride: number;
  /** true once the series was thinned */
  thinned: boolean;
  /** set when training stopped because the loss or a weight became NaN/inf (the epoch that diverged is not counted) */
  stopped: null | { epoch: number; reason: 'diverged'; message: string };
}

/** The versioned model format of toJSON() / fromJSON(). */
export interface ModelJSON {
  format: 'gradlab-model';
  /** 1: plain layers; 2: with layer options (norm, residual, dropout, gain); 3: with feature inputs (spec.features) */
  version: 1 | 2 | 3;
  spec: NormalizedNetworkSpec;
  weights: Array<LayerWeights<number[]>>;
}

export interface Network {
  /** the normalised spec (a copy) */
  readonly spec: NormalizedNetworkSpec;
  readonly inputs: number;
  /** spec.features (a copy): the feature inputs the network takes, or null (the data's own columns) */
  readonly features: FeatureName[] | null;
  readonly outputs: number;
  readonly layerCount: number;
  readonly paramCount: number;
  /** epochs trained so far */
  readonly epoch: number;
  readonly disposed: boolean;
  getWeights(): LayerWeights[];
  setWeights(weights: ReadonlyArray<LayerWeights<FloatArray>>): void;
  /** X sample-major [n][inputs] -> [n][outputs] */
  predict(X: FloatArray): Float32Array;
  /** loss and gradients of the batch-mean loss (no penalties), in training mode (batch norm: the batch's
   *  statistics; dropout drawn), and inputGrads = dL/dX [n][inputs]; the weights are unchanged.
   *  y: [n][outputs]; for categorical_crossentropy also class indices (length n). */
  gradients(X: FloatArray, y: FloatArray): { loss: number; grads: LayerWeights[]; inputGrads: Float32Array };
  train(X: FloatArray, y: FloatArray, options?: TrainOptions): History;
  evaluate(X: FloatArray, y: FloatArray): { loss: number; accuracy: number };
  toJSON(): ModelJSON;
  /** frees the wasm memory; every later call throws "network was disposed" */
  dispose(): void;
}

export interface NetworkFactory {
  (spec: NetworkSpec): Network;
  /** a model object or its JSON text, validated field by field */
  fromJSON(json: ModelJSON | string): Network;
}

export interface Lab {
  /** the activation names, in registry order */
  readonly activations: readonly ActivationName[];
  activationInfo(name: ActivationName): { name: ActivationName; parametric: boolean; alpha: number | null };
  readonly initializers: readonly InitializerName[];
  readonly losses: readonly LossName[];
  readonly optimizers: readonly OptimizerName[];
  readonly limits: Limits;
  /** y = f(x) elementwise (softmax: the whole array as one row); out may be x (in place) */
  activate(name: ActivationName, x: FloatArray, out?: Float32Array | null, params?: ActivationParams): Float32Array;
  /** y = f'(x) elementwise (softmax: the Jacobian diagonal s(1 - s)) */
  derivative(name: ActivationName, x: FloatArray, out?: Float32Array | null, params?: ActivationParams): Float32Array;
  readonly datasets: Datasets;
  readonly network: NetworkFactory;
  /** current size of the wasm memory in bytes */
  readonly memoryBytes: number;
}

// ---- bands over seeds (bands.js: plain JS, no wasm) ------------------------------

/** A statistic's band over seeds, per epoch: arrays of length E (null where no seed has a value). */
export interface Band {
  median: Array<number | null>;
  /** first quartile (25 %), linear interpolation between closest ranks (numpy's default) */
  q1: Array<number | null>;
  /** third quartile (75 %) */
  q3: Array<number | null>;
  min: Array<number | null>;
  max: Array<number | null>;
  /** how many seeds have a value at the epoch (NaN and missing values are left out) */
  n: number[];
}

export interface SeedBands {
  /** the number of histories */
  seeds: number;
  /** 1 … E, E = the longest history */
  epochs: number[];
  metrics: { loss: Band; accuracy: Band; valLoss: Band; valAccuracy: Band };
  /** per layer (output last), per chosen layer statistic */
  layers: Array<Partial<Record<LayerStatName, Band>>>;
}

/** A feature input of 2-D data (TensorFlow Playground's): x1, x2, x1², x2², x1·x2, sin x1, sin x2. */
export type FeatureName = 'x1' | 'x2' | 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';
/** Every feature, in order. */
export const FEATURES: readonly FeatureName[];
/** Each feature as written for people ('x₁²', 'sin x₁', …). */
export const FEATURE_LABELS: Readonly<Record<FeatureName, string>>;
/** Check a list of features (non-empty, known, none twice): a frozen copy, or a TypeError / RangeError naming `where`. */
export function checkFeatures(features: readonly string[], where?: string): readonly FeatureName[];
/** The value of one feature at the point (x1, x2). */
export function featureValue(name: FeatureName, x1: number, x2: number): number;
/** X sample-major [n][2] → Float32Array [n][features.length]: each row's chosen features, in the order given. */
export function featureColumns(X: ArrayLike<number>, features: readonly FeatureName[], where?: string): Float32Array;

/** A bundled table's shape (TABLE_INFO): rows, feature columns, classes, the columns' and the label's names, the class names. */
export interface TableInfo {
  rows: number;
  inputs: number;
  classes: number;
  label: string;
  classNames: readonly string[];
  columns: readonly string[];
}
/** The bundled tables' names, lab.datasets.<name>(). */
export type TableName = 'iris' | 'breastCancer' | 'digits';
/** The bundled tables. */
export const TABLES: readonly TableName[];
/** Each bundled table's shape and names, without loading it. */
export const TABLE_INFO: Readonly<Record<TableName, TableInfo>>;
/** The standardisations of scalingOf(). */
export type ScalingKind = 'zscore' | 'minmax' | 'none';
export const SCALINGS: readonly ScalingKind[];
/** A standardisation: each feature j becomes (x − shift[j]) / scale[j]. */
export interface Scaling { kind: ScalingKind; shift: Float64Array; scale: Float64Array; }
/** lab.datasets.fromCSV() without a loaded lab: the same parser and errors ("fromCSV(): row 3, column 2 …"). */
export function fromCSV(text: string, options?: CSVOptions): Table;
/** The table's rows in a seeded random order (mulberry32, Fisher–Yates): new X and y, the other fields as t's. */
export function shuffleRows<T extends { X: Float32Array; y: Float32Array; inputs: number }>(t: T, seed?: number): T;
/** The standardisation of X's features ([n][inputs]) measured on those rows: pass the training rows only. */
export function scalingOf(X: ArrayLike<number>, inputs: number, kind?: ScalingKind): Scaling;
/** X standardised by s: a new Float32Array. */
export function applyScaling(X: ArrayLike<number>, inputs: number, s: Scaling): Float32Array;

/** The statistics of a band, in order: 'median', 'q1', 'q3', 'min', 'max'. */
export const BAND_STATS: readonly ['median', 'q1', 'q3', 'min', 'max'];

/**
 * Per epoch, the median, quartiles and range over seeds of the loss, accuracy,
 * valLoss, valAccuracy and, per layer, of `layerStats` (default ['gradMeanAbs']).
 * `histories`: one array of epoch stats per seed (History.epochs).
 */
export function seedBands(
  histories: ReadonlyArray<ReadonlyArray<Partial<EpochStats>>>,
  options?: { layerStats?: readonly LayerStatName[] },
): SeedBands;

/**
 * One history's columns: per epoch metric and per layer statistic a Float64Array of `length`
 * (index = epoch − 1 when every entry has an `epoch`, else the position), NaN where there is
 * no number. Typed arrays: cheap to post (transfer) between threads.
 */
export interface HistoryColumns {
  length: number;
  metrics: { loss: Float64Array; accuracy: Float64Array; valLoss: Float64Array; valAccuracy: Float64Array };
  layers: Array<Partial<Record<LayerStatName, Float64Array>>>;
}
/** The columns of one history that seedBands reads (`layerStats` default ['gradMeanAbs']). */
export function historyColumns(history: ReadonlyArray<Partial<EpochStats>>, layerStats?: readonly LayerStatName[]): HistoryColumns;
/** seedBands over historyColumns() of each seed: the same numbers. */
export function columnBands(columns: ReadonlyArray<HistoryColumns>, layerStats?: readonly LayerStatName[]): SeedBands;

/** The bands as a long table: layer 'all' for the epoch metrics, 1 … L for the layers; stat e.g. 'gradMeanAbs_q1'. */
export function bandRows(bands: SeedBands): Array<{ epoch: number; layer: number | 'all'; stat: string; value: number | null }>;
