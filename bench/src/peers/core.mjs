// @deltagrad/core in eager mode: valueAndGrad of the loss over the weights, then an SGD
// update under noGrad — the engine's functional API as a user would write the step.
import { noGrad, Tensor, valueAndGrad } from '@deltagrad/core';
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
  const step = valueAndGrad(lossOf);
  let loss = Number.NaN;
  return {
    step() {
      const [value, grads] = step(...params);
      loss = value.item();
      params = noGrad(() => params.map((p, i) => p.sub(grads[i].mul(w.lr))));
    },
    loss: () => loss,
  };
}
