// cli/export.js — `gradlab export`: an experiment as a runnable PyTorch or Keras
// script, with weights (saved or trained now) and then the data they trained on.
import { chmodSync } from 'node:fs';
import { UsageError, parse, readJSON, writeOut } from './common.js';
import { EXPORT_HELP } from './help.js';
import { prepare, runTraining } from './train.js';
import { TABLES } from '../gradlab.js';

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
    // a model that records its feature inputs (model version 3) must take the config's
    const mf = net.features, cf = cs.features ?? null;
    if (mf && (mf.join(',') !== (cf ?? []).join(','))) {
      throw new UsageError(`--weights ${file}: the model takes the feature inputs ${mf.join(', ')}, the config's network ${cf ? cf.join(', ') : 'the data\'s own columns (config.dataset.features is not set)'}`);
    }
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

export async function exportCommand(args) {
  const { values: o } = parse(args, {
    config: { type: 'string' }, framework: { type: 'string' }, weights: { type: 'string' }, train: { type: 'boolean' },
    out: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
  }, 'export');
  if (o.help) { process.stdout.write(EXPORT_HELP); return; }
  // loaded here, not with the CLI: the other commands and reproduce's worker
  // threads start without parsing the exporter
  const { exportExperiment, exportFrameworks, validateExperiment } = await import('../export.js');
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
      weights = readModel(o.weights, run.lab, run.netSpec);
    }
  } finally {
    net.dispose();
  }
  let text;
  try {
    // with weights, the script also carries the very points they were trained
    // and tested on, so `--no-train` reports gradlab's own accuracy
    // (the data's own columns: a script on feature inputs computes them from the points)
    // (a bundled table: its rows, which the script shuffles, splits and z-scores as gradlab does)
    const xy = ({ X, y }) => ({ X, y });
    const bundled = TABLES.includes(config.dataset?.type);
    const data = weights && !bundled ? { train: xy(run.points.train), ...(run.points.test ? { test: xy(run.points.test) } : {}) } : undefined;
    const table = bundled ? xy(await run.lab.datasets[config.dataset.type]()) : undefined;
    text = exportExperiment(config, { framework: o.framework, weights, data, table });
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
