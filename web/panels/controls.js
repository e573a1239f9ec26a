// panels/controls.js — the settings and the transport: the data and network
// fields of the side panel (every [data-key] and [data-net] input), the preset
// and its explanation, Regenerate, and Play / Step / Reset (space plays and
// pauses). An edit is validated, written to page.settings and applied: new
// data, new networks, or just a message to the worker; then the URL follows.
import { INIT_PARAMS as LIB_INIT_PARAMS } from '../../dist/gradlab.js';
import { SCHEDULES } from '../../dist/gradlab.js';
import {
  INITS, validateField, fieldSpec, DATASET_NOISE, defaultNoise, initParamProblems, INIT_PARAM_FIELDS,
  layerProblems, trainProblems, SCHEDULE_FIELDS, fitProblems, netInputs, dataClasses, REGRESSION_OUTPUT, NET_FIELDS,
} from '../state.js';
import { PRESETS, presetById, presetState } from '../presets.js';
import { ToWorker } from '../protocol.js';
import { page, editedNet, syncControls, on, PageEvent } from '../page-state.js';
import { send, setPlaying, restart } from '../session.js';
import { writeHash } from '../url-hash.js';
import { showMessage, clearMessage, setInvalid, fieldProblems } from './messages.js';
import { showCurve } from './charts.js';
import { $, fillSelect } from './dom.js';

/** Settings whose change needs new data (the others new networks, or less). */
const DATA_KEYS = new Set(['ds', 'classes', 'feat', 'n', 'noise', 'factor', 'split', 'dseed', 'std', 'label']);
/** A table's surface inputs: the same runs, drawn over other inputs (panels/table.js). */
const PLANE_KEYS = new Set(['sx', 'sy']);
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
    el.value = String(editedNet()[el.dataset.net] ?? fieldSpec(el.dataset.net).def);
    setInvalid(el, null);
  }
  // init parameters the initialiser cannot take (a schedule floor above the rate) stay marked until fixed
  for (const pr of [...initParamProblems(editedNet()), ...trainProblems(editedNet())]) {
    for (const k of pr.keys) setInvalid(netInput(k), pr.message);
  }
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
  // the clip threshold with clipping on; the schedule's own parameters for the chosen schedule
  const clip = cfg.clip ?? 'off';
  $('clipv-wrap').hidden = clip === 'off';
  $('clipv-label').textContent = clip === 'value' ? 'Clip value' : 'Clip norm';
  const shown = new Set(SCHEDULE_FIELDS[cfg.sched ?? SCHEDULES[0]]);
  for (const el of document.querySelectorAll('[data-sched-field]')) el.hidden = !shown.has(el.dataset.schedField);
  const p = presetById(page.settings.preset);
  $('explain-title').textContent = p ? p.name : 'The vanishing gradient';
  $('preset-text').textContent = p ? p.text
    : 'Pick a preset above to replay the published experiments, or build your own network and press Play. ' +
      'The chart "Gradient size per layer" shows how large the gradient is in each layer: lines far apart mean the first layers barely learn.';
}

/** The input of net field `key` (a schedule parameter's id has '-' for its '.'). */
const netInput = (key) => $(key.replace('.', '-'));

/** The networks of the settings that cannot be built: [{ net: 'a' | 'b', keys, message }]. */
function netProblems() {
  const nets = page.settings.cmp ? ['a', 'b'] : ['a'];
  return nets.flatMap((net) => {
    const cfg = page.settings[net];
    return [...initParamProblems(cfg), ...trainProblems(cfg), ...layerProblems(cfg, netInputs(page.settings)).map((p) => ({ keys: [], message: p.message }))]
      .map((p) => ({ net, ...p }));
  });
}

/** The schedules' own parameter fields (SCHEDULE_FIELDS but warmupEpochs), made from the library's table. */
function makeScheduleFields() {
  const at = $('sched-params');
  for (const type of SCHEDULES) {
    for (const key of SCHEDULE_FIELDS[type]) {
      if (key === 'warmupEpochs') continue;
      const spec = fieldSpec(key);
      const param = key.split('.')[1];
      const label = document.createElement('label');
      label.className = 'field';
      label.dataset.schedField = key;
      label.htmlFor = key.replace('.', '-');
      const text = document.createElement('span');
      text.textContent = `${type[0].toUpperCase()}${type.slice(1)} ${param.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
      const input = document.createElement('input');
      input.type = 'number'; input.id = key.replace('.', '-'); input.dataset.net = key;
      input.step = spec.kind === 'int' || /Epochs$/.test(param) ? '1' : '0.01';
      input.min = String(spec.min);
      if (param === 'decayEpochs') label.title = 'epochs of the cosine decay after the warm-up; 0: the rest of the run';
      label.append(text, input);
      at.before(label);
    }
  }
  at.remove();
}

/** A restart the settings need once they can be built again (SETUP wins over REBUILD). */
let pendingRestart = null;

/** Apply one validated change; what decides how much restarts. */
function changed(key) {
  if (key !== 'preset' && key !== 'speed') page.settings.preset = '';
  const what = DATA_KEYS.has(key) ? ToWorker.SETUP : key === 'epochs' || key === 'speed' || PLANE_KEYS.has(key) ? null : ToWorker.REBUILD;
  if (key === 'epochs') { send(ToWorker.EPOCHS, { epochs: page.settings.epochs }); page.dirty.status = true; }
  else if (PLANE_KEYS.has(key)) send(ToWorker.PLANE, { sx: page.settings.sx, sy: page.settings.sy });
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
  // leaving a regression set, its linear output goes back to the default (a linear
  // output on 2 classes is allowed, but only as a choice: the cures' clipping preset)
  const leftRegression = key === 'ds' && dataClasses(page.settings) === 0;
  page.settings[key] = r.value;
  if (leftRegression && dataClasses(page.settings) > 0) {
    for (const net of [page.settings.a, page.settings.b]) if (net.out === REGRESSION_OUTPUT) net.out = NET_FIELDS.out.def;
  }
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
  fillSelect($('sched'), SCHEDULES);
  makeScheduleFields();
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
