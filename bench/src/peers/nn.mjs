// @deltagrad/nn as its README's hand-written loop: mlp, halfSSE, SGD (zeroGrad, forward, loss,
// backward, step).
import { Tensor } from '@deltagrad/core';
import { halfSSE, mlp, SGD } from '@deltagrad/nn';
import { initialState } from '../workloads.mjs';

export function setup(w) {
  const { X, Y, W, b } = initialState(w);
  const L = w.sizes.length - 1;
  const model = mlp({ sizes: w.sizes, activations: w.activations });
  const values = [];
  for (let l = 0; l < L; l++) {
    values.push(new Tensor(W[l], [w.sizes[l], w.sizes[l + 1]]), new Tensor(b[l], [1, w.sizes[l + 1]]));
  }
  const params = model.parameters();
  if (params.length !== values.length)
    throw new Error(`nn peer: mlp has ${params.length} parameters, expected ${values.length}`);
  params.forEach((p, i) => {
    p.value = values[i];
  });
  const x = new Tensor(X, [w.batch, w.sizes[0]]);
  const y = new Tensor(Y, [w.batch, w.sizes[L]]);
  const opt = new SGD(model, { lr: w.lr });
  let loss = Number.NaN;
  return {
    step() {
      opt.zeroGrad();
      const value = halfSSE(model.forward(x), y);
      value.backward();
      opt.step();
      loss = value.item();
    },
    loss: () => loss,
  };
}
