import {
  compile,
  customVjp,
  defineOp,
  grad,
  gradcheck,
  hessian,
  jacrev,
  jvp,
  logSumExp,
  randn,
  type Tensor,
  tensor,
  vmap,
} from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { thrown } from './expect-error';

const rng = numpyRandom(11);

// softsign(x) = x / (1 + |x|), forward on raw values, ∂/∂x = 1 / (1 + |x|)².
const slope = (x: Tensor) => x.abs().add(1).square();
const softsignForward = (x: Tensor) => ({ data: x.data.map((v) => v / (1 + Math.abs(v))), shape: x.shape });
const softsign = defineOp({
  name: 'softsign',
  forward: softsignForward,
  vjp: (g, { inputs: [x] }) => [g.div(slope(x!))],
});

describe('defineOp', () => {
  it('is differentiated by its VJP, to second order', () => {
    const x = randn([2, 3], rng);
    expect(gradcheck((x) => softsign(x), [x], { raise: false }).ok).toBe(true);
    // (x/(1+x))″ = −2/(1+x)³ for x > 0
    const [d2] = grad((x: Tensor) => grad((y: Tensor) => softsign(y).sum())(x)[0].sum())(tensor([1]));
    expect(d2.item()).toBeCloseTo(-2 / 8, 15);
  });

  it('derives a JVP from the VJP by transposition: a JVP written out, to rounding', () => {
    const withJvp = defineOp({
      name: 'softsignJvp',
      forward: softsignForward,
      vjp: (g, { inputs: [x] }) => [g.div(slope(x!))],
      jvp: ([t], { inputs: [x] }) => t!.div(slope(x!)),
    });
    const x = randn([4], rng);
    const t = randn([4], rng);
    const [, derived] = jvp((x: Tensor) => softsign(x), [x], [t]);
    const [, written] = jvp((x: Tensor) => withJvp(x), [x], [t]);
    derived.data.forEach((v, i) => {
      expect(v).toBeCloseTo(written.data[i]!, 15);
    });
    // and forward over reverse through it: the Hessian of Σ softsign is diagonal, −2·sign(x)/(1+|x|)³
    const H = hessian((x: Tensor) => softsign(x).sum())(x);
    const expected = Array.from(x.data).map((v) => (-2 * Math.sign(v)) / (1 + Math.abs(v)) ** 3);
    expected.forEach((e, i) => {
      expect(H.data[i * 4 + i]!).toBeCloseTo(e, 14);
    });
  });

  it('runs once per example under vmap without a batching rule, with the loop bits', () => {
    const X = randn([5, 3], rng);
    const mapped = vmap((x: Tensor) => softsign(x).mul(x).sum())(X);
    const looped = Array.from({ length: 5 }, (_, b) =>
      softsign(X.slice([b], [b + 1]).reshape([3]))
        .mul(X.slice([b], [b + 1]).reshape([3]))
        .sum()
        .item(),
    );
    expect(Array.from(mapped.data)).toEqual(looped);
  });

  it('compiles: a step with a user op replays with the eager bits', () => {
    const f = (x: Tensor) => [grad((y: Tensor) => softsign(y).square().sum())(x)[0]] as const;
    const step = compile(f);
    const x = randn([3], rng);
    const [first] = step(x);
    expect(Array.from(first.data)).toEqual(Array.from(f(x)[0].data));
  });

  it('refuses a definition without its parts, naming the op and the part', () => {
    expect(thrown(() => defineOp({ name: '', forward: softsignForward, vjp: (g) => [g] })).message).toBe(
      'defineOp: name must be a non-empty string, got the string ""',
    );
    expect(thrown(() => defineOp({ name: 'half', forward: softsignForward } as never)).message).toMatch(
      /^defineOp: vjp of op "half" must be a function, got /,
    );
    const bad = defineOp({ name: 'bad', forward: () => 3 as never, vjp: (g) => [g] });
    expect(thrown(() => bad(tensor([1]))).message).toMatch(
      /^bad: forward must return a Tensor or \{ data: Float64Array, shape \}, got /,
    );
  });
});

describe('customVjp', () => {
  it('clips a gradient: the forward unchanged, the gradient the rule', () => {
    const clipGradient = customVjp(
      (x: Tensor) => x,
      (g) => [g.clamp(-1, 1)],
    );
    const x = tensor([0.5, 2]);
    expect(clipGradient(x).toArray()).toEqual([0.5, 2]);
    expect(grad((x: Tensor) => clipGradient(x).mul(10).sum())(x)[0].toArray()).toEqual([1, 1]);
    expect(grad((x: Tensor) => clipGradient(x).mul(0.5).sum())(x)[0].toArray()).toEqual([0.5, 0.5]);
  });

  it('gives a composite its own formula, used by grad, jvp and Hessians', () => {
    // log Σ exp with the gradient softmax(x) = exp(x − lse(x)), written once.
    const lse = customVjp(
      (x: Tensor) => logSumExp(x, 0),
      (g, { inputs: [x], out }) => [g.mul(x!.sub(out).exp())],
    );
    const x = randn([4], rng);
    const reference = (x: Tensor) => logSumExp(x, 0);
    const gOwn = grad(lse)(x)[0];
    const gRef = grad(reference)(x)[0];
    gOwn.data.forEach((v, i) => {
      expect(v).toBeCloseTo(gRef.data[i]!, 15);
    });
    const H = hessian(lse)(x);
    const Href = jacrev((y: Tensor) => grad(reference)(y)[0])(x);
    H.data.forEach((v, i) => {
      expect(v).toBeCloseTo(Href.data[i]!, 14);
    });
  });

  it('refuses a rule that is not a function', () => {
    expect(thrown(() => customVjp((x: Tensor) => x, 3 as never)).message).toBe(
      'customVjp: rule must be a function, got the number 3',
    );
  });
});
