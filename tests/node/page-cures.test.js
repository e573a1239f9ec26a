// The page's cures (issue 14) outside the browser: the URL format of the
// layer options and training options round-trips and refuses what the library
// refuses; the state → experiment mapping (the exports' and `gradlab train
// --config`'s) carries every option, and the CLI trains that config as the
// page's worker trains it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateExperiment } from '../../dist/export.js';
import { load as loadLab } from '../../dist/gradlab.js';
import { defaultState, fromHash, toHash, networkSpec, trainSpec, parseLayers, cureSummary } from '../../web/state.js';
import { experimentOf } from '../../web/exports.js';
import { makeData, trainNet } from '../../web/experiment.js';
import { presetState, CURES } from '../../web/presets.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

test('layer options in the URL: parsed, formatted back, refused out of the library\'s ranges', () => {
  const text = '8:relu,8:leaky_relu:a0.1:nbatch:d0.2,8:elu:a2:r2:g0.5,8:tanh:nlayer';
  const st = defaultState();
  st.a.layers = parseLayers(text);
  assert.match(toHash(st), new RegExp(`layers=${text}`));
  for (const [bad, why] of [
    ['5:tanh:a0.1', /tanh takes no alpha/], ['5:leaky_relu:a2', /alpha of leaky_relu of hidden layer 1: 2 is out of range/],
    ['5:tanh:d1', /dropout of hidden layer 1: 1 is out of range/], ['5:tanh:nfoo', /norm "foo"/], ['5:tanh:g-1', /init gain of hidden layer 1: -1/],
    ['5:tanh:r1', /residual 1 of hidden layer 1 adds the network's 2 inputs to its 5 units/], ['5:tanh,5:tanh:r3', /reaches before the input/],
    ['5:tanh:d0.1:d0.2', /unknown or repeated/],
  ]) {
    const r = fromHash(`layers=${bad}`);
    assert.equal(r.errors.length, 1, bad);
    assert.match(r.errors[0], why, bad);
  }
  // batch norm with a batch of 1: the norm goes, with a message
  const r = fromHash('layers=5:tanh:nbatch&batch=1');
  assert.match(r.errors[0], /batch norm of hidden layer 1 needs a batch size of at least 2/);
  assert.equal(r.state.a.layers[0].norm, 'none');
  // the cosine floor above the learning rate
  assert.match(fromHash('sched=cosine&cosine.minLearningRate=0.5&lr=0.1').errors[0], /minLearningRate \(0\.5\) must not be above the learning rate \(0\.1\)/);
});

test('state → experiment (exports, CLI config): every cure reaches the spec and validates', () => {
  const st = presetState('cure-residual');
  Object.assign(st.b, { clip: 'value', clipv: 0.5, sched: 'step', warmupEpochs: 5, 'step.stepEpochs': 100, 'step.gamma': 0.5, wd: 0.01, ogain: 2 });
  st.b.layers[1] = { ...st.b.layers[1], norm: 'batch', drop: 0.1 };
  st.b.layers[0] = { units: 8, act: 'leaky_relu', alpha: 0.2 };
  const e = experimentOf(st, st.b);
  const v = validateExperiment(e);
  const L = v.network.layers;
  assert.equal(L[0].alpha, 0.2);
  assert.equal(L[1].norm, 'batch');
  assert.equal(L[1].dropout, 0.1);
  assert.equal(L[2].residual, 2);
  assert.equal(L[2].initParams.gain, 0.3162);
  assert.equal(L.at(-1).initParams.gain, 2);
  assert.deepEqual(e.train.clip, { value: 0.5 });
  assert.deepEqual(e.train.schedule, { type: 'step', warmupEpochs: 5, stepEpochs: 100, gamma: 0.5 });
  assert.equal(e.train.weightDecay, 0.01);
  // a cosine schedule without decayEpochs decays over the page's run (it trains one epoch a call)
  assert.equal(trainSpec({ ...st.b, sched: 'cosine' }, 500).schedule.decayEpochs, 495);
  // a plain net: no cure option at all (the exports of old settings are unchanged)
  const plain = experimentOf(defaultState(), defaultState().a);
  for (const k of ['clip', 'schedule', 'weightDecay']) assert.equal(k in plain.train, false, k);
  assert.deepEqual(cureSummary(defaultState().a), []);
  assert.deepEqual(cureSummary(st.b), ['batch norm', 'skip ×10', 'dropout 0.1', 'alpha 0.2', 'init gain', 'clip value 0.5', 'step lr', 'warm-up 5', 'decay 0.01']);
  assert.deepEqual(e.network, networkSpec(st.b, st.seed));
});

test('the CLI trains a cure preset\'s config as the page does (cure-clip B, 3 epochs; A diverges in epoch 1)', async () => {
  const lab = await loadLab();
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-cures-'));
  try {
    for (const id of CURES) assert.doesNotThrow(() => validateExperiment(experimentOf(presetState(id), presetState(id).b)), id);
    const st = presetState('cure-clip');
    st.epochs = 3;
    const data = makeData(lab, st);
    for (const net of ['a', 'b']) {
      const ref = trainNet(lab, st, st[net], st.seed, 3, data);
      const cfg = join(dir, `${net}.json`), out = join(dir, `${net}-h.json`);
      writeFileSync(cfg, JSON.stringify(experimentOf(st, st[net])));
      const r = spawnSync(process.execPath, [cli, 'train', '--config', cfg, '--out', out, '-q'], { encoding: 'utf8', timeout: 120000 });
      assert.equal(r.status, 0, r.stderr);
      const h = JSON.parse(readFileSync(out, 'utf8'));
      assert.equal(h.stopped?.epoch ?? null, ref.stopped?.epoch ?? null, net);
      assert.equal(h.epochs.length, ref.history.length, net);
      h.epochs.forEach((s, i) => assert.ok(Math.abs(s.loss - ref.history[i].loss) <= 1e-6 * Math.abs(s.loss), `${net} epoch ${i + 1}: ${s.loss} vs ${ref.history[i].loss}`));
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
