// panels/charts.js — the chart panels: the gradient size per layer (one chart
// per run), loss and accuracy (the runs share them) and the activation curve
// with its selector. web/charts.js draws the charts; this module feeds them
// from page.runs and page.curve.
import { ACTIVATIONS } from '../state.js';
import { LineChart, layerSeries, depthColor } from '../charts.js';
import { ToWorker } from '../protocol.js';
import { page, on, PageEvent } from '../page-state.js';
import { send } from '../session.js';
import { $, fillSelect } from './dom.js';

const RUN_COLORS = ['#0f766e', '#7c3aed'];
const RUN_COLORS_LIGHT = ['#5eead4', '#c4b5fd']; // test curves: the run's colour, lighter

const gradCharts = ['a', 'b'].map((k, i) => new LineChart($(`chart-grad-${k}`), {
  title: `Gradient size per layer (${'AB'[i]})`, log: true, series: layerSeries(3),
  empty: 'Press Play or Step: one line per layer shows how much gradient it gets each epoch.',
}));
const lossChart = new LineChart($('chart-loss'), { title: 'Loss', series: lossSeries(1), empty: 'No epochs yet' });
const accChart = new LineChart($('chart-acc'), { title: 'Accuracy', series: lossSeries(1, 'acc'), format: 'fixed', yRange: [0.4, 1], empty: 'No epochs yet' });
const actChart = new LineChart($('chart-act'), {
  title: 'Activation', xLabel: 'x',
  series: [{ label: 'f(x)', stroke: '#111827', width: 2 }, { label: 'f′(x)', stroke: '#db2777', width: 1.6, dash: [5, 3] }],
});

function lossSeries(nRuns, what = 'loss') {
  const s = [];
  for (let i = 0; i < nRuns; i++) {
    const p = nRuns > 1 ? `${'AB'[i]} ` : '';
    s.push({ label: `${p}train ${what}`, stroke: RUN_COLORS[i], width: 1.5 });
    s.push({ label: `${p}test ${what}`, stroke: RUN_COLORS_LIGHT[i], width: 1.25 });
  }
  return s;
}

function rebuildCharts() {
  page.runs.forEach((r, i) => gradCharts[i].setSeries(layerSeries(r.layers)));
  lossChart.setSeries(lossSeries(page.runs.length));
  accKind = regression();
  accChart.setSeries(lossSeries(page.runs.length, accKind ? 'R²' : 'acc'));
}
let accKind = false; // whether the accuracy chart's series are R²

/** The data is a regression set: the accuracy chart shows R² (1 − mse / variance of y, worker.js). */
const regression = () => !!page.data && page.data.classes === 0;

// Charts draw at most MAX_POINTS points per series: with a long history every
// k-th epoch is drawn (and always the last), which keeps redraws cheap while
// the line keeps its shape (the plots are ~600 px wide).
const MAX_POINTS = 400;
function sampleIdx(n) {
  if (n <= MAX_POINTS) return null;
  const k = Math.ceil(n / MAX_POINTS);
  const idx = [];
  for (let i = (n - 1) % k; i < n; i += k) idx.push(i);
  return idx;
}
function pick(arr, idx) { return idx ? idx.map((i) => arr[i]) : arr; }

function updateGradCharts() {
  const all = page.runs.map((r) => {
    const hs = pick(r.history, sampleIdx(r.history.length));
    const cols = [hs.map((s) => s.epoch)];
    for (let l = 0; l < r.layers; l++) {
      cols.push(hs.map((s) => (s.layers && s.layers[l] ? s.layers[l].gradMeanAbs : null)));
    }
    return cols;
  });
  // side by side, both gradient charts share one y range (whole decades) of
  // the values they can place (1e-30 … 1e+30; the rest sit on its edges)
  let range = null;
  if (all.length > 1) {
    let lo = Infinity, hi = 0;
    for (const cols of all) for (const c of cols.slice(1)) for (const v of c) if (v >= 1e-30 && v <= 1e30) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (hi > 0) range = [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
    if (range && range[0] === range[1]) range[1] *= 10;
  }
  all.forEach((cols, i) => { gradCharts[i].fixedRange = range; gradCharts[i].setData(cols); });
}

// loss/accuracy: runs share the x axis (they train in lock-step)
function updateRunChart(chart, fields) {
  const longest = page.runs.reduce((a, r) => (r.history.length > a.history.length ? r : a), page.runs[0]);
  const idx = sampleIdx(longest.history.length);
  const at = pick(longest.history.map((_, j) => j), idx);
  const xs = at.map((j) => longest.history[j].epoch);
  const col = (r, f) => at.map((j) => (r.history[j] ? r.history[j][f] : null));
  chart.setData([xs, ...page.runs.flatMap((r) => fields.map((f) => col(r, f)))]);
}

const CHART_UPDATES = [
  updateGradCharts,
  () => updateRunChart(lossChart, ['loss', 'valLoss']),
  () => {
    // the data arrives after the runs reset: the series' names follow it here
    if (accKind !== regression()) { accKind = regression(); accChart.setSeries(lossSeries(page.runs.length, accKind ? 'R²' : 'acc')); }
    updateRunChart(accChart, accKind ? ['r2', 'valR2'] : ['accuracy', 'valAccuracy']);
  },
];
// ---- kept runs overlaid (panels/runs.js) -------------------------------------------
// While an overlay is set, the loss and accuracy charts and the first gradient
// chart show the kept runs it holds instead of the live ones.
let overlay = null;
const OVERLAY_CHARTS = [() => gradCharts[0], () => lossChart, () => accChart];
const OVERLAY_PARTS = ['grad', 'loss', 'acc'];
CHART_UPDATES.forEach((f, i) => {
  CHART_UPDATES[i] = () => {
    if (!overlay) { f(); return; }
    OVERLAY_CHARTS[i]().fixedRange = null;
    OVERLAY_CHARTS[i]().setData(overlay[OVERLAY_PARTS[i]].data);
  };
});

/**
 * Overlay kept runs on the charts: o = { grad, loss, acc }, each { series, data }
 * (LineChart's series and columns [xs, ...]); null: the live runs again.
 */
export function setOverlay(o) {
  overlay = o;
  if (o) OVERLAY_PARTS.forEach((k, i) => OVERLAY_CHARTS[i]().setSeries(o[k].series));
  else rebuildCharts();
  showStudyBands(); // the live study's bands are not of the kept runs: hidden under an overlay
  page.dirty.charts = true; // the frame loop redraws them (and wakes for it)
}

/** The labels of each overlaid chart's series (for tests): null without an overlay. */
export function overlayLabels() {
  return overlay ? Object.fromEntries(OVERLAY_PARTS.map((k) => [k, overlay[k].series.map((s) => s.label)])) : null;
}

/** While training, one chart redraws per frame (round robin), so no frame carries all of them. */
export function updateCharts(all) {
  if (all) {
    CHART_UPDATES.forEach((f, i) => { if (page.charts.stale[i]) { f(); page.charts.stale[i] = false; } });
    return;
  }
  for (let k = 0; k < CHART_UPDATES.length; k++) {
    const i = (page.charts.turn + k) % CHART_UPDATES.length;
    if (page.charts.stale[i]) { CHART_UPDATES[i](); page.charts.stale[i] = false; page.charts.turn = i + 1; return; }
  }
}

export function drawCurve() {
  if (!page.curve) return;
  actChart.setData([Array.from(page.curve.x), Array.from(page.curve.f), Array.from(page.curve.d)]);
}

export function requestCurve() {
  if (page.workerReady) send(ToWorker.CURVE, { name: $('curve-act').value });
}

/** The activation selector shows `name` (without asking the worker for its curve). */
export function setCurveName(name) { $('curve-act').value = name; }

/** Plot activation `name`: select it and ask the worker for its curve. */
export function showCurve(name) {
  setCurveName(name);
  requestCurve();
}

// ---- the seed study's bands (page.study.bands: seedBands per network) ------------
// Under each chart's lines: per layer (gradient charts) or per run (loss and
// accuracy, training figures), the min–max band (light), the middle half q1–q3
// (darker) and the median seed (dashed). A key beside each chart's title says so.
const BAND_ALPHA = { range: 0.12, iqr: 0.32 };
function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
/** Overlay items for one band (seedBands' { median, q1, q3, min, max }), coloured `color`. */
function bandItems(xs, band, idx, color) {
  const p = (a) => pick(a, idx);
  return [
    { x: xs, lo: p(band.min), hi: p(band.max), fill: rgba(color, BAND_ALPHA.range) },
    { x: xs, lo: p(band.q1), hi: p(band.q3), fill: rgba(color, BAND_ALPHA.iqr) },
    { x: xs, y: p(band.median), stroke: color, width: 1.25, dash: [4, 3] },
  ];
}

function bandKey(chart) {
  const cap = chart.el.closest('figure')?.querySelector('figcaption');
  if (!cap) return null;
  let key = cap.querySelector('.band-key');
  if (!key) {
    key = document.createElement('span');
    key.className = 'band-key';
    key.hidden = true;
    cap.append(key);
  }
  return key;
}

/** Draw (or remove) the study's bands on the gradient, loss and accuracy charts (none under an overlay of kept runs). */
export function showStudyBands() {
  const bands = page.study.showBands && !overlay ? page.study.bands : null;
  const seeds = bands ? bands[0].seeds : 0;
  gradCharts.forEach((chart, i) => {
    const b = bands && bands[i];
    const key = bandKey(chart);
    if (!b) { chart.setOverlay([]); if (key) key.hidden = true; return; }
    const idx = sampleIdx(b.epochs.length);
    const xs = pick(b.epochs, idx);
    chart.setOverlay(b.layers.flatMap((ly, l) => bandItems(xs, ly.gradMeanAbs, idx, depthColor(l, b.layers.length))));
    if (key) { key.hidden = false; key.textContent = `shaded: ${seeds} seeds per layer (dark: middle half, light: all, dashed: median)`; }
  });
  for (const [chart, metric] of [[lossChart, 'loss'], [accChart, 'accuracy']]) {
    const key = bandKey(chart);
    if (!bands) { chart.setOverlay([]); if (key) key.hidden = true; continue; }
    chart.setOverlay(bands.flatMap((b, i) => {
      const idx = sampleIdx(b.epochs.length);
      return bandItems(pick(b.epochs, idx), b.metrics[metric], idx, RUN_COLORS[i]);
    }));
    if (key) { key.hidden = false; key.textContent = `shaded: train ${metric} of ${seeds} seeds${bands.length > 1 ? ', A and B' : ''} (dark: middle half, light: all, dashed: median)`; }
  }
}

/** Every chart redraws at its next turn. */
export function markChartsStale() { page.charts.stale.fill(true); }

/** The charts' canvases, for the PNG export. */
export function chartCanvases() {
  return { grad: gradCharts.map((c) => c.canvas), loss: lossChart.canvas, acc: accChart.canvas };
}

/** What each chart shows (for tests): LineChart.probe() of the gradient charts, loss and accuracy. */
export function chartProbe() {
  return { grad: gradCharts.map((c) => c.probe()), loss: lossChart.probe(), acc: accChart.probe() };
}

/** Lines per gradient chart (for tests). */
export function seriesCount() { return gradCharts.map((c) => c.plot.series.length - 1); }

export function mount() {
  fillSelect($('curve-act'), ACTIVATIONS);
  $('curve-act').addEventListener('change', requestCurve);
  on(PageEvent.RUNS_RESET, rebuildCharts);
  on(PageEvent.STUDY_BANDS, showStudyBands);
  on(PageEvent.SCRUB, showScrubCursor);
}

/** Every time chart marks the scrubbed epoch (page.scrub.epoch) with a cursor; live: none. */
function showScrubCursor() {
  for (const c of [...gradCharts, lossChart, accChart]) c.setCursor(page.scrub.epoch);
}
