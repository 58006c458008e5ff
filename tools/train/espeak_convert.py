#!/usr/bin/python3
"""espeak_labels output (.raw s16 22050 Hz + .ipa start times) -> .wav + .lab (end time, ARPAbet).
IPA tokens spanning several segments (ɑːɹ, aɪɚ) are split greedily and share the token's time.
espeak's acoustic events trail its labels by about 15 ms (notes/speech-data.md §1.4): labels shift by that.
usage: espeak_convert.py <dir>"""
import os, subprocess, sys

IPA = {  # longest first when matching
    "tʃ": "ch", "dʒ": "jh", "eɪ": "ey", "aɪ": "ay", "ɔɪ": "oy", "oʊ": "ow", "əʊ": "ow", "aʊ": "aw", "l̩": "el", "n̩": "en",
    "ə": "ax", "ɚ": "er", "ɐ": "ah", "ɪ": "ih", "ᵻ": "ih", "i": "iy", "ɛ": "eh", "e": "eh", "æ": "ae", "a": "aa", "ɑ": "aa",
    "ɒ": "aa", "ɔ": "ao", "o": "ow", "ʊ": "uh", "u": "uw", "ʌ": "ah", "ɜ": "er", "ɝ": "er", "ɹ": "r", "r": "r", "l": "l",
    "ɫ": "l", "w": "w", "j": "y", "h": "hh", "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "ɡ": "g", "g": "g",
    "f": "f", "v": "v", "θ": "th", "ð": "dh", "s": "s", "z": "z", "ʃ": "sh", "ʒ": "zh", "m": "m", "n": "n", "ŋ": "ng",
    "ɾ": "dx", "ʔ": "t", "x": "hh", "ç": "hh", "ɬ": "l", "ʍ": "w", "y": "iy", "ø": "eh", "œ": "eh",
}
KEYS = sorted(IPA, key=len, reverse=True)
LAG = 0.015

def split(token):
    token = token.replace("ː", "").replace("ˈ", "").replace("ˌ", "").replace("ˑ", "").strip()
    out = []
    while token:
        for k in KEYS:
            if token.startswith(k):
                out.append(IPA[k]); token = token[len(k):]; break
        else:
            token = token[1:]  # unknown mark (tie bars, diacritics): drop it
    return out or ["pau"]

def main():
    d = sys.argv[1]
    for name in sorted(f for f in os.listdir(d) if f.endswith(".ipa")):
        stem = os.path.join(d, name[:-4])
        rows = [l.split("\t") for l in open(stem + ".ipa", encoding="utf-8").read().splitlines() if "\t" in l]
        events = [(int(t) / 1000.0, p) for t, p in rows]
        end_total = events[-1][0]
        segs = []
        for (start, token), (nxt, _) in zip(events[:-1], events[1:]):
            if token == "END":
                continue
            stop = nxt if nxt > start else start
            if (stop - start) > 0.25 and nxt == end_total:  # trailing silence is not the last phone
                stop = start + 0.2
            parts = split(token)
            width = (stop - start) / len(parts)
            for i, p in enumerate(parts):
                segs.append((start + (i + 1) * width, p))
        with open(stem + ".lab", "w") as f:
            f.write(f"{LAG:.4f}\tpau\n")
            last = LAG
            for end, p in segs:
                if end + LAG > last:
                    f.write(f"{end + LAG:.4f}\t{p}\n"); last = end + LAG
            f.write(f"{end_total + 1:.4f}\tpau\n")
        subprocess.run(["sox", "-t", "raw", "-r", "22050", "-e", "signed", "-b", "16", "-c", "1", stem + ".raw", stem + ".wav"], check=True)
        os.remove(stem + ".raw"); os.remove(stem + ".ipa")

main()
