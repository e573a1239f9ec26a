// grid.js — geometry shared by the worker and the page: the decision surface
// is GRID×GRID cells covering [-EXTENT, EXTENT]² (row 0 at the top).
export const GRID = 100;
export const EXTENT = 1.25;
