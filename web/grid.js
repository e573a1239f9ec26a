// grid.js — geometry shared by the worker and the page: the decision surface
// is GRID×GRID cells covering [-EXTENT, EXTENT]² (row 0 at the top). While a
// big net trains, the worker may compute it on a coarser res×res grid of the
// same square (one of SURFACE_RES); the page resamples that to GRID×GRID.
export const GRID = 100;
export const EXTENT = 1.25;
/** The resolutions the worker may compute the surface at, finest first (each divides GRID). */
export const SURFACE_RES = Object.freeze([GRID, GRID / 2, GRID / 4, GRID / 5, GRID / 10]);

/** The centres of a res×res grid's cells, sample-major [res*res][2], row 0 at the top. */
export function gridPoints(res) {
  const g = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const i = r * res + c;
      g[2 * i] = -EXTENT + (2 * EXTENT * (c + 0.5)) / res;
      g[2 * i + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / res;
    }
  }
  return g;
}

/**
 * A res×res surface resampled to GRID×GRID (bilinear between the coarse cells'
 * centres, clamped at the edges); a GRID×GRID one is returned as it is. With k
 * values per cell (k classes' probabilities, cell-major: p.length = res²·k),
 * each is resampled and the result is GRID²·k, cell-major too.
 */
export function toGrid(p, res) {
  if (res === GRID) return p;
  const k = Math.max(1, Math.round(p.length / (res * res)));
  const out = new Float32Array(GRID * GRID * k);
  const at = (i) => Math.max(0, Math.min(res - 1, ((i + 0.5) * res) / GRID - 0.5));
  for (let r = 0; r < GRID; r++) {
    const y = at(r), r0 = Math.floor(y), r1 = Math.min(res - 1, r0 + 1), fy = y - r0;
    for (let c = 0; c < GRID; c++) {
      const x = at(c), c0 = Math.floor(x), c1 = Math.min(res - 1, c0 + 1), fx = x - c0;
      for (let j = 0; j < k; j++) {
        const top = p[(r0 * res + c0) * k + j] * (1 - fx) + p[(r0 * res + c1) * k + j] * fx;
        const bot = p[(r1 * res + c0) * k + j] * (1 - fx) + p[(r1 * res + c1) * k + j] * fx;
        out[(r * GRID + c) * k + j] = top * (1 - fy) + bot * fy;
      }
    }
  }
  return out;
}
