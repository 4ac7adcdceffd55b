#!/usr/bin/env bash
# The one test command (`npm test`): type-check, lint, import boundaries, the node:test suites and the Python oracle.
# Every suite's output stays visible and is kept in test-results/; the last line sums them all as
# `N passed, N failed`. A suite that cannot run (no venv, no test files, a crash) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/venv.sh

results=test-results
mkdir -p "$results"
passed=0
failed=0

banner() { printf '\n===== %s =====\n' "$*"; }
fail_suite() {
  echo "FAILED: $*"
  failed=$((failed + 1))
}

# A check without its own counts (type-check, lint) is one test.
run_check() {
  local name=$1
  shift
  banner "$name"
  if "$@" 2>&1 | tee "$results/$name.log"; then
    passed=$((passed + 1))
  else
    fail_suite "$name"
  fi
}

build_if_stale() {
  if [[ -f dist/cli.js && -f dist/server.js && -f media/dist/panel.js ]] &&
    [[ -z "$(find server/src client/src media/src scripts/build.mjs package.json -newer dist/cli.js -print -quit)" ]]; then
    return
  fi
  banner "build (dist/ is missing or older than the sources)"
  npm run build 2>&1 | tee "$results/build.log" || fail_suite "build"
}

# node:test prints the readable spec report and writes TAP, whose `# pass N` / `# fail N` we count.
run_node_suite() {
  local name=$1 dir=$2
  banner "$name"
  local files=("$dir"/*.test.ts)
  if [[ ! -e "${files[0]}" ]]; then
    fail_suite "$name: no test files in $dir"
    return
  fi
  local tap="$results/$name.tap"
  rm -f "$tap"
  node --import tsx --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "${files[@]}" 2>&1 | tee "$results/$name.log"
  local status=${PIPESTATUS[0]}
  local pass fail cancelled
  pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
  fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
  cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
  if [[ -z "$pass" || -z "$fail" ]]; then
    fail_suite "$name: the runner printed no counts (exit $status)"
    return
  fi
  passed=$((passed + pass))
  failed=$((failed + fail + ${cancelled:-0}))
  if [[ $status -ne 0 && $((fail + ${cancelled:-0})) -eq 0 ]]; then fail_suite "$name: exit $status"; fi
}

# The packaged VSIX in a real VS Code (code-server) with Playwright screenshots; scripts/e2e/run.ts ends with
# its own `e2e: N passed, N failed` line, which is what counts here.
run_e2e() {
  banner "e2e (the VSIX in code-server; screenshots in $results/e2e/screenshots)"
  node --import tsx scripts/e2e/run.ts 2>&1 | tee "$results/e2e.log"
  local status=${PIPESTATUS[0]} counts
  counts=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$results/e2e.log" | tail -1)
  if [[ -z "$counts" ]]; then
    fail_suite "e2e: the runner printed no counts (exit $status)"
    return
  fi
  local pass fail
  pass=$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$counts")
  fail=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$counts")
  passed=$((passed + pass))
  failed=$((failed + fail))
  if [[ $status -ne 0 && $fail -eq 0 ]]; then fail_suite "e2e: exit $status"; fi
}

run_oracle() {
  banner "oracle (pytest, real TensorFlow)"
  local python
  python="$(oracle_venv_dir)/bin/python"
  if [[ ! -f "$(oracle_venv_marker)" ]]; then
    fail_suite "oracle: no venv at $(oracle_venv_dir); run: bash scripts/setup.sh"
    return
  fi
  "$python" -m pytest test/oracle -p no:cacheprovider -rfE 2>&1 | tee "$results/oracle.log"
  local status=${PIPESTATUS[0]}
  local last count_passed count_failed count_errors
  last=$(grep -E '^=+ .* in [0-9.]+s.* =+$' "$results/oracle.log" | tail -1)
  count_passed=$(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+' || true)
  count_failed=$(grep -oE '[0-9]+ failed' <<<"$last" | grep -oE '[0-9]+' || true)
  count_errors=$(grep -oE '[0-9]+ errors?' <<<"$last" | grep -oE '[0-9]+' || true)
  passed=$((passed + ${count_passed:-0}))
  failed=$((failed + ${count_failed:-0} + ${count_errors:-0}))
  if [[ $status -eq 5 ]]; then
    fail_suite "oracle: pytest collected no tests"
  elif [[ $status -ne 0 && $((${count_failed:-0} + ${count_errors:-0})) -eq 0 ]]; then
    fail_suite "oracle: pytest exit $status"
  fi
}

run_check typecheck npm run --silent typecheck
run_check lint npm run --silent lint
run_check boundaries npm run --silent boundaries # import boundaries (.dependency-cruiser.mjs)
build_if_stale
run_node_suite unit test/unit
run_node_suite lsp test/lsp
run_node_suite browser test/browser # the panel in headless Chromium (setup.sh installs it)
run_e2e
run_oracle

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
