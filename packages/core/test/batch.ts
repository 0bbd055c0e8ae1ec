/** Building and taking apart batches by hand: the loop oracle the vmap tests compare against. */
import { type Tensor, tensor } from '@deltagrad/core';

/** Stacks tensors of one shape along a new leading axis. */
export function stack(ts: readonly Tensor[]): Tensor {
  const first = ts[0]!;
  const data = new Float64Array(ts.length * first.size);
  ts.forEach((t, b) => {
    data.set(t.data, b * first.size);
  });
  return tensor(data, { shape: [ts.length, ...first.shape] });
}

/** Example b of `x` along axis 0. */
export function row(x: Tensor, b: number): Tensor {
  return x.slice([b], [b + 1]).reshape(x.shape.slice(1));
}
