// surface.js — the data panel: the decision surface as a GRID×GRID canvas
// filled through ImageData and scaled by CSS, under a second canvas with the
// data points (train filled, test as rings, points added by a click as
// diamonds). The page draws the axes and the colour bar around it
// (panels/views.js); figure() draws all of it on one canvas for the PNG export. A diverging colour scale maps the
// predicted probability of class 1: orange (0) → white (0.5) → blue (1). With
// more than 2 classes each cell takes the colour of its likeliest class, the
// deeper the surer (classColor). A regression set: the predicted value on the
// same diverging scale over [-1, 1] (orange -1, white 0, blue 1), the points
// in the colour of their value; with one input (the sine) no background: the
// data as points (x₁, y) and the network's prediction as a curve over them.
import { MAX_CLASSES } from '../dist/gradlab.js';
import { GRID, EXTENT } from './grid.js';

/** The axes' ticks, in data coordinates. */
export const TICKS = [-1, -0.5, 0, 0.5, 1];
/** Where tick value v lies along an axis, 0..1 (x: left to right; y: pass 1 - this). */
export const tickPos = (v) => (v + EXTENT) / (2 * EXTENT);

const MID = [247, 247, 247];
/** One colour per class (state.js MAX_PAGE_CLASSES of them): class 0 orange, class 1 blue, … */
export const CLASS_RGB = [[232, 119, 34], [37, 99, 235], [22, 163, 74], [147, 51, 234],
  [219, 39, 119], [133, 77, 14], [8, 145, 178], [71, 85, 105]];
// a table's classes beyond 8 (digits: 10; the library's maxClasses at most): hues a golden angle apart
for (let c = CLASS_RGB.length; c < MAX_CLASSES; c++) {
  const h = (c * 137.508) % 360, f = (n) => { const k = (n + h / 30) % 12; return 0.45 - 0.35 * Math.max(-1, Math.min(k - 3, 9 - k, 1)); };
  CLASS_RGB.push([f(0), f(8), f(4)].map((v) => Math.round(255 * v)));
}
export const CLASS_COLORS = CLASS_RGB.map((c) => `rgb(${c.join(',')})`);
const [C0, C1] = CLASS_RGB;
/** Class colour of a label (0 … 7). */
/** The 1-D view's colours: training points, test rings, the prediction's curve. */
export const CURVE_TRAIN = 'rgb(37,99,235)';
export const CURVE_TEST = 'rgb(147,197,253)';
export const CURVE_LINE = '#dc2626';
/** Colour of a point of value v (a regression set) on the diverging scale over [-1, 1], full strength. */
export function valueColor(v) {
  const t = Math.max(0, Math.min(1, (v + 1) / 2));
  const [a, f] = t < 0.5 ? [C0, 1 - 2 * t] : [C1, 2 * t - 1];
  return `rgb(${[0, 1, 2].map((k) => Math.round(MID[k] + (a[k] - MID[k]) * f)).join(',')})`;
}
export const labelColor = (y) => CLASS_COLORS[Math.max(0, Math.min(CLASS_COLORS.length - 1, Math.round(y)))];

/**
 * RGB of the background where class `c` is the likeliest with confidence
 * `conf` in [0, 1] (0: its probability is 1/classes, a tie; 1: certain).
 */
export function classColor(c, conf) {
  const w = 0.1 + 0.62 * Math.max(0, Math.min(1, conf));
  return [0, 1, 2].map((k) => Math.round(MID[k] + (CLASS_RGB[c][k] - MID[k]) * w));
}
const CONF_N = 64;
const CLASS_LUT = CLASS_RGB.map((_, c) => Uint32Array.from({ length: CONF_N + 1 }, (_, i) => {
  const [r, g, b] = classColor(c, i / CONF_N);
  return (255 << 24 | b << 16 | g << 8 | r) >>> 0;
}));

/** RGB of probability p on the diverging scale, lightened for the background. */
export function divergingColor(p) {
  if (!Number.isFinite(p)) return [200, 200, 200];
  const t = Math.max(0, Math.min(1, p));
  const [a, f] = t < 0.5 ? [C0, 1 - 2 * t] : [C1, 2 * t - 1];
  const w = f * 0.62; // keep the surface light so the points stay readable
  return [0, 1, 2].map((k) => Math.round(MID[k] + (a[k] - MID[k]) * w));
}

// 1024-entry lookup table of packed RGBA (little-endian Uint32) over p in [0, 1].
const LUT_N = 1024;
const LUT = new Uint32Array(LUT_N + 1);
for (let i = 0; i <= LUT_N; i++) {
  const [r, g, b] = divergingColor(i / LUT_N);
  LUT[i] = (255 << 24 | b << 16 | g << 8 | r) >>> 0;
}
const NAN_COLOR = (255 << 24 | 200 << 16 | 200 << 8 | 200) >>> 0;

/** The key's first line, per view: 2 classes, more classes, a value, a curve (k: the classes, 0 or 2 for a curve; names: a table's class names; tab: a table). */
export const KEY_TEXT = {
  class: () => 'background: predicted P(class 1)',
  classes: (k) => `background: the likeliest of the ${k} classes in its colour, deeper = surer (its probability, 1/${k} to 1)`,
  value: () => 'background: the predicted value; points: their value (on the same scale, values beyond ±1 at its ends)',
  curve: (k, names, tab) => (k === 2
    ? `points: the rows, ${names ? names[0] : 'class 0'} at 0 and ${names ? names[1] : 'class 1'} at 1, filled = train, rings = test; red line: the network\u2019s P(${names ? names[1] : 'class 1'}) at each x`
    : `points: ${tab ? 'the rows' : 'the data (x₁, y)'}, filled = train, rings = test; red line: the network\u2019s prediction`),
};

export class SurfaceView {
  constructor(container, { onClick, onRemove } = {}) {
    this.container = container;
    this.bg = document.createElement('canvas');
    this.bg.width = GRID; this.bg.height = GRID;
    this.bg.className = 'surface-bg';
    this.fg = document.createElement('canvas');
    this.fg.className = 'surface-fg';
    container.append(this.bg, this.fg);
    this.ctx = this.bg.getContext('2d');
    this.image = this.ctx.createImageData(GRID, GRID);
    this.points = null;
    this.surface = null;
    this.onClick = onClick;
    this.onRemove = onRemove;
    this.nAdded = 0;
    const at = (ev) => {
      const r = this.fg.getBoundingClientRect();
      return [-EXTENT + (2 * EXTENT * (ev.clientX - r.left)) / r.width, EXTENT - (2 * EXTENT * (ev.clientY - r.top)) / r.height,
        (2 * EXTENT) / r.width];
    };
    // click adds a point; shift-click or right-click removes the nearest added one
    this.fg.addEventListener('click', (ev) => {
      const [x, y, perPx] = at(ev);
      if (ev.shiftKey) { if (this.onRemove) this.onRemove(x, y, 14 * perPx); } else if (this.onClick) this.onClick(x, y);
    });
    this.fg.addEventListener('contextmenu', (ev) => {
      ev.preventDefault();
      const [x, y, perPx] = at(ev);
      if (this.onRemove) this.onRemove(x, y, 14 * perPx);
    });
    // Keyboard: the plot is focusable; arrow keys move a marker (Shift: finer),
    // Enter or space adds a point there.
    this.marker = { x: 0, y: 0 };
    container.tabIndex = 0;
    container.setAttribute('role', 'button');
    container.setAttribute('aria-label', `${container.getAttribute('aria-label') || 'Decision surface'}: arrow keys move the marker, Enter adds a point there (or click), Delete removes the nearest added point (or shift-click)`);
    container.addEventListener('keydown', (ev) => {
      const step = ev.shiftKey ? 0.02 : 0.1;
      const m = this.marker;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[ev.key]) {
        m.x = Math.max(-EXTENT, Math.min(EXTENT, m.x + moves[ev.key][0]));
        m.y = Math.max(-EXTENT, Math.min(EXTENT, m.y + moves[ev.key][1]));
        this.drawPoints();
      } else if (ev.key === 'Enter' || ev.key === ' ') {
        if (this.onClick) this.onClick(m.x, m.y);
      } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
        if (this.onRemove) this.onRemove(m.x, m.y, 0.15);
      } else return;
      ev.preventDefault();
    });
    container.addEventListener('focus', () => this.drawPoints());
    container.addEventListener('blur', () => this.drawPoints());
    this.ro = new ResizeObserver(() => this.drawPoints());
    this.ro.observe(container);
  }

  /**
   * p: Float32Array(GRID*GRID) of P(class 1), row 0 at the top; or, with
   * `classes` > 2, GRID*GRID*classes probabilities (cell-major). A regression
   * set (mode 'value', setPoints): GRID*GRID predicted values, painted as
   * P = (value + 1) / 2; mode 'curve': GRID values, the prediction at each
   * column's x (drawn over the points, no background).
   */
  setSurface(p, classes = 2) {
    this.surface = p;
    this.classes = classes;
    const px = new Uint32Array(this.image.data.buffer);
    if (this.mode === 'curve') {
      px.fill(0xffffffff);
      this.ctx.putImageData(this.image, 0, 0);
      this.drawPoints();
      return;
    }
    if (this.mode === 'value') p = p.map((v) => (v + 1) / 2);
    if (classes > 2) {
      for (let i = 0; i < GRID * GRID; i++) {
        let c = 0, best = p[i * classes];
        for (let k = 1; k < classes; k++) if (p[i * classes + k] > best) { best = p[i * classes + k]; c = k; }
        const conf = (best - 1 / classes) / (1 - 1 / classes);
        px[i] = Number.isFinite(conf) ? CLASS_LUT[c][Math.round(Math.max(0, Math.min(1, conf)) * CONF_N)] : NAN_COLOR;
      }
      this.ctx.putImageData(this.image, 0, 0);
      return;
    }
    for (let i = 0; i < GRID * GRID; i++) {
      const v = p[i];
      px[i] = v >= 0 && v <= 1 ? LUT[Math.round(v * LUT_N)] : v > 1 ? LUT[LUT_N] : v < 0 ? LUT[0] : NAN_COLOR;
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  /**
   * data: { Xtr, ytr, Xte, yte, classes, inputs, yRange? }; the last nAdded training
   * points were added by a click. classes 0 (a regression set): mode 'value',
   * or 'curve' with one input; else 'class'.
   */
  setPoints(data, nAdded = 0) {
    const mode = data.inputs === 1 ? 'curve' : data.classes === 0 ? 'value' : 'class';
    if (mode !== this.mode) this.surface = null;
    this.mode = mode;
    this.classes = data.classes > 0 ? data.classes : this.classes;
    // one input: the y range drawn (a table's, in the networks' units; else the plot's own, -EXTENT … EXTENT)
    this.yRange = data.yRange || null;
    this.points = data;
    this.nAdded = nAdded;
    this.drawPoints();
  }

  /** The data points on ctx, in a w×h plot. */
  paintPoints(ctx, w, h) {
    if (!this.points) return;
    const px = (x) => ((x + EXTENT) / (2 * EXTENT)) * w;
    const py = (y) => ((EXTENT - y) / (2 * EXTENT)) * h;
    const rad = Math.max(2, Math.min(3.6, w / 110));
    const { Xtr, ytr, Xte, yte } = this.points;
    if (this.mode === 'curve') { this.paintCurve(ctx, w, h, px, py, rad); return; }
    const nOwn = ytr.length - this.nAdded;
    const draw = (X, Y, from, to, kind) => {
      for (let i = from; i < to; i++) {
        const cx = px(X[2 * i]), cy = py(X[2 * i + 1]);
        ctx.beginPath();
        if (kind === 'added') {
          const r = rad * 1.9;
          ctx.moveTo(cx, cy - r); ctx.lineTo(cx + r, cy); ctx.lineTo(cx, cy + r); ctx.lineTo(cx - r, cy); ctx.closePath();
        } else ctx.arc(cx, cy, rad, 0, 2 * Math.PI);
        const col = this.mode === 'value' ? valueColor(Y[i]) : labelColor(Y[i]);
        if (this.mode === 'value') {
          ctx.fillStyle = kind === 'test' ? '#fff' : col; ctx.fill();
          ctx.lineWidth = kind === 'test' ? 2 : kind === 'added' ? 1.5 : 0.8;
          ctx.strokeStyle = kind === 'test' ? col : kind === 'added' ? '#111827' : '#374151'; ctx.stroke();
        } else if (kind === 'test') {
          ctx.fillStyle = '#fff'; ctx.fill();
          ctx.lineWidth = 1.4; ctx.strokeStyle = col; ctx.stroke();
        } else if (kind === 'added') {
          ctx.fillStyle = col; ctx.fill();
          ctx.lineWidth = 1.5; ctx.strokeStyle = '#111827'; ctx.stroke();
        } else {
          ctx.fillStyle = col; ctx.fill();
          ctx.lineWidth = 0.8; ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.stroke();
        }
      }
    };
    draw(Xte, yte, 0, yte.length, 'test');
    draw(Xtr, ytr, 0, nOwn, 'train');
    draw(Xtr, ytr, nOwn, ytr.length, 'added');
  }

  /**
   * One input: the data as points (x₁, y), train filled, test as rings, added ones as diamonds, and the prediction's curve;
   * a table's y over its yRange; 2 classes: the rows at y = 0 and 1 in their class's colour, the curve P(class 1).
   */
  paintCurve(ctx, w, h, px, py0, rad) {
    const { Xtr, ytr, Xte, yte, classes } = this.points;
    const yr = this.yRange, py = yr ? (v) => py0(-EXTENT + (2 * EXTENT * (v - yr[0])) / (yr[1] - yr[0])) : py0;
    const nOwn = ytr.length - this.nAdded;
    const dots = (X, Y, test, from = 0, to = Y.length) => {
      for (let i = from; i < to; i++) {
        const col = classes ? labelColor(Y[i]) : test ? CURVE_TEST : CURVE_TRAIN;
        ctx.beginPath(); ctx.arc(px(X[i]), py(Y[i]), rad, 0, 2 * Math.PI);
        if (test) { ctx.fillStyle = '#fff'; ctx.fill(); ctx.lineWidth = 1.3; ctx.strokeStyle = col; ctx.stroke(); } else { ctx.fillStyle = col; ctx.fill(); }
      }
    };
    dots(Xte, yte, true);
    dots(Xtr, ytr, false, 0, nOwn);
    for (let i = nOwn; i < ytr.length; i++) {
      const cx = px(Xtr[i]), cy = py(ytr[i]), r = rad * 1.9;
      ctx.beginPath(); ctx.moveTo(cx, cy - r); ctx.lineTo(cx + r, cy); ctx.lineTo(cx, cy + r); ctx.lineTo(cx - r, cy); ctx.closePath();
      ctx.fillStyle = CURVE_TRAIN; ctx.fill(); ctx.lineWidth = 1.5; ctx.strokeStyle = '#111827'; ctx.stroke();
    }
    const c = this.surface;
    if (!c || c.length !== GRID) return;
    ctx.beginPath();
    let on = false;
    for (let k = 0; k < GRID; k++) {
      const x = ((k + 0.5) / GRID) * w, v = c[k];
      if (!Number.isFinite(v)) { on = false; continue; }
      const y = Math.max(-2 * h, Math.min(3 * h, py(v)));
      if (on) ctx.lineTo(x, y); else { ctx.moveTo(x, y); on = true; }
    }
    ctx.lineWidth = 2.5; ctx.strokeStyle = CURVE_LINE; ctx.stroke();
  }

  drawPoints() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.container.clientWidth, h = this.container.clientHeight;
    if (w === 0 || h === 0) return;
    if (this.fg.width !== Math.round(w * dpr) || this.fg.height !== Math.round(h * dpr)) {
      this.fg.width = Math.round(w * dpr); this.fg.height = Math.round(h * dpr);
    }
    const ctx = this.fg.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!this.points) return;
    this.paintPoints(ctx, w, h);
    if (document.activeElement === this.container) {
      const px = (x) => ((x + EXTENT) / (2 * EXTENT)) * w;
      const py = (y) => ((EXTENT - y) / (2 * EXTENT)) * h;
      const mx = px(this.marker.x), my = py(this.marker.y);
      ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(mx - 8, my); ctx.lineTo(mx - 3, my); ctx.moveTo(mx + 3, my); ctx.lineTo(mx + 8, my);
      ctx.moveTo(mx, my - 8); ctx.lineTo(mx, my - 3); ctx.moveTo(mx, my + 3); ctx.lineTo(mx, my + 8);
      ctx.stroke();
    }
  }

  /**
   * The whole figure on one canvas (for the PNG export): the surface with its
   * points (size × size CSS px), the axes with their ticks and the key: colour
   * bar and point shapes. `scale`: device pixels per CSS px; `axes`: the ticks
   * and names the page shows ({ x, y }: { ticks: [[pos 0..1, text]], name }; a
   * table's in its file's units), else the plain ones.
   */
  figure(size = 420, scale = 2, axes = null) {
    const left = 56, top = 8, right = 16, below = 34, keyH = 64;
    const W = left + size + right, H = top + size + below + keyH;
    const c = document.createElement('canvas');
    c.width = W * scale; c.height = H * scale;
    const ctx = c.getContext('2d');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.bg, left, top, size, size);
    ctx.save(); ctx.translate(left, top);
    ctx.beginPath(); ctx.rect(0, 0, size, size); ctx.clip();
    this.paintPoints(ctx, size, size);
    ctx.restore();
    ctx.strokeStyle = '#6b7280'; ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, size - 1, size - 1);
    ctx.fillStyle = '#374151'; ctx.font = '12px system-ui, sans-serif';
    const plain = { ticks: TICKS.map((v) => [tickPos(v), String(v)]) };
    const ax = { x: axes?.x ?? { ...plain, name: 'x₁' }, y: axes?.y ?? { ...plain, name: this.mode === 'curve' ? 'y' : 'x₂' } };
    for (const [p, text] of ax.x.ticks) {
      const x = left + p * size;
      ctx.beginPath(); ctx.moveTo(x, top + size); ctx.lineTo(x, top + size + 5); ctx.stroke();
      ctx.textAlign = 'center'; ctx.textBaseline = 'top'; ctx.fillText(text, x, top + size + 7);
    }
    for (const [p, text] of ax.y.ticks) {
      const y = top + (1 - p) * size;
      ctx.beginPath(); ctx.moveTo(left - 5, y); ctx.lineTo(left, y); ctx.stroke();
      ctx.textAlign = 'right'; ctx.textBaseline = 'middle'; ctx.fillText(text, left - 7, y);
    }
    ctx.font = 'italic 600 13px system-ui, sans-serif'; ctx.fillStyle = '#111827';
    ctx.textAlign = 'right'; ctx.textBaseline = 'top'; ctx.fillText(ax.x.name, left + size, top + size + 20);
    // the y axis's name up the left edge (a table's column names are long)
    ctx.save(); ctx.translate(10, top + size / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle'; ctx.fillText(ax.y.name, 0, 0); ctx.restore();
    // key: colour bar of P(class 1) (more classes: of the likeliest class's
    // confidence, in class 0's colour), then the point shapes
    const ky = top + size + below, k = this.classes || 2;
    ctx.font = '12px system-ui, sans-serif'; ctx.fillStyle = '#374151'; ctx.textBaseline = 'top'; ctx.textAlign = 'left';
    const keyText = KEY_TEXT[this.mode === 'class' || !this.mode ? (k > 2 ? 'classes' : 'class') : this.mode](
      this.mode === 'curve' ? this.points?.classes ?? 0 : k, this.points?.table?.classNames ?? null, !!this.points?.table);
    if (this.mode === 'curve') {
      // no colour bar: the text, wrapped to the plot's width
      let line = '', ly = ky;
      for (const word of keyText.split(' ')) {
        if (line && ctx.measureText(`${line} ${word}`).width > size) { ctx.fillText(line, left, ly); ly += 16; line = word; } else line = line ? `${line} ${word}` : word;
      }
      ctx.fillText(line, left, ly);
      return c;
    }
    ctx.fillText(keyText, left, ky);
    const barX = left + 8, barW = size - 16, barY = ky + 16;
    for (let i = 0; i < barW; i++) {
      const [r, g, b] = k > 2 ? classColor(0, i / (barW - 1)) : divergingColor(i / (barW - 1));
      ctx.fillStyle = `rgb(${r},${g},${b})`; ctx.fillRect(barX + i, barY, 1.2, 10);
    }
    ctx.strokeRect(barX, barY, barW, 10);
    ctx.fillStyle = '#374151'; ctx.textAlign = 'center';
    const ends = this.mode === 'value' ? [[0, '-1'], [0.5, '0'], [1, '1']] : k > 2 ? [[0, `1/${k}`], [1, '1']] : [[0, '0'], [0.5, '0.5'], [1, '1']];
    for (const [t, lab] of ends) ctx.fillText(lab, barX + t * barW, barY + 12);
    let x = left; const y = ky + 52;
    ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    const item = (draw, text) => { draw(x + 5, y); ctx.fillStyle = '#374151'; ctx.fillText(text, x + 13, y); x += 18 + ctx.measureText(text).width + 8; };
    const circle = (fill, stroke) => (cx, cy) => { ctx.beginPath(); ctx.arc(cx, cy, 4, 0, 2 * Math.PI); ctx.fillStyle = fill; ctx.fill(); if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = 1.5; ctx.stroke(); } };
    item(circle('#4b5563'), 'train');
    item(circle('#fff', '#4b5563'), 'test');
    item((cx, cy) => { ctx.beginPath(); ctx.moveTo(cx, cy - 6); ctx.lineTo(cx + 6, cy); ctx.lineTo(cx, cy + 6); ctx.lineTo(cx - 6, cy); ctx.closePath(); ctx.fillStyle = '#4b5563'; ctx.fill(); ctx.strokeStyle = '#111827'; ctx.stroke(); }, 'added');
    for (let c = 0; c < k && this.mode !== 'value'; c++) {
      if (x > W - 60) break;
      item(circle(CLASS_COLORS[c]), k > 2 ? String(c) : `class ${c}`);
    }
    return c;
  }
}
