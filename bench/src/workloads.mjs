// The benchmark workloads: one training step each (forward, backward, update) on fixed data.
// Every peer (deltagrad's paths, the plain loop, NumPy, tfjs) builds the same data and initial
// weights from NumPy's legacy generator (`np.random.seed(s)` then `randn`), which
// @deltagrad/random reproduces bit for bit, and runs the same number of steps, so their final
// losses can be compared. Loss: L = ½·Σ(y − ŷ)² (the seed's gradient); optimizer: plain SGD.
import { numpyRandom } from '@deltagrad/random';

/**
 * @typedef {'sigmoid' | 'tanh' | 'relu' | 'identity'} Activation
 * @typedef {{
 *   name: string, title: string, sizes: number[], activations: Activation[], batch: number,
 *   lr: number, seed: number, warmup: number, steps: number,
 *   data: 'xor' | 'quadrants' | 'gaussian', weightScale: 'none' | 'fanIn',
 * }} Workload
 */

/** @type {Workload[]} */
export const WORKLOADS = [
  {
    name: 'seed',
    title: 'seed net 2-2-1, 4 points',
    sizes: [2, 2, 1],
    activations: ['sigmoid', 'sigmoid'],
    batch: 4,
    lr: 0.1,
    seed: 42,
    warmup: 20_000,
    steps: 20_000,
    data: 'xor',
    weightScale: 'none',
  },
  {
    name: 'wide',
    title: '2-16-16-1 on 4,096 points',
    sizes: [2, 16, 16, 1],
    activations: ['tanh', 'tanh', 'sigmoid'],
    batch: 4096,
    lr: 1e-3,
    seed: 1,
    warmup: 20,
    steps: 40,
    data: 'quadrants',
    weightScale: 'fanIn',
  },
  {
    name: 'deep',
    title: '128-256-256-10, batch 128',
    sizes: [128, 256, 256, 10],
    activations: ['relu', 'relu', 'identity'],
    batch: 128,
    lr: 1e-3,
    seed: 2,
    warmup: 10,
    steps: 30,
    data: 'gaussian',
    weightScale: 'fanIn',
  },
  {
    name: 'mnist',
    title: '784-128-10, batch 64',
    sizes: [784, 128, 10],
    activations: ['relu', 'identity'],
    batch: 64,
    lr: 1e-3,
    seed: 3,
    warmup: 10,
    steps: 30,
    data: 'gaussian',
    weightScale: 'fanIn',
  },
];

/** The workload called `name`, or an error listing the names. */
export function workloadNamed(name) {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found)
    throw new Error(`unknown workload "${name}" (one of ${WORKLOADS.map((w) => w.name).join(', ')})`);
  return found;
}

/** Multiply-adds of one step × 2: the forward product and the two backward ones of every layer. */
export function flopsPerStep(w) {
  let macs = 0;
  for (let l = 1; l < w.sizes.length; l++) macs += w.batch * w.sizes[l - 1] * w.sizes[l];
  return 2 * 3 * macs;
}

/**
 * The inputs X (batch × in, row-major), targets Y (batch × out) and initial weights W[l]
 * (in × out) with zero biases, drawn in this order from `np.random.seed(w.seed)`:
 * X, Y (for the Gaussian data) and then W1, W2, … (each `randn(in, out)`, times 1/√in for
 * 'fanIn'). numpy_peer.py draws the same values in the same order.
 */
export function initialState(w) {
  const rng = numpyRandom(w.seed);
  const inputs = w.sizes[0];
  const outputs = w.sizes[w.sizes.length - 1];
  const X = new Float64Array(w.batch * inputs);
  const Y = new Float64Array(w.batch * outputs);
  if (w.data === 'xor') {
    X.set([0, 0, 0, 1, 1, 0, 1, 1]);
    Y.set([0, 1, 1, 0]);
  } else if (w.data === 'quadrants') {
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    for (let n = 0; n < w.batch; n++) Y[n] = X[2 * n] * X[2 * n + 1] > 0 ? 1 : 0;
  } else {
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    for (let i = 0; i < Y.length; i++) Y[i] = rng.normal();
  }
  const W = [];
  const b = [];
  for (let l = 1; l < w.sizes.length; l++) {
    const fanIn = w.sizes[l - 1];
    const scale = w.weightScale === 'fanIn' ? 1 / Math.sqrt(fanIn) : 1;
    const Wl = new Float64Array(fanIn * w.sizes[l]);
    for (let i = 0; i < Wl.length; i++)
      Wl[i] = w.weightScale === 'fanIn' ? rng.normal() * scale : rng.normal();
    W.push(Wl);
    b.push(new Float64Array(w.sizes[l]));
  }
  return { X, Y, W, b };
}
