// @deltagrad/core compiled: the core peer's step (valueAndGrad of the loss, SGD update under
// noGrad) wrapped in `compile`, so it is traced once and replayed into preallocated buffers.
import { compile, noGrad, Tensor, valueAndGrad } from '@deltagrad/core';
import { initialState } from '../workloads.mjs';

const apply = (t, activation) => (activation === 'identity' ? t : t[activation]());

export function setup(w) {
  const { X, Y, W, b } = initialState(w);
  const L = w.sizes.length - 1;
  const x = new Tensor(X, [w.batch, w.sizes[0]]);
  const y = new Tensor(Y, [w.batch, w.sizes[L]]);
  let params = [];
  for (let l = 0; l < L; l++) {
    params.push(new Tensor(W[l], [w.sizes[l], w.sizes[l + 1]]), new Tensor(b[l], [1, w.sizes[l + 1]]));
  }
  const lossOf = (...ps) => {
    let a = x;
    for (let l = 0; l < L; l++) a = apply(a.matmul(ps[2 * l]).add(ps[2 * l + 1]), w.activations[l]);
    return y.sub(a).square().sum().mul(0.5);
  };
  const grads = valueAndGrad(lossOf);
  const step = compile((...ps) => {
    const [value, gs] = grads(...ps);
    return [value, noGrad(() => ps.map((p, i) => p.sub(gs[i].mul(w.lr))))];
  });
  let loss = Number.NaN;
  return {
    step() {
      const [value, next] = step(...params);
      params = next;
      loss = value;
    },
    loss: () => loss.item(),
  };
}
