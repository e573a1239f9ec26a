// panels/diagnosis.js — the diagnosis in words: during and after a run, per
// run and layer what the statistics show with the figures behind them, and
// the likely cures, from diagnose() of dist/gradlab.js on the run's history
// (the same code and the same history as `gradlab train --stats full
// --diagnose`). A cure that is one change of the network has a button: it
// starts a compare run on the same data and seed, A = the diagnosed network,
// B = the same with the change.
import { diagnose } from '../../dist/gradlab.js';
import { networkSpec, dataClasses, netInputs } from '../state.js';
import { applyChange, changeLabel, cloneNet } from '../cure.js';
import { ToWorker } from '../protocol.js';
import { page, syncControls } from '../page-state.js';
import { restart, setPlaying, send } from '../session.js';
import { writeHash } from '../url-hash.js';
import { showMessage } from './messages.js';
import { $ } from './dom.js';

const EVERY_MS = 500; // while training, at most this often

/** Start the compare run: A = run i's network, B = it with `change`; same data and seed. */
function startProposal(i, change) {
  const st = page.settings;
  const a = cloneNet(st[i === 1 ? 'b' : 'a']);
  const b = applyChange(a, change);
  if (b.error) { showMessage(`The proposal cannot start: ${b.error}`, 'error', 'proposal'); return; }
  st.a = a; st.b = b; st.cmp = 1; st.preset = '';
  page.editing = 'a';
  syncControls();
  writeHash();
  restart(ToWorker.REBUILD);
  setPlaying(true);
  send(ToWorker.PLAY);
}

function render() {
  const box = $('diagnosis');
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  const parts = page.diagnosis.runs.map((d, i) => {
    if (!d) return null;
    const sec = document.createElement('div');
    sec.className = 'dg-run'; sec.dataset.run = String(i);
    const h = document.createElement('h3');
    h.innerHTML = `<span class="run-tag ${'ab'[i]}">${'AB'[i]}</span> `;
    h.append(`Diagnosis at epoch ${d.epoch}${d.healthy ? ': no alarm' : ''}`);
    sec.append(h);
    const ul = document.createElement('ul');
    ul.className = 'dg-findings';
    for (const L of d.layers) {
      for (const f of L.findings) {
        const li = document.createElement('li');
        li.className = `dg-${f.kind}`;
        li.textContent = `layer ${L.layer} (${L.activation}): ${f.text}`;
        ul.append(li);
      }
    }
    if (d.healthy) { const li = document.createElement('li'); li.textContent = d.text.split('\n')[1]; ul.append(li); }
    sec.append(ul);
    if (d.cures.length) {
      const cures = document.createElement('ul');
      cures.className = 'dg-cures';
      for (const c of d.cures) {
        const li = document.createElement('li');
        li.append(`Likely cure: ${c}`);
        const p = d.proposals.find((x) => x.text === c);
        if (p) {
          const b = document.createElement('button');
          b.type = 'button'; b.className = 'dg-try';
          const label = changeLabel(cfgs[i], p.change);
          b.textContent = `Compare with ${label}`;
          b.title = `Start a compare run on the same data and seed: A = network ${'AB'[i]} as it is, B = the same with ${label}`;
          b.addEventListener('click', () => startProposal(i, p.change));
          li.append(' ', b);
        }
        cures.append(li);
      }
      sec.append(cures);
    }
    return sec;
  });
  const shown = parts.filter(Boolean);
  box.hidden = shown.length === 0;
  box.replaceChildren(...shown);
}

/** Diagnose every run again when it trained since (at most every EVERY_MS while training). */
export function updateDiagnosis(now) {
  const runs = page.runs;
  const stamp = runs.map((r) => r.history.length).join(',');
  if (stamp === page.diagnosis.stamp) return;
  if (page.playing && now - page.diagnosis.at < EVERY_MS) return;
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  page.diagnosis = {
    stamp, at: now,
    runs: runs.map((r, i) => {
      if (!r.history.length || !r.dist) return null;
      const d = diagnose(r.dist.history(r.history), networkSpec(cfgs[i], page.settings.seed, dataClasses(page.settings), netInputs(page.settings)));
      return { ...d, epoch: r.history[r.history.length - 1].epoch };
    }),
  };
  render();
}

/** The runs were replaced: no diagnosis until they train. */
export function clearDiagnosis() {
  page.diagnosis = { runs: [], at: 0, stamp: '' };
  render();
}
