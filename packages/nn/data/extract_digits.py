"""Writes digits.bin: the 8x8 handwritten digits that scikit-learn ships (load_digits), as bytes.

The copy in scikit-learn (sklearn/datasets/data/digits.csv.gz) is the test set of UCI's
"Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998): 1,797 images of
8x8 pixels, each pixel an integer count 0..16, and a label 0..9 per image.

Layout of digits.bin (116,805 bytes, no header):
  bytes 0 .. 1797*64-1          pixels, image after image, each row-major (8 rows of 8), one byte each (0..16)
  bytes 1797*64 .. 1797*65-1    labels, one byte each (0..9), in the same order

The order is scikit-learn's. The script checks the ranges and prints the file's SHA-256, which
the test pins.

Run:  python3 packages/nn/data/extract_digits.py   (needs scikit-learn)
"""

import hashlib
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits

digits = load_digits()
pixels = digits.data
labels = digits.target
assert pixels.shape == (1797, 64) and labels.shape == (1797,)
assert np.array_equal(pixels, np.round(pixels)) and pixels.min() >= 0 and pixels.max() <= 16
assert labels.min() >= 0 and labels.max() <= 9

data = pixels.astype(np.uint8).tobytes() + labels.astype(np.uint8).tobytes()
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.bin")
with open(path, "wb") as f:
    f.write(data)
print(f"wrote {path}: {len(data)} bytes from scikit-learn {sklearn.__version__}, sha256 {hashlib.sha256(data).hexdigest()}")
