#!/usr/bin/env node
// gradlab CLI: reproduce the article's experiments over many seeds, or run an
// experiment config and write its history as JSON or CSV.
//   gradlab reproduce [--seeds 10] [--epochs 500] [--models ...] [--grad-epochs 1,100,500] [--json out.json]
//                     [--bands-csv bands.csv]
//   gradlab train --config exp.json [--out file.json|file.csv] [--format json|csv]
//                 [--seeds N|LIST [--bands-csv bands.csv] [--jobs N]]
//   gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train] [--out script.py]
// Results on stdout (or the --out/--json file), progress on stderr.
// Exit codes: 0 ok, 1 runtime failure, 2 bad flags or config.
//
// The commands live in src/js/cli/: common.js, help.js, reproduce.js, train.js, export.js.
import { isMainThread, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { UsageError } from './cli/common.js';
import { MAIN_HELP } from './cli/help.js';
import { reproduce, poolWorker, reproduceRole, curesRole } from './cli/reproduce.js';
import { train, trainRole } from './cli/train.js';
import { exportCommand } from './cli/export.js';

// ---- main ----------------------------------------------------------------------------
async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    if (cmd === 'help' && rest[0] === 'reproduce') return reproduce(['--help']);
    if (cmd === 'help' && rest[0] === 'train') return train(['--help']);
    if (cmd === 'help' && rest[0] === 'export') return exportCommand(['--help']);
    process.stdout.write(MAIN_HELP);
    if (cmd === undefined) process.exitCode = 2;
    return undefined;
  }
  if (cmd === '-v' || cmd === '--version') {
    let version = 'unknown';
    try { version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version; } catch { /* not in the package */ }
    process.stdout.write(`${version}\n`);
    return undefined;
  }
  if (cmd === 'reproduce') return reproduce(rest);
  if (cmd === 'train') return train(rest);
  if (cmd === 'export') return exportCommand(rest);
  throw new UsageError(`unknown command '${cmd}' (commands: reproduce, train, export; see 'gradlab --help')`);
}

// a worker thread of the pool (cli/reproduce.js runPool) runs `reproduce` or `train --seeds` tasks
const ROLES = { reproduce: reproduceRole, cures: curesRole, train: trainRole };
const entry = isMainThread || !workerData?.gradlabWorker ? main(process.argv.slice(2)) : poolWorker(workerData.gradlabWorker, workerData.module, ROLES);
entry.catch((e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`gradlab: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`gradlab: ${String(e?.message ?? e).replace(/^gradlab: /, '')}\n`);
    process.exitCode = 1;
  }
});
