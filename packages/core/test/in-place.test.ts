import { inspect } from 'node:util';
import { gradients, noGrad, Tensor, tensor, toGraphJSON, valueAndGrad } from '@deltagrad/core';
import { describe, expect, it } from 'vitest';
import { thrown } from './expect-error';

// PyTorch: "one of the variables needed for gradient computation has been modified by an
// inplace operation". deltagrad's tensors hand out their Float64Array as `.data`; a backward pass
// that used changed values would give wrong gradients without a word.
describe('values changed between forward and backward are detected (regression: [200, 4] instead of [2, 4])', () => {
  it('x.data[0] = 100 after y = x·x: MODIFIED_IN_PLACE naming the op and the tensor', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    x.data[0] = 100;
    const error = thrown(() => y.sum().backward());
    expect(error.code).toBe('MODIFIED_IN_PLACE');
    expect(error.message).toContain('backward of mul');
    expect(error.message).toContain(`input 0 (tensor #${x.id}, shape [2])`);
    expect(error.message).toContain('a tensor needed for gradient computation was modified in place');
    expect(x.grad).toBeNull();
  });

  it('a tensor over an array the caller supplied: tensor(Float64Array) and new Tensor', () => {
    const values = new Float64Array([1, 2]);
    const x = tensor(values, { requiresGrad: true });
    const y = x.mul(x);
    values[0] = 100;
    expect(thrown(() => y.sum().backward()).code).toBe('MODIFIED_IN_PLACE');

    const raw = new Float64Array([3, 4]);
    const w = new Tensor(raw, [2], true);
    const z = w.mul(w).sum();
    raw.fill(0);
    expect(thrown(() => z.backward()).code).toBe('MODIFIED_IN_PLACE');
  });

  it('an output the VJP reads (sigmoid uses its own y)', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.sigmoid();
    y.data[0] = 0.9;
    const error = thrown(() => y.sum().backward());
    expect(error.code).toBe('MODIFIED_IN_PLACE');
    expect(error.message).toContain('backward of sigmoid');
  });

  it('through a tensor sharing the values: detach() and reshape()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    x.detach().data[0] = 100;
    expect(thrown(() => y.sum().backward()).code).toBe('MODIFIED_IN_PLACE');

    const a = tensor([1, 2], { requiresGrad: true });
    const b = a.reshape([2, 1]).mul(3).sum();
    a.data[1] = 7;
    expect(thrown(() => b.backward()).code).toBe('MODIFIED_IN_PLACE');
  });

  it('through the functional API: valueAndGrad of an exposed argument changed inside f', () => {
    const w = tensor([1, 2]);
    const f = (v: Tensor) => {
      const y = v.mul(v);
      w.data[0] = 100;
      return y.sum();
    };
    expect(thrown(() => valueAndGrad(f)(w)).code).toBe('MODIFIED_IN_PLACE');
  });
  it('a tensor checksummed on earlier steps is still checked on later ones (the guard keeps a view of its words)', () => {
    // The data of a training loop is exposed once and recorded every step: the guard keeps one
    // view of its words instead of making one per checksum. Writes through .data after the view
    // was made, at any element (the last one, a sign, a NaN), must still be seen.
    const x = new Tensor(new Float64Array([1, 2, 3]), [3]);
    const w = tensor([0.5, 0.5, 0.5], { requiresGrad: true });
    for (let step = 0; step < 3; step++) gradients(x.mul(w).sum(), [w]);
    for (const [i, value] of [
      [2, 4],
      [0, -1],
      [1, Number.NaN],
    ] as const) {
      const y = x.mul(w).sum();
      x.data[i] = value;
      const error = thrown(() => gradients(y, [w]));
      expect(error.code).toBe('MODIFIED_IN_PLACE');
      expect(error.message).toContain(`backward of mul: input 0 (tensor #${x.id}, shape [3])`);
    }
    const [g] = gradients(x.mul(w).sum(), [w]);
    expect(g!.toArray()).toEqual([-1, Number.NaN, 4]);
  });
});

describe('no false alarm', () => {
  it('reading values (item, toArray, toNested, toString, inspect, toGraphJSON, even .data) changes nothing', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    const s = y.sum();
    s.item();
    y.toArray();
    y.toNested();
    y.toString();
    inspect(y);
    toGraphJSON(s);
    const read = x.data[0]! + y.data[1]!;
    expect(read).toBe(5);
    s.backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });

  it('changing values after backward, then a new forward, uses the new values', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).sum().backward();
    x.data[0] = 3;
    x.zeroGrad();
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 4]);
  });

  it('an update loop that writes into .data between steps (as an optimizer would)', () => {
    const w = tensor([0.5, -1], { requiresGrad: true });
    for (let step = 0; step < 3; step++) {
      const [g] = gradients(w.mul(w).sum(), [w]);
      noGrad(() => {
        for (let i = 0; i < 2; i++) w.data[i]! -= 0.1 * g!.data[i]!;
      });
    }
    expect(w.toArray().map((v) => Number(v.toFixed(6)))).toEqual([0.256, -0.512]);
  });

  it('a change to a tensor the backward does not read (a leaf of another graph)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const other = tensor([5, 6]);
    const y = x.mul(3).sum();
    other.data[0] = 0;
    y.backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });
});
