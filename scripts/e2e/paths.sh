# Where the end-to-end tools live, shared by install-code-server.sh and run.sh (source this file).
# code-server sits outside the clone, like the oracle's venv, so clones and CI runs on one machine share it.
E2E_CACHE="${KERAS_LOWER_CACHE:-$HOME/.cache/keras-lower}"
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR="$E2E_CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"
# Written last by install-code-server.sh: a folder without it was interrupted and is reinstalled.
CODE_SERVER_MARKER="$CODE_SERVER_DIR/.keras-lower-complete"
CHROMIUM_BIN=/usr/bin/chromium
