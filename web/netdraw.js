// netdraw.js — a small SVG drawing of the network: one column of units per
// layer (at most MAX_SHOWN drawn, the rest summarised as "+k"), edges coloured
// by the sign of the weight and drawn thicker for larger |w|.
const NS = 'http://www.w3.org/2000/svg';
const MAX_SHOWN = 8;
const MAX_EDGES = 2500;

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

/**
 * Draw into `container`: sizes = [inputs, ...hidden units, outputs],
 * acts = activation names of the dense layers, weights = getWeights() or null,
 * layerColors = colour per dense layer (same as the gradient chart).
 */
export function drawNetwork(container, sizes, acts, weights, layerColors) {
  const w = Math.max(160, container.clientWidth), h = Math.max(60, container.clientHeight);
  const svg = el('svg', { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img' });
  const nL = sizes.length;
  const padX = 16, padY = 12, labelH = 12;
  const xs = sizes.map((_, i) => padX + (nL === 1 ? 0 : (i * (w - 2 * padX)) / (nL - 1)));
  const shown = sizes.map((s) => Math.min(s, MAX_SHOWN));
  const yOf = (l, j) => {
    const k = shown[l];
    const avail = h - 2 * padY - labelH;
    return padY + (k === 1 ? avail / 2 : (j * avail) / (k - 1));
  };
  let maxAbs = 1e-12;
  if (weights) for (const lw of weights) for (const v of lw.kernel) maxAbs = Math.max(maxAbs, Math.abs(v));
  const totalEdges = shown.slice(1).reduce((acc, s, i) => acc + s * shown[i], 0);
  const g = el('g', {}, svg);
  if (totalEdges <= MAX_EDGES) {
    for (let l = 1; l < nL; l++) {
      const kern = weights && weights[l - 1] ? weights[l - 1].kernel : null;
      for (let a = 0; a < shown[l - 1]; a++) {
        for (let b = 0; b < shown[l]; b++) {
          const v = kern ? kern[a * sizes[l] + b] : 0;
          const m = kern ? Math.abs(v) / maxAbs : 0.3;
          el('line', {
            x1: xs[l - 1], y1: yOf(l - 1, a), x2: xs[l], y2: yOf(l, b),
            stroke: !kern ? '#9ca3af' : v >= 0 ? '#2563eb' : '#e87722',
            'stroke-width': (0.4 + 2.2 * m).toFixed(2), 'stroke-opacity': (0.15 + 0.7 * m).toFixed(2),
          }, g);
        }
      }
    }
  }
  for (let l = 0; l < nL; l++) {
    const fill = l === 0 ? '#374151' : layerColors[l - 1] || '#6b7280';
    const r = Math.max(2.5, Math.min(6, (h - 2 * padY - labelH) / (2.6 * shown[l])));
    for (let j = 0; j < shown[l]; j++) el('circle', { cx: xs[l], cy: yOf(l, j), r, fill, stroke: '#fff', 'stroke-width': 1 }, svg);
    const label = sizes[l] > MAX_SHOWN ? `${sizes[l]}` : l === 0 ? 'in' : l === nL - 1 ? 'out' : '';
    if (label) {
      const t = el('text', { x: xs[l], y: h - 2, 'text-anchor': 'middle', 'font-size': 9, fill: '#4b5563' }, svg);
      t.textContent = label;
    }
  }
  const title = el('title', {}, svg);
  title.textContent = `network: ${sizes.join(' → ')} (${acts.join(', ')})`;
  container.replaceChildren(svg);
}
