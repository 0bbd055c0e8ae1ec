"""Runs the source document's script for many seeds at once and tests its claimed output.

Generates the figures quoted in docs/source-document.md. Needs Python 3 and NumPy; the test suite
never runs it. Every seed runs the script's exact loop (2-2-1 sigmoid net, XOR, lr 0.1, 10 000
full-batch epochs), vectorised over seeds; the weights of seed s are the script's
`np.random.seed(s); W1 = randn(2, 2); W2 = randn(2, 1)`.

    python3 docs/source-document/check_claims.py [number_of_seeds]   # default 2000
"""

import sys

import numpy as np

SEEDS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)
CLAIMED_LOSSES = {0: 0.3330, 1000: 0.2486, 2000: 0.2447, 9000: 0.0098}
CLAIMED_PREDICTIONS = np.array([0.021, 0.981, 0.981, 0.018])


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def initial_weights(seed):
    np.random.seed(seed)
    return np.random.randn(2, 2), np.random.randn(2, 1)


W1, W2 = (np.array(w) for w in zip(*(initial_weights(s) for s in range(SEEDS))))
b1 = np.zeros((SEEDS, 1, 2))
b2 = np.zeros((SEEDS, 1, 1))
printed = {}  # epoch -> the loss every seed prints, rounded as the script's f"{loss:.4f}"
for epoch in range(10000):
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + b2
    a2 = sigmoid(z2)
    if epoch % 1000 == 0:
        printed[epoch] = np.round(((y - a2) ** 2).mean(axis=(1, 2)), 4)
    d_z2 = -(y - a2) * sigmoid(z2) * (1 - sigmoid(z2))
    dW2 = a1.transpose(0, 2, 1) @ d_z2
    db2 = d_z2.sum(axis=1, keepdims=True)
    d_z1 = (d_z2 @ W2.transpose(0, 2, 1)) * sigmoid(z1) * (1 - sigmoid(z1))
    dW1 = X.T @ d_z1
    db1 = d_z1.sum(axis=1, keepdims=True)
    W1 -= 0.1 * dW1
    b1 -= 0.1 * db1
    W2 -= 0.1 * dW2
    b2 -= 0.1 * db2

final_mse = ((y - a2) ** 2).mean(axis=(1, 2))
learned = final_mse < 0.01
print(f"seeds 0..{SEEDS - 1}, NumPy {np.__version__}")
print(f"seed 42 prints: {[float(printed[e][42]) for e in sorted(printed)]}")
print(f"seed 42 predicts: {a2[42, :, 0].round(3).tolist()}")
print(f"seed 42 hidden activations a1: {a1[42].round(3).tolist()}")
last_grads = (dW1[42], db1[42], dW2[42], db2[42])  # the gradient of the last epoch (9999)
print(f"seed 42 gradient norm at the last epoch: {np.sqrt(sum((g**2).sum() for g in last_grads)):.4f}")
print(f"learned XOR (final MSE < 0.01): {int(learned.sum())} of {SEEDS}")
for epoch, claimed in CLAIMED_LOSSES.items():
    matches = np.flatnonzero(printed[epoch] == claimed)
    print(f"seeds printing 'Epoch {epoch}, Loss: {claimed:.4f}': {matches.tolist()[:10]}")
all_claimed = np.logical_and.reduce([printed[e] == c for e, c in CLAIMED_LOSSES.items()])
print(f"seeds printing all four claimed lines: {np.flatnonzero(all_claimed).tolist()}")
print(f"lowest final MSE of any seed: {final_mse.min():.5f}")
print(f"MSE of the claimed predictions: {((y[:, 0] - CLAIMED_PREDICTIONS) ** 2).mean():.5f}")
