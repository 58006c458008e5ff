#!/usr/bin/python3
"""Augmented copies of labelled utterances with sox, to make synthetic voices look more like people and
their recordings. Each copy draws a random chain of:
  speed or tempo 0.85-1.2 (label times scaled); pitch shift ±500 cents (moves formants too: a vocal-tract
  length change); EQ (1-3 peaking bands ±10 dB, bass/treble tilt); a room (reverb, varied size and
  damping); a codec round trip (8 kHz G.711 mu-law telephone band, Opus 12-24 kb/s, Vorbis 32 kb/s, all
  gapless, so times are unchanged); leading/trailing silence (times shifted); gain; and pink, white or
  brown noise at 5-30 dB SNR.
With "telephone" (issue 19: 8 kHz input should lose at most 3 points), every copy of a random half of the
utterances goes through the telephone band instead of the usual codec draw: 8 kHz G.711 mu-law or A-law,
8 kHz PCM, or narrow-band Opus at 8-12 kb/s.
usage: augment.py <in-voice-dir> <out-dir> <copies> <seed> [telephone]"""
import math, os, random, subprocess, sys, wave, array

def rms(path):
    with wave.open(path) as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return math.sqrt(sum(x * x for x in data[::4]) / max(1, len(data[::4]))) / 32768.0

def run(*cmd):
    if cmd[0] == "sox":  # -R: sox seeds its noise and dither generators the same on every run
        cmd = ("sox", "-R") + cmd[1:]
    subprocess.run(cmd, check=True, capture_output=True)

def codec(rng, path, scratch):
    """Replaces path by a lossy round trip of itself."""
    kind = rng.choice(["mulaw", "mulaw", "opus", "vorbis"])
    if kind == "mulaw":  # telephony: 8 kHz, G.711 mu-law, then back to 16-bit
        run("sox", path, "-r", "8000", "-e", "mu-law", "-b", "8", scratch + ".ul.wav")
        run("sox", scratch + ".ul.wav", "-e", "signed", "-b", "16", "-r", "16000", path); os.remove(scratch + ".ul.wav")
    elif kind == "opus":
        run("opusenc", "--quiet", "--bitrate", str(rng.choice([12, 16, 24])), path, scratch + ".opus")
        run("opusdec", "--quiet", "--rate", "16000", scratch + ".opus", path); os.remove(scratch + ".opus")
    else:
        run("oggenc", "-Q", "-b", "32", path, "-o", scratch + ".ogg")
        run("oggdec", "-Q", scratch + ".ogg", "-o", path); os.remove(scratch + ".ogg")

def telephone(rng, path, scratch):
    """Replaces path by itself through a narrow-band (8 kHz) channel, back at 16 kHz."""
    kind = rng.choice(["mu-law", "mu-law", "a-law", "pcm", "opus"])
    if kind == "opus":  # narrow-band Opus: the encoder sees 8 kHz input
        run("sox", path, "-r", "8000", scratch + ".8k.wav")
        run("opusenc", "--quiet", "--bitrate", str(rng.choice([8, 10, 12])), scratch + ".8k.wav", scratch + ".opus")
        run("opusdec", "--quiet", "--rate", "16000", scratch + ".opus", path); os.remove(scratch + ".opus"); os.remove(scratch + ".8k.wav")
        return
    encoding = ["-e", kind, "-b", "8"] if kind != "pcm" else ["-e", "signed", "-b", "16"]
    run("sox", path, "-r", "8000", *encoding, scratch + ".nb.wav")
    run("sox", scratch + ".nb.wav", "-e", "signed", "-b", "16", "-r", "16000", path); os.remove(scratch + ".nb.wav")

def main():
    src, dst, copies, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    narrow = len(sys.argv) > 5 and sys.argv[5] == "telephone"
    rng = random.Random(seed)
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".lab"):
            continue
        stem = name[:-4]
        wav = os.path.join(src, stem + ".wav")
        labels = [l.split("\t") for l in open(os.path.join(src, name)).read().split("\n") if "\t" in l]
        if narrow and rng.random() < 0.5:
            continue
        for c in range(copies):
            out = os.path.join(dst, f"{stem}_{c}")
            if os.path.exists(out + ".lab"):
                continue
            scale, lead = 1.0, 0.0
            effects = ["rate", "16000"]
            if rng.random() < 0.6:
                kind, factor = rng.choice(["speed", "tempo"]), rng.uniform(0.85, 1.2)
                effects += [kind, f"{factor:.3f}"]
                scale = 1.0 / factor
            if rng.random() < 0.7:
                effects += ["pitch", str(rng.randint(-500, 500))]
            if rng.random() < 0.5:
                for _ in range(rng.randint(1, 3)):
                    effects += ["equalizer", str(rng.randint(150, 5000)), f"{rng.uniform(0.5, 2):.2f}q", f"{rng.uniform(-10, 10):.1f}"]
            if rng.random() < 0.3:
                effects += ["bass", f"{rng.uniform(-8, 8):.1f}", "treble", f"{rng.uniform(-8, 8):.1f}"]
            if rng.random() < 0.25:
                effects += ["reverb", str(rng.randint(10, 60)), str(rng.randint(20, 80)), str(rng.randint(30, 100))]
            if rng.random() < 0.3:
                lead = rng.uniform(0.05, 0.5)
                effects += ["pad", f"{lead:.3f}", f"{rng.uniform(0.05, 0.5):.3f}"]
            effects += ["gain", "-n", f"{-rng.uniform(1, 20):.1f}"]
            tmp = out + ".tmp.wav"
            run("sox", wav, "-r", "16000", "-b", "16", "-c", "1", tmp, *effects)
            if narrow:
                telephone(rng, tmp, out)
            elif rng.random() < 0.3:
                codec(rng, tmp, out)
            if rng.random() < 0.6:
                snr = rng.uniform(5, 30)
                level = rms(tmp) / (10 ** (snr / 20))
                dur = subprocess.run(["soxi", "-D", tmp], check=True, capture_output=True, text=True).stdout.strip()
                noise = out + ".noise.wav"
                run("sox", "-n", "-r", "16000", "-b", "16", "-c", "1", noise, "synth", dur,
                    rng.choice(["pinknoise", "whitenoise", "brownnoise"]), "vol", f"{min(0.9, level * 2.5):.5f}")
                run("sox", "-m", "-v", "1", tmp, "-v", "1", noise, out + ".wav")
                os.remove(noise); os.remove(tmp)
            else:
                os.replace(tmp, out + ".wav")
            with open(out + ".lab", "w") as f:
                for end, phone in labels:
                    f.write(f"{float(end) * scale + lead:.4f}\t{phone}\n")

main()
