#!/usr/bin/env bash
# Labelled speech from licence-clean TTS voices (flite CG, festival; no MBROLA).
# usage: synthesize.sh <out-dir> <voice> <seed> <count>
# voices: flite:slt flite:awb flite:rms festival:kal festival:ked festival:slt_hts
#         festival:czech_ph festival:czech_krb (Czech text from hunspell, labels through phones.py)
# Writes <out-dir>/<voice>/<n>.wav and <n>.lab ("<end seconds>\t<arpabet phone>" per line).
set -euo pipefail
out=$1; voice=$2; seed=$3; count=$4
here=$(cd "$(dirname "$0")" && pwd)
dir="$out/${voice/:/_}"; mkdir -p "$dir"
case $voice in
  festival:czech_*) text=(--hunspell cs_CZ) ;;
  *) text=(/usr/share/festival/dicts/cmu/cmudict-0.4.out) ;;
esac
mapfile -t lines < <(/usr/bin/python3 "$here/make_text.py" "${text[@]}" "$seed" "$count")

case $voice in
  flite:*)
    v=${voice#flite:}
    for i in "${!lines[@]}"; do
      [ -s "$dir/$i.lab" ] && continue
      flite -voice "$v" -psdur -t "${lines[$i]}" -o "$dir/$i.wav" \
        | tr ' ' '\n' | awk -F: 'NF==2 {printf "%s\t%s\n", $2, $1}' > "$dir/$i.lab.tmp"
      mv "$dir/$i.lab.tmp" "$dir/$i.lab"
    done ;;
  festival:*)
    v=${voice#festival:}
    case $v in kal) sel="(voice_kal_diphone)";; ked) sel="(voice_ked_diphone)";; slt_hts) sel="(voice_cmu_us_slt_arctic_hts)";;
      czech_ph|czech_krb) sel="(voice_$v)";; esac
    scm="$dir/gen.scm"; : > "$scm"
    for i in "${!lines[@]}"; do
      text=${lines[$i]//\"/}; text=${text//\\/}
      printf '%s\n(set! utt (utt.synth (Utterance Text "%s")))\n(utt.save.wave utt "%s/%s.wav" (quote riff))\n(utt.save.segs utt "%s/%s.segs")\n' \
        "$sel" "$text" "$dir" "$i" "$dir" "$i" >> "$scm"
    done
    # festival's Czech voices read ISO-8859-2; any other encoding turns letters into spoken words
    [[ $v == czech_* ]] && { iconv -f utf-8 -t iso-8859-2//TRANSLIT "$scm" > "$scm.l2"; mv "$scm.l2" "$scm"; }
    festival -b "$scm" >/dev/null 2>&1 || true
    for i in "${!lines[@]}"; do
      [ -f "$dir/$i.segs" ] || continue
      awk 'body && NF>=3 {printf "%s\t%s\n", $1, $3} /^#/ {body=1}' "$dir/$i.segs" > "$dir/$i.lab"
      rm -f "$dir/$i.segs"
    done
    [[ $v == czech_* ]] && /usr/bin/python3 "$here/phones.py" festival-czech "$dir"/*.lab ;;
  *) echo "unknown voice $voice" >&2; exit 2 ;;
esac
echo "$voice: $(ls "$dir"/*.lab | wc -l) utterances"
