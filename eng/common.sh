# Shared helpers for ./run, ./test and ./load. Sourced, not executed.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is required (https://dot.net); global.json pins the feature band"
}

# Debian packages, installed only when a command is missing (needs root or sudo).
ensure_apt() {
  local missing=()
  local pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Azurite from npm (pinned in package.json / package-lock.json), reinstalled when the lock changes.
ensure_azurite() {
  ensure_apt node:nodejs npm:npm
  local stamp="$REPO_ROOT/node_modules/.lipsync-lock"
  if [ ! -x "$REPO_ROOT/node_modules/.bin/azurite" ] || ! cmp -s "$REPO_ROOT/package-lock.json" "$stamp"; then
    log "installing Azurite (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$REPO_ROOT/package-lock.json" "$stamp"
  fi
}

# Everything the test suite needs beyond the .NET SDK. Idempotent and quiet when already present.
ensure_test_prereqs() {
  ensure_azurite
}

# Prints "N passed, N failed, N skipped" from the trx files of a test run.
summarize_trx() {
  local dir=$1 passed=0 failed=0 total=0 line
  shopt -s nullglob
  for f in "$dir"/*.trx; do
    line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    total=$((total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$line")))
    passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$line")))
  done
  echo
  echo "tests: $passed passed, $failed failed, $((total - passed - failed)) skipped"
}
