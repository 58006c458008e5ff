#!/usr/bin/env bash
# The narrow-band model (issue 19): the shipped wide-band model fine-tuned on telephone-band copies of its
# own training speech, for input recorded at 8 kHz or less (the engine picks it by the source's sample rate;
# EngineOptions.NarrowBandModelPath). Wide-band input keeps the wide-band model untouched, so nothing it
# does well is traded away.
#   speech: train.sh --data-only (the same voices, augmented copies included), each utterance once through
#     8 kHz mu-law, A-law or 16-bit PCM and kept at 8 kHz (narrowband.py), so the serving front end's own
#     resampler makes the features; held-out progress on the held-out voices' utterances 50 and up, at 8 kHz.
#   training: train.py --init models/viseme.onnx (batch norms folded and frozen), a fixed number of steps.
# usage: tools/train/narrowband.sh [--steps 8000] [--lr 1e-3]   (about 30 minutes on 2 cores once train.sh --data-only has run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
steps=8000; lr=1e-3
while [ $# -gt 0 ]; do case $1 in --steps) steps=$2; shift 2 ;; --lr) lr=$2; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;; esac; done
W="$here/work"; S="$W/speech"; N="$W/speech-8k"; D="$W/data-8k"
training="flite_slt flite_awb festival_slt_hts espeak_* aug_*"   # train.sh's training voices (globs under a speech folder)
heldout="flite_rms festival_kal festival_ked festival_czech_ph festival_czech_krb"
require_dotnet
[ -d "$S/flite_slt" ] && [ -d "$S/aug_flite_slt" ] || "$here/train.sh" --data-only
ensure_apt sox:sox

log "telephone-band copies at 8 kHz (narrowband.py)"
{ for d in $(cd "$S" && echo $training); do echo "$d 0"; done
  for v in $heldout; do echo "$v 50"; done; } \
  | xargs -P 2 -L 1 bash -c '"$0" "$1/$3" "$2/$3" "$(cksum <<<"$3" | cut -d" " -f1)" --from "$4"' "$here/narrowband.py" "$S" "$N"

log "exporting features with the serving front end"
dotnet build "$here/Lipsync.Train" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
T="dotnet $here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll"
rm -rf "$D"
$T export "$D" train $(for d in $(cd "$N" && echo $training); do echo "$N/$d"; done)
for v in $heldout; do $T export "$D" "heldout_${v#*_}" "$N/$v" --from 50; done

log "fine-tuning models/viseme.onnx for $steps steps at $lr"
mkdir -p "$W/model-8k"
/usr/bin/python3 "$here/train.py" "$D" "$W/model-8k/viseme-8k.onnx" --init "$root/models/viseme.onnx" --steps "$steps" --lr "$lr" --seed 1
$T parity "$W/model-8k/viseme-8k.onnx" "$W/model-8k/viseme-8k.parity_x.npy" "$W/model-8k/viseme-8k.parity_logits.npy"
log "to ship: cp $W/model-8k/viseme-8k.{onnx,parity_x.npy,parity_logits.npy,training.json} models/; then tools/train/formats.sh models/viseme.onnx models/viseme-8k.onnx"
