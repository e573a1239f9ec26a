// panels/learning.js — says when a run does not learn (learning-check.js has
// the rule): one message per run in the message area, with the likely cause
// from the layer statistics, kept up to date while training goes on, and gone
// (with a short note) once the loss recovers. A message the user dismissed
// stays away until the run's finding changes.
import { chanceLoss, LearningCheck, RULE_TEXT } from '../learning-check.js';
import { page } from '../page-state.js';
import { variance } from '../experiment.js';
import { showMessage, clearMessage } from './messages.js';

const STYLE = { borderColor: '#fcd34d', background: '#fffbeb', color: '#78350f' };

/** The training set's share of class 1 (labels 0/1); with more classes, every class's share. */
function classShare(out) {
  const y = page.data && page.data.ytr;
  if (!y || !y.length) return 0.5;
  // a regression set, or a linear output on 0/1 labels: chanceLoss takes the variance
  if (page.data.classes === 0 || out === 'linear_mse') return variance(y);
  const k = page.data.classes || 2;
  const n = new Array(k).fill(0);
  for (let i = 0; i < y.length; i++) n[y[i]] += 1;
  return k > 2 ? n.map((c) => c / y.length) : n[1] / y.length;
}

/** Check every run's history and show, update or clear its message. */
export function updateLearningChecks() {
  const cfgs = page.settings.cmp ? [page.settings.a, page.settings.b] : [page.settings.a];
  page.runs.forEach((r, i) => {
    const cfg = cfgs[i];
    if (!cfg || !r.history.length) return;
    const st = r.learning || (r.learning = { check: new LearningCheck(cfg, chanceLoss(cfg.out, classShare(cfg.out))), kind: null, el: null, dismissed: null, epoch: 0 });
    if (st.epoch === r.history.length) return; // nothing new
    while (st.epoch < r.history.length) st.check.push(r.history[st.epoch++]);
    const key = `learning-${i}`;
    const who = page.runs.length > 1 ? `Network ${'AB'[i]}` : 'The network';
    const found = r.stopped ? null : st.check.finding;
    if (!found) {
      if (st.kind && st.el && st.el.isConnected) {
        const m = r.history.at(-1);
        showMessage(`${who} is learning now: at epoch ${m.epoch} the training loss is ${m.loss.toFixed(3)}.`, 'info', key);
      }
      st.kind = null; st.el = null; st.dismissed = null;
      return;
    }
    if (st.el && !st.el.isConnected && st.kind === found.kind) st.dismissed = found.kind;
    st.kind = found.kind;
    if (st.dismissed === found.kind) return;
    // the page trains on regardless; at the epoch limit it has stopped, and says so
    const limit = page.settings.epochs;
    const goesOn = r.history.at(-1).epoch >= limit ? `Training ran on to the limit of ${limit} epochs.` : 'Training goes on.';
    const text = `${who} is not learning: ${found.what}. Likely cause: ${found.cause}. ${cap(found.advice)}. ${goesOn}`;
    if (st.el && st.el.isConnected) {
      const p2 = st.el.querySelector('p');
      if (p2.textContent !== text) p2.textContent = text;
      return;
    }
    st.el = showMessage(text, 'warn', key);
    Object.assign(st.el.style, STYLE);
    st.el.title = RULE_TEXT;
  });
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** Drop every run's message (new runs). */
export function clearLearningChecks() {
  for (const i of [0, 1]) clearMessage(`learning-${i}`);
}
