# gradlab — make (build dist/) · make run (serve the page) · make test · make bench
.DELETE_ON_ERROR:
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

NODE ?= node
EMCC ?= emcc
CC_NATIVE ?= clang

SRC := $(sort $(wildcard src/*.c))
HDR := $(wildcard src/*.h src/*.def)

# ---- WebAssembly: one standalone module, SIMD128, no Emscripten JS glue ------
WASM_CFLAGS := -O3 -msimd128 -std=c11 -Wall -Wextra -Werror -DNDEBUG -ffp-contract=off
WASM_EXPORTS := _malloc,_free
WASM_LDFLAGS := --no-entry -sSTANDALONE_WASM -sMALLOC=emmalloc -sALLOW_MEMORY_GROWTH \
  -sINITIAL_MEMORY=4MB -sMAXIMUM_MEMORY=2GB -sTOTAL_STACK=1MB \
  -sERROR_ON_UNDEFINED_SYMBOLS=1 -sEXPORTED_FUNCTIONS=$(WASM_EXPORTS)

# ---- native: the same C through SIMDe, for tests (sanitizers) and benchmarks --
NATIVE_WARN := -std=c11 -Wall -Wextra -Werror -ffp-contract=off -DSIMDE_ENABLE_NATIVE_ALIASES -D_GNU_SOURCE
SAN_CFLAGS := $(NATIVE_WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
OPT_CFLAGS := $(NATIVE_WARN) -O3 -march=native -DNDEBUG

DIST := dist/gradlab.wasm dist/gradlab.js dist/gradlab-data.js dist/gradlab.d.ts dist/cli.js dist/export.js dist/export.d.ts

.PHONY: all setup setup-test run test test-build test-c test-node test-browser bench sweep clean web fuzz test-fuzz fuzz-build

all: $(DIST) web

setup:
	@bash build-scripts/setup.sh

# Test-only installs (python3-torch for the exported PyTorch script), not for make run.
setup-test: | setup
	@bash build-scripts/setup-test.sh

dist/gradlab.wasm: $(SRC) $(HDR) | setup
	@mkdir -p dist
	$(EMCC) $(WASM_CFLAGS) $(SRC) -o $@ $(WASM_LDFLAGS) -lm
	@$(NODE) build-scripts/check-wasm.mjs $@

# ---- the C core's tables as JS: src/js/tables.js and tables.d.ts (generated,
# not in git) from the .def files and gradlab.h, read by the C preprocessor ---
build/gen-tables: build-scripts/gen-tables.c $(HDR) | setup
	@mkdir -p $(@D)
	$(CC_NATIVE) -std=c11 -Wall -Wextra -Werror -Isrc $< -o $@

src/js/tables.js src/js/tables.d.ts &: build/gen-tables build-scripts/gen-tables.mjs
	$(NODE) build-scripts/gen-tables.mjs build/gen-tables
	@touch src/js/tables.js src/js/tables.d.ts

# ---- the JS modules: src/js/ bundled into one file per entry (rolldown) --------
JS_SRC := $(sort $(wildcard src/js/*.js src/js/*.d.ts src/js/export/*.js src/js/cli/*.js src/js/export/*.py src/data/*)) src/js/tables.js src/js/tables.d.ts
dist/gradlab.js dist/gradlab-data.js dist/export.js dist/cli.js dist/gradlab.d.ts dist/export.d.ts &: $(JS_SRC) build-scripts/build-lib.mjs | setup
	$(NODE) build-scripts/build-lib.mjs

# ---- native builds -----------------------------------------------------------
NATIVE_SAN_OBJ := $(patsubst src/%.c,build/san/%.o,$(SRC))
NATIVE_OPT_OBJ := $(patsubst src/%.c,build/opt/%.o,$(SRC))
# the objects are intermediates of the program rules below: keep them, or make
# deletes them after each build and recompiles everything the next time
.SECONDARY: $(NATIVE_SAN_OBJ) $(NATIVE_OPT_OBJ)

build/san/%.o: src/%.c $(HDR) | setup
	@mkdir -p $(@D)
	$(CC_NATIVE) $(SAN_CFLAGS) -c $< -o $@

build/opt/%.o: src/%.c $(HDR) | setup
	@mkdir -p $(@D)
	$(CC_NATIVE) $(OPT_CFLAGS) -c $< -o $@

# tests/c/test_*.c: each a program, sanitized; tests/c/opt_*.c: optimised
# (accuracy sweeps that would take minutes under sanitizers).
C_TEST_SRC := $(wildcard tests/c/test_*.c)
C_OPT_SRC := $(wildcard tests/c/opt_*.c)
C_TEST_BIN := $(patsubst tests/c/%.c,build/san/tests/%,$(C_TEST_SRC))
C_OPT_BIN := $(patsubst tests/c/%.c,build/opt/tests/%,$(C_OPT_SRC))
C_TEST_HDR := $(wildcard tests/c/*.h)

build/san/tests/%: tests/c/%.c $(NATIVE_SAN_OBJ) $(C_TEST_HDR)
	@mkdir -p $(@D)
	$(CC_NATIVE) $(SAN_CFLAGS) -Isrc $< $(NATIVE_SAN_OBJ) -o $@ -lm

build/opt/tests/%: tests/c/%.c $(NATIVE_OPT_OBJ) $(C_TEST_HDR)
	@mkdir -p $(@D)
	$(CC_NATIVE) $(OPT_CFLAGS) -Isrc $< $(NATIVE_OPT_OBJ) -o $@ -lm

build/opt/bench/%: tests/bench/%.c tests/bench/bench.h $(NATIVE_OPT_OBJ)
	@mkdir -p $(@D)
	$(CC_NATIVE) $(OPT_CFLAGS) -Isrc $< $(NATIVE_OPT_OBJ) -o $@ -lm

# the optimised sweeps first: opt_accuracy is the longest program, and the
# programs run TEST_JOBS (default: the cores) at a time
test-c: $(C_TEST_BIN) $(C_OPT_BIN)
	@bash tests/c/run-tests.sh $(C_OPT_BIN) $(C_TEST_BIN)

# Full sweep of every float for every activation (minutes; not in make test).
sweep: build/opt/tests/opt_accuracy
	GRADLAB_SWEEP_STRIDE=1 $< --full

# libFuzzer (clang, ASan+UBSan) on the C entry points, tests/c/fuzz/: replays the
# saved regression inputs and the seeds (tests/c/fuzz/seeds/), then fuzzes each
# harness from build/fuzz/corpus/ (the seeds, grown; build output). FUZZ_SECONDS per
# harness: 20 in make test, where the 3 harnesses run at once (FUZZ_JOBS=3: 20 s,
# about 13 s of a core each on 2 cores; two at a time took 40 s with a core idle
# for the last 20), 300 with make fuzz (TEST_JOBS at once, each on a core of its
# own; it goes on after a crash and lists every distinct failure). Not beside the
# browser tests: -max_total_time is wall time, and there a harness ran 10-30x
# fewer inputs in its 20 s.
test-fuzz: | setup
	FUZZ_JOBS=$(or $(FUZZ_JOBS),3) bash tests/c/fuzz/fuzz.sh --seconds $(or $(FUZZ_SECONDS),20)

fuzz-build: | setup
	@bash tests/c/fuzz/fuzz.sh --build-only

fuzz: | setup
	bash tests/c/fuzz/fuzz.sh --keep-going --seconds $(or $(FUZZ_SECONDS),300)

# ---- JS tests --------------------------------------------------------------
# Several test files at once (node --test runs one at a time on 2 cores): the
# Node files wait on python3 (torch), tsc, npm and CLI processes; each browser
# file starts its own Chromium and static server (a free port, its own profile)
# and waits on the page most of the time (they used a third of the 2 cores at 3
# at once: 4 at once).
# The longest files first, so that no long file starts last (wall time of each
# file run alone, 2026-12-07; new files join at the end): build-scripts/run-tests.mjs
# keeps that order (node --test sorts its files by name). Every test file must be safe to run beside any
# other: its own temporary folder (mkdtemp), a free port, no file another test file writes.
NODE_TEST_CONCURRENCY ?= 3
BROWSER_TEST_CONCURRENCY ?= 4
NODE_TESTS_LONG := cli export export-data export-features limits dist presets cures-cli package cures-torch step-options csv cures-export
BROWSER_TESTS_LONG := learner layout page tables runs pool scrubber draw features cures runs-open layers export experiments classes same-init regression vite-consumer
longest_first = $(filter $(wildcard $(1)/*.test.js),$(patsubst %,$(1)/%.test.js,$(2))) \
  $(filter-out $(patsubst %,$(1)/%.test.js,$(2)),$(sort $(wildcard $(1)/*.test.js)))

test-node: $(DIST) | setup-test
	$(NODE) build-scripts/run-tests.mjs --concurrency $(NODE_TEST_CONCURRENCY) $(call longest_first,tests/node,$(NODE_TESTS_LONG))

test-browser: all | setup-test
	$(NODE) build-scripts/run-tests.mjs --concurrency $(BROWSER_TEST_CONCURRENCY) $(call longest_first,tests/browser,$(BROWSER_TESTS_LONG))

# everything the tests run, built with make -j by build-scripts/test.sh
test-build: all $(C_TEST_BIN) $(C_OPT_BIN) fuzz-build

# the phases of test-c, test-fuzz, test-node and test-browser, each on every
# core, the test-only installs beside the build: build-scripts/test.sh
test: setup
	@MAKE='$(MAKE)' bash build-scripts/test.sh

# ---- the page ---------------------------------------------------------------
web: $(DIST)
	@if [ -f web/index.html ]; then $(NODE) build-scripts/build-web.mjs; fi

run: setup all
	$(NODE) build-scripts/serve.mjs

# ---- benchmarks (not timed tests); e.g. make bench BENCH_ARGS="--only trainer --repeats 5" --
# tests/bench/kernel.c: the dense kernels and a SIMD128 peak loop as a small wasm module
# (the packed kernel on, and off for the comparison), run by tests/bench/kernel.mjs.
BENCH_KERNEL_SRC := tests/bench/kernel.c src/dense.c src/gemm.c
build/bench/kernel.wasm build/bench/kernel-regblock.wasm &: $(BENCH_KERNEL_SRC) $(HDR) | setup
	@mkdir -p build/bench
	$(EMCC) $(WASM_CFLAGS) -Isrc $(BENCH_KERNEL_SRC) -o build/bench/kernel.wasm $(WASM_LDFLAGS) -lm
	$(EMCC) $(WASM_CFLAGS) -DGL_GEMM_MIN_R=1000000000 -Isrc $(BENCH_KERNEL_SRC) -o build/bench/kernel-regblock.wasm $(WASM_LDFLAGS) -lm

bench: setup all build/bench/kernel.wasm $(patsubst tests/bench/%.c,build/opt/bench/%,$(filter-out tests/bench/kernel.c,$(wildcard tests/bench/*.c)))
	$(NODE) tests/bench/run.mjs $(BENCH_ARGS)

clean:
	rm -rf dist build src/js/tables.js src/js/tables.d.ts
