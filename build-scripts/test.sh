#!/usr/bin/env bash
# test.sh — `make test` on a machine of a few cores (CI: 2): the same phases as
# `make test-c test-fuzz test-node test-browser`, each using every core:
#   1. the test-only installs (setup-test.sh: python3-torch, python3-sklearn) go
#      on in the background while the CPU builds: apt waits on the network and
#      the disk, the build on the CPU; the Node tests wait for them;
#   2. the build (dist/, the page, the C test programs, the fuzzers) with make -j;
#   3. the C test programs, TEST_JOBS at a time (tests/c/run-tests.sh);
#   4. the Node test files, several files at a time (NODE_TEST_CONCURRENCY in
#      the Makefile);
#   5. the browser test files, several at a time (BROWSER_TEST_CONCURRENCY):
#      each starts its own Chromium and static server (free port, own
#      profile) and spends most of its time waiting on the page (they used a
#      third of the 2 cores), so the fuzzers run beside them, one harness at a
#      time (TEST_JOBS=1), each for its FUZZ_SECONDS on the core the browser
#      files leave idle (tests/c/fuzz/fuzz.sh); their report is printed when
#      the browser tests are done (FUZZ_BESIDE=0: the fuzzers as a phase of
#      their own before the Node tests, TEST_JOBS harnesses at a time).
# Stops at the first phase that fails, as make does (a failing browser phase
# still waits for the fuzzers and prints their report). Each phase says when
# it starts and how long the previous one took; the last line, the total.
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

if [ "${FUZZ_BESIDE:-1}" = 0 ]; then
  phase "the fuzzers"
  "$MAKE" --no-print-directory test-fuzz
fi

wait_setup
phase "the Node tests"
"$MAKE" --no-print-directory -o setup-test test-node   # setup-test: done above

if [ "${FUZZ_BESIDE:-1}" = 0 ]; then
  phase "the browser tests"
  "$MAKE" --no-print-directory -o setup-test test-browser
  echo "make test: the browser tests took $((SECONDS - last)) s; all passed in $((SECONDS - start)) s" >&2
  exit 0
fi

phase "the browser tests, the fuzzers beside them (one harness at a time)"
fuzz_log=build/fuzz-beside.log
fuzz_start=$SECONDS
( rc=0; TEST_JOBS=1 "$MAKE" --no-print-directory test-fuzz >"$fuzz_log" 2>&1 || rc=$?
  echo "make test: the fuzzers took $((SECONDS - fuzz_start)) s (exit $rc)" >>"$fuzz_log"; exit "$rc" ) &
fuzz_pid=$!
browser_rc=0
"$MAKE" --no-print-directory -o setup-test test-browser || browser_rc=$?
browser_s=$((SECONDS - last))
fuzz_rc=0
wait "$fuzz_pid" || fuzz_rc=$?
echo "make test: the fuzzers, run beside the browser tests:" >&2
cat "$fuzz_log" >&2
[ "$browser_rc" -eq 0 ] || { echo "make test: the browser tests failed (exit $browser_rc) after $browser_s s" >&2; exit "$browser_rc"; }
[ "$fuzz_rc" -eq 0 ] || { echo "make test: the fuzzers failed (exit $fuzz_rc)" >&2; exit "$fuzz_rc"; }
echo "make test: the browser tests took $browser_s s; all passed in $((SECONDS - start)) s" >&2
