#!/usr/bin/python3
"""Trains the viseme network on features exported by the C# front end and exports it to ONNX.
usage: train.py <data-dir> <out.onnx> [--steps N] [--seed S] [--channels C] [--arch strided|flat]
                [--warp 0.2] [--no-specaugment] [--recorded-share 0.6] [--init model.onnx]
--init fine-tunes a shipped model (its convolutions, batch norms folded into them and frozen) instead of starting
from random weights: how the narrow-band variant is made from the wide-band model (narrowband.sh).
The defaults are the shipped recipe; models/MODEL_CARD.md's experiment log says how each was chosen.
Reads <data-dir>/train_{x,y,len}.npy and one heldout_<voice>_{x,y,len}.npy per held-out voice (progress only); writes the model plus parity fixtures
(<out without .onnx>.parity_x.npy, .parity_logits.npy) that the C# parity check replays in ONNX Runtime.
The schedule is counted in steps, so every machine trains the same model from the same data and seed."""
import argparse, json, math, os, time
import numpy as np
import torch
import torch.nn as nn

BANDS, CLASSES = 40, 22

class Block(nn.Module):
    """Dilated convolution with a residual path: deeper stacks train as easily as shallow ones."""
    def __init__(self, channels, kernel, dilation, dropout):
        super().__init__()
        self.body = nn.Sequential(nn.Conv1d(channels, channels, kernel, dilation=dilation, padding=dilation * (kernel - 1) // 2),
                                  nn.BatchNorm1d(channels), nn.ReLU(), nn.Dropout(dropout))

    def forward(self, h):
        return h + self.body(h)

class StridedTcn(nn.Module):
    """v2: a stride-2 stem runs the network at 20 ms steps and the head emits the two 10 ms frames of each step,
    which halves the cost per frame. Kernel 3 with dilations 1,2,4,8 at 20 ms sees ±32 frames (±320 ms),
    inside the 64 frames of context the engine gives each chunk."""
    def __init__(self, channels=192, dilations=(1, 2, 4, 8), kernel=3, dropout=0.1):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv1d(BANDS, channels, 4, stride=2, padding=2), nn.BatchNorm1d(channels), nn.ReLU())
        self.blocks = nn.Sequential(*[Block(channels, kernel, d, dropout) for d in dilations])
        self.head = nn.Conv1d(channels, 2 * CLASSES, 1)

    def forward(self, features):                      # [B, 40, T] -> [B, 22, T]
        frames = features.shape[2]
        steps = self.head(self.blocks(self.stem(features)))        # [B, 2·22, ⌊T/2⌋+1]
        pairs = steps.reshape(steps.shape[0], 2, CLASSES, -1)      # [B, 2, 22, L]: frame 2k+j = pairs[:, j, :, k]
        return pairs.permute(0, 2, 3, 1).reshape(steps.shape[0], CLASSES, -1)[:, :, :frames]

class FlatTcn(nn.Module):
    """v1: four dilated convolutions (kernel 5) at the full 10 ms rate; ±300 ms."""
    def __init__(self, channels=160, dilations=(1, 2, 4, 8), dropout=0.15):
        super().__init__()
        layers, c_in = [], BANDS
        for dilation in dilations:
            layers += [nn.Conv1d(c_in, channels, 5, dilation=dilation, padding=2 * dilation),
                       nn.BatchNorm1d(channels), nn.ReLU(), nn.Dropout(dropout)]
            c_in = channels
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv1d(channels, CLASSES, 1)

    def forward(self, features):
        return self.head(self.body(features))

def init_from_onnx(model, path):
    """Loads an exported model's weights. The export folds each batch norm into the convolution before it, so
    the batch norms become identities and stay frozen (eval mode, no gradient): fine-tuning moves the folded
    convolutions only, and the fine-tuned model computes exactly what the ONNX one did at step 0."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(path).graph
    weights = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    convs = [m for m in model.modules() if isinstance(m, nn.Conv1d)]
    nodes = [n for n in graph.node if n.op_type == "Conv"]
    if len(nodes) != len(convs):
        raise SystemExit(f"{path} has {len(nodes)} convolutions; this architecture has {len(convs)}")
    with torch.no_grad():
        for conv, node in zip(convs, nodes):
            conv.weight.copy_(torch.from_numpy(weights[node.input[1]].copy())); conv.bias.copy_(torch.from_numpy(weights[node.input[2]].copy()))
        for norm in (m for m in model.modules() if isinstance(m, nn.BatchNorm1d)):
            norm.weight.fill_(1); norm.bias.zero_(); norm.running_mean.zero_(); norm.running_var.fill_(1 - norm.eps)
            norm.weight.requires_grad_(False); norm.bias.requires_grad_(False)
        # The export's parity fixtures say whether the convolutions were matched in the right order.
        base = os.path.splitext(path)[0]
        if os.path.exists(base + ".parity_x.npy"):
            model.eval()
            diff = np.abs(model(torch.from_numpy(np.load(base + ".parity_x.npy"))).numpy() - np.load(base + ".parity_logits.npy")).max()
            model.train()
            if not diff < 1e-4:
                raise SystemExit(f"{path} did not load: its parity logits differ by {diff}")
            print(f"loaded {path}: parity logits within {diff:.1e}")

def freeze_norms(model):
    for norm in (m for m in model.modules() if isinstance(m, nn.BatchNorm1d)):
        norm.eval()

def heldout_accuracy(model, heldout):
    """Frame-argmax accuracy on the first 30 tuning utterances of each held-out voice (progress lines only)."""
    return {voice: round(accuracy(model, hx, hy, hutts[:30]), 4) for voice, (hx, hy, hutts) in heldout.items()}

def load(data, split):
    x = np.load(f"{data}/{split}_x.npy"); y = np.load(f"{data}/{split}_y.npy"); lengths = np.load(f"{data}/{split}_len.npy")
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return x, y, list(zip(starts.tolist(), lengths.tolist()))

RECORDED = ("flite_", "aug_flite_", "festival_", "aug_festival_")   # voices built from human recordings

def sampler(utts, names, recorded_share):
    """Draws utterances so that a share of crops comes from voices built from recordings (flite, festival);
    the rest from espeak-ng's formant voices. None keeps every utterance equally likely."""
    if recorded_share is None or names is None:
        return lambda rng: utts[rng.integers(len(utts))]
    recorded = [u for u, n in zip(utts, names) if n.startswith(RECORDED)]
    formant = [u for u, n in zip(utts, names) if not n.startswith(RECORDED)]
    def draw(rng):
        pool = recorded if rng.random() < recorded_share else formant
        return pool[rng.integers(len(pool))]
    return draw

def warp(crop, rng, extent):
    """Vocal-tract-length perturbation on the mel axis: formants move by a factor of 1 ± extent."""
    alpha = rng.uniform(1 - extent, 1 + extent)
    source = np.clip(np.arange(BANDS) * alpha, 0, BANDS - 1)
    low = np.floor(source).astype(int); high = np.minimum(low + 1, BANDS - 1); frac = (source - low)[:, None]
    return crop[low] * (1 - frac) + crop[high] * frac

def spec_augment(crop, rng):
    """SpecAugment on normalised features (0 is the recording's mean): two band masks, two time masks."""
    for _ in range(2):
        width = rng.integers(0, 7); start = rng.integers(0, BANDS - width + 1); crop[start:start + width] = 0
    for _ in range(2):
        width = rng.integers(0, 9); start = rng.integers(0, crop.shape[1] - width + 1); crop[:, start:start + width] = 0
    return crop

def batch(x, y, draw, rng, augment, size=32, crop=400):
    xb = np.zeros((size, BANDS, crop), np.float32); yb = np.full((size, crop), -1, np.int64)
    for b in range(size):
        start, length = draw(rng)
        offset = rng.integers(max(1, length - crop + 1)); n = min(crop, length)
        piece = x[start + offset:start + offset + n].T.copy()
        if augment["warp"] > 0 and rng.random() < 0.5:
            piece = warp(piece, rng, augment["warp"])
        if augment["specaugment"] and rng.random() < 0.5:
            piece = spec_augment(piece, rng)
        xb[b, :, :n] = piece; yb[b, :n] = y[start + offset:start + offset + n]
    return torch.from_numpy(xb), torch.from_numpy(yb)

def accuracy(model, x, y, utts):
    model.eval(); correct = total = 0
    with torch.no_grad():
        for start, length in utts:
            logits = model(torch.from_numpy(x[start:start + length].T[None].copy()))[0].argmax(0).numpy()
            truth = y[start:start + length]; mask = truth >= 0
            correct += int((logits[mask] == truth[mask]).sum()); total += int(mask.sum())
    model.train()
    return correct / max(1, total)

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("data"); ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=20000); ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--arch", default="strided", choices=["strided", "flat"]); ap.add_argument("--channels", type=int, default=0)
    ap.add_argument("--warp", type=float, default=0.2, help="mel-axis warp range (vocal-tract length), 0 = off")
    ap.add_argument("--no-specaugment", action="store_true")
    ap.add_argument("--lr", type=float, default=2e-3); ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--recorded-share", type=float, default=0.6, help="share of crops from flite/festival voices; < 0: as in the data")
    ap.add_argument("--init", help="fine-tune this exported model (.onnx) instead of starting from random weights")
    args = ap.parse_args()
    torch.manual_seed(args.seed); torch.set_num_threads(args.threads); rng = np.random.default_rng(args.seed)
    x, y, utts = load(args.data, "train")
    names_path = f"{args.data}/train_names.txt"
    draw = sampler(utts, open(names_path).read().splitlines() if os.path.exists(names_path) else None,
                   args.recorded_share if args.recorded_share >= 0 else None)
    heldout = {f[8:-6]: load(args.data, f[:-6]) for f in sorted(os.listdir(args.data)) if f.startswith("heldout_") and f.endswith("_x.npy") and f != "heldout_x.npy"}
    counts = np.bincount(y[y >= 0], minlength=CLASSES).astype(np.float64)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1) / CLASSES) ** 0.3, dtype=torch.float32)
    model = StridedTcn(args.channels or 192) if args.arch == "strided" else FlatTcn(args.channels or 160)
    if args.init:
        init_from_onnx(model, args.init)
    augment = {"warp": args.warp, "specaugment": not args.no_specaugment}   # warp: range of the mel-axis factor, 0 = off
    print(f"train frames {len(y)} ({len(utts)} utterances), held-out voices {list(heldout)}; {args.arch}, params {sum(p.numel() for p in model.parameters())}; {augment}")
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss(weight=weights, ignore_index=-1, label_smoothing=0.1)
    warmup = max(1, args.steps // 50); began = time.time(); history = []
    every = max(1, min(1000, args.steps // 8))   # progress lines: every 1,000 steps, or 8 in a short fine-tune
    if args.init:
        acc = heldout_accuracy(model, heldout)
        history.append({"step": 0, "heldout_argmax_acc22": acc}); print(f"step      0  {args.init}: held-out argmax acc22 {acc}", flush=True)
    for step in range(1, args.steps + 1):
        scale = step / warmup if step <= warmup else 0.5 * (1 + math.cos(math.pi * (step - warmup) / (args.steps - warmup)))
        for group in optimizer.param_groups:
            group["lr"] = args.lr * scale
        xb, yb = batch(x, y, draw, rng, augment)
        if args.init:
            freeze_norms(model)   # accuracy() puts the model back in training mode
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        if step % every == 0 or step == args.steps:
            acc = heldout_accuracy(model, heldout)
            history.append({"step": step, "loss": round(loss.item(), 4), "heldout_argmax_acc22": acc})
            print(f"step {step:6d}  {time.time() - began:5.0f}s  loss {loss.item():.3f}  held-out argmax acc22 {acc}", flush=True)
    model.eval()
    example = torch.from_numpy(next(iter(heldout.values()))[0][:301].T[None].copy())   # odd length: the exported graph must keep any frame count
    torch.onnx.export(model, example, args.out, opset_version=17, input_names=["features"], output_names=["logits"],
                      dynamic_axes={"features": {0: "batch", 2: "frames"}, "logits": {0: "batch", 2: "frames"}})
    base = os.path.splitext(args.out)[0]
    with torch.no_grad():
        np.save(base + ".parity_x.npy", example.numpy()); np.save(base + ".parity_logits.npy", model(example).numpy())
    import onnx
    onnx.checker.check_model(onnx.load(args.out), full_check=True)
    json.dump({"steps": args.steps, "seed": args.seed, "init": args.init and os.path.basename(args.init), "lr": args.lr, "arch": args.arch, "channels": args.channels, "augment": augment, "recorded_share": args.recorded_share,
               "seconds": round(time.time() - began), "history": history, "train_frames": int(len(y)), "train_utterances": len(utts)},
              open(base + ".training.json", "w"), indent=1)
    print(f"exported {args.out} after {args.steps} steps")

if __name__ == "__main__":
    main()
