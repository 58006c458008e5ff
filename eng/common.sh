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

# The web SDK and the demo page (web/, one npm workspace): npm ci when the lock changed, then build.
# Writes web/sdk/dist/lipsync.js and web/demo/dist/ (served by LocalHost at /demo).
build_web() {
  ensure_apt node:nodejs npm:npm
  local stamp="$REPO_ROOT/web/node_modules/.lipsync-lock"
  if [ ! -d "$REPO_ROOT/web/node_modules" ] || ! cmp -s "$REPO_ROOT/web/package-lock.json" "$stamp"; then
    (cd "$REPO_ROOT/web" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$REPO_ROOT/web/package-lock.json" "$stamp"
  fi
  (cd "$REPO_ROOT/web" && npm run --silent build)
}

# Builds a project quietly; on failure prints the compiler's errors (not just "failed") and stops.
build_or_explain() {
  local project=$1 out
  if ! out=$(dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly 2>&1); then
    printf '%s\n' "$out" | grep -E ': error |error [A-Z]+[0-9]+|^error' | sed -E 's/ \[[^]]*\]$//' | sort -u >&2
    die "the build of $project failed (errors above)"
  fi
}

# Who listens on a TCP port here: "pid command (started in dir)", or nothing.
port_owner() {
  local pid
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] || return 0
  printf '%s %s (started in %s)' "$pid" "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)" "$(readlink "/proc/$pid/cwd" 2>/dev/null)"
}

# Everything the test suite needs beyond the .NET SDK. Idempotent and quiet when already present.
ensure_test_prereqs() {
  ensure_azurite
  # Test audio is made at test time (espeak-ng speech; sox, lame, oggenc, opusenc, flac encode it); the
  # fuzzing seeds, and files only a browser or ffmpeg makes, are committed under tests/fuzz/Seeds.
  ensure_apt espeak-ng:espeak-ng sox:sox lame:lame oggenc:vorbis-tools opusenc:opus-tools flac:flac
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
  # Node's test runner (web SDK): TAP summaries "# pass N", "# fail N", "# skipped N".
  for f in "$dir"/*.tap; do
    local p fl sk cn
    p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$f" | tail -1); fl=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$f" | tail -1)
    sk=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$f" | tail -1); cn=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$f" | tail -1)
    fl=$(( ${fl:-1} + ${cn:-0} ))   # a cancelled test (its promise never settled) counts as failed
    passed=$((passed + ${p:-0})); failed=$((failed + fl)); total=$((total + ${p:-0} + fl + ${sk:-0}))
  done
  echo
  echo "tests: $passed passed, $failed failed, $((total - passed - failed)) skipped"
}

# Starts a private in-memory Azurite on free ports; sets AZURITE_PID and AzureWebJobsStorage.
start_private_azurite() {
  local ports=() p
  for _ in 1 2 3; do
    p=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()' 2>/dev/null \
      || shuf -i 20000-60000 -n 1)
    ports+=("$p")
  done
  "$REPO_ROOT/node_modules/.bin/azurite" --inMemoryPersistence --disableTelemetry --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "${ports[0]}" --queueHost 127.0.0.1 --queuePort "${ports[1]}" \
    --tableHost 127.0.0.1 --tablePort "${ports[2]}" >/dev/null 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/${ports[2]}") 2>/dev/null && break; sleep 0.1; done
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # the emulator's public dev key
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1;"
}
