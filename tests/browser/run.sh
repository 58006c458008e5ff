#!/usr/bin/env bash
# tests/browser/run.sh [TAP file] : headless Chromium (Debian's, driven by playwright-core) against
# ./run. Starts a private in-memory Azurite and ./run on free ports with its own state folder (so a
# developer's ./run and its data are never touched), runs `node --test tests/browser/`, then stops
# both. Screenshots go to $LIPSYNC_BROWSER_ARTIFACTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/common.sh

tap=${1:-/dev/stdout}
state=.artifacts/browser-run
export LIPSYNC_BROWSER_ARTIFACTS=${LIPSYNC_BROWSER_ARTIFACTS:-.artifacts/test-results/browser}
rm -rf "$state"; mkdir -p "$state" "$LIPSYNC_BROWSER_ARTIFACTS"

# A run that never reaches the tests still leaves a failed TAP summary for ./test's count.
not_started() { printf '1..1\nnot ok 1 - %s\n# pass 0\n# fail 1\n' "$1" > "$tap"; cat "$state/run.log" >&2 2>/dev/null; die "$1"; }
trap 'not_started "tests/browser/run.sh failed before the tests ran (line $LINENO)"' ERR

run_pid=
stop_run() {
  # TERM (a background job ignores INT): ./run's trap stops LocalHost.
  [ -n "$run_pid" ] || { kill "${AZURITE_PID:-}" 2>/dev/null || true; return 0; }
  kill -TERM "$run_pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$run_pid" 2>/dev/null || true
  kill "${AZURITE_PID:-}" 2>/dev/null || true
}
trap stop_run EXIT

ensure_apt chromium:chromium
ensure_azurite   # the repository's npm tools: Azurite and playwright-core
start_private_azurite   # exports AzureWebJobsStorage: ./run and the CLI use it and start no emulator

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# Admin changes (a disabled key) reach the hot path within the key cache's bound, and sessions refresh
# every RefreshAfter: short values here keep the disabled-key and background-refresh tests quick.
# Everything else is ./run as a newcomer gets it.
LIPSYNC_LOCAL_DIR=$state PORT=$port License__CacheFreshFor=00:00:00.100 License__CacheMaxStale=00:00:00.200 License__RefreshAfter=00:00:01.500 \
  setsid ./run > "$state/run.log" 2>&1 &   # its own process group, so a stuck run can be killed whole
run_pid=$!

for _ in $(seq 1 3000); do
  [ -s "$state/run.env" ] && grep -q 'Demo page' "$state/run.log" && break
  kill -0 "$run_pid" 2>/dev/null || not_started "./run exited before it was ready (see $state/run.log)"
  sleep 0.1
done
[ -s "$state/run.env" ] || not_started "./run was not ready within 300 s (see $state/run.log)"
source "$state/run.env"
export LIPSYNC_URL LIPSYNC_ACCOUNT LIPSYNC_DEV_KEY LIPSYNC_SECRET_KEY
trap - ERR

node --test --test-concurrency=1 --test-reporter=tap tests/browser/ > "$tap"
