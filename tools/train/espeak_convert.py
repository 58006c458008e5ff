#!/usr/bin/python3
"""espeak_labels output (.raw s16 22050 Hz + .ipa start times) -> .wav + .lab (end time, token of phones.py).
IPA tokens spanning several segments (ɑːɹ, aɪɚ) are split greedily and share the token's time.
espeak starts a voiceless stop's event at its burst and leaves the silent closure to the phone before;
the audio's digital silence puts that closure back in the stop, and other silences become pauses.
espeak's acoustic events trail its labels by about 15 ms (notes/speech-data.md §1.4): labels shift by that.
usage: espeak_convert.py <dir> [language, e.g. ru: per-language readings in phones.py]"""
import array, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phones import split as ipa_split  # the one IPA table, shared with festival's other languages

LAG = 0.015

VOICELESS_STOPS = {"p", "t", "k", "ch"}   # tokens whose silent closure espeak leaves to the phone before
CLOSURE_MAX = 0.15                          # seconds of closure a stop may take back
SILENCE_MIN = 0.02                          # digital silence shorter than this is not a pause

def split(token, language):
    """One espeak event -> tokens. [] for markers that are not phones."""
    if token.startswith("("):  # "(en)": espeak switched language for a word
        return []
    if token == "??":          # German ʊɾ ("durch"): a rounded vowel
        return ["uh"]
    return ipa_split(token, language) or ["unk"]   # empty or unknown names (inserted short vowels): ignored

def silence_before(samples, t, rate):
    """Start (s) of the run of digital silence that ends at time t (espeak's silence is exact zeros)."""
    i = min(len(samples), int(t * rate))
    j = i
    while j > 0 and abs(samples[j - 1]) <= 2:
        j -= 1
    return j / rate

def segments(events, samples, rate, language):
    """(start, end, token) from phoneme events, with the audio's silences placed where they are:
    a voiceless stop takes back its silent closure (up to 150 ms), other silences are pauses."""
    end_total = events[-1][0]
    segs = []
    for (start, token), (nxt, _) in zip(events[:-1], events[1:]):
        if token == "END":
            continue
        stop = nxt if nxt > start else start
        if (stop - start) > 0.25 and nxt == end_total:  # trailing silence is not the last phone
            stop = start + 0.2
        if token.strip() == "ʲ" and segs:               # palatalisation of the consonant before it
            segs[-1] = (segs[-1][0], stop, segs[-1][2]); continue
        parts = split(token, language)
        if not parts:
            continue
        begin = start
        quiet = silence_before(samples, start, rate)
        if start - quiet >= SILENCE_MIN and segs:
            quiet = max(quiet, segs[-1][0] + 0.01)      # the phone before keeps at least 10 ms
            if segs[-1][1] > quiet:
                segs[-1] = (segs[-1][0], quiet, segs[-1][2])
            if parts[0] in VOICELESS_STOPS:
                begin = max(quiet, start - CLOSURE_MAX)
            if begin > quiet:
                segs.append((quiet, begin, "pau"))
        width = (stop - begin) / len(parts)
        for i, p in enumerate(parts):
            segs.append((begin + i * width, begin + (i + 1) * width, p))
    return segs, end_total

def main():
    d = sys.argv[1]
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    rate = 22050
    for name in sorted(f for f in os.listdir(d) if f.endswith(".ipa")):
        stem = os.path.join(d, name[:-4])
        rows = [l.split("\t") for l in open(stem + ".ipa", encoding="utf-8", errors="replace").read().splitlines() if "\t" in l]
        events = [(int(t) / 1000.0, p) for t, p in rows]
        samples = array.array("h", open(stem + ".raw", "rb").read())
        segs, end_total = segments(events, samples, rate, language)
        with open(stem + ".lab", "w") as f:
            f.write(f"{LAG:.4f}\tpau\n")
            last = LAG
            for _, end, p in segs:
                if end + LAG > last:
                    f.write(f"{end + LAG:.4f}\t{p}\n"); last = end + LAG
            f.write(f"{end_total + 1:.4f}\tpau\n")
        subprocess.run(["sox", "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", stem + ".raw", stem + ".wav"], check=True)
        os.remove(stem + ".raw"); os.remove(stem + ".ipa")

main()
