// run-file.js — a kept run as plain data: the record the page keeps in
// IndexedDB (run-store.js) and the run file it exports and imports, a
// versioned JSON object { format: 'gradlab-run', version: 1, kind, name, date,
// net, settings, history, accuracy, stopped, model, study } (a study's `study`:
// { results: one per seed and network, bands: seedBands per network }). Every
// field is checked on the way in (a file or a stored record), and a bad one is named.
// No DOM here (the Node tests import it).
import { toHash, fromHash, GLOBAL_FIELDS, defaultState, textSum, MAX_KEPT_CSV_CHARS } from './state.js';

export const RUN_FORMAT = 'gradlab-run';
export const RUN_VERSION = 1;
/** A run file's text may be at most this long (characters). */
export const MAX_RUN_CHARS = 64 * 1024 * 1024;
export const MAX_NAME = 120;
export const MAX_EPOCHS = 100000;
export const MAX_LAYERS = 40;
export const MAX_SEEDS = 100;
const MAX_DEPTH = 16;

const KINDS = ['run', 'study'];
const FILE_KEYS = ['format', 'version', 'kind', 'name', 'date', 'net', 'settings', 'history', 'accuracy', 'stopped', 'model', 'study'];
// r2, valR2: a regression set's epochs (worker.js: 1 − mse / variance of y)
const EPOCH_KEYS = ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'r2', 'valR2', 'batches', 'layers'];
const NONFINITE = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A run file problem: the message names the field. */
export class RunFileError extends Error {
  constructor(field, problem) {
    super(`${field} ${problem}`);
    this.name = 'RunFileError';
    this.field = field;
  }
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `"${v.slice(0, 30)}${v.length > 30 ? '…' : ''}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
function keysOf(o, allowed, field) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new RunFileError(`${field}.${k}`, 'is not a field of a gradlab run');
}
/** A number of the file: a number, or "NaN" / "Infinity" / "-Infinity" (JSON has no such numbers). */
function numberOf(v, field, { nullable = false } = {}) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v in NONFINITE) return NONFINITE[v];
  if (nullable && v === null) return null;
  throw new RunFileError(field, `must be a number, got ${describe(v)}`);
}
function intOf(v, field, min, max) {
  if (!Number.isInteger(v) || v < min || v > max) throw new RunFileError(field, `must be a whole number in ${min} … ${max}, got ${describe(v)}`);
  return v;
}
function stringOf(v, field, max) {
  if (typeof v !== 'string') throw new RunFileError(field, `must be text, got ${describe(v)}`);
  if (v.length > max) throw new RunFileError(field, `has ${v.length} characters, at most ${max} are allowed`);
  return v;
}

function epochOf(s, field, prev) {
  if (!isObj(s)) throw new RunFileError(field, `must be an object { epoch, loss, accuracy, layers }, got ${describe(s)}`);
  keysOf(s, EPOCH_KEYS, field);
  if (s.epoch !== prev + 1) throw new RunFileError(`${field}.epoch`, `must be ${prev + 1} (epochs count from 1, one after another), got ${describe(s.epoch)}`);
  const out = { epoch: s.epoch };
  for (const k of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'r2', 'valR2', 'batches']) {
    if (s[k] !== undefined) out[k] = numberOf(s[k], `${field}.${k}`, { nullable: k.startsWith('val') || k === 'r2' });
  }
  if (out.loss === undefined) throw new RunFileError(`${field}.loss`, 'is missing');
  if (!Array.isArray(s.layers) || s.layers.length < 1 || s.layers.length > MAX_LAYERS) {
    throw new RunFileError(`${field}.layers`, `must be an array of 1 … ${MAX_LAYERS} layer statistics, got ${describe(s.layers)}`);
  }
  out.layers = s.layers.map((L, l) => {
    const f = `${field}.layers[${l}]`;
    if (!isObj(L)) throw new RunFileError(f, `must be an object { gradMeanAbs, … }, got ${describe(L)}`);
    const o = {};
    for (const [k, v] of Object.entries(L)) {
      if (!/^[a-zA-Z]{1,40}$/.test(k)) throw new RunFileError(`${f}.${k.slice(0, 40)}`, 'is not a layer statistic');
      o[k] = numberOf(v, `${f}.${k}`);
    }
    if (o.gradMeanAbs === undefined) throw new RunFileError(`${f}.gradMeanAbs`, 'is missing');
    return o;
  });
  return out;
}

/**
 * The settings a kept run keeps: the page's, with the user's CSV (setting `table`) only while
 * the data is that CSV, and its text only up to MAX_KEPT_CSV_CHARS (a longer one is kept by
 * name and checksum: the page must have the file loaded to open the run).
 */
export function keptSettings(st) {
  const out = structuredClone({ ...st, table: null });
  if (st.ds === 'csv' && st.table) out.table = { name: st.table.name, sum: st.table.sum, text: st.table.text.length <= MAX_KEPT_CSV_CHARS ? st.table.text : null };
  // in the settings table's order, as a file read back (settingsOf) has them: the same bytes again
  const order = Object.keys(defaultState());
  const keys = [...order.filter((k) => k in out), ...Object.keys(out).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, out[k]]));
}

/** A kept run's CSV (settings.table): null, or { name, sum, text } whose text (or null: not kept) matches its checksum. */
function tableOf(t, field) {
  if (t === undefined || t === null) return null;
  if (!isObj(t)) throw new RunFileError(field, `must be a CSV table { name, sum, text } or null, got ${describe(t)}`);
  keysOf(t, ['name', 'sum', 'text'], field);
  const name = stringOf(t.name, `${field}.name`, GLOBAL_FIELDS.csv.max);
  const sum = stringOf(t.sum, `${field}.sum`, 8);
  if (!/^[0-9a-f]{8}$/.test(sum)) throw new RunFileError(`${field}.sum`, `must be 8 hex digits, got ${describe(sum)}`);
  const text = t.text === null ? null : stringOf(t.text, `${field}.text`, MAX_KEPT_CSV_CHARS);
  if (text !== null && textSum(text) !== sum) throw new RunFileError(`${field}.text`, `does not match its checksum ${sum}`);
  return { name, sum, text };
}

function settingsOf(st, field) {
  if (!isObj(st)) throw new RunFileError(field, `must be the page's settings (an object), got ${describe(st)}`);
  for (const k of Object.keys(st)) if (!(k in GLOBAL_FIELDS) && k !== 'a' && k !== 'b') throw new RunFileError(`${field}.${k}`, 'is not a page setting');
  for (const n of ['a', 'b']) {
    if (!isObj(st[n])) throw new RunFileError(`${field}.${n}`, `must be a network's settings (an object), got ${describe(st[n])}`);
    if (!Array.isArray(st[n].layers)) throw new RunFileError(`${field}.${n}.layers`, `must be an array of layers, got ${describe(st[n].layers)}`);
  }
  const table = tableOf(st.table, `${field}.table`);
  const base = { ...defaultState(), table };
  let parsed;
  try { parsed = fromHash(toHash(st), base); } catch (e) { throw new RunFileError(field, `cannot be read: ${e.message}`); }
  if (parsed.errors.length) throw new RunFileError(field, `has a bad value: ${parsed.errors[0]}`);
  // B's settings are kept even when compare mode is off (the hash leaves them out)
  if (!st.cmp) {
    const b = fromHash(toHash({ ...st, cmp: 1 }), base);
    if (b.errors.length) throw new RunFileError(`${field}.b`, `has a bad value: ${b.errors[0]}`);
    parsed.state.b = b.state.b;
  }
  return parsed.state;
}

function modelOf(m, field, layers) {
  if (m === null) return null;
  if (!isObj(m)) throw new RunFileError(field, `must be a gradlab model (an object) or null, got ${describe(m)}`);
  if (m.format !== 'gradlab-model') throw new RunFileError(`${field}.format`, `must be 'gradlab-model', got ${describe(m.format)}`);
  // 1, or 3 for a network on feature inputs (spec.features: the model file's version 3)
  if (m.version !== 1 && m.version !== 3) throw new RunFileError(`${field}.version`, `must be 1 (3 with spec.features, the feature inputs), got ${describe(m.version)}`);
  if (!isObj(m.spec)) throw new RunFileError(`${field}.spec`, `must be an object, got ${describe(m.spec)}`);
  if (!Array.isArray(m.weights) || m.weights.length !== layers) {
    throw new RunFileError(`${field}.weights`, `must be an array of ${layers} layers' { kernel, bias }, got ${describe(m.weights)}`);
  }
  m.weights.forEach((w, l) => {
    if (!isObj(w)) throw new RunFileError(`${field}.weights[${l}]`, `must be { kernel, bias }, got ${describe(w)}`);
    for (const k of ['kernel', 'bias']) {
      const v = w[k];
      if (!(Array.isArray(v) || v instanceof Float32Array) || !Array.from(v).every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new RunFileError(`${field}.weights[${l}].${k}`, 'must be an array of finite numbers');
      }
    }
  });
  // the module's own check (network.fromJSON) reads the spec and the shapes when the model is used
  return { format: m.format, version: m.version, spec: structuredClone(m.spec), weights: m.weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias) })) };
}

const BAND_KEYS = ['n', 'median', 'q1', 'q3', 'min', 'max'];
const BAND_METRICS = ['loss', 'accuracy', 'valLoss', 'valAccuracy'];

/** One band of seedBands ({ n, median, q1, q3, min, max }: arrays of E numbers or null). */
function bandOf(b, field, E) {
  if (!isObj(b)) throw new RunFileError(field, `must be a band { ${BAND_KEYS.join(', ')} }, got ${describe(b)}`);
  keysOf(b, BAND_KEYS, field);
  const o = {};
  for (const k of BAND_KEYS) {
    if (!Array.isArray(b[k]) || b[k].length !== E) throw new RunFileError(`${field}.${k}`, `must be an array of ${E} numbers (one per epoch), got ${describe(b[k])}`);
    o[k] = b[k].map((v, i) => numberOf(v, `${field}.${k}[${i}]`, { nullable: true }));
  }
  return o;
}

/** A network's bands over seeds (seedBands of src/js/bands.js), its network having `layers` layers. */
function bandsOf(b, field, layers) {
  if (!isObj(b)) throw new RunFileError(field, `must be the bands over seeds { seeds, epochs, metrics, layers }, got ${describe(b)}`);
  keysOf(b, ['seeds', 'epochs', 'metrics', 'layers'], field);
  const seeds = intOf(b.seeds, `${field}.seeds`, 1, MAX_SEEDS);
  if (!Array.isArray(b.epochs) || b.epochs.length > MAX_EPOCHS) throw new RunFileError(`${field}.epochs`, `must be an array of at most ${MAX_EPOCHS} epochs, got ${describe(b.epochs)}`);
  b.epochs.forEach((e, i) => { if (e !== i + 1) throw new RunFileError(`${field}.epochs[${i}]`, `must be ${i + 1} (epochs count from 1, one after another), got ${describe(e)}`); });
  const E = b.epochs.length;
  if (!isObj(b.metrics)) throw new RunFileError(`${field}.metrics`, `must be an object { ${BAND_METRICS.join(', ')} }, got ${describe(b.metrics)}`);
  keysOf(b.metrics, BAND_METRICS, `${field}.metrics`);
  const metrics = Object.fromEntries(BAND_METRICS.map((m) => [m, bandOf(b.metrics[m], `${field}.metrics.${m}`, E)]));
  if (!Array.isArray(b.layers) || b.layers.length !== layers) throw new RunFileError(`${field}.layers`, `must be an array of the network's ${layers} layers, got ${describe(b.layers)}`);
  const ls = b.layers.map((ly, l) => {
    if (!isObj(ly)) throw new RunFileError(`${field}.layers[${l}]`, `must be an object { gradMeanAbs }, got ${describe(ly)}`);
    keysOf(ly, ['gradMeanAbs'], `${field}.layers[${l}]`);
    return { gradMeanAbs: bandOf(ly.gradMeanAbs, `${field}.layers[${l}].gradMeanAbs`, E) };
  });
  return { seeds, epochs: b.epochs.slice(), metrics, layers: ls };
}

/** A study's { results, bands }: bands one per network of the settings (A, and B in compare mode). */
function studyOf(s, field, settings) {
  if (s === null || s === undefined) return null;
  if (!isObj(s)) throw new RunFileError(field, `must be an object { results, bands } or null, got ${describe(s)}`);
  keysOf(s, ['results', 'bands'], field);
  if (!Array.isArray(s.results) || s.results.length > MAX_SEEDS * 2) throw new RunFileError(`${field}.results`, `must be an array of at most ${MAX_SEEDS * 2} seeds' results, got ${describe(s.results)}`);
  const out = {
    results: s.results.map((r, i) => {
      const f = `${field}.results[${i}]`;
      if (!isObj(r)) throw new RunFileError(f, `must be an object { seed, … }, got ${describe(r)}`);
      const o = { seed: intOf(r.seed, `${f}.seed`, 0, 2 ** 32 - 1) };
      for (const [k, v] of Object.entries(r)) {
        if (k === 'seed') continue;
        if (!/^[a-zA-Z]{1,40}$/.test(k)) throw new RunFileError(`${f}.${k.slice(0, 40)}`, 'is not a field of a seed result');
        if (k === 'stopped') { o.stopped = v === null ? null : stoppedOf(v, `${f}.stopped`); continue; }
        o[k] = numberOf(v, `${f}.${k}`, { nullable: true });
      }
      return o;
    }),
  };
  if (s.bands !== undefined && s.bands !== null) {
    const nets = settings.cmp ? ['a', 'b'] : ['a'];
    if (!Array.isArray(s.bands) || s.bands.length !== nets.length) throw new RunFileError(`${field}.bands`, `must be an array of ${nets.length} networks' bands (${nets.join(', ').toUpperCase()}), got ${describe(s.bands)}`);
    out.bands = s.bands.map((b, i) => bandsOf(b, `${field}.bands[${i}]`, settings[nets[i]].layers.length + 1));
  }
  return out;
}

function stoppedOf(s, field) {
  if (s === null) return null;
  if (!isObj(s)) throw new RunFileError(field, `must be null or { epoch, reason, message }, got ${describe(s)}`);
  keysOf(s, ['epoch', 'reason', 'message'], field);
  const o = { epoch: intOf(s.epoch, `${field}.epoch`, 0, MAX_EPOCHS), reason: stringOf(s.reason, `${field}.reason`, 40) };
  if (s.message !== undefined) o.message = stringOf(s.message, `${field}.message`, 400);
  return o;
}

function depth(text) {
  let d = 0, max = 0, inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) { if (c === 92) i++; else if (c === 34) inStr = false; } else if (c === 34) inStr = true;
    else if (c === 91 || c === 123) { if (++d > max) max = d; if (max > MAX_DEPTH) return max; } else if (c === 93 || c === 125) d--;
  }
  return max;
}

/**
 * A run (a file's object or text, or a stored record) checked field by field:
 * the run as the page keeps it (numbers as numbers, settings normalised).
 * Throws RunFileError naming the first bad field.
 */
export function parseRun(input) {
  let o = input;
  if (typeof input === 'string') {
    if (input.length > MAX_RUN_CHARS) throw new RunFileError('the file', `has ${input.length} characters, above the limit of ${MAX_RUN_CHARS}`);
    if (depth(input) > MAX_DEPTH) throw new RunFileError('the file', `is nested deeper than ${MAX_DEPTH} levels`);
    try { o = JSON.parse(input); } catch (e) { throw new RunFileError('the file', `is not JSON: ${e.message}`); }
  }
  if (!isObj(o)) throw new RunFileError('the file', `must be a gradlab run (a JSON object), got ${describe(o)}`);
  if (o.format !== RUN_FORMAT) throw new RunFileError('format', `must be '${RUN_FORMAT}', got ${describe(o.format)}${o.format === 'gradlab-model' ? ' (a model file: import it with Import model)' : ''}`);
  if (o.version !== RUN_VERSION) throw new RunFileError('version', `${typeof o.version === 'number' ? o.version : describe(o.version)} is not supported (this page reads version ${RUN_VERSION})`);
  keysOf(o, [...FILE_KEYS, 'id', 'pinned', 'bytes'], 'run');
  if (!KINDS.includes(o.kind)) throw new RunFileError('kind', `must be one of ${KINDS.join(', ')}, got ${describe(o.kind)}`);
  const name = stringOf(o.name, 'name', MAX_NAME);
  const date = stringOf(o.date, 'date', 40);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(date) || Number.isNaN(Date.parse(date))) throw new RunFileError('date', `must be an ISO date (2026-01-31T12:00:00.000Z), got ${describe(date)}`);
  if (o.net !== 'a' && o.net !== 'b') throw new RunFileError('net', `must be 'a' or 'b', got ${describe(o.net)}`);
  const settings = settingsOf(o.settings, 'settings');
  if (!Array.isArray(o.history) || o.history.length > MAX_EPOCHS) throw new RunFileError('history', `must be an array of at most ${MAX_EPOCHS} epochs, got ${describe(o.history)}`);
  let prev = 0;
  const history = o.history.map((s, i) => { const e = epochOf(s, `history[${i}]`, prev); prev = e.epoch; return e; });
  const layers = settings[o.net].layers.length + 1;
  history.forEach((s, i) => { if (s.layers.length !== layers) throw new RunFileError(`history[${i}].layers`, `has ${s.layers.length} layers, network ${o.net.toUpperCase()} of the settings has ${layers}`); });
  if (!isObj(o.accuracy)) throw new RunFileError('accuracy', `must be an object { train, test }, got ${describe(o.accuracy)}`);
  keysOf(o.accuracy, ['train', 'test'], 'accuracy');
  const accuracy = { train: numberOf(o.accuracy.train, 'accuracy.train', { nullable: true }), test: numberOf(o.accuracy.test, 'accuracy.test', { nullable: true }) };
  const run = {
    format: RUN_FORMAT, version: RUN_VERSION, kind: o.kind, name, date, net: o.net, settings, history, accuracy,
    stopped: stoppedOf(o.stopped === undefined ? null : o.stopped, 'stopped'),
    model: modelOf(o.model === undefined ? null : o.model, 'model', layers),
    study: studyOf(o.study, 'study', settings),
  };
  if (o.id !== undefined) run.id = stringOf(o.id, 'id', 60);
  if (o.pinned !== undefined) run.pinned = !!o.pinned;
  return run;
}

const enc = (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const encDeep = (v) => (Array.isArray(v) ? v.map(encDeep) : isObj(v) ? Object.fromEntries(Object.entries(v).map(([a, b]) => [a, encDeep(b)])) : enc(v));

/** The run file's object of a run (no id, pin or size: those are this browser's). */
export function runFile(run) {
  const f = {};
  for (const k of FILE_KEYS) f[k] = run[k] === undefined ? null : run[k];
  f.history = run.history.map((s) => {
    const o = {};
    for (const [k, v] of Object.entries(s)) o[k] = k === 'layers' ? v.map((L) => Object.fromEntries(Object.entries(L).map(([a, b]) => [a, enc(b)]))) : enc(v);
    return o;
  });
  f.accuracy = { train: enc(run.accuracy.train), test: enc(run.accuracy.test) };
  if (run.study) f.study = encDeep(run.study);
  return f;
}

/**
 * About how many bytes a run takes as JSON, without writing it out (a long
 * run's history is megabytes: the page measures it every few seconds).
 */
export function runBytes(run) {
  const h = run.history;
  const perEpoch = h.length ? JSON.stringify(h[h.length - 1]).length + 1 : 0;
  const weights = run.model ? run.model.weights.reduce((a, w) => a + w.kernel.length + w.bias.length, 0) : 0;
  return 2048 + JSON.stringify(run.settings).length + h.length * perEpoch + weights * 12 + (run.study ? JSON.stringify(run.study).length : 0);
}

/** The run file's text. */
export function runFileText(run) { return JSON.stringify(runFile(run), null, 1); }

/**
 * A new run record of a live run: `settings` the page's settings, `net` 'a' | 'b',
 * `live` the page's run ({ history, stopped, current, weights }), `spec` its network
 * spec (state.js networkSpec) for the model, `id` this browser's id.
 */
export function runRecord({ id, name, date = new Date().toISOString(), settings, net, live, spec, kind = 'run', study = null }) {
  const last = live.history[live.history.length - 1];
  const cur = live.current;
  return {
    id, format: RUN_FORMAT, version: RUN_VERSION, kind, name, date, net,
    settings: keptSettings(settings),
    history: live.history.slice(),
    accuracy: {
      train: cur ? cur.accuracy : last ? last.accuracy : null,
      test: cur ? cur.valAccuracy : last && last.valAccuracy !== undefined ? last.valAccuracy : null,
    },
    stopped: live.stopped ? { ...live.stopped } : null,
    model: live.weights && spec ? {
      format: 'gradlab-model', version: spec.features ? 3 : 1, spec: structuredClone(spec),
      weights: live.weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias) })),
    } : null,
    study,
  };
}
