// `gradlab reproduce --cures` (src/js/cli/reproduce-cures.js) and its set-ups
// (src/js/cli/cures.js), and the PyTorch script of the same set-ups
// (helpers/cures_torch.py): the set-ups are valid networks whose baseline and
// cure differ exactly as the experiment says; a reduced run (2 seeds, a few
// epochs) has the structure the docs give, in markdown, JSON and CSV, the same
// with 1 and 2 worker threads; the PyTorch JSON goes beside it. No accuracy
// figures are asserted (they belong to the full run in docs/EXPERIMENT.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../dist/gradlab.js';
import { CURE_EXPERIMENTS, CURE_SETUPS, cureSpec, cureTrainOptions } from '../../src/js/cli/cures.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const TORCH = fileURLToPath(new URL('./helpers/cures_torch.py', import.meta.url));
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 300000 });
const dir = mkdtempSync(join(tmpdir(), 'gradlab-cures-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const lab = await load();

/** The paths at which two plain values differ ('layers.3.norm', 'train.clip', …). */
function diff(a, b, path = '') {
  if (a === b) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [path];
}
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// what each experiment's cure changes against its baseline, as paths of the
// normalised spec (net.spec), the train options and the training rows
const CHANGES = {
  'batch-norm': range(0, 9).flatMap((l) => [`spec.layers.${l}.norm`, `spec.layers.${l}.normParams`]),
  clipping: ['train.clip'],
  warmup: ['train.schedule.warmupEpochs'],
  leaky: range(0, 14).flatMap((l) => [`spec.layers.${l}.activation`, `spec.layers.${l}.alpha`]),
  'bn-deep-tanh': range(0, 4).flatMap((l) => [`spec.layers.${l}.norm`, `spec.layers.${l}.normParams`]),
  'skip-deep-relu': range(1, 19).map((l) => `spec.layers.${l}.residual`),
  'dropout-small': range(0, 2).map((l) => `spec.layers.${l}.dropout`),
};

const normalised = (s) => {
  const net = lab.network(cureSpec(s, 3));
  try {
    return { spec: net.spec, train: cureTrainOptions(s), rows: s.trainRows ?? 500 };
  } finally {
    net.dispose();
  }
};

test('every set-up is a valid network; baseline and cure differ as the experiment says', () => {
  assert.equal(CURE_EXPERIMENTS.length, 8);
  assert.equal(new Set(CURE_SETUPS.map((s) => s.id)).size, CURE_SETUPS.length, 'set-up ids are unique');
  for (const x of CURE_EXPERIMENTS) {
    const base = x.setups.filter((s) => s.role === 'baseline');
    const cure = x.setups.filter((s) => s.role === 'cure');
    assert.equal(base.length, 1, `${x.id}: one baseline`);
    assert.equal(cure.length, 1, `${x.id}: one cure`);
    const b = normalised(base[0]);
    const c = normalised(cure[0]);
    if (CHANGES[x.id]) assert.deepEqual(diff(b, c).sort(), [...CHANGES[x.id]].sort(), x.id);
  }
  assert.deepEqual(CURE_EXPERIMENTS.filter((x) => x.negative).map((x) => x.id), ['bn-deep-tanh', 'skip-deep-relu', 'dropout-small']);
  const drop = CURE_SETUPS.find((s) => s.id === 'drop-off');
  assert.equal(drop.trainRows, 100);
});

test('residual: 21 plain layers × 8 against a first layer + 10 blocks (relu, linear with residual 2); gain 1/√10, 1; one-layer skips', () => {
  const by = Object.fromEntries(CURE_SETUPS.filter((s) => s.experiment === 'residual').map((s) => [s.id, normalised(s).spec.layers]));
  for (const layers of Object.values(by)) {
    assert.equal(layers.length, 22);
    assert.ok(layers.slice(0, 21).every((l) => l.units === 8));
    assert.equal(layers[21].activation, 'sigmoid');
  }
  assert.ok(by['res-off'].slice(0, 21).every((l) => l.activation === 'relu' && l.init === 'he_uniform' && !l.residual));
  for (const [id, gain] of [['res-scaled', 1 / Math.sqrt(10)], ['res-unscaled', 1]]) {
    for (let b = 0; b < 10; b++) {
      const [f, g] = [by[id][1 + 2 * b], by[id][2 + 2 * b]];
      assert.equal(f.activation, 'relu');
      assert.equal(f.residual, undefined);
      assert.equal(g.activation, 'linear');
      assert.equal(g.residual, 2);
      assert.equal(g.initParams?.gain ?? 1, gain, `${id} block ${b}`);
    }
  }
  assert.ok(by['res-skip1'].slice(1, 21).every((l) => l.residual === 1 && l.activation === 'relu'));
});

test('reproduce --cures, 2 seeds × 5 epochs: markdown, JSON and CSV; --jobs 1 and 2 agree bit for bit', () => {
  const out = {};
  for (const jobs of ['1', '2']) {
    const json = join(dir, `cures-${jobs}.json`);
    const csv = join(dir, `cures-${jobs}.csv`);
    const r = run('reproduce', '--cures', '--seeds', '2', '--epochs', '5', '--jobs', jobs, '--json', json, '--csv', csv);
    assert.equal(r.status, 0, r.stderr);
    out[jobs] = { r, json: JSON.parse(readFileSync(json, 'utf8')), csv: readFileSync(csv, 'utf8') };
  }
  const { r, json, csv } = out['2'];
  assert.match(r.stdout, /^# The cures' experiments, by gradlab \(2 seeds, 5 epochs\)/);
  const rows = r.stdout.split('\n').filter((l) => /^\| [a-z-]+( \(negative\))? \| .* \| (baseline|cure|fails) \| /.test(l));
  assert.equal(rows.length, CURE_SETUPS.length, 'one table row per set-up');
  for (const row of rows) assert.match(row, /\| (baseline|cure|fails) \| \d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\] \| [0-2]\/2 \| (0|[12], epochs? \d+(–\d+)?) \|$/);
  assert.match(r.stdout, /## Gradient per layer at epoch 5/);
  assert.match(r.stderr, /reproduce --cures: bn-on seed 2\/2: test \d\.\d{3}/);

  assert.equal(json.setup.epochs, 5);
  assert.equal(json.setup.gradEpoch, 5);
  assert.deepEqual(json.experiments.map((x) => x.id), CURE_EXPERIMENTS.map((x) => x.id));
  for (const x of json.experiments) {
    for (const s of x.setups) {
      assert.equal(s.runs.length, 2, s.id);
      assert.equal(s.train.epochs, 5);
      const L = s.spec.layers.length;
      for (const run of s.runs) {
        assert.ok(run.testAccuracy >= 0 && run.testAccuracy <= 1, s.id);
        if (run.diverged === null) {
          assert.equal(run.epochs, 5);
          assert.equal(run.gradMeanAbs.length, L, `${s.id}: one gradient per layer`);
        } else {
          assert.ok(run.diverged >= 1 && run.diverged <= 5 && run.epochs === run.diverged - 1, `${s.id}: stopped at its NaN epoch`);
          assert.equal(run.gradMeanAbs, null, `${s.id}: no gradient at epoch 5 from a run that stopped before`);
        }
      }
      const sm = s.summary;
      assert.ok(sm.min <= sm.median && sm.median <= sm.max);
      assert.equal(sm.seeds, 2);
      assert.equal(sm.gradSeeds, s.runs.filter((x) => x.gradMeanAbs).length);
      assert.equal(sm.reached, s.runs.filter((x) => x.testAccuracy >= 0.75).length);
      assert.deepEqual(sm.diverged.map((d) => d.seed), s.runs.filter((x) => x.diverged !== null).map((x) => x.seed));
    }
  }
  const lines = csv.trim().split('\n');
  assert.match(lines[0], /^experiment,setup,role,seed,train_accuracy,test_accuracy,epochs,diverged_epoch,grad_epoch,grad_layer_1,.*grad_layer_22$/);
  assert.equal(lines.length, 1 + 2 * CURE_SETUPS.length);

  // the pool changes nothing but the order the runs finish in
  const strip = (j) => JSON.stringify(j.experiments.map((x) => x.setups.map((s) => s.runs.map(({ ms, ...rest }) => rest))));
  assert.equal(strip(out['1'].json), strip(json));
});

test('reproduce --cures: bad flags are refused with the field named', () => {
  for (const [args, re] of [
    [['--cures', '--experiments', 'nope'], /--experiments: unknown experiment 'nope' \(valid: batch-norm, residual/],
    [['--cures', '--models', 'deep-tanh'], /--models goes without --cures/],
    [['--experiments', 'leaky'], /--experiments goes with --cures only/],
    [['--brief'], /--brief goes with --cures only/],
    [['--cures', '--torch', join(dir, 'missing.json')], /cannot read --torch .*missing\.json: no such file/],
  ]) {
    const r = run('reproduce', ...args, '--seeds', '1', '--epochs', '1');
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
  }
  const bad = join(dir, 'bad-torch.json');
  writeFileSync(bad, JSON.stringify({ epochs: 1, setups: { 'bn-off': { runs: [] } } }));
  const r = run('reproduce', '--cures', '--torch', bad, '--seeds', '1', '--epochs', '1');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /setups\.bn-off\.runs must be a non-empty array/);
  writeFileSync(bad, JSON.stringify({ epochs: 3, setups: { 'bn-off': { runs: [{ seed: 1, testAccuracy: 0.5, diverged: null, gradMeanAbs: null }] } } }));
  const e = run('reproduce', '--cures', '--torch', bad, '--experiments', 'batch-norm', '--seeds', '1', '--epochs', '1');
  assert.equal(e.status, 2);
  assert.match(e.stderr, /--torch: its runs have 3 epochs, this run 1/);
});

test('cures_torch.py runs the same set-ups (2 seeds × 3 epochs); --torch puts them beside gradlab', () => {
  const tj = join(dir, 'torch.json');
  const p = spawnSync('/usr/bin/python3', [TORCH, '--seeds', '2', '--epochs', '3', '--experiments', 'batch-norm,dropout-small', '--out', tj],
    { encoding: 'utf8', timeout: 300000 });
  assert.equal(p.status, 0, p.stderr);
  const t = JSON.parse(readFileSync(tj, 'utf8'));
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(Object.keys(t.setups), ['bn-off', 'bn-on', 'drop-off', 'drop-on']);
  for (const [id, s] of Object.entries(t.setups)) {
    assert.equal(s.runs.length, 2);
    const L = CURE_SETUPS.find((x) => x.id === id).layers.length;
    for (const r of s.runs) {
      assert.ok(r.testAccuracy >= 0 && r.testAccuracy <= 1);
      if (r.diverged === null) assert.equal(r.gradMeanAbs.length, L);
    }
  }
  const r = run('reproduce', '--cures', '--experiments', 'batch-norm,dropout-small', '--seeds', '2', '--epochs', '3', '--torch', tj, '-q');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\| PyTorch test \(3 epochs\) \| PyTorch ≥ 0\.75 \| PyTorch diverged \|/);
  const rows = r.stdout.split('\n').filter((l) => /^\| (batch-norm|dropout-small)/.test(l));
  assert.equal(rows.length, 4);
  for (const row of rows) assert.match(row, /\| \d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\] \| [0-2]\/2 \| [^|]+ \| \d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\] \| [0-2]\/2 \| [^|]+ \|$/);
  // --brief: the README's short table, one row per set-up
  const b = run('reproduce', '--cures', '--brief', '--experiments', 'batch-norm,dropout-small', '--seeds', '2', '--epochs', '3', '--torch', tj, '-q');
  assert.equal(b.status, 0, b.stderr);
  const lines = b.stdout.trim().split('\n');
  assert.equal(lines[0], '| set-up | gradlab test | PyTorch test | ≥ 0.75 gradlab / PyTorch |');
  assert.equal(lines.length, 2 + 4);
  assert.match(lines[5], /^\| dropout-small \(neg\.\): \+ dropout 0\.2 \| \d\.\d{3} \[[^\]]+\] \| \d\.\d{3} \[[^\]]+\] \| [0-2] \/ [0-2] \|$/);
});
