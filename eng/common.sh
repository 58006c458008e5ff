# Shared helpers for ./run, ./test and ./load. Sourced, not executed.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is required (https://dot.net); global.json pins the feature band"
}

# Everything the test suite needs beyond the .NET SDK. Idempotent and quiet when already present.
ensure_test_prereqs() {
  :
}

# Prints "N passed, N failed, N skipped" from the trx files of a test run.
summarize_trx() {
  local dir=$1 passed=0 failed=0 skipped=0 total=0 line
  shopt -s nullglob
  for f in "$dir"/*.trx; do
    line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    total=$((total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$line")))
    passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$line")))
  done
  skipped=$((total - passed - failed))
  echo
  echo "tests: $passed passed, $failed failed, $skipped skipped"
}
