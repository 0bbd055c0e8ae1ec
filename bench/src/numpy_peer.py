"""NumPy peer of the benchmark: the same workloads, data and weights as src/workloads.mjs.

Usage: python3 numpy_peer.py <workload>   (run by run.mjs with one BLAS thread)
Prints one JSON line {"steps", "usPerStep", "wallMedianUs", "cpuUsPerStep", "loss"} measured as
src/measure.mjs measures: the mean wall time per step, the median over chunks of steps (at most
MAX_CHUNKS, split as src/summary.mjs's chunkSizes) of the wall time per step, and the process's
CPU time per step (time.process_time_ns: every thread of the process, as Node's
process.cpuUsage; with one BLAS thread that is this thread). The workload table is passed by
run.mjs as JSON in the environment (DELTAGRAD_BENCH_WORKLOAD), so the two cannot drift.
"""

import json
import os
import time

import numpy as np

w = json.loads(os.environ["DELTAGRAD_BENCH_WORKLOAD"])
sizes, acts, B, lr = w["sizes"], w["activations"], w["batch"], w["lr"]
np.random.seed(w["seed"])
if w["data"] == "xor":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
elif w["data"] == "quadrants":
    X = np.random.randn(B, sizes[0])
    Y = (X[:, :1] * X[:, 1:2] > 0).astype(float)
else:
    X = np.random.randn(B, sizes[0])
    Y = np.random.randn(B, sizes[-1])
W = []
for l in range(1, len(sizes)):
    Wl = np.random.randn(sizes[l - 1], sizes[l])
    W.append(Wl * (1 / np.sqrt(sizes[l - 1])) if w["weightScale"] == "fanIn" else Wl)
b = [np.zeros((1, n)) for n in sizes[1:]]

f = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
}
slope = {
    "sigmoid": lambda a: a * (1 - a),
    "tanh": lambda a: 1 - a * a,
    "relu": lambda a: (a > 0).astype(float),
    "identity": lambda a: 1.0,
}


def step():
    a = [X]
    for l in range(len(W)):
        a.append(f[acts[l]](a[-1] @ W[l] + b[l]))
    e = Y - a[-1]
    loss = 0.5 * np.sum(e * e)
    d = -e * slope[acts[-1]](a[-1])
    for l in range(len(W) - 1, -1, -1):
        dW = a[l].T @ d
        db = np.sum(d, axis=0, keepdims=True)
        if l > 0:
            d = (d @ W[l].T) * slope[acts[l - 1]](a[l])
        W[l] -= lr * dW
        b[l] -= lr * db
    return loss


MAX_CHUNKS = 200  # as src/summary.mjs


def chunk_sizes(steps):
    """As chunkSizes in src/summary.mjs: at most MAX_CHUNKS chunks, the first ones one step longer."""
    chunks = min(steps, MAX_CHUNKS)
    return [steps // chunks + (1 if i < steps % chunks else 0) for i in range(chunks)]


for _ in range(w["warmup"]):
    step()
sizes = chunk_sizes(w["steps"])
per_step_us = []
cpu_start = time.process_time_ns()
start = time.perf_counter_ns()
chunk_start = start
for size in sizes:
    for _ in range(size):
        loss = step()
    now = time.perf_counter_ns()
    per_step_us.append((now - chunk_start) / 1000 / size)
    chunk_start = now
cpu_ns = time.process_time_ns() - cpu_start
steps = w["steps"]
print(
    json.dumps(
        {
            "steps": steps,
            "usPerStep": (chunk_start - start) / 1000 / steps,
            "wallMedianUs": float(np.median(per_step_us)),
            "cpuUsPerStep": cpu_ns / 1000 / steps,
            "loss": float(loss),
        }
    )
)
