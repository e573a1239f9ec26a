// python.js — Debian's /usr/bin/python3 for the exporter's tests (the python3
// first on PATH may be another interpreter): run it, and fail (never skip) when
// PyTorch cannot be imported (make test installs python3-torch:
// build-scripts/setup-test.sh).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

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
