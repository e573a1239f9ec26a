// errors.ts — misuse the types must reject: each @ts-expect-error fails the
// type check if the line below it compiles (so a too-loose .d.ts is caught).
// Checked with the DOM lib (tsconfig.json), as in a browser project.
import { load } from 'gradlab';

export async function misuse(): Promise<number> {
  const lab = await load();
  // @ts-expect-error unknown activation name
  lab.activate('relu7', [1]);
  // @ts-expect-error x must be numbers
  lab.activate('relu', ['1']);
  // @ts-expect-error unknown loss
  lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'hinge' });
  // @ts-expect-error a layer needs units
  lab.network({ inputs: 2, layers: [{ activation: 'sigmoid' }], loss: 'mse' });
  // @ts-expect-error unknown initialiser
  lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid', init: 'orthogonal' }], loss: 'mse' });
  const net = lab.network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  // @ts-expect-error unknown optimiser
  net.train([0, 0], [1], { optimizer: { type: 'adagrad' } });
  // @ts-expect-error adam has no momentum
  net.train([0, 0], [1], { optimizer: { type: 'adam', momentum: 0.9 } });
  // @ts-expect-error predict returns a Float32Array, not a string
  const s: string = net.predict([0, 0]);
  // @ts-expect-error weights are not writable through the spec
  net.spec = net.spec;
  // @ts-expect-error a dataset that does not exist
  lab.datasets.blobs({ n: 10 });
  // @ts-expect-error a feature input that does not exist
  lab.network({ inputs: 1, features: ['x3'], layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' });
  // (not checkable: load({ wasm: 'x' }) and load(42) compile, because
  // WebAssembly.Module is an empty interface in TypeScript's own lib, so any
  // non-null value matches it; load() rejects them at run time with a TypeError.)
  // @ts-expect-error load() returns a Promise, not the lab
  load().activate('relu', [1]);
  return s.length;
}
