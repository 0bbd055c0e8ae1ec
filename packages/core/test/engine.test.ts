import {
  DeltagradError,
  detectAnomaly,
  gradients,
  greater,
  noGrad,
  opTable,
  type Tensor,
  tensor,
  where,
  zeros,
} from '@deltagrad/core';
import { describe, expect, it } from 'vitest';

const approx = (t: Tensor | null, expected: number[]) => {
  expect(t).not.toBeNull();
  t!.toArray().forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i]!, 12);
  });
};

describe('backward', () => {
  it('accumulates on reused nodes (diamonds)', () => {
    // micrograd#2: a node used twice must receive both contributions.
    const a = tensor(3, { requiresGrad: true });
    const b = a.mul(a); // 9
    const c = b.add(b); // 2a²
    c.backward();
    expect(a.grad!.item()).toBe(12);
  });

  it('accumulates into .grad across backward calls until zeroGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('unbroadcasts gradients to each input shape', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    const b = tensor([[10, 20]], { requiresGrad: true });
    const s = tensor(2, { requiresGrad: true });
    x.add(b).mul(s).sum().backward();
    expect(b.grad!.shape).toEqual([1, 2]);
    expect(b.grad!.toArray()).toEqual([6, 6]);
    expect(s.grad!.shape).toEqual([]);
    expect(s.grad!.item()).toBe(21 + 3 * 10 + 3 * 20);
  });

  it('handles a 100,000-op chain without recursion', () => {
    const x = tensor(1, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1);
    y.backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('only fills .grad on leaves unless retainGrad()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    const k = x.mul(3).retainGrad();
    h.add(k).sum().backward();
    expect(h.grad).toBeNull();
    expect(k.grad!.toArray()).toEqual([1, 1]);
  });

  it('refuses a non-scalar output without a seed, and accepts a seed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    expect(() => y.backward()).toThrow(
      /shape \[2\], not a scalar — reduce it first \(\.sum\(\) or \.mean\(\)\) or pass a seed/,
    );
    try {
      y.backward();
    } catch (e) {
      expect((e as DeltagradError).code).toBe('NON_SCALAR_OUTPUT');
    }
    y.backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([2, 40]);
  });

  it('releases the graph after backward; a second pass is a typed error; retainGraph keeps it', () => {
    const x = tensor(2, { requiresGrad: true });
    const y = x.mul(x).exp();
    y.backward();
    expect(() => y.backward()).toThrow(expect.objectContaining({ code: 'GRAPH_RELEASED' }));
    expect(() => y.backward()).toThrow(/already released.*retainGraph: true/);

    const z = tensor(2, { requiresGrad: true });
    const w = z.mul(z);
    w.backward(undefined, { retainGraph: true });
    w.backward();
    expect(z.grad!.item()).toBe(8);
  });

  it('a tensor that does not require grad gives a typed error', () => {
    const y = tensor([1, 2]).sum();
    expect(() => y.backward()).toThrow(expect.objectContaining({ code: 'NO_GRAD' }));
    expect(() => noGrad(() => tensor(1, { requiresGrad: true }).mul(2)).backward()).toThrow(
      /does not require grad/,
    );
  });

  it('createGraph gives differentiable gradients (second derivatives)', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = x.pow(3); // y' = 3x² = 27, y'' = 6x = 18
    const [dy] = gradients(y, [x], undefined, { createGraph: true });
    expect(dy!.item()).toBe(27);
    dy!.backward();
    expect(x.grad!.item()).toBe(18);
  });
});

describe('gradients() targets', () => {
  it('a target listed twice gets its gradient at both places, and an unreached one zeros', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    const [g1, g2, g3] = gradients(a.mul(a).sum(), [a, a, b]);
    expect(g1!.toArray()).toEqual([2, 4]);
    expect(g2!.toArray()).toEqual([2, 4]);
    expect(g3!.toArray()).toEqual([0]);
  });

  it('past 16 targets (looked up by map, not by scan) each gets its own gradient', () => {
    const xs = Array.from({ length: 40 }, (_, i) => tensor([i], { requiresGrad: true }));
    let total = xs[0]!.mul(0);
    xs.forEach((x, i) => {
      total = total.add(x.mul(i + 1));
    });
    const grads = gradients(total.sum(), [...xs, xs[3]!]);
    expect(grads.map((g) => g.item())).toEqual([...xs.map((_, i) => i + 1), 4]);
  });
});

describe('number constants', () => {
  it('−0 keeps its sign (regression, found by the fuzz test: after div(x, 0), div(x, −0) reused the cached 0 and gave +Infinity)', () => {
    expect(tensor([1]).div(0).toArray()).toEqual([Number.POSITIVE_INFINITY]);
    expect(tensor([1]).div(-0).toArray()).toEqual([Number.NEGATIVE_INFINITY]);
    expect(Object.is(tensor([1]).mul(-0).item(), -0)).toBe(true);
    expect(Object.is(tensor([1]).mul(0).item(), 0)).toBe(true);
  });
});

describe('noGrad and detach', () => {
  it('noGrad records nothing and restores the mode even when fn throws', () => {
    const x = tensor(1, { requiresGrad: true });
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(x.mul(2).requiresGrad).toBe(true);
  });

  it('detach stops the gradient', () => {
    const x = tensor(2, { requiresGrad: true });
    x.mul(x.detach()).backward();
    expect(x.grad!.item()).toBe(2);
  });
});

describe('hooks', () => {
  it('see and may replace the gradient; remove() unregisters', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.mul(3);
    const handle = h.registerHook((g) => {
      seen.push(g.toArray());
      return g.mul(10);
    });
    h.sum().backward(undefined, { retainGraph: true });
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.toArray()).toEqual([30, 30]);
    handle.remove();
    x.zeroGrad();
    h.sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
    expect(seen).toHaveLength(1);
  });

  it('cannot be registered on a constant', () => {
    expect(() => zeros([1]).registerHook(() => undefined)).toThrow(
      expect.objectContaining({ code: 'NO_GRAD' }),
    );
  });
});

describe('where', () => {
  it('never leaks NaN from the untaken branch into the gradient', () => {
    const x = tensor([-1, 0, 4], { requiresGrad: true });
    where(greater(x, 0), x.sqrt(), 0).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0.25]);
    const y = tensor([-1, 0, Math.E], { requiresGrad: true });
    where(greater(y, 0), y.log(), y.mul(2)).sum().backward();
    approx(y.grad, [2, 2, 1 / Math.E]);
  });
});

// PyTorch's threshold_backward and where backward select the upstream gradient rather than
// multiply it by a 0/1 mask, so 0·∞ never turns into NaN (and the next optimizer step does not
// throw). deltagrad does this wherever the local derivative is exactly zero.
describe('an infinite or NaN upstream gradient times a zero local derivative gives 0, not NaN', () => {
  /** ∂/∂x of sum(outer(inner(x))) at the points, where outer has an infinite slope at inner's value. */
  const gradAt = (f: (x: Tensor) => Tensor, points: number[]) => {
    const x = tensor(points, { requiresGrad: true });
    f(x).sum().backward();
    return x.grad!.toArray();
  };

  it('relu: sqrt(relu(x)) at x ≤ 0', () => {
    expect(gradAt((x) => x.relu().sqrt(), [-1, 0, 4])).toEqual([0, 0, 0.25]);
  });

  it('clamp: sqrt(clamp(x, 0, 1)) below the bounds (regression: NaN)', () => {
    expect(gradAt((x) => x.clamp(0, 1).sqrt(), [-1, 0.25, 2])).toEqual([0, 1, 0]);
  });

  it('where: sqrt(where(x > 0, x, 0)) at x ≤ 0', () => {
    expect(gradAt((x) => where(greater(x, 0), x, 0).sqrt(), [-1, 0, 4])).toEqual([0, 0, 0.25]);
  });

  it('abs, maximum, minimum and max at points where their derivative is 0 (regression: NaN)', () => {
    expect(gradAt((x) => x.abs().sqrt(), [0])).toEqual([0]);
    expect(gradAt((x) => x.maximum(0).sqrt(), [-1, 4])).toEqual([0, 0.25]);
    expect(gradAt((x) => x.minimum(0).neg().sqrt(), [1, -4])).toEqual([0, -0.25]);
    expect(gradAt((x) => x.max(0, true).sub(1).sqrt().sum().add(x.sum().mul(0)), [1, 0])).toEqual([
      Infinity,
      0,
    ]);
  });

  it('the fused sigmoid and tanh backward ops where the output saturates (regression: NaN)', () => {
    // sigmoid(40) and tanh(20) are exactly 1, so the local derivative y(1 − y) or 1 − y² is 0.
    expect(gradAt((x) => x.sigmoid().neg().add(1).sqrt(), [40])).toEqual([0]);
    expect(gradAt((x) => x.tanh().neg().add(1).sqrt(), [20])).toEqual([0]);
  });

  it('an upstream gradient of ±Infinity or NaN, given directly', () => {
    const x = tensor([-1, -1, -1, 0.5], { requiresGrad: true });
    x.relu().backward(tensor([Infinity, -Infinity, Number.NaN, Number.NaN]));
    expect(x.grad!.toArray()).toEqual([0, 0, 0, Number.NaN]);
    const y = tensor([-1, -1, -1], { requiresGrad: true });
    y.clamp(0, 1).backward(tensor([Infinity, -Infinity, Number.NaN]));
    expect(y.grad!.toArray()).toEqual([0, 0, 0]);
  });
});

describe('detectAnomaly', () => {
  it('names the op and the user line that produced NaN in the forward pass', () => {
    const x = tensor([-1], { requiresGrad: true });
    let error: unknown;
    detectAnomaly(() => {
      try {
        x.sqrt();
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(DeltagradError);
    expect((error as DeltagradError).code).toBe('ANOMALY');
    expect((error as Error).message).toMatch(/forward of sqrt produced NaN/);
    expect((error as Error).message).toMatch(/engine\.test\.ts/);
  });

  it('names the op whose backward produced Infinity', () => {
    const x = tensor([0], { requiresGrad: true });
    const y = x.sqrt(); // forward fine (0); backward 0.5/0 = Infinity
    expect(() => detectAnomaly(() => y.sum().backward())).toThrow(
      /backward of sqrt \(input 0\) produced Infinity/,
    );
  });

  it('names a VJP that writes into its upstream gradient (regression: a·2 + a·3 got 3, silently)', () => {
    const original = opTable.mul.vjp;
    opTable.mul.vjp = (g, ctx) => {
      const grads = original(g, ctx);
      g.data.fill(0); // "after use": every other consumer of g now reads zeros
      return grads;
    };
    try {
      const f = (a: Tensor) => a.mul(2).add(a.mul(3)).sum();
      const b = tensor([1], { requiresGrad: true });
      f(b).backward();
      expect([2, 3]).toContain(b.grad!.item()); // silently wrong (5 is right) without anomaly mode
      const a = tensor([1], { requiresGrad: true });
      expect(() => detectAnomaly(() => f(a).backward())).toThrow(
        /^backward of mul changed its upstream gradient g \(shape \[1\]\) in place \(created at .*engine\.test\.ts/,
      );
    } finally {
      opTable.mul.vjp = original;
    }
  });

  it('is off by default: NaN passes silently', () => {
    expect(Number.isNaN(tensor([-1], { requiresGrad: true }).sqrt().item())).toBe(true);
  });
});

describe('broadcastTo of one value (a fill, without the strided gather)', () => {
  it('repeats the value with its bits (−0, NaN, ∞) into every shape, and its gradient sums back', () => {
    for (const v of [-0, Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
      for (const [from, to] of [
        [[], [2, 3]],
        [[1], [4]],
        [
          [1, 1],
          [3, 2],
        ],
        [[1], [2, 1, 2]],
      ] as const) {
        const x = tensor(v).reshape([...from]);
        const out = x.broadcastTo([...to]);
        expect(out.shape).toEqual(to);
        expect(out.toArray().every((o) => Object.is(o, v))).toBe(true);
      }
    }
    const x = tensor([[2]], { requiresGrad: true });
    x.broadcastTo([3, 4])
      .mul(tensor([[1, 2, 3, 4]]))
      .sum()
      .backward();
    expect(x.grad!.toNested()).toEqual([[30]]);
  });
});
