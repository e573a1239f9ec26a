// usage.ts — the public API as a TypeScript user writes it, type-checked with
// `tsc --noEmit` against dist/gradlab.d.ts (tests/types/tsconfig.json maps
// 'gradlab' there; tests/node/package.test.js checks it again against the
// installed package, through package.json "exports" → "types").
// Every line must compile under --strict; errors.ts holds what must not.
import {
  load, limits, GradlabError, diagnose, absPercentiles, distPercentiles, formatPercentile, DIST_QUANTITIES, DIST_PERCENTILES, DIAGNOSE_THRESHOLDS, seedBands, bandRows, BAND_STATS,
  FEATURES, FEATURE_LABELS, featureColumns, checkFeatures, featureValue, DATASET_SHAPES,
} from 'gradlab';
import type {
  ActivationName, EpochStats, History, Lab, LayerSpec, LayerWeights, ModelJSON, Network,
  NetworkSpec, OptimizerOptions, TrainOptions, WasmSource, Diagnosis, Distribution, DistQuantityName, SeedBands, CureChange, FeatureName,
} from 'gradlab';

export async function main(source?: WasmSource): Promise<number> {
  const lab: Lab = await load(source);
  const names: readonly ActivationName[] = lab.activations;
  const first: ActivationName | undefined = names[0];
  const maxLayers: number = limits.maxLayers + lab.limits.maxUnits;

  const x = Float32Array.of(-2, -1, 0, 1, 2);
  const y: Float32Array = lab.activate('tanh', x);
  const d: Float32Array = lab.derivative('leaky_relu', [0.5, -0.5], null, { alpha: 0.2, impl: 'scalar' });
  lab.activate('relu', x, x); // in place
  const info = lab.activationInfo('elu');
  const alpha: number | null = info.alpha;

  const data = lab.datasets.circles({ n: 400, noise: 0.1, factor: 0.8, seed: 1 });
  const moons = lab.datasets.moons({ n: 100 });
  const spiral = lab.datasets.spiral({ n: 90, classes: 3, scale: false });
  const { train, test } = lab.datasets.split(data, 0.5);
  const n: number = train.X.length / 2 + moons.y.length + spiral.y.length;

  const hidden: LayerSpec[] = Array.from({ length: 5 }, () => ({
    units: 5, activation: 'tanh' as const, init: 'random_uniform' as const, initParams: { min: 0, max: 1 },
  }));
  const spec: NetworkSpec = {
    inputs: 2,
    layers: [...hidden, { units: 1, activation: 'sigmoid', init: 'glorot_uniform', biasInit: 0 }],
    loss: 'binary_crossentropy',
    seed: 1,
  };
  const net: Network = lab.network(spec);
  const optimizer: OptimizerOptions = { type: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false };
  const seen: number[] = [];
  const options: TrainOptions = {
    epochs: 3, batchSize: 32, shuffle: true, optimizer, l2: 1e-4,
    validation: { X: test.X, y: test.y },
    onEpoch(stats: EpochStats) {
      seen.push(stats.loss, stats.layers[0].gradMeanAbs, stats.layers[0].deadFraction, stats.valLoss ?? 0);
      return stats.epoch < 3;
    },
  };
  const history: History = net.train(train.X, train.y, options);
  const notes: string[] = [];
  if (history.stopped) notes.push(`${history.stopped.message} (epoch ${history.stopped.epoch})`);
  net.train(train.X, train.y, { optimizer: { type: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } });
  net.train(train.X, train.y, { optimizer: { type: 'rmsprop', rho: 0.9, momentum: 0 } });
  const full: History = net.train(train.X, train.y, { stats: 'full', epochs: 2 });
  const q: DistQuantityName = DIST_QUANTITIES[0] ?? 'z';
  const dz: Distribution | undefined = full.epochs[0]?.layers[0]?.dist?.[q];
  const p50: number = dz ? dz.p[DIST_PERCENTILES.indexOf(50)] ?? 0 : 0;
  const logCounts: Float32Array | undefined = dz?.logHist.counts;
  const dead: Float32Array | undefined = full.epochs[0]?.layers[0]?.units?.deadShare;
  const thinned: boolean = full.thinned && full.stride > 1;
  const diagnosis: Diagnosis = diagnose(full, net.spec);
  const change: CureChange | undefined = diagnosis.proposals[0]?.change;
  const absMedian: number = dz ? absPercentiles(dz)?.[3] ?? 0 : 0;
  const fig = dz ? distPercentiles(dz, { abs: true, nonZero: true }) : null;
  const figText: string = fig ? formatPercentile(fig.p[3] ?? NaN, fig.exact[3] ?? false) : 'none';
  const range: number = dz ? dz.max - dz.min + dz.absMin : 0;
  notes.push(figText, String(range), String(fig?.all ?? ''));
  notes.push(change?.activation ?? change?.init ?? String(change?.learningRateFactor ?? ''), String(absMedian));
  notes.push(diagnosis.text, String(p50 + (logCounts?.length ?? 0) + (dead?.length ?? 0) + DIAGNOSE_THRESHOLDS.vanishingRatio), String(thinned));

  const p: Float32Array = net.predict(test.X);
  const { loss, accuracy } = net.evaluate(test.X, test.y);
  const g = net.gradients(test.X, test.y);
  const gk: Float32Array = g.grads[0].kernel;
  const w: LayerWeights[] = net.getWeights();
  net.setWeights(w);
  net.setWeights(w.map((l) => ({ kernel: Array.from(l.kernel), bias: Array.from(l.bias) })));
  const json: ModelJSON = net.toJSON();
  const copy = lab.network.fromJSON(JSON.stringify(json));
  const again = lab.network.fromJSON(json);
  const same: boolean = copy.outputs === net.outputs && again.paramCount === net.paramCount && net.spec.layers[0].init === 'random_uniform';
  copy.dispose();
  again.dispose();
  net.dispose();
  const disposed: boolean = net.disposed;

  try {
    lab.network({ inputs: 2, layers: [{ units: 1, activation: 'relu' }], loss: 'categorical_crossentropy' });
  } catch (e) {
    if (e instanceof GradlabError) {
      const status: number = e.status;
      notes.push(`${e.code} ${status}`);
    } else if (e instanceof RangeError) {
      notes.push(e.message);
    }
  }
  return y.length + d.length + maxLayers + n + p.length + loss + accuracy + g.loss + gk.length +
    (alpha ?? 0) + seen.length + (same ? 1 : 0) + (disposed ? 1 : 0) + (first ? 1 : 0) + lab.memoryBytes + notes.length;
}

// the loader's other sources
export async function sources(bytes: Uint8Array, module: WebAssembly.Module, url: URL): Promise<Lab[]> {
  return Promise.all([load(bytes), load(bytes.buffer), load(module), load(url), load('./gradlab.wasm'), load()]);
}

// bands over seeds (no lab needed)
export function bands(histories: EpochStats[][]): number {
  const b: SeedBands = seedBands(histories);
  const b2 = seedBands(histories, { layerStats: ['gradMeanAbs', 'deadFraction'] });
  const med: Array<number | null> = b.layers[0].gradMeanAbs?.median ?? [];
  const q1: number | null = b.metrics.loss.q1[0];
  const rows = bandRows(b2);
  const stat: string = rows[0].stat;
  const layer: number | 'all' = rows[0].layer;
  return med.length + (q1 ?? 0) + stat.length + BAND_STATS.length + (layer === 'all' ? 0 : layer) + b.seeds + b.epochs.length;
}

// feature inputs and the data sets' shapes (issue 15)
export function features(X: Float32Array): number {
  const f: Float32Array = featureColumns(X, ['x1sq', 'x2sq', 'x1x2']);
  const all: readonly FeatureName[] = checkFeatures([...FEATURES], 'features');
  const label: string = FEATURE_LABELS.sinx1;
  const v: number = featureValue('x1x2', 0.5, 2);
  const shape: { readonly inputs: number; readonly target: 'class' | 'value' } = DATASET_SHAPES.sine;
  return f.length + all.length + label.length + v + shape.inputs;
}

// a network on feature inputs records them (spec.features, net.features, model version 3)
export function featureNet(lab: Lab): number {
  const spec: NetworkSpec = { inputs: 3, features: ['x1sq', 'x2sq', 'x1x2'], layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy' };
  const net = lab.network(spec);
  const json: ModelJSON = net.toJSON();
  const version: 1 | 2 | 3 = json.version;
  const back: FeatureName[] | null = lab.network.fromJSON(json).features;
  const fromSpec: FeatureName[] | undefined = net.spec.features;
  return version + (back ? back.length : 0) + (fromSpec ? fromSpec.length : 0);
}
