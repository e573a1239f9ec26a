// panels/dom.js — the two DOM helpers every panel uses.

export const $ = (id) => document.getElementById(id);

/** Replace a <select>'s options: one per value, with labels (default: the values). */
export function fillSelect(sel, values, labels = values) {
  sel.replaceChildren(...values.map((v, i) => new Option(labels[i], v)));
}
