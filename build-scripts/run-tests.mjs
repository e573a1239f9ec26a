// run-tests.mjs — node --test for make test-node / test-browser, in the order
// given: `node --test a b c` (Node 20) sorts its files by name, so a list of the
// longest files first made no difference; run() of node:test keeps the order.
//
//   node build-scripts/run-tests.mjs --concurrency N FILE…
//
// N files at a time, each in a process of its own (as node --test), the spec
// reporter on stdout; exits 1 when any test or file failed.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const args = process.argv.slice(2);
let concurrency = 1;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--concurrency') {
    concurrency = Number(args[++i]);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      console.error(`run-tests.mjs: --concurrency needs a whole number ≥ 1, got '${args[i]}'`);
      process.exit(2);
    }
  } else files.push(args[i]);
}
if (!files.length) {
  console.error('run-tests.mjs: no test files given');
  process.exit(2);
}

const stream = run({ files, concurrency });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(spec).pipe(process.stdout);
