// python.js — Debian's /usr/bin/python3 for the exporter's tests (the python3
// first on PATH may be another interpreter): run it, and fail (never skip) when
// PyTorch cannot be imported (make test installs python3-torch:
// build-scripts/setup-test.sh).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PY = '/usr/bin/python3';

/** Run PY with args; its result, or an Error with the end of its stderr when it fails. */
export function python(args, { input, timeout = 120_000 } = {}) {
  const r = spawnSync(PY, args, { encoding: 'utf8', input, timeout, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${PY} ${args.join(' ')} exited with ${r.status}:\n${r.stderr.slice(-3000)}`);
  return r;
}

/** Fail unless PY imports torch and numpy (a test's before()). */
export function requireTorch() {
  const r = spawnSync(PY, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (r.status !== 0) {
    assert.fail(`PyTorch is not importable by ${PY} (${(r.stderr || String(r.error)).trim().split('\n').pop()}). ` +
      'make test installs it: bash build-scripts/setup-test.sh (apt-get install python3-torch)');
  }
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
