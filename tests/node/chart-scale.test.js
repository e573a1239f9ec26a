// The page's chart placement (web/chart-scale.js): whatever number a chart
// gets, uPlot only ever sees finite values within the axis' range or null,
// and every value that is not drawn where it belongs is flagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Flag, placeLog, placeLinear, placeEdges, extent, logRange, decadeTicks, flagNote, markIndices, LOG_FLOOR_EXP, LOG_CEIL_EXP,
} from '../../web/chart-scale.js';

const NASTY = [1e-40, 1e-31, 1e-30, 4.7e-24, 1e-20, 0, -0, -1, 5e-324, 1, 1e+30, 1e+31, 1e+300, NaN, Infinity, -Infinity, null, undefined, Number.MAX_VALUE, Number.MIN_VALUE];

test('log placement: every value is a finite exponent in [-30, 30], or null and flagged', () => {
  const p = placeLog(NASTY);
  const ext = extent([p.y]);
  const [lo, hi] = logRange(ext);
  assert.ok(lo >= LOG_FLOOR_EXP && hi <= LOG_CEIL_EXP && hi > lo);
  const y = placeEdges(p, lo, hi);
  NASTY.forEach((v, i) => {
    if (v == null) { assert.equal(y[i], null); assert.equal(p.flags[i], Flag.OK); return; }
    if (Number.isNaN(v)) { assert.equal(y[i], null); assert.equal(p.flags[i], Flag.NAN); return; }
    assert.ok(Number.isFinite(y[i]) && y[i] >= lo && y[i] <= hi, `${v} -> ${y[i]} in [${lo}, ${hi}]`);
    if (v > 0 && v >= 1e-30 && v <= 1e30) { assert.equal(p.flags[i], Flag.OK); assert.ok(Math.abs(y[i] - Math.log10(v)) < 1e-9); }
    else if (v > 1e30) { assert.equal(p.flags[i], Flag.ABOVE); assert.equal(y[i], hi); }
    else { assert.equal(p.flags[i], Flag.BELOW, String(v)); assert.equal(y[i], lo); }
  });
  const note = flagNote([p.flags], true);
  assert.match(note, /below 1e-30/);
  assert.match(note, /above 1e\+30/);
  assert.match(note, /NaN/);
});

test('log range: whole decades, a default for no data, a flat series still spans one decade', () => {
  assert.deepEqual(logRange(null), [-3, 0]);
  assert.deepEqual(logRange([-2.5, -2.5]), [-3, -2]);
  assert.deepEqual(logRange([-24.3, -1.2]), [-25, -1]);
  assert.deepEqual(logRange([30, 30]), [29, 30]);
  const p = placeLog([0, 0, NaN]);
  assert.deepEqual(logRange(extent([p.y])), [-3, 0]);
  assert.deepEqual(placeEdges(p, -3, 0), [-3, -3, null]);
});

test('decade ticks are whole exponents, within the range, not too many', () => {
  for (const [lo, hi, max] of [[-30, 0, 12], [-3, 0, 12], [-26, 0, 5], [-30, 30, 3], [-1, 0, 1]]) {
    const t = decadeTicks(lo, hi, max);
    assert.ok(t.length >= 1 && t.every((k) => Number.isInteger(k) && k >= lo && k <= hi), `${lo}..${hi}: ${t}`);
    assert.ok(t.length <= Math.max(2, max) + 1, `${lo}..${hi} max ${max}: ${t.length} ticks`);
  }
});

test('linear placement: non-finite and huge values are flagged and put on an edge', () => {
  const p = placeLinear(NASTY);
  const ext = extent([p.y]);
  assert.ok(Number.isFinite(ext[0]) && Number.isFinite(ext[1]));
  const y = placeEdges(p, -1, 2);
  assert.equal(p.flags[NASTY.indexOf(Infinity)], Flag.ABOVE);
  assert.equal(p.flags[NASTY.indexOf(-Infinity)], Flag.NEG);
  assert.equal(y[NASTY.indexOf(Infinity)], 2);
  assert.equal(y[NASTY.indexOf(-Infinity)], -1);
  assert.equal(y[NASTY.findIndex((v) => Number.isNaN(v))], null);
  assert.equal(y[NASTY.indexOf(0)], 0);
  assert.equal(flagNote([placeLinear([1, 2, 3]).flags], false), '');
});

test('marks: the first of each flagged stretch and a flagged last value', () => {
  assert.deepEqual(markIndices(Uint8Array.from([0, 1, 1, 1, 0, 4, 4, 1])), [1, 5, 7]);
  assert.deepEqual(markIndices(Uint8Array.from([1, 1, 1])), [0, 2]);
  assert.deepEqual(markIndices(Uint8Array.from([0, 0])), []);
});
