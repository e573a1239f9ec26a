#!/usr/bin/env bash
# test.sh — `make test` on a machine of a few cores (CI: 2): the same phases as
# `make test-c test-fuzz test-node test-browser`, each using every core:
#   1. the test-only installs (setup-test.sh: python3-torch, python3-sklearn) go
#      on in the background while the CPU builds: apt waits on the network and
#      the disk, the build on the CPU; the Node tests wait for them;
#   2. the build (dist/, the page, the C test programs, the fuzzers) with make -j;
#   3. the C test programs, TEST_JOBS at a time (tests/c/run-tests.sh);
#   4. the fuzzers, TEST_JOBS harnesses at a time, each for its FUZZ_SECONDS on
#      a core of its own (tests/c/fuzz/fuzz.sh);
#   5. the Node test files, then 6. the browser test files, several files at a
#      time (NODE_TEST_CONCURRENCY, BROWSER_TEST_CONCURRENCY in the Makefile):
#      each browser file starts its own Chromium and static server (free port,
#      own profile) and spends much of its time waiting on the page.
# Stops at the first phase that fails, as make does. Each phase says when it
# starts and how long the previous one took; nothing is printed after the last
# runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

MAKE=${MAKE:-make}
jobs=${TEST_JOBS:-$(nproc)}
[ "$jobs" -ge 2 ] 2>/dev/null || jobs=2
export TEST_JOBS=$jobs

start=$SECONDS
last=$SECONDS
last_name=
phase() {
  if [ -n "$last_name" ]; then
    echo "make test: $last_name took $((SECONDS - last)) s (total $((SECONDS - start)) s); now $1" >&2
  else
    echo "make test: $1" >&2
  fi
  last=$SECONDS
  last_name=$1
}

mkdir -p build
phase "test-only installs (in the background) and the build, make -j$jobs"
setup_log=build/setup-test.log
bash build-scripts/setup-test.sh >"$setup_log" 2>&1 &
setup_pid=$!
wait_setup() {
  if [ -n "$setup_pid" ]; then
    local rc=0
    wait "$setup_pid" || rc=$?
    setup_pid=
    cat "$setup_log" >&2
    [ "$rc" -eq 0 ] || { echo "make test: build-scripts/setup-test.sh failed (exit $rc)" >&2; exit "$rc"; }
  fi
}
# a failing build still lets apt finish (never leave dpkg half done)
trap '[ -z "$setup_pid" ] || wait "$setup_pid" 2>/dev/null || true' EXIT
"$MAKE" --no-print-directory -j"$jobs" test-build

phase "the C test programs"
"$MAKE" --no-print-directory test-c

phase "the fuzzers"
"$MAKE" --no-print-directory test-fuzz

wait_setup
phase "the Node tests"
"$MAKE" --no-print-directory -o setup-test test-node   # setup-test: done above

phase "the browser tests"
"$MAKE" --no-print-directory -o setup-test test-browser
