#!/usr/bin/env bash
# Runs the native test programs, TEST_JOBS at a time (default: the number of
# cores; they are single-threaded), in the order given (the Makefile gives the
# longest first); prints one line per program in that order and a summary.
set -u
jobs=${TEST_JOBS:-$(nproc)}
case "$jobs" in ''|*[!0-9]*|0) jobs=1 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pids=()
i=0
for t in "$@"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  "$t" >"$tmp/$i.out" 2>&1 &
  pids+=($!)
  i=$((i+1))
done
pass=0; fail=0; i=0
for t in "$@"; do
  if wait "${pids[$i]}"; then
    pass=$((pass+1)); echo "ok   $t"
  else
    fail=$((fail+1)); echo "FAIL $t"; tail -40 "$tmp/$i.out"
  fi
  i=$((i+1))
done
echo "c-tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
