// charts.js — line charts on uPlot: the gradient size per layer (log y), loss,
// accuracy and the activation view. Each chart fills its container element
// and follows its size.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  Flag, placeLog, placeLinear, placeEdges, extent, logRange, decadeTicks, decadeLabel, flagNote, markIndices,
} from './chart-scale.js';

// "plasma" colour map stops (matplotlib), first layer dark blue → output orange.
const PLASMA = ['#0d0887', '#5302a3', '#8b0aa5', '#b83289', '#db5c68', '#f48849', '#febd2a'];

/** Colour of layer i of n (0 = first hidden layer, n-1 = output), by depth. */
export function depthColor(i, n) {
  const t = n <= 1 ? 0 : (i / (n - 1)) * 0.86; // stop before the pale yellow end
  const x = t * (PLASMA.length - 1);
  const k = Math.min(PLASMA.length - 2, Math.floor(x));
  const f = x - k;
  const a = PLASMA[k], b = PLASMA[k + 1];
  const ch = (s, o) => parseInt(s.slice(o, o + 2), 16);
  const mix = (o) => Math.round(ch(a, o) + (ch(b, o) - ch(a, o)) * f).toString(16).padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}

const fmtSci = (v) => (v == null ? '–' : Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? (v > 0 ? 'inf' : '-inf')
  : v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));
const fmtFix = (v) => (v == null ? '–' : !Number.isFinite(v) || Math.abs(v) >= 1e6 ? fmtSci(v) : v.toFixed(3));
function lastIndex(arr) {
  if (!arr) return -1;
  for (let i = arr.length - 1; i >= 0; i--) if (arr[i] != null) return i;
  return -1;
}
// Integer steps for an epoch axis: no fractional epochs on short runs.
const EPOCH_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000];
const MARK = { [Flag.BELOW]: '▼', [Flag.NEG]: '▼', [Flag.ABOVE]: '▲', [Flag.NAN]: '×' };

/**
 * A line chart in `el`. opts: { title, xLabel, series: [{ label, stroke, dash, width }],
 * log (log-scale y), yRange: [min, max] fixed, format: 'sci' | 'fixed', points: bool }.
 *
 * Any value may come in (chart-scale.js places it): on a log axis 0 and values
 * below 1e-30 sit on the bottom edge, inf and values above 1e+30 on the top
 * edge, NaN is left out; each such stretch is marked (▼ ▲ ×) and a note on the
 * chart says what the marks mean. The legend shows the values as they are.
 */
export class LineChart {
  constructor(el, opts) {
    this.el = el;
    this.opts = opts;
    this.raw = [[], ...opts.series.map(() => [])];
    this.flags = [];
    this.yRange = opts.log ? [-3, 0] : [0, 1];
    /** Set by the page: a log chart's range [lo, hi] as values (e.g. [1e-8, 1]), shared by two charts. */
    this.fixedRange = null;
    /** Shaded bands and lines drawn under the series (setOverlay), placed as the series are. */
    this.overlay = [];
    /** An x (epoch) marked by a vertical cursor line (setCursor), or null. */
    this.cursorX = null;
    this.cursorDrawn = false;
    this.plot = null;
    if (opts.empty) {
      this.emptyEl = document.createElement('div');
      this.emptyEl.className = 'chart-empty';
      this.emptyEl.textContent = opts.empty;
      el.append(this.emptyEl);
    }
    this.noteEl = document.createElement('div');
    this.noteEl.className = 'chart-note';
    this.noteEl.hidden = true;
    Object.assign(this.noteEl.style, {
      position: 'absolute', top: '2px', right: '6px', zIndex: '3', pointerEvents: 'none', maxWidth: '70%',
      fontSize: '10px', lineHeight: '1.3', color: '#7f1d1d', background: 'rgba(255,255,255,0.88)', padding: '0 4px', borderRadius: '3px',
    });
    el.append(this.noteEl);
    this.build();
    this.ro = new ResizeObserver(() => this.resize());
    this.ro.observe(el);
  }

  build() {
    if (this.plot) this.plot.destroy();
    this.legend = null;
    const o = this.opts;
    const fmt = o.format === 'fixed' ? fmtFix : fmtSci;
    const epochAxis = (o.xLabel || 'epoch') === 'epoch';
    // y: always a linear scale; a log chart's data are already log10(values)
    const scales = { x: { time: false }, y: { range: () => [this.yRange[0], this.yRange[1]] } };
    if (epochAxis) scales.x.range = (u, min0, max0) => {
      const [min, max] = this.overlayXSpan(min0, max0);
      return min == null ? [0, 1] : min === max ? [Math.max(0, min - 1), max + 1] : [min, max];
    };
    const axisStyle = { stroke: '#4b5563', grid: { stroke: '#e5e7eb', width: 1 }, ticks: { stroke: '#d1d5db', width: 1 }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif' };
    const yAxis = { ...axisStyle, size: 52 };
    if (o.log) {
      yAxis.splits = (u) => decadeTicks(this.yRange[0], this.yRange[1], Math.floor((u.bbox.height / (u.pxRatio || 1)) / 16));
      yAxis.values = (u, splits) => splits.map((k) => (k == null ? '' : decadeLabel(k)));
    } else {
      yAxis.values = (u, splits) => splits.map((v) => (v == null ? '' : Math.abs(v) >= 1e5 ? v.toExponential(0) : String(Math.round(v * 1e6) / 1e6)));
    }
    const xAxis = { ...axisStyle, size: 28, label: undefined };
    if (epochAxis) {
      xAxis.incrs = EPOCH_INCRS;
      xAxis.values = (u, splits) => splits.map((v) => (v == null ? '' : String(v)));
    }
    // legend values: the raw value at the cursor while hovering, else the latest one
    const legendValue = (u, v, si, di) => {
      const col = this.raw[si];
      const i = di == null ? lastIndex(col) : di;
      return i < 0 || !col ? '–' : fmt(col[i]);
    };
    this.plot = new uPlot({
      width: Math.max(120, this.el.clientWidth),
      height: 100,
      title: undefined,
      scales,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      axes: [xAxis, yAxis],
      series: [
        { label: o.xLabel || 'epoch', value: (u, v, si, di) => { const x = di == null ? this.raw[0][this.raw[0].length - 1] : v; return x == null ? '–' : String(Math.round(x * 100) / 100); } },
        ...o.series.map((s) => ({
          label: s.label, stroke: s.stroke, width: s.width || 1.6, dash: s.dash,
          points: { show: !!o.points }, value: legendValue, spanGaps: false,
        })),
      ],
      hooks: { draw: [(u) => this.drawMarks(u), (u) => this.drawCursor(u)], drawAxes: [(u) => this.drawOverlay(u)] },
    }, this.plotData([[], ...o.series.map(() => [])]), this.el);
    this.plot.root.setAttribute('aria-label', o.title || 'chart');
    this.resize();
  }

  /** Place raw columns [xs, ...series] for uPlot: sets this.raw, this.flags, this.yRange, the note. */
  plotData(data) {
    const o = this.opts;
    this.raw = data;
    const cols = data.slice(1);
    // x: only finite values (an epoch or an activation's x always is)
    const xs = Array.from(data[0], (v) => (Number.isFinite(v) ? v : 0));
    const placed = cols.map((c) => (o.log ? placeLog(c) : placeLinear(c)));
    const ext = extent([...placed.map((p) => p.y), ...this.overlayPlaced()]);
    if (o.log) {
      const fr = this.fixedRange;
      this.yRange = fr && fr[0] > 0 && fr[1] > fr[0] ? logRange([Math.log10(fr[0]), Math.log10(fr[1])]) : logRange(ext);
    } else if (o.yRange) {
      const min = ext ? ext[0] : o.yRange[0];
      this.yRange = [Math.min(o.yRange[0], Math.floor(min * 20) / 20), Math.max(o.yRange[1], ext ? ext[1] : o.yRange[1])];
    } else if (!ext || ext[0] === ext[1]) {
      this.yRange = ext ? [ext[0] - 1, ext[0] + 1] : [0, 1];
    } else {
      const r = uPlot.rangeNum(ext[0], ext[1], 0.1, true);
      this.yRange = Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0] ? r : [ext[0], ext[1]];
    }
    this.flags = placed.map((p) => p.flags);
    const note = flagNote(this.flags, !!o.log);
    if (this.noteEl.textContent !== note) this.noteEl.textContent = note;
    this.noteEl.hidden = !note;
    return [xs, ...placed.map((p) => placeEdges(p, this.yRange[0], this.yRange[1]))];
  }

  /** Mark the values that are not drawn where they belong: ▼ bottom edge, ▲ top edge, × NaN. */
  drawMarks(u) {
    const ctx = u.ctx;
    const px = u.pxRatio || 1;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.font = `${Math.round(10 * px)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    this.flags.forEach((flags, k) => {
      const s = u.series[k + 1];
      if (!s || !s.show) return;
      ctx.fillStyle = typeof s.stroke === 'function' ? s.stroke(u, k + 1) : s.stroke;
      for (const i of markIndices(flags)) {
        const x = u.valToPos(u.data[0][i], 'x', true);
        if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) continue;
        const f = flags[i];
        const atTop = f === Flag.ABOVE || f === Flag.NAN;
        ctx.textBaseline = atTop ? 'top' : 'bottom';
        ctx.fillText(MARK[f], x, atTop ? top : top + height);
      }
    });
    ctx.restore();
  }

  /** Mark x (e.g. the scrubbed epoch) with a vertical line across the plot; null removes it. Redraws. */
  setCursor(x) {
    if (x === this.cursorX) return;
    this.cursorX = x;
    this.plot.redraw(false, false);
  }

  /** The cursor line (uPlot's draw hook), labelled with its x. */
  drawCursor(u) {
    this.cursorDrawn = false;
    if (this.cursorX == null) return;
    let x = u.valToPos(this.cursorX, 'x', true);
    const { left, top, width, height } = u.bbox;
    if (!Number.isFinite(x)) return;
    x = Math.min(left + width, Math.max(left, x)); // e.g. epoch 0 (before the first point): the left edge
    const px = u.pxRatio || 1;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash([4 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.font = `${Math.round(10 * px)}px system-ui, sans-serif`;
    const label = `epoch ${this.cursorX}`;
    const w = ctx.measureText(label).width + 6 * px;
    const lx = x + w + 2 * px > left + width ? x - w - 2 * px : x + 2 * px;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(lx, top + 1 * px, w, 12 * px);
    ctx.fillStyle = '#111827';
    ctx.textBaseline = 'top';
    ctx.fillText(label, lx + 3 * px, top + 2 * px);
    ctx.restore();
    this.cursorDrawn = true;
  }

  /**
   * Bands and lines under the series, e.g. a seed study's spread: items
   * { x: [], lo: [], hi: [], fill } (the area between lo and hi) and
   * { x: [], y: [], stroke, width, dash } (a line). Values are placed like the
   * series' (log10 on a log chart; values it cannot place leave a gap) and
   * count for the y range; [] removes them. Redraws.
   */
  setOverlay(items) {
    this.overlay = items || [];
    this.setData(this.raw);
  }

  /** The overlay's values as placed on the y axis (for the y range). */
  overlayPlaced() {
    const place = (v) => (v == null || !Number.isFinite(v) ? null : this.opts.log ? (v > 0 && v >= 1e-30 && v <= 1e30 ? Math.log10(v) : null) : v);
    const out = [];
    for (const it of this.overlay) {
      for (const k of ['lo', 'hi', 'y']) if (it[k]) out.push(it[k].map(place));
    }
    return out;
  }

  /** The x span [min, max] of the data widened to the overlay's. */
  overlayXSpan(min, max) {
    for (const it of this.overlay) {
      if (!it.x || !it.x.length) continue;
      const a = it.x[0], b = it.x[it.x.length - 1];
      min = min == null ? a : Math.min(min, a);
      max = max == null ? b : Math.max(max, b);
    }
    return [min, max];
  }

  /** Draw the overlay (uPlot's drawAxes hook: above the grid, below the series). */
  drawOverlay(u) {
    if (!this.overlay.length) return;
    const ctx = u.ctx;
    const px = u.pxRatio || 1;
    const { left, top, width, height } = u.bbox;
    const [lo, hi] = this.yRange;
    const placeY = (v) => {
      if (v == null || Number.isNaN(v)) return null;
      let y = this.opts.log ? (v > 0 ? Math.log10(v) : -Infinity) : v;
      y = Math.min(hi, Math.max(lo, y)); // beyond the range: on its edge
      return u.valToPos(y, 'y', true);
    };
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    this.overlayDrawn = 0;
    for (const it of this.overlay) {
      const xs = it.x.map((x) => u.valToPos(x, 'x', true));
      if (it.lo && it.hi) {
        // one filled polygon per stretch where both edges have a value
        ctx.fillStyle = it.fill;
        let run = [];
        const flush = () => {
          if (run.length > 1) {
            ctx.beginPath();
            run.forEach(([x, yHi], j) => (j ? ctx.lineTo(x, yHi) : ctx.moveTo(x, yHi)));
            for (let j = run.length - 1; j >= 0; j--) ctx.lineTo(run[j][0], run[j][2]);
            ctx.closePath();
            ctx.fill();
            this.overlayDrawn++;
          }
          run = [];
        };
        for (let i = 0; i < xs.length; i++) {
          const a = placeY(it.hi[i]), b = placeY(it.lo[i]);
          if (a == null || b == null) flush(); else run.push([xs[i], a, b]);
        }
        flush();
      } else if (it.y) {
        ctx.strokeStyle = it.stroke;
        ctx.lineWidth = (it.width || 1) * px;
        ctx.setLineDash((it.dash || []).map((d) => d * px));
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < xs.length; i++) {
          const y = placeY(it.y[i]);
          if (y == null) { pen = false; continue; }
          if (pen) ctx.lineTo(xs[i], y); else ctx.moveTo(xs[i], y);
          pen = true;
        }
        ctx.stroke();
        this.overlayDrawn++;
      }
    }
    ctx.restore();
  }

  /** Replace the series (e.g. when the number of layers changes). */
  setSeries(series) {
    this.opts.series = series;
    if (this.emptyEl) this.emptyEl.hidden = false;
    this.build();
  }

  setData(data) {
    if (this.emptyEl) this.emptyEl.hidden = data[0].length > 0 || this.overlay.length > 0;
    const placed = this.plotData(data);
    try {
      this.plot.setData(placed, true);
    } catch (e) {
      // never leave a dead chart behind: start a fresh plot with the same data
      console.warn(`chart "${this.opts.title}": redrawn after ${e && e.message}`);
      this.build();
      this.plot.setData(this.plotData(data), true);
    }
    if (this.plot.cursor.idx == null) this.plot.setLegend();
  }

  resize() {
    if (!this.plot) return;
    const legend = this.plot.root.querySelector('.u-legend');
    if (legend && this.legend !== legend) {
      // the legend may change height (values wider, rows wrapped): follow it
      // without reading layout on every update
      this.legend = legend;
      this.legendObserver?.disconnect();
      this.legendObserver = new ResizeObserver(() => this.resize());
      this.legendObserver.observe(legend);
    }
    const lh = legend ? legend.offsetHeight : 0;
    const w = Math.max(120, this.el.clientWidth);
    const h = Math.max(60, this.el.clientHeight - lh - 2);
    if (w !== this.plot.width || h !== this.plot.height) this.plot.setSize({ width: w, height: h });
  }

  /**
   * What the chart shows, for tests: points per series, how many of them uPlot
   * draws (non-null), the x axis' ticks, the note, and how many coloured (not
   * grey or white) pixels the plot area holds.
   */
  probe() {
    const u = this.plot;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    let coloured = 0;
    if (width > 0 && height > 0) {
      const px = ctx.getImageData(Math.round(left), Math.round(top), Math.round(width), Math.round(height)).data;
      for (let i = 0; i < px.length; i += 4) {
        const r = px[i], g = px[i + 1], b = px[i + 2];
        if (px[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      }
    }
    return {
      points: u.data[0].length,
      drawn: u.data.slice(1).map((c) => c.filter((v) => v != null).length),
      xTicks: (u.axes[0]._splits || []).slice(),
      yRange: this.yRange.slice(),
      note: this.noteEl.hidden ? '' : this.noteEl.textContent,
      coloured,
      // the overlay (e.g. a seed study's bands): items set, and shapes drawn at the last redraw
      cursor: { x: this.cursorX, drawn: this.cursorDrawn },
      overlay: { bands: this.overlay.filter((it) => it.lo && it.hi).length, lines: this.overlay.filter((it) => it.y).length, drawn: this.overlayDrawn || 0 },
    };
  }

  /** The plot's canvas (for PNG export). */
  get canvas() { return this.plot.ctx.canvas; }
}

/** Series for the gradient chart: one per layer, coloured by depth. */
export function layerSeries(nLayers, prefix = '') {
  return Array.from({ length: nLayers }, (_, i) => ({
    label: `${prefix}${i === nLayers - 1 ? 'out' : `L${i + 1}`}`,
    stroke: depthColor(i, nLayers),
    width: i === nLayers - 1 ? 2 : 1.25,
  }));
}
