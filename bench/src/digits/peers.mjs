// The peers of the digits epoch. Each runs `epochs` epochs from digitsSetup()'s model and
// returns { ms: the duration of each epoch, losses: each epoch's loss (the rows-weighted mean of
// its batches' losses, as fit reports it), params: the final 0.W, 0.b, 2.W, 2.b }.
import { performance } from 'node:perf_hooks';
import { Adam, batches, crossEntropy, fit } from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import { DIGITS } from './workload.mjs';

const NAMES = ['0.W', '0.b', '2.W', '2.b'];
const paramsOf = (model) => {
  const state = model.stateDict();
  return NAMES.map((name) => Float64Array.from(state[name].data));
};

/** Times `epoch()` called once per epoch. */
function timeEpochs(epochs, epoch) {
  const ms = [];
  const losses = [];
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    losses.push(epoch());
    ms.push(performance.now() - start);
  }
  return { ms, losses };
}

/** nn's fit over every epoch at once, each epoch timed from the end of the one before (onEpoch). */
export function fitPeer({ data, model }, epochs) {
  const ms = [];
  const losses = [];
  let last = performance.now();
  fit(model, data, {
    loss: 'crossEntropy',
    optimizer: new Adam(model, { lr: DIGITS.lr }),
    epochs,
    batchSize: DIGITS.batch,
    shuffle: true,
    seed: DIGITS.seed,
    onEpoch: ({ loss }) => {
      const now = performance.now();
      ms.push(now - last);
      losses.push(loss);
      last = now;
    },
  });
  return { ms, losses, params: paramsOf(model) };
}

/** The training loop by hand over batches(): zeroGrad, forward, crossEntropy, backward, step. */
export function loopPeer({ data, model }, epochs) {
  const optimizer = new Adam(model, { lr: DIGITS.lr });
  const loader = batches(data, { batchSize: DIGITS.batch, shuffle: true, seed: DIGITS.seed });
  const n = loader.rows;
  const timed = timeEpochs(epochs, () => {
    let total = 0;
    for (const { x, y } of loader) {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      total += (loss.item() * x.shape[0]) / n;
      loss.backward();
      optimizer.step();
    }
    return total;
  });
  return { ...timed, params: paramsOf(model) };
}

/**
 * The same epoch by hand over Float64Arrays, every buffer allocated once: forward
 * (x·W1 + b1, ReLU, ·W2 + b2, each output summing its products in order), the stable
 * log-softmax cross-entropy, its gradient (softmax − one-hot)/batch in the order nn's graph
 * computes it, backward, and Adam in PyTorch's documented form (β^t by repeated squaring, as nn),
 * so that its losses are nn's to the bit.
 */
export function plainPeer({ data, model }, epochs) {
  const [nIn, nHid, nOut] = DIGITS.sizes;
  const P = paramsOf(model);
  const [W1, b1, W2, b2] = P;
  const G = P.map((p) => new Float64Array(p.length));
  const [gW1, gb1, gW2, gb2] = G;
  const M = P.map((p) => new Float64Array(p.length));
  const V = P.map((p) => new Float64Array(p.length));
  const X = data.x.data;
  const Y = data.y.data;
  const n = data.x.shape[0];
  const B = DIGITS.batch;
  const xb = new Float64Array(B * nIn);
  const h = new Float64Array(B * nHid);
  const z = new Float64Array(B * nOut);
  const dz = new Float64Array(B * nOut);
  const dh = new Float64Array(B * nHid);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = createRandom(DIGITS.seed);
  const [beta1, beta2] = [0.9, 0.999];
  let t = 0;
  const powInt = (base, e) => {
    let r = 1;
    let b = base;
    while (e > 0) {
      if (e % 2 === 1) r *= b;
      b *= b;
      e = Math.floor(e / 2);
    }
    return r;
  };

  function batchStep(start, rows) {
    for (let r = 0; r < rows; r++)
      xb.set(X.subarray(order[start + r] * nIn, (order[start + r] + 1) * nIn), r * nIn);
    // Forward.
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < nHid; j++) {
        let s = 0;
        for (let p = 0; p < nIn; p++) s += xb[r * nIn + p] * W1[p * nHid + j];
        h[r * nHid + j] = Math.max(s + b1[j], 0);
      }
      for (let c = 0; c < nOut; c++) {
        let s = 0;
        for (let p = 0; p < nHid; p++) s += h[r * nHid + p] * W2[p * nOut + c];
        z[r * nOut + c] = s + b2[c];
      }
    }
    // Loss and its gradient with respect to the logits.
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let c = 0; c < nOut; c++) m = Math.max(m, z[r * nOut + c]);
      let s = 0;
      for (let c = 0; c < nOut; c++) s += Math.exp(z[r * nOut + c] - m);
      const lse = Math.log(s) + m;
      const label = Y[order[start + r]];
      loss -= z[r * nOut + label] - lse;
      // ∂loss/∂z as nn's graph computes it: z − lse gives −1/rows at the label, and the path
      // through log Σ exp gives (1/rows)·(1/s)·e^(z − m) (log's derivative 1/s, then exp's e^(z − m)).
      const scale = (1 / rows) * (1 / s);
      for (let c = 0; c < nOut; c++) {
        const e = Math.exp(z[r * nOut + c] - m);
        dz[r * nOut + c] = scale * e + (c === label ? -(1 / rows) : 0);
      }
    }
    loss /= rows;
    // Backward.
    gW1.fill(0);
    gb1.fill(0);
    gW2.fill(0);
    gb2.fill(0);
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < nHid; p++) {
        const a = h[r * nHid + p];
        let s = 0;
        for (let c = 0; c < nOut; c++) {
          gW2[p * nOut + c] += a * dz[r * nOut + c];
          s += dz[r * nOut + c] * W2[p * nOut + c];
        }
        dh[r * nHid + p] = a > 0 ? s : 0;
      }
      for (let c = 0; c < nOut; c++) gb2[c] += dz[r * nOut + c];
      for (let p = 0; p < nIn; p++) {
        const a = xb[r * nIn + p];
        for (let j = 0; j < nHid; j++) gW1[p * nHid + j] += a * dh[r * nHid + j];
      }
      for (let j = 0; j < nHid; j++) gb1[j] += dh[r * nHid + j];
    }
    // Adam.
    t++;
    const bc1 = 1 - powInt(beta1, t);
    const bc2 = 1 - powInt(beta2, t);
    for (let k = 0; k < P.length; k++) {
      const p = P[k];
      const g = G[k];
      const m = M[k];
      const v = V[k];
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] = p[i] - (DIGITS.lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + 1e-8);
      }
    }
    return loss;
  }

  const timed = timeEpochs(epochs, () => {
    rng.shuffle(order);
    let total = 0;
    for (let start = 0; start < n; start += B) {
      const rows = Math.min(B, n - start);
      total += (batchStep(start, rows) * rows) / n;
    }
    return total;
  });
  return { ...timed, params: P };
}

/** The peers by name, for measure.mjs. */
export const PEERS = { fit: fitPeer, loop: loopPeer, plain: plainPeer };

/** A short fingerprint of parameters' bits: FNV-1a over their float64 bytes. */
export function fingerprint(arrays) {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    for (const byte of new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
