// study-timeline.mjs — why the page's seed study gains or not on a pool of workers
// (issue 16), by evidence that does not need a quiet machine: per worker, when it was
// created, ready, and when each seed was posted and came back; per browser thread,
// the CPU time it used during the study (/proc). Run: node tests/bench/study-timeline.mjs
// [--epochs 300] [--cores 1,2] [--warm] [--wait ms]. --warm times a second study on the
// same page; --wait: ms between the page's being ready and the first click (default 300).
import { loadavg } from 'node:os';
import { startBrowser } from '../browser/helpers/harness.js';
import { studyTimeline } from './page-pool.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const epochs = Number(arg('epochs', 300));
const cores = arg('cores', '1,2').split(',').map(Number);
const warm = process.argv.includes('--warm');
const waitMs = Number(arg('wait', 300)); // ms between the page's being ready and the click

const env = await startBrowser();
try {
  for (const c of cores) {
    const load = loadavg()[0].toFixed(1);
    const r = await studyTimeline(env, c, epochs, { warm, waitMs });
    console.log(`\n== pool of ${c} (navigator.hardwareConcurrency in headless Chromium: ${r.hardwareConcurrency}; pool ${JSON.stringify(r.pool)}), load ${load}`);
    for (const [name, x] of [['first study on the page', r.first ?? r], ['second study on the page', r.first ? r : null]]) {
      if (!x) continue;
      console.log(`-- ${name}: wall ${Math.round(x.wallMs)} ms`);
      x.workers.forEach((w, i) => {
        // a seed starts when it is posted, the worker is ready and its previous seed is done (the pool posts one ahead)
        let prev = -Infinity;
        for (const y of w.seeds) { y.start = Math.max(y.sent, w.ready ?? y.sent, prev); prev = y.done; }
        const busy = w.seeds.reduce((s, y) => s + (y.done - y.start), 0);
        const end = Math.max(...w.seeds.map((y) => y.done));
        console.log(`worker ${i}: created ${w.created} ms, ready ${w.ready} ms${w.terminated !== null ? `, terminated ${w.terminated}` : ''}; ` +
          `training ${busy} ms of the ${end} ms to its last seed (ms from the click; a seed posted before ready waits)`);
        console.log(`   seeds [posted, started–done]: ${w.seeds.map((y) => `${y.seed} [${y.sent}, ${y.start}–${y.done}] ${y.done - y.start} ms`).join(' · ')}`);
      });
      console.log(`threads (CPU ms during the study): ${x.threads.map((t) => `${t.comm}${t.isNew ? '*' : ''} ${t.ms}`).join(', ')}  (* started during it)`);
      const sum = (f) => x.threads.filter(f).reduce((s, t) => s + t.ms, 0);
      const workers = x.threads.filter((t) => t.comm === 'DedicatedWorker').map((t) => t.ms);
      console.log(`CPU: workers ${workers.join(' + ')} = ${sum((t) => t.comm === 'DedicatedWorker')} ms, main thread ${sum((t) => t.comm === 'chromium')} ms, ` +
        `V8 helpers (compile, GC) ${sum((t) => t.comm === 'ThreadPoolForeg')} ms, all ${sum(() => true)} ms; wall ${Math.round(x.wallMs)} ms`);
    }
    console.log(`accuracies: ${r.accs.map((a) => a.toFixed(3)).join(' ')}`);
    if (r.problems.length) console.log('problems:', r.problems);
  }
} finally { await env.close(); }
