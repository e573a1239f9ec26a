// cure-figures.js — the figures of a cure preset (web/presets.js CURES): both
// networks of its compare run trained as the page trains them over seeds 1 to
// 10, summed up as the preset texts state them. Used by presets.test.js (which
// checks every figure of FIGURES against it) and by hand to (re)write FIGURES:
//   node tests/node/helpers/cure-figures.js
import { networkSpec } from '../../../web/state.js';
import { makeData, targets, trainOptions } from '../../../web/experiment.js';

export const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** The test accuracy a seed must reach to count as learning (issue 14's experiments). */
export const LEARNS = 0.75;
/** The epoch whose gradients the texts quote. */
export const GRAD_EPOCH = 100;

/** One network of settings st trained with `seed`: test accuracy, stop, mean |∂L/∂W| per layer at GRAD_EPOCH. */
function one(lab, st, cfg, seed, data) {
  const net = lab.network(networkSpec(cfg, seed));
  try {
    const h = net.train(data.Xtr, targets(data.ytr, cfg), trainOptions(cfg, st.epochs));
    const test = net.evaluate(data.Xte, targets(data.yte, cfg)).accuracy;
    const e = h.epochs[GRAD_EPOCH - 1];
    const last = h.epochs[h.epochs.length - 1];
    return {
      test: h.stopped ? NaN : test, stopped: h.stopped, grads: e ? e.layers.map((l) => l.gradMeanAbs) : null,
      dead: last ? last.layers.slice(0, -1).filter((l) => l.deadFraction >= 1).length : 0,
    };
  } finally { net.dispose(); }
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/**
 * Figures of network `net` ('a' | 'b') of compare state st over SEEDS:
 * { median, min, max (test accuracy of the seeds that did not diverge, NaN if none),
 *   learns (seeds ≥ LEARNS), diverged (seeds whose training stopped),
 *   and of the preset's own seed st.seed: test (NaN if it diverged), stopEpoch (or null),
 *   dead (hidden layers with every unit dead at the end), gapL1 (epoch GRAD_EPOCH: the
 *   output layer's gradient over L1's; Infinity when L1's is 0, NaN when it diverged before) }.
 */
export function netFigures(lab, st, net) {
  const data = makeData(lab, st);
  const rs = SEEDS.map((s) => one(lab, st, st[net], s, data));
  const ok = rs.filter((r) => !r.stopped).map((r) => r.test);
  const own = rs[SEEDS.indexOf(st.seed)];
  const g = own.grads;
  return {
    median: ok.length ? median(ok) : NaN, min: ok.length ? Math.min(...ok) : NaN, max: ok.length ? Math.max(...ok) : NaN,
    learns: rs.filter((r) => !r.stopped && r.test >= LEARNS).length,
    diverged: rs.filter((r) => r.stopped).length,
    test: own.test, stopEpoch: own.stopped ? own.stopped.epoch : null, dead: own.dead,
    gapL1: !g ? NaN : g[0] > 0 ? g[g.length - 1] / g[0] : Infinity,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { load } = await import('../../../dist/gradlab.js');
  const { CURES, presetState } = await import('../../../web/presets.js');
  const lab = await load();
  const only = process.argv[2];
  for (const id of CURES) {
    if (only && id !== only) continue;
    const st = presetState(id);
    const f = { a: netFigures(lab, st, 'a'), b: netFigures(lab, st, 'b') };
    console.log(id, JSON.stringify(f));
  }
}
