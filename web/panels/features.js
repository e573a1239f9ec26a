// panels/features.js — the feature inputs (TensorFlow Playground's): x₁, x₂,
// x₁², x₂², x₁·x₂, sin x₁, sin x₂, each switched on and off by a toggle with a
// small heatmap of the feature over the plot (orange negative, white 0, blue
// positive, scaled to the feature's largest |value| there). The networks take
// the chosen ones (the library's featureColumns, in worker.js): their input
// width follows. Setting `feat` (in the URL when not x₁, x₂); 2-D data only.
import { FEATURES, FEATURE_LABELS, featureValue } from '../../dist/gradlab.js';
import { dataInputs } from '../state.js';
import { divergingColor } from '../surface.js';
import { EXTENT } from '../grid.js';
import { page, on, emit, PageEvent } from '../page-state.js';
import { showMessage, clearMessage } from './messages.js';
import { $ } from './dom.js';

const SIZE = 28; // heatmap pixels a side

function heatmap(name) {
  const c = document.createElement('canvas');
  c.width = SIZE; c.height = SIZE; c.className = 'feature-map';
  c.setAttribute('aria-hidden', 'true');
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(SIZE, SIZE);
  const at = (k) => -EXTENT + (2 * EXTENT * (k + 0.5)) / SIZE;
  const v = [];
  let m = 0;
  for (let r = 0; r < SIZE; r++) for (let q = 0; q < SIZE; q++) { const f = featureValue(name, at(q), -at(r)); v.push(f); m = Math.max(m, Math.abs(f)); }
  v.forEach((f, i) => {
    const [R, G, B] = divergingColor(m > 0 ? (f / m + 1) / 2 : 0.5);
    img.data.set([R, G, B, 255], 4 * i);
  });
  ctx.putImageData(img, 0, 0);
  return c;
}

function chosen() { return FEATURES.filter((f) => $(`feat-${f}`).checked); }

function onToggle(el) {
  const list = chosen();
  if (list.length === 0) {
    el.checked = true;
    showMessage('Feature inputs: the network needs at least one input; switch another on first.', 'error', 'features');
    return;
  }
  clearMessage('features');
  page.settings.feat = list;
  sync();
  emit(PageEvent.EDIT, 'feat');
}

function sync() {
  const on2d = dataInputs(page.settings) === 2;
  for (const f of FEATURES) {
    const el = $(`feat-${f}`);
    el.checked = page.settings.feat.includes(f);
    el.disabled = !on2d;
  }
  $('features-note').textContent = on2d
    ? `The networks take ${page.settings.feat.length} input${page.settings.feat.length > 1 ? 's' : ''}: ${page.settings.feat.map((f) => FEATURE_LABELS[f]).join(', ')}.`
    : `The ${page.settings.ds} data has one input, x₁: the features are for the 2-D sets.`;
}

export function mount() {
  $('features').replaceChildren(...FEATURES.map((f) => {
    const l = document.createElement('label');
    l.className = 'feature'; l.htmlFor = `feat-${f}`;
    l.title = `${FEATURE_LABELS[f]} over the plot: orange < 0, white 0, blue > 0`;
    const box = document.createElement('input');
    box.type = 'checkbox'; box.id = `feat-${f}`;
    box.addEventListener('change', () => onToggle(box));
    const name = document.createElement('span');
    name.textContent = FEATURE_LABELS[f];
    l.append(box, heatmap(f), name);
    return l;
  }));
  on(PageEvent.SYNC, sync);
  sync();
}
