// gradlab.js — the ES module around gradlab.wasm (standalone, no Emscripten glue).
//
//   import { load } from 'gradlab';
//   const lab = await load();
//
// Every call copies its inputs into the wasm heap, calls the C core, re-creates
// typed-array views (memory may have grown), copies the result out and frees
// its buffers in `finally`. Every argument is checked before it enters the
// wasm; a status code from the C side becomes a GradlabError carrying the C
// message plus what/where from this side. The C API is src/gradlab.h; the
// contract is docs/API.md.
//
// The module by concern: tables.js (generated from the C core's tables: every
// name, default and limit), errors.js, check.js and options.js (argument
// checks, internal), loader.js (instantiation and the heap), activations.js,
// datasets.js, network.js and model.js (the lab's parts); bands.js (median
// and quantile bands over seeds' histories, no wasm).
import { INITIALIZERS, LOSSES, OPTIMIZERS, limits } from './tables.js';
import { instantiate, Core } from './loader.js';
import { createActivations } from './activations.js';
import { createDatasets } from './datasets.js';
import { createNetworkFactory } from './network.js';

export { GradlabError } from './errors.js';
export { diagnose, DIAGNOSE_THRESHOLDS } from './diagnose.js';
// a distribution's percentiles as figures: exact where the data allow, else the log bin's estimate
export { absPercentiles, distPercentiles, formatPercentile } from './percentiles.js';
// feature inputs x1, x2, x1², x2², x1·x2, sin x1, sin x2 (plain JS): the page and the CLI
export { FEATURES, FEATURE_LABELS, checkFeatures, featureValue, featureColumns } from './features.js';
// tables (plain JS): the bundled tables' shapes, the CSV parser, a seeded row shuffle and the
// standardisation with the training rows' statistics: the CLI and the page
export { TABLE_INFO, TABLES, SCALINGS, fromCSV, shuffleRows, scalingOf, applyScaling } from './tabular.js';
// statistics over seeds (plain JS, no wasm): shared by the CLI and the page
export { seedBands, bandRows, BAND_STATS, historyColumns, columnBands } from './bands.js';
// the C core's tables, read-only (every declaration of tables.d.ts)
export {
  limits, STATUS_NAMES, ACTIVATIONS, ALPHA, INITIALIZERS, INIT_PARAMS, INIT_GAIN, NORMS, NORM_PARAMS, LAYER_PARAMS, LAYER_OPTS,
  LOSSES, LOSS_OUTPUT, OPTIMIZERS,
  OPTIMIZER_PARAMS, TRAIN_PARAMS, SCHEDULES, SCHEDULE_PARAMS, DATASETS, DATASET_PARAMS, DATASET_SHAPES, LAYER_STATS, EPOCH_HEAD, MAX_CLASSES,
  STATS_LEVELS, DIST_QUANTITIES, DIST_RANGES, DIST_PERCENTILES, DIST_BINS, DIST_FIELDS, DIST_LAYER, DIST_UNIT_STATS,
} from './tables.js';

/**
 * Loads gradlab.wasm and returns an independent lab instance.
 * source: nothing (gradlab.wasm beside this module), a URL or path/URL string,
 * the bytes (ArrayBuffer / Uint8Array) or a compiled WebAssembly.Module.
 */
export async function load(source) {
  const core = new Core(await instantiate(source));
  const acts = createActivations(core);
  return Object.freeze({
    activations: acts.names,
    activationInfo: acts.activationInfo,
    initializers: Object.freeze([...INITIALIZERS]),
    losses: Object.freeze([...LOSSES]),
    optimizers: Object.freeze([...OPTIMIZERS]),
    limits,
    activate: acts.activate,
    derivative: acts.derivative,
    datasets: createDatasets(core),
    network: createNetworkFactory(core, acts),
    /** current size of the wasm memory in bytes (it only grows) */
    get memoryBytes() { return core.memory.buffer.byteLength; },
  });
}
