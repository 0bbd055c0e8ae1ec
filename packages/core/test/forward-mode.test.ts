import {
  type DeltagradError,
  grad,
  gradcheck,
  hessian,
  hvp,
  jacfwd,
  jacobian,
  jacrev,
  jvp,
  noGrad,
  randn,
  type Tensor,
  tensor,
  valueAndGrad,
  vjp,
} from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

const rng = numpyRandom(3);

describe('jvp', () => {
  it('gives the value and J·t of a closed form', () => {
    // f(x) = Σ x², J·t = 2 Σ xᵢtᵢ
    const [y, dy] = jvp((x: Tensor) => x.mul(x).sum(), [tensor([1, 2, 3])], [tensor([1, 0, -1])]);
    expect(y.item()).toBe(14);
    expect(dy.item()).toBe(2 * (1 - 3));
  });

  it('computes the primal output with the same bits as calling f', () => {
    const x = randn([4, 3], rng);
    const w = randn([3, 2], rng);
    const f = (a: Tensor, b: Tensor) => a.matmul(b).tanh().sigmoid().sum(0);
    const [y] = jvp(f, [x, w], [randn([4, 3], rng), randn([3, 2], rng)]);
    expect(y.toArray()).toEqual(f(x, w).toArray());
  });

  it('takes and returns pytrees: a tangent per leaf, the output tangents in the output structure', () => {
    const params = { w: tensor([[2], [3]]), b: tensor([1]) };
    const x = tensor([[1, 1]]);
    const f = (p: { w: Tensor; b: Tensor }) => ({ z: x.matmul(p.w).add(p.b), pair: [p.b.mul(2), p.w.sum()] });
    const [out, tangent] = jvp(f, [params], [{ w: tensor([[1], [0]]), b: tensor([10]) }]);
    expect(out.z.toArray()).toEqual([6]);
    expect(tangent.z.toArray()).toEqual([1 + 10]);
    expect(tangent.pair[0]!.toArray()).toEqual([20]);
    expect(tangent.pair[1]!.item()).toBe(1);
  });

  it('gives a zero tangent for an output that does not depend on the inputs', () => {
    const c = tensor([5, 6]);
    const [out, t] = jvp((x: Tensor) => [x.sum(), c], [tensor([1, 2])], [tensor([1, 1])]);
    expect(out[1]).toBe(c);
    expect(t[1]!.toArray()).toEqual([0, 0]);
  });

  it('keeps nested levels apart (no perturbation confusion): d/dx [x · d/dy (x + y)] = 1', () => {
    const inner = (x: Tensor) => jvp((y: Tensor) => x.add(y), [tensor(3)], [tensor(1)])[1];
    const [, d] = jvp((x: Tensor) => x.mul(inner(x)), [tensor(2)], [tensor(1)]);
    expect(d.item()).toBe(1);
  });

  it('nests forward over forward: the second derivative of x³ is 6x', () => {
    const first = (x: Tensor) => jvp((z: Tensor) => z.pow(3), [x], [tensor(1)])[1];
    expect(jvp(first, [tensor(2)], [tensor(1)])[1].item()).toBe(12);
  });

  it('composes with reverse mode both ways (forward over reverse, reverse over forward)', () => {
    const f = (x: Tensor) => x.pow(3).sum();
    // H·v of Σx³ is 6x⊙v
    const [, hv] = jvp((x: Tensor) => grad(f)(x)[0], [tensor([1, 2])], [tensor([1, -1])]);
    expect(hv.toArray()).toEqual([6, -12]);
    // ∇ₓ (J(x)·1) = ∇ Σ 3x² = 6x
    const [g] = grad((x: Tensor) => jvp(f, [x], [tensor([1, 1])])[1])(tensor([2, 3]));
    expect(g.toArray()).toEqual([12, 18]);
  });

  it('propagates tangents inside noGrad but not through detach (stop_gradient)', () => {
    const [, t1] = jvp((x: Tensor) => noGrad(() => x.mul(3)), [tensor([2])], [tensor([1])]);
    expect(t1.toArray()).toEqual([3]);
    const [, t2] = jvp((x: Tensor) => x.detach().mul(x), [tensor([2])], [tensor([1])]);
    expect(t2.toArray()).toEqual([2]);
  });

  it('keeps the value tangent of valueAndGrad (it returns the value cut from the graph, not detached)', () => {
    const [, t] = jvp(
      (x: Tensor) => valueAndGrad((z: Tensor) => z.square().sum())(x)[0],
      [tensor([3])],
      [tensor([1])],
    );
    expect(t.item()).toBe(6);
  });

  it('refuses mismatched structures and shapes, naming the argument', () => {
    const f = (x: Tensor) => x;
    const call = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as DeltagradError;
      }
      throw new Error('did not throw');
    };
    const shape = call(() => jvp(f, [tensor([1, 2])], [tensor([1, 2, 3])]));
    expect(shape.code).toBe('SHAPE_MISMATCH');
    expect(shape.message).toContain('tangents[0] leaf 0 has shape [3], its primal [2]');
    const structure = call(() => jvp((p: { a: Tensor }) => p.a, [{ a: tensor(1) }], [[tensor(1)]] as never));
    expect(structure.message).toContain('tangents[0] has structure [Tensor], its primal { a: Tensor }');
    expect(call(() => jvp(f, [tensor(1)], [] as never)).message).toContain('1 primals but 0 tangents');
    expect(call(() => jvp(f, [3] as never, [3] as never)).message).toContain(
      'jvp: primals[0] must be a Tensor or an array or plain object of Tensors, got the number 3',
    );
    expect(call(() => jvp(f, tensor(1) as never, [tensor(1)])).code).toBe('INVALID_ARGUMENT');
  });

  it('gradcheck in forward mode compares JVP columns with central differences', () => {
    const x = randn([3, 2], rng);
    const w = randn([2, 4], rng);
    const result = gradcheck((a, b) => a.matmul(b).sigmoid(), [x, w], { mode: 'forward', raise: false });
    expect(result.ok).toBe(true);
    expect(result.compared).toBe(12 * (6 + 8));
    const broken = gradcheck((a) => a.mul(a), [x], { mode: 'forward', raise: false, atol: 1e-9, rtol: 0 });
    expect(broken.ok).toBe(true);
    expect(() => gradcheck((a) => a, [x], { mode: 'sideways' as never })).toThrow(
      /mode must be 'reverse' or 'forward'/,
    );
  });
});

describe('jacobians and Hessians', () => {
  const x = randn([4, 3], rng);
  const w = randn([3, 2], rng);
  const layer = (v: Tensor) => x.matmul(v).tanh();

  it('jacfwd and jacrev agree with the closed form of tanh(x·w): ∂out[i,j]/∂w[k,l] = (1 − out²)[i,j]·x[i,k]·[j = l]', () => {
    const out = layer(w);
    const expected = new Float64Array(4 * 2 * 3 * 2);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 3; k++) {
          const y = out.data[i * 2 + j]!;
          expected[((i * 2 + j) * 3 + k) * 2 + j] = (1 - y * y) * x.data[i * 3 + k]!;
        }
    for (const J of [jacfwd(layer)(w), jacrev(layer)(w), jacobian(layer)(w)]) {
      expect(J.shape).toEqual([4, 2, 3, 2]);
      J.toArray().forEach((v, n) => {
        expect(Math.abs(v - expected[n]!)).toBeLessThan(1e-15);
      });
    }
  });

  it('jacobian picks forward mode for few inputs and reverse mode for few outputs (counting evaluations)', () => {
    // Forward mode evaluates f once per input tensor (one jvp vmapped over its basis), reverse
    // mode once in all (one recorded evaluation, one backward pass vmapped over the outputs' basis).
    let calls = 0;
    const wide = (v: { p: Tensor; q: Tensor }) => {
      calls++;
      return v.p
        .exp()
        .add(v.q)
        .reshape([2, 1])
        .matmul(tensor([[1, 2, 3]])); // 3 inputs in two tensors, 6 outputs
    };
    jacobian(wide)({ p: tensor([0.5, -0.5]), q: tensor([1]) });
    expect(calls).toBe(1 + 2); // one evaluation to see the shapes, then one jvp per input tensor
    calls = 0;
    const narrow = (v: { p: Tensor; q: Tensor }) => {
      calls++;
      return v.p.exp().sum().add(v.q.sum()); // 8 inputs in two tensors, 1 output
    };
    jacobian(narrow)({ p: randn([2, 3], rng), q: randn([2], rng) });
    expect(calls).toBe(1 + 1); // the shapes, then one recorded evaluation and one backward pass
  });

  it('hessian is the closed form: f(x) = x₀²·x₁ has H = [[2x₁, 2x₀], [2x₀, 0]]', () => {
    const f = (v: Tensor) =>
      v
        .slice([0], [1])
        .square()
        .mul(v.slice([1], [2]))
        .sum();
    expect(hessian(f)(tensor([1, 3])).toNested()).toEqual([
      [6, 2],
      [2, 0],
    ]);
  });

  it('hessian (forward over reverse) equals reverse over reverse on a small network', () => {
    const f = (v: Tensor) => x.matmul(v).sigmoid().square().sum();
    const forwardOverReverse = hessian(f)(w);
    const reverseOverReverse = jacrev((v: Tensor) => grad(f)(v)[0])(w);
    expect(forwardOverReverse.shape).toEqual([3, 2, 3, 2]);
    forwardOverReverse.toArray().forEach((v, n) => {
      expect(Math.abs(v - reverseOverReverse.data[n]!)).toBeLessThan(1e-15);
    });
  });

  it('takes argnums and pytrees: blocks nested as the result, then the arguments', () => {
    const f = (p: { w: Tensor; b: Tensor }, data: Tensor) => data.matmul(p.w).add(p.b).tanh().sum();
    const params = { w, b: tensor([[0.1, -0.2]]) };
    const H = hessian(f)(params, x);
    expect(Object.keys(H)).toEqual(['b', 'w']);
    expect(H.w.w.shape).toEqual([3, 2, 3, 2]);
    expect(H.w.b.shape).toEqual([3, 2, 1, 2]);
    expect(H.b.w.shape).toEqual([1, 2, 3, 2]);
    const J = jacrev((p: { w: Tensor; b: Tensor }, data: Tensor) => data.matmul(p.w).add(p.b), {
      argnums: [0, 1],
    })(params, x);
    expect(J[0].w.shape).toEqual([4, 2, 3, 2]);
    expect(J[1].shape).toEqual([4, 2, 4, 3]);
  });

  it('hvp is H·v without forming H', () => {
    const f = (v: Tensor) => x.matmul(v).tanh().pow(3).sum();
    const v = randn([3, 2], rng);
    const [hv] = hvp(f, [w], [v]);
    const H = hessian(f)(w);
    for (let a = 0; a < 6; a++) {
      let expected = 0;
      for (let b = 0; b < 6; b++) expected += H.data[a * 6 + b]! * v.data[b]!;
      expect(Math.abs(hv.data[a]! - expected)).toBeLessThan(1e-14);
    }
  });
});

describe('grad and valueAndGrad: argnums, hasAux, pytrees', () => {
  const f = (a: Tensor, b: Tensor, c: Tensor) => a.mul(b).mul(c).sum();
  const [a, b, c] = [tensor([2]), tensor([3]), tensor([5])];

  it('keeps the call form of before: every argument, an array of gradients', () => {
    expect(grad(f)(a, b, c).map((g) => g.item())).toEqual([15, 10, 6]);
  });

  it('argnums as a number gives that gradient alone, as an array a tuple; negative counts from the end', () => {
    expect(grad(f, { argnums: 1 })(a, b, c).item()).toBe(10);
    expect(grad(f, { argnums: [2, 0] })(a, b, c).map((g) => g.item())).toEqual([6, 15]);
    expect(grad(f, { argnums: -1 })(a, b, c).item()).toBe(6);
  });

  it('passes arguments it does not differentiate through untouched, whatever they are', () => {
    const g = grad((x: Tensor, scale: number) => x.mul(scale).sum(), { argnums: 0 });
    expect(g(tensor([1, 1]), 4).toArray()).toEqual([4, 4]);
  });

  it('hasAux returns the auxiliary value beside the gradients', () => {
    const withAux = (x: Tensor) => {
      const y = x.square();
      return [y.sum(), { squares: y }] as const;
    };
    const [[value, aux], [dx]] = valueAndGrad(withAux, { hasAux: true })(tensor([1, 2]));
    expect(value.item()).toBe(5);
    expect(aux.squares.toArray()).toEqual([1, 4]);
    expect(dx.toArray()).toEqual([2, 4]);
    const [g, aux2] = grad(withAux, { argnums: 0, hasAux: true })(tensor([3]));
    expect(g.toArray()).toEqual([6]);
    expect(aux2.squares.toArray()).toEqual([9]);
  });

  it('differentiates pytrees of parameters: the gradient has the argument structure', () => {
    const loss = (p: { layers: { w: Tensor; b: Tensor }[] }) =>
      p.layers.reduce((acc, l) => acc.add(l.w.mul(l.b).sum()), tensor(0));
    const params = {
      layers: [
        { w: tensor([1, 2]), b: tensor([3, 4]) },
        { w: tensor([5]), b: tensor([6]) },
      ],
    };
    const [g] = grad(loss)(params);
    expect(g.layers[0]!.w.toArray()).toEqual([3, 4]);
    expect(g.layers[0]!.b.toArray()).toEqual([1, 2]);
    expect(g.layers[1]!.w.toArray()).toEqual([6]);
  });

  it('vjp takes pytree outputs with a cotangent of the same structure', () => {
    const { out, vjp: pullback } = vjp(
      (x: Tensor) => ({ double: x.mul(2), square: x.square() }),
      tensor([1, 2]),
    );
    expect(out.double.toArray()).toEqual([2, 4]);
    const [g] = pullback({ double: tensor([1, 0]), square: tensor([0, 1]) });
    expect(g.toArray()).toEqual([2, 4]);
    expect(() => pullback({ double: tensor([1, 0]) } as never)).toThrow(/structure \{ double: Tensor \}/);
  });

  it('refuses bad argnums and a hasAux result that is not a pair, naming them', () => {
    expect(() => grad(f, { argnums: 3 })(a, b, c)).toThrow(
      /argnums the number 3 is not an argument index for 3 arguments/,
    );
    expect(() => grad(f, { argnums: [0, -3] })(a, b, c)).toThrow(/repeats an argument/);
    expect(() => grad(f, { argnums: [] as never })(a, b, c)).toThrow(/non-empty array/);
    expect(() => grad((x: Tensor) => x.sum() as never, { hasAux: true })(a)).toThrow(
      /with hasAux, f must return \[value, aux\]/,
    );
    expect(() => grad((x: { w: number }) => tensor(x.w) as Tensor)({ w: 1 })).toThrow(
      'grad: argument 0.w must be a Tensor or an array or plain object of Tensors, got the number 1',
    );
  });
});
