// The page's added points (issue 15: drawn data), setting `pts` of web/state.js:
// a class point x:y:class (the links from before the values), a value point
// x:y:v<value> (the 2-D regression sets), a point of the 1-D sine x:y (input x,
// value y). The parser names the point and the problem; switching the data
// keeps the points of the kind it takes and drops the others with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parsePoints, formatPoints, fromHash, toHash, defaultState, fitProblems, pointKind, pointFits, pointTarget, MAX_ADDED_POINTS,
} from '../../web/state.js';

test('parsePoints: the three kinds, each where it was clicked', () => {
  assert.deepEqual(parsePoints('0.5:-0.25:1,-1.123:0:0'), [{ x: 0.5, y: -0.25, c: 1 }, { x: -1.123, y: 0, c: 0 }], 'class points (old links)');
  assert.deepEqual(parsePoints('0.5:-0.25:v0.8,1:1:v-1,0:0:v.5'), [{ x: 0.5, y: -0.25, v: 0.8 }, { x: 1, y: 1, v: -1 }, { x: 0, y: 0, v: 0.5 }]);
  assert.deepEqual(parsePoints('0.5:0.9,-1:-0.25'), [{ x: 0.5, y: 0.9 }, { x: -1, y: -0.25 }], 'points of the sine');
  assert.deepEqual(parsePoints('1:1:7,0:0:v2,0:-2'), [{ x: 1, y: 1, c: 7 }, { x: 0, y: 0, v: 2 }, { x: 0, y: -2 }], 'mixed, at the ends of the ranges');
  assert.deepEqual(parsePoints(''), []);
  assert.deepEqual([parsePoints('0:0:1'), parsePoints('0:0:v1'), parsePoints('0:0')].map((p) => pointKind(p[0])), ['class', 'value', 'curve']);
  assert.deepEqual([{ x: 0, y: 0, c: 1 }, { x: 0, y: 0, v: -0.5 }, { x: 0.2, y: 0.7 }].map(pointTarget), [1, -0.5, 0.7]);
});

test('parsePoints: bad points are named, with what is wrong', () => {
  const bad = [
    ['0:0:8', /point 1 "0:0:8" is not x:y:class, x:y:v<value> or x:y/],
    ['0:0:1,0:0:x1', /point 2 "0:0:x1" is not/],
    ['0:0:v', /point 1 "0:0:v" is not/],
    ['0:0:vNaN', /is not/],
    ['0', /point 1 "0" is not/],
    ['0:0:1:2', /is not/],
    ['3:0:1', /point 1 lies outside \[-2, 2\]²/],
    ['0:-2.5', /lies outside/],
    ['0:0:v1,0:0:v2.01', /point 2: its value 2\.01 lies outside \[-2, 2\]/],
    [Array.from({ length: MAX_ADDED_POINTS + 1 }, () => '0:0').join(','), /201 points, more than 200/],
  ];
  for (const [text, re] of bad) assert.throws(() => parsePoints(text), re, text.slice(0, 40));
  // in a link: the field's message states the format, and the points keep their default (none)
  const r = fromHash('ds=plane&pts=0:0:v9');
  assert.deepEqual(r.state.pts, []);
  assert.match(r.errors[0], /^added points: point 1: its value 9 lies outside \[-2, 2\] \(must be at most 200 points, comma-separated, each written x:y:class \(class 0 to 7: the classification sets\), x:y:v<value> \(the 2-D regression sets: a value at x, y\) or x:y \(the 1-D sine: input x, value y\), every number in \[-2, 2\], e\.g\. 0\.5:-0\.25:1 or 0\.5:-0\.25:v0\.8 or 0\.5:0\.9\)$/);
});

test('formatPoints and the share link: every kind round-trips; old links still load', () => {
  const pts = [{ x: 0.5, y: -0.25, v: 0.8 }, { x: -1.1236, y: 0, v: -1 }];
  assert.equal(formatPoints(pts), '0.5:-0.25:v0.8,-1.124:0:v-1');
  const st = fromHash('ds=multigauss').state;
  st.pts = pts.map((p) => ({ ...p, x: Number(p.x.toFixed(3)) }));
  const h = toHash(st);
  assert.match(h, /pts=0\.5:-0\.25:v0\.8,-1\.124:0:v-1/);
  const back = fromHash(h);
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.state.pts, [{ x: 0.5, y: -0.25, v: 0.8 }, { x: -1.124, y: 0, v: -1 }]);
  const sine = fromHash('ds=sine&out=linear_mse&pts=0.5:0.9,-0.2:-0.7');
  assert.deepEqual(sine.errors, []);
  assert.deepEqual(sine.state.pts, [{ x: 0.5, y: 0.9 }, { x: -0.2, y: -0.7 }]);
  assert.deepEqual(fromHash(toHash(sine.state)).state.pts, sine.state.pts);
  // a link from before the values: class points on the classification sets, as before
  const old = fromHash('ds=moons&pts=0.5:-0.25:1,-1.123:0:0');
  assert.deepEqual(old.errors, []);
  assert.deepEqual(old.state.pts, [{ x: 0.5, y: -0.25, c: 1 }, { x: -1.123, y: 0, c: 0 }]);
  assert.equal(toHash(old.state).match(/pts=([^&]*)/)[1], '0.5:-0.25:1,-1.123:0:0');
  assert.ok(!toHash(defaultState()).includes('pts='), 'no points, no field');
});

test('switching the data keeps the points of the kind it takes and drops the others, with a message', () => {
  const st = defaultState();
  st.pts = [{ x: 0, y: 0, c: 1 }, { x: 0.5, y: 0.5, v: 0.5 }, { x: 0.1, y: 0.2 }, { x: 1, y: 1, c: 0 }];
  const at = (ds) => { const s = structuredClone(st); s.ds = ds; return { msgs: fitProblems(s), pts: s.pts }; };
  const circles = at('circles');
  assert.deepEqual(circles.pts, [{ x: 0, y: 0, c: 1 }, { x: 1, y: 1, c: 0 }]);
  assert.deepEqual(circles.msgs, ["added points: 1 with a value dropped, 1 with the sine's (x, y) dropped (the circles data: a click adds a point of a class)"]);
  const plane = at('plane');
  assert.deepEqual(plane.pts, [{ x: 0.5, y: 0.5, v: 0.5 }]);
  assert.match(plane.msgs.at(-1), /^added points: 2 with a class dropped, 1 with the sine's \(x, y\) dropped \(the plane data: a click adds a point with a value\)$/);
  const sine = at('sine');
  assert.deepEqual(sine.pts, [{ x: 0.1, y: 0.2 }]);
  assert.match(sine.msgs.at(-1), /^added points: 2 with a class dropped, 1 with a value dropped \(the sine data: a click adds a point \(x, y\)\)$/);
  // between sets of the same kind the points stay, without a word
  const s2 = structuredClone(st); s2.ds = 'plane'; fitProblems(s2); s2.ds = 'multigauss';
  assert.deepEqual(fitProblems(s2), []);
  assert.deepEqual(s2.pts, [{ x: 0.5, y: 0.5, v: 0.5 }]);
  // a class the data does not have: the message of before
  const few = defaultState(); few.pts = [{ x: 0, y: 0, c: 2 }];
  assert.deepEqual(fitProblems(few), ['added points: 1 of class 2 or above dropped (the data has classes 0 to 1)']);
  // a table takes none: its surface is a slice through its inputs
  const iris = at('iris');
  assert.deepEqual(iris.pts, []);
  assert.match(iris.msgs.at(-1), /^added points: 2 with a class dropped, 1 with a value dropped, 1 with the sine's \(x, y\) dropped \(the iris data: points are added to the generated 2-D sets and the sine only\)$/);
  // pointFits: the worker's rule of what it appends to the training set
  assert.equal(pointFits({ x: 0, y: 0, c: 2 }, 3, 2), true);
  assert.equal(pointFits({ x: 0, y: 0, c: 2 }, 2, 2), false);
  assert.equal(pointFits({ x: 0, y: 0, v: 1 }, 0, 2), true);
  assert.equal(pointFits({ x: 0, y: 0, v: 1 }, 0, 1), false);
  assert.equal(pointFits({ x: 0, y: 0 }, 0, 1), true);
  assert.equal(pointFits({ x: 0, y: 0 }, 2, 2), false);
});
