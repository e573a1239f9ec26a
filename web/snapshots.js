// snapshots.js — the weight snapshots the training worker keeps per run for
// the epoch scrubber (panels/scrubber.js). Plain data, no DOM: the worker and
// the Node tests (tests/node/snapshots.test.js) use it.
//
// The budget, per run: at most MAX_SNAPSHOTS snapshots and at most
// SNAPSHOT_BUDGET_BYTES of weights (float32), whichever is smaller for the
// net's size, never fewer than MIN_SNAPSHOTS. Epoch 0 (the initial weights) and
// the latest epoch are always kept. When one more would break the budget, the
// kept epoch (not the first, not the latest) whose neighbours lie closest
// together on a log scale of (epoch + 1) goes: so every epoch is kept early in
// a run and the kept epochs spread evenly over log(epoch) later (roughly
// (E + 1)^(k / (cap − 1)), k = 0 … cap − 1, for E epochs).

/** Snapshots per run, at most. */
export const MAX_SNAPSHOTS = 256;
/** Bytes of weights per run, at most (float32 kernels and biases). */
export const SNAPSHOT_BUDGET_BYTES = 32 * 1024 * 1024;
/** The fewest snapshots a run keeps, however large the net (first, middle, latest). */
export const MIN_SNAPSHOTS = 3;

/** Bytes of one snapshot of `weights` ([{ kernel, bias }]). */
export function snapshotBytes(weights) {
  return weights.reduce((s, w) => s + w.kernel.byteLength + w.bias.byteLength, 0);
}

/** How many snapshots a run of a net whose weights take `bytes` keeps. */
export function snapshotCap(bytes) {
  return Math.max(MIN_SNAPSHOTS, Math.min(MAX_SNAPSHOTS, Math.floor(SNAPSHOT_BUDGET_BYTES / Math.max(1, bytes))));
}

export class SnapshotStore {
  constructor() {
    /** Kept snapshots, ascending epochs: [{ epoch, weights }]. */
    this.list = [];
    this.cap = MAX_SNAPSHOTS;
  }

  /** Keep `weights` (copies the caller will not change) as epoch `epoch`, above every kept one. */
  add(epoch, weights) {
    const last = this.list[this.list.length - 1];
    if (last && epoch <= last.epoch) {
      // the same epoch again (e.g. after new data): the newer weights replace it
      if (epoch === last.epoch) { last.weights = weights; return; }
      throw new RangeError(`snapshot of epoch ${epoch} after epoch ${last.epoch}`);
    }
    if (!this.list.length) this.cap = snapshotCap(snapshotBytes(weights));
    this.list.push({ epoch, weights });
    while (this.list.length > this.cap) this.thin();
  }

  /** Drop the interior snapshot whose neighbours are closest on log(epoch + 1). */
  thin() {
    const L = this.list;
    let best = 1, bestGap = Infinity;
    for (let i = 1; i < L.length - 1; i++) {
      const gap = Math.log(L[i + 1].epoch + 1) - Math.log(L[i - 1].epoch + 1);
      if (gap < bestGap) { bestGap = gap; best = i; }
    }
    L.splice(best, 1);
  }

  /** The kept snapshot of the largest epoch ≤ `epoch` (null: none, e.g. a negative epoch). */
  at(epoch) {
    const L = this.list;
    let lo = 0, hi = L.length - 1, found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (L[mid].epoch <= epoch) { found = L[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** The kept epochs, ascending. */
  epochs() { return this.list.map((s) => s.epoch); }

  /** Bytes of weights held. */
  bytes() { return this.list.reduce((s, x) => s + snapshotBytes(x.weights), 0); }

  clear() { this.list = []; }
}
