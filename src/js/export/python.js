// python.js — Python text both exported scripts share: literals of numbers,
// weights and points, the comments that describe the experiment, and the
// blocks of common.py (usage, data, log, command line, points) filled in for
// an experiment, with table.py's for a table.

import COMMON from './common.py';
import TABLE from './table.py';
import { block, fill } from './template.js';
import { DATASET_SHAPES } from '../tables.js';
import { TABLE_INFO } from '../tabular.js';
import { isTableType } from './validate.js';

/** A float32 (or any finite number) as a Python literal that reads back to the same float32. */
export function f32(v) {
  const x = Math.fround(v);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.0`;
  const s = String(Number(x.toPrecision(9)));
  return s.includes('e') || s.includes('.') ? s : `${s}.0`;
}

/**
 * A float32 as the shortest Python literal that reads back to the same float32
 * (Python reads a double, numpy rounds it to float32: Math.fround(Number(s))).
 */
export function f32short(v) {
  const x = Math.fround(v);
  if (Object.is(x, -0)) return '-0.0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.0`;
  for (let p = 1; p < 10; p++) {
    const s = String(Number(x.toPrecision(p)));
    if (Math.fround(Number(s)) === x) return /[.e]/.test(s) ? s : `${s}.0`;
  }
  return String(x); // the double itself (not reached: 9 digits identify a float32)
}

/** A finite double as a Python literal (hyper-parameters keep full precision). */
export function f64(v) {
  const s = String(v);
  return /[.eE]/.test(s) || !Number.isFinite(v) ? s : `${s}.0`;
}

export const pyBool = (b) => (b ? 'True' : 'False');

/**
 * table[key] of a framework's mapping (activation, initialiser, loss or
 * optimiser → its Python), or an Error naming what the exporter lacks.
 */
export function mapping(table, key, kind, framework, file) {
  if (!Object.hasOwn(table, key)) {
    throw new Error(`internal: the ${framework} exporter has no mapping for the ${kind} '${key}' (src/js/export/${file})`);
  }
  return table[key];
}

function matrixLiteral(kernel, rows, cols, indent) {
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < cols; c++) row.push(f32(kernel[r * cols + c]));
    lines.push(`${indent}[${row.join(', ')}],`);
  }
  return lines.join('\n');
}

/** The WEIGHTS constant: gradlab's weights as float32 literals, or None. */
export function weightsLiteral(weights, net) {
  if (!weights) return 'WEIGHTS = None  # export with weights to use --no-train';
  const parts = ['# Trained weights exported from gradlab: kernel [in][out] (as Keras), bias [out].', 'WEIGHTS = ['];
  weights.forEach((w, i) => {
    const L = net.layers[i];
    parts.push(`    {  # layer ${i + 1}: ${L.fanIn} -> ${L.units}`);
    parts.push('        "kernel": [');
    parts.push(matrixLiteral(w.kernel, L.fanIn, L.units, '            '));
    parts.push('        ],');
    parts.push(`        "bias": [${Array.from(w.bias, f32).join(', ')}],`);
    for (const k of ['gamma', 'beta', 'runningMean', 'runningVar']) { // a normalised layer's (batch norm: running statistics)
      if (w[k]) parts.push(`        "${k}": [${Array.from(w[k], f32).join(', ')}],`);
    }
    parts.push('    },');
  });
  parts.push(']');
  return parts.join('\n');
}

/** A layer in words, for the comments: "2 -> 8 tanh, kernel glorot_uniform, bias 0". */
export function describeLayer(L) {
  const act = L.alpha !== undefined ? `${L.activation}(alpha=${L.alpha})` : L.activation;
  let init = L.init;
  if (L.init === 'random_uniform') init += `(${L.initParams.min}, ${L.initParams.max})`;
  if (L.init === 'random_normal') init += `(mean=${L.initParams.mean}, stddev=${L.initParams.stddev})`;
  if (L.initParams?.gain !== undefined) init += ` x gain ${L.initParams.gain}`;
  const extra = [L.norm ? `${L.norm} norm (${Object.entries(L.normParams).map(([k, v]) => `${k}=${v}`).join(', ')})` : '',
    L.dropout ? `dropout ${L.dropout}` : '', L.residual ? `residual ${L.residual}` : ''].filter(Boolean);
  return `${L.fanIn} -> ${L.units} ${act}, kernel ${init}, bias ${L.biasInit}${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

const SCALED = { zscore: 'z-scored (mean 0, sd 1)', minmax: 'min-max scaled (0 … 1)', none: 'not standardised' };

/** A table's data in words, for the comments. */
function tableComment(d, inputs) {
  const what = d.type === 'csv'
    ? `the CSV file "${d.file}" (checksum ${d.checksum}: ${d.n} rows, ${inputs} feature columns, label column ${d.label < 0 ? 'the last' : d.label + 1}, ${d.classes ? `${d.classes} classes` : 'a regression label'})`
    : `the bundled table ${d.type} (${d.n} rows, ${inputs} features, ${d.classes} classes), embedded at the end (TABLE_ROWS)`;
  return [`data: ${what};`,
    `  rows shuffled with seed ${d.seed} (gradlab's shuffleRows), ${d.trainFraction >= 1 ? 'all rows train (no test set)' : `first ${Math.round(d.trainFraction * 100)}% train`}, ` +
      `features ${SCALED[d.std]} with the training rows' statistics${d.classes ? '' : ' (the label too)'}`];
}

function experimentComment(e, data) {
  const d = e.dataset;
  const lines = [
    ...(isTableType(d.type) ? tableComment(d, e.network.inputs) : [`data: ${d.type}, n=${d.n}, noise=${d.noise}${d.type === 'circles' ? `, factor=${d.factor}` : ''}${d.classes > 2 ? `, classes=${d.classes}` : ''}, seed=${d.seed}, ` +
      `${d.scale ? 'min-max scaled to [-1, 1], ' : ''}${d.trainFraction >= 1 ? 'all points train (no test set)' : `first ${Math.round(d.trainFraction * 100)}% train`}`]),
    ...(d.features ? [`feature inputs: ${d.features.join(', ')} of (x1, x2), computed by feature_columns: the network's inputs`] : []),
    `network: ${e.network.inputs} inputs, ${e.network.layers.length} dense layers, loss ${e.network.loss}, seed ${e.network.seed}`,
    ...e.network.layers.map((L, i) => `  layer ${i + 1}: ${describeLayer(L)}`),
    `training: ${e.train.epochs} epochs, batch ${e.train.batchSize}, ${e.train.shuffle ? 'shuffled' : 'not shuffled'}, ` +
      `${JSON.stringify(e.train.optimizer)}${e.train.l1 || e.train.l2 ? `, l1=${e.train.l1}, l2=${e.train.l2}` : ''}` +
      `${e.train.clip ? `, clip ${JSON.stringify(e.train.clip)}` : ''}${e.train.weightDecay ? `, weightDecay ${e.train.weightDecay}` : ''}` +
      `${e.train.schedule ? `, schedule ${JSON.stringify(e.train.schedule)}` : ''}`,
  ];
  if (data) {
    lines.push(`points: gradlab's own, embedded at the end (TRAIN_POINTS, TEST_POINTS): ${data.train.n} train, ${data.test.n} test;`,
      '  the script uses them unless --data or --regenerate');
  }
  return lines.map((l) => `#   ${l}`);
}

/** The constants at the head of both scripts (the block "constants" holds them and the framework's own). */
export function constantLines(e, outputs) {
  return [
    `OUTPUTS = ${outputs}`,
    `LOSS = "${e.network.loss}"`,
    `SEED = ${e.network.seed}`,
    `EPOCHS = ${e.train.epochs}`,
    `BATCH_SIZE = ${e.train.batchSize}`,
    `SHUFFLE = ${pyBool(e.train.shuffle)}`,
  ];
}

function dataConstants(d, inputs) {
  if (isTableType(d.type)) {
    return [...(d.type === 'csv'
      ? [`CSV_FILE = ${JSON.stringify(d.file)}  # the page's name of the file`, `CSV_CHECKSUM = "${d.checksum}"  # FNV-1a of its text`,
        `ROWS = ${d.n}`, `LABEL_COLUMN = ${d.label}  # 0-based; -1: the last`]
      : [`TABLE = "${d.type}"`]),
    `INPUTS = ${inputs}  # feature columns`, `CLASSES = ${d.classes}${d.classes ? '' : '  # 0: a regression label'}`,
    `SPLIT_SEED = ${d.seed}`, `TRAIN_FRACTION = ${f64(d.trainFraction)}`, `STANDARDISE = "${d.std}"`];
  }
  const lines = [`N = ${d.n}`, `INPUTS = ${DATASET_SHAPES[d.type].inputs}`, `NOISE = ${f64(d.noise)}`];
  if (d.type === 'circles') lines.push(`FACTOR = ${f64(d.factor)}`);
  if (d.type === 'spiral' || d.type === 'gauss') lines.push(`CLASSES = ${d.classes}`);
  lines.push(`DATA_SEED = ${d.seed}`, `TRAIN_FRACTION = ${f64(d.trainFraction)}`, `SCALE = ${pyBool(d.scale)}`);
  return lines;
}

// One point a line: [x1, x2, label], each float32 exact (an integer label as an integer).
function pointRows(part, inputs) {
  const rows = [];
  for (let i = 0; i < part.n; i++) {
    const x = Array.from(part.X.subarray(i * inputs, (i + 1) * inputs), f32short);
    const label = part.y[i];
    rows.push(`[${x.join(', ')}, ${Number.isInteger(label) ? String(label) : f32short(label)}],`);
  }
  return rows;
}

// A float32 as the shortest literal that reads back to it, without ".0".
const cell = (v) => f32short(v).replace(/\.0$/, '');

/**
 * A table's rows (validate.js' table: X [n][inputs] float32, y class indices)
 * as TABLE_ROWS' lines, "features,label": base36 (a character per feature) when
 * every feature is a whole number 0 … 35 (the digits' pixels), else decimal.
 */
function tableRows(table, inputs) {
  const base36 = table.X.every((v) => Number.isInteger(v) && v >= 0 && v < 36);
  const rows = [];
  for (let i = 0; i < table.n; i++) {
    const x = Array.from(table.X.subarray(i * inputs, (i + 1) * inputs), (v) => (base36 ? v.toString(36) : cell(v)));
    rows.push(`${x.join(base36 ? '' : ',')},${table.y[i]}`);
  }
  return { code: base36 ? 'base36' : 'decimal', rows };
}

/**
 * The network's inputs of `rows` (a Python expression of the data's own
 * columns) for --predict: their feature inputs, or a table's rows standardised
 * as the training rows; null: the rows themselves.
 */
export function netInputs(e, rows) {
  if (e.dataset.features) return `feature_columns(${rows})`;
  if (isTableType(e.dataset.type)) return `scale_rows(${rows})`;
  return null;
}

// The data block's source: the generated set's generator, or the table's reader (embedded rows or the CSV file).
function dataSource(e, piece) {
  const d = e.dataset;
  if (!isTableType(d.type)) return fill(piece('generated'), { make_data: piece(d.type) }, 'common.py generated');
  const tablePiece = (name) => block(TABLE, name, 'table.py');
  return fill(tablePiece('table'), { read_table: tablePiece(d.type === 'csv' ? 'csv_table' : 'embedded_table') }, 'table.py table');
}

/**
 * The values of the blocks a script template shares with common.py: usage
 * (with the experiment), data (with the data set's generator), log, arguments
 * and points, and its line get_data (own: the template's own blocks). With
 * data (validate.js' checked options.data) the script embeds those points and
 * uses them by default; without, every block is as it always was (the points
 * block empty) and the script regenerates its data.
 */
export function commonBlocks(e, data, own, table = null) {
  const piece = (name) => block(COMMON, name, 'common.py');
  const d = e.dataset;
  const isTable = isTableType(d.type);
  const csv = d.type === 'csv';
  const inputs = isTable ? e.network.inputs : DATASET_SHAPES[d.type].inputs;
  // a CSV's script takes the file's path first: every usage line names it
  let usage = piece('usage');
  if (isTable) usage = usage.replace('[[x1, x2], ...]', 'feature rows [[...], ...]');
  if (csv) usage = usage.replaceAll('python3 this.py', 'python3 this.py DATA.csv');
  const rows = table ? tableRows(table, inputs) : null;
  return {
    usage: fill(usage, {
      experiment: [...(csv ? [`#   DATA.csv: the CSV file "${d.file}" the page trained on (the script checks its checksum, ${d.checksum})`] : []), ...experimentComment(e, data)],
      usage_data: data ? [
        '#   python3 this.py --data data.json    train and test on these data instead of the embedded points',
        '#   python3 this.py --regenerate        draw new data with numpy (make_data) instead of the embedded points',
      ] : isTable ? '' : piece('usage_data'),
    }, 'common.py usage'),
    data: fill(piece('data'), {
      data_about: isTable ? ['# The table as gradlab splits and standardises it: the same rows train and test,',
        '# with the same statistics (float64 sums in row order, as gradlab\'s), float32 for float32.'] : piece('data_about'),
      data_constants: dataConstants(d, inputs),
      source: dataSource(e, piece),
      features: d.features ? fill(piece('features'), { feature_list: `FEATURES = ${JSON.stringify(d.features).replace(/,/g, ', ')}` }, 'common.py features') : '',
    }, 'common.py data'),
    log: piece('log'),
    arguments: fill(piece('arguments'), {
      data_argument: data ? [
        'parser.add_argument("--data", metavar="DATA_JSON", help="use these data instead of the embedded points (see read_data)")',
        'parser.add_argument("--regenerate", action="store_true", help="draw new data with numpy (make_data) instead of the embedded points")',
      ] : csv ? `parser.add_argument("csv", metavar="DATA.csv", help=f"the CSV file {CSV_FILE!r} the page trained on (checksum {CSV_CHECKSUM})")`
        : isTable ? '' : piece('data_argument'),
    }, 'common.py arguments'),
    get_data: [data
      ? 'X_train, y_train, X_test, y_test = read_data(args.data) if args.data else load_data() if args.regenerate else embedded_data()'
      : isTable ? `X_train, y_train, X_test, y_test = load_data(${csv ? 'args.csv' : ''})` : own('get_data'),
    ...(d.features ? ['X_train, X_test = feature_columns(X_train), feature_columns(X_test)  # the network\'s inputs: FEATURES of the points'] : [])].join('\n'),
    // two blank lines before the points, in the block: without data it leaves no line
    points: data ? ['', '', fill(piece('points'), {
      train_points: pointRows(data.train, inputs),
      test_points: pointRows(data.test, inputs),
    }, 'common.py points')] : rows ? ['', '', fill(block(TABLE, 'table_points', 'table.py'), {
      table_code: `TABLE_CODE = "${rows.code}"`, table_rows: rows.rows,
    }, 'table.py table_points')] : '',
  };
}
