// page-pool.mjs — the page benchmark's parts for issue 16 (used by page.mjs):
// how often the decision surface of a big net refreshes while it trains, the
// frame rate meanwhile, how long after Pause the full-resolution surface is
// on the page, and the wall time of "Try 10 seeds" with a pool of 1 and of N
// workers. Each page gets an init script that counts the surfaces arriving
// from the workers (it wraps window.Worker, so it measures an older build of
// the page the same way) and may set navigator.hardwareConcurrency.
import { openPage } from '../browser/helpers/harness.js';

/** Runs in the page before its scripts: arg = { cores } (null: the browser's own). */
function probe(arg) {
  if (arg && arg.cores) Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => arg.cores, configurable: true });
  window.__surfaces = [];
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (ev) => {
        const m = ev.data;
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

/** "Try 10 seeds" on the deep ReLU preset (epochs each) with navigator.hardwareConcurrency = cores: wall ms and the results. */
export async function studyWall(env, cores, epochs = 300) {
  const { page, context, problems } = await openPage(env, `preset=deep-relu&layers=5:relu,5:relu,5:relu,5:relu,5:relu&init=he_uniform&oinit=glorot_uniform&epochs=${epochs}`,
    { init: probe, initArg: { cores }, readyTimeout: 120000 });
  try {
    await page.waitForTimeout(300);
    const t0 = await page.evaluate(() => { document.getElementById('study').click(); return performance.now(); });
    await page.waitForFunction(() => window.gradlab.study, null, { timeout: 300000, polling: 20 });
    const t1 = await page.evaluate(() => performance.now());
    const accs = await page.evaluate(() => window.gradlab.study.map((r) => r.testAccuracy));
    const pool = await page.evaluate(() => window.gradlab.pool ?? null);
    return { wallMs: t1 - t0, accs, pool, problems };
  } finally { await context.close(); }
}
