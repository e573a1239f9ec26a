// exports.js — downloads: the charts as one PNG, the training history as CSV
// or JSON, the experiment as a PyTorch or Keras script. Everything is built in
// the page (Blob + object URL); nothing is sent.
import { networkSpec, optimizerSpec } from './state.js';
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

/**
 * One PNG: the decision surfaces in the first row, the charts below, two per
 * row, each with its title. items: { surfaces: [{ title, canvas }], charts: [...] }.
 */
export async function exportChartsPng({ surfaces, charts }) {
  const pad = 16, titleH = 22;
  const tileW = 520, chartH = 300, surfH = 300;
  const cols = 2;
  const rowsS = Math.ceil(surfaces.length / cols);
  const rowsC = Math.ceil(charts.length / cols);
  const W = pad + cols * (tileW + pad);
  const H = pad + rowsS * (surfH + titleH + pad) + rowsC * (chartH + titleH + pad) + 20;
  const c = document.createElement('canvas');
  c.width = W; c.height = H;
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#111827';
  ctx.font = '600 13px system-ui, sans-serif';
  const place = (list, y0, h) => {
    list.forEach((it, i) => {
      const x = pad + (i % cols) * (tileW + pad);
      const y = y0 + Math.floor(i / cols) * (h + titleH + pad);
      ctx.fillStyle = '#111827';
      ctx.fillText(it.title.slice(0, 70), x, y + 14);
      const src = it.canvas;
      const scale = Math.min(tileW / src.width, h / src.height);
      const w = src.width * scale, hh = src.height * scale;
      ctx.drawImage(src, x, y + titleH, w, hh);
    });
  };
  place(surfaces, pad, surfH);
  place(charts, pad + rowsS * (surfH + titleH + pad), chartH);
  ctx.fillStyle = '#6b7280';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('gradlab', pad, H - 8);
  const blob = await new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
  download('gradlab-charts.png', blob, 'image/png');
}

/**
 * The page's experiment for one network (cfg = state.a or state.b) in the
 * shape of export.js: the data as the worker draws it, the network as the
 * worker builds it, the training as the worker runs it (shuffled epochs).
 */
export function experimentOf(st, cfg) {
  const dataset = { type: st.ds, n: st.n, noise: st.noise, seed: st.dseed, trainFraction: st.split };
  if (st.ds === 'circles') dataset.factor = st.factor;
  return {
    dataset,
    network: networkSpec(cfg, st.seed),
    train: { epochs: st.epochs, batchSize: cfg.batch, shuffle: true, optimizer: optimizerSpec(cfg), l2: cfg.l2 },
  };
}

/** The script (text) of network `run` (0: A, 1: B) with the weights of its model JSON. */
export function experimentScript(framework, st, run, modelJson) {
  const model = JSON.parse(modelJson);
  const weights = model.weights.map((w) => ({ kernel: Float32Array.from(w.kernel), bias: Float32Array.from(w.bias) }));
  return exportExperiment(experimentOf(st, run === 1 ? st.b : st.a), { framework, weights });
}
