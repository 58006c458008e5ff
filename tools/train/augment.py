#!/usr/bin/python3
"""Augmented copies of labelled utterances with sox. Each copy draws a random chain of: speed or tempo
(label times scaled), pitch shift (moves formants too: a vocal-tract-length change, times unchanged),
band-limiting, gain, reverb, pink noise at 12-30 dB SNR, leading/trailing silence (times shifted).
usage: augment.py <in-voice-dir> <out-dir> <copies> <seed>"""
import math, os, random, subprocess, sys, wave, array

def rms(path):
    with wave.open(path) as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return math.sqrt(sum(x * x for x in data[::4]) / max(1, len(data[::4]))) / 32768.0

def main():
    src, dst, copies, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".lab"):
            continue
        stem = name[:-4]
        wav = os.path.join(src, stem + ".wav")
        labels = [l.split("\t") for l in open(os.path.join(src, name)).read().split("\n") if "\t" in l]
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
                effects += ["pitch", str(rng.randint(-400, 400))]
            if rng.random() < 0.25:
                effects += ["sinc", f"{rng.randint(200, 400)}-{rng.randint(3200, 4000)}"]
            if rng.random() < 0.2:
                effects += ["reverb", str(rng.randint(10, 50))]
            if rng.random() < 0.3:
                lead = rng.uniform(0.05, 0.5)
                effects += ["pad", f"{lead:.3f}", f"{rng.uniform(0.05, 0.5):.3f}"]
            effects += ["gain", "-n", f"{-rng.uniform(1, 20):.1f}"]
            tmp = out + ".tmp.wav"
            subprocess.run(["sox", wav, "-r", "16000", "-b", "16", "-c", "1", tmp] + effects, check=True, capture_output=True)
            if rng.random() < 0.5:
                snr = rng.uniform(12, 30)
                level = rms(tmp) / (10 ** (snr / 20))
                dur = subprocess.run(["soxi", "-D", tmp], check=True, capture_output=True, text=True).stdout.strip()
                noise = out + ".noise.wav"
                subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", noise, "synth", dur, rng.choice(["pinknoise", "whitenoise", "brownnoise"]),
                                "vol", f"{min(0.9, level * 2.5):.5f}"], check=True, capture_output=True)
                subprocess.run(["sox", "-m", "-v", "1", tmp, "-v", "1", noise, out + ".wav"], check=True, capture_output=True)
                os.remove(noise); os.remove(tmp)
            else:
                os.replace(tmp, out + ".wav")
            with open(out + ".lab", "w") as f:
                for end, phone in labels:
                    f.write(f"{float(end) * scale + lead:.4f}\t{phone}\n")

main()
