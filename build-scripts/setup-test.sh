#!/usr/bin/env bash
# setup-test.sh — what `make test` needs beyond `make`/`make run`: Debian's
# python3-torch (with numpy) for /usr/bin/python3, used by
# tests/node/export.test.js to run the exported PyTorch scripts. Large (a few
# hundred MB, a few minutes on a fresh machine), so `make run` never installs
# it. Idempotent: does nothing when /usr/bin/python3 can already import torch.
set -euo pipefail
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
  exit 0
fi
echo "setup-test: apt-get install python3-torch (for the PyTorch export test)" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3 python3-numpy python3-torch >/dev/null
if ! "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
  echo "setup-test: $PY still cannot import torch after installing python3-torch" >&2
  exit 1
fi
