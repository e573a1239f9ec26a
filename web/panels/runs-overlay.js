// panels/runs-overlay.js — kept runs drawn as lines: the overlay of two or
// more kept runs on the loss, accuracy and gradient charts (each run in its own
// colour, named in the charts' legends; panels/charts.js setOverlay) and the
// list's gradient sparklines. A kept study is drawn as its median seed
// (network A's bands over seeds).
import { depthColor } from '../charts.js';

export const OVERLAY_COLORS = ['#0f766e', '#7c3aed', '#dc2626', '#2563eb', '#d97706', '#db2777'];
export const MAX_OVERLAY = OVERLAY_COLORS.length;
const MAX_POINTS = 400;

function stride(n) { return n <= MAX_POINTS ? 1 : Math.ceil(n / MAX_POINTS); }

const studyHistories = new WeakMap();
/**
 * The per-epoch history a kept record draws: a run's own; a study's median over
 * its seeds of network A ({ epoch, loss, accuracy, valLoss, valAccuracy, layers: [{ gradMeanAbs }] }).
 */
export function historyOf(rec) {
  if (rec.kind !== 'study') return rec.history;
  const b = rec.study && rec.study.bands ? rec.study.bands[0] : null;
  if (!b) return [];
  if (!studyHistories.has(rec)) {
    const m = b.metrics;
    studyHistories.set(rec, b.epochs.map((epoch, i) => ({
      epoch, loss: m.loss.median[i], accuracy: m.accuracy.median[i], valLoss: m.valLoss.median[i], valAccuracy: m.valAccuracy.median[i],
      layers: b.layers.map((ly) => ({ gradMeanAbs: ly.gradMeanAbs.median[i] })),
    })));
  }
  return studyHistories.get(rec);
}

/** The name a record has on the charts (a study: its median seed). */
const labelOf = (rec) => (rec.kind === 'study' ? `${rec.name} (median seed)` : rec.name);

/** The overlay of kept records `recs`: { grad, loss, acc } for panels/charts.js setOverlay. */
export function overlayOf(recs) {
  const hs = recs.map(historyOf);
  const names = recs.map(labelOf);
  const n = Math.max(...hs.map((h) => h.length), 0);
  const k = stride(n);
  const at = [];
  for (let i = (n - 1) % k; i < n; i += k) at.push(i);
  const xs = at.map((i) => i + 1);
  const col = (h, f) => at.map((i) => (h[i] ? h[i][f] ?? null : null));
  const part = (f, vf) => ({
    series: names.flatMap((name, j) => [
      { label: name, stroke: OVERLAY_COLORS[j], width: 1.75 },
      { label: `${name} (test)`, stroke: OVERLAY_COLORS[j], width: 1.1, dash: [4, 3] },
    ]),
    data: [xs, ...hs.flatMap((h) => [col(h, f), col(h, vf)])],
  });
  const grad = { series: [], data: [xs] };
  recs.forEach((r, j) => {
    const h = hs[j];
    const nl = h.length ? h[0].layers.length : r.settings[r.net].layers.length + 1;
    for (let l = 0; l < nl; l++) {
      const out = l === nl - 1;
      grad.series.push({ label: `${names[j]} ${out ? 'out' : `L${l + 1}`}`, stroke: OVERLAY_COLORS[j], width: out ? 2 : 1, dash: out ? undefined : [1 + 2 * l, 2] });
      grad.data.push(at.map((i) => (h[i] && h[i].layers[l] ? h[i].layers[l].gradMeanAbs : null)));
    }
  });
  return { grad, loss: part('loss', 'valLoss'), acc: part('accuracy', 'valAccuracy') };
}

/** A record's gradient size per layer (log scale), one line per layer in the charts' depth colours. */
export function drawSparkline(canvas, history) {
  const dpr = window.devicePixelRatio || 1;
  const w = 64, h = 26;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, h);
  if (!history.length) return;
  const nl = history[0].layers.length;
  let lo = Infinity, hi = -Infinity;
  for (const s of history) for (const L of s.layers) { const v = L.gradMeanAbs; if (v > 0 && Number.isFinite(v)) { const lv = Math.log10(v); if (lv < lo) lo = lv; if (lv > hi) hi = lv; } }
  if (!Number.isFinite(lo)) return;
  if (hi - lo < 1) { lo -= 0.5; hi += 0.5; }
  const k = stride(history.length);
  for (let l = 0; l < nl; l++) {
    ctx.strokeStyle = depthColor(l, nl);
    ctx.lineWidth = l === nl - 1 ? 1.4 : 1;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < history.length; i += k) {
      const v = history[i].layers[l] ? history[i].layers[l].gradMeanAbs : NaN;
      if (!(v > 0) || !Number.isFinite(v)) { started = false; continue; }
      const x = history.length === 1 ? w / 2 : 1 + (i / (history.length - 1)) * (w - 2);
      const y = 1 + (1 - (Math.log10(v) - lo) / (hi - lo)) * (h - 2);
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
    }
    ctx.stroke();
  }
}
