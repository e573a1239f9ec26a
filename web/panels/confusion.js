// panels/confusion.js — beside the accuracy chart: each run's confusion matrix
// on the test set (rows: the true class, columns: the class the network
// predicts, i.e. its likeliest) and per-class accuracy (the share of each true
// class predicted right), from the worker's latest update (experiment.js
// confusion()). Rebuilt when the number of runs or classes changes; later
// updates only set text and shades.
import { CLASS_COLORS } from '../surface.js';
import { page, on, PageEvent } from '../page-state.js';
import { $ } from './dom.js';

let built = { runs: -1, classes: -1, cells: [] };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function build(nRuns, k) {
  const box = $('confusion');
  const cells = [];
  const tables = Array.from({ length: nRuns }, (_, r) => {
    const t = el('table', k > 6 ? 'confusion many' : 'confusion');
    t.setAttribute('aria-label', `Confusion matrix of network ${'AB'[r]} on the test set`);
    const cap = el('caption', '', nRuns > 1 ? `network ${'AB'[r]}` : '');
    const head = el('tr');
    head.append(el('th', 'corner', 'true ↓ pred →'));
    for (let c = 0; c < k; c++) { const th = el('th'); th.style.color = CLASS_COLORS[c]; th.textContent = String(c); head.append(th); }
    head.append(el('th', 'acc', 'acc.'));
    const rows = [head];
    const mine = { count: [], acc: [], total: null };
    for (let i = 0; i < k; i++) {
      const tr = el('tr');
      const th = el('th'); th.style.color = CLASS_COLORS[i]; th.textContent = String(i);
      tr.append(th);
      for (let j = 0; j < k; j++) { const td = el('td', i === j ? 'diag' : 'off'); mine.count.push(td); tr.append(td); }
      const a = el('td', 'acc'); mine.acc.push(a); tr.append(a);
      rows.push(tr);
    }
    const foot = el('tr', 'total');
    const ft = el('td', 'total-text'); ft.colSpan = k + 2; mine.total = ft; foot.append(ft);
    rows.push(foot);
    t.append(cap, ...rows);
    cells.push(mine);
    return t;
  });
  box.replaceChildren(...tables);
  built = { runs: nRuns, classes: k, cells };
}

/** Show the runs' latest confusion matrices (or empty tables before the first update). */
export function updateConfusion() {
  const k = page.data ? page.data.classes : 2;
  if (built.runs !== page.runs.length || built.classes !== k) build(page.runs.length, k);
  page.runs.forEach((r, ri) => {
    const cm = r.confusion && r.confusion.classes === k ? r.confusion.test : null;
    const cells = built.cells[ri];
    let right = 0, all = 0;
    for (let i = 0; i < k; i++) {
      let row = 0;
      for (let j = 0; j < k; j++) row += cm ? cm[i * k + j] : 0;
      for (let j = 0; j < k; j++) {
        const v = cm ? cm[i * k + j] : 0;
        const td = cells.count[i * k + j];
        const f = row ? v / row : 0;
        td.textContent = cm ? String(v) : '–';
        td.style.background = i === j ? `rgba(15,118,110,${(0.08 + 0.8 * f).toFixed(3)})` : `rgba(185,28,28,${(0.75 * f).toFixed(3)})`;
        td.style.color = f > 0.55 ? '#fff' : '';
      }
      const d = cm ? cm[i * k + i] : 0;
      right += d; all += row;
      cells.acc[i].textContent = row ? `${Math.round((100 * d) / row)}%` : '–';
      cells.acc[i].title = row ? `${d} of ${row} test points of class ${i} predicted right` : `no test point of class ${i}`;
    }
    cells.total.textContent = all ? `${right} of ${all} test points right (${((100 * right) / all).toFixed(1)}%)` : 'no predictions yet';
  });
}

/** The latest matrices as plain arrays (for tests): per run { classes, test: number[] } or null. */
export function confusionProbe() {
  return page.runs.map((r) => (r.confusion ? { classes: r.confusion.classes, test: Array.from(r.confusion.test) } : null));
}

export function mount() {
  on(PageEvent.RUNS_RESET, () => { built = { runs: -1, classes: -1, cells: [] }; });
}
