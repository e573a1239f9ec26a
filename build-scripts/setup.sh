#!/usr/bin/env bash
# Idempotent set-up: installs only what is missing, prints what it does.
# apt: emscripten (emcc 3.1.6), wabt (wasm-objdump), libsimde-dev (SIMD128
# intrinsics natively), chromium (browser tests). npm: `npm ci` of the pinned
# devDependencies. Never touches the preinstalled Node 20.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v emcc >/dev/null 2>&1 || need_apt+=(emscripten)
command -v wasm-objdump >/dev/null 2>&1 || need_apt+=(wabt)
[ -f /usr/include/simde/wasm/simd128.h ] || need_apt+=(libsimde-dev)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
# ASan/UBSan runtimes and libFuzzer for clang 14
compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a' >/dev/null || need_apt+=(libclang-rt-14-dev)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  if dpkg -s nodejs >/dev/null 2>&1; then $SUDO apt-mark hold nodejs >/dev/null; fi
  # Hold Node: Debian's nodejs (18) must never replace /usr/bin/node (20).
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node >= 20 required, found $(node --version)" >&2
  exit 1
fi

# npm: install when node_modules is missing or older than the lockfile.
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
