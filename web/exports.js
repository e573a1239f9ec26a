// exports.js — downloads: the surfaces and charts as one PNG (2×), the training history as CSV
// or JSON, the experiment as a PyTorch or Keras script (with the page's weights and points). Everything is built in
// the page (Blob + object URL); nothing is sent.
import { networkSpec, trainSpec, dataClasses, netInputs, dataFeatures, hasClasses, isTable, tableShape } from './state.js';
import { exportExperiment } from '../dist/export.js';
import { LAYER_STATS } from '../dist/gradlab.js';

export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const STAT_KEYS = LAYER_STATS;

/** One row per run and epoch; per-layer columns for the deepest run. */
export function historyCsv(runs) {
  const nL = Math.max(0, ...runs.map((r) => r.layers));
  const head = ['run', 'epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy'];
  for (let l = 0; l < nL; l++) {
    const name = `layer${l + 1}`;
    for (const k of STAT_KEYS) head.push(`${name}_${k}`);
  }
  const rows = [head.join(',')];
  const num = (v) => (v == null ? '' : Number.isFinite(v) ? String(v) : String(v));
  runs.forEach((r, i) => {
    for (const s of r.history) {
      const row = ['AB'[i], s.epoch, num(s.loss), num(s.accuracy), num(s.valLoss), num(s.valAccuracy)];
      for (let l = 0; l < nL; l++) {
        const ls = s.layers && s.layers[l];
        for (const k of STAT_KEYS) row.push(ls ? num(ls[k]) : '');
      }
      rows.push(row.join(','));
    }
  });
  return `${rows.join('\n')}\n`;
}

export function historyJson(state, runs) {
  const out = {
    generator: 'gradlab web page',
    state,
    runs: runs.map((r, i) => ({ name: 'AB'[i], config: i === 0 ? state.a : state.b, history: r.history })),
  };
  return JSON.stringify(out, null, 1);
}

// ---- the PNG: tiles in rows of two, drawn at 2× pixel density -------------------
const PNG_SCALE = 2;          // device pixels per CSS px of the image
const TILE_W = 560;           // one tile's width (CSS px)
const PLOT_H = 300;           // a chart's plot area when no surface sets the row's height
const FONT = 'system-ui, sans-serif';

function niceStep(span, target) {
  const raw = span / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}
function linearTicks(lo, hi, target) {
  const st = niceStep(hi - lo, target);
  const out = [];
  for (let v = Math.ceil(lo / st - 1e-9) * st; v <= hi + st * 1e-9; v += st) out.push(Math.abs(v) < st * 1e-9 ? 0 : v);
  return out;
}
const fmtTick = (v) => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(0) : String(Number(v.toPrecision(4))));
const fmtValue = (v) => (v == null || !Number.isFinite(v) ? '–' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));

/** The legend's rows for width w: [[{ s, text, width }]]. */
function legendRows(ctx, series, w) {
  const rows = [[]];
  let x = 0;
  for (const s of series) {
    const last = s.values.findLast((v) => v != null && Number.isFinite(v));
    const text = `${s.label} ${fmtValue(last)}`;
    const width = 22 + ctx.measureText(text).width + 14;
    if (x + width > w && rows.at(-1).length) { rows.push([]); x = 0; }
    rows.at(-1).push({ s, text, width });
    x += width;
  }
  return rows;
}

/**
 * A line chart with its axes, ticks and legend in the box (x, y, w, h) of ctx
 * (CSS px). spec: { xs, series: [{ label, stroke, width, dash, values }], log,
 * logRange: [min, max] (log scale, e.g. shared by two charts), yRange: [min, max]
 * (fixed, linear), xLabel }.
 */
function drawPlot(ctx, x, y, w, h, spec) {
  ctx.save();
  ctx.font = `12px ${FONT}`;
  const rows = legendRows(ctx, spec.series, w - 60);
  const legendH = rows.length * 18 + 6;
  const left = x + 60, right = x + w - 12, top = y + 6, bottom = y + h - legendH - 34;
  const pw = right - left, ph = bottom - top;
  const xs = spec.xs;
  const xMax = Math.max(1, xs.length ? xs[xs.length - 1] : 1), xMin = xs.length ? Math.min(xs[0], 0) : 0;
  let lo = Infinity, hi = -Infinity;
  for (const s of spec.series) for (const v of s.values) if (v != null && Number.isFinite(v) && (!spec.log || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  let yt, ty;
  if (spec.log) {
    if (spec.logRange) [lo, hi] = spec.logRange;
    if (!(hi > 0)) { lo = 1e-3; hi = 1; }
    const a = Math.floor(Math.log10(lo)), b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
    const every = Math.ceil((b - a) / 8);
    yt = []; for (let e = a; e <= b; e += every) yt.push(10 ** e);
    ty = (v) => bottom - ((Math.log10(v) - a) / (b - a)) * ph;
  } else {
    if (spec.yRange) { lo = Math.min(spec.yRange[0], Number.isFinite(lo) ? Math.floor(lo * 20) / 20 : spec.yRange[0]); hi = spec.yRange[1]; }
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { hi = lo + 1; }
    if (!spec.yRange) { const pad = (hi - lo) * 0.08; lo = Math.max(0, lo - pad); hi += pad; }
    yt = linearTicks(lo, hi, 6);
    const l0 = lo, h0 = hi;
    ty = (v) => bottom - ((v - l0) / (h0 - l0)) * ph;
  }
  const tx = (v) => left + ((v - xMin) / (xMax - xMin)) * pw;
  // grid, ticks, labels
  ctx.strokeStyle = '#e5e7eb'; ctx.lineWidth = 1; ctx.fillStyle = '#374151';
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const v of yt) {
    const py = Math.round(ty(v)) + 0.5;
    if (py < top - 1 || py > bottom + 1) continue;
    ctx.beginPath(); ctx.moveTo(left, py); ctx.lineTo(right, py); ctx.stroke();
    ctx.fillText(spec.log ? `1e${Math.round(Math.log10(v))}` : fmtTick(v), left - 6, py);
  }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const v of linearTicks(xMin, xMax, Math.max(3, Math.floor(pw / 90)))) {
    const px = Math.round(tx(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, bottom); ctx.stroke();
    ctx.fillText(fmtTick(v), px, bottom + 5);
  }
  ctx.strokeStyle = '#6b7280';
  ctx.strokeRect(left + 0.5, top + 0.5, pw, ph);
  ctx.fillText(spec.xLabel || 'epoch', left + pw / 2, bottom + 19);
  // lines, clipped to the plot
  ctx.save();
  ctx.beginPath(); ctx.rect(left, top, pw, ph); ctx.clip();
  for (const s of spec.series) {
    ctx.strokeStyle = s.stroke; ctx.lineWidth = (s.width || 1.5) * 1.2; ctx.setLineDash(s.dash || []);
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v) || (spec.log && v <= 0)) { pen = false; return; }
      const px = tx(xs[i]), py = ty(v);
      if (pen) ctx.lineTo(px, py); else { ctx.moveTo(px, py); pen = true; }
    });
    ctx.stroke();
  }
  ctx.restore();
  // legend: swatch, name and latest value per series
  ctx.textAlign = 'left'; ctx.textBaseline = 'middle'; ctx.setLineDash([]);
  rows.forEach((row, r) => {
    let lx = left;
    const ly = bottom + 42 + r * 18;
    for (const it of row) {
      ctx.strokeStyle = it.s.stroke; ctx.lineWidth = 3; ctx.setLineDash(it.s.dash || []);
      ctx.beginPath(); ctx.moveTo(lx, ly); ctx.lineTo(lx + 16, ly); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#1f2937'; ctx.fillText(it.text, lx + 22, ly);
      lx += it.width;
    }
  });
  ctx.restore();
}

/** The height a chart tile needs at least (title excluded). */
function plotMinHeight(spec) {
  const c = document.createElement('canvas').getContext('2d');
  c.font = `12px ${FONT}`;
  return PLOT_H + 40 + legendRows(c, spec.series, TILE_W - 60).length * 18 + 6;
}

/**
 * One PNG at 2× pixel density: tiles in rows of two, each with its title. A
 * tile is a picture ({ title, canvas } drawn at PNG_SCALE, e.g. a decision
 * surface with its axes and key) or a chart ({ title, plot: spec of drawPlot }).
 * A chart beside a picture takes the picture's height, so no half is empty.
 */
export async function exportChartsPng(tiles) {
  const pad = 16, titleH = 24, cols = 2;
  const heights = tiles.map((t) => (t.canvas ? t.canvas.height / PNG_SCALE : plotMinHeight(t.plot)));
  const rows = [];
  for (let i = 0; i < tiles.length; i += cols) rows.push(Math.max(...heights.slice(i, i + cols)));
  const W = pad + cols * (TILE_W + pad);
  const H = pad + rows.reduce((a, h) => a + h + titleH + pad, 0) + 16;
  const c = document.createElement('canvas');
  c.width = W * PNG_SCALE; c.height = H * PNG_SCALE;
  const ctx = c.getContext('2d');
  ctx.scale(PNG_SCALE, PNG_SCALE);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  let y = pad;
  rows.forEach((rh, r) => {
    tiles.slice(r * cols, r * cols + cols).forEach((t, k) => {
      const x = pad + k * (TILE_W + pad);
      ctx.fillStyle = '#111827'; ctx.font = `600 14px ${FONT}`; ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
      let title = t.title;
      while (ctx.measureText(title).width > TILE_W && title.length > 4) title = `${title.slice(0, -2)}…`;
      ctx.fillText(title, x, y + 16);
      if (t.canvas) ctx.drawImage(t.canvas, x, y + titleH, t.canvas.width / PNG_SCALE, t.canvas.height / PNG_SCALE);
      else drawPlot(ctx, x, y + titleH, TILE_W, rh, t.plot);
    });
    y += rh + titleH + pad;
  });
  ctx.fillStyle = '#6b7280'; ctx.font = `11px ${FONT}`; ctx.textAlign = 'left';
  ctx.fillText('gradlab', pad, H - 6);
  const blob = await new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
  download('gradlab-charts.png', blob, 'image/png');
  return { width: c.width, height: c.height };
}

/**
 * The page's experiment for one network (cfg = state.a or state.b) in the
 * shape of export.js: the data as the worker draws it, the network as the
 * worker builds it, the training as the worker runs it (shuffled epochs).
 */
export function experimentOf(st, cfg) {
  if (isTable(st.ds)) return { dataset: tableDataset(st), ...netAndTrain(st, cfg, null) };
  const dataset = { type: st.ds, n: st.n, noise: st.noise, seed: st.dseed, trainFraction: st.split };
  if (st.ds === 'circles') dataset.factor = st.factor;
  if (hasClasses(st.ds)) dataset.classes = dataClasses(st);
  // feature inputs: the scripts compute them from the points (x1, x2), as the worker does
  const features = dataFeatures(st);
  if (features) dataset.features = [...features];
  return { dataset, ...netAndTrain(st, cfg, features) };
}

const netAndTrain = (st, cfg, features) => ({
  network: networkSpec(cfg, st.seed, dataClasses(st), netInputs(st), features),
  train: { epochs: st.epochs, batchSize: cfg.batch, shuffle: true, ...trainSpec(cfg, st.epochs) },
});

/**
 * A table's dataset for the scripts, as the worker makes its data (tableData):
 * the rows shuffled with the data seed, the train ratio, the standardisation;
 * the user's CSV also by file name, checksum, rows, label column and classes
 * (the script reads the file and checks that it is the same text).
 */
function tableDataset(st) {
  const dataset = { type: st.ds, seed: st.dseed, trainFraction: st.split, std: st.std };
  if (st.ds !== 'csv') return dataset;
  const t = tableShape(st);
  if (!t) throw new Error(`the CSV "${st.csv}" is not loaded in this page: choose "Your CSV…" and load the file again`);
  return { ...dataset, file: st.csv, checksum: st.csvsum, rows: t.rows, label: st.label, classes: t.classes };
}

/**
 * The script (text) of network `run` (0: A, 1: B) with the weights of its
 * model JSON and, when given, the worker's data ({ Xtr, ytr, Xte, yte }, the
 * model message's `data`): the script then holds the page's points (the
 * split as drawn, with the added points) and reports the page's accuracy.
 * A table's script makes the page's split itself: a bundled table's from its
 * rows (`table`, the model message's: { X, y } in the table's order), which it
 * embeds; a CSV's from the file it is given.
 */
export function experimentScript(framework, st, run, modelJson, data, table) {
  const model = JSON.parse(modelJson);
  const weights = model.weights.map((w) => ({ kernel: Float32Array.from(w.kernel), bias: Float32Array.from(w.bias) }));
  const options = { framework, weights };
  if (isTable(st.ds)) {
    if (st.ds !== 'csv') options.table = table;
  } else if (data) options.data = { train: { X: data.Xtr, y: data.ytr }, test: { X: data.Xte, y: data.yte } };
  return exportExperiment(experimentOf(st, run === 1 ? st.b : st.a), options);
}
