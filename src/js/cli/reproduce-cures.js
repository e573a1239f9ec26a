// cli/reproduce-cures.js — `gradlab reproduce --cures`: the cures' experiments
// (cli/cures.js) over seeds on reproduce's worker pool, as markdown, JSON and
// CSV; with --torch, the PyTorch figures of tests/node/helpers/cures_torch.py
// beside them.
import { load } from '../gradlab.js';
import { UsageError, median, f3, fe, writeOut, readJSON } from './common.js';
import { CURE_EXPERIMENTS, CURE_SETUPS, CURE_BY_ID, CURE_COMMON, cureSpec, cureTrainOptions } from './cures.js';
import { runPool, reproduceData } from './reproduce.js';

/** The data a set-up trains on: the first trainRows training rows, or all 500. */
export function cureData(data, setup) {
  if (!setup.trainRows) return data.train;
  const n = setup.trainRows;
  return { X: data.train.X.slice(0, n * 2), y: data.train.y.slice(0, n) };
}

/** Accuracy with the set-up's rule: class = output > 0.5 for the linear MSE output, else evaluate()'s. */
function accuracy(net, setup, X, y) {
  if (!setup.threshold) return net.evaluate(X, y).accuracy;
  const p = net.predict(X);
  let ok = 0;
  for (let i = 0; i < y.length; i++) ok += (p[i] > 0.5) === (y[i] > 0.5) ? 1 : 0;
  return ok / y.length;
}

/** One set-up trained with one seed: accuracies, where it stopped, gradMeanAbs per layer at gradEpoch. */
export function cureRun(lab, data, { id, seed, epochs, gradEpoch }) {
  const setup = CURE_BY_ID[id];
  const t0 = performance.now();
  const net = lab.network(cureSpec(setup, seed));
  try {
    const tr = cureData(data, setup);
    const hist = net.train(tr.X, tr.y, { ...cureTrainOptions(setup), epochs });
    const at = hist.epochs[gradEpoch - 1]; // none when the run diverged before
    return {
      seed,
      trainAccuracy: accuracy(net, setup, tr.X, tr.y),
      testAccuracy: accuracy(net, setup, data.test.X, data.test.y),
      epochs: hist.epochs.length,
      diverged: hist.stopped ? hist.stopped.epoch : null,
      gradEpoch: at ? at.epoch : null,
      gradMeanAbs: at ? at.layers.map((l) => l.gradMeanAbs) : null,
      ms: Math.round(performance.now() - t0),
    };
  } finally {
    net.dispose();
  }
}

/** Median, min, max, seeds ≥ reach, diverged seeds and the median gradient per layer of one set-up's runs. */
export function summarize(runs, reach = CURE_COMMON.reach) {
  const acc = runs.map((r) => r.testAccuracy);
  const withGrad = runs.filter((r) => r.gradMeanAbs);
  const L = withGrad.length ? withGrad[0].gradMeanAbs.length : 0;
  return {
    median: median(acc), min: Math.min(...acc), max: Math.max(...acc),
    reached: acc.filter((a) => a >= reach).length, seeds: runs.length,
    diverged: runs.filter((r) => r.diverged !== null).map((r) => ({ seed: r.seed, epoch: r.diverged })),
    gradMeanAbs: Array.from({ length: L }, (_, l) => median(withGrad.map((r) => r.gradMeanAbs[l]))),
    gradSeeds: withGrad.length,
  };
}

const cell = (s) => `${f3(s.median)} [${f3(s.min)}–${f3(s.max)}]`;

export function parseExperiments(v) {
  const ids = CURE_EXPERIMENTS.map((x) => x.id);
  if (v === undefined) return ids;
  const want = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = want.filter((w) => !ids.includes(w));
  if (bad.length || !want.length) throw new UsageError(`--experiments: unknown experiment${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ') || "''"} (valid: ${ids.join(', ')})`);
  return want;
}

/** Reads --torch FILE[,FILE…] (cures_torch.py's JSON, { epochs, setups: { id: { runs } } }): the summaries per set-up. */
function readTorch(files) {
  const out = {};
  let epochs = null;
  for (const file of files.split(',').map((f) => f.trim()).filter(Boolean)) {
    const t = readJSON(file, '--torch');
    if (!t || typeof t.setups !== 'object' || t.setups === null) throw new UsageError(`--torch ${file}: no 'setups' object (write it with tests/node/helpers/cures_torch.py --out)`);
    if (epochs !== null && t.epochs !== epochs) throw new UsageError(`--torch ${file}: ${t.epochs} epochs, the other file ${epochs}`);
    epochs = t.epochs;
    for (const [id, v] of Object.entries(t.setups)) {
      if (!CURE_BY_ID[id]) throw new UsageError(`--torch ${file}: setups.${id}: not a set-up of gradlab reproduce --cures`);
      if (!Array.isArray(v?.runs) || !v.runs.length || !v.runs.every((r) => typeof r?.testAccuracy === 'number')) {
        throw new UsageError(`--torch ${file}: setups.${id}.runs must be a non-empty array of runs with a testAccuracy`);
      }
      out[id] = summarize(v.runs.map((r) => ({ ...r, diverged: r.diverged ?? null, gradMeanAbs: r.gradMeanAbs ?? null })));
    }
  }
  return { summaries: out, epochs };
}

/** `gradlab reproduce --cures`, with reproduce's parsed options. */
export async function reproduceCures(o, { seeds, epochs, dataSeed, jobs, progress }) {
  const experiments = parseExperiments(o.experiments);
  const torch = o.torch ? readTorch(o.torch) : null;
  if (torch && torch.epochs !== epochs) throw new UsageError(`--torch: its runs have ${torch.epochs} epochs, this run ${epochs} (give the same --epochs)`);
  const gradEpoch = Math.min(CURE_COMMON.gradEpoch, epochs);
  const setups = CURE_SETUPS.filter((s) => experiments.includes(s.experiment));
  const tasks = setups.flatMap((s) => Array.from({ length: seeds }, (_, i) => ({ id: s.id, seed: i + 1, epochs, gradEpoch })));
  // the longest first (cost ~ parameters × rows), so no worker idles at the end
  const cost = (t) => { const s = CURE_BY_ID[t.id]; return s.layers.reduce((a, l) => a + l.units * (l.norm ? 2 : 1), 0) * (s.trainRows ?? 500); };
  const pooled = [...tasks].sort((a, b) => cost(b) - cost(a));
  const byKey = new Map();
  const report = (task, run) => {
    byKey.set(`${task.id}/${task.seed}`, run);
    progress(`reproduce --cures: ${task.id} seed ${task.seed}/${seeds}: test ${f3(run.testAccuracy)}${run.diverged !== null ? ` (diverged at epoch ${run.diverged})` : ''} ${run.ms} ms`);
  };
  if (jobs === 1 || tasks.length === 1) {
    const lab = await load();
    const data = reproduceData(lab, dataSeed);
    for (const t of tasks) report(t, cureRun(lab, data, t));
  } else {
    await runPool(pooled, Math.min(jobs, tasks.length), { role: 'cures', dataSeed }, report);
  }
  const results = CURE_EXPERIMENTS.filter((x) => experiments.includes(x.id)).map((x) => ({
    id: x.id, title: x.title, negative: x.negative, change: x.change,
    setups: x.setups.map((s) => {
      const runs = Array.from({ length: seeds }, (_, i) => byKey.get(`${s.id}/${i + 1}`));
      return { id: s.id, role: s.role, label: s.label, spec: cureSpec(s, 1), train: { ...cureTrainOptions(s), epochs }, trainRows: s.trainRows ?? 500,
        summary: summarize(runs), pytorch: torch?.summaries[s.id] ?? null, runs };
    }),
  }));
  process.stdout.write(o.brief ? renderBrief(results, torch) : renderCures(results, { seeds, epochs, gradEpoch, dataSeed, torch }));
  if (o.json) {
    writeOut(o.json, `${JSON.stringify({
      setup: { data: { type: 'circles', n: 1000, noise: 0.1, factor: 0.8, seed: dataSeed, scale: true, train: 'first 500', test: 'last 500' },
        batchSize: CURE_COMMON.batchSize, epochs, seeds, gradEpoch, reach: CURE_COMMON.reach },
      experiments: results,
    }, null, 2)}\n`);
    progress(`reproduce --cures: wrote ${o.json}`);
  }
  if (o.csv) {
    writeOut(o.csv, curesCsv(results));
    progress(`reproduce --cures: wrote ${o.csv}`);
  }
}

/** One row per run: experiment,setup,role,seed,train_accuracy,test_accuracy,epochs,diverged_epoch,grad_epoch,grad_layer_1 … */
function curesCsv(results) {
  const L = Math.max(...results.flatMap((x) => x.setups.flatMap((s) => s.runs.map((r) => r.gradMeanAbs?.length ?? 0))));
  const out = [['experiment', 'setup', 'role', 'seed', 'train_accuracy', 'test_accuracy', 'epochs', 'diverged_epoch', 'grad_epoch',
    ...Array.from({ length: L }, (_, l) => `grad_layer_${l + 1}`)].join(',')];
  for (const x of results) {
    for (const s of x.setups) {
      for (const r of s.runs) {
        const g = Array.from({ length: L }, (_, l) => r.gradMeanAbs?.[l] ?? '');
        out.push([x.id, s.id, s.role, r.seed, r.trainAccuracy, r.testAccuracy, r.epochs, r.diverged ?? '', r.gradEpoch ?? '', ...g].join(','));
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** --brief: one short table, set-up | gradlab | (PyTorch) | seeds ≥ 0.75. */
function renderBrief(results, torch) {
  const r = CURE_COMMON.reach;
  const out = [torch ? `| set-up | gradlab test | PyTorch test | ≥ ${r} gradlab / PyTorch |` : `| set-up | gradlab test | ≥ ${r} |`,
    torch ? '|---|---|---|---|' : '|---|---|---|'];
  for (const x of results) {
    for (const s of x.setups) {
      const name = `${x.id}${x.negative ? ' (neg.)' : ''}: ${s.label}`;
      const m = s.summary;
      const p = s.pytorch;
      out.push(torch ? `| ${name} | ${cell(m)} | ${p ? cell(p) : 'not in --torch'} | ${m.reached} / ${p ? p.reached : '–'} |` : `| ${name} | ${cell(m)} | ${m.reached}/${m.seeds} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

function renderCures(results, { seeds, epochs, gradEpoch, dataSeed, torch }) {
  const out = [];
  out.push(`# The cures' experiments, by gradlab (${seeds} seed${seeds > 1 ? 's' : ''}, ${epochs} epochs)`, '');
  out.push(`Two circles, 1000 points, noise 0.1, factor 0.8, scaled (data seed ${dataSeed}); first 500 train, last 500 test.`,
    'Batch 32, biases zero; SGD lr 0.01 momentum 0.9 and BCE on a sigmoid output unless the set-up says otherwise.',
    `Test accuracy: median [min–max] over seeds; ≥ ${CURE_COMMON.reach}: seeds reaching it; diverged: the seeds whose loss or weights turned non-finite, and the epochs of those NaN stops.`, '');
  const tHead = torch ? ` PyTorch test (${torch.epochs ?? '?'} epochs) | PyTorch ≥ ${CURE_COMMON.reach} | PyTorch diverged |` : '';
  out.push(`| experiment | set-up | role | test accuracy | ≥ ${CURE_COMMON.reach} | diverged |${tHead}`);
  out.push(`|---|---|---|---|---|---|${torch ? '---|---|---|' : ''}`);
  // how many diverged, and in which epochs (the seeds: in the JSON and CSV)
  const div = (s) => {
    if (!s.diverged.length) return '0';
    const e = s.diverged.map((d) => d.epoch);
    const [lo, hi] = [Math.min(...e), Math.max(...e)];
    return `${e.length}, epoch${lo === hi ? ` ${lo}` : `s ${lo}–${hi}`}`;
  };
  for (const x of results) {
    for (const s of x.setups) {
      const t = torch ? (s.pytorch ? ` ${cell(s.pytorch)} | ${s.pytorch.reached}/${s.pytorch.seeds} | ${div(s.pytorch)} |` : ' not in --torch | – | – |') : '';
      out.push(`| ${x.id}${x.negative ? ' (negative)' : ''} | ${s.label} | ${s.role} | ${cell(s.summary)} | ${s.summary.reached}/${s.summary.seeds} | ${div(s.summary)} |${t}`);
    }
  }
  out.push('');
  out.push(`## Gradient per layer at epoch ${gradEpoch}`, '',
    `Median over the seeds that reached epoch ${gradEpoch} of mean |∂L/∂W| per layer, first hidden layer … output.`, '');
  for (const x of results) {
    out.push(`### ${x.title}`, '', `Cure: ${x.change}.`, '');
    for (const s of x.setups) {
      const m = s.summary;
      const of = m.gradSeeds < m.seeds ? ` (${m.gradSeeds} of ${m.seeds} seeds: the others diverged before)` : '';
      out.push(`- ${s.label} (${s.role}): ${m.gradSeeds ? `${m.gradMeanAbs.map(fe).join(' ')}${of}` : 'none (every seed diverged before)'}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
