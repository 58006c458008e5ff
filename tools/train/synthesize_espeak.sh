#!/usr/bin/env bash
# espeak-ng native voices x variants with random rate and pitch: many vocal tracts (female and accented
# ones the recorded voices lack) and many languages (lips close for /p/ in every language; phones.py maps
# each language's IPA to the 22 ids). Czech is left out: it is the held-out language (festival czech_ph/krb).
# usage: synthesize_espeak.sh <out-dir> <count-per-English-voice> <count-per-other-voice>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); out=$1; count=$2; other=${3:-100}
mkdir -p "$here/work/bin"
[ -x "$here/work/bin/espeak_labels" ] || gcc -O2 -o "$here/work/bin/espeak_labels" "$here/espeak_labels.c" -lespeak-ng
seed=200
one() { # <voice> <rate> <pitch> <count> <text source...>
  local voice=$1 rate=$2 pitch=$3 n=$4; shift 4
  local dir="$out/espeak_${voice//[^a-z0-9]/_}"; mkdir -p "$dir"
  [ "$(ls "$dir" | grep -c '\.lab$' || true)" -ge "$n" ] && return 0
  /usr/bin/python3 "$here/make_text.py" "$@" "$seed" "$n" > "$dir/text.txt"
  "$here/work/bin/espeak_labels" "$voice" "$rate" "$pitch" "$dir/text.txt" "$dir" >/dev/null
  /usr/bin/python3 "$here/espeak_convert.py" "$dir" "${voice%%[+-]*}"
  echo "espeak $voice: $(ls "$dir" | grep -c '\.lab$') utterances"
}
for spec in en-us+f3:175:65 en-us+m3:160:40 en+f2:150:70 en-gb-x-rp+f4:165:60 en-gb-scotland+m2:155:35 en-029+f1:170:55 en-us-nyc+m1:185:45 en-us+f5:140:75 \
            en-us+m1:150:50 en-us+f1:160:80 en+m4:170:30 en-gb-x-gbclan+f2:150:60 en-gb-x-gbcwmd+m3:165:45 en-us+f4:190:70 en+m7:145:40 en-us+klatt:170:55; do
  IFS=: read -r voice rate pitch <<<"$spec"; seed=$((seed + 1))
  one "$voice" "$rate" "$pitch" "$count" /usr/share/festival/dicts/cmu/cmudict-0.4.out
done
# other languages: <espeak voice>:<rate>:<pitch>:<hunspell dictionary>, a male and a female variant each
for spec in de+m3:160:40:de_DE de+f2:170:70:de_DE fr+m1:165:45:fr_FR fr+f3:160:75:fr_FR es+m2:170:35:es_ES es+f4:175:65:es_ES \
            it+m4:160:45:it_IT it+f1:165:70:it_IT pl+m3:155:40:pl_PL pl+f5:165:75:pl_PL ru+m1:160:35:ru_RU ru+f2:150:70:ru_RU \
            pt-br+m7:170:45:pt_BR pt-br+f4:165:65:pt_BR nl+m2:160:40:nl_NL nl+f1:170:70:nl_NL sv+m4:165:45:sv_SE sv+f3:160:75:sv_SE \
            hi+m1:150:40:hi_IN hi+f2:155:70:hi_IN ca+m3:165:45:ca ca+f4:160:70:ca; do
  IFS=: read -r voice rate pitch dict <<<"$spec"; seed=$((seed + 1))
  one "$voice" "$rate" "$pitch" "$other" --hunspell "$dict"
done
