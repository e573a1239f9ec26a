// page-pool.mjs — the page benchmark's parts for issue 16 (used by page.mjs):
// how often the decision surface of a big net refreshes while it trains, the
// frame rate meanwhile, how long after Pause the full-resolution surface is
// on the page, and the wall time of "Try 10 seeds" with a pool of 1 and of N
// workers. Each page gets an init script that counts the surfaces arriving
// from the workers (it wraps window.Worker, so it measures an older build of
// the page the same way) and may set navigator.hardwareConcurrency.
import { readFileSync, readdirSync } from 'node:fs';
import { openPage } from '../browser/helpers/harness.js';

/**
 * Runs in the page before its scripts: arg = { cores } (null: the browser's own). Records
 * the surfaces arriving (__surfaces) and the workers' timeline (__workers: per worker its
 * creation, `ready`, and each study seed's post and result, in ms of performance.now()).
 */
function probe(arg) {
  if (arg && arg.cores) Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => arg.cores, configurable: true });
  window.__surfaces = [];
  window.__workers = [];
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      const rec = { created: performance.now(), ready: null, terminated: null, seeds: [] };
      window.__workers.push(rec);
      const post = this.postMessage.bind(this);
      this.postMessage = (m, t) => {
        if (m && m.type === 'study') for (const seed of m.seeds) rec.seeds.push({ seed, sent: performance.now(), done: null });
        return post(m, t);
      };
      const term = this.terminate.bind(this);
      this.terminate = () => { rec.terminated = performance.now(); return term(); };
      this.addEventListener('message', (ev) => {
        const m = ev.data;
        if (m && m.type === 'ready') rec.ready = performance.now();
        if (m && m.type === 'study' && !m.done) {
          const s = rec.seeds.find((x) => x.seed === m.seed && x.done === null);
          if (s) s.done = performance.now();
        }
        if (!m || m.type !== 'update') return;
        m.runs.forEach((u, i) => {
          if (u.surface) window.__surfaces.push({ t: performance.now(), run: u.run ?? i, res: u.surfaceRes ?? Math.round(Math.sqrt(u.surface.length)) });
        });
      });
    }
  };
}

const netHash = (count, units) => `preset=deep-relu&layers=${Array.from({ length: count }, () => `${units}:relu`).join(',')}&init=he_uniform&oinit=glorot_uniform&epochs=10000&speed=max`;

/**
 * Train a count×units ReLU net at max speed: surfaces per second and frames per
 * second over `ms` (after a warm-up), then Pause and the time until the page
 * has a full-resolution surface (gridRes×gridRes).
 */
export async function surfaceRate(env, count, units, { ms = 3000, gridRes = 100 } = {}) {
  const { page, context, problems } = await openPage(env, netHash(count, units), { init: probe, initArg: null, readyTimeout: 120000 });
  try {
    await page.waitForTimeout(300);
    const res = await page.evaluate(({ ms, gridRes }) => new Promise((resolve) => {
      document.getElementById('play').click();
      const warm = performance.now() + 500;
      let t0 = null, frames = 0, s0 = 0, e0 = 0;
      const onFrame = (t) => {
        if (t0 === null && t >= warm) { t0 = t; s0 = window.__surfaces.length; e0 = window.gradlab.epochs[0]; }
        if (t0 !== null) frames++;
        if (t0 !== null && t - t0 >= ms) {
          const span = (t - t0) / 1000;
          const got = window.__surfaces.slice(s0).filter((s) => s.run === 0);
          const epochs = window.gradlab.epochs[0] - e0;
          const tp = performance.now();
          const n0 = window.__surfaces.length;
          document.getElementById('play').click(); // Play toggles: pause
          const wait = () => {
            const full = window.__surfaces.slice(n0).find((s) => s.run === 0 && s.res >= gridRes);
            if (full) {
              resolve({
                surfacesPerS: got.length / span, fps: (frames - 1) / span, epochsPerS: epochs / span,
                resolutions: [...new Set(got.map((s) => s.res))].sort((a, b) => a - b),
                fullAfterPauseMs: full.t - tp,
              });
            } else setTimeout(wait, 5);
          };
          wait();
          return;
        }
        requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
    }), { ms, gridRes });
    return { ...res, problems };
  } finally { await context.close(); }
}

const statOf = (path) => { const t = readFileSync(path, 'utf8'); return t.slice(t.lastIndexOf(')') + 2).split(' '); };

/** The pids of this process's descendants (Chromium's browser, renderers, ...). */
export function descendants(root = process.pid) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { parent.set(Number(d), Number(statOf(`/proc/${d}/stat`)[1])); } catch { /* gone */ }
  }
  const under = (pid) => { for (let p = parent.get(pid), k = 0; p && k < 64; p = parent.get(p), k++) if (p === root) return true; return false; };
  return [...parent.keys()].filter(under);
}

/**
 * CPU time of every thread of the processes `pids`: [{ pid, tid, comm, ms }], from /proc
 * (schedstat: ns on a CPU; else stat's ticks). The time a thread ran, whatever the
 * machine's load: what the work costs, apart from waiting for a core.
 */
export function threadCpu(pids) {
  const out = [];
  for (const pid of pids) {
    let tids = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const base = `/proc/${pid}/task/${tid}`;
        const comm = readFileSync(`${base}/comm`, 'utf8').trim();
        let ms;
        try { ms = Number(readFileSync(`${base}/schedstat`, 'utf8').split(' ')[0]) / 1e6; } catch {
          const f = statOf(`${base}/stat`); ms = (Number(f[11]) + Number(f[12])) * 10;
        }
        out.push({ pid, tid: Number(tid), comm, ms });
      } catch { /* gone */ }
    }
  }
  return out;
}

/** Samples threadCpu(pids) every `ms` until stop(): per thread its last CPU ms (a thread that ended keeps its last sample). */
function cpuSampler(pids, ms = 20) {
  const last = new Map();
  const take = () => { for (const t of threadCpu(pids)) last.set(t.tid, t); };
  take();
  const first = new Map([...last].map(([k, t]) => [k, t.ms]));
  const timer = setInterval(take, ms);
  return {
    stop() {
      clearInterval(timer);
      take();
      return [...last.values()].map((t) => ({ comm: t.comm, tid: t.tid, ms: Math.round(t.ms - (first.get(t.tid) ?? 0)), isNew: !first.has(t.tid) }))
        .filter((t) => t.ms >= 5).sort((a, b) => b.ms - a.ms);
    },
  };
}

/**
 * "Try 10 seeds" on the deep ReLU preset (epochs each) with navigator.hardwareConcurrency =
 * cores: wall ms, the results, and the timeline: per worker (ms from the click) its creation,
 * `ready`, each seed's post and result; per thread of the browser the CPU ms it used during
 * the study in the page's renderer process (its worker threads are "DedicatedWorker",
 * its main thread "chromium", V8's compiler and GC helpers "ThreadPoolForeg"). `warm`: run one study first and time the second (workers kept or not).
 */
export async function studyTimeline(env, cores, epochs = 300, { warm = false, waitMs = 300 } = {}) {
  const { page, context, problems } = await openPage(env, `preset=deep-relu&layers=5:relu,5:relu,5:relu,5:relu,5:relu&init=he_uniform&oinit=glorot_uniform&epochs=${epochs}`,
    { init: probe, initArg: { cores }, readyTimeout: 120000 });
  // the renderer: the descendant process with the page's worker threads
  const renderer = () => descendants().filter((pid) => threadCpu([pid]).some((t) => t.comm === 'DedicatedWorker'));
  const once = async () => {
    const cpu = cpuSampler(renderer());
    const t0 = await page.evaluate(() => { window.__study0 = window.gradlab.study; const t = performance.now(); document.getElementById('study').click(); return t; });
    await page.waitForFunction(() => window.gradlab.study && window.gradlab.study !== window.__study0, null, { timeout: 300000, polling: 20 });
    const t1 = await page.evaluate(() => performance.now());
    const threads = cpu.stop();
    const rel = (t) => (t === null || t === undefined ? null : Math.round(t - t0));
    const workers = (await page.evaluate(() => window.__workers)).map((w) => ({
      created: rel(w.created), ready: rel(w.ready), terminated: rel(w.terminated),
      seeds: w.seeds.filter((x) => x.sent >= t0).map((x) => ({ seed: x.seed, sent: rel(x.sent), done: rel(x.done) })),
    })).filter((w) => w.seeds.length);
    const accs = await page.evaluate(() => window.gradlab.study.map((r) => r.testAccuracy));
    return { wallMs: t1 - t0, accs, workers, threads };
  };
  try {
    const hc = await page.evaluate(() => navigator.hardwareConcurrency);
    // the study's workers start once the page's own is up (pool.js warmStudyPool; a build before it has none)
    await page.waitForFunction(() => !('spare' in window.gradlab.pool) || window.gradlab.pool.spare > 0, null, { timeout: 60000 }).catch(() => {});
    await page.waitForTimeout(waitMs);
    const first = await once();
    const out = warm ? await once() : first;
    const pool = await page.evaluate(() => window.gradlab.pool ?? null);
    return { ...out, first: warm ? first : undefined, pool, hardwareConcurrency: hc, problems };
  } finally { await context.close(); }
}

/** "Try 10 seeds" on the deep ReLU preset (epochs each) with navigator.hardwareConcurrency = cores: wall ms and the results. */
export async function studyWall(env, cores, epochs = 300) {
  const { wallMs, accs, pool, problems } = await studyTimeline(env, cores, epochs);
  return { wallMs, accs, pool, problems };
}
