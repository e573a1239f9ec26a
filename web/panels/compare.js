// panels/compare.js — compare mode and the seed study. Compare mode trains
// networks A and B side by side: the A/B tabs choose which one the Network
// panel edits, and the page shows B's view and gradient chart. The seed study
// ("Try 10 seeds") trains network A's configuration (and B's in compare mode)
// from seeds 1..10 on the same data in a pool of workers (pool.js): median and range of
// the test accuracy, how many runs lost a whole layer to dead ReLUs, and the
// bands over seeds (columnBands of the seeds' history columns: seedBands' numbers)
// that the charts draw under their lines.
import { columnBands } from '../../dist/gradlab.js';
import { runStudy, poolSize, warmStudyPool } from '../pool.js';
import { page, plainState, syncControls, on, emit, PageEvent } from '../page-state.js';
import { $ } from './dom.js';

const STUDY_SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const STUDY_HINT = 'One run is one seed: see how much the result depends on it.';

function syncCompare() {
  const cmp = !!page.settings.cmp;
  $('net-tabs').hidden = !cmp;
  $('tab-a').setAttribute('aria-selected', String(page.editing === 'a'));
  $('tab-b').setAttribute('aria-selected', String(page.editing === 'b'));
  $('layout').classList.toggle('compare', cmp);
  $('view-b').hidden = !cmp;
  $('grad-box-b').hidden = !cmp;
  $('same-wrap').hidden = !cmp;
  if (!cmp || !page.settings.same) $('init-share').hidden = true;
}

/** Which of B's layers start from A's initial weights (page.runs[1].initShare), said under the box. */
export function showInitShare() {
  const el = $('init-share');
  const share = page.settings.cmp && page.settings.same && page.runs[1] ? page.runs[1].initShare : null;
  el.hidden = !share;
  if (!share) return;
  const names = (ls) => ls.map((l) => (l === page.runs[1].layers ? 'output' : `L${l}`)).join(', ');
  const text = `${share.shared.length ? `B starts from A's initial weights in ${names(share.shared)}.` : 'No layer of B has the shape of A\'s.'}` +
    `${share.unshared.length ? ` Not shared (other shape): ${share.unshared.map((u) => `${u.name} (${u.why})`).join('; ')}.` : ''}`;
  if (el.textContent !== text) el.textContent = text;
}

function stopStudy(text) {
  const study = page.study;
  if (study.pool) { study.pool.cancel(); study.pool = null; }
  study.current = null;
  $('study').textContent = 'Try 10 seeds';
  if (text !== undefined) $('study-result').textContent = text;
}

/** The study's line for one network's results. */
function studyLine(rs, done, prefix) {
  const acc = rs.map((r) => r.testAccuracy).sort((a, b) => a - b);
  const n = acc.length;
  const med = n ? (n % 2 ? acc[(n - 1) / 2] : (acc[n / 2 - 1] + acc[n / 2]) / 2) : null;
  const dead = rs.filter((r) => r.deadLayers > 0).length;
  const div = rs.filter((r) => r.stopped).length;
  const head = `${prefix}${done ? `${n} seeds, ${page.settings.epochs} epochs each:` : `${n} of ${STUDY_SEEDS.length} seeds done…`}`;
  const strong = document.createElement('b');
  strong.textContent = n ? ` test accuracy median ${med.toFixed(3)} (${acc[0].toFixed(3)}–${acc[n - 1].toFixed(3)})` : '';
  const list = document.createElement('span');
  list.className = 'seedlist';
  list.textContent = ` Seeds: ${rs.map((r) => `${r.seed}: ${r.testAccuracy.toFixed(2)}${r.deadLayers ? '†' : ''}`).join(' · ')}${dead ? ' († dead layer)' : ''}`;
  return [head, strong, n ? `; ${dead} of ${n} lost a whole layer to dead units${div ? `; ${div} diverged` : ''}.` : '', document.createElement('br'), list];
}

function renderStudy({ results, done, runs } = page.study.current) {
  const el = $('study-result');
  el.replaceChildren();
  for (let i = 0; i < runs; i++) {
    if (i) el.append(document.createElement('br'));
    el.append(...studyLine(results.filter((r) => r.run === i), done, runs > 1 ? `${'AB'[i]}: ` : ''));
  }
}

/** Show or hide the bands' box and say the charts what to draw. */
function syncBands() {
  $('study-bands-row').hidden = !page.study.bands;
  $('study-bands').checked = page.study.showBands;
  emit(PageEvent.STUDY_BANDS);
}

function setBands(bands) {
  page.study.bands = bands;
  syncBands();
}

function startStudy() {
  const study = page.study;
  const id = ++study.counter;
  const runs = page.settings.cmp ? 2 : 1;
  study.current = { id, results: [], done: false, runs, settings: plainState() };
  study.last = null;
  study.lastAll = null;
  $('study').textContent = 'Cancel';
  study.pool = runStudy(plainState(), STUDY_SEEDS, id, poolSize(), {
    result(m) {
      // the seeds finish in any order on a pool: shown and kept in seed order
      study.current.results.push(m);
      study.current.results.sort((a, b) => a.seed - b.seed || a.run - b.run);
      renderStudy();
    },
    done() {
      study.current.done = true;
      const rs = study.current.results;
      renderStudy();
      study.last = rs.filter((r) => r.run === 0).map(({ history, type, id: sid, ...r }) => r);
      study.lastAll = rs;
      study.workers = study.pool.size;
      setBands(Array.from({ length: study.current.runs }, (_, i) => columnBands(rs.filter((r) => r.run === i).map((r) => r.history))));
      emit(PageEvent.STUDY_DONE, { settings: study.current.settings, results: rs, bands: page.study.bands });
      study.pool = null;
      study.current = null;
      $('study').textContent = 'Try 10 seeds';
    },
    error(text) { study.pool = null; stopStudy(`Seed study failed: ${text}`); },
  });
  $('study-result').textContent = `Training ${STUDY_SEEDS.length} seeds, ${study.pool.size} at a time…`;
}

/**
 * Show a kept study (panels/runs.js opens one): its line of results and its bands on
 * the charts. `study` is the kept record's { results, bands } (run-file.js); the page's
 * settings are already the study's.
 */
export function showKeptStudy(study) {
  const runs = page.settings.cmp ? 2 : 1;
  const results = study.results.map((r) => ({ ...r, run: r.run || 0 }));
  renderStudy({ results, done: true, runs });
  page.study.last = results.filter((r) => r.run === 0);
  setBands(study.bands || null);
}

export function mount() {
  $('tab-a').addEventListener('click', () => { page.editing = 'a'; syncControls(); });
  $('tab-b').addEventListener('click', () => { page.editing = 'b'; syncControls(); });
  $('study').addEventListener('click', () => {
    if (page.study.current) { stopStudy('Cancelled.'); warmStudyPool(); } // its workers are ended: start others
    else startStudy();
  });
  $('study-bands').addEventListener('change', () => { page.study.showBands = $('study-bands').checked; syncBands(); });
  on(PageEvent.SYNC, syncCompare);
  // new networks or data: a running study is of the old ones
  on(PageEvent.RESTART, () => {
    if (page.study.current) stopStudy();
    $('study-result').textContent = STUDY_HINT;
    if (page.study.bands) setBands(null);
  });
}
