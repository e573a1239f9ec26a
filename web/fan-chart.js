// fan-chart.js — the Layers view's drawings on plain canvases: a distribution
// over time as a percentile fan (1–99, 5–95, 25–75 shaded, the median a line),
// lines on a log axis with a labelled rule (the update:data ratio), and
// stacked bars of shares (saturated, dead). A fan may carry a strip under its
// plot on the same epoch axis: the share of values exactly 0 (which a log
// scale cannot place, so such a fan is of the non-zero values). Every drawing
// takes its axes from the caller, so several charts can share one y-scale. No
// page state here.
import { decadeTicks, decadeLabel } from './chart-scale.js';

const PAD = { l: 40, r: 6, t: 4, b: 16 };
const FONT = '10px system-ui, sans-serif';
const AXIS = '#6b7280';
const GRID = '#eef0f3';
/** The fan's bands: indices into the 7 percentiles (1, 5, 25, 50, 75, 95, 99) and their opacity. */
export const FAN_BANDS = [[0, 6, 0.16], [1, 5, 0.26], [2, 4, 0.42]];
/** On a log axis, values below 10^floor (0 included) sit on the bottom edge. */
export const LOG_SPAN = 8;
/** The zero strip under a fan: its height (CSS px, full height = 100 %), colour and ground. */
export const STRIP_H = 12;
export const ZERO_COLOR = '#374151';
const STRIP_GROUND = '#e5e7eb';

/** A canvas sized to its CSS box (device pixels), its 2-D context scaled to CSS pixels. */
export function fitCanvas(canvas, height) {
  const w = Math.max(60, canvas.clientWidth || canvas.parentElement?.clientWidth || 200);
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, height);
  return { ctx, w, h: height };
}

/**
 * A y-scale over values [min, max]: linear, or log10 of |value| (min, max > 0
 * expected; at most LOG_SPAN decades under max). slack (log): decades the top
 * value may exceed the top decade and sit on the top edge (a percentile from
 * log bins is its bin's centre, up to 10^0.05 above the value: 0.051 keeps a
 * 1 reported as 1.12 under the decade of 1). { lo, hi, log, pos(v) → 0..1, ticks: [{ v, label }] }.
 */
export function yScale(min, max, log, slack = 0) {
  if (log) {
    let hi = Number.isFinite(max) && max > 0 ? Math.ceil(Math.log10(max) - slack) : 0;
    let lo = Number.isFinite(min) && min > 0 ? Math.floor(Math.log10(min) - 1e-9) : hi - LOG_SPAN;
    lo = Math.max(lo, hi - LOG_SPAN);
    if (hi <= lo) hi = lo + 1;
    const ticks = decadeTicks(lo, hi, 5).map((k) => ({ v: 10 ** k, label: decadeLabel(k) }));
    const pos = (v) => (!(v > 0) ? 0 : Math.min(1, Math.max(0, (Math.log10(v) - lo) / (hi - lo))));
    return { lo, hi, log, pos, ticks };
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) { min = 0; max = 1; }
  if (max - min < 1e-9) { min -= 0.5; max += 0.5; }
  const step = niceStep((max - min) / 4);
  const lo = Math.floor(min / step) * step, hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step * 1e-6; v += step) ticks.push({ v, label: fmtTick(v, step) });
  const pos = (v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : NaN);
  return { lo, hi, log, pos, ticks };
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) || 10 * p;
}
const fmtTick = (v, step) => (Math.abs(v) < step * 1e-6 ? '0' : step >= 1 ? String(Math.round(v)) : v.toFixed(Math.min(4, Math.ceil(-Math.log10(step) + 0.01))));

// the axes; pb: the plot's bottom padding (more than PAD.b when a strip sits under it)
function frame(ctx, w, h, ys, x0, x1, pb = PAD.b) {
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const t of ys.ticks) {
    const y = PAD.t + (1 - ys.pos(t.v)) * (h - PAD.t - pb);
    ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(PAD.l, y); ctx.lineTo(w - PAD.r, y); ctx.stroke();
    ctx.fillStyle = AXIS; ctx.fillText(t.label, PAD.l - 3, y);
  }
  ctx.strokeStyle = AXIS;
  ctx.beginPath(); ctx.moveTo(PAD.l, PAD.t); ctx.lineTo(PAD.l, h - pb); ctx.lineTo(w - PAD.r, h - pb); ctx.stroke();
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = AXIS;
  ctx.textAlign = 'left'; ctx.fillText(String(x0), PAD.l, h - 3);
  ctx.textAlign = 'right'; ctx.fillText(`epoch ${x1}`, w - PAD.r, h - 3);
}

/** Plot box → pixel mappers for epochs [x0, x1] and a y-scale (pb: as frame's). */
function mappers(w, h, ys, x0, x1, pb = PAD.b) {
  const X = (e) => PAD.l + (x1 > x0 ? (e - x0) / (x1 - x0) : 1) * (w - PAD.l - PAD.r);
  const Y = (v) => PAD.t + (1 - ys.pos(v)) * (h - PAD.t - pb);
  return { X, Y };
}

function cursorAt(ctx, X, h, epoch) {
  if (epoch === null || epoch === undefined) return null;
  const x = Math.round(X(epoch)) + 0.5; // on a pixel column: crisp
  ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.5; ctx.setLineDash([4, 2]);
  ctx.beginPath(); ctx.moveTo(x, PAD.t); ctx.lineTo(x, h - PAD.b); ctx.stroke();
  ctx.setLineDash([]); ctx.lineWidth = 1;
  return x;
}

/**
 * A percentile fan. o: { epochs: number[], pct: (i) => 7 values (NaN: none at that epoch,
 * the fan breaks), color, ys, x: [x0, x1], cursor, height, zeros }. zeros (optional):
 * (i) => the share of values exactly 0 at epoch i, drawn as a strip under the plot on
 * the same epoch axis. Returns the cursor's x in CSS pixels (null: none).
 */
export function drawFan(canvas, o) {
  const { ctx, w, h } = fitCanvas(canvas, o.height);
  const [x0, x1] = o.x;
  const pb = o.zeros ? PAD.b + STRIP_H + 3 : PAD.b;
  frame(ctx, w, h, o.ys, x0, x1, pb);
  const n = o.epochs.length;
  const { X, Y } = mappers(w, h, o.ys, x0, x1, pb);
  if (o.zeros) zeroStrip(ctx, w, h, X, o);
  if (!n) return null;
  const rows = o.epochs.map((_, i) => o.pct(i));
  // runs of consecutive epochs with values (an epoch whose values are all 0 has none)
  const runs = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(rows[i][3])) continue;
    if (i && Number.isFinite(rows[i - 1][3])) runs[runs.length - 1].push(i); else runs.push([i]);
  }
  ctx.fillStyle = o.color;
  for (const [a, b, alpha] of FAN_BANDS) {
    ctx.globalAlpha = alpha;
    for (const run of runs) {
      if (run.length === 1) {
        const i = run[0];
        ctx.fillRect(X(o.epochs[i]) - 2, Y(rows[i][b]), 4, Y(rows[i][a]) - Y(rows[i][b]));
        continue;
      }
      ctx.beginPath();
      run.forEach((i, k) => { const x = X(o.epochs[i]); const y = Y(rows[i][b]); if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
      for (let k = run.length - 1; k >= 0; k--) ctx.lineTo(X(o.epochs[run[k]]), Y(rows[run[k]][a]));
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = o.color; ctx.lineWidth = 1.6;
  ctx.beginPath();
  for (const run of runs) run.forEach((i, k) => { const x = X(o.epochs[i]); const y = Y(rows[i][3]); if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
  ctx.stroke();
  ctx.lineWidth = 1;
  return cursorAt(ctx, X, h, o.cursor);
}

// the share of zeros over the epochs: a dark area on a light ground of STRIP_H (= 100 %)
function zeroStrip(ctx, w, h, X, o) {
  const y1 = h - PAD.b, y0 = y1 - STRIP_H;
  ctx.fillStyle = STRIP_GROUND;
  ctx.fillRect(PAD.l, y0, w - PAD.r - PAD.l, STRIP_H);
  ctx.font = FONT; ctx.textBaseline = 'middle'; ctx.textAlign = 'right'; ctx.fillStyle = AXIS;
  ctx.fillText('= 0', PAD.l - 3, y0 + STRIP_H / 2);
  const n = o.epochs.length;
  if (!n) return;
  const share = (i) => { const v = o.zeros(i); return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0; };
  ctx.fillStyle = ZERO_COLOR;
  if (n === 1) { const v = share(0); ctx.fillRect(X(o.epochs[0]) - 2, y1 - v * STRIP_H, 4, v * STRIP_H); return; }
  ctx.beginPath();
  ctx.moveTo(X(o.epochs[0]), y1);
  for (let i = 0; i < n; i++) ctx.lineTo(X(o.epochs[i]), y1 - share(i) * STRIP_H);
  ctx.lineTo(X(o.epochs[n - 1]), y1);
  ctx.closePath();
  ctx.fill();
}

/**
 * Lines on a log axis. o: { series: [{ color, xs, ys }], ys (a yScale), x: [x0, x1],
 * rule: { value, label }, cursor, height }. Values ≤ 0 or NaN are left out.
 */
export function drawLines(canvas, o) {
  const { ctx, w, h } = fitCanvas(canvas, o.height);
  const [x0, x1] = o.x;
  frame(ctx, w, h, o.ys, x0, x1);
  const { X, Y } = mappers(w, h, o.ys, x0, x1);
  for (const s of o.series) {
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.4;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < s.xs.length; i++) {
      const v = s.ys[i];
      if (!(v > 0)) { pen = false; continue; }
      if (pen) ctx.lineTo(X(s.xs[i]), Y(v)); else ctx.moveTo(X(s.xs[i]), Y(v));
      pen = true;
    }
    ctx.stroke();
  }
  ctx.lineWidth = 1;
  if (o.rule) {
    // over the lines, its label on a white ground
    const y = Y(o.rule.value);
    ctx.strokeStyle = '#111827'; ctx.setLineDash([5, 3]);
    ctx.beginPath(); ctx.moveTo(PAD.l, y); ctx.lineTo(w - PAD.r, y); ctx.stroke(); ctx.setLineDash([]);
    ctx.font = FONT; ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
    const tw = ctx.measureText(o.rule.label).width;
    ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fillRect(w - PAD.r - tw - 4, y - 12, tw + 4, 11);
    ctx.fillStyle = '#111827'; ctx.fillText(o.rule.label, w - PAD.r - 2, y - 1);
  }
  cursorAt(ctx, X, h, o.cursor);
}

/**
 * Horizontal stacked bars of shares in [0, 1], one row per layer. rows: [{ label,
 * parts: [{ value, color }] }]; a scale 0 … 100 % at the bottom.
 */
export function drawBars(canvas, rows, rowHeight = 14) {
  const height = PAD.t + rows.length * rowHeight + PAD.b;
  const { ctx, w, h } = fitCanvas(canvas, height);
  const x = (v) => PAD.l + v * (w - PAD.l - PAD.r);
  ctx.font = FONT; ctx.textBaseline = 'middle';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(x(v), PAD.t); ctx.lineTo(x(v), h - PAD.b); ctx.stroke();
    ctx.fillStyle = AXIS; ctx.textAlign = v === 0 ? 'left' : v === 1 ? 'right' : 'center';
    ctx.fillText(`${v * 100}%`, x(v), h - PAD.b / 2);
  }
  rows.forEach((r, i) => {
    const y = PAD.t + i * rowHeight;
    ctx.fillStyle = AXIS; ctx.textAlign = 'right'; ctx.fillText(r.label, PAD.l - 3, y + rowHeight / 2);
    let at = 0;
    for (const p of r.parts) {
      const v = Math.max(0, Math.min(1 - at, p.value || 0));
      ctx.fillStyle = p.color;
      ctx.fillRect(x(at), y + 2, x(at + v) - x(at), rowHeight - 4);
      at += v;
    }
  });
}
