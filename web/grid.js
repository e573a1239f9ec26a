// grid.js — geometry shared by the worker and the page: the decision surface
// is GRID×GRID cells covering [-EXTENT, EXTENT]² (row 0 at the top).
export const GRID = 100;
export const EXTENT = 1.25;

/** The centres of an n×n grid of cells over the plane, sample-major [n²][2], row 0 at the top. */
export function gridPoints(n) {
  const g = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      g[2 * i] = -EXTENT + (2 * EXTENT * (c + 0.5)) / n;
      g[2 * i + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / n;
    }
  }
  return g;
}
