// A small app that depends on the gradlab package: the wasm reaches the page
// only through the bundler — load() finds the asset Vite emitted for the
// module's `new URL('./gradlab.wasm', import.meta.url)`, and the same file is
// also imported explicitly as a URL (`gradlab/gradlab.wasm?url`).
import { load, GradlabError } from 'gradlab';
import wasmUrl from 'gradlab/gradlab.wasm?url';

const out = document.getElementById('out');

async function run() {
  const lab = await load();
  const data = lab.datasets.split(lab.datasets.circles({ n: 400, noise: 0.05, factor: 0.5, seed: 3 }), 0.5);
  const net = lab.network({
    inputs: 2, loss: 'binary_crossentropy', seed: 1,
    layers: [{ units: 16, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid', init: 'glorot_uniform' }],
  });
  const history = net.train(data.train.X, data.train.y, { epochs: 80, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.03 } });
  const test = net.evaluate(data.test.X, data.test.y);
  const grid = new Float32Array(50 * 50 * 2);
  for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) grid.set([-1 + i / 24.5, -1 + j / 24.5], 2 * (i * 50 + j));
  const surface = net.predict(grid);
  net.dispose();

  const explicit = await load(wasmUrl);
  const same = explicit.activate('mish', [0.3])[0] === lab.activate('mish', [0.3])[0];

  let wrong = null;
  try {
    await load(new URL('./no-such.wasm', location.href));
  } catch (e) {
    wrong = { gradlab: e instanceof GradlabError, message: e.message };
  }
  return {
    ok: true, wasmUrl, epochs: history.epochs.length, firstLoss: history.epochs[0].loss,
    lastLoss: history.epochs.at(-1).loss, accuracy: test.accuracy, surface: surface.length,
    surfaceMin: Math.min(...surface), surfaceMax: Math.max(...surface), same, wrong,
  };
}

run().then((r) => {
  window.result = r;
  out.textContent = `test accuracy ${r.accuracy.toFixed(3)} after ${r.epochs} epochs`;
}, (e) => {
  window.result = { ok: false, error: String(e && e.stack || e) };
  out.textContent = `error: ${e.message}`;
});
