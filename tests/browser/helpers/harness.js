// harness.js — shared by the browser tests and the page benchmark: serves
// dist/web with the project's static server, launches Debian's Chromium via
// playwright-core, and records console errors, page errors and failed or
// off-origin requests so every test can assert there were none.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { startServer } from '../../../build-scripts/serve.mjs';

// GRADLAB_WEB_DIR: test another build of the page (default dist/web).
export const ROOT = process.env.GRADLAB_WEB_DIR ? `${process.env.GRADLAB_WEB_DIR.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../../dist/web/', import.meta.url));
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function startBrowser() {
  if (!existsSync(`${ROOT}index.html`)) throw new Error('dist/web/index.html is missing: run make first');
  const server = await startServer({ root: ROOT });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    server, browser,
    async close() { await browser.close(); await server.close(); },
  };
}

/**
 * A fresh page at 1366×768 with problem tracking. problems[] collects
 * console errors, page errors, failed requests, HTTP errors and any request
 * that leaves the server's origin.
 */
export async function openPage(env, hash = '', { acceptDownloads = true, init = null, initArg, readyTimeout = 60000 } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads });
  // init: a function run in the page before its own scripts (e.g. to set navigator.hardwareConcurrency)
  if (init) await context.addInitScript(init, initArg);
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(env.server.url).origin;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A reload aborts what the old document still had in flight (a worker's
  // wasm fetch, say): that is the browser's doing, not a failure. Each request
  // is stamped with the document it may belong to: a main-frame navigation
  // starts a new one, and a request begun while it loads (until its load
  // event) may still be the old document's, whose workers run on for a moment.
  // ERR_ABORTED on a request of an older document is ignored.
  let doc = 0;
  let loading = false;
  const docOf = new WeakMap();
  page.on('load', () => { loading = false; });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why === 'net::ERR_ABORTED' && docOf.get(r) < doc) return;
    problems.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) { doc += 1; loading = true; }
    docOf.set(r, loading ? doc - 1 : doc);
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`off-origin request: ${u}`);
  });
  await page.goto(`${env.server.url}${hash ? `#${hash}` : ''}`);
  await page.waitForFunction(() => window.gradlab && window.gradlab.ready, null, { timeout: readyTimeout });
  return { page, context, problems };
}

/** Wait until training has stopped (finished the epoch limit or paused). */
export async function waitIdle(page, timeout = 30000) {
  await page.waitForFunction(() => !window.gradlab.playing, null, { timeout });
}

/** Click `selector` and return the text of the file it downloads. */
export async function downloadText(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFile(await dl.path(), 'utf8');
}

export function messages(page) {
  return page.locator('#messages .message').allTextContents();
}
