// protocol.js — the messages between the page and the training worker
// (worker.js), in one place: the type constants both sides use, and the fields
// of each message. Every message is a plain object { type, ...fields }; typed
// arrays are copied, except the update's decision surfaces and percentile
// rows and the study's history columns (transferred).
//
// The page runs its workers from worker.js (pool.js): the live one(s)
// (everything below but study/cancelStudy/warm: network A's, and in compare mode
// on a pool of 2+ workers network B's, whose setup, rebuild and importModel name
// the run each trains in `runs`) and, for the 10-seed study, a pool that only
// gets `study` messages (and one of it a `warm`).

/** Page -> worker. */
export const ToWorker = Object.freeze({
  SETUP: 'setup',
  REBUILD: 'rebuild',
  PLAY: 'play',
  PAUSE: 'pause',
  STEP: 'step',
  SPEED: 'speed',
  EPOCHS: 'epochs',
  ADD_POINT: 'addPoint',
  POINTS: 'points',
  CURVE: 'curve',
  EXPORT_MODEL: 'exportModel',
  IMPORT_MODEL: 'importModel',
  OPEN_RUNS: 'openRuns',
  STUDY: 'study',
  CANCEL_STUDY: 'cancelStudy',
  WARM: 'warm',
  SCRUB: 'scrub',
  UNIT_MAPS: 'unitMaps',
  PLANE: 'plane',
});

/** Worker -> page. */
export const FromWorker = Object.freeze({
  READY: 'ready',
  DATA: 'data',
  UPDATE: 'update',
  CURVE: 'curve',
  MODEL: 'model',
  IMPORTED: 'imported',
  STUDY: 'study',
  SCRUBBED: 'scrubbed',
  UNIT_MAPS: 'unitMaps',
  ERROR: 'error',
});

/**
 * Where an `error` came from: the type of the page's message whose handler
 * threw (a ToWorker value), or one of these.
 */
export const ErrorWhere = Object.freeze({
  LOAD: 'load',         // loading gradlab.wasm
  TRAIN: 'train',       // training an epoch (the run is stopped with reason 'error')
  SURFACE: 'surface',   // computing a decision surface, the weights or the metrics
});

// ---- page -> worker ----------------------------------------------------------
// `state` is always the whole page state of state.js, as plain data (see
// defaultState()); `gen` is the page's generation of its runs, echoed back so
// the page can drop updates of runs it has replaced.
//
/** @typedef {{ type: 'setup', state: object, gen: number, runs?: Array<0 | 1> }} SetupMessage
 *  New data and new networks (history cleared); the worker answers data, then update.
 *  runs: the runs of `state` this worker trains (0: A, 1: B; absent: all of them); only
 *  the worker of run A answers data. The worker keeps `runs` until the next setup,
 *  rebuild or importModel. */
/** @typedef {{ type: 'rebuild', state: object, gen: number, runs?: Array<0 | 1> }} RebuildMessage
 *  New networks on the current data (runs: as in setup); the worker answers update. */
/** @typedef {{ type: 'play' }} PlayMessage  Train (all runs) at the set speed until the epoch limit. */
/** @typedef {{ type: 'pause' }} PauseMessage  Stop training; the worker answers update. */
/** @typedef {{ type: 'step' }} StepMessage  Stop, train one epoch (all runs, past the limit if need be), answer update. */
/** @typedef {{ type: 'speed', speed: string }} SpeedMessage  Epochs per second: '1' | '5' | '20' | '60' | '200' | 'max'. */
/** @typedef {{ type: 'epochs', epochs: number }} EpochsMessage  The epoch limit. */
/** @typedef {{ type: 'addPoint', x: number, y: number, label: number }} AddPointMessage
 *  Add a training point (training goes on); the worker answers data, then update. */
/** @typedef {{ type: 'points', points: Array<{ x: number, y: number, c?: number, v?: number }> }} PointsMessage
 *  Replace the added points (state.pts, which setup also appends to the drawn training
 *  set) by `points` (training goes on); the worker answers data, then update. Each is of
 *  a kind (state.js pointKind): a class c, a value v at (x, y), or the sine's input x with
 *  value y; those the data does not take (state.js pointFits) are left out. */
/** @typedef {{ type: 'curve', name: string }} CurveRequest
 *  An activation and its derivative over x in [-5, 5]; the worker answers curve. */
/** @typedef {{ type: 'exportModel', run: 0 | 1, purpose?: 'pytorch' | 'keras' }} ExportModelMessage
 *  The model JSON of run A (0) or B (1); the worker answers model with the purpose echoed
 *  (none: the page downloads the JSON; 'pytorch' / 'keras': it builds that script, with
 *  the data the model trains and tests on, which the answer then carries). */
/** @typedef {{ type: 'importModel', text: string, gen: number, runs?: Array<0 | 1> }} ImportModelMessage
 *  A model file's text replaces run A's network (B, if any, restarts fresh); every run
 *  restarts at epoch 0 under generation `gen` (runs: as in setup; B's own worker reads
 *  the file too, for A's initial weights with state.same). The worker answers imported
 *  (the worker of run A only) and update, or error with where 'importModel'. */
/** @typedef {{ type: 'openRuns', state: object, gen: number, own?: Array<0 | 1>,
 *    runs: Array<{ weights: import('../dist/gradlab.js').LayerWeights[], epoch: number, stopped: null | { epoch: number, reason: string, message?: string } }> }} OpenRunsMessage
 *  Kept runs (the page's Kept runs list) become the runs, one per network of `state`: new data
 *  and networks as setup, then each network takes the kept final weights and goes on from
 *  epoch `epoch` (stopped: it stays stopped). The optimiser's state starts afresh. own: the
 *  run indices this worker trains (as setup's `runs`; here `runs` is the kept runs, all of
 *  them to every worker). The worker answers data (the worker of run A only), then update
 *  (the surfaces of the kept weights), or error with where 'openRuns'. */
/** @typedef {{ type: 'study', state: object, seeds: number[], id: number }} StudyRequest
 *  (Study worker.) Train network A of `state` (and B, in compare mode) on its data to the
 *  epoch limit once per seed, without surfaces; one study message per seed and network
 *  (per seed A first, then B), then one with done. The page's pool sends one seed per
 *  request, two to each worker at first (the second waits in its queue), then the next
 *  to whichever worker answered done. */
/** @typedef {{ type: 'scrub', epoch: number, id: number }} ScrubRequest
 *  Show every run at epoch `epoch` (panels/scrubber.js): the worker answers scrubbed, from
 *  each run's weight snapshot of the latest kept epoch at or before `epoch` (snapshots.js). */
/** @typedef {{ type: 'unitMaps', run: 0 | 1, layer: number, epoch: number | null, id: number }} UnitMapsRequest
 *  The activations of every unit of layer `layer` (0-based, the output last) of run `run` over
 *  the input plane, at the weights shown for `epoch` (null: the live ones); answered by unitMaps. */
/** @typedef {{ type: 'warm', state: object }} WarmRequest
 *  (Study worker, once per page, when it is idle.) Train network A of `state` (and B in compare
 *  mode) a few epochs and throw them away, answering nothing: V8 compiles a wasm function's
 *  optimised code once it is hot, once for every worker of the page, so the first study's and
 *  the first Play's epochs do not wait for that compile (docs/BENCHMARKS.md). */
/** @typedef {{ type: 'plane', sx: number, sy: number }} PlaneMessage
 *  A table's surface is drawn over inputs sx and sy (0-based feature columns; the others
 *  held at their training mean): training goes on; the worker answers data (the rows'
 *  new plot coordinates), then update. */
/** @typedef {{ type: 'cancelStudy' }} CancelStudyMessage
 *  (Study worker.) Stop after the current seed. The page does not send it: it cancels
 *  a study by terminating the study worker. */

// ---- worker -> page ----------------------------------------------------------
/** @typedef {{ type: 'ready', activations: string[] }} ReadyMessage
 *  gradlab.wasm is loaded; messages sent before this were queued and now run. */
/** @typedef {{ type: 'data', gen: number, Xtr: Float32Array, ytr: Float32Array, Xte: Float32Array, yte: Float32Array, classes: number,
 *    inputs: number, features: string[] | null, table: object | null, plot: null | { Xtr: Float32Array, Xte: Float32Array } }} DataMessage
 *  The data set: X sample-major [n][inputs], y class labels 0 … classes - 1; sent after setup, addPoint, points and plane.
 *  The training set ends with the added points (state.pts), in their order. A table (experiment.js tableData):
 *  X standardised; `table` its columns, label, class names, scaling, the columns' ranges and training means,
 *  the surface's inputs sx, sy and `images` (8: the rows are 8×8 images, digits); `plot` the rows' plot
 *  coordinates [n][2] (their values of sx, sy on the surface's square). */
/**
 * @typedef {object} RunUpdate  One run (A, then B) in an update.
 * @property {0 | 1} run  which run: 0 A, 1 B
 * @property {number} epoch  epochs trained so far
 * @property {Array<import('../dist/gradlab.js').EpochStats & { epoch: number }>} epochs
 *   the epochs trained since the last update (epoch counted per run)
 * @property {null | { epoch: number, reason: string, message?: string }} stopped
 *   set once the run stopped: reason 'diverged' (from the library) or 'error'
 * @property {Float32Array} [surface]  surfaceRes×surfaceRes P(class 1) at the centres of that grid's
 *   cells, row 0 at the top (grid.js); with more than 2 classes every class's probability,
 *   surfaceRes²×classes (cell-major); a regression set: the value; one input (the sine): GRID
 *   values along x; transferred
 * @property {number} [surfaceRes]  with surface: GRID, or while training a coarser one of
 *   grid.js SURFACE_RES, the finest whose cost fits the worker's budget (the page resamples
 *   it to GRID×GRID: grid.js toGrid); GRID in every update sent when training stops, and
 *   always for one input (inspect.js surfaceResFor)
 * @property {import('../dist/gradlab.js').LayerWeights[]} [weights]  the current weights (with inspect)
 * @property {{ loss: number, accuracy: number, valLoss: number, valAccuracy: number }} [current]
 *   train and test metrics of the current weights (with surface)
 * @property {{ pct: Float32Array, epochs: number[], full: Array<{ epoch: number, layers: Array<{ dist: object, units: object }> }> }} [dist]
 *   with new epochs measured in full (the worker trains with stats 'full' at the epochs
 *   dist-series.js fullAt() picks, 'basic' between them): epochs those epochs, pct their percentile rows one after
 *   another (dist-series.js percentileRow: per layer and quantity of DIST_QUANTITIES, the signed
 *   percentiles then those of the non-zero |x| as distPercentiles() gives them, the share exactly 0,
 *   which are exact; transferred); full the layers' dist and units of those of the epochs that
 *   net.train()'s history keeps them for (log-spaced, dist-series.js logSpaced) and of the latest.
 *   The epochs themselves carry the basic layer statistics, and updateRatio where measured in full.
 * @property {Inspection} [inspect]  the diagram's figures of the current weights: while training
 *   at most every 200 ms (worker.js INSPECT_MS), and in every update sent when training stops
 * @property {{ classes: number, test: Int32Array }} [confusion]  the test set's confusion matrix of the
 *   current weights, classes × classes, row = true class, column = predicted (with surface)
 * @property {{ rows: Int32Array, predicted: Int32Array, count: number }} [wrong]  digits (table.images): the first
 *   misclassified test rows (experiment.js misclassified(): at most MAX_WRONG) and their predicted class (with
 *   confusion; scrubbed answers carry it per run too)
 * @property {{ shared: number[], unshared: Array<{ layer: number, name: string, why: string }> }} [initShare]
 *   run B in compare mode with state.same, in the first update after setup/rebuild: the layers
 *   (1-based, the output last) that start from A's initial weights, and those whose shape
 *   differs (experiment.js shareInit)
 */
/**
 * @typedef {object} Inspection  What the network diagram shows of one set of weights (inspect.js).
 * @property {number} epoch  the epoch of the weights
 * @property {Float32Array[]} gradAbs  per layer, per kernel entry [in][out]: the mean over the
 *   training set's batches of |∂L_b/∂W| at these weights
 * @property {null | Array<{ meanAct: Float32Array, deadShare: Float32Array, saturatedShare: Float32Array,
 *   gradMeanAbs: Float32Array }>} units  per layer, per unit (null: the forward pass overflowed)
 */
/** @typedef {{ type: 'scrubbed', gen: number, id: number, epoch: number,
 *    runs: Array<{ run: 0 | 1, shown: number, surface: Float32Array, weights: object[], inspect: Inspection }> }} ScrubbedMessage
 *  The answer to scrub `id`: per run of the worker (`run`: 0 A, 1 B), the epoch of the snapshot
 *  shown (≤ epoch; the run's latest epoch if it has not reached `epoch`), its decision surface
 *  (transferred), weights and the diagram's figures. With B in a worker of its own each worker
 *  answers for its run; session.js passes the two on as one answer. */
/** @typedef {{ type: 'unitMaps', gen: number, id: number, run: 0 | 1, layer: number, epoch: number,
 *    grid: number, units: number, maps: Float32Array }} UnitMapsMessage
 *  The answer to unitMaps `id`: `maps` [grid²][units] (row 0 at the top, as grid.js), the layer's
 *  activations at the weights of epoch `epoch`; transferred. */
/** @typedef {{ type: 'update', gen: number, playing: boolean, runs: RunUpdate[] }} UpdateMessage
 *  Training progress of the worker's runs: at most every 33 ms while playing, and after
 *  setup, rebuild, pause, step, addPoint and importModel. `playing` turns false once
 *  every run of the worker has stopped or reached the epoch limit. */
/** @typedef {{ type: 'curve', name: string, x: Float32Array, f: Float32Array, d: Float32Array }} CurveMessage
 *  f(x) and f′(x) of activation `name` at 201 points of [-5, 5]. */
/** @typedef {{ type: 'model', run: 0 | 1, json: string, purpose?: 'pytorch' | 'keras',
 *    data?: { Xtr: Float32Array, ytr: Float32Array, Xte: Float32Array, yte: Float32Array },
 *    table?: { X: Float32Array, y: Float32Array } }} ModelMessage
 *  The answer to exportModel: the network's toJSON() as text. With a purpose, also `data`:
 *  the points the network trains and tests on at that moment, as in the data message
 *  (X sample-major [n][2], y labels 0/1, the training set ending with the added points),
 *  so the script embeds exactly the page's data (taken with the weights, in one message).
 *  A bundled table (iris, …) also sends `table`: its rows in its own order, which the
 *  script embeds and shuffles, splits and standardises as the worker does (a CSV's
 *  script reads the user's file instead). */
/** @typedef {{ type: 'imported', gen: number, cfg: { layers: Array<{ units: number, act: string }>, out: string } }} ImportedMessage
 *  The model was imported as network A: its hidden layers and output in the page's terms. */
/**
 * @typedef {{ type: 'study', id: number, seed: number, run: 0 | 1, epochs: number, stopped: object | null,
 *   trainAccuracy: number, testAccuracy: number, deadLayers: number,
 *   history: { length: number, metrics: { loss, accuracy, valLoss, valAccuracy: Float64Array }, layers: Array<{ gradMeanAbs: Float64Array }> } }
 *   | { type: 'study', id: number, done: true }} StudyMessage
 *  (Study worker.) One seed's result for network A (run 0) or B (run 1): deadLayers are
 *  the hidden layers whose units were all dead in the last epoch; history the per-epoch
 *  figures the bands over seeds are made of (valLoss, valAccuracy: on the test split), as
 *  historyColumns() of gradlab (index = epoch − 1; the arrays transferred).
 *  Or the end of study `id`.
 */
/** @typedef {{ type: 'error', where: string, message: string }} ErrorMessage
 *  A handler failed: `where` is the page message's type or an ErrorWhere value. */
