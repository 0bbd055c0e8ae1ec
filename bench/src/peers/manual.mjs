// @deltagrad/manual: the δ equations — forward, backward, sgdStep — on its own matrices, each
// step writing into the buffers of the last (the loop its README shows), so it allocates none.
import { backward, forward, lossValue, output, sgdStep } from '@deltagrad/manual';
import { initialState } from '../workloads.mjs';

export function setup(w) {
  const { X, Y, W, b } = initialState(w);
  const L = w.sizes.length - 1;
  const network = { sizes: w.sizes, activations: w.activations, loss: 'halfSSE' };
  const matrix = (rows, cols, data) => ({ rows, cols, data });
  const params = {
    W: W.map((Wl, l) => matrix(w.sizes[l], w.sizes[l + 1], Wl)),
    b: b.map((bl, l) => matrix(1, w.sizes[l + 1], bl)),
  };
  const x = matrix(w.batch, w.sizes[0], X);
  const y = matrix(w.batch, w.sizes[L], Y);
  let cache;
  let grads;
  let loss = Number.NaN;
  return {
    step() {
      cache = forward(network, params, x, cache);
      loss = lossValue('halfSSE', output(cache), y);
      grads = backward(params, cache, y, grads);
      sgdStep(params, grads, w.lr, params);
    },
    loss: () => loss,
  };
}
