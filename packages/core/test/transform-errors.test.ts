import {
  customVjp,
  defineOp,
  detectAnomaly,
  grad,
  hessian,
  hvp,
  jacfwd,
  jacobian,
  jacrev,
  jvp,
  type Tensor,
  tensor,
  valueAndGrad,
  vmap,
} from '@deltagrad/core';
import { describe, expect, it } from 'vitest';
import { expectTyped } from './expect-error';

// A user's rule that breaks its contract, or a transform called wrongly, is a DeltagradError
// naming the op or the argument and the shapes: never a TypeError, and never a silently wrong
// gradient (a VJP returning a gradient too many used to be dropped, one too few read as zero).

const x = tensor([1, 2, 3]);
const square = (v: Tensor) => v.mul(v);
const squareVjp = (g: Tensor, { inputs: [v] }: { inputs: readonly Tensor[] }) => [g.mul(v!).mul(2)];

describe('defineOp: a rule that breaks its contract is named', () => {
  it('refuses an unknown key (a misspelt jvp would be derived without a word)', () => {
    expectTyped(
      () => defineOp({ name: 'sq', forward: square, vjp: squareVjp, jvpp: () => null } as never),
      'INVALID_ARGUMENT',
      'defineOp: op "sq" has an unknown key "jvpp"',
      'name, forward, vjp, jvp, batch',
    );
  });

  it('a VJP returning a gradient too many, too few, or not an array (regression: dropped, or read as zero)', () => {
    const tooMany = defineOp({ name: 'sq', forward: square, vjp: (g, ctx) => [...squareVjp(g, ctx), g] });
    expectTyped(
      () => grad((v: Tensor) => tooMany(v).sum())(x),
      'INVALID_ARGUMENT',
      'vjp of sq returned 2 gradients for 1 input of shapes [3] (one per input, null for none)',
    );
    const tooFew = defineOp({
      name: 'mul2',
      forward: (a, b) => a.mul(b),
      vjp: (g, { inputs: [, b] }) => [g.mul(b!)],
    });
    expectTyped(
      () => grad((a: Tensor, b: Tensor) => tooFew(a, b).sum())(x, tensor(2)),
      'INVALID_ARGUMENT',
      'vjp of mul2 returned 1 gradient for 2 inputs of shapes [3], []',
    );
    const notArray = defineOp({ name: 'sq', forward: square, vjp: (g) => g as never });
    expectTyped(
      () => grad((v: Tensor) => notArray(v).sum())(x),
      'INVALID_ARGUMENT',
      'vjp of sq returned a Tensor of shape [3], not an array of one gradient (or null) per input (it has 1 input)',
    );
  });

  it('a VJP gradient, a JVP tangent or a batch of the wrong shape names the shapes', () => {
    const badGrad = defineOp({ name: 'sq', forward: square, vjp: () => [tensor([1, 2])] });
    expectTyped(
      () => grad((v: Tensor) => badGrad(v).sum())(x),
      'INVALID_SHAPE',
      'backward of sq returned a gradient of shape [2] for input 0 of shape [3]',
    );
    const badTangent = defineOp({ name: 'sq', forward: square, vjp: squareVjp, jvp: () => tensor([1, 2]) });
    expectTyped(
      () => jvp(badTangent, [x], [x]),
      'INVALID_SHAPE',
      'jvp of sq returned a tangent of shape [2] for an output of shape [3]',
    );
    const badBatch = defineOp({ name: 'sq', forward: square, vjp: squareVjp, batch: () => tensor([1]) });
    expectTyped(
      () =>
        vmap((t: Tensor) => badBatch(t))(
          tensor([
            [1, 2],
            [3, 4],
          ]),
        ),
      'INVALID_SHAPE',
      'the batching rule of sq returned shape [1], not a batch of 2',
    );
    const badForward = defineOp({
      name: 'sq',
      forward: () => ({ data: new Float64Array(2), shape: [3] }),
      vjp: squareVjp,
    });
    expectTyped(
      () => badForward(x),
      'INVALID_SHAPE',
      'forward of sq returned 2 values for its output shape [3]',
    );
  });

  it('a JVP returning several tangents, or a batching rule returning an array, is named (regression: TypeError)', () => {
    const severalTangents = defineOp({
      name: 'sq',
      forward: square,
      vjp: squareVjp,
      jvp: ([t]) => [t, t] as never,
    });
    expectTyped(
      () => jvp(severalTangents, [x], [x]),
      'INVALID_SHAPE',
      "jvp of sq returned an array, not the output's tangent: a JVP returns one Tensor of the output's shape [3]",
    );
    const numberTangent = defineOp({ name: 'sq', forward: square, vjp: squareVjp, jvp: () => 3 as never });
    expectTyped(() => jvp(numberTangent, [x], [x]), 'INVALID_SHAPE', 'jvp of sq returned the number 3');
    const arrayBatch = defineOp({
      name: 'sq',
      forward: square,
      vjp: squareVjp,
      batch: ({ inputs }) => inputs as never,
    });
    expectTyped(
      () =>
        vmap((t: Tensor) => arrayBatch(t))(
          tensor([
            [1, 2],
            [3, 4],
          ]),
        ),
      'INVALID_SHAPE',
      'the batching rule of sq returned an array, not a Tensor with the batch of 2 on its leading axis',
    );
  });

  it('under detectAnomaly, a VJP or JVP rule making NaN from finite values is named; a NaN tangent given is not blamed', () => {
    const nanVjp = defineOp({ name: 'sq', forward: square, vjp: (g) => [g.mul(Number.NaN)] });
    expectTyped(
      () => detectAnomaly(() => grad((v: Tensor) => nanVjp(v).sum())(x)),
      'ANOMALY',
      'backward of sq (input 0) produced NaN',
    );
    const nanJvp = defineOp({ name: 'sq', forward: square, vjp: squareVjp, jvp: ([t]) => t!.div(0).mul(0) });
    expectTyped(
      () => detectAnomaly(() => jvp(nanJvp, [x], [x])),
      'ANOMALY',
      'jvp of sq produced NaN at flat index 0 of a tensor of shape [3]',
    );
    // Outside detectAnomaly, NaN flows through as in every op.
    expect(Number.isNaN(jvp(nanJvp, [x], [x])[1].toArray()[0])).toBe(true);
    // The same rule under vmap: the batch's values are checked.
    expectTyped(
      () =>
        detectAnomaly(() =>
          vmap((t: Tensor) => jvp(nanJvp, [x], [t])[1])(
            tensor([
              [1, 0, 0],
              [0, 1, 0],
            ]),
          ),
        ),
      'ANOMALY',
      'jvp of sq produced NaN',
    );
    // A NaN in the tangent given is the caller's, not an op's: nothing is named, NaN flows through.
    const [, tangent] = detectAnomaly(() =>
      jvp((v: Tensor) => v.exp().sum(), [x], [tensor([Number.NaN, 0, 0])]),
    );
    expect(Number.isNaN(tangent.item())).toBe(true);
  });
});

describe('customVjp: a rule with the wrong number of gradients is named', () => {
  it('one gradient too many or too few for the inputs of f (regression: dropped, or read as zero)', () => {
    const twice = customVjp(
      function twice(v: Tensor) {
        return v.mul(2);
      },
      (g) => [g, g] as never,
    );
    expectTyped(
      () => grad((v: Tensor) => twice(v).sum())(x),
      'INVALID_ARGUMENT',
      'vjp of customVjp(twice) returned 2 gradients for 1 input of shapes [3]',
    );
    const product = customVjp(
      (a: Tensor, b: Tensor) => a.mul(b),
      (g, { inputs: [, b] }) => [g.mul(b)] as never,
    );
    expectTyped(
      () => grad((a: Tensor, b: Tensor) => product(a, b).sum())(x, x),
      'INVALID_ARGUMENT',
      'vjp of customVjp returned 1 gradient for 2 inputs of shapes [3], [3]',
    );
  });
});

describe('hvp names itself, the argument and the shapes', () => {
  const f = (v: Tensor) => v.pow(3).sum();
  it('refuses primals and tangents that do not match', () => {
    expectTyped(
      () => hvp(f, x as never, [x]),
      'INVALID_ARGUMENT',
      'hvp: primals must be an array with one entry per argument of f, got a Tensor of shape [3]',
    );
    expectTyped(() => hvp(f, [x], [x, x] as never), 'INVALID_ARGUMENT', 'hvp: 1 primals but 2 tangents');
    expectTyped(
      () => hvp(f, [x], [tensor([1, 2])]),
      'SHAPE_MISMATCH',
      'hvp: tangents[0] leaf 0 has shape [2], its primal [3]',
    );
    expectTyped(() => hvp(f, [x], [[x]] as never), 'SHAPE_MISMATCH', 'hvp: tangents[0] has structure');
  });

  it('refuses an f that is not scalar-valued, or returns no tensor', () => {
    expectTyped(
      () => hvp((v: Tensor) => v.mul(v), [x], [x]),
      'NON_SCALAR_OUTPUT',
      'hvp: the function returned shape [3], not a scalar',
    );
    expectTyped(
      () => hvp((() => 3) as never, [x], [x]),
      'INVALID_ARGUMENT',
      'hvp: f must return a Tensor, got the number 3',
    );
    expectTyped(() => hvp(3 as never, [x], [x]), 'INVALID_ARGUMENT', 'hvp: f must be a function');
  });
});

describe('Jacobian transforms: argnums and options', () => {
  const f = (a: Tensor, b: Tensor) => a.mul(b);
  it.each([
    ['jacobian', jacobian],
    ['jacfwd', jacfwd],
    ['jacrev', jacrev],
  ] as const)('%s names a bad argnums and the argument count', (name, transform) => {
    const bad = (argnums: unknown) => () => transform(f, { argnums } as never)(x, x);
    expectTyped(
      bad(2),
      'INVALID_ARGUMENT',
      `${name}: argnums the number 2 is not an argument index for 2 arguments`,
    );
    expectTyped(bad(0.5), 'INVALID_ARGUMENT', `${name}: argnums the number 0.5 is not an argument index`);
    expectTyped(bad([0, 0]), 'INVALID_ARGUMENT', `${name}: argnums [0, 0] repeats an argument`);
    expectTyped(
      bad([]),
      'INVALID_ARGUMENT',
      `${name}: argnums must be an argument index or a non-empty array of them`,
    );
    expectTyped(
      bad('0'),
      'INVALID_ARGUMENT',
      `${name}: argnums must be an argument index or a non-empty array of them, got the string "0"`,
    );
    expectTyped(
      () => transform((a: Tensor, n: number) => a.mul(n), { argnums: 1 })(x, 3),
      'INVALID_ARGUMENT',
      `${name}: argument 1 must be a Tensor or an array or plain object of Tensors, got the number 3`,
    );
  });

  it('refuses an unknown option, as grad does (regression: { argnum: 1 } differentiated argument 0)', () => {
    for (const [name, transform] of [
      ['jacobian', jacobian],
      ['jacfwd', jacfwd],
      ['jacrev', jacrev],
      ['hessian', hessian],
    ] as const) {
      expectTyped(
        () => (transform as typeof jacobian)((v: Tensor) => v.sum(), { argnum: 1 } as never),
        'INVALID_ARGUMENT',
        `${name}: unknown option "argnum" (the one option is argnums)`,
      );
    }
    expectTyped(
      () => grad((v: Tensor) => v.sum(), { argnum: 1 } as never),
      'INVALID_ARGUMENT',
      'grad: unknown option "argnum" (the options are argnums and hasAux)',
    );
    expectTyped(
      () => valueAndGrad((v: Tensor) => v.sum(), { hasaux: true } as never),
      'INVALID_ARGUMENT',
      'grad: unknown option "hasaux"',
    );
  });

  it('hessian names a bad argnums and a result that is not scalar', () => {
    expectTyped(
      () => hessian((v: Tensor) => v.sum(), { argnums: 1 })(x),
      'INVALID_ARGUMENT',
      'hessian: argnums the number 1 is not an argument index for 1 argument',
    );
    expectTyped(
      () => hessian((v: Tensor) => v.mul(v))(x),
      'NON_SCALAR_OUTPUT',
      'hessian: the function returned shape [3], not a scalar',
      'jacfwd(jacrev(f)) for the second derivatives of every output',
    );
  });
});
