#!/usr/bin/env node
// gradlab CLI: reproduce the article's experiments over many seeds, or run an
// experiment config and write its history as JSON or CSV.
//   gradlab reproduce [--seeds 10] [--epochs 500] [--models ...] [--grad-epochs 1,100,500] [--json out.json]
//                     [--bands-csv bands.csv]
//   gradlab train --config exp.json [--out file.json|file.csv] [--format json|csv]
//   gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train] [--out script.py]
// Results on stdout (or the --out/--json file), progress on stderr.
// Exit codes: 0 ok, 1 runtime failure, 2 bad flags or config.
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import {
  load, ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS, DATASETS, DATASET_PARAMS, TRAIN_PARAMS, LAYER_STATS,
  seedBands, bandRows,
} from './gradlab.js';
import { exportExperiment, exportFrameworks, validateExperiment } from './export.js';
import { diagnose } from './diagnose.js';
import { STATS_LEVELS, DIST_QUANTITIES, DIST_PERCENTILES } from './tables.js';

class UsageError extends Error {}

const MAIN_HELP = `gradlab — activation functions and gradient flow in deep networks (C + WebAssembly)

Usage:
  gradlab reproduce [options]        the article's experiments over several seeds (markdown tables)
  gradlab train --config exp.json    run one experiment config, write its history (JSON or CSV)
  gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train]
                                     the experiment as a runnable PyTorch or Keras script
  gradlab <command> --help           the options of a command

Options:
  -h, --help      this text
  -v, --version   the version
`;

const REPRODUCE_HELP = `gradlab reproduce — the article set-up over N seeds

Data: two circles, 1000 points, noise 0.1, factor 0.8, scaled to [-1, 1]; the
first 500 train, the last 500 test. SGD lr 0.01, momentum 0.9, batch 32,
binary cross-entropy, sigmoid output. Seed s (1 … N) seeds the network's
initialisation and shuffling; the data is the same for every seed.

Prints, per model, the median (min–max) train and test accuracy beside the
published numbers, how many seeds' nets died (a hidden layer whose ReLU
units are all dead) and, per layer, the median gradMeanAbs at the chosen
epochs and the dead / saturated unit fractions at the end.

Options:
  --seeds N            seeds 1 … N (default 10)
  --epochs N           epochs per run (default 500)
  --models LIST        comma-separated, of: MODELS_LIST (default: all)
  --grad-epochs LIST   epochs at which to report gradMeanAbs (default 1,100,500, those ≤ --epochs, and the last)
  --data-seed N        seed of the data set (default 1)
  --json FILE          also write every run's numbers as JSON to FILE, with the bands over seeds per
                       model: per epoch the median, q1, q3, min and max of the loss, the accuracy and,
                       per layer, gradMeanAbs
  --bands-csv FILE     write those bands as CSV to FILE, long format: model,epoch,layer,stat,value
                       (layer 'all' for loss_* and accuracy_*; 1 … L for gradMeanAbs_*)
  -j, --jobs N         runs in parallel on N worker threads (default: the number of cores, here JOBS_DEFAULT);
                       the numbers are the same as with --jobs 1, bit for bit
  -q, --quiet          no progress on stderr
  -h, --help           this text
`;

const TRAIN_HELP = `gradlab train — run an experiment config

Usage: gradlab train --config exp.json [--out history.json|history.csv] [--format json|csv]

The config (JSON):
  {
    "dataset": { "type": "circles", "n": 1000, "noise": 0.1, "factor": 0.8, "seed": 1,
                 "scale": true, "trainFraction": 0.5 },     // type: ${DATASETS.join(' ')} (+ "classes")
    "network": { "inputs": 2, "layers": [ { "units": 5, "activation": "relu", "init": "he_uniform" },
                                          { "units": 1, "activation": "sigmoid" } ],
                 "loss": "binary_crossentropy", "seed": 1 },
    "train":   { "epochs": 100, "batchSize": 32, "shuffle": true,
                 "optimizer": { "type": "sgd", "learningRate": 0.01, "momentum": 0.9 }, "l1": 0, "l2": 0 }
  }
The first trainFraction of the points train, the rest validate (trainFraction 1: no validation).

Output: JSON { config, epochs: [per-epoch stats], stopped, final: { train, test }, model } or
CSV with one row per epoch: epoch, loss, accuracy, valLoss, valAccuracy and, per layer l,
${LAYER_STATS.map((k) => `L<l>_${k}`).join(', ')}.

Names: activation ${ACTIVATIONS.join(' ')}
       init ${INITIALIZERS.join(' ')}
       loss ${LOSSES.join(' ')}; optimizer type ${OPTIMIZERS.join(' ')}

Options:
  --config FILE        the experiment (required)
  --out FILE           write the history to FILE (default: stdout)
  --format json|csv    default: from the --out extension, else json
  --stats basic|full   full: also the per-layer distributions, update ratios and unit arrays
                       (CSV: long format, one row per epoch × layer × quantity × statistic)
  --diagnose           print per layer what the statistics show and likely cures
                       (stdout with --out, else stderr)
  -q, --quiet          no progress on stderr
  -h, --help           this text
`;

const EXPORT_HELP = `gradlab export — an experiment as a runnable PyTorch or Keras script

Usage: gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train] [--out script.py]

The config is the one of 'gradlab train --config' (see 'gradlab train --help').
The script regenerates the data (numpy, the same generator and split), builds the
same layers, initialisers, loss and optimiser, trains for the config's epochs and
prints the test accuracy. With weights it also runs with --no-train (predict with
gradlab's weights: the same predictions within 1e-5) and --predict points.json.

Options:
  --config FILE              the experiment (required)
  --framework pytorch|keras  the framework of the script (required)
  --weights FILE             embed these weights: a model JSON (the page's "Model as JSON")
                             or the output of 'gradlab train --out x.json'; its layers
                             must be the config's
  --train                    train with gradlab first (as 'gradlab train') and embed the result
                             (with --weights or --train the script also embeds the data set
                             as gradlab drew it, so --no-train reproduces gradlab's accuracy)
  --out FILE                 write the script to FILE (default: stdout)
  -q, --quiet                no progress on stderr
  -h, --help                 this text
`;

// ---- the article's models ------------------------------------------------------
const U01 = { init: 'random_uniform', initParams: { min: 0, max: 1 } };
const MODELS = {
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
const MODEL_NAMES = Object.keys(MODELS);

function modelSpec(name, seed) {
  const m = MODELS[name];
  const layers = [];
  for (let i = 0; i < m.hidden; i++) layers.push({ units: 5, activation: m.activation, ...structuredClone(m.init) });
  layers.push({ units: 1, activation: 'sigmoid', ...structuredClone(m.out) });
  return { inputs: 2, layers, loss: 'binary_crossentropy', seed };
}

// ---- small helpers -------------------------------------------------------------
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const f3 = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));
const fe = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v === 0 ? '0' : v.toExponential(1));
const spread = (a) => `${f3(median(a))} (${f3(Math.min(...a))}–${f3(Math.max(...a))})`;

function positiveInt(v, flag, max) {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a positive integer, got '${v}'`);
  const n = Number(v);
  if (n < 1 || n > max) throw new UsageError(`${flag} must be in 1 … ${max}, got ${n}`);
  return n;
}

function intList(v, flag, max) {
  const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UsageError(`${flag} needs a comma-separated list of epochs, got '${v}'`);
  return [...new Set(parts.map((p) => positiveInt(p, flag, max)))].sort((a, b) => a - b);
}

function parse(args, options, command) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError(`${command}: ${e.message.replace(/\. To specify a positional argument.*$/s, '')} (see 'gradlab ${command} --help')`);
  }
}

const MAX_JSON_BYTES = 1 << 28; // as network.fromJSON()'s limit on a model text

function readJSON(file, what) {
  let text;
  try {
    const size = statSync(file).size;
    if (size > MAX_JSON_BYTES) throw new UsageError(`${what} ${file} has ${size} bytes, above the limit of ${MAX_JSON_BYTES}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${e.message}`);
  }
}

function writeOut(file, text) {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new Error(`cannot write ${file}: ${e.message}`);
  }
}

// ---- reproduce -------------------------------------------------------------------
const REPRODUCE_OPTIMIZER = Object.freeze({ type: 'sgd', learningRate: 0.01, momentum: 0.9 });
const MAX_JOBS = 64;

/** Worker threads to use by default: the cores Node may run on. */
function defaultJobs() {
  return Math.max(1, Math.min(MAX_JOBS, typeof availableParallelism === 'function' ? availableParallelism() : cpus().length));
}

/** The article's data: two circles, first 500 train, last 500 test. */
function reproduceData(lab, dataSeed) {
  return lab.datasets.split(lab.datasets.circles({ n: 1000, noise: 0.1, factor: 0.8, seed: dataSeed, scale: true }), 0.5);
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
      // per epoch, what the bands over seeds need (reproduceBands)
      history: hist.epochs.map((st) => ({ loss: st.loss, accuracy: st.accuracy, layers: st.layers.map((l) => ({ gradMeanAbs: l.gradMeanAbs })) })),
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
async function runPool(tasks, size, setup, onResult) {
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
        if (m.error) return stop(new Error(`${w.task.name} seed ${w.task.seed}: ${m.error}`));
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

/** A worker thread of runPool: loads gradlab once, then runs the tasks it is sent. */
async function poolWorker(setup, module) {
  const lab = await load(module);
  const data = setup.role === 'reproduce' ? reproduceData(lab, setup.dataSeed) : null;
  parentPort.on('message', (task) => {
    if (task === null) { parentPort.close(); return; }
    try {
      parentPort.postMessage({ result: reproduceRun(lab, data, task) });
    } catch (e) {
      parentPort.postMessage({ error: String(e?.message ?? e) });
    }
  });
}

async function reproduce(args) {
  const help = REPRODUCE_HELP.replace('MODELS_LIST', MODEL_NAMES.join(', ')).replace('JOBS_DEFAULT', String(defaultJobs()));
  const { values: o } = parse(args, {
    seeds: { type: 'string' }, epochs: { type: 'string' }, models: { type: 'string' },
    'grad-epochs': { type: 'string' }, 'data-seed': { type: 'string' }, json: { type: 'string' },
    'bands-csv': { type: 'string' },
    jobs: { type: 'string', short: 'j' }, quiet: { type: 'boolean', short: 'q' },
  }, 'reproduce');
  if (o.help) { process.stdout.write(help); return; }
  const seeds = o.seeds === undefined ? 10 : positiveInt(o.seeds, '--seeds', 1000);
  const epochs = o.epochs === undefined ? 500 : positiveInt(o.epochs, '--epochs', 1000000);
  const dataSeed = o['data-seed'] === undefined ? 1 : (/^\d+$/.test(o['data-seed']) && Number(o['data-seed']) <= 0xffffffff
    ? Number(o['data-seed']) : (() => { throw new UsageError(`--data-seed must be an integer in 0 … 4294967295, got '${o['data-seed']}'`); })());
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
  const progress = o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`);

  const jobs = o.jobs === undefined ? defaultJobs() : positiveInt(o.jobs, '--jobs', MAX_JOBS);
  const tasks = models.flatMap((name) => Array.from({ length: seeds }, (_, i) => ({ name, seed: i + 1, epochs, gradEpochs })));
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
    await runPool(tasks, Math.min(jobs, tasks.length), { role: 'reproduce', dataSeed }, report);
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
    const b = seedBands(r.runs.map((x) => x.history));
    for (const x of r.runs) delete x.history;
    // reproduce trains without validation data: no valLoss / valAccuracy bands
    return { epochs: b.epochs, metrics: { loss: b.metrics.loss, accuracy: b.metrics.accuracy }, layers: b.layers };
  });
}

/** The bands in long format: model,epoch,layer,stat,value (empty value: no seed had one). */
function bandsCsv(results, bands) {
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

// ---- train --config ---------------------------------------------------------------
function checkObject(v, where, keys) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${where} must be an object, got ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new UsageError(`${where}: unknown field '${k}' (valid: ${keys.join(', ')})`);
  }
  return v;
}

// Errors of the API name their own where ("network(spec): layers[0]: ..."); say which config field it was.
function asConfigError(e, field, prefix) {
  if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
    const m = e.message.startsWith(prefix) ? `${field}${e.message.slice(prefix.length)}` : `${field}: ${e.message}`;
    return new UsageError(m.replace(`${field}: options.`, `${field}.`).replace(`${field}: options`, field));
  }
  return e;
}

// Reads and checks an experiment config; returns it with the data and a fresh network.
async function prepare(configFile) {
  const config = readJSON(configFile, 'the config');
  checkObject(config, 'config', ['dataset', 'network', 'train']);
  for (const k of ['dataset', 'network', 'train']) if (config[k] === undefined) throw new UsageError(`config: missing field '${k}'`);
  const dsKeys = [...new Set(['type', ...Object.values(DATASET_PARAMS).flatMap(Object.keys), 'trainFraction'])];
  const ds = checkObject(config.dataset, 'config.dataset', dsKeys);
  if (!DATASETS.includes(ds.type)) throw new UsageError(`config.dataset.type must be one of ${DATASETS.join(', ')}, got ${JSON.stringify(ds.type)}`);
  const trainFraction = ds.trainFraction ?? 0.5;
  if (typeof trainFraction !== 'number' || !(trainFraction > 0 && trainFraction <= 1)) {
    throw new UsageError(`config.dataset.trainFraction must be a number in (0, 1], got ${JSON.stringify(ds.trainFraction)}`);
  }
  const tr = checkObject(config.train, 'config.train', [...Object.keys(TRAIN_PARAMS), 'optimizer', 'clip', 'schedule']);
  if (config.network?.inputs !== undefined && config.network.inputs !== 2) {
    throw new UsageError(`config.network.inputs must be 2 (the data sets are 2-D), got ${JSON.stringify(config.network.inputs)}`);
  }

  const lab = await load();
  const { type, trainFraction: _tf, ...dsOpts } = ds;
  let data;
  try {
    data = lab.datasets[type](dsOpts);
  } catch (e) { throw asConfigError(e, 'config.dataset', `datasets.${type}()`); }
  const split = trainFraction < 1 ? lab.datasets.split(data, trainFraction) : { train: data, test: null };
  let net;
  try {
    net = lab.network(config.network);
  } catch (e) { throw asConfigError(e, 'config.network', 'network(spec)'); }
  return { lab, config, tr, split, net };
}

// Trains net on the config's data as `train --config` does; returns the history.
function runTraining({ tr, split, net }, progress, stats) {
  const epochs = tr.epochs ?? 1;
  const every = Math.max(1, Math.round(epochs / 20));
  let hist;
  try {
    hist = net.train(split.train.X, split.train.y, {
      ...tr,
      ...(stats ? { stats } : {}),
      validation: split.test ?? undefined,
      onEpoch: (s) => {
        if (s.epoch % every === 0 || s.epoch === epochs) {
          progress(`train: epoch ${s.epoch}/${epochs} loss ${s.loss.toFixed(4)} acc ${f3(s.accuracy)}${s.valLoss === null ? '' : ` val loss ${s.valLoss.toFixed(4)} val acc ${f3(s.valAccuracy)}`}`);
        }
      },
    });
  } catch (e) { throw asConfigError(e, 'config.train', 'net.train()'); }
  if (hist.stopped) progress(`train: stopped: ${hist.stopped.message}`);
  return hist;
}

async function train(args) {
  const { values: o } = parse(args, {
    config: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
    stats: { type: 'string' }, diagnose: { type: 'boolean' },
  }, 'train');
  if (o.stats !== undefined && !STATS_LEVELS.includes(o.stats)) throw new UsageError(`--stats must be ${STATS_LEVELS.join(' or ')}, got '${o.stats}'`);
  if (o.help) { process.stdout.write(TRAIN_HELP); return; }
  if (!o.config) throw new UsageError("train needs --config FILE (see 'gradlab train --help')");
  let format = o.format;
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got '${format}'`);
  if (!format) format = o.out && /\.csv$/i.test(o.out) ? 'csv' : 'json';
  const progress = o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`);

  const run = await prepare(o.config);
  const { config, split, net } = run;
  try {
    const hist = runTraining(run, progress, o.stats);
    const final = {
      train: net.evaluate(split.train.X, split.train.y),
      test: split.test ? net.evaluate(split.test.X, split.test.y) : null,
    };
    const full = o.stats === 'full';
    const text = format === 'csv' ? (full ? toLongCSV(hist) : toCSV(hist))
      : `${JSON.stringify({ config, epochs: hist.epochs, stride: hist.stride, thinned: hist.thinned, stopped: hist.stopped, final, model: net.toJSON() }, typedArrays, full ? undefined : 2)}\n`;
    if (o.diagnose) {
      const d = diagnose(hist, net.spec).text;
      if (o.out) process.stdout.write(`${d}\n`); else process.stderr.write(`${d}\n`);
    }
    if (o.out) {
      writeOut(o.out, text);
      progress(`train: wrote ${hist.epochs.length} epochs to ${o.out} (${format})`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    net.dispose();
  }
}

// ---- export --------------------------------------------------------------------------
// The model of --weights: a model JSON (net.toJSON(), the page's "Model as JSON")
// or the history JSON of `train --out x.json`, which holds it as .model.
function readModel(file, lab, network) {
  const j = readJSON(file, 'the weights file');
  const isModel = (m) => m !== null && typeof m === 'object' && !Array.isArray(m) && m.format === 'gradlab-model';
  const model = isModel(j) ? j : isModel(j?.model) ? j.model : null;
  if (!model) {
    throw new UsageError(`--weights ${file}: not a gradlab model (a model JSON with "format": "gradlab-model", or the output of 'gradlab train --out x.json')`);
  }
  let net;
  try {
    net = lab.network.fromJSON(model);
  } catch (e) {
    throw new UsageError(`--weights ${file}: ${e.message}`);
  }
  try {
    const describeL = (L) => `${L.units} ${L.activation}${L.alpha !== undefined ? ` (alpha ${L.alpha})` : ''}`;
    const ms = model.spec;
    const cs = network;
    if ((ms.inputs ?? 2) !== (cs.inputs ?? 2)) throw new UsageError(`--weights ${file}: the model has ${ms.inputs} inputs, the config's network ${cs.inputs ?? 2}`);
    if (ms.layers.length !== cs.layers.length) {
      throw new UsageError(`--weights ${file}: the model has ${ms.layers.length} layers, the config's network ${cs.layers.length}`);
    }
    // alpha as the net uses it: the float32 of the given value, else the default
    const alphaOf = (L) => (lab.activationInfo(L.activation).parametric ? (L.alpha === undefined ? lab.activationInfo(L.activation).alpha : Math.fround(L.alpha)) : null);
    ms.layers.forEach((L, i) => {
      const C = cs.layers[i];
      if (L.units !== C.units || L.activation !== C.activation || alphaOf(L) !== alphaOf(C)) {
        throw new UsageError(`--weights ${file}: layer ${i + 1} of the model is ${describeL(L)}, of the config's network ${describeL(C)}`);
      }
    });
    return net.getWeights();
  } finally {
    net.dispose();
  }
}

async function exportCommand(args) {
  const { values: o } = parse(args, {
    config: { type: 'string' }, framework: { type: 'string' }, weights: { type: 'string' }, train: { type: 'boolean' },
    out: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
  }, 'export');
  if (o.help) { process.stdout.write(EXPORT_HELP); return; }
  if (!o.config) throw new UsageError("export needs --config FILE (see 'gradlab export --help')");
  if (o.framework === undefined) throw new UsageError("export needs --framework pytorch|keras (see 'gradlab export --help')");
  if (!exportFrameworks.includes(o.framework)) throw new UsageError(`--framework must be one of ${exportFrameworks.join(', ')}, got '${o.framework}'`);
  if (o.weights !== undefined && o.train) throw new UsageError('--weights and --train exclude each other: embed a saved model, or train one now');
  const progress = o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`);

  const run = await prepare(o.config);
  const { config, net } = run;
  let weights = null;
  try {
    // The exporter's own checks (the same config shape; it names the field).
    try {
      validateExperiment(config);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message.replace(/^experiment/, 'config'));
      throw e;
    }
    if (o.train) {
      runTraining(run, progress);
      weights = net.getWeights();
    } else if (o.weights !== undefined) {
      weights = readModel(o.weights, run.lab, config.network);
    }
  } finally {
    net.dispose();
  }
  let text;
  try {
    // with weights, the script also carries the very points they were trained
    // and tested on, so `--no-train` reports gradlab's own accuracy
    const data = weights ? { train: run.split.train, ...(run.split.test ? { test: run.split.test } : {}) } : undefined;
    text = exportExperiment(config, { framework: o.framework, weights, data });
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message.replace(/^experiment/, 'config'));
    throw e;
  }
  const what = `${o.framework === 'pytorch' ? 'PyTorch' : 'Keras'} script${weights ? (o.train ? ' with the weights trained now' : ` with the weights of ${o.weights}`) + ' and the data' : ' (no weights)'}`;
  if (o.out) {
    writeOut(o.out, text);
    try { chmodSync(o.out, 0o755); } catch { /* not ours to change */ }
    progress(`export: wrote the ${what} to ${o.out}`);
  } else {
    process.stdout.write(text);
  }
}

// JSON of typed arrays (the 'full' statistics): plain arrays
function typedArrays(k, v) { return ArrayBuffer.isView(v) ? Array.from(v) : v; }

// --stats full: one row per epoch × layer × quantity × statistic. quantity
// 'layer' holds the basic statistics and updateRatio; the DIST_QUANTITIES their
// count, mean, std and percentiles p1 … p99, at the epochs that keep them
// (histograms and unit arrays: JSON only).
function toLongCSV(hist) {
  const rows = ['epoch,layer,quantity,statistic,value'];
  for (const e of hist.epochs) {
    for (const [j, L] of e.layers.entries()) {
      for (const s of [...LAYER_STATS, 'updateRatio']) rows.push(`${e.epoch},${j + 1},layer,${s},${L[s]}`);
      if (!L.dist) continue;
      for (const q of DIST_QUANTITIES) {
        const D = L.dist[q];
        for (const s of ['count', 'mean', 'std']) rows.push(`${e.epoch},${j + 1},${q},${s},${D[s]}`);
        DIST_PERCENTILES.forEach((p, i) => rows.push(`${e.epoch},${j + 1},${q},p${p},${D.p[i]}`));
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

function toCSV(hist) {
  const nl = hist.epochs[0]?.layers.length ?? 0;
  const stats = LAYER_STATS;
  const head = ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy'];
  for (let l = 1; l <= nl; l++) for (const s of stats) head.push(`L${l}_${s}`);
  const rows = [head.join(',')];
  for (const e of hist.epochs) {
    const r = [e.epoch, e.loss, e.accuracy, e.valLoss ?? '', e.valAccuracy ?? ''];
    for (const L of e.layers) for (const s of stats) r.push(L[s]);
    rows.push(r.join(','));
  }
  return `${rows.join('\n')}\n`;
}

// ---- main ----------------------------------------------------------------------------
async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    if (cmd === 'help' && rest[0] === 'reproduce') return reproduce(['--help']);
    if (cmd === 'help' && rest[0] === 'train') return train(['--help']);
    if (cmd === 'help' && rest[0] === 'export') return exportCommand(['--help']);
    process.stdout.write(MAIN_HELP);
    if (cmd === undefined) process.exitCode = 2;
    return undefined;
  }
  if (cmd === '-v' || cmd === '--version') {
    let version = 'unknown';
    try { version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version; } catch { /* not in the package */ }
    process.stdout.write(`${version}\n`);
    return undefined;
  }
  if (cmd === 'reproduce') return reproduce(rest);
  if (cmd === 'train') return train(rest);
  if (cmd === 'export') return exportCommand(rest);
  throw new UsageError(`unknown command '${cmd}' (commands: reproduce, train, export; see 'gradlab --help')`);
}

const entry = isMainThread || !workerData?.gradlabWorker ? main(process.argv.slice(2)) : poolWorker(workerData.gradlabWorker, workerData.module);
entry.catch((e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`gradlab: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`gradlab: ${String(e?.message ?? e).replace(/^gradlab: /, '')}\n`);
    process.exitCode = 1;
  }
});
