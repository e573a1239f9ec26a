// worker.js — trains the network(s) off the main thread. The messages it takes
// and sends, with their fields, are in protocol.js. `update` carries the epochs
// trained since the last update, the latest decision surface (probabilities,
// transferred) and the weights, and is posted at most every UPDATE_MS so the
// page keeps its frame rate. While training, the surface is computed on the
// finest grid of SURFACE_RES that fits SURFACE_MS (a big net's surface is
// coarse but keeps up), and the diagram's inspection on its own slower
// schedule; whenever training stops both are computed in full. Each run keeps
// weight snapshots and answers the diagram's and the scrubber's questions
// through its RunInspector (inspect.js). In compare mode the page may give A
// and B a worker each: `runs` of setup, rebuild and importModel then names
// the run(s) this worker trains.
import { load, historyColumns } from '../dist/gradlab.js';
import { networkSpec, pageLayer, pointFits, pointTarget, MAX_LAYERS, MAX_UNITS, REGRESSION_OUTPUT } from './state.js';
import { makeData as makeExperimentData, loadTable, targets, trainOptions, shareInit, confusion, variance, rSquared, netInput, netInputsOf, netGrid, plotPoints, misclassified } from './experiment.js';
import { isTable, csvOptions } from './state.js';
import { GRID, SURFACE_RES, gridPoints } from './grid.js';
import { RunInspector, surfaceFrom, surfaceResFor, UNIT_GRID } from './inspect.js';
import { ToWorker, FromWorker, ErrorWhere } from './protocol.js';
import { plainEpoch, percentileRow, fullLayers, logSpaced, fullAt } from './dist-series.js';
const UPDATE_MS = 33;       // ≤ 30 updates a second
const SLICE_MS = 12;        // train at most this long before yielding to messages
const REST_MS = 8;          // at 'max' speed, then rest this long: on a busy machine the
                            // page's main thread and compositor get the CPU for smooth frames
const SURFACE_MS = 20;      // while training: surface + metrics of one refresh in about this
                            // much, refreshed every 4× that, or sooner to keep REFRESH_MS
const REFRESH_MS = 100;     // a surface at least this often while training (≥ 10 a second),
                            // as far as the epochs allow (surfaces come between epochs)
const INSPECT_MS = 200;     // the diagram's inspection at most this often (and 8× its cost)
                            // while training: the page redraws the diagram every ≥ 200 ms

let lab = null;
let data = null;            // { Xtr, ytr, Xte, yte, classes, inputs, features, varTr, varTe, Ntr, Nte, Ngrid }: the drawn
                            // data + the added points; N…: what the networks take (netInput: the feature inputs)
let drawn = null;           // the data set as drawn (without the added points)
let added = [];             // points clicked in: [{ x, y, c | v }], appended to the training set
let runs = [];              // [{ index, cfg, net, insp, pending: [], epoch, stopped }]
let owned = null;           // the run indices (0: A, 1: B) this worker trains; null: all
let state = null;
let playing = false;
let speed = '60';
let epochLimit = 500;
let lastPost = 0;
let surfaceCost = 0;        // ms of the last surface computation (all runs, with the metrics)
let pointCost = 0;          // ms per grid point of the surfaces (all runs; smoothed)
let lastRes = GRID;         // the resolution of the last surfaces sent
let metricsCost = 0;        // ms of the last weights and metrics (all runs)
let inspectCost = 0;        // ms of the last inspections (all runs)
let trainMs = 0;            // ms of the last turn's training
let lastInspect = 0;
let lastSurface = 0;
let credit = 0;             // epochs allowed by the speed setting
let lastTick = 0;
let timer = null;
let gen = 0;               // generation of the page's last setup/rebuild/import, echoed back
let studyData = -1;        // the seed study whose data `data` holds (a study sends its seeds one at a time)

// the surface's GRID² points (grid.js), and with one input (the sine, a 1-input table) the x of each column
const grid = gridPoints(GRID);
const grid1 = Float32Array.from({ length: GRID }, (_, c) => grid[2 * c]);

function post(msg, transfer = []) { self.postMessage(msg, transfer); }
function fail(where, e) { post({ type: FromWorker.ERROR, where, message: e && e.message ? e.message : String(e) }); }

// the last table loaded (a bundled one, or the user's CSV with its label column): { key, table }
let tableCache = { key: '', table: null };
async function makeData(st) {
  studyData = -1;
  let table = null;
  if (isTable(st.ds)) {
    const key = st.ds === 'csv' ? `csv:${st.table.sum}:${st.table.text.length}:${JSON.stringify(csvOptions(st))}` : st.ds;
    if (tableCache.key !== key) tableCache = { key, table: await loadTable(lab, st) };
    table = tableCache.table;
  }
  drawn = makeExperimentData(lab, st, table);
  withAdded(st.pts || []);
}

// The training set is the drawn one followed by the added points: those of the
// kind the data takes (state.js pointFits): a class, a value at (x, y), or the
// sine's input x with value y.
function withAdded(pts) {
  added = drawn.table ? [] : pts.filter((p) => pointFits(p, drawn.classes, drawn.inputs)).map((p) => ({ ...p }));
  const n0 = drawn.ytr.length, d = drawn.inputs;
  const Xtr = new Float32Array(d * (n0 + added.length));
  const ytr = new Float32Array(n0 + added.length);
  Xtr.set(drawn.Xtr); ytr.set(drawn.ytr);
  added.forEach((p, i) => {
    Xtr[d * (n0 + i)] = p.x;
    if (d === 2) Xtr[d * (n0 + i) + 1] = p.y;
    ytr[n0 + i] = pointTarget(p);
  });
  data = { Xtr, ytr, Xte: drawn.Xte, yte: drawn.yte, classes: drawn.classes, inputs: drawn.inputs, features: drawn.features, table: drawn.table };
  data.Ntr = netInput(Xtr, data); data.Nte = netInput(drawn.Xte, data); data.Ngrid = netGrid(drawn.inputs === 1 ? grid1 : grid, data);
  if (!data.classes) { data.varTr = variance(ytr); data.varTe = variance(drawn.yte); }
  for (const r of runs) r.ytr = targets(ytr, r.cfg, data.classes);
}

// The runs of `st` this worker trains (A, and B in compare mode, or those of
// `owned`); imported: { cfg, net } of a model imported as network A (the net is
// taken: run A's, or disposed here when A trains in another worker).
function buildRuns(st, imported = null) {
  for (const r of runs) { r.insp.dispose(); r.net.dispose(); }
  runs = [];
  const cfgs = st.cmp ? [st.a, st.b] : [st.a];
  const withA = !owned || owned.includes(0);
  const spec = (cfg) => networkSpec(cfg, st.seed, data.classes, netInputsOf(data), data.features);
  cfgs.forEach((cfg, i) => {
    if (owned && !owned.includes(i)) return;
    runs.push(i === 0 && imported ? newRun(imported.cfg, imported.net, 0) : newRun(cfg, lab.network(spec(cfg)), i));
  });
  // same initial weights: B takes A's layers where the shapes match (A's
  // initial weights built here again when A trains in another worker)
  const b = runs.find((r) => r.index === 1);
  const a0 = withA ? null : imported ? imported.net : b && st.same ? lab.network(spec(st.a)) : null;
  try {
    if (b && st.same) b.initShare = shareInit(withA ? runs.find((r) => r.index === 0).net : a0, b.net);
  } finally { if (a0) a0.dispose(); }
}

function newRun(cfg, net, index) {
  // total: the run's length when built (a cosine schedule without decayEpochs decays over it)
  return { index, cfg, net, total: epochLimit, insp: new RunInspector(lab, net, cfg), pending: [], pct: [], pctEpochs: [], full: [], last: null, epoch: 0, stopped: null, ytr: targets(data.ytr, cfg, data.classes), yte: targets(data.yte, cfg, data.classes) };
}

// The finest resolution whose surfaces (all runs) and metrics fit SURFACE_MS.
function surfaceRes(full) {
  if (full || !pointCost) return GRID;
  const budget = SURFACE_MS - metricsCost;
  return SURFACE_RES.find((res) => pointCost * res * res <= budget) ?? SURFACE_RES[SURFACE_RES.length - 1];
}

function postData() {
  if (owned && !owned.includes(0)) return; // the worker of run A sends the data
  // a table: its columns and scaling, and the rows' plot coordinates (their surface inputs sx, sy)
  const plot = data.table ? { Xtr: plotPoints(data.Xtr, data), Xte: plotPoints(data.Xte, data) } : null;
  post({ type: FromWorker.DATA, gen, Xtr: data.Xtr, ytr: data.ytr, Xte: data.Xte, yte: data.yte, classes: data.classes, inputs: data.inputs, features: data.features, table: data.table, plot });
}

// the surface of the run's weights at resolution res: inspect.js surfaceFrom (classes,
// regression, the sine's curve; see there which surfaces are computed coarser)
function surfaceOf(run, res) { return surfaceFrom(run.net, run.cfg.out, data, res); }

function sendUpdate(force = false) {
  const now = performance.now();
  if (!force && (now - lastPost < UPDATE_MS || runs.every((r) => r.pending.length === 0))) return;
  // The surface is recomputed at most every 4× its own cost, so a big net
  // does not spend all its time drawing; while training, at the resolution
  // that fits SURFACE_MS; when forced (training stopped, a step, new data), in
  // full. The inspection on its own, slower schedule (INSPECT_MS).
  // Waiting for the next turn would leave the page without one for over REFRESH_MS: now.
  const since = now - lastSurface;
  const doSurface = force || since >= Math.max(UPDATE_MS, 4 * surfaceCost) || since + REST_MS + trainMs + surfaceCost > REFRESH_MS;
  const doInspect = force || now - lastInspect >= Math.max(INSPECT_MS, 8 * inspectCost);
  const res = surfaceRes(force || !playing);
  let gridMs = 0, restMs = 0, inspMs = 0;
  const transfer = [];
  const out = runs.map((r) => {
    const u = { run: r.index, epoch: r.epoch, epochs: r.pending, stopped: r.stopped };
    if (r.pct.length) {
      // the distributions: the percentiles of the epochs measured in full (fullAt; transferred),
      // their dist and units where the history keeps them, and the latest's
      const pct = new Float32Array(r.pct.reduce((n, p) => n + p.length, 0));
      r.pct.reduce((o, p) => { pct.set(p, o); return o + p.length; }, 0);
      if (r.last && r.full[r.full.length - 1]?.epoch !== r.last.epoch) r.full.push({ epoch: r.last.epoch, layers: fullLayers(r.last) });
      u.dist = { pct, epochs: r.pctEpochs, full: r.full };
      transfer.push(pct.buffer);
    }
    r.pending = []; r.pct = []; r.pctEpochs = []; r.full = []; r.last = null;
    if (r.initShare) { u.initShare = r.initShare; r.initShare = null; } // once, with the first update
    if (doSurface || doInspect) {
      try {
        const t0 = performance.now();
        if (doSurface) { u.surface = surfaceOf(r, res); u.surfaceRes = surfaceResFor(data, res); }
        const t1 = performance.now();
        // the weights go with the inspection: the page redraws the net from them (a big
        // net's drawing is costly on its main thread), at most every INSPECT_MS
        if (doInspect) u.weights = r.net.getWeights();
        if (doSurface) {
          const tr = r.net.evaluate(data.Ntr, r.ytr);
          const te = r.net.evaluate(data.Nte, r.yte);
          u.current = { loss: tr.loss, accuracy: tr.accuracy, valLoss: te.loss, valAccuracy: te.accuracy };
          if (data.classes) {
            const p = r.net.predict(data.Nte);
            u.confusion = { classes: data.classes, test: confusion(p, data.yte, data.classes) };
            if (data.table && data.table.images) u.wrong = misclassified(p, data.yte);
          }
          else Object.assign(u.current, { r2: rSquared(tr.loss, data.varTr), valR2: rSquared(te.loss, data.varTe) });
        }
        const t2 = performance.now();
        if (doInspect) u.inspect = r.insp.inspect(r.epoch, u.weights, data.Ntr, r.ytr);
        gridMs += t1 - t0; restMs += t2 - t1; inspMs += performance.now() - t2;
      } catch (e) { fail(ErrorWhere.SURFACE, e); }
      if (u.surface) transfer.push(u.surface.buffer);
    }
    return u;
  });
  if (doSurface) {
    surfaceCost = gridMs + restMs;
    pointCost = pointCost ? (pointCost + gridMs / (res * res)) / 2 : gridMs / (res * res);
    lastRes = res;
    metricsCost = restMs;
    lastSurface = performance.now();
  }
  if (doInspect) { inspectCost = inspMs; lastInspect = performance.now(); }
  lastPost = now;
  post({ type: FromWorker.UPDATE, gen, playing, runs: out }, transfer);
}

function trainOne(r, step = false) {
  if (r.stopped || r.epoch >= epochLimit) return false;
  if (!r.insp.snapshots.list.length) r.insp.record(r.epoch); // the initial weights
  // stats 'full' at the epochs fullAt() picks (and every Step), 'basic' between them
  const full = step || fullAt(r.epoch + 1, Math.max(r.total, epochLimit));
  const h = r.net.train(data.Ntr, r.ytr, { ...trainOptions(r.cfg, 1, { X: data.Nte, y: r.yte }, r.total), stats: full ? 'full' : 'basic' });
  for (const s of h.epochs) {
    r.epoch += 1;
    // a regression set: R² of the epoch's mse (train and test) too
    const r2 = data.classes ? {} : { r2: rSquared(s.loss, data.varTr), valR2: rSquared(s.valLoss, data.varTe) };
    r.pending.push({ ...plainEpoch(s, r.epoch), ...r2 });
    if (full) {
      r.pct.push(percentileRow(s.layers));
      r.pctEpochs.push(r.epoch);
      if (logSpaced(r.epoch)) r.full.push({ epoch: r.epoch, layers: fullLayers(s) });
      r.last = { epoch: r.epoch, layers: s.layers };
    }
    r.insp.record(r.epoch);
  }
  if (h.stopped) r.stopped = { ...h.stopped };
  return true;
}

function trainAll(step = false) {
  let any = false;
  for (const r of runs) {
    try { any = trainOne(r, step) || any; } catch (e) { r.stopped = { epoch: r.epoch, reason: 'error', message: e.message }; fail(ErrorWhere.TRAIN, e); }
  }
  return any;
}

function tick() {
  timer = null;
  if (!playing) return;
  const now = performance.now();
  const rate = speed === 'max' ? Infinity : Number(speed);
  credit = rate === Infinity ? Infinity
    : Math.min(credit + ((now - lastTick) / 1000) * rate, Math.max(1, rate * 0.1));
  lastTick = now;
  let any = true;
  const t0 = performance.now();
  while (credit >= 1 && performance.now() - t0 < SLICE_MS) {
    any = trainAll();
    credit -= 1;
    if (!any) break;
  }
  trainMs = performance.now() - t0;
  if (!any || runs.every((r) => r.stopped || r.epoch >= epochLimit)) {
    playing = false;
    sendUpdate(true);
    return;
  }
  sendUpdate(false);
  const untilEpoch = credit >= 1 ? (rate === Infinity ? REST_MS : 0) : ((1 - credit) / rate) * 1000;
  let wait = Math.max(0, Math.min(UPDATE_MS, untilEpoch));
  // idle until the next epoch for longer than a full surface takes: refine the coarse one now
  if (lastRes < GRID && untilEpoch >= pointCost * GRID * GRID + metricsCost + inspectCost) {
    const t1 = performance.now();
    sendUpdate(true);
    wait = Math.max(0, wait - (performance.now() - t1));
  }
  schedule(wait);
}

// Zero-delay yields go through a MessageChannel (setTimeout(0) is clamped to
// 4 ms when nested), so the page's messages still get through between slices.
const channel = new MessageChannel();
channel.port1.onmessage = () => { if (timer === 'soon') tick(); };
function schedule(wait) {
  if (wait <= 0) { timer = 'soon'; channel.port2.postMessage(null); } else timer = setTimeout(tick, wait);
}

function start() {
  if (playing) return;
  if (runs.every((r) => r.stopped || r.epoch >= epochLimit)) { sendUpdate(true); return; }
  playing = true;
  credit = speed === 'max' ? Infinity : 1;
  lastTick = performance.now();
  if (!timer) schedule(0);
}

function stop() {
  playing = false;
  if (timer && timer !== 'soon') clearTimeout(timer);
  timer = null;
}

function curve(name) {
  const n = 201;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = -5 + (10 * i) / (n - 1);
  post({ type: FromWorker.CURVE, name, x, f: lab.activate(name, x), d: lab.derivative(name, x) });
}

// A model file -> a network the page can show (2 inputs; a sigmoid output or a
// 2-way softmax; hidden layers within the page's limits) and its page config.
function importModel(text) {
  const net = lab.network.fromJSON(text);
  try {
    const spec = net.spec;
    // a model that records its feature inputs (model version 3) must take the page's
    const own = data.features ?? (data.inputs === 2 ? ['x1', 'x2'] : null);
    if (net.features && net.features.join(',') !== (own ?? []).join(',')) {
      throw new Error(`the model takes the feature inputs ${net.features.join(', ')}; the page's networks take ${own ? own.join(', ') : `the ${state.ds} data's one input`}` +
        `${own && net.features.length === own.length && net.features.every((f) => own.includes(f)) ? ' (the same, in another order: the page lists them in the order of its Feature inputs)' : ''}`);
    }
    if (net.inputs !== netInputsOf(data)) throw new Error(`the model has ${net.inputs} inputs; the page's networks take ${netInputsOf(data)}${data.features ? ` (the feature inputs ${data.features.join(', ')})` : ''}`);
    const hidden = spec.layers.slice(0, -1);
    const last = spec.layers[spec.layers.length - 1];
    if (hidden.length < 1 || hidden.length > MAX_LAYERS) throw new Error(`the model has ${hidden.length} hidden layers; the page shows 1 to ${MAX_LAYERS}`);
    hidden.forEach((l, i) => {
      if (l.units > MAX_UNITS) throw new Error(`hidden layer ${i + 1} of the model has ${l.units} units; the page shows at most ${MAX_UNITS}`);
      if (l.activation === 'softmax') throw new Error(`hidden layer ${i + 1} of the model is a softmax; the page supports that only as the output`);
    });
    let out;
    if (!data.classes) {
      if (last.units !== 1 || last.activation !== 'linear' || spec.loss !== 'mse') throw new Error(`the model's output is ${last.units} × ${last.activation} with ${spec.loss}; the page's data is a regression: it needs 1 linear unit with mse`);
      out = REGRESSION_OUTPUT;
    } else if (last.activation === 'sigmoid' && last.units === 1) out = spec.loss === 'mse' ? 'sigmoid_mse' : 'sigmoid_bce';
    else if (last.activation === 'linear' && last.units === 1 && spec.loss === 'mse' && data.classes === 2) out = 'linear_mse';
    else if (last.activation === 'softmax' && last.units === data.classes) out = 'softmax_cce';
    else throw new Error(`the model's output is ${last.units} × ${last.activation}; the page's data has ${data.classes} classes: it needs ${data.classes > 2 ? '' : '1 sigmoid unit, 1 linear unit with MSE or '}a ${data.classes}-way softmax`);
    return { net, cfg: { layers: hidden.map(pageLayer), out } };
  } catch (e) { net.dispose(); throw e; }
}

// A seed study: the same configuration(s) and data, one network per seed and
// configuration (A, and B in compare mode), trained to the epoch limit without
// surfaces; one message per seed and network, with the per-epoch figures the
// page's bands over seeds need. Runs in workers of its own (pool.js runStudy:
// one seed per request) so the live training stays responsive.
let studyId = 0;
// a seed's history as the bands read it: typed columns, transferred (as an array of
// per-epoch objects its structured clone cost the worker and the page's main thread
// more than its training: docs/BENCHMARKS.md)
const columnsTransfer = (c) => [...Object.values(c.metrics), ...c.layers.flatMap((l) => Object.values(l))].map((a) => a.buffer);
async function study(st, seeds, id) {
  if (studyData !== id) { await makeData(st); studyData = id; }
  const cfgs = st.cmp ? [st.a, st.b] : [st.a];
  const tasks = seeds.flatMap((seed) => cfgs.map((cfg, run) => ({ seed, cfg, run })));
  let k = 0;
  const next = () => {
    if (id !== studyId) return; // cancelled or replaced
    if (k >= tasks.length) { post({ type: FromWorker.STUDY, id, done: true }); return; } // no seeds
    const { seed, cfg, run } = tasks[k++];
    const net = lab.network(networkSpec(cfg, seed, data.classes, netInputsOf(data), data.features));
    try {
      if (run === 1 && st.same) {
        // B starts from A's initial weights of this seed, as in the live runs
        const a = lab.network(networkSpec(st.a, seed, data.classes, netInputsOf(data), data.features));
        try { shareInit(a, net); } finally { a.dispose(); }
      }
      const ytr = targets(data.ytr, cfg, data.classes), yte = targets(data.yte, cfg, data.classes);
      const h = net.train(data.Ntr, ytr, trainOptions(cfg, st.epochs, { X: data.Nte, y: yte }));
      const last = h.epochs[h.epochs.length - 1];
      const te = net.evaluate(data.Nte, yte);
      const tr = net.evaluate(data.Ntr, ytr);
      const history = historyColumns(h.epochs);
      post({
        type: FromWorker.STUDY, id, seed, run, epochs: h.epochs.length, stopped: h.stopped,
        trainAccuracy: tr.accuracy, testAccuracy: te.accuracy,
        deadLayers: last ? last.layers.slice(0, -1).filter((l) => l.deadFraction >= 1).length : 0,
        history,
      }, columnsTransfer(history));
    } finally { net.dispose(); }
    // done at once after the last (the page's pool has the next seed waiting here already)
    if (k >= tasks.length) post({ type: FromWorker.STUDY, id, done: true }); else setTimeout(next, 0);
  };
  next();
}

// The warm-up (protocol.js warm): V8 runs a wasm function on its baseline tier until
// it is hot, then compiles optimised code in the background, shared by every worker of
// the page. Training the page's networks a few epochs when the page is idle does that
// compile then, not in the first study's or the first Play's epochs.
const WARM_EPOCHS = 20;
async function warm(st) {
  await makeData(st);
  for (const cfg of st.cmp ? [st.a, st.b] : [st.a]) {
    const net = lab.network(networkSpec(cfg, st.seed, data.classes, netInputsOf(data)));
    try {
      const ytr = targets(data.ytr, cfg, data.classes);
      net.train(data.Ntr, ytr, trainOptions(cfg, WARM_EPOCHS, { X: data.Nte, y: targets(data.yte, cfg, data.classes) }));
      net.train(data.Ntr, ytr, { ...trainOptions(cfg, 2), stats: 'full' }); // the live runs' path
    } finally { net.dispose(); }
  }
}

/** A new generation `g` of runs under settings `st`: training stops. */
function begin(st, g, own) { stop(); gen = g; state = st; epochLimit = st.epochs; speed = st.speed; owned = own || null; }

const handlers = {
  [ToWorker.STUDY]({ state: st, seeds, id }) { studyId = id; return study(st, seeds, id); },
  [ToWorker.CANCEL_STUDY]() { studyId = -1; },
  async [ToWorker.WARM]({ state: st }) { try { await warm(st); } catch { /* a warm-up only: the study says what fails */ } },
  async [ToWorker.SETUP]({ state: st, gen: g, runs: own }) {
    begin(st, g, own); await makeData(st); postData(); buildRuns(st); sendUpdate(true);
  },
  [ToWorker.REBUILD]({ state: st, gen: g, runs: own }) {
    begin(st, g, own); buildRuns(st); sendUpdate(true);
  },
  async [ToWorker.OPEN_RUNS]({ state: st, gen: g, runs: kept, own }) {
    begin(st, g, own); await makeData(st); postData(); buildRuns(st);
    runs.forEach((r) => {
      const k = kept[r.index];
      r.net.setWeights(k.weights);
      r.epoch = k.epoch;
      r.stopped = k.stopped;
      r.insp.record(r.epoch); // the kept weights are the first snapshot (the scrubber's earlier epochs have none)
    });
    sendUpdate(true);
  },
  [ToWorker.PLAY]() { start(); },
  [ToWorker.PAUSE]() { stop(); sendUpdate(true); },
  [ToWorker.STEP]() {
    stop();
    const lim = epochLimit;
    epochLimit = Math.max(epochLimit, ...runs.map((r) => r.epoch + 1));
    trainAll(true);
    epochLimit = lim;
    sendUpdate(true);
  },
  [ToWorker.SPEED]({ speed: s }) { speed = s; credit = speed === 'max' ? Infinity : Math.min(credit, 1); },
  [ToWorker.EPOCHS]({ epochs }) { epochLimit = epochs; if (state) state.epochs = epochs; },
  [ToWorker.ADD_POINT]({ x, y, label }) {
    withAdded([...added, { x, y, c: label }]);
    postData(); sendUpdate(true);
  },
  [ToWorker.POINTS]({ points }) {
    withAdded(points);
    postData(); sendUpdate(true);
  },
  [ToWorker.CURVE]({ name }) { curve(name); },
  // a table's surface over other inputs: the same runs, a new plane
  [ToWorker.PLANE]({ sx, sy }) {
    if (!data || !data.table) return;
    data.table.sx = sx; data.table.sy = sy;
    if (state) { state.sx = sx; state.sy = sy; }
    data.Ngrid = netGrid(data.inputs === 1 ? grid1 : grid, data);
    if (data.coarse) data.coarse.clear();
    postData(); sendUpdate(true);
  },
  [ToWorker.SCRUB]({ epoch, id }) {
    const out = runs.map((r) => {
      const { epoch: shown, weights } = r.insp.weightsAt(epoch, r.epoch);
      const surface = r.insp.surface(weights, data);
      // digits: the misclassified test images at these weights (the probe holds them now)
      const wrong = data.table && data.table.images && data.classes ? misclassified(r.insp.probe.predict(data.Nte), data.yte) : undefined;
      return { run: r.index, shown, weights, surface, wrong, inspect: r.insp.inspect(shown, weights, data.Ntr, r.ytr) };
    });
    post({ type: FromWorker.SCRUBBED, gen, id, epoch, runs: out }, out.map((u) => u.surface.buffer));
  },
  [ToWorker.UNIT_MAPS]({ run, layer, epoch, id }) {
    const r = runs.find((x) => x.index === run);
    const { epoch: shown, weights } = r.insp.weightsAt(epoch, r.epoch);
    const maps = r.insp.unitMaps(layer, weights, data);
    post({ type: FromWorker.UNIT_MAPS, gen, id, run, layer, epoch: shown, grid: UNIT_GRID, units: maps.length / (UNIT_GRID * UNIT_GRID), maps }, [maps.buffer]);
  },
  [ToWorker.EXPORT_MODEL]({ run, purpose }) {
    const r = runs.find((x) => x.index === (run || 0));
    const msg = { type: FromWorker.MODEL, run: r.index, json: JSON.stringify(r.net.toJSON()), purpose };
    // a script embeds the data with the weights (copied: training goes on)
    if (purpose) msg.data = { Xtr: data.Xtr, ytr: data.ytr, Xte: data.Xte, yte: data.yte };
    // a bundled table: its rows in its own order (the script shuffles, splits and standardises them as tableData)
    if (purpose && data.table && !tableCache.key.startsWith('csv:')) msg.table = { X: tableCache.table.X, y: tableCache.table.y };
    post(msg);
  },
  [ToWorker.IMPORT_MODEL]({ text, gen: g, runs: own }) {
    stop();
    owned = own || null;
    const imported = importModel(text);
    // Everything restarts at epoch 0: A is the imported model, B (if any) a
    // fresh network (from the imported A's weights where the shapes match, with
    // state.same), so a comparison stays fair.
    gen = g;
    buildRuns(state, { cfg: { ...state.a, ...imported.cfg }, net: imported.net });
    if (!owned || owned.includes(0)) post({ type: FromWorker.IMPORTED, gen, cfg: imported.cfg });
    sendUpdate(true);
  },
};

// The messages are handled one after another: a setup that loads a table
// (asynchronously) finishes before the next message (play, …) is taken.
async function handle(msg) {
  try { await handlers[msg.type](msg); } catch (e) { fail(msg.type, e); }
}
let turn = load().then((l) => {
  lab = l;
  post({ type: FromWorker.READY, activations: [...lab.activations] });
}, (e) => fail(ErrorWhere.LOAD, e));
self.onmessage = (ev) => {
  const msg = ev.data;
  turn = turn.then(() => (lab ? handle(msg) : undefined));
};
