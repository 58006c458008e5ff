#!/usr/bin/python3
"""Telephone-band copies of labelled utterances, for the narrow-band model (narrowband.sh): each utterance
once through an 8 kHz channel, G.711 mu-law or A-law or 16-bit PCM, and kept at 8 kHz, so the features the
model learns from come through the serving front end's own 8 -> 16 kHz resampler, as served 8 kHz audio does.
Labels are copied unchanged (sox keeps the timing). A copy older than its source is made again.
usage: narrowband.py <in-voice-dir> <out-dir> <seed> [--from N]"""
import os, random, subprocess, sys

def main():
    src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--from" else 0
    rng = random.Random(seed)
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        stem, ext = os.path.splitext(name)
        if ext != ".lab" or (stem.isdigit() and int(stem) < first):
            continue
        kind = rng.choice(["mu-law", "mu-law", "a-law", "signed"])   # mu-law twice: what US telephony and Twilio carry
        out = os.path.join(dst, stem + ".wav")
        source = os.path.join(src, stem + ".wav")
        if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(source):
            bits = "16" if kind == "signed" else "8"
            subprocess.run(["sox", "-R", source, "-r", "8000", "-e", kind, "-b", bits, out + ".tmp.wav"], check=True, capture_output=True)
            os.replace(out + ".tmp.wav", out)
        with open(os.path.join(src, name)) as f, open(os.path.join(dst, name), "w") as g:
            g.write(f.read())

if __name__ == "__main__":
    main()
