#!/usr/bin/env bash
# Accuracy by input format (issue 19): the held-out report set of each yardstick voice (utterances 0-24 of
# rms, kal, ked, czech_ph, czech_krb; see evaluate.sh), encoded the way TTS services, browsers and phones
# deliver audio, then scored through the whole serving path (decode -> features -> model -> cues).
#   wav 16 kHz PCM (the reference) | flac | Ogg Opus 32 kb/s (opusenc) | WebM Opus 32 kb/s (ffmpeg, as MediaRecorder)
#   MP3 64 kb/s (lame) | Ogg Vorbis q2 (oggenc) | AAC-LC 48 kb/s in M4A and in ADTS (ffmpeg's native encoder)
#   Opus 32 kb/s in MP4 (ffmpeg, as Chromium's MediaRecorder writes audio/mp4;codecs=opus)
#   8 kHz G.711 mu-law WAV | 8 kHz 16-bit WAV (band alone) | headerless L16 16 kHz | headerless mu-law 8 kHz (audio/basic)
# 8 kHz input goes to the narrow-band model when one is given, as the engine serves it; then the rows
# mulaw8k-wide and pcm8k-wide score the same 8 kHz files with the wide-band model alone.
# Writes tools/train/work/formats/report.json and prints a markdown table.
# usage: tools/train/formats.sh <model.onnx> [<narrow-band model-8k.onnx>]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
source "$root/eng/common.sh"
model=$1; narrow=${2:-}; W="$here/work"; E="$W/eval"; F="$W/formats"
ensure_apt sox:sox flac:flac opusenc:opus-tools ffmpeg:ffmpeg lame:lame oggenc:vorbis-tools
voices="rms kal ked czech_ph czech_krb"
for v in $voices; do
  [ -d "$E/${v}_clean" ] || { echo "run tools/train/evaluate.sh first (it makes $E/${v}_clean)"; exit 2; }
done
require_dotnet
dotnet build "$here/Lipsync.Train" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
T="dotnet $here/Lipsync.Train/bin/Release/net10.0/Lipsync.Train.dll"

for v in $voices; do
  d="$F/$v"; mkdir -p "$d"
  for wav in "$E/${v}_clean"/*.wav; do
    n=$(basename "$wav" .wav); cp "$E/${v}_clean/$n.lab" "$d/"
    [ -f "$d/$n.wav" ] || cp "$wav" "$d/$n.wav"
    [ -f "$d/$n.flac" ] || flac -s -f -o "$d/$n.flac" "$wav"
    [ -f "$d/$n.opus" ] || opusenc --quiet --bitrate 32 "$wav" "$d/$n.opus"
    [ -f "$d/$n.webm" ] || ffmpeg -v error -y -i "$wav" -c:a libopus -b:a 32k "$d/$n.webm"
    [ -f "$d/$n.mp3" ] || lame --quiet -b 64 "$wav" "$d/$n.mp3"
    [ -f "$d/$n.ogg" ] || oggenc -Q -q 2 -o "$d/$n.ogg" "$wav"
    [ -f "$d/$n.m4a" ] || ffmpeg -v error -y -i "$wav" -c:a aac -b:a 48k "$d/$n.m4a"
    [ -f "$d/$n.aac" ] || ffmpeg -v error -y -i "$wav" -c:a aac -b:a 48k -f adts "$d/$n.aac"
    [ -f "$d/$n.opus.mp4" ] || ffmpeg -v error -y -i "$wav" -c:a libopus -b:a 32k -f mp4 "$d/$n.opus.mp4"
    [ -f "$d/$n.mulaw8k.wav" ] || sox "$wav" -r 8000 -e mu-law -b 8 "$d/$n.mulaw8k.wav"
    [ -f "$d/$n.pcm8k.wav" ] || sox "$wav" -r 8000 -e signed -b 16 "$d/$n.pcm8k.wav"
    [ -f "$d/$n.l16" ] || sox "$wav" -t raw -e signed -b 16 -B "$d/$n.l16"
    [ -f "$d/$n.ulaw" ] || sox "$wav" -r 8000 -t raw -e mu-law -b 8 "$d/$n.ulaw"
  done
done

# name|extension|media type (headerless only)
formats="wav|.wav| flac|.flac| opus|.opus| webm|.webm| mp3|.mp3| vorbis|.ogg| aac|.m4a| adts|.aac| mp4opus|.opus.mp4| mulaw8k|.mulaw8k.wav| pcm8k|.pcm8k.wav| l16|.l16|audio/L16;rate=16000 basic|.ulaw|audio/basic"
[ -z "$narrow" ] || formats="$formats mulaw8k-wide|.mulaw8k.wav| pcm8k-wide|.pcm8k.wav|"
for v in $voices; do
  for f in $formats; do
    IFS='|' read -r name ext type <<<"$f"
    out="$F/$v.$name.json"
    args=(--ext "$ext" --json "$out")
    [ -z "$type" ] || args+=(--media-type "$type")
    [ -z "$narrow" ] || [[ $name == *-wide ]] || args+=(--narrow-band "$narrow")
    $T eval "$model" "$F/$v" "${args[@]}" > "$F/$v.$name.txt" 2>&1 || echo '{"error":"refused"}' > "$out"
  done
done

/usr/bin/python3 - "$F" "${narrow:+wide}" $voices <<'PY'
import json, sys
F, wide, voices = sys.argv[1], sys.argv[2], sys.argv[3:]
names = ["wav", "flac", "opus", "webm", "mp3", "vorbis", "aac", "adts", "mp4opus", "mulaw8k", "pcm8k", "l16", "basic"]
names += ["mulaw8k-wide", "pcm8k-wide"] if wide else []
groups = {"rms": ["rms"], "kal+ked": ["kal", "ked"], "czech": ["czech_ph", "czech_krb"], "all five": voices}
report = {}
for n in names:
    per = {v: json.load(open(f"{F}/{v}.{n}.json")) for v in voices}
    report[n] = per
json.dump(report, open(f"{F}/report.json", "w"), indent=1)
def acc(n, vs):
    rows = [report[n][v] for v in vs]
    if any("accuracy22" not in r for r in rows): return None
    return 100 * sum(r["accuracy22"] * r["frames"] for r in rows) / sum(r["frames"] for r in rows)
print("| format | " + " | ".join(groups) + " | vs WAV (all five) |")
print("|---" * (len(groups) + 2) + "|")
for n in names:
    cells = [acc(n, vs) for vs in groups.values()]
    ref = acc("wav", voices)
    text = ["refused (audio_unsupported)" if c is None else f"{c:.1f}" for c in cells]
    delta = "" if cells[-1] is None else f"{cells[-1] - ref:+.1f}"
    print(f"| {n} | " + " | ".join(text) + f" | {delta} |")
PY
