# Where the oracle's Python venv lives, shared by setup.sh and test.sh (source this file).
# It sits outside the clone, keyed by the hash of test/oracle/requirements.txt, so a changed pin builds
# a new venv and an unchanged one is reused across clones.

KERAS_LOWER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ORACLE_REQUIREMENTS="$KERAS_LOWER_ROOT/test/oracle/requirements.txt"

oracle_venv_dir() {
  local hash
  hash="$(sha256sum "$ORACLE_REQUIREMENTS" | cut -c1-12)"
  echo "${KERAS_LOWER_CACHE:-$HOME/.cache/keras-lower}/venv-$hash"
}

# Written last by setup.sh: a venv without it was interrupted and is never used.
oracle_venv_marker() {
  echo "$(oracle_venv_dir)/.keras-lower-complete"
}
