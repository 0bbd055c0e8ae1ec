// The baseline: the same training step written by hand over Float64Arrays, every buffer
// allocated once. It follows the summation order deltagrad documents (each output element sums
// its products in order p = 0, 1, …; column sums in row order) and the same formulas, so its
// losses are bit-identical to deltagrad's paths.
import { initialState } from '../workloads.mjs';

const ACTIVATE = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(z, 0),
  identity: (z) => z,
};

/** f′ from the activation's output a (σ′ = a(1 − a), tanh′ = 1 − a², relu′ = [a > 0]). */
const SLOPE = {
  sigmoid: (a) => a * (1 - a),
  tanh: (a) => 1 - a * a,
  relu: (a) => (a > 0 ? 1 : 0),
  identity: () => 1,
};

export function setup(w) {
  const { X, Y, W, b } = initialState(w);
  const L = w.sizes.length - 1;
  const B = w.batch;
  const acts = [X]; // acts[l]: the activations entering layer l + 1
  const deltas = [];
  const dW = [];
  const db = [];
  for (let l = 1; l <= L; l++) {
    acts.push(new Float64Array(B * w.sizes[l]));
    deltas.push(new Float64Array(B * w.sizes[l]));
    dW.push(new Float64Array(w.sizes[l - 1] * w.sizes[l]));
    db.push(new Float64Array(w.sizes[l]));
  }
  let loss = Number.NaN;

  function forward() {
    for (let l = 0; l < L; l++) {
      const n = w.sizes[l];
      const m = w.sizes[l + 1];
      const a = acts[l];
      const z = acts[l + 1];
      const Wl = W[l];
      const bl = b[l];
      const f = ACTIVATE[w.activations[l]];
      for (let r = 0; r < B; r++) {
        const row = r * m;
        const av0 = a[r * n];
        for (let j = 0; j < m; j++) z[row + j] = av0 * Wl[j];
        for (let p = 1; p < n; p++) {
          const av = a[r * n + p];
          const wrow = p * m;
          for (let j = 0; j < m; j++) z[row + j] += av * Wl[wrow + j];
        }
        for (let j = 0; j < m; j++) z[row + j] = f(z[row + j] + bl[j]);
      }
    }
  }

  function backward() {
    const out = acts[L];
    const dOut = deltas[L - 1];
    const slopeOut = SLOPE[w.activations[L - 1]];
    let s = 0;
    for (let i = 0; i < out.length; i++) {
      const e = Y[i] - out[i];
      s += e * e;
      dOut[i] = -e * slopeOut(out[i]);
    }
    loss = s * 0.5;
    for (let l = L - 1; l >= 0; l--) {
      const n = w.sizes[l];
      const m = w.sizes[l + 1];
      const a = acts[l];
      const d = deltas[l];
      const gW = dW[l];
      const gb = db[l];
      gW.fill(0);
      gb.fill(0);
      for (let r = 0; r < B; r++) {
        for (let p = 0; p < n; p++) {
          const av = a[r * n + p];
          const row = p * m;
          for (let j = 0; j < m; j++) gW[row + j] += av * d[r * m + j];
        }
        for (let j = 0; j < m; j++) gb[j] += d[r * m + j];
      }
      if (l === 0) break;
      const below = deltas[l - 1];
      const Wl = W[l];
      const slope = SLOPE[w.activations[l - 1]];
      for (let r = 0; r < B; r++) {
        for (let p = 0; p < n; p++) {
          let g = 0;
          for (let j = 0; j < m; j++) g += d[r * m + j] * Wl[p * m + j];
          below[r * n + p] = g * slope(a[r * n + p]);
        }
      }
    }
  }

  function update() {
    for (let l = 0; l < L; l++) {
      const Wl = W[l];
      const gW = dW[l];
      for (let i = 0; i < Wl.length; i++) Wl[i] -= gW[i] * w.lr;
      const bl = b[l];
      const gb = db[l];
      for (let i = 0; i < bl.length; i++) bl[i] -= gb[i] * w.lr;
    }
  }

  return {
    step() {
      forward();
      backward();
      update();
    },
    loss: () => loss,
  };
}
