// web/grid.js: the surface's grids and the resampling of a coarse surface to
// GRID×GRID (the page shows a big net's surface coarse while it trains).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRID, EXTENT, SURFACE_RES, gridPoints, toGrid } from '../../web/grid.js';

test('every resolution divides GRID, finest first; the grid points are the cells\' centres, row 0 at the top', () => {
  assert.equal(SURFACE_RES[0], GRID);
  for (const res of SURFACE_RES) assert.equal(GRID % res, 0, `${res}`);
  assert.deepEqual([...SURFACE_RES], [...SURFACE_RES].sort((a, b) => b - a));
  const g = gridPoints(4);
  const step = (2 * EXTENT) / 4;
  assert.equal(g.length, 32);
  assert.equal(g[0], Math.fround(-EXTENT + step / 2)); // top left: x
  assert.equal(g[1], Math.fround(EXTENT - step / 2));  // top left: y
  assert.equal(g[2 * 3], Math.fround(EXTENT - step / 2)); // top right: x
  assert.equal(g[2 * 15 + 1], Math.fround(-EXTENT + step / 2)); // bottom right: y
});

test('toGrid: GRID passes through; a coarse surface keeps constants, values and linear slopes', () => {
  const full = new Float32Array(GRID * GRID).fill(0.3);
  assert.equal(toGrid(full, GRID), full);
  for (const res of SURFACE_RES.slice(1)) {
    const c = toGrid(new Float32Array(res * res).fill(0.7), res);
    assert.equal(c.length, GRID * GRID);
    assert.ok(c.every((v) => v === Math.fround(0.7)), `${res}: constant`);
    // p = x-coordinate of each coarse cell's centre: resampled, the fine cells
    // between the outermost centres get their own x (a linear function is kept)
    const pts = gridPoints(res);
    const p = new Float32Array(res * res).map((_, i) => pts[2 * i]);
    const q = toGrid(p, res);
    const fine = gridPoints(GRID);
    const lo = pts[0], hi = pts[2 * (res - 1)];
    for (let i = 0; i < GRID * GRID; i++) {
      const x = fine[2 * i];
      const want = Math.min(hi, Math.max(lo, x));
      assert.ok(Math.abs(q[i] - want) < 1e-5, `${res}: cell ${i}: ${q[i]} vs ${want}`);
    }
  }
});

test('toGrid: k values per cell (k classes, cell-major) are each resampled, cell-major', () => {
  const k = 3;
  for (const res of SURFACE_RES.slice(1)) {
    const pts = gridPoints(res);
    // class 0: x, class 1: y, class 2: the constant 0.25
    const p = new Float32Array(res * res * k);
    for (let i = 0; i < res * res; i++) { p[k * i] = pts[2 * i]; p[k * i + 1] = pts[2 * i + 1]; p[k * i + 2] = 0.25; }
    const q = toGrid(p, res);
    assert.equal(q.length, GRID * GRID * k);
    const fine = gridPoints(GRID);
    const lo = pts[0], hi = pts[2 * (res - 1)];
    const clamp = (v) => Math.min(hi, Math.max(lo, v));
    for (let i = 0; i < GRID * GRID; i++) {
      assert.ok(Math.abs(q[k * i] - clamp(fine[2 * i])) < 1e-5, `${res}: cell ${i} class 0`);
      assert.ok(Math.abs(q[k * i + 1] - clamp(fine[2 * i + 1])) < 1e-5, `${res}: cell ${i} class 1`);
      assert.equal(q[k * i + 2], 0.25);
    }
  }
});
