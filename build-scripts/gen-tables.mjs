// gen-tables.mjs — writes src/js/tables.js and src/js/tables.d.ts from the C
// core's tables: the JSON that build/gen-tables (build-scripts/gen-tables.c,
// compiled from the .def files of src/ and src/gradlab.h) prints. Every name,
// default and limit the JS side knows comes from here; nothing is kept by hand.
//
//   node build-scripts/gen-tables.mjs build/gen-tables
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [program] = process.argv.slice(2);
if (!program) {
  console.error('usage: node build-scripts/gen-tables.mjs <gen-tables program>');
  process.exit(2);
}
const t = JSON.parse(execFileSync(program, { encoding: 'utf8' }));
const out = (f) => fileURLToPath(new URL(`../src/js/${f}`, import.meta.url));

const TYPES = ['number', 'integer', 'boolean']; // GL_PARAM_NUM, _INT, _BOOL
const MIN_OPEN = 1;
const MAX_OPEN = 2;

/** The shortest decimal that reads back as the same float32 (C float literals: 0.01f, not 0.009999999776). */
function shortF32(v) {
  for (let p = 1; p <= 17; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === Math.fround(v)) return s;
  }
  return v;
}

/** One option row as the spec the JS checks take: { type, def, min, max, minExclusive?, maxExclusive? }. */
function spec(row, float32 = false) {
  const type = TYPES[row.type];
  if (!type) throw new Error(`gen-tables: option ${row.owner}.${row.name} has unknown type ${row.type}`);
  if (type === 'boolean') return { type, def: row.def !== 0 };
  const f = float32 ? shortF32 : (x) => x;
  const s = { type, def: f(row.def), min: f(row.min), max: f(row.max) };
  if (row.flags & MIN_OPEN) s.minExclusive = true;
  if (row.flags & MAX_OPEN) s.maxExclusive = true;
  return s;
}

/** rows → { owner: { name: spec } } for the owners listed (rows of owner '*' belong to every owner). */
function byOwner(rows, owners, float32) {
  const o = {};
  for (const row of rows) {
    if (row.owner !== '*' && !owners.includes(row.owner)) throw new Error(`gen-tables: option ${row.name} of unknown ${row.owner}`);
  }
  for (const name of owners) {
    const mine = rows.filter((r) => r.owner === name || r.owner === '*');
    if (mine.length) o[name] = Object.fromEntries(mine.map((r) => [r.name, spec(r, float32)]));
  }
  return o;
}

function unique(list, what) {
  const seen = new Set();
  for (const n of list) {
    if (seen.has(n)) throw new Error(`gen-tables: ${what} '${n}' appears twice`);
    seen.add(n);
  }
  return list;
}

const tables = {
  limits: Object.fromEntries(t.limits.map((l) => [l.name, l.value])),
  STATUS_NAMES: t.status.map((s, i) => {
    if (s.code !== i) throw new Error(`gen-tables: status ${s.id} has code ${s.code}, expected ${i}`);
    return s.id;
  }),
  ACTIVATIONS: unique(t.activations, 'activation'),
  ALPHA: Object.fromEntries(t.activationParams.map((r) => {
    if (r.name !== 'alpha') throw new Error(`gen-tables: activation parameter ${r.owner}.${r.name}: only alpha is known`);
    const { def, min, max } = spec(r, true);
    return [r.owner, { def, min, max }];
  })),
  INITIALIZERS: unique(t.initializers, 'initializer'),
  INIT_PARAMS: byOwner(t.initParams, t.initializers),
  INIT_GAIN: spec(t.initGain[0]),
  NORMS: unique(t.norms, 'norm'),
  NORM_PARAMS: byOwner(t.normParams, t.norms),
  LAYER_PARAMS: Object.fromEntries(t.layerParams.map((r) => [r.name, spec(r)])),
  LAYER_OPTS: unique(t.layerOpts, 'layer option'),
  LOSSES: unique(t.losses.map((l) => l.name), 'loss'),
  LOSS_OUTPUT: Object.fromEntries(t.losses.map((l) => [l.name, { activation: l.output || null, minUnits: l.minOutputs }])),
  OPTIMIZERS: unique(t.optimizers, 'optimizer'),
  OPTIMIZER_PARAMS: byOwner(t.optimizerParams, t.optimizers),
  TRAIN_PARAMS: Object.fromEntries(t.trainParams.map((r) => [r.name, spec(r)])),
  SCHEDULES: unique(t.schedules, 'schedule'),
  SCHEDULE_PARAMS: byOwner(t.scheduleParams, t.schedules),
  DATASETS: unique(t.datasets, 'dataset'),
  DATASET_PARAMS: byOwner(t.datasetParams, t.datasets),
  DATASET_SHAPES: Object.fromEntries(t.datasets.map((name) => {
    const v = t.datasetValues.find((r) => r.name === name);
    return [name, v ? { inputs: v.inputs, target: 'value' } : { inputs: 2, target: 'class' }];
  })),
  LAYER_STATS: t.layerStats,
  EPOCH_HEAD: t.epochHead,
  STATS_LEVELS: unique(t.statsLevels, 'statistics level'),
  DIST_QUANTITIES: unique(t.distQuantities.map((q) => q.name), 'distribution quantity'),
  DIST_RANGES: Object.fromEntries(t.distQuantities.map((q) => [q.name, { lo: q.lo, hi: q.hi }])),
  DIST_PERCENTILES: t.distPercentiles,
  DIST_BINS: t.distBins,
  DIST_FIELDS: unique(t.distFields, 'distribution field'),
  DIST_LAYER: unique(t.distLayer, 'distribution layer field'),
  DIST_UNIT_STATS: unique(t.distUnitStats, 'unit statistic'),
};
for (const [opt, p] of Object.entries(tables.OPTIMIZER_PARAMS)) {
  if (!p.learningRate) throw new Error(`gen-tables: optimizer ${opt} has no learningRate row`);
}

const DOC = {
  limits: 'The limits of the C core (limits.def), checked before anything is allocated.',
  STATUS_NAMES: 'gl_status names by code (gradlab.h GL_STATUS_LIST).',
  ACTIVATIONS: 'Every activation, in registry order (activations.def) = lab.activations.',
  ALPHA: 'The parametric activations: default and range of alpha (activations.def GL_ACTIVATION_PARAM).',
  INITIALIZERS: 'Every kernel initialiser (initializers.def).',
  INIT_PARAMS: 'initParams of the parametric initialisers: default and range of each (initializers.def).',
  INIT_GAIN: 'initParams.gain of every initialiser: type, default and range (initializers.def GL_INIT_GAIN).',
  NORMS: 'The values of a layer\'s norm, \'none\' first (layers.def GL_NORM).',
  NORM_PARAMS: 'Each norm\'s normParams: type, default and range (layers.def GL_NORM_PARAM).',
  LAYER_PARAMS: 'The numeric layer options residual and dropout: type, default (= off) and range (layers.def GL_LAYER_PARAM).',
  LAYER_OPTS: 'The floats of one layer in gl_net_create_ex\'s layer_opts, in order (gradlab.h GL_LAYER_OPT_LIST).',
  LOSSES: 'Every loss (losses.def).',
  LOSS_OUTPUT: 'The output layer each loss needs: its activation (null = any) and least units (losses.def).',
  OPTIMIZERS: 'Every optimiser (optimizers.def).',
  OPTIMIZER_PARAMS: 'Each optimiser\'s options: type, default and range, in field order (optimizers.def).',
  TRAIN_PARAMS: 'The options of a training call: type, default and range (optimizers.def GL_TRAIN_PARAM).',
  SCHEDULES: 'Every learning-rate schedule (optimizers.def GL_SCHEDULE).',
  SCHEDULE_PARAMS: 'Each schedule\'s options: type, default and range, in field order (optimizers.def GL_SCHED_PARAM).',
  DATASETS: 'Every generated data set (datasets.def).',
  DATASET_PARAMS: 'Each data set\'s options: type, default and range, in field order (datasets.def).',
  DATASET_SHAPES: 'Each data set\'s columns of X (inputs) and its y: class labels (target \'class\') or a real value (\'value\': a regression set) (datasets.def).',
  LAYER_STATS: 'The per-layer statistics of an epoch, in the C core\'s order (gradlab.h GL_LAYER_STAT_LIST).',
  EPOCH_HEAD: 'The epoch header before the layers\' statistics (gradlab.h GL_EPOCH_HEAD_LIST).',
  STATS_LEVELS: 'The levels of train({ stats }) (gradlab.h GL_STATS_LEVEL_LIST).',
  DIST_QUANTITIES: 'The quantities of layers[j].dist with stats \'full\', in the C core\'s order (gradlab.h GL_DIST_QUANTITY_LIST).',
  DIST_RANGES: 'The linear histogram\'s range [lo, hi) of each quantity (gradlab.h GL_DIST_QUANTITY_LIST).',
  DIST_PERCENTILES: 'The percentiles of dist[q].p, in percent (gradlab.h GL_DIST_PERCENTILE_LIST).',
  DIST_BINS: 'Bins: the linear histogram\'s count; the log10|x| histogram\'s range [logLo, logHi) and count (gradlab.h GL_DIST_BIN_LIST).',
  DIST_FIELDS: 'The summary floats of one quantity in the C buffer (gradlab.h GL_DIST_FIELD_LIST).',
  DIST_LAYER: 'The per-layer floats of the C buffer before the quantities (gradlab.h GL_DIST_LAYER_LIST).',
  DIST_UNIT_STATS: 'The per-unit arrays of layers[j].units (gradlab.h GL_DIST_UNIT_LIST).',
};

/** A deeply frozen literal. */
function literal(v, indent = '') {
  if (Array.isArray(v)) return `Object.freeze([${v.map((x) => JSON.stringify(x)).join(', ')}])`;
  if (v && typeof v === 'object') {
    const inner = `${indent}  `;
    const flat = Object.values(v).every((x) => x === null || typeof x !== 'object');
    if (flat) return `Object.freeze({ ${Object.entries(v).map(([k, x]) => `${key(k)}: ${JSON.stringify(x)}`).join(', ')} })`;
    return `Object.freeze({\n${Object.entries(v).map(([k, x]) => `${inner}${key(k)}: ${literal(x, inner)},`).join('\n')}\n${indent}})`;
  }
  return JSON.stringify(v);
}
const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

const HEAD = `// GENERATED by build-scripts/gen-tables.mjs from the C core's tables
// (src/activations.def, initializers.def, layers.def, losses.def, optimizers.def,
// datasets.def, limits.def and the lists of src/gradlab.h). Do not edit: change
// the row there and rebuild (make).`;

const js = [HEAD, ''];
for (const [name, v] of Object.entries(tables)) js.push(`/** ${DOC[name]} */`, `export const ${name} = ${literal(v)};`, '');
js.push('/** Most classes of spiral and gauss (= limits.maxClasses). */', 'export const MAX_CLASSES = limits.maxClasses;', '');
// one object literal per layer and epoch (the training loop's hot path: no
// closure, no computed keys), fields in the C core's order
js.push('/** One layer\'s statistics of an epoch: the LAYER_STATS floats at s[o …] as an object (internal: not in the types). */',
  `export function layerStatsAt(s, o) {\n  return { ${tables.LAYER_STATS.map((k, i) => `${k}: s[o${i ? ` + ${i}` : ''}]`).join(', ')} };\n}`, '');

const union = (names) => names.map((n) => `'${n}'`).join(' | ');
const fields = (o) => Object.keys(o).map((k) => `readonly ${k}: ParamSpec`).join('; ');
const dts = `${HEAD}

export type ActivationName = ${union(tables.ACTIVATIONS)};
export type ParametricActivationName = ${union(Object.keys(tables.ALPHA))};
export type InitializerName = ${union(tables.INITIALIZERS)};
export type LossName = ${union(tables.LOSSES)};
export type OptimizerName = ${union(tables.OPTIMIZERS)};
export type DatasetName = ${union(tables.DATASETS)};
export type ScheduleName = ${union(tables.SCHEDULES)};
export type NormName = ${union(tables.NORMS)};
export type StatusCode = ${union(tables.STATUS_NAMES)};
export type LayerStatName = ${union(tables.LAYER_STATS)};
export type StatsLevel = ${union(tables.STATS_LEVELS)};
export type DistQuantityName = ${union(tables.DIST_QUANTITIES)};
export type UnitStatName = ${union(tables.DIST_UNIT_STATS)};

/** One option of a table: its type, default and range (bounds included unless minExclusive / maxExclusive). */
export interface ParamSpec {
  readonly type: 'number' | 'integer' | 'boolean';
  readonly def: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}
/** ${DOC.limits} */
export interface Limits {
${t.limits.map((l) => `  /** ${l.what} (${l.value}) */\n  readonly ${l.name}: number;`).join('\n')}
}
export const limits: Limits;
/** ${DOC.STATUS_NAMES} */
export const STATUS_NAMES: readonly StatusCode[];
/** ${DOC.ACTIVATIONS} */
export const ACTIVATIONS: readonly ActivationName[];
/** ${DOC.ALPHA} */
export const ALPHA: Readonly<Record<ParametricActivationName, Readonly<{ def: number; min: number; max: number }>>>;
/** ${DOC.INITIALIZERS} */
export const INITIALIZERS: readonly InitializerName[];
/** ${DOC.INIT_PARAMS} */
export const INIT_PARAMS: Readonly<{ ${Object.entries(tables.INIT_PARAMS).map(([k, o]) => `${k}: { ${fields(o)} }`).join('; ')} }>;
/** ${DOC.INIT_GAIN} */
export const INIT_GAIN: ParamSpec;
/** ${DOC.NORMS} */
export const NORMS: readonly NormName[];
/** ${DOC.NORM_PARAMS} */
export const NORM_PARAMS: Readonly<{ ${Object.entries(tables.NORM_PARAMS).map(([k, o]) => `${k}: { ${fields(o)} }`).join('; ')} }>;
/** ${DOC.LAYER_PARAMS} */
export const LAYER_PARAMS: Readonly<{ ${fields(tables.LAYER_PARAMS)} }>;
/** ${DOC.LAYER_OPTS} */
export const LAYER_OPTS: readonly string[];
/** ${DOC.LOSSES} */
export const LOSSES: readonly LossName[];
/** ${DOC.LOSS_OUTPUT} */
export const LOSS_OUTPUT: Readonly<Record<LossName, Readonly<{ activation: ActivationName | null; minUnits: number }>>>;
/** ${DOC.OPTIMIZERS} */
export const OPTIMIZERS: readonly OptimizerName[];
/** ${DOC.OPTIMIZER_PARAMS} */
export const OPTIMIZER_PARAMS: Readonly<{ ${Object.entries(tables.OPTIMIZER_PARAMS).map(([k, o]) => `${k}: { ${fields(o)} }`).join('; ')} }>;
/** ${DOC.TRAIN_PARAMS} */
export const TRAIN_PARAMS: Readonly<{ ${fields(tables.TRAIN_PARAMS)} }>;
/** ${DOC.SCHEDULES} */
export const SCHEDULES: readonly ScheduleName[];
/** ${DOC.SCHEDULE_PARAMS} */
export const SCHEDULE_PARAMS: Readonly<{ ${Object.entries(tables.SCHEDULE_PARAMS).map(([k, o]) => `${k}: { ${fields(o)} }`).join('; ')} }>;
/** ${DOC.DATASETS} */
export const DATASETS: readonly DatasetName[];
/** ${DOC.DATASET_PARAMS} */
export const DATASET_PARAMS: Readonly<{ ${Object.entries(tables.DATASET_PARAMS).map(([k, o]) => `${k}: { ${fields(o)} }`).join('; ')} }>;
/** ${DOC.DATASET_SHAPES} */
export const DATASET_SHAPES: Readonly<Record<DatasetName, { readonly inputs: number; readonly target: 'class' | 'value' }>>;
/** ${DOC.LAYER_STATS} */
export const LAYER_STATS: readonly LayerStatName[];
/** ${DOC.EPOCH_HEAD} */
export const EPOCH_HEAD: readonly string[];
/** ${DOC.STATS_LEVELS} */
export const STATS_LEVELS: readonly StatsLevel[];
/** ${DOC.DIST_QUANTITIES} */
export const DIST_QUANTITIES: readonly DistQuantityName[];
/** ${DOC.DIST_RANGES} */
export const DIST_RANGES: Readonly<Record<DistQuantityName, Readonly<{ lo: number; hi: number }>>>;
/** ${DOC.DIST_PERCENTILES} */
export const DIST_PERCENTILES: readonly number[];
/** ${DOC.DIST_BINS} */
export const DIST_BINS: Readonly<{ bins: number; logLo: number; logHi: number; logBins: number }>;
/** ${DOC.DIST_FIELDS} */
export const DIST_FIELDS: readonly string[];
/** ${DOC.DIST_LAYER} */
export const DIST_LAYER: readonly string[];
/** ${DOC.DIST_UNIT_STATS} */
export const DIST_UNIT_STATS: readonly UnitStatName[];
/** Most classes of spiral and gauss (= limits.maxClasses). */
export const MAX_CLASSES: number;
`;

// write only when changed, so make does not rebuild what depends on them
for (const [f, text] of [['tables.js', js.join('\n')], ['tables.d.ts', dts]]) {
  const p = out(f);
  if (!existsSync(p) || readFileSync(p, 'utf8') !== text) writeFileSync(p, text);
}
