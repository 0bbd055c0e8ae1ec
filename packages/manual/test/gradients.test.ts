import {
  ACTIVATIONS,
  type Activation,
  activate,
  backward,
  forward,
  LOSSES,
  type Loss,
  linear,
  lossOf,
  lossValue,
  type Matrix,
  matrix,
  type Network,
  type Params,
} from '@deltagrad/manual';
import { createRandom, type RandomGenerator } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

/**
 * The equations on their own: every gradient the backward pass returns (∂L/∂W, ∂L/∂b and the
 * per-example δ = ∂L/∂z) against central finite differences of the loss, for random networks
 * of depth 1–4 with every activation and every loss.
 */

const H = 1e-6;
const RTOL = 1e-6;
/**
 * A central difference of L carries a rounding error of about ε·|L|/h (ε = 2.2e-16), 2e-10·|L|
 * for h = 1e-6; the absolute part of the tolerance is a few times that.
 */
const ROUNDING = 1e-9;

/** A random matrix with entries uniform in [lo, hi). */
function randomMatrix(rng: RandomGenerator, rows: number, cols: number, lo: number, hi: number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform(lo, hi);
  return m;
}

/** The smallest |z| over every pre-activation of layers whose activation has a kink at 0. */
function closestToKink(network: Network, params: Params, X: Matrix): number {
  const cache = forward(network, params, X);
  let min = Number.POSITIVE_INFINITY;
  cache.z.forEach((z, l) => {
    const act = network.activations[l];
    if (act === 'relu' || act === 'leakyRelu') for (const v of z.data) min = Math.min(min, Math.abs(v));
  });
  return min;
}

interface Case {
  network: Network;
  params: Params;
  X: Matrix;
  Y: Matrix;
}

/**
 * A random network of `depth` layers: hidden layers use `hidden`, the output `outputAct`.
 * Redrawn until every relu/leakyRelu pre-activation is at least 1e-3 away from the kink at 0,
 * so that a finite-difference step of 1e-6 never crosses it.
 */
function randomCase(
  rng: RandomGenerator,
  depth: number,
  hidden: Activation,
  outputAct: Activation,
  loss: Loss,
): Case {
  for (;;) {
    const sizes = [rng.integer(1, 4)];
    for (let l = 0; l < depth; l++) sizes.push(rng.integer(1, 4));
    const activations = Array.from({ length: depth }, (_, l) => (l === depth - 1 ? outputAct : hidden));
    const network: Network = { sizes, activations, loss };
    const params: Params = {
      W: sizes.slice(1).map((out, l) => randomMatrix(rng, sizes[l]!, out, -1.5, 1.5)),
      b: sizes.slice(1).map((out) => randomMatrix(rng, 1, out, -0.5, 0.5)),
    };
    const batch = rng.integer(1, 5);
    const X = randomMatrix(rng, batch, sizes[0]!, -2, 2);
    const yLo = loss === 'bce' ? 0 : -1;
    const Y = randomMatrix(rng, batch, sizes[depth]!, yLo, 1);
    if (closestToKink(network, params, X) > 1e-3) return { network, params, X, Y };
  }
}

/**
 * The loss as a function of the output layer's pre-activation z^(L). For bce it is computed
 * from the logits, −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^(−|z|)),
 * the same function as lossValue's but without the rounding of ln(1 − ŷ) near ŷ = 1, which
 * would swamp a finite difference.
 */
function lossOfLogits(network: Network, zL: Matrix, Y: Matrix): number {
  const loss = lossOf(network);
  if (loss !== 'bce') return lossValue(loss, activate(network.activations.at(-1)!, zL), Y);
  let s = 0;
  for (let i = 0; i < zL.data.length; i++) {
    const z = zL.data[i]!;
    s += Math.max(z, 0) - z * Y.data[i]! + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return s / zL.data.length;
}

/** The loss of the network at these parameters. */
function lossAt({ network, params, X, Y }: Case): number {
  const cache = forward(network, params, X);
  return lossOfLogits(network, cache.z.at(-1)!, Y);
}

/** Central difference of f at the entry `i` of `data` (restored afterwards). */
function centralDifference(data: Float64Array, i: number, f: () => number): number {
  const x = data[i]!;
  data[i] = x + H;
  const up = f();
  data[i] = x - H;
  const down = f();
  data[i] = x;
  return (up - down) / (2 * H);
}

/** The loss when layer `l`'s pre-activation is replaced by `z` and the pass continues from there. */
function lossFromZ(c: Case, l: number, z: Matrix): number {
  let zk = z;
  for (let k = l + 1; k < c.params.W.length; k++) {
    zk = linear(activate(c.network.activations[k - 1]!, zk), c.params.W[k]!, c.params.b[k]!);
  }
  return lossOfLogits(c.network, zk, c.Y);
}

function expectClose(analytic: number, numeric: number, loss: number, label: string): void {
  const tol = ROUNDING * Math.max(1, Math.abs(loss)) + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric));
  expect(
    Math.abs(analytic - numeric),
    `${label}: analytic ${analytic}, finite difference ${numeric}`,
  ).toBeLessThanOrEqual(tol);
}

/** Checks ∂L/∂W, ∂L/∂b and δ of one case against finite differences. */
function checkCase(c: Case, label: string): void {
  const cache = forward(c.network, c.params, c.X);
  const grads = backward(c.params, cache, c.Y);
  const f = () => lossAt(c);
  const L = f();
  c.params.W.forEach((W, l) => {
    for (let i = 0; i < W.data.length; i++) {
      expectClose(grads.dW[l]!.data[i]!, centralDifference(W.data, i, f), L, `${label} dW[${l}][${i}]`);
    }
  });
  c.params.b.forEach((b, l) => {
    for (let i = 0; i < b.data.length; i++) {
      expectClose(grads.db[l]!.data[i]!, centralDifference(b.data, i, f), L, `${label} db[${l}][${i}]`);
    }
  });
  cache.z.forEach((z, l) => {
    const zc = { rows: z.rows, cols: z.cols, data: z.data.slice() };
    for (let i = 0; i < zc.data.length; i++) {
      const numeric = centralDifference(zc.data, i, () => lossFromZ(c, l, zc));
      expectClose(grads.delta[l]!.data[i]!, numeric, L, `${label} delta[${l}][${i}]`);
    }
  });
}

describe('gradients against central finite differences', () => {
  let seed = 0;
  for (const loss of LOSSES) {
    for (const hidden of ACTIVATIONS) {
      // bce is defined on a sigmoid output only; the others take every output activation.
      const outputs: readonly Activation[] = loss === 'bce' ? ['sigmoid'] : ACTIVATIONS;
      it(`${loss}, hidden ${hidden}, output ${outputs.join('/')}, depth 1–4`, () => {
        for (const outputAct of outputs) {
          for (let depth = 1; depth <= 4; depth++) {
            for (let trial = 0; trial < 3; trial++) {
              const rng = createRandom(++seed);
              const c = randomCase(rng, depth, hidden, outputAct, loss);
              checkCase(c, `${loss}/${hidden}/${outputAct}/depth ${depth}/seed ${seed}`);
            }
          }
        }
      });
    }
  }

  it('treats every example’s δ separately (a batch of 5, 3 layers)', () => {
    const c = randomCase(createRandom(1000), 3, 'tanh', 'sigmoid', 'halfSSE');
    const big = {
      ...c,
      X: randomMatrix(createRandom(1001), 5, c.X.cols, -2, 2),
      Y: randomMatrix(createRandom(1002), 5, c.Y.cols, 0, 1),
    };
    checkCase(big, 'batch of 5');
  });
});
