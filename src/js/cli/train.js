// cli/train.js — `gradlab train --config`: one experiment config trained, its
// history written as JSON or CSV (--stats full, --diagnose); with --seeds, trained
// once per network seed (on reproduce's worker pool with --jobs) and written as
// the bands over seeds, as `reproduce` writes them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { load, DATASETS, DATASET_PARAMS, DATASET_SHAPES, TRAIN_PARAMS, LAYER_STATS, checkFeatures, featureColumns,
  TABLES, SCALINGS, shuffleRows, scalingOf, applyScaling } from '../gradlab.js';
import { diagnose } from '../diagnose.js';
import { distPercentiles } from '../percentiles.js';
import { isPlainObject } from '../check.js';
import { STATS_LEVELS, DIST_QUANTITIES, DIST_PERCENTILES } from '../tables.js';
import { UsageError, f3, spread, positiveInt, parse, readJSON, writeOut, checkObject, asConfigError } from './common.js';
import { TRAIN_HELP } from './help.js';
import { runPool, defaultJobs, epochBands, bandsCsv, MAX_JOBS } from './reproduce.js';

/**
 * The config and its data: { lab, config, netSpec, tr, split, points, net } (netSpec: the config's
 * network spec, its inputs defaulting to the data's, with the feature inputs of
 * config.dataset.features as spec.features; split: what the network takes, points: the
 * same split of the data's own columns, before the feature inputs; net: that network;
 * none with { net: false }). `lab`: a loaded module to use (default: load one).
 */
export async function prepare(configFile, dataFile, { lab = null, net: withNet = true } = {}) {
  const config = readJSON(configFile, 'the config');
  checkObject(config, 'config', ['dataset', 'network', 'train']);
  for (const k of ['network', 'train', ...(dataFile ? [] : ['dataset'])]) {
    if (config[k] === undefined) throw new UsageError(`config: missing field '${k}'`);
  }
  const dsKeys = dataFile ? ['trainFraction', 'seed', 'std']
    : [...new Set(['type', ...Object.values(DATASET_PARAMS).flatMap(Object.keys), 'trainFraction', 'features', 'std'])];
  const ds = checkObject(config.dataset ?? {}, 'config.dataset', dsKeys);
  if (dataFile && ds.type !== undefined) throw new UsageError('config.dataset.type: with --data the data come from the file');
  const bundled = !dataFile && TABLES.includes(ds.type);
  if (!dataFile && !bundled && !DATASETS.includes(ds.type)) throw new UsageError(`config.dataset.type must be one of ${[...DATASETS, ...TABLES].join(', ')}, got ${JSON.stringify(ds.type)}`);
  if (!dataFile && !bundled && ds.std !== undefined) throw new UsageError(`config.dataset.std: the standardisation is for tables (--data or a bundled table); the ${ds.type} data set is used as generated`);
  if (bundled) {
    const extra = Object.keys(ds).filter((k) => !['type', 'trainFraction', 'seed', 'std'].includes(k));
    if (extra.length) throw new UsageError(`config.dataset.${extra[0]}: the bundled table ${ds.type} takes only type, seed (of the shuffle), trainFraction and std`);
  }
  // a table's standardisation: the page's setting `std` (the library's SCALINGS, scalingOf's kind)
  const std = ds.std === undefined ? 'zscore' : ds.std;
  if (!SCALINGS.includes(std)) throw new UsageError(`config.dataset.std must be one of ${SCALINGS.join(', ')}, got ${JSON.stringify(ds.std)}`);
  const trainFraction = ds.trainFraction ?? 0.5;
  if (typeof trainFraction !== 'number' || !(trainFraction > 0 && trainFraction <= 1)) {
    throw new UsageError(`config.dataset.trainFraction must be a number in (0, 1], got ${JSON.stringify(ds.trainFraction)}`);
  }
  const tr = checkObject(config.train, 'config.train', [...Object.keys(TRAIN_PARAMS), 'optimizer', 'clip', 'schedule']);

  if (!lab) lab = await load();
  let data;
  if (bundled) {
    // a bundled table: shuffled, split and z-scored as a --data file
    data = shuffleRows(await lab.datasets[ds.type](), ds.seed ?? 1);
    if (config.network?.inputs !== undefined && config.network.inputs !== data.inputs) {
      throw new UsageError(`config.network.inputs is ${JSON.stringify(config.network.inputs)}; the ${ds.type} table has ${data.inputs} feature columns`);
    }
  } else if (dataFile) {
    data = tableData(lab, dataFile, ds.seed ?? 1);
    if (config.network?.inputs !== undefined && config.network.inputs !== data.inputs) {
      throw new UsageError(`config.network.inputs is ${JSON.stringify(config.network.inputs)}; ${dataFile} has ${data.inputs} feature columns`);
    }
  } else {
    const { type, trainFraction: _tf, features, ...dsOpts } = ds;
    // feature inputs (2-D sets): the network takes featureColumns(X, features)
    let feats = null;
    if (features !== undefined) {
      if (DATASET_SHAPES[type].inputs !== 2) throw new UsageError(`config.dataset.features: the ${type} data set has 1 input; features are for the 2-D sets`);
      try { feats = checkFeatures(features, 'config.dataset.features'); } catch (e) { throw new UsageError(e.message); }
    }
    const inputs = feats ? feats.length : DATASET_SHAPES[type].inputs;
    if (config.network?.inputs !== undefined && config.network.inputs !== inputs) {
      throw new UsageError(`config.network.inputs must be ${inputs} (${feats ? `the ${inputs} feature inputs of config.dataset.features` : `the ${type} data set has ${inputs} input${inputs > 1 ? 's' : ''}`}), got ${JSON.stringify(config.network.inputs)}`);
    }
    // the network records its feature inputs (spec.features, kept in its model file)
    const nf = config.network?.features;
    if (nf !== undefined && (!feats || !Array.isArray(nf) || nf.join(',') !== feats.join(','))) {
      throw new UsageError(`config.network.features must be the list of config.dataset.features (${feats ? feats.join(', ') : 'not set'}), got ${JSON.stringify(nf)}`);
    }
    try {
      data = { ...lab.datasets[type](dsOpts), inputs, features: feats };
      if (feats) { data.points = data.X; data.X = featureColumns(data.X, feats); }
    } catch (e) { throw asConfigError(e, 'config.dataset', `datasets.${type}()`); }
  }
  const splitOf = (d) => (trainFraction < 1 ? lab.datasets.split(d, trainFraction) : { train: d, test: null });
  const split = splitOf(data);
  if (dataFile || bundled) standardise(split, std);
  // points: the split of the data's own columns (before the feature inputs: what an exported script embeds)
  const points = data.points ? splitOf({ X: data.points, y: data.y }) : split;
  // the network's inputs default to the data's
  let netSpec = isPlainObject(config.network) && config.network.inputs === undefined ? { ...config.network, inputs: data.inputs } : config.network;
  if (data.features && isPlainObject(netSpec)) netSpec = { ...netSpec, features: [...data.features] };
  return { lab, config, netSpec, tr, split, points, net: withNet ? networkOf(lab, netSpec) : null };
}

function networkOf(lab, spec) {
  try {
    return lab.network(spec);
  } catch (e) { throw asConfigError(e, 'config.network', 'network(spec)'); }
}

/**
 * A CSV table (lab.datasets.fromCSV: the label in the last column) with its
 * rows shuffled by a seeded generator (tables are often sorted by class),
 * so that the split gets every class on both sides.
 */
function tableData(lab, file, seed) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--data ${file}: ${e.code === 'ENOENT' ? 'the file does not exist' : e.message}`);
  }
  let t;
  try {
    t = lab.datasets.fromCSV(text);
  } catch (e) {
    throw new UsageError(`--data ${file}: ${e.message.replace(/^datasets\.fromCSV\(\): /, '')}`);
  }
  return shuffleRows(t, seed);
}

/** Standardise every feature (kind: scalingOf's, SCALINGS) with the training rows' statistics. */
function standardise(split, kind) {
  const { train, test } = split;
  const d = train.X.length / train.y.length;
  const s = scalingOf(train.X, d, kind);
  train.X = applyScaling(train.X, d, s);
  if (test) test.X = applyScaling(test.X, d, s);
}

// Trains net on the config's data as `train --config` does; returns the history.
export function runTraining({ tr, split, net }, progress, stats) {
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

export async function train(args) {
  const { values: o } = parse(args, {
    config: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
    stats: { type: 'string' }, diagnose: { type: 'boolean' }, data: { type: 'string' },
    seeds: { type: 'string' }, 'bands-csv': { type: 'string' }, jobs: { type: 'string', short: 'j' },
  }, 'train');
  if (o.stats !== undefined && !STATS_LEVELS.includes(o.stats)) throw new UsageError(`--stats must be ${STATS_LEVELS.join(' or ')}, got '${o.stats}'`);
  if (o.help) { process.stdout.write(TRAIN_HELP); return; }
  if (!o.config) throw new UsageError("train needs --config FILE (see 'gradlab train --help')");
  let format = o.format;
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got '${format}'`);
  if (!format) format = o.out && /\.csv$/i.test(o.out) ? 'csv' : 'json';
  const progress = o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`);
  if (o.seeds !== undefined) return trainSeeds(o, format, progress);
  for (const k of ['bands-csv', 'jobs']) if (o[k] !== undefined) throw new UsageError(`--${k} goes with --seeds (bands over several seeds)`);

  const run = await prepare(o.config, o.data);
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

// ---- --seeds: the config over several network seeds ------------------------------------
const MAX_SEEDS = 1000;

/** --seeds N: seeds 1 … N; --seeds a,b,…: those seeds (whole numbers, 0 … 2^32 − 1). */
function seedsOf(v) {
  if (!v.includes(',')) return Array.from({ length: positiveInt(v, '--seeds', MAX_SEEDS) }, (_, i) => i + 1);
  const parts = v.split(',').map((x) => x.trim());
  const bad = parts.find((x) => !/^\d+$/.test(x) || Number(x) > 0xffffffff);
  if (bad !== undefined) throw new UsageError(`--seeds: '${bad}' is not a seed (a whole number in 0 … 4294967295; --seeds N alone means seeds 1 … N)`);
  const seeds = [...new Set(parts.map(Number))];
  if (seeds.length > MAX_SEEDS) throw new UsageError(`--seeds lists ${seeds.length} seeds; at most ${MAX_SEEDS}`);
  return seeds;
}

/** One seed of --seeds: the config's network with network seed `seed`, trained; its figures and per-epoch history. */
function seedRun(run, seed) {
  const t0 = performance.now();
  const net = networkOf(run.lab, { ...run.netSpec, seed });
  try {
    const hist = runTraining({ ...run, net }, () => {});
    const { train: tr, test: te } = run.split;
    return {
      seed, epochs: hist.epochs.length ? hist.epochs[hist.epochs.length - 1].epoch : 0, stopped: hist.stopped,
      final: { train: net.evaluate(tr.X, tr.y), test: te ? net.evaluate(te.X, te.y) : null },
      // what the bands over seeds need, per kept epoch
      history: hist.epochs.map((s) => ({
        epoch: s.epoch, loss: s.loss, accuracy: s.accuracy, valLoss: s.valLoss, valAccuracy: s.valAccuracy,
        layers: s.layers.map((l) => ({ gradMeanAbs: l.gradMeanAbs })),
      })),
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    net.dispose();
  }
}

/** The pool's work for `train --seeds` (cli/reproduce.js poolWorker): the config's data, one seed per task. */
export const trainRole = {
  prepare: (lab, setup) => prepare(setup.config, setup.data, { lab, net: false }),
  run: (lab, run, task) => seedRun(run, task.seed),
};

async function trainSeeds(o, format, progress) {
  const seeds = seedsOf(o.seeds);
  if (o.stats === 'full') throw new UsageError('--stats full goes with one seed: with --seeds the output is the bands over seeds of the basic statistics');
  if (o.diagnose) throw new UsageError('--diagnose goes with one seed (drop --seeds)');
  const jobs = o.jobs === undefined ? defaultJobs() : positiveInt(o.jobs, '--jobs', MAX_JOBS);
  const run = await prepare(o.config, o.data, { net: false }); // checks the config and data here, before any thread starts
  networkOf(run.lab, run.netSpec).dispose();
  const name = basename(o.config).replace(/\.json$/i, '');
  const bySeed = new Map();
  let done = 0;
  const report = (task, r) => {
    bySeed.set(task.seed, r);
    progress(`train: seed ${task.seed} (${++done}/${seeds.length}): train ${f3(r.final.train.accuracy)}${r.final.test ? ` test ${f3(r.final.test.accuracy)}` : ''}${r.stopped ? ` (${r.stopped.reason})` : ''} ${r.ms} ms`);
  };
  const tasks = seeds.map((seed) => ({ name, seed }));
  if (jobs === 1 || tasks.length === 1) for (const t of tasks) report(t, seedRun(run, t.seed));
  else await runPool(tasks, Math.min(jobs, tasks.length), { role: 'train', config: o.config, data: o.data }, report);
  const runs = seeds.map((s) => bySeed.get(s));
  const bands = epochBands(runs.map((r) => r.history));
  for (const r of runs) { delete r.history; delete r.ms; }
  const acc = (k) => runs.map((r) => (r.final[k] ? r.final[k].accuracy : NaN)).filter((v) => !Number.isNaN(v));
  progress(`train: ${seeds.length} seeds: train accuracy ${spread(acc('train'))}${acc('test').length ? `, test ${spread(acc('test'))}` : ''} (median (min–max))`);
  const csv = bandsCsv([{ name }], [bands]);
  const text = format === 'csv' ? csv : `${JSON.stringify({ config: run.config, seeds, runs, bands }, null, 2)}\n`;
  if (o.out) {
    writeOut(o.out, text);
    progress(`train: wrote ${format === 'csv' ? 'the bands over seeds' : 'the seeds\' results and bands'} to ${o.out} (${format})`);
  } else {
    process.stdout.write(text);
  }
  if (o['bands-csv']) {
    writeOut(o['bands-csv'], csv);
    progress(`train: wrote the bands over seeds to ${o['bands-csv']}`);
  }
}

function typedArrays(k, v) { return ArrayBuffer.isView(v) ? Array.from(v) : v; }

// --stats full: one row per epoch × layer × quantity × statistic. quantity
// 'layer' holds the basic statistics and updateRatio; the DIST_QUANTITIES their
// count, mean, std, min, max, absMin and percentiles p1 … p99 (distPercentiles:
// exact where the data allow, else the log bin's estimate), at the epochs that
// keep them (histograms and unit arrays: JSON only).
function toLongCSV(hist) {
  const rows = ['epoch,layer,quantity,statistic,value'];
  for (const e of hist.epochs) {
    for (const [j, L] of e.layers.entries()) {
      for (const s of [...LAYER_STATS, 'updateRatio']) rows.push(`${e.epoch},${j + 1},layer,${s},${L[s]}`);
      if (!L.dist) continue;
      for (const q of DIST_QUANTITIES) {
        const D = L.dist[q];
        for (const s of ['count', 'mean', 'std', 'min', 'max', 'absMin']) rows.push(`${e.epoch},${j + 1},${q},${s},${D[s]}`);
        const fig = distPercentiles(D);
        DIST_PERCENTILES.forEach((p, i) => rows.push(`${e.epoch},${j + 1},${q},p${p},${fig ? fig.p[i] : NaN}`));
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
