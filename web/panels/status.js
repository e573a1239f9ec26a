// panels/status.js — the status table in the top bar: a header row and one row
// per run (epoch of the limit, loss, train and test accuracy), built when the
// number of runs changes; later updates only set text.
import { page, on, PageEvent } from '../page-state.js';
import { $ } from './dom.js';

const fmt = (v, d = 3) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(d));

function build() {
  const el = $('status');
  const cell = (text, cls = '') => { const d = document.createElement('span'); d.className = cls; d.textContent = text; return d; };
  const reg = !!page.data && page.data.classes === 0; // a regression set: R² (worker.js)
  const cells = [cell(''), cell('epoch', 'h'), cell('loss', 'h'), cell(reg ? 'train R²' : 'train acc', 'h'), cell(reg ? 'test R²' : 'test acc', 'h')];
  page.status.reg = reg;
  page.status.rows = page.runs.map((_, i) => {
    const row = {
      tag: cell(page.runs.length > 1 ? 'AB'[i] : '', `tag ${'ab'[i]}`),
      epoch: cell('', 'epoch'), loss: cell('', 'loss'), acc: cell('', 'train-acc'), vacc: cell('', 'test-acc'), text: '',
    };
    row.epoch.dataset.run = 'ab'[i];
    cells.push(row.tag, row.epoch, row.loss, row.acc, row.vacc);
    return row;
  });
  el.replaceChildren(...cells);
  el.classList.toggle('two', page.runs.length > 1);
}

export function updateStatus() {
  if (page.status.rows.length !== page.runs.length || page.status.reg !== (!!page.data && page.data.classes === 0)) build();
  page.runs.forEach((r, i) => {
    const row = page.status.rows[i];
    const last = r.history[r.history.length - 1];
    const src = last || r.current || {};
    const ep = `${r.epoch} / ${page.settings.epochs}${r.stopped ? (r.stopped.reason === 'diverged' ? ' diverged' : ' stopped') : ''}`;
    if (row.epoch.textContent !== ep) row.epoch.textContent = ep;
    row.epoch.classList.toggle('bad', !!r.stopped);
    row.loss.textContent = fmt(src.loss);
    row.acc.textContent = fmt(page.status.reg ? src.r2 : src.accuracy);
    row.vacc.textContent = fmt(page.status.reg ? src.valR2 : src.valAccuracy);
  });
}

export function mount() {
  on(PageEvent.RUNS_RESET, () => { page.status.rows = []; });
}
