import {
  backward,
  forward,
  fromRows,
  initParams,
  ManualError,
  type Network,
  type Params,
  sgdStep,
  toRows,
  xorData,
} from '@deltagrad/manual';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

const network: Network = { sizes: [2, 3, 2, 1], activations: ['tanh', 'relu', 'sigmoid'], loss: 'halfSSE' };

function start(): Params {
  const rng = createRandom(11);
  return initParams(network, () => rng.normal());
}

const bits = (p: Params) => [...p.W, ...p.b].flatMap((m) => Array.from(m.data));

describe('writing into caller-provided buffers', () => {
  it('trains to the same bits as the allocating functions, reusing every matrix', () => {
    const { X, Y } = xorData();
    let fresh = start();
    const reused = start();
    let cache = forward(network, reused, X);
    let grads = backward(reused, cache, Y);
    const arrays = [...cache.z, ...cache.a, ...grads.delta, ...grads.dW, ...grads.db].map((m) => m.data);
    for (let epoch = 0; epoch < 50; epoch++) {
      fresh = sgdStep(fresh, backward(fresh, forward(network, fresh, X), Y), 0.5);
      cache = forward(network, reused, X, cache);
      grads = backward(reused, cache, Y, grads);
      sgdStep(reused, grads, 0.5, reused);
    }
    expect(bits(reused).map((v, i) => Object.is(v, bits(fresh)[i]))).not.toContain(false);
    // The same arrays throughout: nothing was allocated for z, a, δ, dW or db.
    const after = [...cache.z, ...cache.a, ...grads.delta, ...grads.dW, ...grads.db].map((m) => m.data);
    expect(after.every((d, i) => d === arrays[i])).toBe(true);
  });

  it('returns the buffers it was given: the cache, the gradients, the parameters', () => {
    const { X, Y } = xorData();
    const params = start();
    const cache = forward(network, params, X);
    const grads = backward(params, cache, Y);
    expect(forward(network, params, X, cache)).toBe(cache);
    expect(backward(params, cache, Y, grads)).toBe(grads);
    expect(sgdStep(params, grads, 0.5, params)).toBe(params);
    // A cache of this shape from another input still fills its matrices, under the new X.
    const other = forward(network, params, X, forward(network, params, X));
    expect(forward(network, params, fromRows(toRows(X)), other).X).not.toBe(X);
  });

  it('refuses buffers of another network with SHAPE_MISMATCH', () => {
    const { X, Y } = xorData();
    const params = start();
    const other: Network = { sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'halfSSE' };
    const rng = createRandom(1);
    const otherParams = initParams(other, () => rng.normal());
    const otherCache = forward(other, otherParams, X);
    expect(() => forward(network, params, X, otherCache)).toThrow(ManualError);
    expect(() => forward(network, params, X, otherCache)).toThrow(/into holds 2 z and 2 a matrices/);
    const cache = forward(network, params, X);
    expect(() => backward(params, cache, Y, backward(otherParams, otherCache, Y))).toThrow(
      /SHAPE_MISMATCH|into holds/,
    );
  });
});
