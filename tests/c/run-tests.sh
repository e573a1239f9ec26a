#!/usr/bin/env bash
# Runs each native test program; prints one line per program and a summary.
set -u
pass=0; fail=0
for t in "$@"; do
  if out=$("$t" 2>&1); then
    pass=$((pass+1)); echo "ok   $t"
  else
    fail=$((fail+1)); echo "FAIL $t"; echo "$out" | tail -40
  fi
done
echo "c-tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
