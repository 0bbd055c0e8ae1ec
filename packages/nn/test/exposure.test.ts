// nn reads and replaces values through core's internal entry, so its own reads never mark a
// tensor *exposed* (which makes every graph node recording it pay the in-place guard's O(size)
// checksums, twice per step), while user code that reads `.data` is still guarded.
import { DeltagradError, tensor } from '@deltagrad/core';
import { isExposed } from '@deltagrad/core/internal';
import {
  Adam,
  BatchNorm1d,
  bce,
  clipGradNorm,
  halfSSE,
  mlp,
  type Optimizer,
  RMSprop,
  Sequential,
  SGD,
  Sigmoid,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

const x = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const y = tensor([[0], [1], [1], [0]]);

function exposedParameters(model: ReturnType<typeof mlp>): string[] {
  return model
    .namedParameters()
    .filter(([, p]) => isExposed(p.value) || (p.grad !== null && isExposed(p.grad)))
    .map(([name]) => name);
}

describe('nn does not expose the values it only reads', () => {
  it.each([
    ['SGD', (m: ReturnType<typeof mlp>) => new SGD(m, { lr: 0.1, momentum: 0.9 })],
    ['Adam', (m: ReturnType<typeof mlp>) => new Adam(m, { lr: 0.01 })],
    ['RMSprop', (m: ReturnType<typeof mlp>) => new RMSprop(m, { lr: 0.01 })],
  ] as const)(
    '%s.step leaves parameters and gradients unexposed (every parameter used to pay checksums twice per step)',
    (_, make) => {
      const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
      const opt: Optimizer = make(model);
      for (let i = 0; i < 3; i++) {
        opt.zeroGrad();
        halfSSE(model.forward(x), y).backward();
        opt.step();
        expect(exposedParameters(model)).toEqual([]);
      }
    },
  );

  it("bce's range check, clipGradNorm, stateDict and BatchNorm's running statistics expose nothing", () => {
    const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 2 });
    const pred = model.forward(x);
    bce(pred, y).backward();
    expect(isExposed(pred)).toBe(false);
    clipGradNorm(model, 1e-3);
    model.stateDict();
    expect(exposedParameters(model)).toEqual([]);

    const norm = new BatchNorm1d(2);
    const out = new Sequential([norm, new Sigmoid()]).forward(
      tensor([
        [1, 2],
        [3, 5],
        [0, 1],
      ]),
    );
    out.sum().backward();
    const buffers = norm.namedBuffers().filter(([, b]) => isExposed(b.value));
    expect(buffers.map(([name]) => name)).toEqual([]);
  });

  it('a parameter whose .data user code reads is still guarded: writing into it before backward throws', () => {
    const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 3 });
    const opt = new SGD(model, { lr: 0.1 });
    halfSSE(model.forward(x), y).backward();
    opt.step();
    const w = model.parameters()[0]!;
    const values = w.value.data;
    expect(isExposed(w.value)).toBe(true);
    opt.zeroGrad();
    const loss = halfSSE(model.forward(x), y);
    values[0]! += 1;
    expect(() => loss.backward()).toThrow(DeltagradError);
    expect(() => halfSSE(model.forward(x), y).backward()).not.toThrow();
  });
});
