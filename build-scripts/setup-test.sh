#!/usr/bin/env bash
# setup-test.sh — what `make test` needs beyond `make`/`make run`: Debian's
# python3-torch (with numpy) for /usr/bin/python3, used by
# tests/node/export.test.js to run the exported PyTorch scripts, and
# python3-sklearn, whose copies of iris, breast cancer and digits
# tests/node/csv.test.js compares the bundled tables with. Large (a few
# hundred MB, a few minutes on a fresh machine), so `make run` never installs
# them. Idempotent: does nothing when /usr/bin/python3 can already import both.
set -euo pipefail
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import torch, numpy, sklearn' >/dev/null 2>&1; then
  exit 0
fi
echo "setup-test: apt-get install python3-torch python3-sklearn (export and data set tests)" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3 python3-numpy python3-torch python3-sklearn >/dev/null
if ! "$PY" -c 'import torch, numpy, sklearn' >/dev/null 2>&1; then
  echo "setup-test: $PY still cannot import torch and sklearn after installing python3-torch python3-sklearn" >&2
  exit 1
fi
