import {
  add,
  broadcastTo,
  concat,
  elementBudget,
  full,
  gradcheck,
  gradgradcheck,
  matmul,
  mul,
  type NestedArray,
  neg,
  ones,
  opTable,
  pad,
  permute,
  reshape,
  setElementBudget,
  slice,
  sum,
  type Tensor,
  tensor,
  where,
  zeros,
} from '@deltagrad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectTyped } from './expect-error';

// As NumPy refuses np.array([[1, 2], 3]): a ragged nested array is an error, never padded.
describe('tensor() refuses ragged nested arrays (regression: [[1, 2], 3] became [[1, 2], [3, 0]])', () => {
  it.each([
    ['[[1, 2], 3]', '[1]', [[1, 2], 3]],
    ['[[1, 2], 3, 4]', '[1]', [[1, 2], 3, 4]],
    ['[[1], 2]', '[1]', [[1], 2]],
    ['[1, [2]]', '[1]', [1, [2]]],
    ['[[1, 2], [3]]', '[1]', [[1, 2], [3]]],
    [
      '[[1, 2], [3, 4, 5]]',
      '[1]',
      [
        [1, 2],
        [3, 4, 5],
      ],
    ],
    [
      '[[[1], [2]], [[3], 4]]',
      '[1][1]',
      [
        [[1], [2]],
        [[3], 4],
      ],
    ],
    ['[[], [1]]', '[1]', [[], [1]]],
  ] as [string, string, NestedArray][])('%s names %s', (_, index, value) => {
    expectTyped(() => tensor(value), 'INVALID_SHAPE', 'tensor: ragged nested array', `at ${index}`);
  });

  it('still accepts rectangular and empty arrays', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).shape,
    ).toEqual([2, 2]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor([[[1]], [[2]]]).toArray()).toEqual([1, 2]);
  });
});

describe('tensor() names the entry that is not a number', () => {
  it.each([
    ['a string "NaN"', [1, 'NaN'], '[1]', 'the string "NaN"'],
    ['null', [[1, null]], '[0][1]', 'null'],
    ['undefined', [1, undefined], '[1]', 'undefined'],
    // biome-ignore lint/suspicious/noSparseArray: a hole is the case under test
    ['a hole', [1, , 3], '[1]', 'undefined'],
    ['a boolean', [[true]], '[0][0]', 'the boolean true'],
    ['a bigint', [1n], '[0]', 'the bigint 1'],
    ['an object', [{}], '[0]', 'an object'],
  ] as [string, unknown, string, string][])('%s', (_, value, index, what) => {
    expectTyped(() => tensor(value as NestedArray), 'INVALID_ARGUMENT', `tensor: ${index} is ${what}`);
  });

  it('a value that is not a number, an array or a Float64Array at all', () => {
    expectTyped(() => tensor('abc' as never), 'INVALID_ARGUMENT', 'tensor', 'the string "abc"');
    expectTyped(() => tensor(null as never), 'INVALID_ARGUMENT', 'tensor', 'null');
    expectTyped(() => tensor(new Float32Array(2) as never), 'INVALID_ARGUMENT', 'tensor', 'Float32Array');
  });

  it('NaN and ±Infinity are numbers and are kept', () => {
    expect(tensor([Number.NaN, Infinity, -Infinity]).toArray()).toEqual([Number.NaN, Infinity, -Infinity]);
  });

  it('nesting 10,000 deep is a typed error (more axes than the 64 NumPy allows), not a stack overflow', () => {
    let deep: NestedArray = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expectTyped(() => tensor(deep), 'INVALID_SHAPE', 'tensor', 'more than 64 axes');
    let ok: NestedArray = 1;
    for (let i = 0; i < 64; i++) ok = [ok];
    expect(tensor(ok).rank).toBe(64);
  });

  it('a shape option that does not fit the values names both', () => {
    expectTyped(() => tensor([1, 2, 3], { shape: [2, 2] }), 'INVALID_SHAPE', 'tensor', '[2, 2]', '3 values');
    expectTyped(() => tensor([1, 2], { shape: [-1, 2] }), 'INVALID_SHAPE', 'tensor', '[-1, 2]');
  });
});

describe('arguments that are not tensors are typed errors naming the op, the argument and the value', () => {
  const x = tensor([1, 2]);
  it.each([
    ['add(x, "abc")', () => add(x, 'abc' as never), 'add', 'the string "abc"'],
    ['x.add(null)', () => x.add(null as never), 'add', 'null'],
    ['mul(undefined, 1)', () => mul(undefined as never, 1), 'mul', 'undefined'],
    ['matmul(x, [[1]])', () => matmul(tensor([[1]]), [[1]] as never), 'matmul', 'an array'],
    ['where(1, x, x)', () => where(1 as never, x, x), 'where', 'the number 1'],
    ['x.matmul({})', () => tensor([[1]]).matmul({} as never), 'matmul', 'an object'],
    ['concat([x, 3])', () => concat([x, 3 as never]), 'concat', 'the number 3'],
    ['sum(5)', () => sum(5 as never), 'sum', 'the number 5'],
  ])('%s', (_, call, op, value) => {
    expectTyped(call, 'INVALID_ARGUMENT', `${op}:`, value);
  });

  it.each([
    ['sum(x, "a")', () => sum(x, 'a' as never), 'sum', 'axes'],
    ['sum(x, {})', () => sum(x, {} as never), 'sum', 'axes'],
    ['reshape(x, "ab")', () => reshape(x, 'ab' as never), 'reshape', 'shape'],
    ['reshape(x, null)', () => reshape(x, null as never), 'reshape', 'shape'],
    ['permute(x, 7)', () => permute(x, 7 as never), 'permute', 'axes'],
    ['slice(x, null)', () => slice(x, null as never), 'slice', 'begin'],
    ['pad(x, null, [0])', () => pad(x, null as never, [0]), 'pad', 'before'],
    ['concat("ab")', () => concat('ab' as never), 'concat', 'tensors'],
    ['full([2], "x")', () => full([2], 'x' as never), 'full', 'value'],
    ['x.clamp("a", 1)', () => x.clamp('a' as never, 1), 'clamp', 'lo'],
  ])('%s', (_, call, op, argument) => {
    expectTyped(call, 'INVALID_ARGUMENT', `${op}:`, argument);
  });
});

describe('shapes: negative, fractional, too many axes, too many elements', () => {
  afterEach(() => setElementBudget(2 ** 28));

  it('negative and fractional dimensions name the function and the shape', () => {
    expectTyped(() => zeros([-1, 3]), 'INVALID_SHAPE', 'zeros', '[-1, 3]');
    expectTyped(() => ones([1.5]), 'INVALID_SHAPE', 'ones', '[1.5]');
    expectTyped(() => broadcastTo(tensor([1, 2, 3]), [-1, 3]), 'INVALID_SHAPE', 'broadcastTo', '[-1, 3]');
    expectTyped(() => zeros('ab' as never), 'INVALID_ARGUMENT', 'zeros', 'shape');
  });

  it('1e10 elements fail before allocating (regression: a raw RangeError)', () => {
    expectTyped(() => zeros([1e5, 1e5]), 'TOO_LARGE', 'zeros', '[100000, 100000]', '10000000000 elements');
    expectTyped(() => add(zeros([1e5, 1]), zeros([1e5])), 'TOO_LARGE', 'add', '[100000, 100000]');
  });

  it('broadcastTo 1e9 elements fails before allocating (regression: 110 s and 3.9 GB, then a RangeError)', () => {
    expectTyped(() => broadcastTo(tensor(1), [1e9]), 'TOO_LARGE', 'broadcastTo', '[1000000000]');
  });

  it('the element budget is a setting: setElementBudget(n) lowers or raises it', () => {
    expect(elementBudget()).toBe(2 ** 28);
    setElementBudget(100);
    expect(zeros([100]).size).toBe(100);
    expectTyped(() => zeros([101]), 'TOO_LARGE', 'zeros', '101 elements', 'budget of 100');
    expectTyped(() => matmul(zeros([11, 1]), zeros([1, 10])), 'TOO_LARGE', 'matmul', '[11, 10]');
    expectTyped(() => pad(zeros([10]), [50], [50]), 'TOO_LARGE', 'pad');
    expectTyped(() => setElementBudget(-1), 'INVALID_ARGUMENT', 'setElementBudget', '-1');
    expectTyped(() => setElementBudget(2 ** 60), 'INVALID_ARGUMENT', 'setElementBudget');
  });
});

describe('hooks and seeds', () => {
  it('a hook returning a gradient of the wrong shape is a typed error naming the shapes', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    const y = x.mul(2);
    y.registerHook((g) => sum(g));
    expectTyped(() => y.sum().backward(), 'INVALID_SHAPE', 'hook', 'shape []', '[1, 3]');
  });

  it('a hook returning something that is not a tensor is a typed error', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.registerHook(() => 5 as never);
    expectTyped(() => x.mul(2).sum().backward(), 'INVALID_ARGUMENT', 'hook', 'the number 5');
  });

  it('registerHook of a non-function, and a seed that is not a tensor', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expectTyped(() => x.registerHook('f' as never), 'INVALID_ARGUMENT', 'registerHook', 'the string "f"');
    expectTyped(() => x.mul(2).backward('a' as never), 'INVALID_ARGUMENT', 'backward', 'seed');
  });
});

describe('gradcheck options', () => {
  const f = (x: Tensor) => x.mul(x).sum();
  it.each([
    ['eps 0', { eps: 0 }, 'eps', '0'],
    ['eps NaN', { eps: Number.NaN }, 'eps', 'NaN'],
    ['eps -1e-6', { eps: -1e-6 }, 'eps', '-0.000001'],
    ['atol -1', { atol: -1 }, 'atol', '-1'],
    ['rtol "x"', { rtol: 'x' as never }, 'rtol', '"x"'],
  ])('%s', (_, opts, option, value) => {
    expectTyped(() => gradcheck(f, [tensor([1, 2])], opts), 'INVALID_ARGUMENT', 'gradcheck', option, value);
    expectTyped(() => gradgradcheck(f, [tensor([1, 2])], opts), 'INVALID_ARGUMENT', option);
  });

  it('fn and inputs of the wrong kind', () => {
    expectTyped(() => gradcheck('f' as never, [tensor(1)]), 'INVALID_ARGUMENT', 'gradcheck', 'fn');
    expectTyped(() => gradcheck(f, tensor(1) as never), 'INVALID_ARGUMENT', 'gradcheck', 'inputs');
    expectTyped(() => gradcheck(f, [[1, 2]] as never), 'INVALID_ARGUMENT', 'gradcheck', 'inputs[0]');
    expectTyped(
      () => gradcheck(() => 3 as never, [tensor(1)]),
      'INVALID_ARGUMENT',
      'gradcheck',
      'the number 3',
    );
  });
});

describe('an op that breaks its contract is named (regression: "Tensor: shape [2, 1] needs 2 values, got 3")', () => {
  const { forward, vjp } = opTable.neg;
  afterEach(() => {
    opTable.neg.forward = forward;
    opTable.neg.vjp = vjp;
  });

  it('a forward returning 3 values for shape [2, 1] names the op', () => {
    opTable.neg.forward = () => ({ data: new Float64Array(3), shape: [2, 1] });
    expectTyped(() => neg(zeros([2, 1])), 'INVALID_SHAPE', 'forward of neg', '[2, 1]', '3 values');
  });

  it('a VJP returning a gradient of the wrong shape names the op and the input', () => {
    opTable.neg.vjp = (g) => [sum(g)];
    const x = zeros([2, 3], { requiresGrad: true });
    expectTyped(
      () => neg(x).backward(ones([2, 3])),
      'INVALID_SHAPE',
      'backward of neg',
      'input 0',
      'shape []',
      '[2, 3]',
    );
  });
});
