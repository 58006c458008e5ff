#!/usr/bin/python3
"""Coarse-8 confusion matrix CSV (rows: truth) -> PNG heatmap of row-normalised percentages.
usage: confusion_png.py <left.csv> <right.csv> <out.png> <title> [<left name> <right name>]"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def load(path):
    rows = list(csv.reader(open(path)))
    labels = rows[0][1:]
    m = [[int(v) for v in r[1:]] for r in rows[1:]]
    return labels, [[100.0 * v / max(1, sum(r)) for v in r] for r in m]

fig, axes = plt.subplots(1, 2, figsize=(13, 5.8))
for ax, path, name in zip(axes, sys.argv[1:3], sys.argv[5:7] or ["clean", "white noise, 20 dB SNR"]):
    labels, m = load(path)
    ax.imshow(m, cmap="Blues", vmin=0, vmax=100)
    ax.set_xticks(range(8)); ax.set_xticklabels(labels, rotation=45, ha="right"); ax.set_yticks(range(8)); ax.set_yticklabels(labels)
    ax.set_xlabel("predicted"); ax.set_ylabel("truth (from phone labels)"); ax.set_title(name)
    for i in range(8):
        for j in range(8):
            ax.text(j, i, f"{m[i][j]:.0f}", ha="center", va="center", color="white" if m[i][j] > 55 else "black", fontsize=8)
fig.suptitle(sys.argv[4]); fig.tight_layout(); fig.savefig(sys.argv[3], dpi=90)
