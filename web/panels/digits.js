// panels/digits.js — when the data is the digits table: beside the confusion
// matrix, a few test images the network gets wrong (the worker's `wrong`: the
// first MAX_WRONG misclassified test rows, experiment.js misclassified()), each
// as its 8×8 pixels (the file's 0 … 16, white to black: the standardisation
// undone) with its true and predicted digit; at the scrubbed epoch's weights
// while scrubbing, else the latest.
import { MAX_WRONG } from '../experiment.js';
import { page } from '../page-state.js';
import { shownRun } from './scrubber.js';
import { $ } from './dom.js';

let shown = ''; // what the panel shows: per run the rows and predictions, and the data's generation

function image(X, row, side, tb) {
  const c = document.createElement('canvas');
  c.width = side; c.height = side;
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(side, side);
  const d = side * side;
  for (let j = 0; j < d; j++) {
    const raw = X[row * d + j] * tb.scaling.scale[j] + tb.scaling.shift[j]; // 0 … 16
    const v = Math.round(255 * (1 - Math.max(0, Math.min(16, raw)) / 16));
    img.data.set([v, v, v, 255], 4 * j);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** Show the runs' misclassified test digits (hidden unless the data is digits). */
export function updateDigits() {
  const data = page.data;
  const on = !!(data && data.table && data.table.images && data.classes);
  $('digits-box').hidden = !on;
  if (!on) { shown = ''; return; }
  const runs = page.runs.map((r) => shownRun(r).wrong || null);
  const key = `${page.gen}:${runs.map((w) => (w ? `${w.count}:${w.rows.join(',')}:${w.predicted.join(',')}` : '-')).join('|')}`;
  if (key === shown) return;
  shown = key;
  const side = data.table.images;
  const names = data.table.classNames || [];
  const at = page.scrub.epoch != null ? `at epoch ${shownRun(page.runs[0]).epoch}` : 'latest';
  $('digits-caption').textContent = `test set, ${at}: the first ${MAX_WRONG} the network gets wrong, true → predicted`;
  $('digits-wrong').replaceChildren(...runs.map((w, i) => {
    const row = document.createElement('div');
    row.className = 'digits-row';
    const head = document.createElement('p');
    head.className = 'digits-head';
    head.textContent = `${runs.length > 1 ? `Network ${'AB'[i]}: ` : ''}${w ? `${w.count} of ${data.yte.length} test images wrong` : 'no predictions yet'}` +
      (w && w.count > w.rows.length ? ` (the first ${w.rows.length} shown)` : '');
    row.append(head);
    if (w) {
      for (let k = 0; k < w.rows.length; k++) {
        const r = w.rows[k], truth = names[data.yte[r]] ?? String(data.yte[r]), pred = names[w.predicted[k]] ?? String(w.predicted[k]);
        const fig = document.createElement('figure');
        fig.className = 'digit';
        fig.title = `test image ${r + 1}: a ${truth}, predicted ${pred}`;
        const cap = document.createElement('figcaption');
        cap.append(`${truth} → `);
        const b = document.createElement('b'); b.textContent = pred; cap.append(b);
        fig.append(image(data.Xte, r, side, data.table), cap);
        row.append(fig);
      }
    }
    return row;
  }));
}

/** Per run the misclassified test rows shown ({ rows, predicted, count } as arrays) or null (for tests). */
export function digitsProbe() {
  return page.runs.map((r) => { const w = shownRun(r).wrong; return w ? { rows: Array.from(w.rows), predicted: Array.from(w.predicted), count: w.count } : null; });
}
