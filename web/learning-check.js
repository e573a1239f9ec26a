// learning-check.js — is a run learning? The page trains on; this says when
// the training loss shows that it does not, and what most likely stops it,
// from the statistics the worker already reports (per layer: gradient size,
// share of dead and of saturated units). No DOM here.
//
// The rule, in the words the page shows (RULE):
// - chance level: the loss of always answering the training set's class
//   share (0.693 for cross-entropy and balanced classes, 0.25 for MSE);
// - "above chance": from epoch 10 on, the mean loss of the last 5 epochs is
//   more than 25% above chance level (the outputs are confidently wrong) and
//   not 10% below the mean of the 5 epochs before;
// - "rising": from epoch 20 on, that mean is 1.5× its lowest so far;
// - "flat": after 100 epochs, it has not fallen 5% below chance level.
// Once said, a finding holds until the loss is clearly past its threshold
// (above: back under 1.1× chance; rising: under 1.25× its lowest; flat: 10%
// below chance), so the message does not flicker on a noisy loss. Training
// goes on either way.

export const RULE = Object.freeze({
  window: 5,
  aboveFrom: 10, aboveFactor: 1.25,
  /** "above" waits while the loss still falls this much from one 5-epoch mean to the next */
  fallingFraction: 0.1,
  risingFrom: 20, risingFactor: 1.5,
  flatAfter: 100, flatFraction: 0.05,
  // while a finding holds: the thresholds it must pass to go
  aboveHold: 1.1, risingHold: 1.25, flatHold: 0.1,
  /** a hidden layer whose first-to-output gradient gap is at least this is "vanishing" */
  vanishingGap: 10,
});

export const RULE_TEXT = `The page checks the training loss (mean of the last ${RULE.window} epochs) against chance level, ` +
  `the loss of always answering the training set's class share: more than ${Math.round((RULE.aboveFactor - 1) * 100)}% above it ` +
  `from epoch ${RULE.aboveFrom} on (unless it fell ${Math.round(RULE.fallingFraction * 100)}% over the last 5 epochs), ${RULE.risingFactor}× its lowest so far from epoch ${RULE.risingFrom} on, or not ` +
  `${Math.round(RULE.flatFraction * 100)}% below it after ${RULE.flatAfter} epochs, says so; the message goes once the loss is ` +
  `clearly past that (${Math.round(RULE.flatHold * 100)}% below chance level, back under ${RULE.aboveHold}× it, or under ${RULE.risingHold}× its lowest). Training goes on.`;

/**
 * Chance-level loss for output `out` when a share `p` of the training labels
 * is 1 (linear_mse, a regression: p is y's variance); or, with p an array of every class's share (more than 2 classes,
 * softmax), the cross-entropy of answering those shares: their entropy.
 */
export function chanceLoss(out, p) {
  if (out === 'linear_mse') return p; // a regression: p is the variance of y, the mse of predicting its mean
  if (Array.isArray(p)) return -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  if (out === 'sigmoid_mse') return q * (1 - q);
  return -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
}

const fmt = (v) => (!Number.isFinite(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const pct = (v) => `${Math.round(v * 100)}%`;
const SQUASHING = new Set(['tanh', 'sigmoid', 'hard_sigmoid', 'softsign']);

/**
 * The check of one run, fed one epoch at a time (every epoch counts, however
 * the page batches its updates). cfg: the run's net config (layers, lr, opt,
 * out); chance: chanceLoss(). After each push(), `finding` is null while the
 * run learns (or it is too early to say), else { kind: 'above' | 'rising' |
 * 'flat', epoch, loss, what, cause, advice }.
 */
export class LearningCheck {
  constructor(cfg, chance) {
    this.cfg = cfg;
    this.chance = chance;
    this.losses = [];
    this.sum = 0;
    this.low = Infinity;
    this.lowEpoch = 0;
    this.kind = null;
    this.since = 0;
    this.cause = null;
    this.finding = null;
  }

  /** Take the next epoch's stats (EpochStats: loss, layers, epoch). */
  push(s) {
    const W = RULE.window, chance = this.chance;
    this.losses.push(s.loss);
    this.sum += s.loss;
    const n = this.losses.length;
    if (n > W) this.sum -= this.losses[n - 1 - W];
    if (n < W || !(chance > 0)) return this.finding;
    const m = this.sum / W;
    if (!Number.isFinite(m)) { this.kind = null; this.finding = null; return null; } // diverged: the page says so already
    if (m < this.low) { this.low = m; this.lowEpoch = s.epoch; }
    const prev = this.kind;
    const held = (k) => prev === k; // a finding already said: it holds until clearly passed
    let kind = null, what = '';
    // the mean of the 5 epochs before the last 5: a loss still falling fast is not stuck
    let before = Infinity;
    if (n >= 2 * W) { before = 0; for (let i = n - 2 * W; i < n - W; i++) before += this.losses[i]; before /= W; }
    const falling = m < (1 - RULE.fallingFraction) * before;
    if (n >= RULE.aboveFrom && (held('above') ? m > RULE.aboveHold * chance : m > RULE.aboveFactor * chance && !falling)) {
      kind = 'above';
      what = held('above')
        ? `at epoch ${s.epoch} the training loss (${fmt(m)}) is still more than ${RULE.aboveHold}× chance level (${fmt(chance)}), as it has been since epoch ${this.since}`
        : `after ${s.epoch} epochs the training loss (${fmt(m)}) is more than ${Math.round((RULE.aboveFactor - 1) * 100)}% above chance level (${fmt(chance)}): the outputs are confidently wrong`;
    } else if (n >= RULE.risingFrom && m > (held('rising') ? RULE.risingHold : RULE.risingFactor) * this.low && m - this.low > 0.05 * chance) {
      kind = 'rising';
      what = `the training loss is rising: ${fmt(this.low)} at epoch ${this.lowEpoch}, ${fmt(m)} at epoch ${s.epoch}`;
    } else if (n >= RULE.flatAfter && m > (1 - (held('flat') ? RULE.flatHold : RULE.flatFraction)) * chance) {
      kind = 'flat';
      what = held('flat')
        ? `at epoch ${s.epoch} the training loss (${fmt(m)}) is still within ${pct(RULE.flatHold)} of chance level (${fmt(chance)}), as it has been since epoch ${this.since}`
        : `after ${s.epoch} epochs the training loss (${fmt(m)}) has not fallen ${pct(RULE.flatFraction)} below chance level (${fmt(chance)})`;
    }
    if (kind !== prev) { this.since = s.epoch; this.cause = null; }
    this.kind = kind;
    if (!kind) { this.finding = null; return null; }
    // while a finding holds, its cause is the strongest seen since it was made
    // (a dead layer over a vanishing gradient over the learning rate), so a
    // gap that narrows late in a flat run does not turn it into "too low a rate"
    const d = diagnose(kind, s, this.cfg);
    if (!this.cause || d.rank >= this.cause.rank) this.cause = { ...d, epoch: s.epoch };
    const c = this.cause;
    const cause = c.epoch === s.epoch ? c.cause : `${c.cause}, as seen at epoch ${c.epoch}`;
    this.finding = { kind, epoch: s.epoch, loss: m, what, cause, advice: c.advice, rank: c.rank };
    return this.finding;
  }
}

/** The finding of a whole history (LearningCheck fed every epoch): null or as LearningCheck.finding. */
export function checkLearning(history, cfg, chance) {
  const c = new LearningCheck(cfg, chance);
  for (const s of history) c.push(s);
  return c.finding;
}

/** The likeliest cause, from the last epoch's layer statistics and the settings. */
export function diagnose(kind, last, cfg) {
  const lr = cfg.lr;
  const tooHigh = {
    rank: 1,
    cause: `the learning rate (${lr}) is too high: each step overshoots`,
    advice: `try ${lr / 10}`,
  };
  if (kind === 'above' || kind === 'rising') return tooHigh;
  const layers = (last && last.layers) || [];
  const hidden = layers.slice(0, -1);
  const out = layers[layers.length - 1];
  const dead = hidden.findIndex((l) => l.deadFraction >= 1);
  if (dead >= 0) {
    return {
      rank: 5,
      cause: `dead units: every unit of layer L${dead + 1} had derivative 0 for every sample of the epoch, so no gradient reaches the layers below it`,
      advice: 'try another network seed (Try 10 seeds shows how often this happens), leaky_relu or elu, or fewer layers',
    };
  }
  // the widest gap between a hidden layer's gradient and the output layer's
  let gapLayer = -1, gap = 1;
  if (out && out.gradMeanAbs > 0) {
    hidden.forEach((l, i) => {
      const g = l.gradMeanAbs > 0 ? out.gradMeanAbs / l.gradMeanAbs : Infinity;
      if (g > gap) { gap = g; gapLayer = i; }
    });
  }
  // saturation: of the squashing layers only (a ReLU unit with f' = 0 throughout is dead, not saturated)
  const sat = hidden.reduce((a, l, i) => (SQUASHING.has(cfg.layers[i] && cfg.layers[i].act) ? Math.max(a, l.saturatedFraction || 0) : a), 0);
  const mostlyDead = hidden.reduce((a, l, i) => (l.deadFraction > (a.f || 0) ? { i, f: l.deadFraction } : a), {});
  if (gapLayer >= 0 && gap >= RULE.vanishingGap) {
    const satText = sat > 0 ? `; ${pct(sat)} of a layer's units are saturated` : '';
    return {
      rank: 4,
      cause: `vanishing gradient: layer L${gapLayer + 1} gets ${gap === Infinity ? 'no' : `${fmt(gap)}× less`} gradient than the output layer${satText}`,
      advice: 'try relu with he_uniform, fewer layers, or an initialiser scaled to the layer (glorot_uniform)',
    };
  }
  if (mostlyDead.f >= 0.5) {
    return {
      rank: 3,
      cause: `dead units: ${pct(mostlyDead.f)} of layer L${mostlyDead.i + 1}'s units had derivative 0 for every sample of the epoch`,
      advice: 'try another network seed (Try 10 seeds shows how often this happens), leaky_relu or elu, or fewer layers',
    };
  }
  if (sat >= 0.5) {
    return {
      rank: 2,
      cause: `saturation: ${pct(sat)} of a layer's units stayed under 1% of their largest derivative for every sample`,
      advice: 'try smaller initial weights (glorot_uniform) or a non-saturating activation',
    };
  }
  if (lr >= 0.5) return tooHigh;
  return {
    rank: 0,
    cause: `the gradient reaches every layer, but the weights move slowly: the learning rate (${lr}) may be too low, or the net needs more epochs`,
    advice: `try ${lr * 10}`,
  };
}
