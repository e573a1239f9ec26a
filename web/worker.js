// worker.js — trains the network(s) off the main thread. The messages it takes
// and sends, with their fields, are in protocol.js. `update` carries the epochs
// trained since the last update, the latest decision surface (GRID×GRID
// probabilities, transferred) and the weights, and is posted at most every
// UPDATE_MS so the page keeps its frame rate. Each run keeps weight snapshots
// and answers the diagram's and the scrubber's questions through its
// RunInspector (inspect.js).
import { load } from '../dist/gradlab.js';
import { networkSpec, pageLayer, MAX_LAYERS, MAX_UNITS, REGRESSION_OUTPUT } from './state.js';
import { makeData as makeExperimentData, targets, trainOptions, shareInit, confusion, variance, rSquared, netInput, netInputsOf } from './experiment.js';
import { GRID, EXTENT } from './grid.js';
import { RunInspector, surfaceFrom, UNIT_GRID } from './inspect.js';
import { ToWorker, FromWorker, ErrorWhere } from './protocol.js';
import { plainEpoch, percentileRow, fullLayers, logSpaced } from './dist-series.js';
const UPDATE_MS = 33;       // ≤ 30 updates a second
const SLICE_MS = 12;        // train at most this long before yielding to messages
const REST_MS = 8;          // at 'max' speed, then rest this long: on a busy machine the
                            // page's main thread and compositor get the CPU for smooth frames

let lab = null;
let data = null;            // { Xtr, ytr, Xte, yte, classes, inputs, features, varTr, varTe, Ntr, Nte, Ngrid }: the drawn
                            // data + the added points; N…: what the networks take (netInput: the feature inputs)
let drawn = null;           // the data set as drawn (without the added points)
let added = [];             // points clicked in: [{ x, y, c }], appended to the training set
let runs = [];              // [{ cfg, net, insp, pending: [], epoch, stopped }]
let state = null;
let playing = false;
let speed = '60';
let epochLimit = 500;
let lastPost = 0;
let surfaceCost = 0;        // ms of the last surface computation
let lastSurface = 0;
let credit = 0;             // epochs allowed by the speed setting
let lastTick = 0;
let timer = null;
let gen = 0;               // generation of the page's last setup/rebuild/import, echoed back

const grid = new Float32Array(GRID * GRID * 2);
for (let r = 0; r < GRID; r++) {
  for (let c = 0; c < GRID; c++) {
    const i = r * GRID + c;
    grid[2 * i] = -EXTENT + (2 * EXTENT * (c + 0.5)) / GRID;
    grid[2 * i + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / GRID; // row 0 at the top
  }
}
// one input (the sine): the x of each column
const grid1 = Float32Array.from({ length: GRID }, (_, c) => -EXTENT + (2 * EXTENT * (c + 0.5)) / GRID);

function post(msg, transfer = []) { self.postMessage(msg, transfer); }
function fail(where, e) { post({ type: FromWorker.ERROR, where, message: e && e.message ? e.message : String(e) }); }

function makeData(st) {
  drawn = makeExperimentData(lab, st);
  withAdded(st.pts || []);
}

// The training set is the drawn one followed by the added points.
function withAdded(pts) {
  // (points are added to the 2-input classification sets only: state.js fitProblems)
  added = drawn.classes > 0 && drawn.inputs === 2 ? pts.map((p) => ({ x: p.x, y: p.y, c: p.c })) : [];
  const n0 = drawn.ytr.length;
  const Xtr = new Float32Array(drawn.inputs * (n0 + added.length));
  const ytr = new Float32Array(n0 + added.length);
  Xtr.set(drawn.Xtr); ytr.set(drawn.ytr);
  added.forEach((p, i) => { Xtr[2 * (n0 + i)] = p.x; Xtr[2 * (n0 + i) + 1] = p.y; ytr[n0 + i] = p.c; });
  data = { Xtr, ytr, Xte: drawn.Xte, yte: drawn.yte, classes: drawn.classes, inputs: drawn.inputs, features: drawn.features };
  data.Ntr = netInput(Xtr, data); data.Nte = netInput(drawn.Xte, data); data.Ngrid = netInput(drawn.inputs === 1 ? grid1 : grid, data);
  if (!data.classes) { data.varTr = variance(ytr); data.varTe = variance(drawn.yte); }
  for (const r of runs) r.ytr = targets(ytr, r.cfg, data.classes);
}

function buildRuns(st) {
  for (const r of runs) { r.insp.dispose(); r.net.dispose(); }
  runs = [];
  const cfgs = st.cmp ? [st.a, st.b] : [st.a];
  for (const cfg of cfgs) {
    const net = lab.network(networkSpec(cfg, st.seed, data.classes, netInputsOf(data)));
    runs.push(newRun(cfg, net));
  }
  // same initial weights: A is built first, B takes A's layers where the shapes match
  if (st.cmp && st.same) runs[1].initShare = shareInit(runs[0].net, runs[1].net);
}

function newRun(cfg, net) {
  // total: the run's length when built (a cosine schedule without decayEpochs decays over it)
  return { cfg, net, total: epochLimit, insp: new RunInspector(lab, net, cfg), pending: [], pct: [], full: [], last: null, epoch: 0, stopped: null, ytr: targets(data.ytr, cfg, data.classes), yte: targets(data.yte, cfg, data.classes) };
}

function postData() {
  post({ type: FromWorker.DATA, gen, Xtr: data.Xtr, ytr: data.ytr, Xte: data.Xte, yte: data.yte, classes: data.classes, inputs: data.inputs, features: data.features });
}

// the surface of the run's weights: inspect.js surfaceFrom (classes, regression, the sine's curve)
function surfaceOf(run) { return surfaceFrom(run.net, run.cfg.out, data); }

// The diagram's figures (inspect.js) follow the surface in a turn of their
// own, at most every 4× their cost (and 200 ms), so an update never waits for
// them: a big net's first surface comes at once, its figures a moment later.
let inspectCost = 0;
let lastInspect = 0;
let inspectTimer = null;
function scheduleInspect() {
  if (inspectTimer) return;
  const wait = Math.max(200, 4 * inspectCost) - (performance.now() - lastInspect);
  inspectTimer = setTimeout(() => {
    inspectTimer = null;
    const t0 = performance.now();
    for (const r of runs) {
      try { r.inspected = r.insp.inspect(r.epoch, r.net.getWeights(), data.Ntr, r.ytr); } catch (e) { fail(ErrorWhere.SURFACE, e); }
    }
    lastInspect = performance.now();
    inspectCost = lastInspect - t0;
    sendUpdate(true, false);
  }, Math.max(0, wait));
}

function sendUpdate(force = false, surface = true) {
  const now = performance.now();
  if (!force && (now - lastPost < UPDATE_MS || runs.every((r) => r.pending.length === 0))) return;
  // The surface is recomputed at most every 4× its own cost, so a big net
  // does not spend all its time drawing.
  const doSurface = surface && (force || now - lastSurface >= Math.max(UPDATE_MS, 4 * surfaceCost));
  const transfer = [];
  const out = runs.map((r) => {
    const u = { epoch: r.epoch, epochs: r.pending, stopped: r.stopped };
    if (r.pending.length) {
      // the distributions: every epoch's percentiles (transferred), the full ones where the history keeps them
      const pct = new Float32Array(r.pct.reduce((n, p) => n + p.length, 0));
      r.pct.reduce((o, p) => { pct.set(p, o); return o + p.length; }, 0);
      if (r.last && r.full[r.full.length - 1]?.epoch !== r.last.epoch) r.full.push({ epoch: r.last.epoch, layers: fullLayers(r.last) });
      u.dist = { pct, full: r.full };
      transfer.push(pct.buffer);
    }
    r.pending = []; r.pct = []; r.full = []; r.last = null;
    if (r.initShare) { u.initShare = r.initShare; r.initShare = null; } // once, with the first update
    if (r.inspected) { u.inspect = r.inspected; r.inspected = null; }
    if (doSurface) {
      const t0 = performance.now();
      try {
        u.surface = surfaceOf(r);
        u.weights = r.net.getWeights();
        const tr = r.net.evaluate(data.Ntr, r.ytr);
        const te = r.net.evaluate(data.Nte, r.yte);
        u.current = { loss: tr.loss, accuracy: tr.accuracy, valLoss: te.loss, valAccuracy: te.accuracy };
        if (data.classes) u.confusion = { classes: data.classes, test: confusion(r.net.predict(data.Nte), data.yte, data.classes) };
        else Object.assign(u.current, { r2: rSquared(tr.loss, data.varTr), valR2: rSquared(te.loss, data.varTe) });
      } catch (e) { fail(ErrorWhere.SURFACE, e); }
      surfaceCost = performance.now() - t0;
      if (u.surface) transfer.push(u.surface.buffer);
    }
    return u;
  });
  if (doSurface) { lastSurface = performance.now(); scheduleInspect(); }
  lastPost = now;
  post({ type: FromWorker.UPDATE, gen, playing, runs: out }, transfer);
}

function trainOne(r) {
  if (r.stopped || r.epoch >= epochLimit) return false;
  if (!r.insp.snapshots.list.length) r.insp.record(r.epoch); // the initial weights
  // stats 'full' always: ~1.5× the time of an epoch of 'basic' (docs/ARCHITECTURE.md)
  const h = r.net.train(data.Ntr, r.ytr, { ...trainOptions(r.cfg, 1, { X: data.Nte, y: r.yte }, r.total), stats: 'full' });
  for (const s of h.epochs) {
    r.epoch += 1;
    // a regression set: R² of the epoch's mse (train and test) too
    const r2 = data.classes ? {} : { r2: rSquared(s.loss, data.varTr), valR2: rSquared(s.valLoss, data.varTe) };
    r.pending.push({ ...plainEpoch(s, r.epoch), ...r2 });
    r.pct.push(percentileRow(s.layers));
    if (logSpaced(r.epoch)) r.full.push({ epoch: r.epoch, layers: fullLayers(s) });
    r.last = { epoch: r.epoch, layers: s.layers };
    r.insp.record(r.epoch);
  }
  if (h.stopped) r.stopped = { ...h.stopped };
  return true;
}

function trainAll() {
  let any = false;
  for (const r of runs) {
    try { any = trainOne(r) || any; } catch (e) { r.stopped = { epoch: r.epoch, reason: 'error', message: e.message }; fail(ErrorWhere.TRAIN, e); }
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
  if (!any || runs.every((r) => r.stopped || r.epoch >= epochLimit)) {
    playing = false;
    sendUpdate(true);
    return;
  }
  sendUpdate(false);
  const wait = credit >= 1 ? (rate === Infinity ? REST_MS : 0) : Math.max(0, Math.min(UPDATE_MS, ((1 - credit) / rate) * 1000));
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
// page's bands over seeds need. Runs in a worker of its own so the live
// training stays responsive.
let studyId = 0;
const studyEpoch = (s) => ({
  loss: s.loss, accuracy: s.accuracy, valLoss: s.valLoss, valAccuracy: s.valAccuracy,
  layers: s.layers.map((l) => ({ gradMeanAbs: l.gradMeanAbs })),
});
function study(st, seeds, id) {
  makeData(st);
  const cfgs = st.cmp ? [st.a, st.b] : [st.a];
  const tasks = seeds.flatMap((seed) => cfgs.map((cfg, run) => ({ seed, cfg, run })));
  let k = 0;
  const next = () => {
    if (id !== studyId) return; // cancelled or replaced
    if (k >= tasks.length) { post({ type: FromWorker.STUDY, id, done: true }); return; }
    const { seed, cfg, run } = tasks[k++];
    const net = lab.network(networkSpec(cfg, seed, data.classes, netInputsOf(data)));
    try {
      if (run === 1 && st.same) {
        // B starts from A's initial weights of this seed, as in the live runs
        const a = lab.network(networkSpec(st.a, seed, data.classes, netInputsOf(data)));
        try { shareInit(a, net); } finally { a.dispose(); }
      }
      const ytr = targets(data.ytr, cfg, data.classes), yte = targets(data.yte, cfg, data.classes);
      const h = net.train(data.Ntr, ytr, trainOptions(cfg, st.epochs, { X: data.Nte, y: yte }));
      const last = h.epochs[h.epochs.length - 1];
      const te = net.evaluate(data.Nte, yte);
      const tr = net.evaluate(data.Ntr, ytr);
      post({
        type: FromWorker.STUDY, id, seed, run, epochs: h.epochs.length, stopped: h.stopped,
        trainAccuracy: tr.accuracy, testAccuracy: te.accuracy,
        deadLayers: last ? last.layers.slice(0, -1).filter((l) => l.deadFraction >= 1).length : 0,
        history: h.epochs.map(studyEpoch),
      });
    } finally { net.dispose(); }
    setTimeout(next, 0);
  };
  next();
}

/** A new generation `g` of runs under settings `st`: training stops. */
function begin(st, g) { stop(); gen = g; state = st; epochLimit = st.epochs; speed = st.speed; }

const handlers = {
  [ToWorker.STUDY]({ state: st, seeds, id }) { studyId = id; study(st, seeds, id); },
  [ToWorker.CANCEL_STUDY]() { studyId = -1; },
  [ToWorker.SETUP]({ state: st, gen: g }) {
    begin(st, g); makeData(st); postData(); buildRuns(st); sendUpdate(true);
  },
  [ToWorker.REBUILD]({ state: st, gen: g }) {
    begin(st, g); buildRuns(st); sendUpdate(true);
  },
  [ToWorker.OPEN_RUNS]({ state: st, gen: g, runs: kept }) {
    begin(st, g); makeData(st); postData(); buildRuns(st);
    runs.forEach((r, i) => {
      r.net.setWeights(kept[i].weights);
      r.epoch = kept[i].epoch;
      r.stopped = kept[i].stopped;
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
    trainAll();
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
  [ToWorker.SCRUB]({ epoch, id }) {
    const out = runs.map((r) => {
      const { epoch: shown, weights } = r.insp.weightsAt(epoch, r.epoch);
      return { shown, weights, surface: r.insp.surface(weights, data), inspect: r.insp.inspect(shown, weights, data.Ntr, r.ytr) };
    });
    post({ type: FromWorker.SCRUBBED, gen, id, epoch, runs: out }, out.map((u) => u.surface.buffer));
  },
  [ToWorker.UNIT_MAPS]({ run, layer, epoch, id }) {
    const r = runs[run];
    const { epoch: shown, weights } = r.insp.weightsAt(epoch, r.epoch);
    const maps = r.insp.unitMaps(layer, weights, data);
    post({ type: FromWorker.UNIT_MAPS, gen, id, run, layer, epoch: shown, grid: UNIT_GRID, units: maps.length / (UNIT_GRID * UNIT_GRID), maps }, [maps.buffer]);
  },
  [ToWorker.EXPORT_MODEL]({ run, purpose }) {
    const r = runs[run || 0];
    const msg = { type: FromWorker.MODEL, run: run || 0, json: JSON.stringify(r.net.toJSON()), purpose };
    // a script embeds the data with the weights (copied: training goes on)
    if (purpose) msg.data = { Xtr: data.Xtr, ytr: data.ytr, Xte: data.Xte, yte: data.yte };
    post(msg);
  },
  [ToWorker.IMPORT_MODEL]({ text, gen: g }) {
    stop();
    const imported = importModel(text);
    const cfg = { ...runs[0].cfg, ...imported.cfg };
    // Everything restarts at epoch 0: A is the imported model, B (if any) a
    // fresh network, so a comparison stays fair.
    gen = g;
    buildRuns(state);
    runs[0].insp.dispose();
    runs[0].net.dispose();
    runs[0] = newRun(cfg, imported.net);
    // same initial weights: B starts from the imported A where the shapes match
    if (state.cmp && state.same) runs[1].initShare = shareInit(runs[0].net, runs[1].net);
    post({ type: FromWorker.IMPORTED, gen, cfg: imported.cfg });
    sendUpdate(true);
  },
};

self.onmessage = (ev) => {
  const msg = ev.data;
  if (!lab) { queue.push(msg); return; }
  try { handlers[msg.type](msg); } catch (e) { fail(msg.type, e); }
};

const queue = [];
load().then((l) => {
  lab = l;
  post({ type: FromWorker.READY, activations: [...lab.activations] });
  for (const m of queue.splice(0)) {
    try { handlers[m.type](m); } catch (e) { fail(m.type, e); }
  }
}, (e) => fail(ErrorWhere.LOAD, e));
