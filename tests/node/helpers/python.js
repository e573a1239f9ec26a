// python.js — Debian's /usr/bin/python3 for the exporter's tests (the python3
// first on PATH may be another interpreter): run it, and fail (never skip) when
// PyTorch cannot be imported (make test installs python3-torch:
// build-scripts/setup-test.sh).
//
// A test file that runs many scripts starts one server for them in its
// before() (startPython, helpers/pyfork.py): it imports torch and numpy once,
// and each python(args) then runs in a fork of it, as `python3 ARGS` would,
// instead of a new interpreter importing torch again (2-3 s of CPU each).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PY = '/usr/bin/python3';
const PYFORK = fileURLToPath(new URL('pyfork.py', import.meta.url));
let server = null; // { proc, socket, dir } while started

function torchMissing(stderr) {
  return `PyTorch is not importable by ${PY} (${(stderr || '').trim().split('\n').pop()}). ` +
    'make test installs it: bash build-scripts/setup-test.sh (apt-get install python3-torch)';
}

/**
 * Run PY with args (through the server when one is started); its result
 * { status, stdout, stderr }, or an Error with the end of its stderr when it fails.
 */
export function python(args, { input, timeout = 120_000 } = {}) {
  const argv = server ? [PYFORK, server.socket, ...args] : args;
  const r = spawnSync(PY, argv, { encoding: 'utf8', input, timeout, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${PY} ${args.join(' ')} exited with ${r.status}:\n${r.stderr.slice(-3000)}`);
  return r;
}

/** Fail unless PY imports torch and numpy (a test's before()). */
export function requireTorch() {
  const r = spawnSync(PY, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (r.status !== 0) assert.fail(torchMissing(r.stderr || String(r.error)));
}

/**
 * Start the server for this test file (a before()): resolves once torch and
 * numpy are imported; fails as requireTorch() when they cannot be. It ends with
 * stopPython() or with the test process.
 */
export async function startPython() {
  if (server) return;
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-pyfork-'));
  const socket = join(dir, 's');
  const proc = spawn(PY, [PYFORK, 'serve', socket], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
  const ready = await new Promise((resolve) => {
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { out += d; if (out.includes('ready\n')) resolve(true); });
    proc.on('exit', () => resolve(false));
  });
  if (!ready) {
    rmSync(dir, { recursive: true, force: true });
    assert.fail(torchMissing(err));
  }
  // the server must not keep the test process alive; it exits when its stdin closes
  proc.unref();
  for (const s of [proc.stdin, proc.stdout, proc.stderr]) s.unref?.();
  server = { proc, socket, dir };
}

/** Stop the server (an after()); python() then starts a new interpreter per call again. */
export function stopPython() {
  if (!server) return;
  server.proc.stdin.end();
  rmSync(server.dir, { recursive: true, force: true });
  server = null;
}

/**
 * A scratch directory for a test file's scripts and inputs (removed at exit):
 * { dir, file(name, text) → the path of a new file holding text }.
 */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let fileNo = 0;
  return { dir, file: (name, text) => { const p = join(dir, `${fileNo++}-${name}`); writeFileSync(p, text); return p; } };
}

/** Run the built CLI (dist/cli.js) with args: spawnSync's result. */
export function cli(...args) {
  return spawnSync(process.execPath, [fileURLToPath(new URL('../../../dist/cli.js', import.meta.url)), ...args], { encoding: 'utf8', timeout: 120000 });
}

/**
 * `gradlab train` of `config` (written to a file of `sc`, a scratch()), its
 * history written beside it: { cfg (the config's path), hist (the history's), h (the history) }.
 */
export function cliTrain(sc, config) {
  const cfg = sc.file('config.json', JSON.stringify(config));
  const hist = join(sc.dir, `${cfg.split('/').pop()}-history.json`);
  const t = cli('train', '--config', cfg, '--out', hist, '-q');
  assert.equal(t.status, 0, t.stderr);
  return { cfg, hist, h: JSON.parse(readFileSync(hist, 'utf8')) };
}
