#!/usr/bin/env bash
# fuzz.sh — build the libFuzzer harnesses (tests/c/fuzz/fuzz_*.c) against all
# of src/*.c under ASan+UBSan, replay the saved regression inputs and the seed
# corpus, then fuzz each harness for a while.
#
#   tests/c/fuzz/fuzz.sh [--seconds N] [--only NAME] [--replay-only] [--keep-going] [--build-only]
#
#   --seconds N    fuzzing time per harness (default 20; `make fuzz` uses 300)
#   --only NAME    one harness (e.g. fuzz_network)
#   --replay-only  build and replay the regression inputs and the seeds, no fuzzing
#   --keep-going   fuzz even when a regression or seed input fails, and go on
#                  after a crash (libFuzzer -fork=1 -ignore_crashes=1): lists every
#                  distinct failure found in the time (`make fuzz` uses it)
#   --build-only   build the fuzzers, run nothing (`make test` builds them with the rest)
#
# TEST_JOBS (default: the number of cores) harnesses run at once, each on a core
# of its own for its N seconds (their output is printed in harness order when
# all are done); the objects compile TEST_JOBS at a time too. FUZZ_JOBS, when
# set, is how many harnesses run at once instead (make test: all of them, so
# that no core waits idle while the last one fuzzes alone).
#
# Inputs:  tests/c/fuzz/seeds/<harness>/        minimised seed corpus (committed;
#                                               how it was made: its README.md)
#          tests/c/fuzz/regressions/<harness>/  inputs that once crashed (committed)
# Output:  build/fuzz/<harness>                 the fuzzer binaries
#          build/fuzz/corpus/<harness>/         the working corpus: the seeds copied
#                                               in, then grown by every fuzzing run
#                                               (build output, never committed)
#          build/fuzz/crashes/<harness>/        new crash/timeout/leak inputs
# A new crash fails the run and prints how to turn it into a regression input.
set -euo pipefail
cd "$(dirname "$0")/../../.."

seconds=20
only=
replay_only=0
keep_going=0
build_only=0
jobs=${TEST_JOBS:-$(nproc)}
case "$jobs" in ''|*[!0-9]*|0) jobs=1 ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --replay-only) replay_only=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds needs a whole number, got '$seconds'" >&2; exit 2 ;; esac

CC=${CC_FUZZ:-clang}
FLAGS=(-std=c11 -Wall -Wextra -Werror -ffp-contract=off -DSIMDE_ENABLE_NATIVE_ALIASES
       -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all)
OBJ_SAN=-fsanitize=fuzzer-no-link,address,undefined
BIN_SAN=-fsanitize=fuzzer,address,undefined

out=build/fuzz
mkdir -p "$out/obj"

# background jobs, at most $jobs at once; wait_all fails when any of them failed
pids=()
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done; }
wait_all() {
  local p bad=0
  for p in "${pids[@]}"; do wait "$p" || bad=1; done
  pids=()
  [ $bad -eq 0 ] || { echo "fuzz.sh: the build failed" >&2; exit 1; }
}

# 1. objects of the library, instrumented for coverage (rebuilt when stale)
objs=()
hdrs=(src/*.h)
[ -e src/activations.def ] && hdrs+=(src/*.def)
for src in src/*.c; do
  obj="$out/obj/$(basename "${src%.c}").o"
  stale=0
  [ -e "$obj" ] || stale=1
  if [ $stale -eq 0 ]; then
    for dep in "$src" "${hdrs[@]}"; do [ "$dep" -nt "$obj" ] && stale=1 && break; done
  fi
  if [ $stale -eq 1 ]; then
    throttle
    # to a temporary name first: an interrupted compile leaves no object that looks fresh
    ( $CC "${FLAGS[@]}" $OBJ_SAN -c "$src" -o "$obj.tmp" && mv "$obj.tmp" "$obj" ) &
    pids+=($!)
  fi
  objs+=("$obj")
done
wait_all

# 2. the harnesses
harnesses=()
for h in tests/c/fuzz/fuzz_*.c; do
  name=$(basename "${h%.c}")
  [ -n "$only" ] && [ "$name" != "$only" ] && continue
  harnesses+=("$name")
  throttle
  $CC "${FLAGS[@]}" $BIN_SAN -Isrc "$h" "${objs[@]}" -o "$out/$name" -lm &
  pids+=($!)
done
wait_all
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "fuzz.sh: no harness matches '${only}'" >&2
  exit 2
fi

[ $build_only -eq 1 ] && exit 0

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
common=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -max_len=4096)

# one harness: replay, then fuzz; returns 1 on a failure
fuzz_one() {
  local name=$1 fail=0
  bin="$out/$name"
  # 3. regression inputs, one by one so that every failing one is named; then
  # the seeds in one batch (a few dozen small inputs: well under a second).
  replay_fail=0
  nreg=0
  seeds="tests/c/fuzz/seeds/$name"
  corpus=()
  log="$out/$name.replay.log"
  : >"$log"
  if [ -d "tests/c/fuzz/regressions/$name" ]; then
    while IFS= read -r -d '' file; do
      nreg=$((nreg + 1))
      if ! "$bin" "${common[@]}" "$file" >>"$log" 2>&1; then
        why=$(grep -E -m1 -A1 'invariant failed|runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|ERROR: libFuzzer: timeout' "$log" | tail -n 1 | sed 's/^ *//')
        echo "fuzz: $name FAILED on $file: $why" >&2
        replay_fail=1
        : >"$log"
      fi
    done < <(find "tests/c/fuzz/regressions/$name" -type f ! -name '*.md' -print0 | sort -z)
  fi
  if [ -d "$seeds" ]; then
    while IFS= read -r -d '' file; do corpus+=("$file"); done < <(find "$seeds" -type f ! -name '*.md' -print0 | sort -z)
  fi
  if [ ${#corpus[@]} -gt 0 ] && ! "$bin" "${common[@]}" "${corpus[@]}" >"$log" 2>&1; then
    echo "fuzz: $name FAILED on a seed input (log $log):" >&2
    grep -E 'Running:|invariant|runtime error|SUMMARY' "$log" | tail -n 6 >&2
    replay_fail=1
  fi
  if [ $replay_fail -eq 1 ]; then
    fail=1
    [ $keep_going -eq 1 ] || return $fail
  else
    if [ ${#corpus[@]} -gt 0 ]; then
      echo "fuzz: $name replayed $nreg regression inputs and ${#corpus[@]} seed inputs: all pass"
    else
      echo "fuzz: $name replayed $nreg regression inputs: all pass"
    fi
  fi
  [ $replay_only -eq 1 ] && return $fail
  [ "$seconds" -eq 0 ] && return $fail

  # 4. fuzz: the seeds are copied into the working corpus (files already there
  # are kept), which libFuzzer runs in full first and then grows with every new
  # input it finds.
  work="$out/corpus/$name"
  crashes="$out/crashes/$name"
  mkdir -p "$work" "$crashes"
  if [ -d "$seeds" ]; then
    while IFS= read -r -d '' file; do
      [ -e "$work/${file##*/}" ] || cp "$file" "$work/"
    done < <(find "$seeds" -type f ! -name '*.md' -print0)
  fi
  log="$out/$name.log"
  if [ $keep_going -eq 1 ]; then
    rm -f "$crashes"/crash-* "$crashes"/timeout-* "$crashes"/leak-* "$crashes"/oom-*
    "$bin" "${common[@]}" -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
      -ignore_ooms=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || true
    found=$(find "$crashes" -type f | wc -l)
    if [ "$found" -eq 0 ]; then
      echo "fuzz: $name ${seconds}s (keep going): no crash"
    else
      echo "fuzz: $name ${seconds}s (keep going): $found failing inputs in $crashes; distinct failures:" >&2
      for c in "$crashes"/*; do
        "$bin" "${common[@]}" "$c" 2>&1 | grep -E -m1 -A1 'invariant failed|runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|ERROR: libFuzzer' | tail -n 1 | sed 's/^ *//' | \
          sed -E 's/0x[0-9a-f.p+-]+/X/g; s/[0-9]+/N/g' | sed "s|\$|\t(e.g. $c)|"
      done | sort -t$'\t' -k1,1 -u | tr '\t' ' ' >&2
      fail=1
    fi
    return $fail
  fi
  if "$bin" "${common[@]}" -max_total_time="$seconds" -print_final_stats=1 \
       -artifact_prefix="$crashes/" "$work" >"$log" 2>&1; then
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo '?')
    size=$(find "$work" -type f | wc -l)
    echo "fuzz: $name ${seconds}s: $runs inputs run, coverage $cov edges, working corpus $size files ($work), no crash"
  else
    echo "fuzz: $name CRASHED (log $log):" >&2
    grep -E 'ERROR|invariant|runtime error|SUMMARY|Test unit written|artifact' "$log" | tail -n 20 >&2 || tail -n 40 "$log" >&2
    echo "fuzz: to keep it as a regression input: cp <the crash file above> tests/c/fuzz/regressions/$name/" >&2
    fail=1
  fi
  return $fail
}

# FUZZ_JOBS (else TEST_JOBS) harnesses at once, each with its output in
# build/fuzz/<harness>.out, printed in harness order
fuzz_jobs=${FUZZ_JOBS:-$jobs}
case "$fuzz_jobs" in ''|*[!0-9]*|0) fuzz_jobs=$jobs ;; esac
jobs=$fuzz_jobs
fail=0
for name in "${harnesses[@]}"; do
  throttle
  fuzz_one "$name" >"$out/$name.out" 2>&1 &
  pids+=($!)
done
k=0
for name in "${harnesses[@]}"; do
  if wait "${pids[$k]}"; then cat "$out/$name.out"; else fail=1; cat "$out/$name.out" >&2; fi
  k=$((k + 1))
done
exit $fail
