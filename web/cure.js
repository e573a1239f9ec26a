// cure.js — a proposal of diagnose() (dist/gradlab.js) applied to one of the
// page's network configs (state.js: { layers: [{ units, act }], init, lr, … }),
// and said in a few words. No DOM: shared by panels/diagnosis.js and the Node tests.
import { validateField } from './state.js';

/** A copy of a network config (its layers copied too). */
export const cloneNet = (cfg) => ({ ...cfg, layers: cfg.layers.map((l) => ({ ...l })) });

/** Network config `cfg` (page terms) with a diagnose() proposal's change applied, or { error }. */
export function applyChange(cfg, change) {
  const out = cloneNet(cfg);
  if (change.activation) out.layers = out.layers.map((l) => ({ ...l, act: change.activation }));
  if (change.init) out.init = change.init;
  if (change.learningRateFactor) {
    const r = validateField('lr', Number((cfg.lr * change.learningRateFactor).toPrecision(3)));
    if (r.error) return { error: r.error };
    out.lr = r.value;
  }
  return out;
}

/** A proposal's change in a few words, e.g. "relu, he_uniform init" or "learning rate 0.001". */
export function changeLabel(cfg, change) {
  const parts = [];
  if (change.activation) parts.push(change.activation);
  if (change.init) parts.push(`${change.init} init`);
  if (change.learningRateFactor) parts.push(`learning rate ${Number((cfg.lr * change.learningRateFactor).toPrecision(3))}`);
  return parts.join(', ');
}

