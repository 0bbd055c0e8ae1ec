import { inspect } from 'node:util';
import * as core from '@deltagrad/core';
import {
  arange,
  DeltagradError,
  full,
  ones,
  rand,
  randn,
  scalar,
  Tensor,
  tensor,
  zeros,
} from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

describe('creation', () => {
  it('builds tensors from numbers and nested arrays', () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).item()).toBe(3);
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).toNested()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects ragged arrays with a typed error naming the position', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(DeltagradError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array at \[1\]/);
  });

  it('fills zeros, ones, full, scalar and arange', () => {
    expect(zeros([2, 2]).toArray()).toEqual([0, 0, 0, 0]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(scalar(2.5).shape).toEqual([]);
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(() => arange(0, 1, 0)).toThrow(/non-zero step/);
  });

  it('randn with a NumPy generator reproduces np.random.seed(42); np.random.randn(2, 2)', () => {
    const w = randn([2, 2], numpyRandom(42));
    expect(w.toArray()).toEqual([
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254,
    ]);
    const u = rand([2], numpyRandom(42));
    expect(u.toArray()).toEqual([0.3745401188473625, 0.9507143064099162]);
  });

  it('checks that data and shape agree', () => {
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow(/shape \[2, 2\] needs 4 values, got 3/);
    expect(() => zeros([2, -1])).toThrow(/invalid shape/);
  });

  it('item() on a multi-element tensor names the shape', () => {
    expect(() => zeros([2]).item()).toThrow(/shape \[2\] has 2 values/);
  });
});

describe('toString', () => {
  it('renders values, shape and origin', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4.5],
      ]).toString(),
    ).toBe('tensor([[1., 2.],\n        [3., 4.5]], shape=[2, 2])');
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([1., 2.], shape=[2], requiresGrad=true)');
    expect(x.mul(2).toString()).toBe('tensor([2., 4.], shape=[2], op=mul)');
    expect(scalar(0.1).toString()).toBe('tensor(0.1, shape=[])');
  });

  it('elides long axes', () => {
    expect(arange(10).toString()).toBe('tensor([0., 1., 2., …, 7., 8., 9.], shape=[10])');
  });

  it('console.log in Node shows the same text, not the engine internals', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(inspect(x.mul(2))).toBe('tensor([2., 4.], shape=[2], op=mul)');
    expect(inspect([x])).toBe('[ tensor([1., 2.], shape=[2], requiresGrad=true) ]');
  });
});

describe('the public API', () => {
  it('exports neither the engine entry points nor the formatter', () => {
    for (const name of ['backwardFrom', 'backpropagate', 'formatTensor', 'makeTensor', 'apply', 'toTensor']) {
      expect(name in core, name).toBe(false);
    }
  });
});

describe('shape ops', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it('reshape infers -1 and shares no mutable state', () => {
    expect(m.reshape([3, -1]).toNested()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => m.reshape([4, 2])).toThrow(/cannot reshape \[2, 3\] \(6 values\) to \[4, 2\]/);
  });
  it('transpose and permute', () => {
    expect(m.T.toNested()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const t = arange(24).reshape([2, 3, 4]);
    const p = t.permute([2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[i][j][k] = t[j][k][i]
    expect((p.toNested() as number[][][])[3]![1]![2]).toBe((t.toNested() as number[][][])[1]![2]![3]);
    expect(() => t.permute([0, 0, 1])).toThrow(/not a permutation/);
  });
  it('broadcastTo follows NumPy', () => {
    expect(tensor([1, 2]).broadcastTo([2, 2]).toNested()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(() => tensor([1, 2, 3]).broadcastTo([2, 2])).toThrow(/cannot be broadcast together/);
  });
  it('broadcasting pads the shorter shape with leading 1s, on either side and from a scalar', () => {
    const scalar = tensor(2);
    const row = tensor([[1, 2, 3]]);
    const column3d = zeros([2, 1, 1]);
    expect(scalar.add(row).shape).toEqual([1, 3]);
    expect(row.add(scalar).shape).toEqual([1, 3]);
    expect(row.add(column3d).shape).toEqual([2, 1, 3]);
    expect(column3d.add(row).shape).toEqual([2, 1, 3]);
    expect(scalar.broadcastTo([2, 1, 3]).shape).toEqual([2, 1, 3]);
    // Axes are named from the right, as NumPy counts them.
    expect(() => zeros([2, 4]).add(zeros([3, 1, 3]))).toThrow(
      'add: shapes [2, 4] and [3, 1, 3] cannot be broadcast together (axis -1: 4 vs 3)',
    );
    expect(() => zeros([2, 3, 4]).add(zeros([5, 4]))).toThrow(
      'add: shapes [2, 3, 4] and [5, 4] cannot be broadcast together (axis -2: 3 vs 5)',
    );
    expect(zeros([5, 1, 3]).add(zeros([4, 3])).shape).toEqual([5, 4, 3]);
  });
  it('slice with negative bounds', () => {
    expect(m.slice([0, 1]).toNested()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(m.slice([-1, 0], [2, -1]).toNested()).toEqual([[4, 5]]);
    expect(() => m.slice([0, 2], [2, 5])).toThrow(/out of range for axis 1 of size 3/);
  });
});
