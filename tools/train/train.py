#!/usr/bin/python3
"""Trains the viseme TCN on features exported by the C# front end and exports it to ONNX.
usage: train.py <data-dir> <out.onnx> [--minutes M] [--seed S] [--channels C] [--dilations 1,2,4,8] [--ema DECAY]
Reads <data-dir>/{train,heldout}_{x,y,len}.npy; writes the model plus parity fixtures
(<out>.parity_x.npy, <out>.parity_logits.npy) that the C# parity check replays in ONNX Runtime."""
import argparse, copy, json, math, time
import numpy as np
import torch
import torch.nn as nn

BANDS, CLASSES = 40, 22

class Tcn(nn.Module):
    """Dilated 1-D convolutions over time (kernel 5); dilations 1,2,4,8 see 61 frames (±300 ms)."""
    def __init__(self, channels=160, dilations=(1, 2, 4, 8), dropout=0.15):
        super().__init__()
        layers, c_in = [], BANDS
        for dilation in dilations:
            layers += [nn.Conv1d(c_in, channels, 5, dilation=dilation, padding=2 * dilation),
                       nn.BatchNorm1d(channels), nn.ReLU(), nn.Dropout(dropout)]
            c_in = channels
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv1d(channels, CLASSES, 1)

    def forward(self, features):          # [B, 40, T] -> [B, 22, T]
        return self.head(self.body(features))

def load(data, split):
    x = np.load(f"{data}/{split}_x.npy"); y = np.load(f"{data}/{split}_y.npy"); lengths = np.load(f"{data}/{split}_len.npy")
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return x, y, list(zip(starts.tolist(), lengths.tolist()))

def batch(x, y, utts, rng, size=32, crop=400):
    xb = np.zeros((size, BANDS, crop), np.float32); yb = np.full((size, crop), -1, np.int64)
    for b in range(size):
        start, length = utts[rng.integers(len(utts))]
        offset = rng.integers(max(1, length - crop + 1)); n = min(crop, length)
        xb[b, :, :n] = x[start + offset:start + offset + n].T; yb[b, :n] = y[start + offset:start + offset + n]
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
    ap.add_argument("--minutes", type=float, default=6); ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--channels", type=int, default=160); ap.add_argument("--dilations", default="1,2,4,8")
    ap.add_argument("--ema", type=float, default=0.0, help="export an exponential moving average of the weights (e.g. 0.998)")
    args = ap.parse_args()
    torch.manual_seed(args.seed); torch.set_num_threads(2); rng = np.random.default_rng(args.seed)
    x, y, utts = load(args.data, "train")
    hx, hy, hutts = load(args.data, "heldout")
    counts = np.bincount(y[y >= 0], minlength=CLASSES).astype(np.float64)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1) / CLASSES) ** 0.3, dtype=torch.float32)
    model = Tcn(args.channels, tuple(int(d) for d in args.dilations.split(",")))
    ema = copy.deepcopy(model) if args.ema > 0 else None
    print(f"train frames {len(y)} ({len(utts)} utterances), held-out {len(hy)}; params {sum(p.numel() for p in model.parameters())}")
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss(weight=weights, ignore_index=-1, label_smoothing=0.1)
    budget = args.minutes * 60; began = time.time(); step = 0; history = []
    while time.time() - began < budget:
        progress = (time.time() - began) / budget
        for group in optimizer.param_groups:
            group["lr"] = 2e-3 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
        xb, yb = batch(x, y, utts, rng)
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad(); loss.backward(); optimizer.step(); step += 1
        if ema is not None:
            with torch.no_grad():
                for averaged, current in zip(ema.parameters(), model.parameters()):
                    averaged.mul_(args.ema).add_(current, alpha=1 - args.ema)
                for averaged, current in zip(ema.buffers(), model.buffers()):
                    averaged.copy_(current)
        if step % 500 == 0:
            acc = accuracy(ema or model, hx, hy, hutts[:60])
            history.append({"step": step, "loss": round(loss.item(), 4), "heldout_argmax_acc22": round(acc, 4)})
            print(f"step {step:6d}  {time.time() - began:5.0f}s  loss {loss.item():.3f}  held-out argmax acc22 {acc:.3f}", flush=True)
    model = ema or model
    model.eval()
    example = torch.from_numpy(hx[:300].T[None].copy())
    torch.onnx.export(model, example, args.out, opset_version=17, input_names=["features"], output_names=["logits"],
                      dynamic_axes={"features": {0: "batch", 2: "frames"}, "logits": {0: "batch", 2: "frames"}})
    with torch.no_grad():
        np.save(args.out + ".parity_x.npy", example.numpy()); np.save(args.out + ".parity_logits.npy", model(example).numpy())
    import onnx
    onnx.checker.check_model(onnx.load(args.out), full_check=True)
    json.dump({"steps": step, "minutes": args.minutes, "channels": args.channels, "dilations": args.dilations, "ema": args.ema, "history": history, "train_frames": int(len(y)), "train_utterances": len(utts)},
              open(args.out + ".training.json", "w"), indent=1)
    print(f"exported {args.out} after {step} steps")

main()
