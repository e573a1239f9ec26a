// surface.js — the data panel: the decision surface as a GRID×GRID canvas
// filled through ImageData and scaled by CSS, under a second canvas with the
// data points (train filled, test as rings). A diverging colour scale maps the
// predicted probability of class 1: orange (0) → white (0.5) → blue (1).
import { GRID, EXTENT } from './grid.js';

const C0 = [232, 119, 34];   // class 0
const C1 = [37, 99, 235];    // class 1
const MID = [247, 247, 247];
export const CLASS_COLORS = ['rgb(232,119,34)', 'rgb(37,99,235)'];

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

export class SurfaceView {
  constructor(container, { onClick } = {}) {
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
    this.fg.addEventListener('click', (ev) => {
      const r = this.fg.getBoundingClientRect();
      const x = -EXTENT + (2 * EXTENT * (ev.clientX - r.left)) / r.width;
      const y = EXTENT - (2 * EXTENT * (ev.clientY - r.top)) / r.height;
      if (this.onClick) this.onClick(x, y);
    });
    // Keyboard: the plot is focusable; arrow keys move a marker (Shift: finer),
    // Enter or space adds a point there.
    this.marker = { x: 0, y: 0 };
    container.tabIndex = 0;
    container.setAttribute('role', 'button');
    container.setAttribute('aria-label', `${container.getAttribute('aria-label') || 'Decision surface'}: arrow keys move the marker, Enter adds a point there (or click)`);
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
      } else return;
      ev.preventDefault();
    });
    container.addEventListener('focus', () => this.drawPoints());
    container.addEventListener('blur', () => this.drawPoints());
    this.ro = new ResizeObserver(() => this.drawPoints());
    this.ro.observe(container);
  }

  /** p: Float32Array(GRID*GRID) of probabilities, row 0 at the top. */
  setSurface(p) {
    this.surface = p;
    const px = new Uint32Array(this.image.data.buffer);
    for (let i = 0; i < GRID * GRID; i++) {
      const v = p[i];
      px[i] = v >= 0 && v <= 1 ? LUT[Math.round(v * LUT_N)] : v > 1 ? LUT[LUT_N] : v < 0 ? LUT[0] : NAN_COLOR;
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** data: { Xtr, ytr, Xte, yte } */
  setPoints(data) {
    this.points = data;
    this.drawPoints();
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
    const px = (x) => ((x + EXTENT) / (2 * EXTENT)) * w;
    const py = (y) => ((EXTENT - y) / (2 * EXTENT)) * h;
    const rad = Math.max(2, Math.min(3.2, w / 110));
    const draw = (X, Y, test) => {
      for (let i = 0; i < Y.length; i++) {
        ctx.beginPath();
        ctx.arc(px(X[2 * i]), py(X[2 * i + 1]), rad, 0, 2 * Math.PI);
        const col = CLASS_COLORS[Y[i] > 0.5 ? 1 : 0];
        if (test) {
          ctx.fillStyle = '#fff'; ctx.fill();
          ctx.lineWidth = 1.4; ctx.strokeStyle = col; ctx.stroke();
        } else {
          ctx.fillStyle = col; ctx.fill();
          ctx.lineWidth = 0.8; ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.stroke();
        }
      }
    };
    draw(this.points.Xte, this.points.yte, true);
    draw(this.points.Xtr, this.points.ytr, false);
    if (document.activeElement === this.container) {
      const mx = px(this.marker.x), my = py(this.marker.y);
      ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(mx - 8, my); ctx.lineTo(mx - 3, my); ctx.moveTo(mx + 3, my); ctx.lineTo(mx + 8, my);
      ctx.moveTo(mx, my - 8); ctx.lineTo(mx, my - 3); ctx.moveTo(mx, my + 3); ctx.lineTo(mx, my + 8);
      ctx.stroke();
    }
  }

  /** A PNG-able canvas with surface and points together. */
  composite() {
    const c = document.createElement('canvas');
    c.width = this.fg.width; c.height = this.fg.height;
    const ctx = c.getContext('2d');
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.bg, 0, 0, c.width, c.height);
    ctx.drawImage(this.fg, 0, 0);
    return c;
  }
}
