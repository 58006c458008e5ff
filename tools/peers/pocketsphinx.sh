#!/usr/bin/env bash
# PocketSphinx allphone (the recogniser Rhubarb Lip Sync uses) over every .wav of a folder.
# Writes <out>/<name>.phones: "<start s> <end s> <PHONE>" per line (ARPAbet, SIL for silence).
# usage: pocketsphinx.sh <wav-dir> <out-dir>   (16 kHz mono input)
set -euo pipefail
dir=$1; out=$2; mkdir -p "$out"
M=$(dirname "$(dpkg -L pocketsphinx-en-us | grep 'en-us-phone.lm.bin$')")
run() {
  local wav=$1 name; name=$(basename "$wav" .wav)
  [ -s "$out/$name.phones" ] && return 0
  pocketsphinx_continuous -infile "$wav" -hmm "$M/en-us" -allphone "$M/en-us-phone.lm.bin" \
    -backtrace yes -beam 1e-20 -pbeam 1e-20 -lw 2.0 -time yes -logfn /dev/null 2>/dev/null \
    | awk 'NF==4 && $2 ~ /^[0-9.]+$/ {print $2, $3, $1}' > "$out/$name.phones.tmp"
  mv "$out/$name.phones.tmp" "$out/$name.phones"
}
export -f run; export M out
ls "$dir"/*.wav | xargs -P "$(nproc)" -I{} bash -c 'run "$@"' _ {}
