import { type Tensor, tensor } from '@deltagrad/core';
import { bce, bceWithLogits, crossEntropy, halfSSE, LOSSES, mse } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

const pred = tensor([[0.2], [0.9], [0.6], [0.1]]);
const target = tensor([[0], [1], [1], [0]]);

describe('losses', () => {
  it("halfSSE = ½·Σ(y − ŷ)², and its gradient is the seed's −(y − ŷ)", () => {
    const p = pred.detach().requireGrad();
    const loss = halfSSE(p, target);
    expect(loss.item()).toBeCloseTo(0.5 * (0.04 + 0.01 + 0.16 + 0.01), 15);
    loss.backward();
    const expected = pred.toArray().map((v, i) => -(target.toArray()[i]! - v));
    expect(p.grad?.toArray()).toEqual(expected);
  });

  it('mse with each reduction', () => {
    const sq = [0.04, 0.01, 0.16, 0.01];
    expect(mse(pred, target).item()).toBeCloseTo(sq.reduce((a, b) => a + b) / 4, 15);
    expect(mse(pred, target, { reduction: 'sum' }).item()).toBeCloseTo(0.22, 15);
    const none = mse(pred, target, { reduction: 'none' });
    expect(none.shape).toEqual([4, 1]);
    none.toArray().forEach((v, i) => {
      expect(v).toBeCloseTo(sq[i]!, 15);
    });
  });

  it('bce matches −[y log p + (1 − y) log(1 − p)] and stays finite at p = 0 and 1', () => {
    const expected = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.6) + Math.log(0.9)) / 4;
    expect(bce(pred, target).item()).toBeCloseTo(expected, 14);
    const p = tensor([[0], [1]], { requiresGrad: true });
    const loss = bce(p, tensor([[1], [0]]), { reduction: 'sum' });
    expect(loss.item()).toBe(200); // each log clamped at −100, as PyTorch
    loss.backward();
    expect(p.grad?.toArray().every(Number.isFinite)).toBe(true);
  });

  it('bce refuses predictions outside [0, 1] (it returned a negative loss, −0.405 at 1.5), as PyTorch does', () => {
    expect(() => bce(tensor([[0.5], [1.5]]), tensor([[1], [1]]))).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringMatching(/^bce: prediction\[1, 0\] = 1\.5 is not in \[0, 1\]/),
      }),
    );
    expect(() => bce(tensor([-1e-9]), tensor([0]))).toThrow(
      /bce: prediction\[0\] = -1e-9 is not in \[0, 1\]/,
    );
    expect(() => bce(tensor([Number.NEGATIVE_INFINITY]), tensor([0]))).toThrow(/-Infinity/);
    // NaN too (the clamped logs turned it into a finite loss of 100).
    expect(() => bce(tensor([[0.2, Number.NaN]]), tensor([[0, 0]]))).toThrow(/bce: prediction\[0, 1\] = NaN/);
  });

  it('bceWithLogits equals bce of sigmoid for moderate logits, and is exact for huge ones', () => {
    const z = tensor([[-1.5], [2], [0.3], [-0.2]]);
    expect(bceWithLogits(z, target).item()).toBeCloseTo(bce(z.sigmoid(), target).item(), 14);
    const big = tensor([[1e3], [-1e3], [1e3], [-1e3]], { requiresGrad: true });
    const y = tensor([[1], [0], [0], [1]]);
    const loss = bceWithLogits(big, y, { reduction: 'none' });
    expect(loss.toArray()).toEqual([0, 0, 1000, 1000]);
    bceWithLogits(big, y, { reduction: 'sum' }).backward();
    // d/dz = σ(z) − y
    expect(big.grad?.toArray()).toEqual([0, 0, 1, -1]);
  });

  it('crossEntropy takes class indices or probabilities', () => {
    const logits = tensor([
      [2, 0, -1],
      [0, 3, 1],
    ]);
    const lse = (row: number[]) => Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    const expected = [lse([2, 0, -1]) - 2, lse([0, 3, 1]) - 3];
    const byIndex = crossEntropy(logits, tensor([0, 1]), { reduction: 'none' }).toArray();
    const byOneHot = crossEntropy(
      logits,
      tensor([
        [1, 0, 0],
        [0, 1, 0],
      ]),
      { reduction: 'none' },
    ).toArray();
    const byColumn = crossEntropy(logits, tensor([[0], [1]]), { reduction: 'none' }).toArray();
    byIndex.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 14);
      expect(byOneHot[i]).toBe(v);
      expect(byColumn[i]).toBe(v);
    });
    expect(crossEntropy(logits, tensor([0, 1])).item()).toBeCloseTo((expected[0]! + expected[1]!) / 2, 14);
    const stable = crossEntropy(tensor([[1000, -1000]]), tensor([1]));
    expect(stable.item()).toBe(2000);
  });

  it('errors name the loss and the shapes', () => {
    expect(() => mse(pred, tensor([0, 1, 1, 0]))).toThrow(
      /mse: prediction shape \[4, 1\] and target shape \[4\] differ/,
    );
    expect(() => halfSSE(pred, tensor([[1]]))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => mse(pred, target, { reduction: 'avg' as never })).toThrow(
      /mse: option reduction must be one of 'mean', 'sum', 'none', got "avg"/,
    );
    expect(() => crossEntropy(tensor([[1, 2]]), tensor([2]))).toThrow(
      /target\[0\] = 2 is not a class index in \[0, 2\)/,
    );
    expect(() => crossEntropy(tensor([[1, 2]]), tensor([[1, 0, 0]]))).toThrow(
      /fits neither class indices \[1\] nor class probabilities \[1, 2\]/,
    );
    expect(() => crossEntropy(tensor([1, 2]), tensor([1]))).toThrow(
      /logits must have shape \[batch, classes\]/,
    );
  });

  it('crossEntropy refuses one-logit outputs, whose loss would silently be 0 (labels 0/1 read as probabilities)', () => {
    const oneLogit = tensor([[0.3], [-2]]);
    for (const target of [tensor([[0], [1]]), tensor([0, 0])]) {
      expect(() => crossEntropy(oneLogit, target)).toThrow(
        expect.objectContaining({
          code: 'SHAPE_MISMATCH',
          message: expect.stringMatching(/logits of shape \[2, 1\] have 1 class.*bceWithLogits/),
        }),
      );
    }
  });

  it('LOSSES maps every name to its function', () => {
    expect(Object.keys(LOSSES)).toEqual(['halfSSE', 'mse', 'bce', 'bceWithLogits', 'crossEntropy']);
    const f = LOSSES.mse as (p: Tensor, t: Tensor) => Tensor;
    expect(f(pred, target).item()).toBe(mse(pred, target).item());
  });
});
