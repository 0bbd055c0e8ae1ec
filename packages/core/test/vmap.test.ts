import { detectAnomaly, grad, jacrev, jvp, randn, type Tensor, tensor, vmap } from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { row, stack } from './batch';
import { thrown } from './expect-error';

const rng = numpyRandom(5);

describe('vmap', () => {
  const W1 = randn([3, 4], rng);
  const b1 = randn([4], rng);
  const W2 = randn([4, 2], rng);
  // One example: x of shape [3] through a small network, then a stable softmax.
  const net = (x: Tensor) => {
    const h = x.reshape([1, 3]).matmul(W1).add(b1).tanh();
    const z = h.matmul(W2).reshape([2]);
    const e = z.sub(z.max()).exp();
    return e.div(e.sum());
  };

  it('equals a loop over the examples, bit for bit', () => {
    const X = randn([5, 3], rng);
    const mapped = vmap(net)(X);
    const looped = stack(Array.from({ length: 5 }, (_, b) => net(row(X, b))));
    expect(mapped.shape).toEqual([5, 2]);
    expect(Array.from(mapped.data)).toEqual(Array.from(looped.data));
  });

  it('takes the batch axis of each argument from inAxes (null: shared) and puts it where outAxes says', () => {
    const xs = randn([3, 4], rng); // batch along axis 1: 4 examples of shape [3]
    const w = randn([3], rng);
    const f = (x: Tensor, v: Tensor) => x.mul(v);
    const mapped = vmap(f, [1, null], 1)(xs, w); // each example x·w of shape [3], batch back on axis 1
    expect(mapped.shape).toEqual([3, 4]);
    const expected = xs.mul(w.reshape([3, 1]));
    expect(Array.from(mapped.data)).toEqual(Array.from(expected.data));
    // A negative axis counts from the end.
    expect(Array.from(vmap(f, [-1, null], -1)(xs, w).data)).toEqual(Array.from(expected.data));
  });

  it('maps pytrees in and out; an output that ignores the batch is repeated per example', () => {
    const p = { a: randn([4, 2], rng), b: randn([4], rng) };
    const c = tensor([7, 8]);
    const out = vmap((q: { a: Tensor; b: Tensor }) => ({ s: q.a.sum().add(q.b), c }))(p);
    expect(out.s.shape).toEqual([4]);
    expect(Array.from(out.s.data)).toEqual(Array.from(p.a.sum(1).add(p.b).data));
    expect(out.c.toNested()).toEqual([
      [7, 8],
      [7, 8],
      [7, 8],
      [7, 8],
    ]);
  });

  it('gives per-example gradients (vmap of grad) equal to a loop of grad', () => {
    const w = randn([3, 1], rng);
    const X = randn([6, 3], rng);
    const Y = randn([6, 1], rng);
    const loss = (w: Tensor, x: Tensor, y: Tensor) =>
      x.reshape([1, 3]).matmul(w).sub(y).tanh().square().sum();
    const dw = grad(loss, { argnums: 0 });
    const mapped = vmap(dw, [null, 0, 0])(w, X, Y);
    const looped = stack(Array.from({ length: 6 }, (_, b) => dw(w, row(X, b), row(Y, b))));
    expect(mapped.shape).toEqual([6, 3, 1]);
    expect(Array.from(mapped.data)).toEqual(Array.from(looped.data));
  });

  it('nests: vmap of vmap equals a double loop, and composes with jvp both ways', () => {
    const X = randn([2, 3, 4], rng);
    const f = (x: Tensor) => x.sigmoid().mul(x).sum();
    const twice = vmap(vmap(f))(X);
    expect(twice.shape).toEqual([2, 3]);
    const loop = X.sigmoid().mul(X).sum(2);
    expect(Array.from(twice.data)).toEqual(Array.from(loop.data));
    const T = randn([2, 3, 4], rng);
    const [, outer] = jvp((x: Tensor) => vmap(vmap(f))(x), [X], [T]);
    const inner = vmap(vmap((x: Tensor, t: Tensor) => jvp(f, [x], [t])[1]))(X, T);
    expect(Array.from(outer.data)).toEqual(Array.from(inner.data));
  });

  it('refuses batch sizes that differ, naming both arguments', () => {
    const e = thrown(() => vmap((a: Tensor, b: Tensor) => a.add(b))(randn([3, 2], rng), randn([4, 2], rng)));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toBe('vmap: argument 1 has 4 examples along axis 0 (shape [4, 2]), argument 0 has 3');
  });

  it('refuses inAxes that do not fit the arguments', () => {
    const x = randn([3, 2], rng);
    expect(thrown(() => vmap((a: Tensor) => a, [0, 0])(x)).message).toBe(
      'vmap: inAxes has 2 entries for 1 argument (one per argument)',
    );
    expect(thrown(() => vmap((a: Tensor) => a, 2)(x)).message).toBe(
      'vmap: inAxes is the number 2, not an axis of argument 0 (shape [3, 2]: an integer in [-2, 1])',
    );
    expect(thrown(() => vmap((a: Tensor, b: Tensor) => a.add(b), [0, -3])(x, x)).message).toBe(
      'vmap: inAxes[1] is the number -3, not an axis of argument 1 (shape [3, 2]: an integer in [-2, 1])',
    );
    expect(thrown(() => vmap((a: Tensor) => [a, a], 0, [0])(x)).message).toBe(
      'vmap: outAxes has 1 entry for 2 output tensors (one per output tensor, in flattening order)',
    );
    expect(thrown(() => vmap((a: Tensor) => a.sum(), 0, 1)(x)).message).toBe(
      'vmap: outAxes is the number 1, not an axis of output 0 with its batch axis (shape [3]: an integer in [-1, 0])',
    );
    expect(thrown(() => vmap((a: Tensor) => a, null)(x)).message).toBe(
      'vmap: no argument is batched (every inAxes entry is null)',
    );
  });

  it('refuses to read the values of a batched tensor inside, and its use after vmap returned', () => {
    const e = thrown(() => vmap((a: Tensor) => tensor(a.toArray()))(randn([3, 2], rng)));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toMatch(
      /^vmap: .* reads the values of a batched tensor \(shape \[2\], one of 3 examples\)/,
    );
    const data = thrown(() => vmap((a: Tensor) => tensor(Array.from(a.data)))(randn([3, 2], rng)));
    expect(data.message).toMatch(/^vmap: \.data reads the values of a batched tensor/);
    let kept: Tensor | null = null;
    vmap((a: Tensor) => {
      kept = a;
      return a.mul(2);
    })(randn([3, 2], rng));
    const escaped = thrown(() => kept!.add(1));
    expect(escaped.message).toMatch(
      /^vmap: a batched tensor \(shape \[2\]\) was used after its vmap returned/,
    );
  });

  it('works under detectAnomaly: the check reads the batch, not the placeholder values of an example', () => {
    // jacrev maps a backward pass with vmap; its gradients are batched tensors.
    const f = (x: Tensor) => x.mul(x).tanh();
    const x = tensor([1, 2, 3]);
    expect(detectAnomaly(() => jacrev(f)(x)).toNested()).toEqual(jacrev(f)(x).toNested());
    const logs = vmap(grad((v: Tensor) => v.log().sum(), { argnums: 0 }));
    const e = thrown(() =>
      detectAnomaly(() =>
        logs(
          tensor([
            [1, 2],
            [0, 1],
          ]),
        ),
      ),
    );
    expect(e.code).toBe('ANOMALY');
    expect(e.message).toMatch(
      /^forward of log produced -Infinity at flat index 2 of a tensor of shape \[2, 2\]/,
    );
  });
});
