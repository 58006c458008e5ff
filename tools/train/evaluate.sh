#!/usr/bin/env bash
# Scores a model and two offline peers (PocketSphinx allphone, HeadAudio) on the held-out voice,
# clean and with white noise at 20 dB SNR; writes tools/train/work/eval/report.json + confusion CSVs.
# usage: tools/train/evaluate.sh <model.onnx>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
model=$1; W="$here/work"; E="$W/eval"
ensure_apt pocketsphinx_continuous:pocketsphinx node:nodejs
dpkg -s pocketsphinx-en-us >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pocketsphinx-en-us >/dev/null
(cd "$root/tools/peers" && [ -d node_modules/@met4citizen/headaudio ] || npm install --no-audit --no-fund --loglevel=error >/dev/null)
T="dotnet $here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll"

# The comparison set: the first 40 held-out utterances (PocketSphinx runs at about 0.5x real time).
if [ ! -d "$E/rms_clean" ]; then
  mkdir -p "$E/rms_clean"
  for f in $(ls "$W/speech/flite_rms/"*.lab | sort -V | head -40); do cp "${f%.lab}".{lab,wav} "$E/rms_clean/"; done
  $T noisy "$E/rms_clean" "$E/rms_noisy20" 20
fi

for set in rms_clean rms_noisy20; do
  $T eval "$model" "$E/$set" --json "$E/ours_$set.json" --confusion "$E/confusion_$set.csv"
  "$root/tools/peers/pocketsphinx.sh" "$E/$set" "$E/pocketsphinx_$set"
  $T score "$E/$set" "$E/pocketsphinx_$set" "pocketsphinx-allphone" --json "$E/pocketsphinx_$set.json"
  node "$root/tools/peers/headaudio.mjs" "$E/$set" "$E/headaudio_$set" 120
  $T score "$E/$set" "$E/headaudio_$set" "headaudio" --json "$E/headaudio_$set.json"
done
$T eval "$model" "$W/speech/flite_rms" --json "$E/ours_rms_all.json"
/usr/bin/python3 "$here/confusion_png.py" "$E/confusion_rms_clean.csv" "$E/confusion_rms_noisy20.csv" "$E/confusion.png" \
  "Held-out voice (flite rms), coarse-8 confusion, % of each true class"
