// url-hash.js — the page's settings in the URL hash (state.js's format):
// written after every change, read at start and when the user edits or
// navigates the hash.
import { defaultState, cloneState, toHash, fromHash } from './state.js';
import { ToWorker } from './protocol.js';
import { presetState } from './presets.js';
import { page, syncControls } from './page-state.js';
import { restart } from './session.js';
import { showMessage, clearMessage } from './panels/messages.js';
import { setCurveName, requestCurve } from './panels/charts.js';

export function writeHash() {
  const h = `#${toHash(page.settings)}`;
  if (location.hash !== h) history.replaceState(null, '', h);
}

/**
 * Take the whole state from the hash (invalid fields: defaults and a message) and
 * start over. A hash that names a preset starts from that preset's settings, and
 * its other fields change them: `#preset=deep-tanh` alone is the whole preset.
 */
export function applyHash() {
  // the CSV of this page's session (page.csv) is there for a link that names it
  const table = page.csv;
  let { state, errors } = fromHash(location.hash, { ...defaultState(), table });
  const base = state.preset ? presetState(state.preset) : null;
  if (base) ({ state, errors } = fromHash(location.hash, { ...base, table }));
  if (errors.length) {
    showMessage(`The link's settings were partly invalid and defaults were used for them: ${errors.slice(0, 4).join('; ')}` +
      `${errors.length > 4 ? ` (+${errors.length - 4} more)` : ''}.`, 'error', 'hash');
  } else clearMessage('hash');
  page.settings = state;
  if (!page.settings.cmp) page.settings.b = cloneState(defaultState()).b;
  page.editing = 'a';
  setCurveName(page.settings.a.layers[0].act);
  syncControls();
  if (errors.length) writeHash();
  restart(ToWorker.SETUP);
  requestCurve();
}

export function mount() {
  window.addEventListener('hashchange', () => {
    if (location.hash === `#${toHash(page.settings)}`) return;
    applyHash();
  });
}
