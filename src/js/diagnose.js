// diagnose.js — diagnose(history, spec): what a training history shows about
// each layer, in words, with the figures behind them, and the likely cures.
// The CLI's `train --diagnose` prints it; the page can show the same words.
// Reads the basic statistics of every epoch and, when the history was trained
// with stats 'full', the distributions of the latest epoch that has them.

import { DIST_PERCENTILES } from './tables.js';
import { distPercentiles, formatPercentile } from './percentiles.js';

/** Thresholds of the alarms (documented in docs/API.md, "diagnose"). */
export const DIAGNOSE_THRESHOLDS = Object.freeze({
  saturatedShare: 0.5,   // a layer's (sample, unit) pairs with 0 < |f'| < 1% of its max (saturatedShare - deadShare)
  deadUnits: 0.4,        // share of a layer's units dead (f' = 0 on every sample of the epoch)
  vanishingRatio: 100,   // the output layer's gradMeanAbs / the layer's, at its largest over the kept epochs
});

const pct = (x) => `${Math.round(x * 100)}%`;

const MED = DIST_PERCENTILES.indexOf(50);
/** The median of a dist quantity (of |x| with abs) as { value, text } (exact where the data allow: percentiles.js), or null. */
function median(q, abs) {
  const r = distPercentiles(q, { abs });
  return r ? { value: r.p[MED], text: formatPercentile(r.p[MED], r.exact[MED]) } : null;
}

/**
 * history: net.train()'s result (or { epochs }); spec: the network spec
 * (net.spec). Returns { healthy, layers: [{ layer, activation, findings:
 * [{ kind, text, figures }] }], cures: [string], proposals: [{ text, change }],
 * text }. A proposal is a cure that is one change of the spec: change sets
 * the hidden layers' `activation` and/or `init`, or scales the learning rate
 * (`learningRateFactor`); the page starts it as a compare run.
 */
export function diagnose(history, spec) {
  const epochs = history?.epochs ?? [];
  const T = DIAGNOSE_THRESHOLDS;
  const specLayers = spec?.layers ?? [];
  const out = { healthy: true, layers: [], cures: [], proposals: [], text: '' };
  if (!epochs.length) { out.text = 'no epochs to diagnose'; return out; }
  const last = epochs[epochs.length - 1];
  const nl = last.layers.length;
  const withDist = [...epochs].reverse().find((e) => e.layers[0]?.dist);
  const outGrad = last.layers[nl - 1].gradMeanAbs;
  const kinds = new Set();
  for (let l = 0; l < nl; l++) {
    const L = last.layers[l];
    const D = withDist?.layers[l];
    const act = specLayers[l]?.activation ?? '?';
    const units = specLayers[l]?.units ?? (D?.units?.deadShare.length ?? null);
    const findings = [];
    const hidden = l < nl - 1;
    // pairs in the flat tails (0 < |f'| < 1% of its max): a ReLU's f' = 0 half is inactivity, counted as dead
    const tail = L.saturatedShare - L.deadShare;
    if (hidden && tail >= T.saturatedShare) {
      const figures = { saturatedShare: tail };
      let text = `${pct(tail)} of unit-samples saturated`;
      if (D?.dist) {
        const z = median(D.dist.z, true), f = median(D.dist.dact, false);
        figures.medianAbsZ = z?.value ?? null;
        figures.medianDact = f?.value ?? null;
        text += `, median |z| ${z?.text ?? 'none'}, f′ ${f?.text ?? 'none'}`;
      }
      findings.push({ kind: 'saturated', text, figures });
    }
    if (hidden && units && L.deadFraction * units >= Math.max(1, T.deadUnits * units)) {
      const dead = Math.round(L.deadFraction * units);
      let since = last.epoch;
      for (let i = epochs.length - 1; i >= 0 && Math.round(epochs[i].layers[l].deadFraction * units) >= dead; i--) since = epochs[i].epoch;
      findings.push({ kind: 'dead', text: `${dead} of ${units} units dead since epoch ${since}`, figures: { deadUnits: dead, units, since } });
    }
    if (hidden) {
      // the largest gap over the kept epochs, and the latest
      let worst = 0;
      let at = last.epoch;
      for (const e of epochs) {
        const g = e.layers[l].gradMeanAbs;
        const o = e.layers[nl - 1].gradMeanAbs;
        const r = g > 0 ? o / g : (o > 0 ? Infinity : 0);
        if (r > worst) { worst = r; at = e.epoch; }
      }
      if (worst >= T.vanishingRatio) {
        const now = L.gradMeanAbs > 0 ? outGrad / L.gradMeanAbs : Infinity;
        let text = worst === Infinity ? `gradient 0 (no signal reaches this layer) at epoch ${at}`
          : `gradient ${Math.round(worst)}× smaller than the output layer's at epoch ${at}`;
        if (at !== last.epoch) text += now === Infinity ? `, 0 at epoch ${last.epoch}` : `, ${Math.round(now)}× at epoch ${last.epoch}`;
        const figures = { ratio: worst, epoch: at, latestRatio: now };
        // f' then: the kept epoch with distributions nearest to it
        let near = null;
        for (const e of epochs) if (e.layers[l].dist && (!near || Math.abs(e.epoch - at) < Math.abs(near.epoch - at))) near = e;
        if (near) {
          const f = median(near.layers[l].dist.dact, false);
          figures.medianDact = f?.value ?? null;
          figures.dactEpoch = near.epoch;
          text += `; median f′ ${f?.text ?? 'none'} at epoch ${near.epoch}`;
        }
        findings.push({ kind: 'vanishing', text, figures });
      }
    }
    for (const f of findings) kinds.add(f.kind);
    out.layers.push({ layer: l + 1, activation: act, findings });
  }
  const hiddenSpec = specLayers.slice(0, -1);
  const acts = new Set(hiddenSpec.map((L) => L.activation));
  const inits = new Set(hiddenSpec.map((L) => L.init));
  const squashing = [...acts].some((a) => ['tanh', 'sigmoid', 'softsign', 'hard_sigmoid'].includes(a));
  // each cure with the one change of the spec that tries it (null: not one setting)
  const cure = (text, change = null) => { out.cures.push(text); if (change) out.proposals.push({ text, change }); };
  if (kinds.has('saturated') || (kinds.has('vanishing') && squashing)) {
    if ([...inits].some((i) => i && !i.startsWith('glorot') && !i.startsWith('lecun'))) cure('initialise with glorot_uniform (Xavier): zero-centred weights scaled to the fan-in keep tanh and sigmoid out of their flat tails', { init: 'glorot_uniform' });
    cure('use an activation that does not saturate for large z: relu (with he_uniform) or leaky_relu / elu', { activation: 'relu', init: 'he_uniform' });
  }
  if (kinds.has('vanishing') && !squashing) {
    const scaled = [...inits].every((i) => i && /^(he|glorot|lecun)_/.test(i));
    cure('use fewer layers, or an initialisation scaled to the fan-in (he_uniform for relu)', scaled ? null : { init: 'he_uniform' });
  }
  if (kinds.has('dead')) {
    cure('use leaky_relu or elu: their gradient is never exactly 0, so a unit can come back', acts.has('leaky_relu') ? { activation: 'elu' } : { activation: 'leaky_relu' });
    cure('lower the learning rate, or try another seed / a small positive bias initialisation', { learningRateFactor: 0.1 });
  }
  out.healthy = kinds.size === 0;
  const lines = [];
  for (const L of out.layers) for (const f of L.findings) lines.push(`layer ${L.layer} (${L.activation}): ${f.text}`);
  if (out.healthy) lines.push(`no alarm: no layer saturated (≥ ${pct(T.saturatedShare)}) or with ≥ ${pct(T.deadUnits)} dead units at epoch ${last.epoch}, and no gradient ever ≥ ${T.vanishingRatio}× below the output layer's`);
  else lines.push('', 'likely cures:', ...out.cures.map((c) => `- ${c}`));
  out.text = `diagnosis at epoch ${last.epoch}:\n${lines.join('\n')}`;
  return out;
}
