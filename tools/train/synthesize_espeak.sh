#!/usr/bin/env bash
# espeak-ng native voices x variants with random rate and pitch (formant synthesis: more vocal tracts,
# especially female and accented ones, the recorded voices lack). usage: synthesize_espeak.sh <out-dir> <count-per-voice>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); out=$1; count=$2
mkdir -p "$here/work/bin"
[ -x "$here/work/bin/espeak_labels" ] || gcc -O2 -o "$here/work/bin/espeak_labels" "$here/espeak_labels.c" -lespeak-ng
seed=200
for spec in en-us+f3:175:65 en-us+m3:160:40 en+f2:150:70 en-gb-x-rp+f4:165:60 en-gb-scotland+m2:155:35 en-029+f1:170:55 en-us-nyc+m1:185:45 en-us+f5:140:75 \
            en-us+m1:150:50 en-us+f1:160:80 en+m4:170:30 en-gb-x-gbclan+f2:150:60 en-gb-x-gbcwmd+m3:165:45 en-us+f4:190:70 en+m7:145:40 en-us+klatt:170:55; do
  IFS=: read -r voice rate pitch <<<"$spec"; seed=$((seed + 1))
  dir="$out/espeak_${voice//[^a-z0-9]/_}"; mkdir -p "$dir"
  [ "$(ls "$dir" | grep -c '\.lab$' || true)" -ge "$count" ] && continue
  /usr/bin/python3 "$here/make_text.py" /usr/share/festival/dicts/cmu/cmudict-0.4.out "$seed" "$count" > "$dir/text.txt"
  "$here/work/bin/espeak_labels" "$voice" "$rate" "$pitch" "$dir/text.txt" "$dir" >/dev/null
  /usr/bin/python3 "$here/espeak_convert.py" "$dir"
  echo "espeak $voice: $(ls "$dir" | grep -c '\.lab$') utterances"
done
