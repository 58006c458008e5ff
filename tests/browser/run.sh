#!/usr/bin/env bash
# tests/browser/run.sh [TAP file] : headless Chromium (Debian's, driven by playwright-core) against
# ./run. Starts ./run on a free port with its own state folder, runs `node --test tests/browser/`,
# then stops ./run (which stops what it started). Screenshots go to $LIPSYNC_BROWSER_ARTIFACTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/common.sh

tap=${1:-/dev/stdout}
state=.artifacts/browser-run
export LIPSYNC_BROWSER_ARTIFACTS=${LIPSYNC_BROWSER_ARTIFACTS:-.artifacts/test-results/browser}
rm -rf "$state"; mkdir -p "$state" "$LIPSYNC_BROWSER_ARTIFACTS"

ensure_apt chromium:chromium
ensure_azurite   # the repository's npm tools: Azurite and playwright-core

# A run that never reaches the tests still leaves a failed TAP summary for ./test's count.
not_started() { printf '1..1\nnot ok 1 - %s\n# pass 0\n# fail 1\n' "$1" > "$tap"; cat "$state/run.log" >&2; die "$1"; }

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# Admin changes (a disabled key) reach the hot path within the key cache's bound; a short bound here
# keeps the disabled-key test quick. Everything else is ./run as a newcomer gets it.
LIPSYNC_LOCAL_DIR=$state PORT=$port License__CacheFreshFor=00:00:00.100 License__CacheMaxStale=00:00:00.200 \
  setsid ./run > "$state/run.log" 2>&1 &   # its own process group, so a stuck run can be killed whole
run_pid=$!
stop_run() {
  # TERM (a background job ignores INT): ./run's trap stops LocalHost, then the emulator it started.
  kill -TERM "$run_pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$run_pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$run_pid" 2>/dev/null || true
}
trap stop_run EXIT

for _ in $(seq 1 3000); do
  [ -s "$state/run.env" ] && grep -q 'Demo page' "$state/run.log" && break
  kill -0 "$run_pid" 2>/dev/null || not_started "./run exited before it was ready (see $state/run.log)"
  sleep 0.1
done
[ -s "$state/run.env" ] || not_started "./run was not ready within 300 s (see $state/run.log)"
source "$state/run.env"
export LIPSYNC_URL LIPSYNC_ACCOUNT LIPSYNC_DEV_KEY LIPSYNC_SECRET_KEY

node --test --test-concurrency=1 --test-reporter=tap tests/browser/ > "$tap"
