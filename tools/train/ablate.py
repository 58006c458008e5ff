#!/usr/bin/python3
"""Side-by-side recipe ablations for the model card's experiment log: each variant trains from the same data,
seed and step count, and is scored per held-out voice (frame argmax, 22 classes) on the tuning utterances.
Runs anywhere torch does (a GPU makes a sweep take minutes); the shipped model comes from train.sh alone.
usage: ablate.py pack <data-dir> <out-dir> [--frames 1000000]     int8 subset small enough to carry
       ablate.py run <pack-dir> <out.json> [--steps 12000] [--device cuda] [--sweep 1|2]"""
import json, os, sys, time
import numpy as np

ENGLISH = ("espeak_en", "aug_espeak_en", "flite_", "aug_flite_", "festival_", "aug_festival_")
RECORDED = ("flite_", "aug_flite_", "festival_", "aug_festival_")
SWEEP1 = {  # recipe, natural data mix
    "v1 flat160, no feature aug": ("flat", 160, False, False, None, None, 0.12, 1),
    "flat160 + warp + specaugment": ("flat", 160, True, True, None, None, 0.12, 1),
    "strided192, no feature aug": ("strided", 192, False, False, None, None, 0.12, 1),
    "strided192 + warp": ("strided", 192, True, False, None, None, 0.12, 1),
    "strided192 + specaugment": ("strided", 192, False, True, None, None, 0.12, 1),
    "strided192 + warp + specaugment": ("strided", 192, True, True, None, None, 0.12, 1),
    "strided256 + warp + specaugment": ("strided", 256, True, True, None, None, 0.12, 1),
    "strided128 + warp + specaugment": ("strided", 128, True, True, None, None, 0.12, 1),
    "strided192 + w + s, English voices only": ("strided", 192, True, True, ENGLISH, None, 0.12, 1),
    "strided192 + w + s, no espeak-ng": ("strided", 192, True, True, RECORDED, None, 0.12, 1),
}
SWEEP2 = {  # name: (arch, channels, warp, specaugment, training voices kept (name prefixes) or None, recorded share, warp range, seed)
    "s192 w+s, natural mix (34 % recorded)": ("strided", 192, True, True, None, None, 0.12, 1),
    "same, seed 2": ("strided", 192, True, True, None, None, 0.12, 2),
    "same, seed 3": ("strided", 192, True, True, None, None, 0.12, 3),
    "s192 w+s, recorded share 0.5": ("strided", 192, True, True, None, 0.5, 0.12, 1),
    "s192 w+s, recorded share 0.7": ("strided", 192, True, True, None, 0.7, 0.12, 1),
    "s192 w+s, recorded share 0.7, seed 2": ("strided", 192, True, True, None, 0.7, 0.12, 2),
    "s192 w+s, no espeak-ng, seed 2": ("strided", 192, True, True, RECORDED, None, 0.12, 2),
    "s192 w+s, recorded 0.5, warp ±0.2": ("strided", 192, True, True, None, 0.5, 0.2, 1),
    "s256 w+s, recorded share 0.5": ("strided", 256, True, True, None, 0.5, 0.12, 1),
    "s192 warp only, recorded share 0.5": ("strided", 192, True, False, None, 0.5, 0.12, 1),
}

def pack(data, out, frames):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    for split in ["train"] + sorted(f[:-6] for f in os.listdir(data) if f.startswith("heldout_") and f.endswith("_x.npy")):
        x = np.load(f"{data}/{split}_x.npy", mmap_mode="r"); y = np.load(f"{data}/{split}_y.npy"); lengths = np.load(f"{data}/{split}_len.npy")
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        keep = np.arange(len(lengths))
        if split == "train":
            keep = rng.permutation(len(lengths)); keep = np.sort(keep[:np.searchsorted(np.cumsum(lengths[keep]), frames)])
        xs = np.concatenate([x[starts[i]:starts[i] + lengths[i]] for i in keep]); ys = np.concatenate([y[starts[i]:starts[i] + lengths[i]] for i in keep])
        np.save(f"{out}/{split}_x.npy", np.clip(np.round(xs * 32), -127, 127).astype(np.int8))
        np.save(f"{out}/{split}_y.npy", ys.astype(np.int8)); np.save(f"{out}/{split}_len.npy", lengths[keep])
        if split == "train":
            names = open(f"{data}/train_names.txt").read().splitlines()
            open(f"{out}/train_names.txt", "w").write("\n".join(names[i] for i in keep) + "\n")
        print(split, len(keep), "utterances", len(ys), "frames")

def run(packdir, out, steps, device, variants):
    import torch, torch.nn as nn, multiprocessing as mp
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    results = {}
    with mp.get_context("spawn").Pool(len(variants)) as pool:
        for name, r in pool.imap_unordered(one_named, [(packdir, name, steps, device) for name in variants]):
            results[name] = r   # written as each variant ends, so a cut-short sweep keeps what finished
            json.dump(results, open(out, "w"), indent=1)
            print(f"{name:42s} " + "  ".join(f"{k} {v:.3f}" for k, v in r.items()), flush=True)

def one_named(args):
    return args[1], one(*args)

def one(packdir, name, steps, device):
    import math, torch, torch.nn as nn
    import train as T
    arch, channels, warp, spec, voices, share, warp_range, seed = {**SWEEP1, **SWEEP2}[name]
    torch.manual_seed(seed); torch.set_num_threads(1); rng = np.random.default_rng(seed)
    def load(split):
        x = np.load(f"{packdir}/{split}_x.npy").astype(np.float32) / 32; y = np.load(f"{packdir}/{split}_y.npy").astype(np.int64)
        lengths = np.load(f"{packdir}/{split}_len.npy"); starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return x, y, list(zip(starts.tolist(), lengths.tolist()))
    x, y, utts = load("train")
    names = open(f"{packdir}/train_names.txt").read().splitlines()
    if voices is not None:
        names, utts = zip(*[(n, u) for u, n in zip(utts, names) if n.startswith(voices)])
    draw = T.sampler(list(utts), list(names), share)
    counts = np.bincount(y[y >= 0], minlength=T.CLASSES).astype(np.float64)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1) / T.CLASSES) ** 0.3, dtype=torch.float32, device=device)
    model = (T.StridedTcn(channels) if arch == "strided" else T.FlatTcn(channels)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss(weight=weights, ignore_index=-1, label_smoothing=0.1)
    warmup = steps // 50; began = time.time()
    for step in range(1, steps + 1):
        scale = step / warmup if step <= warmup else 0.5 * (1 + math.cos(math.pi * (step - warmup) / (steps - warmup)))
        for group in optimizer.param_groups:
            group["lr"] = 2e-3 * scale
        xb, yb = T.batch(x, y, draw, rng, {"warp": warp_range if warp else 0, "specaugment": spec})
        loss = loss_fn(model(xb.to(device)), yb.to(device))
        optimizer.zero_grad(); loss.backward(); optimizer.step()
    model.eval(); scores = {}
    for f in sorted(os.listdir(packdir)):
        if f.startswith("heldout_") and f.endswith("_x.npy"):
            hx, hy, hutts = load(f[:-6]); correct = total = 0
            with torch.no_grad():
                for start, length in hutts:
                    pred = model(torch.from_numpy(hx[start:start + length].T[None].copy()).to(device))[0].argmax(0).cpu().numpy()
                    truth = hy[start:start + length]; mask = truth >= 0
                    correct += int((pred[mask] == truth[mask]).sum()); total += int(mask.sum())
            scores[f[8:-6]] = correct / max(1, total)
    scores["seconds"] = time.time() - began
    scores["train_frames"] = sum(length for _, length in utts)
    return scores

if __name__ == "__main__":
    a = sys.argv
    opt = lambda n, d: a[a.index(n) + 1] if n in a else d
    if a[1] == "pack":
        pack(a[2], a[3], int(opt("--frames", 1000000)))
    else:
        run(a[2], a[3], int(opt("--steps", 12000)), opt("--device", "cuda"), SWEEP1 if opt("--sweep", "2") == "1" else SWEEP2)
