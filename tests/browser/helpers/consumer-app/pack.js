// pack.js — shared by the package consumer tests (tests/node/package.test.js,
// tests/browser/vite-consumer.test.js): `npm pack` this repository into a
// temporary folder and install the tarball, offline, into a fresh consumer
// project there. The package has no dependencies, so --offline needs nothing
// from the registry; a private npm cache keeps the user's cache untouched.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function npm(args, cwd) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd, encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/**
 * Packs the repository into `work` and installs the tarball into
 * `work/<name>` (a new project with the given extra package.json fields).
 * Returns { tarball, files: [{ path, size }], consumer }.
 */
export function packAndInstall(work, { name = 'consumer', pkg = {} } = {}) {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT));
  const tarball = join(work, info.filename);
  const consumer = join(work, name);
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({
    name: `gradlab-${name}`, version: '1.0.0', private: true, type: 'module', ...pkg,
  }, null, 2));
  npm(['install', tarball, '--offline', '--cache', join(work, 'npm-cache')], consumer);
  return { tarball, files: info.files.map((f) => ({ path: f.path, size: f.size })), consumer };
}
