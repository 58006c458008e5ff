#!/usr/bin/env bash
# The web SDK's live normalisation prior (web/sdk/src/engine/live-prior.json): per-band statistics of
# the raw log-mel features of two training voices (flite slt and awb, 40 utterances each, seeds 101 and
# 102 as train.sh). Never a held-out voice. Needs the SDK built (cd web && npm ci && npm run build).
# usage: tools/train/live-prior.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
ensure_apt flite:flite sox:sox
out="$here/work/live-prior"
"$here/synthesize.sh" "$out" flite:slt 101 40
"$here/synthesize.sh" "$out" flite:awb 102 40
node "$root/web/sdk/scripts/live-prior.mjs" "$out/flite_slt" "$out/flite_awb"
