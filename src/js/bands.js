// bands.js — statistics over seeds: per epoch, the median, quartiles and
// range of a metric over several training histories of one configuration
// (one history per seed). Plain JS, no wasm: the CLI's `reproduce` and the
// page's 10-seed study both call seedBands(), so both show the same numbers.

/** The statistics of a band, in the order the CLI's CSV writes them. */
export const BAND_STATS = Object.freeze(['median', 'q1', 'q3', 'min', 'max']);

const EPOCH_METRICS = ['loss', 'accuracy', 'valLoss', 'valAccuracy'];

/**
 * The q-quantile (0 ≤ q ≤ 1) of sorted numbers by linear interpolation
 * between the closest ranks (numpy's default, R's type 7): position
 * q·(n−1), e.g. the median of [1, 2, 3, 10] is 2.5, its q1 1.75.
 */
export function quantileSorted(sorted, q) {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = q * (n - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  if (lo === hi) return sorted[lo];
  const a = sorted[lo], b = sorted[hi];
  // inf stays inf (inf − inf would be NaN)
  if (a === b) return a;
  return a + (b - a) * (pos - lo);
}

const byValue = (a, b) => a - b;

// the band of v (numbers, NaN left out by the caller) into the series dst at epoch i
function bandInto(dst, i, v) {
  v.sort(byValue); // ±inf sorts to the ends
  dst.n[i] = v.length;
  dst.median[i] = quantileSorted(v, 0.5);
  dst.q1[i] = quantileSorted(v, 0.25);
  dst.q3[i] = quantileSorted(v, 0.75);
  dst.min[i] = v.length ? v[0] : null;
  dst.max[i] = v.length ? v[v.length - 1] : null;
}

/**
 * Bands over seeds. `histories`: one array of epoch stats per seed (the
 * `epochs` of Network.train's history, or the page's run history:
 * { loss, accuracy, valLoss, valAccuracy, layers: [{ gradMeanAbs, … }] }).
 * Epoch i of the result is the i-th entry of each history (histories that
 * stopped early, e.g. diverged, count only while they last; NaN and null
 * values are left out). Returns, per epoch:
 *   { seeds, epochs: [1 … E],
 *     metrics: { loss, accuracy, valLoss, valAccuracy }: each { median, q1, q3, min, max, n }: arrays of length E,
 *     layers: [ per layer { gradMeanAbs: { median, q1, q3, min, max, n } } ] }
 * (a statistic is null at an epoch where no seed has a value). `layerStats`
 * chooses the per-layer statistics (default ['gradMeanAbs']).
 */
export function seedBands(histories, { layerStats = ['gradMeanAbs'] } = {}) {
  if (!Array.isArray(histories)) throw new TypeError('seedBands: histories must be an array of epoch-stats arrays (one per seed)');
  histories.forEach((h, i) => {
    if (!Array.isArray(h)) throw new TypeError(`seedBands: history ${i} is not an array of epoch stats`);
  });
  return columnBands(histories.map((h) => historyColumns(h, layerStats)), layerStats);
}

const value = (x) => (typeof x === 'number' ? x : NaN);

/**
 * The columns of one history that seedBands reads: { length, metrics: { loss,
 * accuracy, valLoss, valAccuracy }, layers: [{ [stat]: … }] }, each column a
 * Float64Array of length `length` with NaN where there is no number (a missing
 * epoch, layer or value). Typed arrays: cheap to post between threads.
 */
export function historyColumns(history, layerStats = ['gradMeanAbs']) {
  // lined up by epoch number where the epochs carry one (a thinned history, a seed
  // that stopped early): column index = epoch − 1; else by position
  const numbered = history.every((s) => !s || Number.isInteger(s.epoch));
  let E = history.length, L = 0;
  if (numbered) E = history.reduce((m, s) => (s && s.epoch > m ? s.epoch : m), 0);
  for (const s of history) if (s && s.layers && s.layers.length > L) L = s.layers.length;
  const metrics = Object.fromEntries(EPOCH_METRICS.map((m) => [m, new Float64Array(E).fill(NaN)]));
  const layers = Array.from({ length: L }, () => Object.fromEntries(layerStats.map((k) => [k, new Float64Array(E).fill(NaN)])));
  for (let i = 0; i < history.length; i++) {
    const s = history[i];
    if (!s || (numbered && s.epoch < 1)) continue;
    const e = numbered ? s.epoch - 1 : i;
    for (const m of EPOCH_METRICS) metrics[m][e] = value(s[m]);
    if (!s.layers) continue;
    for (let l = 0; l < s.layers.length; l++) {
      const ly = s.layers[l];
      if (ly) for (const k of layerStats) layers[l][k][e] = value(ly[k]);
    }
  }
  return { length: E, metrics, layers };
}

/** seedBands over historyColumns() of each seed (the same numbers). */
export function columnBands(columns, layerStats = ['gradMeanAbs']) {
  const E = Math.max(0, ...columns.map((c) => c.length));
  const L = Math.max(0, ...columns.map((c) => c.layers.length));
  const series = () => Object.fromEntries(['n', ...BAND_STATS].map((k) => [k, new Array(E)]));
  const metrics = Object.fromEntries(EPOCH_METRICS.map((m) => [m, series()]));
  const layers = Array.from({ length: L }, () => Object.fromEntries(layerStats.map((k) => [k, series()])));
  // per column, the seeds' arrays (undefined where a seed lacks the layer);
  // one scratch array for the values: no allocation per epoch
  const metricCols = EPOCH_METRICS.map((m) => columns.map((c) => c.metrics[m]));
  const layerCols = layers.map((_, l) => layerStats.map((k) => columns.map((c) => c.layers[l]?.[k])));
  const v = [];
  const gather = (cols, e) => {
    v.length = 0;
    for (let s = 0; s < cols.length; s++) {
      const x = cols[s];
      if (x !== undefined && e < x.length && !Number.isNaN(x[e])) v.push(x[e]);
    }
    return v;
  };
  for (let e = 0; e < E; e++) {
    EPOCH_METRICS.forEach((m, i) => bandInto(metrics[m], e, gather(metricCols[i], e)));
    for (let l = 0; l < L; l++) {
      layerStats.forEach((k, i) => bandInto(layers[l][k], e, gather(layerCols[l][i], e)));
    }
  }
  return { seeds: columns.length, epochs: Array.from({ length: E }, (_, i) => i + 1), metrics, layers };
}

/**
 * The bands as rows of a long table: { epoch, layer, stat, value }, with
 * layer 'all' for the epoch metrics (stat e.g. 'loss_median') and 1 … L for
 * the layers (stat e.g. 'gradMeanAbs_q1').
 */
export function bandRows(bands) {
  const rows = [];
  bands.epochs.forEach((epoch, i) => {
    for (const [m, b] of Object.entries(bands.metrics)) {
      for (const s of BAND_STATS) rows.push({ epoch, layer: 'all', stat: `${m}_${s}`, value: b[s][i] });
    }
    bands.layers.forEach((ly, l) => {
      for (const [k, b] of Object.entries(ly)) {
        for (const s of BAND_STATS) rows.push({ epoch, layer: l + 1, stat: `${k}_${s}`, value: b[s][i] });
      }
    });
  });
  return rows;
}
