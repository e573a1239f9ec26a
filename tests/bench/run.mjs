// run.mjs — `make bench`: gradlab against itself natively and against its JS
// peers, side by side in one run. Progress on stderr; markdown tables on
// stdout and in build/bench.md; everything measured in build/bench.json.
//
//   node tests/bench/run.mjs [--only activations,trainer,surface,wide,parallel,page]
//                            [--repeats N] [--peers id,id,...] [--full]
//
//  activations  elements/s of each activation (forward, derivative): wasm SIMD
//               and scalar kernels (direct export call, no copies), the JS API,
//               a plain JS loop, the same C natively (SIMD via SIMDe, scalar).
//  trainer      workloads A (deep 5x5 net, tanh and relu) and B (4x64 relu):
//               --repeats (3) fresh processes (gradlab's own, sub-second:
//               2 repeats + 1), each the median of up to 5 timed calls
//               within 3 s (lib/common.mjs timeTraining); the median.
//               tfjs on A-relu and tfjs-cpu on B only with --full (each costs
//               ~15 s a run and tells little more than A-tanh does).
//  stats        workload A-tanh through the JS API with stats 'basic', 'full'
//               and 'full' with an onEpoch callback, side by side in one
//               process (tests/bench/stats.mjs, 9 rounds); --repeats
//               processes; medians, and the median of the per-round ratios.
//  surface      workload C (A's net forward on 200x200 points): median of 15
//               calls after warm-up per process, median over --repeats processes.
//  wide         issue 16's wide workloads against tfjs-wasm, side by side:
//               M (MNIST-sized training, 784-256-256-10 softmax, batch 128)
//               and W (the 200x200 surface of 2-4x128 relu-1); and the
//               matrix kernels against this machine's SIMD128 peak
//               (kernel.mjs: packed vs register-blocked, GFLOP/s, % of peak).
//  page         tests/bench/page.mjs (the page benchmark), if it exists.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs, makeCircles, writeData, median, trainFlop, surfaceFlop, DIGITS_N, WORKLOADS, WARMUP_EPOCHS, WARMUP_PAUSE_MS, TIMED_RUNS, TIMED_BUDGET_MS } from './lib/common.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = join(ROOT, 'tests/bench');
const NODE = process.execPath;
const args = parseArgs(process.argv.slice(2));
const SECTIONS = ['activations', 'trainer', 'stats', 'surface', 'wide', 'parallel', 'page'];
const only = args.only ? String(args.only).split(',') : SECTIONS;
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
const REPEATS = args.repeats ? Number(args.repeats) : 3;
if (!(Number.isInteger(REPEATS) && REPEATS >= 1)) throw new Error(`--repeats must be a positive integer (got ${args.repeats})`);
const FULL = !!args.full;
const log = (...m) => process.stderr.write(m.join(' ') + '\n');

// ---- processes ---------------------------------------------------------------
function runProc(cmd, argv, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); err += `\n(killed after ${timeoutMs / 1000} s)`; }, timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, out, err: err + e.message }); });
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

/** Run a process that prints one JSON line (the last line of stdout); {error} on failure. */
async function runJson(cmd, argv, opts) {
  const r = await runProc(cmd, argv, opts);
  const lines = r.out.trim().split('\n').filter(Boolean);
  if (r.code === 0 && lines.length) {
    try { return JSON.parse(lines.at(-1)); } catch { /* fall through */ }
  }
  const tail = (r.err.trim() || r.out.trim()).split('\n').slice(-3).join(' | ');
  return { error: `exit ${r.code}: ${tail.slice(0, 300)}` };
}

// ---- the machine -----------------------------------------------------------
function machine() {
  let model = 'unknown';
  try { model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model; } catch { /* not Linux */ }
  let flags = '';
  try {
    const f = /flags\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? [];
    flags = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((x) => f.includes(x)).join(' ');
  } catch { /* not Linux */ }
  return { cpu: model, simdFlags: flags, cores: cpus().length, node: process.version,
           date: new Date().toISOString(), loadAvg: loadavg().map((x) => +x.toFixed(2)) };
}

// ---- peers (trainer and surface) -----------------------------------------------
const DIST_OK = existsSync(join(ROOT, 'dist/gradlab.js')) && existsSync(join(ROOT, 'dist/gradlab.wasm'));
const NATIVE_TRAINER = join(ROOT, 'build/opt/bench/trainer');
const PEERS = {
  'gradlab-wasm': { label: 'gradlab wasm (JS API)',
    missing: () => (DIST_OK ? null : 'dist/gradlab.js or dist/gradlab.wasm not built'),
    cmd: (w, data, reps) => [NODE, [join(HERE, 'peers/gradlab.mjs'), '--workload', w, '--data', data, '--reps', String(reps)]] },
  'gradlab-native': { label: 'gradlab native C (-O3 -march=native)',
    missing: () => (existsSync(NATIVE_TRAINER) ? null : 'build/opt/bench/trainer not built'),
    cmd: (w, data, reps) => [NATIVE_TRAINER, [w, data, String(reps)]] },
  'tfjs-wasm': { label: 'tfjs 4.22 wasm (SIMD, 1 thread)', missing: () => null,
    cmd: (w, data, reps) => [NODE, [join(HERE, 'peers/tfjs.mjs'), '--backend', 'wasm', '--workload', w, '--data', data, '--reps', String(reps)]] },
  'tfjs-cpu': { label: 'tfjs 4.22 cpu', missing: () => null,
    cmd: (w, data, reps) => [NODE, [join(HERE, 'peers/tfjs.mjs'), '--backend', 'cpu', '--workload', w, '--data', data, '--reps', String(reps)]] },
  'convnetjs': { label: 'convnetjs 0.3.0 (2-way softmax output)', missing: () => null,
    cmd: (w, data, reps) => [NODE, [join(HERE, 'peers/convnetjs.mjs'), '--workload', w, '--data', data, '--reps', String(reps)]] },
};
const GRADLAB = ['gradlab-wasm', 'gradlab-native'];
const JS_PEERS = ['tfjs-wasm', 'tfjs-cpu', 'convnetjs'];
const peerFilter = args.peers ? String(args.peers).split(',') : null;
if (peerFilter) for (const p of peerFilter) if (!PEERS[p]) throw new Error(`--peers: unknown peer "${p}" (peers: ${Object.keys(PEERS).join(', ')})`);

/** Which peers run which workload (the expensive tfjs runs of A-relu / B on cpu only with --full). */
function peersFor(w) {
  if (w === 'M' || w === 'W') { // issue 16's wide workloads: gradlab's wasm against tfjs-wasm
    const l = ['gradlab-wasm', 'tfjs-wasm'];
    return peerFilter ? l.filter((p) => peerFilter.includes(p)) : l;
  }
  if (w.startsWith('D-')) return peerFilter && !peerFilter.includes('gradlab-wasm') ? [] : ['gradlab-wasm']; // issue 14: batch norm's cost, gradlab only
  let list = [...GRADLAB, ...JS_PEERS];
  if (!FULL && w === 'A-relu') list = list.filter((p) => !p.startsWith('tfjs'));
  if (!FULL && w === 'B') list = list.filter((p) => p !== 'tfjs-cpu');
  return peerFilter ? list.filter((p) => peerFilter.includes(p)) : list;
}

// gradlab's own processes take well under a second: they run GRADLAB_REPEATS
// times (2 REPEATS + 1), so their medians are not decided by one busy moment
// of this shared machine; the peers (seconds to tens of seconds a run) REPEATS.
const GRADLAB_REPEATS = 2 * REPEATS + 1;
// Issue 16's wide workloads (M, W) run every peer REPEATS times, round by
// round, so that each gradlab process has its tfjs process beside it (the
// ratio is taken per round: wide()).
const repeatsOf = (p, w) => (GRADLAB.includes(p) && w !== 'M' && w !== 'W' ? GRADLAB_REPEATS : REPEATS);

/** Run every (workload, peer) job repeatsOf(peer) times, round-robin, a fresh process each. */
async function measure(workloads, reps) {
  const data = join(ROOT, 'build/bench/circles.bin');
  const jobs = [];
  for (const w of workloads) for (const p of peersFor(w)) jobs.push({ w, p, runs: [], skipped: PEERS[p].missing() });
  for (let r = 0; r < GRADLAB_REPEATS; r++) {
    for (const j of jobs) {
      if (j.skipped || j.runs.some((x) => x.error) || r >= repeatsOf(j.p, j.w)) continue;
      const [cmd, argv] = PEERS[j.p].cmd(j.w, data, reps);
      const t0 = Date.now();
      let res = await runJson(cmd, argv, { timeoutMs: j.w === 'M' ? 900_000 : 180_000 });
      if (!res.error && !Number.isFinite(res.ms)) res = { error: `no time in the output: ${JSON.stringify(res).slice(0, 200)}` };
      log(`  ${j.w.padEnd(7)} ${j.p.padEnd(15)} run ${r + 1}/${repeatsOf(j.p, j.w)}: ${res.error ? res.error : `${res.ms.toFixed(2)} ms`} (${((Date.now() - t0) / 1000).toFixed(1)} s wall)`);
      j.runs.push(res);
    }
  }
  const out = {};
  for (const j of jobs) {
    const ok = j.runs.filter((x) => !x.error && Number.isFinite(x.ms));
    const ms = ok.map((x) => x.ms);
    (out[j.w] ??= {})[j.p] = j.skipped ? { skipped: j.skipped }
      : ok.length < j.runs.length || !ok.length ? { error: j.runs.find((x) => x.error)?.error ?? 'no result' }
      : { ms: median(ms), msMin: Math.min(...ms), msMax: Math.max(...ms), runs: ms.length, msRuns: ms,
          cpuMsRuns: ok.map((x) => x.cpuMs), cpuMs: median(ok.map((x) => x.cpuMs).filter(Number.isFinite)),
          trainAcc: median(ok.map((x) => x.trainAcc).filter(Number.isFinite)),
          finalLoss: median(ok.map((x) => x.finalLoss).filter(Number.isFinite)), notes: ok[0].notes,
          ...(ok.some((x) => Number.isFinite(x.coldMs)) ? { coldMs: median(ok.map((x) => x.coldMs).filter(Number.isFinite)) } : {}) };
  }
  return out;
}

// ---- formatting -----------------------------------------------------------------
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const fmtRate = (r) => (r == null || !Number.isFinite(r) ? '—' : r >= 1e9 ? `${(r / 1e9).toFixed(2)} G/s` : `${(r / 1e6).toFixed(0)} M/s`);
const fmtX = (x) => (x == null || !Number.isFinite(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`);
const mark = (ok) => (ok == null ? '' : ok ? ' ✓' : ' ✗');

// ---- sections -----------------------------------------------------------------
const result = { machine: machine(), repeats: REPEATS, full: FULL, targets: [] };
const md = [];
const target = (what, value, ok, unit = 'x') => { result.targets.push({ what, value, ok, unit }); };

/**
 * The activation rows of `procs` processes of one program combined: each
 * rate the median over the processes; ratios[key] the median over the
 * processes of each process's own ratio (its contenders were timed side by
 * side, interleaved: lib/timeloop.mjs).
 */
function combineRows(runs, ratioKeys = {}) {
  const ok = runs.filter((r) => !r.error && Array.isArray(r.rows));
  if (!ok.length) return runs.find((r) => r.error) ?? { error: 'no result' };
  const at = (r, name, dir) => r.rows.find((x) => x.name === name && x.dir === dir) ?? {};
  const rows = ok[0].rows.map(({ name, dir }) => {
    const row = { name, dir, processes: ok.length };
    const per = ok.map((r) => at(r, name, dir));
    for (const k of Object.keys(per[0])) {
      const v = per.map((x) => x[k]).filter(Number.isFinite);
      if (typeof per[0][k] === 'number' && v.length) row[k] = median(v);
      else if (!(k in row)) row[k] = per[0][k];
    }
    for (const [rk, [a, b]] of Object.entries(ratioKeys)) {
      const v = per.map((x) => x[a] / x[b]).filter(Number.isFinite);
      if (v.length) row[rk] = median(v);
    }
    return row;
  });
  return { rows, processes: ok.length };
}

async function activations() {
  const wasmOk = existsSync(join(ROOT, 'dist/gradlab.wasm'));
  const natProg = join(ROOT, 'build/opt/bench/activations');
  const wasmRuns = [], natRuns = [];
  for (let r = 0; r < REPEATS; r++) {
    log(`activations: wasm + JS, process ${r + 1}/${REPEATS} …`);
    wasmRuns.push(wasmOk ? await runJson(NODE, [join(HERE, 'activations.mjs')], { timeoutMs: 600_000 }) : { error: 'dist/gradlab.wasm not built' });
    log(`activations: native, process ${r + 1}/${REPEATS} …`);
    natRuns.push(existsSync(natProg) ? await runJson(natProg, [], { timeoutMs: 600_000 }) : { error: 'build/opt/bench/activations not built' });
  }
  const wasm = combineRows(wasmRuns, { simdScalar: ['wasmSimd', 'wasmScalar'], simdJs: ['wasmSimd', 'js'] });
  const nat = combineRows(natRuns);
  result.activations = { wasm, native: nat };
  md.push(`## Activations: elements per second (n = 4096 floats in L1, x uniform in [−5, 5]; per process the median of 9 interleaved blocks of ~10 ms, then the median over ${REPEATS} processes)`, '');
  md.push('wasm = a direct call of the export `gl_activate`/`gl_derivative(act, impl, x, y, n, alpha)` on buffers allocated once in wasm memory (kernel + one call per 4096 elements, no copies); API = `lab.activate(name, x, out, { impl: \'simd\' })` / `lab.derivative` (validation, copies in and out); JS = a plain loop over Math functions (tests/bench/lib/jsact.mjs); native = the same C, clang -O3 -march=native, SIMD kernel through SIMDe. Targets (sigmoid, tanh, gelu, swish): SIMD ≥ 3× scalar wasm and ≥ 4× JS; every activation: native SIMD ≤ 2× wasm SIMD. Within a process the wasm SIMD, wasm scalar, JS and API contenders of a row are timed side by side (one ~10 ms block of each in turn, 9 rounds), so load on this shared machine falls on all of them alike; SIMD/scalar and SIMD/JS are the median over the processes of each process\'s own ratio.', '');
  if (wasm.error) md.push(`wasm/JS measurements missing: ${wasm.error}`, '');
  if (nat.error) md.push(`native measurements missing: ${nat.error}`, '');
  const natRows = new Map((nat.rows ?? []).map((r) => [`${r.name}/${r.dir}`, r]));
  const rows = wasm.rows ?? (nat.rows ?? []).map((r) => ({ name: r.name, dir: r.dir }));
  md.push('| activation | | wasm SIMD | wasm scalar | API | JS loop | native SIMD | native scalar | SIMD/scalar | SIMD/JS | native/wasm SIMD |');
  md.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  const KEY = ['sigmoid', 'tanh', 'gelu', 'swish'];
  const groups = { scalar: [], js: [], native: [] };
  for (const r of rows) {
    const n = natRows.get(`${r.name}/${r.dir}`) ?? {};
    const sScal = r.simdScalar ?? r.wasmSimd / r.wasmScalar, sJs = r.simdJs ?? r.wasmSimd / r.js;
    const nW = n.nativeSimd / r.wasmSimd;
    const key = KEY.includes(r.name);
    const okScal = key && Number.isFinite(sScal) ? sScal >= 3 : null;
    const okJs = key && Number.isFinite(sJs) ? sJs >= 4 : null;
    const okNat = Number.isFinite(nW) ? nW <= 2 : null;
    const tag = `${r.name} ${r.dir === 'forward' ? 'f' : "f′"}`;
    if (okScal != null) groups.scalar.push({ tag, value: sScal, ok: okScal });
    if (okJs != null) groups.js.push({ tag, value: sJs, ok: okJs });
    if (okNat != null) groups.native.push({ tag, value: nW, ok: okNat });
    md.push(`| ${key ? `**${r.name}**` : r.name} | ${r.dir === 'forward' ? 'f' : "f′"} | ${fmtRate(r.wasmSimd)} | ${fmtRate(r.wasmScalar)} | ${fmtRate(r.api)} | ${fmtRate(r.js)} | ${fmtRate(n.nativeSimd)} | ${fmtRate(n.nativeScalar)} | ${fmtX(sScal)}${mark(okScal)} | ${fmtX(sJs)}${mark(okJs)} | ${fmtX(nW)}${mark(okNat)} |`);
  }
  // One target line per kind: met when every activation meets it; the misses named.
  const summary = (what, list, worst) => {
    if (!list.length) return;
    const w = list.reduce((a, b) => (worst(a.value, b.value) ? a : b));
    const miss = list.filter((x) => !x.ok).map((x) => `${x.tag} ${fmtX(x.value)}`);
    target(`${what}: ${list.length - miss.length} of ${list.length} met${miss.length ? ` (missed: ${miss.join(', ')})` : ''}; worst`, w.value, !miss.length);
    result.activations.targets ??= {};
    result.activations.targets[what] = list;
  };
  summary('sigmoid/tanh/gelu/swish: wasm SIMD ≥ 3× wasm scalar', groups.scalar, (a, b) => a < b);
  summary('sigmoid/tanh/gelu/swish: wasm SIMD ≥ 4× JS loop', groups.js, (a, b) => a < b);
  summary('all activations: wasm SIMD within 2× of native SIMD (native/wasm ≤ 2)', groups.native, (a, b) => a > b);
  md.push('Reading the native column: SIMDe has no single x86 instruction for some wasm operations and emulates them (f32x4.nearest lane by lane with roundf, f32x4.min/max with extra NaN handling), so native SIMD is pessimistic for the kernels that use them; the trivial functions (linear, step, relu, leaky_relu) are bound by loads, stores and the call, and the native scalar loops are auto-vectorised to the full AVX width.', '');
  const diffs = (wasm.rows ?? []).filter((r) => r.jsMaxDiff > 1e-3);
  md.push('');
  if (diffs.length) md.push(`Note: the JS loop and the SIMD kernel disagree by more than 1e-3 (relative) on: ${diffs.map((r) => `${r.name} ${r.dir} (${r.jsMaxDiff.toExponential(1)})`).join(', ')}.`, '');
}

function trainerTable(res, workloads, kind) {
  const lines = [];
  if (kind === 'train') {
    lines.push('| workload | implementation | median | min – max | runs | train acc. | GFLOP/s | time ÷ gradlab wasm time |');
    lines.push('|---|---|--:|--:|--:|--:|--:|--:|');
  } else {
    lines.push('| workload | implementation | median of process medians | min | processes | Mpoints/s | time ÷ gradlab wasm time |');
    lines.push('|---|---|--:|--:|--:|--:|--:|');
  }
  for (const w of workloads) {
    const g = res[w]?.['gradlab-wasm'];
    for (const [p, r] of Object.entries(res[w] ?? {})) {
      // tfjs-wasm: the label says what the backend reported (SIMD, threads), not what we hoped.
      const label = p === 'tfjs-wasm' && r.notes
        ? `tfjs ${r.notes.version} wasm (SIMD ${r.notes.simd ? 'on' : 'off'}, ${r.notes.threads} thread${r.notes.threads === 1 ? '' : 's'})`
        : PEERS[p].label;
      if (r.skipped || r.error) {
        lines.push(`| ${w} | ${label} | ${r.skipped ? `not run: ${r.skipped}` : `failed: ${r.error.replace(/\|/g, '/')}`} |${kind === 'train' ? ' | | | | |' : ' | | | |'}`);
        continue;
      }
      const speed = g?.ms && p !== 'gradlab-wasm' ? fmtX(r.ms / g.ms) : '';
      if (kind === 'train') {
        const gf = trainFlop(w) / (r.ms / 1000) / 1e9;
        lines.push(`| ${w} | ${label} | ${fmtMs(r.ms)} | ${fmtMs(r.msMin)} – ${fmtMs(r.msMax)} | ${r.runs} | ${Number.isFinite(r.trainAcc) ? r.trainAcc.toFixed(3) : '—'} | ${gf.toFixed(2)} | ${speed} |`);
      } else {
        const pts = WORKLOADS[w].grid ** 2;
        const mpts = pts / r.ms / 1000;
        lines.push(`| ${w} | ${label} | ${fmtMs(r.ms)} | ${fmtMs(r.msMin)} | ${r.runs} | ${mpts >= 1 ? mpts.toFixed(1) : mpts.toPrecision(2)} | ${speed} |`);
      }
    }
  }
  return lines;
}

async function trainer() {
  const ws = ['A-tanh', 'A-relu', 'B', 'D-tanh', 'D-tanh-bn'];
  log(`trainer: ${ws.join(', ')} × ${REPEATS} fresh processes each (gradlab's ${GRADLAB_REPEATS}) …`);
  const res = await measure(ws, 1);
  result.trainer = res;
  md.push(`## Trainer: time of the training call (${REPEATS} fresh processes per peer, ${GRADLAB_REPEATS} for gradlab's sub-second ones; in each, after a ${WARMUP_EPOCHS}-epoch warm-up fit and a ${WARMUP_PAUSE_MS} ms idle pause for the engines' background compilers, the median of up to ${TIMED_RUNS} timed calls within ${TIMED_BUDGET_MS / 1000} s, the same rule for every peer; the table gives the median over the processes)`, '');
  md.push('A = 2 → 5×5 → 1 sigmoid, 500 epochs × 500 circles points, batch 32, SGD lr 0.01 momentum 0.9, BCE; A-tanh: random_uniform(0, 1) on all layers (the article\'s deep tanh), A-relu: he_uniform hidden + glorot_uniform output (deep relu). B = 2 → 4×64 relu → 1, 100 epochs, same optimiser. FLOP = 2·in·out per layer per sample, ×3 for forward + backward, less the first layer\'s input gradient, which is not computed (A: ' + (trainFlop('A-tanh') / 1e6).toFixed(1) + ' MFLOP, B: ' + (trainFlop('B') / 1e9).toFixed(2) + ' GFLOP). convnetjs has no sigmoid + BCE output: it trains a 2-way softmax output (one more output unit). tfjs: tf.sequential dense layers, tf.train.momentum(0.01, 0.9), model.fit(batchSize 32, shuffle); wasm backend with its SIMD binary, single-threaded (tfjs disables threads in Node).' + (FULL ? '' : ' Without --full, tfjs runs A-tanh only (its time does not depend on the activation) and tfjs-cpu skips B.'), '');
  md.push('D = 2 → 10×8 tanh → 1 sigmoid, random_normal(0, 2) kernels, A\'s training (issue 14, experiment 1); D-tanh-bn: batch norm before every tanh. gradlab only; the target is D-tanh-bn\'s time ÷ D-tanh\'s.', '');
  md.push(...trainerTable(res, ws, 'train'), '');
  for (const w of ['A-tanh', 'A-relu']) {
    const g = res[w]?.['gradlab-wasm'];
    if (!g?.ms) continue;
    target(`${w}: gradlab wasm ≤ 60 ms`, g.ms, g.ms <= 60, 'ms');
    const peers = Object.entries(res[w]).filter(([p, r]) => JS_PEERS.includes(p) && r.ms);
    if (peers.length) {
      const [fp, fr] = peers.sort((a, b) => a[1].ms - b[1].ms)[0];
      target(`${w}: gradlab wasm ≥ 20× faster than the fastest JS peer (${fp})`, fr.ms / g.ms, fr.ms / g.ms >= 20);
    }
  }
  const d0 = res['D-tanh']?.['gradlab-wasm'], d1 = res['D-tanh-bn']?.['gradlab-wasm'];
  if (d0?.ms && d1?.ms) target('D: 10×8 tanh with batch norm ≤ 1.5× the time of the plain net (gradlab wasm)', d1.ms / d0.ms, d1.ms / d0.ms <= 1.5);
  const gb = res.B?.['gradlab-wasm'], tb = res.B?.['tfjs-wasm'];
  if (gb?.ms && tb?.ms) target('B: gradlab wasm ≥ 10× faster than tfjs-wasm', tb.ms / gb.ms, tb.ms / gb.ms >= 10);
  if (gb?.ms) target('B: gradlab wasm GFLOP/s (reported)', trainFlop('B') / (gb.ms / 1000) / 1e9, null, 'GFLOP/s');
  for (const w of ws) {
    const g = res[w]?.['gradlab-wasm'], n = res[w]?.['gradlab-native'];
    if (g?.ms && n?.ms) target(`${w}: wasm time / native time (reported)`, g.ms / n.ms, null);
    if (g?.coldMs) target(`${w}: gradlab wasm, first call in a fresh process without warm-up (reported)`, g.coldMs, null, 'ms');
  }
}

async function stats() {
  if (!DIST_OK) { log('stats: dist/ not built, skipped'); result.stats = { skipped: 'dist/gradlab.js or dist/gradlab.wasm not built' }; return; }
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    log(`stats: A-tanh basic / full / full+onEpoch, process ${r + 1}/${REPEATS} …`);
    const res = await runJson(NODE, [join(HERE, 'stats.mjs'), '--data', join(ROOT, 'build/bench/circles.bin')]);
    if (res.error) { result.stats = { error: res.error }; md.push('## Statistics levels', '', `failed: ${res.error}`, ''); return; }
    runs.push(res);
  }
  const names = Object.keys(runs[0].contenders);
  const row = (n) => {
    const ms = runs.map((x) => x.contenders[n].ms);
    const ratio = n === 'basic' ? null : median(runs.map((x) => x.contenders[n].ratio));
    return { ms: median(ms), msMin: Math.min(...ms), msMax: Math.max(...ms), ratio };
  };
  result.stats = { processes: runs.length, rounds: runs[0].rounds, rows: Object.fromEntries(names.map((n) => [n, row(n)])) };
  md.push(`## Statistics levels: workload A-tanh (${runs[0].epochs} epochs) through the JS API with \`stats: 'basic'\` and \`'full'\`, side by side`, '');
  md.push(`tests/bench/stats.mjs: in each of ${runs.length} processes, ${runs[0].rounds} rounds of one training call per contender (a fresh net, the same seed; order rotated each round) after a warm-up and a ${WARMUP_PAUSE_MS} ms pause; the table gives the median over the processes of each process's median, and of each process's median per-round ratio to 'basic'. full: the history only (the distributions are measured at the epochs the history keeps: docs/API.md); full+onEpoch: with an onEpoch callback, so every epoch's distributions are measured.`, '');
  md.push('| contender | median | min – max | time ÷ basic (paired) |', '|---|--:|--:|--:|');
  for (const n of names) {
    const r = result.stats.rows[n];
    md.push(`| ${n} | ${fmtMs(r.ms)} | ${fmtMs(r.msMin)} – ${fmtMs(r.msMax)} | ${r.ratio == null ? '' : fmtX(r.ratio)} |`);
  }
  md.push('');
  const f = result.stats.rows.full;
  target("A-tanh: stats 'full' ≤ 1.3× 'basic' (JS API)", f.ratio, f.ratio <= 1.3);
  const fo = result.stats.rows['full+onEpoch'];
  if (fo) target("A-tanh: stats 'full' with onEpoch ÷ 'basic' (reported)", fo.ratio, null);
}

async function surface() {
  const ws = ['C-tanh', 'C-relu'];
  log(`surface: ${ws.join(', ')} × ${REPEATS} processes (gradlab's ${GRADLAB_REPEATS}) × 15 calls …`);
  const res = await measure(ws, 15);
  result.surface = res;
  md.push('## Decision surface: forward of A\'s net on 200×200 grid points (Float32Array in → Float32Array out)', '');
  md.push(`Per process: 3 warm-up calls and a ${WARMUP_PAUSE_MS} ms pause, then the median of 15 calls; the table gives the median over the processes. gradlab: \`net.predict(grid)\` (wasm) / \`gl_net_predict\` (native); tfjs: tensor2d + model.predict(batchSize 40000) + dataSync; convnetjs: net.forward per point through one reused Vol. ${(surfaceFlop('C-tanh') / 1e6).toFixed(1)} MFLOP per surface.`, '');
  md.push(...trainerTable(res, ws, 'surface'), '');
  const g = res['C-tanh']?.['gradlab-wasm'], t = res['C-tanh']?.['tfjs-wasm'];
  if (g?.ms) target('C-tanh: gradlab wasm ≤ 3 ms', g.ms, g.ms <= 3, 'ms');
  if (g?.ms && t?.ms) target('C-tanh: gradlab wasm ≥ 5× faster than tfjs-wasm', t.ms / g.ms, t.ms / g.ms >= 5);
  const gr = res['C-relu']?.['gradlab-wasm'], tr = res['C-relu']?.['tfjs-wasm'];
  // The issue states the 5× for the surface without naming the activation; tfjs-wasm's relu is
  // far faster than its tanh, so relu is the hard case. Checked, and labelled as such.
  if (gr?.ms && tr?.ms) target('C-relu: gradlab wasm ≥ 5× faster than tfjs-wasm (if the 5× applies to relu too)', tr.ms / gr.ms, tr.ms / gr.ms >= 5);
  for (const w of ws) {
    const gw = res[w]?.['gradlab-wasm'], n = res[w]?.['gradlab-native'];
    if (gw?.ms && n?.ms) target(`${w}: wasm time / native time (reported)`, gw.ms / n.ms, null);
  }
}

// Issue 16's wide workloads (M, W) against tfjs-wasm, and the matrix kernels
// against the machine's SIMD128 multiply-add peak (kernel.mjs).
const ZEN_PAIRS_PER_CYCLE = 2; // f32x4.mul and f32x4.add issued per cycle: docs/BENCHMARKS.md, "SIMD128 peak"
async function wide() {
  log(`wide: kernel.mjs × ${REPEATS} processes …`);
  const kf = join(ROOT, 'build/bench/kernel.wasm');
  const kruns = [];
  for (let r = 0; r < REPEATS; r++) {
    kruns.push(existsSync(kf) ? await runJson(NODE, [join(HERE, 'kernel.mjs')], { timeoutMs: 300_000 }) : { error: 'build/bench/kernel.wasm not built' });
    log(`  kernel run ${r + 1}/${REPEATS}: ${kruns.at(-1).error ?? `peak ${(kruns.at(-1).peakPairsPerS * 8 / 1e9).toFixed(1)} GFLOP/s`}`);
  }
  const ok = kruns.filter((k) => !k.error);
  md.push('## Wide nets (issue 16): MNIST-sized training and the 4×128 surface against tfjs-wasm; the matrix kernel against the SIMD128 peak', '');
  if (ok.length) {
    const clock = median(ok.map((k) => k.clockHz)), pairs = median(ok.map((k) => k.peakPairsPerS));
    const derived = ZEN_PAIRS_PER_CYCLE * clock * 8, measuredPeak = pairs * 8;
    const shapes = ok[0].shapes.map((s, i) => ({ ...s,
      packed: median(ok.map((k) => k.shapes[i].packed.median)), packedBest: median(ok.map((k) => k.shapes[i].packed.best)),
      packedCpu: median(ok.map((k) => k.shapes[i].packed.cpuMedian)), regblockCpu: median(ok.map((k) => k.shapes[i].regblock.cpuMedian)),
      regblock: median(ok.map((k) => k.shapes[i].regblock.median)), ratio: median(ok.map((k) => k.shapes[i].ratio)) }));
    result.kernel = { clockHz: clock, peakPairsPerS: pairs, derivedPeakFlops: derived, measuredPeakFlops: measuredPeak, shapes, processes: ok.length };
    md.push(`SIMD128 peak (tests/bench/kernel.mjs, median over ${ok.length} processes of each one's best of 60 trials): clock ${(clock / 1e9).toFixed(2)} GHz (a chain of dependent i32 add/xor); ` +
      `${(pairs / 1e9).toFixed(2)} G f32x4 mul+add pairs/s measured (12 independent mul-then-add chains) = **${(measuredPeak / 1e9).toFixed(1)} GFLOP/s**, ` +
      `${(pairs / clock).toFixed(2)} pairs a cycle; derived: ${ZEN_PAIRS_PER_CYCLE} pairs a cycle (two FP multiply and two FP add pipes) × ${(clock / 1e9).toFixed(2)} GHz × 8 FLOP = ${(derived / 1e9).toFixed(1)} GFLOP/s. ` +
      `Kernels: the library's gl_dense_forward / gl_dense_backward in a small wasm module, packed kernel on (kernel.wasm) and off (kernel-regblock.wasm), interleaved rounds; GFLOP/s the median and the best of 15 rounds, then the median over the processes; the share of the peak compares the best round (wall time), or the median round by CPU time, with the peak loop's best trial.`, '');
    // % of peak: the kernel's best round against the peak loop's best trial (both what load disturbs least)
    md.push('| shape | GFLOP/s (median of rounds) | best round | of CPU time (median) | register-blocked (median; of CPU time) | packed ÷ register-blocked | best, % of measured peak | of CPU time, % of measured peak |', '|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const s of shapes) md.push(`| ${s.name} | ${s.packed.toFixed(1)} | ${s.packedBest.toFixed(1)} | ${s.packedCpu.toFixed(1)} | ${s.regblock.toFixed(1)}; ${s.regblockCpu.toFixed(1)} | ${fmtX(s.ratio)} | ${(100 * s.packedBest * 1e9 / measuredPeak).toFixed(0)}% | ${(100 * s.packedCpu * 1e9 / measuredPeak).toFixed(0)}% |`);
    md.push('');
    const fw = shapes.filter((s) => s.kind === 'fwd' && s.I >= 256 && s.O >= 256);
    // the best round: what load disturbs least (CPU time under contention still pays for the
    // caches other processes evicted between its time slices); the CPU-time median beside it
    const worst = Math.min(...fw.map((s) => s.packedBest * 1e9 / measuredPeak));
    target('forward of the 256-wide layers ≥ 60% of the measured SIMD128 mul+add peak, best rounds (worst of M layers 1, 2 and a 256-sample chunk)', 100 * worst, worst >= 0.6, '%');
    target('the same, median rounds by CPU time (reported; worst)', 100 * Math.min(...fw.map((s) => s.packedCpu * 1e9 / measuredPeak)), null, '%');
    target('forward of the 256-wide layers, % of the derived peak, of CPU time (reported; worst)', 100 * Math.min(...fw.map((s) => s.packedCpu * 1e9 / derived)), null, '%');
    const small = shapes.find((s) => s.I === 64);
    if (small) target('B hidden layer (64→64, batch 32): packed ÷ register-blocked (reported: the packed kernel is not used there)', small.ratio, null);
  } else {
    md.push(`kernel measurements missing: ${kruns[0]?.error}`, '');
  }
  const ws = ['M', 'W'];
  log(`wide: ${ws.join(', ')} × ${REPEATS} processes (gradlab's ${GRADLAB_REPEATS}) …`);
  const res = await measure(ws, 15);
  result.wide = res;
  md.push(`M = 784 → 256 → 256 relu → 10 softmax, categorical cross-entropy, batch 128, SGD lr 0.01 momentum 0.9, one epoch of ${DIGITS_N} synthetic 28×28 "digits" (lib/common.mjs makeDigits: MNIST's shape, not its data) per timed call after ${WORKLOADS.M.warmup} warm-up epoch; ${(trainFlop('M') / 1e9).toFixed(2)} GFLOP an epoch. W = the 200×200 surface of 2 → 4×128 relu → 1 sigmoid, ${(surfaceFlop('W') / 1e9).toFixed(2)} GFLOP. Each peer runs ${REPEATS} fresh process${REPEATS === 1 ? '' : 'es'}, round by round (gradlab's process of round r, then tfjs's), each timed as in the trainer and surface sections; the ratio is taken within each round, then its median: both processes of a round saw about the same load. Wall time is what a user waits; CPU time (process.cpuUsage over the timed calls, every thread) is the time the process really ran, which a loaded machine disturbs far less.`, '');
  md.push('| workload | gradlab wasm, wall (per round) | tfjs-wasm, wall | tfjs ÷ gradlab, wall, per round | median | gradlab CPU time | tfjs CPU time | tfjs ÷ gradlab, CPU, per round | median |', '|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  const paired = {};
  for (const w of ws) {
    const g = res[w]?.['gradlab-wasm'], t = res[w]?.['tfjs-wasm'];
    if (!g?.msRuns || !t?.msRuns) {
      md.push(`| ${w} | ${g?.error ?? g?.skipped ?? ''} | ${t?.error ?? t?.skipped ?? ''} | | | | | | |`.replace(/\n/g, ' '));
      continue;
    }
    const n = Math.min(g.msRuns.length, t.msRuns.length);
    const wall = [], cpu = [];
    for (let i = 0; i < n; i++) { wall.push(t.msRuns[i] / g.msRuns[i]); cpu.push(t.cpuMsRuns[i] / g.cpuMsRuns[i]); }
    paired[w] = { wall: median(wall), cpu: median(cpu), wallRounds: wall, cpuRounds: cpu };
    const list = (a, f) => a.slice(0, n).map(f).join(', ');
    md.push(`| ${w} | ${list(g.msRuns, fmtMs)} | ${list(t.msRuns, fmtMs)} | ${list(wall, fmtX)} | **${fmtX(median(wall))}** | ${list(g.cpuMsRuns, fmtMs)} | ${list(t.cpuMsRuns, fmtMs)} | ${list(cpu, fmtX)} | **${fmtX(median(cpu))}** |`);
  }
  md.push('');
  result.widePaired = paired;
  const goal = { M: ['M (MNIST-sized training): gradlab wasm ≥ 12× faster than tfjs-wasm per epoch', 12], W: ['W (200×200 surface of 4×128 relu): gradlab wasm ≥ 1.3× faster than tfjs-wasm', 1.3] };
  for (const w of ws) {
    if (!paired[w]) continue;
    const [what, x] = goal[w];
    target(`${what}, CPU time (median of the rounds' ratios)`, paired[w].cpu, paired[w].cpu >= x);
    target(`${what}, wall time (median of the rounds' ratios)`, paired[w].wall, paired[w].wall >= x);
  }
  const gm = res.M?.['gradlab-wasm'], gw = res.W?.['gradlab-wasm'];
  if (gm?.cpuMs) target('M: gradlab wasm GFLOP/s of CPU time (reported)', trainFlop('M') / (gm.cpuMs / 1000) / 1e9, null, 'GFLOP/s');
  if (gw?.cpuMs) target('W: gradlab wasm GFLOP/s of CPU time (reported)', surfaceFlop('W') / (gw.cpuMs / 1000) / 1e9, null, 'GFLOP/s');
}

// The article's 10-seed reproduction (5 models × 10 seeds × 500 epochs) by
// the CLI on 1 worker thread and on 2, alternating, REPEATS + 2 processes
// each: wall time of the whole command (load, data, 50 trainings, report).
// Beside them, the machine's own ceiling in the same rounds: two independent
// --jobs 1 processes started at once, whose wall time against one alone says
// how much a second core gives this workload here (2× only if the two cores
// share nothing: no caches, memory bandwidth or host-side siblings).
async function parallel() {
  const cli = join(ROOT, 'dist/cli.js');
  if (!existsSync(cli)) { log('parallel: dist/cli.js not built, skipped'); result.parallel = { skipped: 'dist/cli.js not built' }; return; }
  const n = REPEATS + 2;
  const times = { 1: [], 2: [], pair: [] };
  let reference = null;
  const once = async (jobs) => {
    const t = performance.now();
    const p = await runProc(NODE, [cli, 'reproduce', '-q', '--jobs', String(jobs)], { timeoutMs: 300_000 });
    if (p.code !== 0) throw new Error(`reproduce --jobs ${jobs}: exit ${p.code}: ${p.err.slice(-300)}`);
    if (reference === null) reference = p.out;
    else if (p.out !== reference) throw new Error(`reproduce --jobs ${jobs} printed other numbers than --jobs 1`);
    return performance.now() - t;
  };
  try {
    for (let r = 0; r < n; r++) {
      for (const kind of r % 2 ? ['pair', 2, 1] : [1, 2, 'pair']) {
        const t = performance.now();
        if (kind === 'pair') await Promise.all([once(1), once(1)]);
        else await once(kind);
        const ms = performance.now() - t;
        times[kind].push(ms);
        log(`  parallel: ${kind === 'pair' ? 'two --jobs 1 at once' : `reproduce --jobs ${kind}`} run ${r + 1}/${n}: ${fmtMs(ms)}`);
      }
    }
  } catch (e) { result.parallel = { error: e.message }; return; }
  const m1 = median(times[1]), m2 = median(times[2]), mp = median(times.pair);
  const ceiling = (2 * m1) / mp;
  result.parallel = { runs: n, jobs1: times[1], jobs2: times[2], pair: times.pair, median1: m1, median2: m2, medianPair: mp, speedup: m1 / m2, ceiling };
  const range = (a) => `${fmtMs(Math.min(...a))} – ${fmtMs(Math.max(...a))}`;
  md.push('## Parallel seeds: `gradlab reproduce` (5 models × 10 seeds × 500 epochs) on 1 and 2 worker threads', '');
  md.push(`Wall time of the whole command, ${n} processes each, alternating; every run printed the same table. ` +
    `--jobs 1: median ${fmtMs(m1)} (${range(times[1])}); --jobs 2: median ${fmtMs(m2)} (${range(times[2])}); speed-up **${fmtX(m1 / m2)}**. ` +
    `The machine's ceiling, in the same rounds: two independent --jobs 1 processes started at once took ${fmtMs(mp)} (${range(times.pair)}), ` +
    `so a second core does twice the work in ${fmtX(mp / m1)} the time of one: **${fmtX(ceiling)}** is the most any split of this work into two can gain here; ` +
    `--jobs 2 reaches ${Math.round((100 * (m1 / m2)) / ceiling)}% of it.`, '');
  target('reproduce: 2 worker threads ≥ 1.7× faster than 1 (wall time)', m1 / m2, m1 / m2 >= 1.7);
  target('reproduce: two independent --jobs 1 processes at once, the machine\'s ceiling (reported)', ceiling, null, '×');
}

async function page() {
  const f = join(HERE, 'page.mjs');
  if (!existsSync(f)) { log('page: tests/bench/page.mjs does not exist, skipped'); result.page = { skipped: 'tests/bench/page.mjs does not exist' }; return; }
  log('page: tests/bench/page.mjs …');
  const r = await runProc(NODE, [f, '--repeats', String(REPEATS)], { timeoutMs: 900_000 });
  let json = null;
  try { json = JSON.parse(r.out); } catch {
    const last = r.out.trim().split('\n').at(-1);
    try { json = JSON.parse(last); } catch { /* not JSON */ }
  }
  result.page = json ?? { error: `exit ${r.code}, no JSON on stdout`, stdout: r.out.slice(-2000), stderr: r.err.slice(-2000) };
  md.push('## The page', '');
  const pg = result.page;
  if (Number.isFinite(pg.wallMs) && Number.isFinite(pg.fps)) {
    md.push(`\`tests/bench/page.mjs\`: ${pg.benchmark}: wall time ${pg.wallMs} ms (target ≤ 2000 ms); ${pg.fps} frames per second while training, measured on a second page training the same preset for ${pg.fpsEpochs} epochs (500 epochs give too few frames to count: target ≥ 50; ${pg.idleFps} when idle). Median of ${pg.repeats} runs; per run: ${(pg.runs ?? []).map((r) => `${Math.round(r.wallMs)} ms, ${r.fps?.toFixed(1)} fps`).join('; ')}.${pg.problems?.length ? ` Problems: ${pg.problems.join('; ')}.` : ''}`, '');
    target('page: 500 epochs of the deep ReLU preset with live charts, wall time ≤ 2 s', pg.wallMs, pg.wallMs <= 2000, 'ms');
    target('page: frames per second while training ≥ 50', pg.fps, pg.fps >= 50, 'fps');
  } else if (!pg.surfaces && !pg.study) {
    md.push('```json', JSON.stringify(pg, null, 2), '```', '');
  }
  const loadNote = pg.machine?.loadAvgDuring?.length ? ` (1-minute load average when each page started: ${pg.machine.loadAvgDuring.join(', ')})` : '';
  for (const [key, v] of Object.entries(pg.surfaces ?? {})) {
    md.push(`Decision surface of a ${key.replace('x', '×')} ReLU net training at max speed: ${v.surfacesPerS} surface refreshes a second at ${v.fps} fps ` +
      `(${v.epochsPerS} epochs a second; resolutions seen: ${[...new Set(v.runs.flatMap((r) => r.resolutions))].join(', ')}); full resolution ${v.fullAfterPauseMs} ms after Pause. ` +
      `Median of ${v.runs.length}; per run: ${v.runs.map((r) => `${r.surfacesPerS}/s, ${r.fps} fps, ${r.fullAfterPauseMs} ms`).join('; ')}${loadNote}.`, '');
    target(`page: ${key} net training, surface refreshes a second ≥ 10`, v.surfacesPerS, v.surfacesPerS >= 10, '/s');
    target(`page: ${key} net training, frames per second ≥ 50`, v.fps, v.fps >= 50, 'fps');
    target(`page: ${key} net, full-resolution surface after Pause ≤ 1 s`, v.fullAfterPauseMs, v.fullAfterPauseMs <= 1000, 'ms');
  }
  if (pg.study) {
    const st = pg.study;
    md.push(`"Try 10 seeds" (deep ReLU preset, ${st.epochs} epochs each): pool of 1 worker ${st.wallMs1} ms (${st.runs1.join(', ')}), pool of ${st.workers?.studyWorkers ?? '?'} ${st.wallMsN} ms (${st.runsN.join(', ')}): speed-up ${st.speedup}×; the same accuracies: ${st.identical ? 'yes' : '**no**'}.`, '');
    target(`page: seed study on ${st.workers?.studyWorkers ?? '?'} workers, speed-up over 1 (reported)`, st.speedup, null, '×');
  }
}

// ---- main -----------------------------------------------------------------
const m = result.machine;
log(`gradlab bench on ${m.cpu} (${m.cores} cores, ${m.simdFlags}), Node ${m.node}, load ${m.loadAvg.join(' ')}`);
writeData(join(ROOT, 'build/bench/circles.bin'), makeCircles(1000, 0.1, 0.8, 1));
const t0 = Date.now();
if (only.includes('activations')) await activations();
if (only.includes('trainer')) await trainer();
if (only.includes('stats')) await stats();
if (only.includes('surface')) await surface();
if (only.includes('wide')) await wide();
if (only.includes('parallel')) await parallel();
if (only.includes('page')) await page();
result.seconds = (Date.now() - t0) / 1000;

const head = [
  '# gradlab benchmarks', '',
  `Machine: ${m.cpu} (${m.cores} logical cores; ${m.simdFlags}); Node ${m.node}; ${m.date}; load average at start ${m.loadAvg.join(', ')}. One thread everywhere. Produced by \`make bench\` (tests/bench/run.mjs${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}) in ${result.seconds.toFixed(0)} s.`, '',
];
const endLoad = loadavg()[0];
if (Math.max(m.loadAvg[0], endLoad) > 0.5 * m.cores) {
  head.push(`**Warning: the machine was busy (1-minute load average ${m.loadAvg[0]} at start, ${endLoad.toFixed(2)} at the end, ${m.cores} cores): these numbers are noisy; run again on a quiet machine.**`, '');
}
const tg = ['## Targets', '', '| target | measured | |', '|---|--:|---|'];
for (const t of result.targets) {
  const v = t.unit === 'ms' ? fmtMs(t.value) : t.unit === 'GFLOP/s' ? `${t.value.toFixed(2)} GFLOP/s`
    : t.unit === 'fps' ? `${t.value} fps` : t.unit === '%' ? `${t.value.toFixed(0)}%` : fmtX(t.value);
  tg.push(`| ${t.what} | ${v} | ${t.ok == null ? '' : t.ok ? 'met' : '**missed**'} |`);
}
const text = [...head, ...md, ...(result.targets.length ? tg : []), ''].join('\n');
mkdirSync(join(ROOT, 'build'), { recursive: true });
writeFileSync(join(ROOT, 'build/bench.md'), text);
writeFileSync(join(ROOT, 'build/bench.json'), JSON.stringify(result, null, 2) + '\n');
process.stdout.write(text);
log(`wrote build/bench.md and build/bench.json (${result.seconds.toFixed(0)} s)`);
