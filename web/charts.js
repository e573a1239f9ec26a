// charts.js — line charts on uPlot: the gradient size per layer (log y), loss,
// accuracy and the activation view. Each chart fills its container element
// and follows its size.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

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

const fmtSci = (v) => (v == null || !Number.isFinite(v) ? '–' : v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));
const fmtFix = (v) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(3));
function lastValue(arr) {
  if (!arr) return null;
  for (let i = arr.length - 1; i >= 0; i--) if (arr[i] != null) return arr[i];
  return null;
}
// Legend values: at the cursor while hovering, else the latest value.
const legendValue = (fmt) => (u, v, si, di) => fmt(di == null ? lastValue(u.data[si]) : v);

/**
 * A line chart in `el`. opts: { title, xLabel, series: [{ label, stroke, dash, width }],
 * log (log-scale y), yRange: [min, max] fixed, format: 'sci' | 'fixed', points: bool }.
 */
export class LineChart {
  constructor(el, opts) {
    this.el = el;
    this.opts = opts;
    this.data = [[], ...opts.series.map(() => [])];
    this.plot = null;
    if (opts.empty) {
      this.emptyEl = document.createElement('div');
      this.emptyEl.className = 'chart-empty';
      this.emptyEl.textContent = opts.empty;
      el.append(this.emptyEl);
    }
    this.build();
    this.ro = new ResizeObserver(() => this.resize());
    this.ro.observe(el);
  }

  build() {
    if (this.plot) this.plot.destroy();
    this.legend = null;
    const o = this.opts;
    const fmt = o.format === 'fixed' ? fmtFix : fmtSci;
    const scales = { x: { time: false } };
    // log scale; `fixedRange` (set by the page) lets two charts share one y range
    if (o.log) scales.y = { distr: 3, log: 10, range: (u, min, max) => this.fixedRange || uPlot.rangeLog(min, max, 10, true) };
    else if (o.yRange) scales.y = { range: (u, min) => [Math.min(o.yRange[0], Number.isFinite(min) ? Math.floor(min * 20) / 20 : o.yRange[0]), o.yRange[1]] };
    else scales.y = { range: (u, min, max) => (min === max || !Number.isFinite(min) ? [0, 1] : uPlot.rangeNum(min, max, 0.1, true)) };
    const axisStyle = { stroke: '#4b5563', grid: { stroke: '#e5e7eb', width: 1 }, ticks: { stroke: '#d1d5db', width: 1 }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif' };
    const yAxis = { ...axisStyle, size: 52 };
    if (o.log) yAxis.values = (u, splits) => splits.map((v) => (v == null ? '' : Number.isInteger(Math.log10(v)) ? `1e${Math.round(Math.log10(v))}` : ''));
    this.plot = new uPlot({
      width: Math.max(120, this.el.clientWidth),
      height: 100,
      title: undefined,
      scales,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      axes: [{ ...axisStyle, size: 28, label: undefined }, yAxis],
      series: [
        { label: o.xLabel || 'epoch', value: legendValue((v) => (v == null ? '–' : String(Math.round(v * 100) / 100))) },
        ...o.series.map((s) => ({
          label: s.label, stroke: s.stroke, width: s.width || 1.6, dash: s.dash,
          points: { show: !!o.points }, value: legendValue(fmt), spanGaps: false,
        })),
      ],
    }, this.data, this.el);
    this.plot.root.setAttribute('aria-label', o.title || 'chart');
    this.resize();
  }

  /** Replace the series (e.g. when the number of layers changes). */
  setSeries(series) {
    this.opts.series = series;
    this.data = [[], ...series.map(() => [])];
    if (this.emptyEl) this.emptyEl.hidden = false;
    this.build();
  }

  setData(data) {
    this.data = data;
    if (this.emptyEl) this.emptyEl.hidden = data[0].length > 0;
    this.plot.setData(data, true);
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
