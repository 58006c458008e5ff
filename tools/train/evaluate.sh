#!/usr/bin/env bash
# The held-out yardstick: a model and an offline peer (PocketSphinx allphone, the recogniser inside Rhubarb
# Lip Sync) on voices never trained on (tuning looks only at their utterances 50 and up), each reported apart, clean and with white noise at 20 dB SNR:
#   rms            flite CG, the training voices' own family (the old, optimistic yardstick)
#   kal, ked       festival diphone: another family, built from concatenated human recordings
#   czech_ph/krb   festival Czech diphone: another family and a language absent from training
# Conditions: clean, white noise at 20 dB SNR, and telephone band (8 kHz through G.711 mu-law, stored as
# 8 kHz PCM WAV; this model only).
# Report set: the first 25 utterances of each voice (the rest, 50 and up, is what training looks at).
# Writes tools/train/work/eval/report.json (every figure), confusion CSVs and confusion.png.
# usage: tools/train/evaluate.sh <model.onnx> [--no-peers]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
model=$1; peers=${2:-}; W="$here/work"; E="$W/eval"; mkdir -p "$E"
ensure_apt pocketsphinx_continuous:pocketsphinx
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
dpkg -s pocketsphinx-en-us >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends pocketsphinx-en-us >/dev/null
T="dotnet $here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll"
voices="flite_rms festival_kal festival_ked festival_czech_ph festival_czech_krb"

# Run alone (without train.sh first): make the held-out voices exactly as train.sh does.
if [ ! -f "$here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll" ]; then
  require_dotnet; dotnet build "$here/Lipsync.Train" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
fi
for spec in flite:rms:999:200 festival:kal:103:150 festival:ked:104:150 festival:czech_ph:106:150 festival:czech_krb:107:150; do
  IFS=: read -r engine voice seed count <<<"$spec"
  [ -f "$W/speech/${engine}_$voice/24.lab" ] && continue
  ensure_apt flite:flite festival:festival sox:sox
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends festlex-cmu festvox-kallpc16k \
    festvox-kdlpc16k festvox-czech-ph festvox-czech-krb hunspell-cs >/dev/null
  "$here/synthesize.sh" "$W/speech" "$engine:$voice" "$seed" "$count"
done

for v in $voices; do
  name=${v#*_}
  if [ ! -d "$E/${name}_clean" ]; then   # 16 kHz mono copies: what PocketSphinx reads (our engine reads any rate)
    mkdir -p "$E/${name}_clean.tmp"
    for i in $(seq 0 24); do sox "$W/speech/$v/$i.wav" -r 16000 -c 1 -b 16 "$E/${name}_clean.tmp/$i.wav"; cp "$W/speech/$v/$i.lab" "$E/${name}_clean.tmp/"; done
    mv "$E/${name}_clean.tmp" "$E/${name}_clean"
    $T noisy "$E/${name}_clean" "$E/${name}_noisy20" 20
  fi
  if [ ! -d "$E/${name}_mulaw8k" ]; then
    mkdir -p "$E/${name}_mulaw8k.tmp"
    for f in "$E/${name}_clean"/*.wav; do sox "$f" -r 8000 -e mu-law -b 8 -t wav - | sox - -e signed -b 16 "$E/${name}_mulaw8k.tmp/$(basename "$f")"; cp "${f%.wav}.lab" "$E/${name}_mulaw8k.tmp/"; done
    mv "$E/${name}_mulaw8k.tmp" "$E/${name}_mulaw8k"
  fi
  $T eval "$model" "$E/${name}_mulaw8k" --json "$E/ours_${name}_mulaw8k.json"
  for cond in clean noisy20; do
    set=${name}_$cond
    $T eval "$model" "$E/$set" --json "$E/ours_$set.json" --confusion "$E/confusion_$set.csv"
    if [ "$peers" != --no-peers ]; then
      "$root/tools/peers/pocketsphinx.sh" "$E/$set" "$E/pocketsphinx_$set"
      $T score "$E/$set" "$E/pocketsphinx_$set" "pocketsphinx-allphone" --json "$E/pocketsphinx_$set.json"
    fi
  done
done
/usr/bin/python3 - "$E" $voices <<'PY'
import json, os, sys
E, voices = sys.argv[1], [v.split("_", 1)[1] for v in sys.argv[2:]]
report = {}
for system in ["ours", "pocketsphinx"]:
    for v in voices:
        for cond in ["clean", "noisy20", "mulaw8k"]:
            path = f"{E}/{system}_{v}_{cond}.json"
            if os.path.exists(path):
                report.setdefault(system, {}).setdefault(v, {})[cond] = json.load(open(path))
json.dump(report, open(f"{E}/report.json", "w"), indent=1)
print(f"{'system':13} {'voice':10} {'cond':8} {'acc22':>6} {'±2':>6} {'c8':>6} {'c8bal':>6} {'c8±2':>6} {'MBP':>5} {'FV':>5} {'RND':>5} {'PCK':>5}")
for system, by_voice in report.items():
    for v, by_cond in by_voice.items():
        for cond, r in by_cond.items():
            f = lambda k: f"{100 * r[k]:6.1f}" if r.get(k) is not None else "   n/a"
            rec = lambda c: f"{100 * r['recall'].get(c, 0):5.1f}"
            print(f"{system:13} {v:10} {cond:8} {f('accuracy22')} {f('accuracy22Tolerance2')} {f('coarse8')} {f('coarse8Balanced')} {f('coarse8Tolerance2')} {rec('MBP')} {rec('FV')} {rec('ROUND')} {rec('PUCKER')}")
PY
# Run alone on a fresh machine, evaluate.sh needs the plotting library train.sh installs.
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-matplotlib >/dev/null
/usr/bin/python3 "$here/confusion_png.py" "$E/confusion_kal_clean.csv" "$E/confusion_czech_ph_clean.csv" "$E/confusion.png" \
  "Held-out voices of other families, clean, coarse-8 confusion, % of each true class" "festival kal (English diphone)" "festival czech_ph (Czech diphone)"
