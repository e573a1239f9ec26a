// panels/controls.js — the settings and the transport: the data and network
// fields of the side panel (every [data-key] and [data-net] input), the preset
// and its explanation, Regenerate, and Play / Step / Reset (space plays and
// pauses). An edit is validated, written to page.settings and applied: new
// data, new networks, or just a message to the worker; then the URL follows.
import { INIT_PARAMS as LIB_INIT_PARAMS } from '../../dist/gradlab.js';
import { INITS, validateField, DATASET_NOISE, defaultNoise, initParamProblems, INIT_PARAM_FIELDS, fitProblems } from '../state.js';
import { PRESETS, presetById, presetState } from '../presets.js';
import { ToWorker } from '../protocol.js';
import { page, editedNet, syncControls, on, PageEvent } from '../page-state.js';
import { send, setPlaying, restart } from '../session.js';
import { writeHash } from '../url-hash.js';
import { showMessage, clearMessage, setInvalid, fieldProblems } from './messages.js';
import { showCurve } from './charts.js';
import { $, fillSelect } from './dom.js';

/** Settings whose change needs new data (the others new networks, or less). */
const DATA_KEYS = new Set(['ds', 'classes', 'feat', 'n', 'noise', 'factor', 'split', 'dseed']);
/** Initialisers with two parameters (fields ia, ib for the hidden layers' initialiser, oia, oib for the
 *  output's) → those parameters' names, from the library's table. */
export const INIT_PARAMS = Object.fromEntries(Object.entries(LIB_INIT_PARAMS).map(([init, p]) => [init, Object.keys(p)]));

function syncFields() {
  // every field shows the value in use: a value the page could not take is gone
  for (const el of document.querySelectorAll('[data-key]')) {
    const v = page.settings[el.dataset.key];
    if (el.type === 'checkbox') el.checked = !!v; else el.value = String(v);
    setInvalid(el, null);
  }
  for (const el of document.querySelectorAll('[data-net]')) {
    el.value = String(editedNet()[el.dataset.net]);
    setInvalid(el, null);
  }
  // init parameters the initialiser cannot take stay marked until fixed
  for (const pr of initParamProblems(editedNet())) for (const k of pr.keys) setInvalid($(k), pr.message);
  for (const k of ['n', 'noise', 'factor', 'split']) $(`${k}-out`).textContent = k === 'n' ? String(page.settings[k]) : Number(page.settings[k]).toFixed(2);
  $('factor').disabled = page.settings.ds !== 'circles';
  $('preset').value = page.settings.preset || '';
  const cfg = editedNet();
  // each initialiser's parameters, when it takes any: hidden layers' (ia, ib), output's (oia, oib)
  for (const f of INIT_PARAM_FIELDS) {
    const ip = INIT_PARAMS[cfg[f.init]];
    f.keys.forEach((k, j) => {
      $(`${k}-wrap`).hidden = !ip;
      if (!ip) return;
      const text = `${f.who === 'hidden' ? 'Hidden' : 'Output'} init ${ip[j]}`;
      if ($(`${k}-label`).textContent !== text) $(`${k}-label`).textContent = text;
      $(`${k}-wrap`).title = `${ip[j]} of the ${f.who === 'hidden' ? 'hidden layers\u2019' : 'output layer\u2019s'} initialiser, ${cfg[f.init]}`;
    });
  }
  $('mom-wrap').hidden = !(cfg.opt === 'momentum' || cfg.opt === 'rmsprop');
  const p = presetById(page.settings.preset);
  $('explain-title').textContent = p ? p.name : 'The vanishing gradient';
  $('preset-text').textContent = p ? p.text
    : 'Pick a preset above to replay the published experiments, or build your own network and press Play. ' +
      'The chart below shows how large the gradient is in each layer: lines far apart mean the first layers barely learn.';
}

/** The networks of the settings that cannot be built: [{ net: 'a' | 'b', keys, message }]. */
function netProblems() {
  const nets = page.settings.cmp ? ['a', 'b'] : ['a'];
  return nets.flatMap((net) => initParamProblems(page.settings[net]).map((p) => ({ net, ...p })));
}

/** A restart the settings need once they can be built again (SETUP wins over REBUILD). */
let pendingRestart = null;

/** Apply one validated change; what decides how much restarts. */
function changed(key) {
  if (key !== 'preset' && key !== 'speed') page.settings.preset = '';
  const what = DATA_KEYS.has(key) ? ToWorker.SETUP : key === 'epochs' || key === 'speed' ? null : ToWorker.REBUILD;
  if (key === 'epochs') { send(ToWorker.EPOCHS, { epochs: page.settings.epochs }); page.dirty.status = true; }
  else if (key === 'speed') send(ToWorker.SPEED, { speed: page.settings.speed });
  if (what) {
    if (pendingRestart !== ToWorker.SETUP) pendingRestart = what;
    // a network that cannot be built waits (its fields are marked) until it can
    if (!netProblems().length) { const w = pendingRestart; pendingRestart = null; restart(w); }
  }
  syncControls();
  writeHash();
}

/**
 * Why training cannot start now (null: it can): a field holds a value the
 * page cannot use, a network cannot be built. Said in the message area, with
 * the focus on the first field to fix.
 */
function whyNot(action) {
  const fields = fieldProblems();
  const other = netProblems().filter((p) => p.net !== page.editing);
  let why = null;
  if (fields.length) {
    why = `${fields.length === 1 ? 'a field holds a value' : `${fields.length} fields hold values`} it cannot use: ` +
      `${fields.map((f) => f.message).join('; ')}. Fix the marked field${fields.length > 1 ? 's' : ''} first.`;
    fields[0].el.focus();
    clearMessage('fields'); // said here in full
  } else if (other.length) {
    why = `network ${other[0].net.toUpperCase()} cannot be built: ${other[0].message}. Open its tab (${other[0].net.toUpperCase()}) and fix the marked field.`;
  } else if (page.buildError) {
    why = `the network could not be built: ${page.buildError}.`;
  }
  if (why) showMessage(`${action} cannot start: ${why}`, 'error', 'blocked');
  return why;
}

function onField(el) {
  const key = el.dataset.key;
  const raw = el.type === 'checkbox' ? (el.checked ? 1 : 0) : el.value;
  const r = validateField(key, raw);
  if (r.error) { setInvalid(el, r.error); return; }
  setInvalid(el, null);
  if (page.settings[key] === r.value) return;
  // a dataset with a noise of its own (spiral) gets it; leaving it, the noise goes
  // back to the new dataset's default unless the user had changed it
  if (key === 'ds' && (r.value in DATASET_NOISE || page.settings.noise === defaultNoise(page.settings.ds))) {
    page.settings.noise = defaultNoise(r.value);
  }
  page.settings[key] = r.value;
  if (key === 'cmp') { page.editing = 'a'; }
  // more than 2 classes: a softmax output; added points of a class that is gone go
  if (key === 'ds' || key === 'classes') {
    const fixed = fitProblems(page.settings);
    if (fixed.length) showMessage(`${fixed.join('; ')}.`, 'info', 'classes'); else clearMessage('classes');
  }
  changed(key);
}

function onNetField(el) {
  const key = el.dataset.net;
  const r = validateField(key, el.value);
  if (r.error) { setInvalid(el, r.error); return; }
  setInvalid(el, null);
  if (editedNet()[key] === r.value) return;
  editedNet()[key] = r.value;
  changed(key);
}

export function syncPlay() {
  const b = $('play');
  b.textContent = page.playing ? '❚❚ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(page.playing));
}

/** Fill the selects, bind the fields, the preset and the transport buttons. */
export function mount() {
  fillSelect($('init'), INITS);
  fillSelect($('oinit'), INITS);
  for (const p of PRESETS) $('preset').append(new Option(p.name, p.id));

  for (const el of document.querySelectorAll('[data-key]')) {
    el.addEventListener('change', () => onField(el));
    if (el.type === 'range') el.addEventListener('input', () => { $(`${el.id}-out`).textContent = el.id === 'n' ? el.value : Number(el.value).toFixed(2); });
  }
  for (const el of document.querySelectorAll('[data-net]')) el.addEventListener('change', () => onNetField(el));

  $('preset').addEventListener('change', () => {
    const id = $('preset').value;
    if (!id) { page.settings.preset = ''; syncControls(); writeHash(); return; }
    const p = presetState(id);
    p.speed = page.settings.speed;
    page.settings = p;
    page.editing = 'a';
    showCurve(page.settings.a.layers[0].act);
    syncControls();
    writeHash();
    restart(ToWorker.SETUP);
  });

  $('regen').addEventListener('click', () => {
    page.settings.dseed = (page.settings.dseed + 1) % 2147483648;
    changed('dseed');
  });

  $('play').addEventListener('click', () => {
    if (!page.playing && whyNot('Play')) return;
    if (!page.playing && page.runs.length && page.runs.every((r) => r.stopped || r.epoch >= page.settings.epochs)) {
      showMessage(`Training has reached ${page.runs.every((r) => r.stopped) ? 'a stop' : `the limit of ${page.settings.epochs} epochs`}: raise Epochs to go on, or Reset.`, 'info', 'limit');
      return;
    }
    setPlaying(!page.playing);
    send(page.playing ? ToWorker.PLAY : ToWorker.PAUSE);
  });
  $('step').addEventListener('click', () => { if (whyNot('Step')) return; setPlaying(false); send(ToWorker.STEP); });
  $('reset').addEventListener('click', () => { if (whyNot('Reset')) return; clearMessage('blocked'); restart(ToWorker.REBUILD); });
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== ' ' || ev.defaultPrevented || ev.target.closest('input, select, button, summary, textarea, label, [role=button]')) return;
    ev.preventDefault();
    $('play').click();
  });

  on(PageEvent.SYNC, syncFields);
  on(PageEvent.EDIT, changed);
  on(PageEvent.PLAYING, syncPlay);
}
