// netdraw.js — a small SVG drawing of the network: one column of units per
// layer (at most MAX_SHOWN drawn; wider layers are labelled with their size:
// a run of equal layers too close together for one label each gets one label
// "32 × 128", and a label that would overlap another is left out),
// edges coloured by the sign of the weight and drawn thicker for larger |w|
// (or, view.links = 'grad', for a larger mean |∂L/∂W|, on a log scale).
// Dead units are crossed out, saturated ones ringed (view.marks), the unit
// open in the unit view is outlined (view.hover). Every drawn unit of a dense
// layer has a larger invisible hit circle (class unit-hit, data-layer: its
// dense layer, 0-based, data-unit) for panels/netview.js's hover and taps.
// The SVG is built once per shape and size; new weights only restyle it.
const NS = 'http://www.w3.org/2000/svg';
const MAX_SHOWN = 8;
const MAX_EDGES = 2500;

const LABEL_FONT = 9;
/** Decades of mean |∂L/∂W| below the largest that the 'grad' links' thickness spans. */
export const GRAD_DECADES = 4;
const labelWidth = (text) => text.length * LABEL_FONT * 0.6 + 4;

/**
 * The labels under the columns, none overlapping another: 'in', 'out' and
 * the size of every layer wider than MAX_SHOWN; a run of such layers of equal
 * size whose labels would touch gets one label "n × size" at its middle.
 */
export function sizeLabels(sizes, xs, width) {
  const nL = sizes.length;
  const text = (l) => (sizes[l] > MAX_SHOWN ? `${sizes[l]}` : l === 0 ? 'in' : l === nL - 1 ? 'out' : '');
  const gap = nL > 1 ? xs[1] - xs[0] : width;
  const cands = [];
  for (let l = 0; l < nL;) {
    const t = text(l);
    let k = l + 1;
    if (t && l > 0) while (k < nL - 1 && text(k) === t) k++;
    const n = k - l;
    if (t && n > 1 && labelWidth(t) + 2 > gap) cands.push({ x: (xs[l] + xs[k - 1]) / 2, text: `${n} × ${t}` });
    else for (let j = l; j < k; j++) if (text(j)) cands.push({ x: xs[j], text: text(j) });
    l = k;
  }
  // 'in' and 'out' first, then the others left to right, each only where it has room
  const order = [...cands.filter((c, i) => i === 0 || i === cands.length - 1), ...cands.slice(1, -1)];
  const placed = [];
  for (const c of order) {
    const half = labelWidth(c.text) / 2;
    const x = Math.max(half, Math.min(width - half, c.x));
    if (placed.every((p) => x + half <= p.x - p.half || x - half >= p.x + p.half)) placed.push({ x, half, text: c.text });
  }
  return placed.sort((a, b) => a.x - b.x).map(({ x, text: t }) => ({ x, text: t }));
}

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

export class NetworkDrawing {
  constructor(container) {
    this.container = container;
    this.key = '';
    this.edges = [];   // { line, layer, a, b }
    this.units = [];   // per dense layer, per drawn unit: { x, y, r, circle, mark }
    this.width = container.clientWidth;
    this.height = container.clientHeight;
    new ResizeObserver((entries) => {
      const r = entries[0].contentRect;
      this.width = r.width; this.height = r.height;
    }).observe(container);
  }

  /**
   * sizes = [inputs, ...hidden units, outputs], acts = activation names of the
   * dense layers, weights = getWeights() or null, layerColors = colour per
   * dense layer (as in the gradient chart).
   */
  /** view: { links: 'weight' | 'grad', gradAbs (per layer, as the kernels), marks (per dense
   *  layer, per unit: 'dead' | 'saturated' | null), hover: { layer, unit } | null }. */
  draw(sizes, acts, weights, layerColors, view = {}) {
    const w = Math.max(160, Math.round(this.width)), h = Math.max(40, Math.round(this.height));
    const key = `${w}x${h}|${sizes.join(',')}|${acts.join(',')}|${layerColors.join(',')}`;
    if (key !== this.key) { this.build(sizes, acts, w, h, layerColors); this.key = key; }
    this.style(sizes, weights, view);
    this.mark(view.marks, view.hover);
  }

  build(sizes, acts, w, h, layerColors) {
    const svg = el('svg', { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img' });
    const nL = sizes.length;
    const padX = 16, padY = 8, labelH = 10;
    const xs = sizes.map((_, i) => padX + (nL === 1 ? 0 : (i * (w - 2 * padX)) / (nL - 1)));
    const shown = sizes.map((s) => Math.min(s, MAX_SHOWN));
    const yOf = (l, j) => {
      const k = shown[l];
      const avail = h - 2 * padY - labelH;
      return padY + (k === 1 ? avail / 2 : (j * avail) / (k - 1));
    };
    const totalEdges = shown.slice(1).reduce((acc, s, i) => acc + s * shown[i], 0);
    const g = el('g', {}, svg);
    this.edges = [];
    if (totalEdges <= MAX_EDGES) {
      for (let l = 1; l < nL; l++) {
        for (let a = 0; a < shown[l - 1]; a++) {
          for (let b = 0; b < shown[l]; b++) {
            const line = el('line', { x1: xs[l - 1], y1: yOf(l - 1, a), x2: xs[l], y2: yOf(l, b), stroke: '#9ca3af', 'stroke-width': 0.6, 'stroke-opacity': 0.4 }, g);
            this.edges.push({ line, layer: l - 1, a, b });
          }
        }
      }
    }
    const colW = nL > 1 ? xs[1] - xs[0] : w;
    const r = (l) => Math.max(1.5, Math.min(6, (h - 2 * padY - labelH) / (2.6 * shown[l]), colW / 2.6));
    const hitR = (l) => Math.max(r(l), Math.min(14, colW / 2, shown[l] > 1 ? (yOf(l, 1) - yOf(l, 0)) / 2 : 14));
    this.units = [];
    const hits = [];
    for (let l = 0; l < nL; l++) {
      const fill = l === 0 ? '#374151' : layerColors[l - 1] || '#6b7280';
      const col = [];
      for (let j = 0; j < shown[l]; j++) {
        const circle = el('circle', { cx: xs[l], cy: yOf(l, j), r: r(l), fill, stroke: '#fff', 'stroke-width': 1 }, svg);
        if (l === 0) continue;
        col.push({ x: xs[l], y: yOf(l, j), r: r(l), circle, mark: null });
        hits.push({ cx: xs[l], cy: yOf(l, j), r: hitR(l), 'data-layer': l - 1, 'data-unit': j });
      }
      if (l > 0) this.units.push(col);
    }
    this.marks = el('g', { 'pointer-events': 'none' }, svg);
    for (const a of hits) el('circle', { ...a, class: 'unit-hit', fill: 'transparent' }, svg);
    for (const lab of sizeLabels(sizes, xs, w)) {
      const t = el('text', { x: lab.x, y: h - 1, 'text-anchor': 'middle', 'font-size': LABEL_FONT, fill: '#4b5563', class: 'size-label' }, svg);
      t.textContent = lab.text;
    }
    const title = el('title', {}, svg);
    title.textContent = `network: ${sizes.join(' → ')} (${acts.join(', ')})`;
    this.container.replaceChildren(svg);
  }

  style(sizes, weights, view = {}) {
    if (!weights) return;
    const grad = view.links === 'grad' && view.gradAbs ? view.gradAbs : null;
    // the thickness: |W| / max |W| (linear), or mean |∂L/∂W| on a log scale of GRAD_DECADES below its max
    const size = grad || weights.map((lw) => lw.kernel);
    let maxAbs = 1e-30;
    for (const k of size) for (const v of k) { const m = Math.abs(v); if (m > maxAbs) maxAbs = m; }
    this.maxAbs = maxAbs;
    const scale = grad ? (g) => Math.max(0, Math.min(1, 1 + Math.log10(Math.max(g, 1e-38) / maxAbs) / GRAD_DECADES))
      : (v) => Math.abs(v) / maxAbs;
    for (const e of this.edges) {
      const kern = weights[e.layer] && weights[e.layer].kernel;
      if (!kern) continue;
      const i = e.a * sizes[e.layer + 1] + e.b;
      const v = kern[i];
      const m = scale(size[e.layer][i]);
      e.line.setAttribute('stroke', v >= 0 ? '#2563eb' : '#e87722');
      e.line.setAttribute('stroke-width', (0.4 + 2.2 * m).toFixed(2));
      e.line.setAttribute('stroke-opacity', (0.15 + 0.7 * m).toFixed(2));
    }
  }

  /** Cross out dead units, ring saturated ones, outline the unit under view. */
  mark(marks, hover) {
    if (!this.marks) return;
    this.marks.replaceChildren();
    this.units.forEach((col, l) => col.forEach((u, j) => {
      const m = marks && marks[l] ? marks[l][j] : null;
      u.mark = m;
      if (m === 'dead') {
        const d = u.r + 2;
        el('path', { d: `M${u.x - d},${u.y - d}L${u.x + d},${u.y + d}M${u.x - d},${u.y + d}L${u.x + d},${u.y - d}`, stroke: '#111827', 'stroke-width': 2, class: 'mark-dead' }, this.marks);
      } else if (m === 'saturated') {
        el('circle', { cx: u.x, cy: u.y, r: u.r + 2, fill: 'none', stroke: '#dc2626', 'stroke-width': 2, class: 'mark-saturated' }, this.marks);
      }
      if (hover && hover.layer === l && hover.unit === j) {
        el('circle', { cx: u.x, cy: u.y, r: u.r + 4.5, fill: 'none', stroke: '#111827', 'stroke-width': 1.5, 'stroke-dasharray': '2 2', class: 'mark-hover' }, this.marks);
      }
    }));
  }
}
