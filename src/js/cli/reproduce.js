// cli/reproduce.js — `gradlab reproduce`: the article's models over seeds, on a
// pool of worker threads (the bundled dist/cli.js started again with workerData),
// as markdown tables, JSON and bands over seeds.
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { load, bandRows } from '../gradlab.js';
import { historyColumns, columnBands } from '../bands.js';
import { UsageError, median, f3, fe, spread, positiveInt, intList, parse, writeOut } from './common.js';
import { REPRODUCE_HELP } from './help.js';
import { reproduceCures, cureRun } from './reproduce-cures.js';
import { CURE_EXPERIMENTS, ARTICLE_DATA } from './cures.js';

// ---- the article's models ------------------------------------------------------
const U01 = { init: 'random_uniform', initParams: { min: 0, max: 1 } };
export const MODELS = {
  'shallow-tanh': { hidden: 1, activation: 'tanh', init: U01, out: U01, describe: '1 × 5 tanh, random_uniform(0, 1) all layers',
    published: { train: 0.816, test: 0.816, note: '' }, pytorch: '0.822 (0.788–0.840)' },
  'deep-tanh': { hidden: 5, activation: 'tanh', init: U01, out: U01, describe: '5 × 5 tanh, random_uniform(0, 1) all layers',
    published: { train: 0.530, test: 0.468, note: 'fails' }, pytorch: '0.554 (0.460–0.788)' },
  'deep-relu': { hidden: 5, activation: 'relu', init: { init: 'he_uniform' }, out: { init: 'glorot_uniform' }, describe: '5 × 5 relu, he_uniform hidden, glorot_uniform output',
    published: { train: 0.836, test: 0.840, note: '' }, pytorch: '0.817 (0.798–0.850)' },
  'deeper-relu': { hidden: 15, activation: 'relu', init: { init: 'he_uniform' }, out: { init: 'glorot_uniform' }, describe: '15 × 5 relu, he_uniform hidden, glorot_uniform output',
    published: { train: null, test: null, note: 'still learns (plot only)' }, pytorch: '0.493 (0.470–0.830): 8 of 10 seeds die' },
  'deepest-relu': { hidden: 20, activation: 'relu', init: { init: 'he_uniform' }, out: { init: 'glorot_uniform' }, describe: '20 × 5 relu, he_uniform hidden, glorot_uniform output',
    published: { train: null, test: null, note: 'no longer learns' }, pytorch: '0.495 (0.470–0.844)' },
};
export const MODEL_NAMES = Object.keys(MODELS);

export function modelSpec(name, seed) {
  const m = MODELS[name];
  const layers = [];
  for (let i = 0; i < m.hidden; i++) layers.push({ units: 5, activation: m.activation, ...structuredClone(m.init) });
  layers.push({ units: 1, activation: 'sigmoid', ...structuredClone(m.out) });
  return { inputs: 2, layers, loss: 'binary_crossentropy', seed };
}


// ---- reproduce -------------------------------------------------------------------
const REPRODUCE_OPTIMIZER = Object.freeze({ type: 'sgd', learningRate: 0.01, momentum: 0.9 });
export const MAX_JOBS = 64;

/** Worker threads to use by default: the cores Node may run on. */
export function defaultJobs() {
  return Math.max(1, Math.min(MAX_JOBS, typeof availableParallelism === 'function' ? availableParallelism() : cpus().length));
}

/** The article's data: two circles, first 500 train, last 500 test. */
export function reproduceData(lab, dataSeed) {
  const { n, noise, factor, scale, trainFraction } = ARTICLE_DATA;
  return lab.datasets.split(lab.datasets.circles({ n, noise, factor, seed: dataSeed, scale }), trainFraction);
}

/** One model trained with one seed: its accuracies, losses and per-layer figures (the same wherever it runs). */
function reproduceRun(lab, data, { name, seed, epochs, gradEpochs }) {
  const t0 = performance.now();
  const net = lab.network(modelSpec(name, seed));
  try {
    const hist = net.train(data.train.X, data.train.y, { epochs, batchSize: 32, shuffle: true, optimizer: REPRODUCE_OPTIMIZER });
    const tr = net.evaluate(data.train.X, data.train.y);
    const te = net.evaluate(data.test.X, data.test.y);
    const last = hist.epochs[hist.epochs.length - 1];
    const grad = {};
    for (const e of gradEpochs) {
      const st = hist.epochs[e - 1];
      grad[e] = st ? st.layers.map((l) => l.gradMeanAbs) : null;
    }
    const dead = last ? last.layers.map((l) => l.deadFraction) : [];
    return {
      seed,
      trainAccuracy: tr.accuracy,
      testAccuracy: te.accuracy,
      trainLoss: tr.loss,
      testLoss: te.loss,
      epochs: hist.epochs.length,
      stopped: hist.stopped,
      died: MODELS[name].activation === 'relu' && dead.slice(0, -1).some((f) => f === 1),
      gradMeanAbs: grad,
      deadFraction: dead,
      saturatedFraction: last ? last.layers.map((l) => l.saturatedFraction) : [],
      // per epoch, what the bands over seeds need (reproduceBands), as typed
      // columns: a worker thread posts them as a few buffers, not 10^4 objects
      history: historyColumns(hist.epochs),
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    net.dispose();
  }
}

/**
 * Runs tasks in a pool of `size` worker threads (this same file, started with
 * workerData = setup); onResult(task, result) as each finishes (progress stays
 * live). Every worker loads its own gradlab.wasm; the C core is deterministic,
 * so a run's numbers are the same bit for bit as in the serial loop.
 */
export async function runPool(tasks, size, setup, onResult) {
  // compiled once here and shared: each worker only instantiates it
  const wasm = new URL('./gradlab.wasm', import.meta.url);
  let bytes;
  try {
    bytes = readFileSync(wasm);
  } catch (e) {
    throw new Error(`cannot read the WebAssembly module ${fileURLToPath(wasm)}: ${e.code === 'ENOENT' ? 'the file does not exist' : e.message}`);
  }
  const module = await WebAssembly.compile(bytes);
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const workers = [];
    const stop = (err) => {
      if (failed) return;
      failed = true;
      for (const w of workers) w.terminate();
      reject(err);
    };
    const feed = (w) => {
      if (next < tasks.length) {
        w.task = tasks[next++];
        w.postMessage(w.task);
      } else {
        w.postMessage(null); // no more: the worker exits
      }
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { gradlabWorker: setup, module } });
      workers.push(w);
      w.on('message', (m) => {
        if (m.error) return stop(new Error(`${w.task.name ?? w.task.id ?? ''} seed ${w.task.seed}: ${m.error}`.trimStart()));
        try { onResult(w.task, m.result); } catch (e) { return stop(e); }
        if (++done === tasks.length) resolve();
        return feed(w);
      });
      w.on('error', (e) => stop(e));
      w.on('exit', (code) => { if (code !== 0 && done < tasks.length) stop(new Error(`a worker thread exited with code ${code}`)); });
      feed(w);
    }
  });
}

/** The pool's work for `reproduce` (see poolWorker): the article's data, one model and seed per task. */
/** The pool's work for `reproduce --cures` (cli/reproduce-cures.js): the article's data, one set-up and seed per task. */
export const curesRole = {
  prepare: (lab, setup) => reproduceData(lab, setup.dataSeed),
  run: (lab, data, task) => cureRun(lab, data, task),
};

export const reproduceRole = {
  prepare: (lab, setup) => reproduceData(lab, setup.dataSeed),
  run: reproduceRun,
};

/**
 * A worker thread of runPool: loads gradlab once, prepares what every task of
 * its role shares, then runs the tasks it is sent. `roles` maps setup.role to
 * { prepare(lab, setup) → context (or a promise of it), run(lab, context, task) → result }.
 */
export async function poolWorker(setup, module, roles) {
  const lab = await load(module);
  const role = roles[setup.role];
  let context = null;
  let failed = null; // every task then fails with the reason (the pool stops at the first)
  try { context = await role.prepare(lab, setup); } catch (e) { failed = String(e?.message ?? e); }
  parentPort.on('message', (task) => {
    if (task === null) { parentPort.close(); return; }
    try {
      if (failed) throw new Error(failed);
      parentPort.postMessage({ result: role.run(lab, context, task) });
    } catch (e) {
      parentPort.postMessage({ error: String(e?.message ?? e) });
    }
  });
}

export async function reproduce(args) {
  const help = REPRODUCE_HELP.replace('MODELS_LIST', MODEL_NAMES.join(', ')).replace('JOBS_DEFAULT', String(defaultJobs()))
    .replace('EXPERIMENTS_LIST', CURE_EXPERIMENTS.map((x) => x.id).join(', '));
  const { values: o } = parse(args, {
    seeds: { type: 'string' }, epochs: { type: 'string' }, models: { type: 'string' },
    'grad-epochs': { type: 'string' }, 'data-seed': { type: 'string' }, json: { type: 'string' },
    'bands-csv': { type: 'string' },
    cures: { type: 'boolean' }, experiments: { type: 'string' }, torch: { type: 'string' }, csv: { type: 'string' }, brief: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' }, quiet: { type: 'boolean', short: 'q' },
  }, 'reproduce');
  if (o.help) { process.stdout.write(help); return; }
  const seeds = o.seeds === undefined ? 10 : positiveInt(o.seeds, '--seeds', 1000);
  const epochs = o.epochs === undefined ? 500 : positiveInt(o.epochs, '--epochs', 1000000);
  const dataSeed = o['data-seed'] === undefined ? 1 : (/^\d+$/.test(o['data-seed']) && Number(o['data-seed']) <= 0xffffffff
    ? Number(o['data-seed']) : (() => { throw new UsageError(`--data-seed must be an integer in 0 … 4294967295, got '${o['data-seed']}'`); })());
  const jobs = o.jobs === undefined ? defaultJobs() : positiveInt(o.jobs, '--jobs', MAX_JOBS);
  const progress = o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`);
  const only = (flags, mode) => {
    const bad = flags.filter((f) => o[f] !== undefined);
    if (bad.length) throw new UsageError(`${bad.map((f) => `--${f}`).join(', ')} ${bad.length > 1 ? 'go' : 'goes'} ${mode}`);
  };
  if (o.cures) {
    only(['models', 'grad-epochs', 'bands-csv'], 'without --cures (see gradlab reproduce --help)');
    return reproduceCures(o, { seeds, epochs, dataSeed, jobs, progress });
  }
  only(['experiments', 'torch', 'csv', 'brief'], 'with --cures only');
  let models = MODEL_NAMES;
  if (o.models !== undefined) {
    models = [...new Set(o.models.split(',').map((s) => s.trim()).filter(Boolean))];
    const bad = models.filter((m) => !MODELS[m]);
    if (bad.length || !models.length) throw new UsageError(`--models: unknown model${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ') || "''"} (valid: ${MODEL_NAMES.join(', ')})`);
  }
  let gradEpochs;
  if (o['grad-epochs'] !== undefined) {
    gradEpochs = intList(o['grad-epochs'], '--grad-epochs', 1000000);
    const beyond = gradEpochs.filter((e) => e > epochs);
    if (beyond.length) throw new UsageError(`--grad-epochs ${beyond.join(',')} ${beyond.length > 1 ? 'are' : 'is'} beyond --epochs ${epochs}`);
  } else {
    gradEpochs = [...new Set([1, 100, 500].filter((e) => e <= epochs).concat(epochs))].sort((a, b) => a - b);
  }

  const tasks = models.flatMap((name) => Array.from({ length: seeds }, (_, i) => ({ name, seed: i + 1, epochs, gradEpochs })));
  // the pool takes the longest first (cost ~ the hidden layers), so that no
  // worker is left with a long run while the others idle at the end
  const pooled = [...tasks].sort((a, b) => MODELS[b.name].hidden - MODELS[a.name].hidden);
  const byKey = new Map();
  const report = (task, run) => {
    byKey.set(`${task.name}/${task.seed}`, run);
    progress(`reproduce: ${task.name} seed ${task.seed}/${seeds}: train ${f3(run.trainAccuracy)} test ${f3(run.testAccuracy)}${run.died ? ' (died)' : ''}${run.stopped ? ` (${run.stopped.reason})` : ''} ${run.ms} ms`);
  };
  if (jobs === 1 || tasks.length === 1) {
    const lab = await load();
    const data = reproduceData(lab, dataSeed);
    for (const task of tasks) report(task, reproduceRun(lab, data, task));
  } else {
    await runPool(pooled, Math.min(jobs, tasks.length), { role: 'reproduce', dataSeed }, report);
  }
  const results = models.map((name) => ({
    name, describe: MODELS[name].describe, published: MODELS[name].published, pytorch: MODELS[name].pytorch,
    runs: Array.from({ length: seeds }, (_, i) => byKey.get(`${name}/${i + 1}`)),
  }));
  const bands = reproduceBands(results);
  process.stdout.write(renderMarkdown(results, { seeds, epochs, gradEpochs, dataSeed }));
  if (o.json) {
    writeOut(o.json, `${JSON.stringify({
      setup: { data: { type: 'circles', n: 1000, noise: 0.1, factor: 0.8, seed: dataSeed, scale: true, train: 'first 500', test: 'last 500' },
        optimizer: REPRODUCE_OPTIMIZER, batchSize: 32, loss: 'binary_crossentropy', epochs, seeds, gradEpochs },
      models: results.map((r, i) => ({ ...r, bands: bands[i] })),
    }, null, 2)}\n`);
    progress(`reproduce: wrote ${o.json}`);
  }
  if (o['bands-csv']) {
    writeOut(o['bands-csv'], bandsCsv(results, bands));
    progress(`reproduce: wrote ${o['bands-csv']}`);
  }
}

/**
 * Per model, the bands over its seeds (seedBands: median, q1, q3, min, max per
 * epoch) of the loss, the accuracy and each layer's gradMeanAbs. Takes the
 * per-epoch histories off the runs (the JSON keeps the runs as they were).
 */
function reproduceBands(results) {
  return results.map((r) => {
    const b = epochBands(r.runs.map((x) => x.history));
    for (const x of r.runs) delete x.history;
    // reproduce trains without validation data: no valLoss / valAccuracy bands
    return { epochs: b.epochs, metrics: { loss: b.metrics.loss, accuracy: b.metrics.accuracy }, layers: b.layers };
  });
}

/**
 * The bands over seeds of the seeds' histories (arrays of { epoch, loss, … } or their
 * historyColumns()), lined up by epoch number (a history longer than
 * limits.maxHistoryEpochs is thinned, and a seed that stopped early is thinned
 * differently); the epochs that no seed kept are left out.
 */
export function epochBands(histories) {
  const b = columnBands(histories.map((h) => (Array.isArray(h) ? historyColumns(h) : h)));
  const keep = b.epochs.map((_, i) => b.metrics.loss.n[i] > 0 || b.metrics.accuracy.n[i] > 0);
  if (keep.every(Boolean)) return b;
  const pick = (group) => Object.fromEntries(Object.entries(group).map(([k, band]) => [k,
    Object.fromEntries(Object.entries(band).map(([stat, v]) => [stat, v.filter((_, i) => keep[i])]))]));
  return { seeds: b.seeds, epochs: b.epochs.filter((_, i) => keep[i]), metrics: pick(b.metrics), layers: b.layers.map(pick) };
}

/** The bands in long format: model,epoch,layer,stat,value (empty value: no seed had one); `results` name each bands' model. */
export function bandsCsv(results, bands) {
  const out = ['model,epoch,layer,stat,value'];
  results.forEach((r, i) => {
    for (const row of bandRows(bands[i])) out.push(`${r.name},${row.epoch},${row.layer},${row.stat},${row.value == null ? '' : row.value}`);
  });
  return `${out.join('\n')}\n`;
}

function renderMarkdown(results, { seeds, epochs, gradEpochs, dataSeed }) {
  const out = [];
  out.push(`# The article's experiments, reproduced by gradlab (${seeds} seed${seeds > 1 ? 's' : ''}, ${epochs} epochs)`, '');
  out.push(`Two circles, 1000 points, noise 0.1, factor 0.8, scaled to [-1, 1] (data seed ${dataSeed}); first 500 train, last 500 test.`,
    'SGD lr 0.01, momentum 0.9, batch 32, binary cross-entropy, sigmoid output. gradlab columns: median (min–max) over seeds.', '');
  out.push('| model | gradlab train | gradlab test | published train / test (Keras, one seed) | PyTorch test, 10 seeds | nets died |');
  out.push('|---|---|---|---|---|---|');
  for (const r of results) {
    const p = r.published;
    const pub = p.train === null ? p.note : `${f3(p.train)} / ${f3(p.test)}${p.note ? `: ${p.note}` : ''}`;
    const died = MODELS[r.name].activation === 'relu' ? `${r.runs.filter((x) => x.died).length} of ${r.runs.length}` : '– (no ReLU)';
    out.push(`| ${r.name} | ${spread(r.runs.map((x) => x.trainAccuracy))} | ${spread(r.runs.map((x) => x.testAccuracy))} | ${pub} | ${r.pytorch} | ${died} |`);
  }
  out.push('');
  for (const r of results) {
    const nl = r.runs[0].deadFraction.length || (r.runs[0].gradMeanAbs[gradEpochs[0]] ?? []).length;
    out.push(`## ${r.name}: ${r.describe}`, '');
    out.push('| | train accuracy | test accuracy |', '|---|---|---|');
    out.push(`| gradlab, ${r.runs.length} seeds: median (min–max) | ${spread(r.runs.map((x) => x.trainAccuracy))} | ${spread(r.runs.map((x) => x.testAccuracy))} |`);
    const p = r.published;
    out.push(`| published (Keras, one seed) | ${p.train === null ? p.note : f3(p.train)} | ${p.test === null ? p.note : `${f3(p.test)}${p.note ? `: ${p.note}` : ''}`} |`);
    out.push(`| PyTorch, same set-up, 10 seeds (docs/EXPERIMENT.md) | – | ${r.pytorch} |`, '');
    const died = r.runs.filter((x) => x.died).map((x) => x.seed);
    const diverged = r.runs.filter((x) => x.stopped).map((x) => x.seed);
    const failed = r.runs.filter((x) => x.testAccuracy < 0.6).map((x) => x.seed);
    const diedText = MODELS[r.name].activation === 'relu'
      ? `Nets that died (a hidden layer with every ReLU unit dead at the end): ${died.length} of ${r.runs.length}${died.length ? ` (seeds ${died.join(', ')})` : ''}.`
      : 'No ReLU units, so no net can die of dead ReLUs.';
    out.push(`${diedText}`
      + ` Test accuracy below 0.6: ${failed.length} of ${r.runs.length}.${diverged.length ? ` Diverged: seeds ${diverged.join(', ')}.` : ''}`, '');
    out.push(`Per layer, median over seeds: mean |∂L/∂W| at epoch ${gradEpochs.join(', ')}; fraction of dead and saturated units in the last epoch.`, '');
    out.push(`| layer | ${gradEpochs.map((e) => `gradMeanAbs @${e}`).join(' | ')} | dead units | saturated units |`);
    out.push(`|---|${gradEpochs.map(() => '---').join('|')}|---|---|`);
    for (let l = 0; l < nl; l++) {
      const label = l === nl - 1 ? 'output (1 sigmoid)' : `${l + 1} (5 ${MODELS[r.name].activation})`;
      const g = gradEpochs.map((e) => {
        const v = r.runs.map((x) => x.gradMeanAbs[e]?.[l]).filter((x) => x !== undefined);
        return v.length ? fe(median(v)) : '–';
      });
      const dead = r.runs.map((x) => x.deadFraction[l]).filter((x) => x !== undefined);
      const sat = r.runs.map((x) => x.saturatedFraction[l]).filter((x) => x !== undefined);
      out.push(`| ${label} | ${g.join(' | ')} | ${dead.length ? f3(median(dead)) : '–'} | ${sat.length ? f3(median(sat)) : '–'} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
