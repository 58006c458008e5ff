#!/usr/bin/env bash
# Reproduces the shipped model: labelled speech from licence-clean voices (flite, festival, espeak-ng;
# no MBROLA) -> augmentation -> features
# by the C# serving front end -> TCN training (Debian PyTorch) -> ONNX -> parity check in ONNX Runtime
# -> evaluation on the held-out voice (flite rms, never used in training).
# usage: tools/train/train.sh [--minutes 40]     (about 60 minutes on 2 cores; work files in tools/train/work)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
minutes=${2:-40}
W="$here/work"; S="$W/speech"; mkdir -p "$W"

ensure_apt flite:flite festival:festival sox:sox soxi:sox espeak-ng:espeak-ng gcc:gcc
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends festlex-cmu festvox-kallpc16k festvox-kdlpc16k \
  festvox-us-slt-hts libespeak-ng-dev python3-torch python3-onnx python3-matplotlib >/dev/null

log "synthesizing labelled speech (training voices: flite slt/awb, festival kal/ked/slt_hts; held out: flite rms)"
"$here/synthesize.sh" "$S" flite:slt 101 600 & "$here/synthesize.sh" "$S" flite:awb 102 600 & wait
"$here/synthesize.sh" "$S" festival:kal 103 600 & "$here/synthesize.sh" "$S" festival:ked 104 600 & wait
"$here/synthesize.sh" "$S" festival:slt_hts 105 450 & "$here/synthesize.sh" "$S" flite:rms 999 200 & wait
"$here/synthesize_espeak.sh" "$S" 150

log "augmenting (one sox copy per training utterance)"
for v in flite_slt flite_awb festival_kal festival_ked; do "$here/augment.py" "$S/$v" "$S/${v}_aug" 1 "$(cksum <<<"$v" | cut -d' ' -f1)"; done

log "exporting features with the serving front end"
dotnet build "$here/Lipsync.Train" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
T="dotnet $here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll"
$T export "$W/data" train "$S"/flite_slt "$S"/flite_awb "$S"/festival_kal "$S"/festival_ked "$S"/festival_slt_hts "$S"/*_aug "$S"/espeak_*
$T export "$W/data" heldout "$S/flite_rms"

log "training for $minutes minutes"
mkdir -p "$W/model"
/usr/bin/python3 "$here/train.py" "$W/data" "$W/model/viseme.onnx" --minutes "$minutes" --seed 1
$T parity "$W/model/viseme.onnx" "$W/model/viseme.onnx.parity_x.npy" "$W/model/viseme.onnx.parity_logits.npy"

log "evaluating (tools/train/evaluate.sh)"
"$here/evaluate.sh" "$W/model/viseme.onnx"
log "to ship: cp $W/model/viseme.onnx models/viseme.onnx and update models/MODEL_CARD.md"
