/**
 * The engine's direct paths (engine.ts applyBinary/applyUnary, backward.ts sumTo's bias case)
 * skip an op's generic forward for the common operands; they must give the forward's bits.
 * Each case runs the direct path and the op's own forward on the same values (random ones of
 * every magnitude and the edge values) and compares every bit of every element.
 */
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { sumTo } from '../src/backward';
import { makeTensor } from '../src/construct';
import { applyBinary, applyUnary } from '../src/engine';
import { noGrad } from '../src/index';
import { opTable } from '../src/ops/index';
import type { BinaryOpDef, UnaryOpDef } from '../src/ops/types';
import type { Shape } from '../src/shape';
import { sizeOf } from '../src/shape';
import type { Tensor } from '../src/tensor';

const EDGES = [0, -0, 5e-324, -5e-324, 1e-308, 1e308, -1e308, 1, -1, 0.5, Infinity, -Infinity, NaN];

/** A tensor of `shape`: the edge values first, then random values from 1e-8 to 1e8 in size. */
function values(shape: Shape, seed: number, requiresGrad = false): Tensor {
  const rng = createRandom(seed);
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    data[i] =
      i < EDGES.length && seed % 2 === 0
        ? EDGES[(i + seed) % EDGES.length]!
        : (rng.float() - 0.5) * 10 ** Math.floor(rng.float() * 17 - 8);
  }
  return makeTensor(data, shape, requiresGrad);
}

/** Same shape and the same bits (Object.is tells −0 from 0 and matches NaN). */
function expectSameBits(actual: Tensor, shape: Shape, data: Float64Array): void {
  expect([...actual.shape]).toEqual([...shape]);
  const differing = [...actual.values].findIndex((v, i) => !Object.is(v, data[i]));
  expect(differing).toBe(-1);
  expect(actual.values.length).toBe(data.length);
}

const binaryOps = Object.values(opTable).filter((def) => 'run' in def) as unknown as BinaryOpDef[];
const unaryOps = Object.values(opTable).filter((def) => 'kernel' in def) as unknown as UnaryOpDef<unknown>[];
const unaryAttrs: Record<string, unknown[]> = {
  powScalar: [{ exponent: 2 }, { exponent: 3 }, { exponent: -0.5 }],
  leakyRelu: [{ slope: 0.01 }],
  clamp: [{ lo: -1, hi: 1 }],
};

describe('element-wise ops applied directly by the engine give their forward bits', () => {
  it('covers the element-wise primitives (the direct paths are in use)', () => {
    expect(binaryOps.map((d) => d.name)).toEqual(
      expect.arrayContaining(['add', 'sub', 'mul', 'div', 'mulNoNan', 'sigmoidBackward']),
    );
    expect(unaryOps.map((d) => d.name)).toEqual(expect.arrayContaining(['neg', 'sigmoid', 'powScalar']));
  });

  // One shape, a one-element operand on either side, a bias row (with and without its 1),
  // a scalar against a scalar, and empty tensors.
  const pairs: [Shape, Shape][] = [
    [
      [4, 5],
      [4, 5],
    ],
    [[4, 5], []],
    [[], [4, 5]],
    [
      [4, 5],
      [1, 1],
    ],
    [
      [4, 5],
      [1, 5],
    ],
    [[4, 5], [5]],
    [
      [2, 3, 5],
      [3, 5],
    ],
    [[], []],
    [
      [0, 3],
      [0, 3],
    ],
    [[0, 3], [3]],
  ];
  describe.each(binaryOps.map((def) => [def.name, def] as const))('%s', (_name, def) => {
    it.each(pairs)('of shapes %j and %j, with and without grad', (as, bs) => {
      for (const seed of [2, 3]) {
        const a = values(as, seed);
        const b = values(bs, seed + 10);
        const reference = def.forward([a, b], undefined);
        expectSameBits(
          noGrad(() => applyBinary(def, a, b)),
          reference.shape,
          reference.data,
        );
        const recorded = applyBinary(def, values(as, seed, true), b);
        expectSameBits(recorded, reference.shape, reference.data);
        expect(recorded.op).toBe(def.name);
      }
    });
  });

  describe.each(unaryOps.map((def) => [def.name, def] as const))('%s', (name, def) => {
    it.each([[[4, 5]], [[]], [[0]]] as [Shape][])('of shape %j, with and without grad', (shape) => {
      for (const attrs of unaryAttrs[name] ?? [undefined]) {
        for (const seed of [2, 3]) {
          const x = values(shape, seed);
          const reference = def.forward([x], attrs);
          expectSameBits(
            noGrad(() => applyUnary(def, x, attrs)),
            reference.shape,
            reference.data,
          );
          const recorded = applyUnary(def, values(shape, seed, true), attrs);
          expectSameBits(recorded, reference.shape, reference.data);
          expect(recorded.op).toBe(def.name);
        }
      }
    });
  });
});

describe('matrix products applied directly give their forward bits', () => {
  // a·b, a·bᵀ and aᵀ·b of two matrices, an empty inner dimension, and a vector-by-matrix row.
  const products = [
    [opTable.matmul, [3, 4], [4, 5]],
    [opTable.matmulNT, [3, 4], [5, 4]],
    [opTable.matmulTN, [4, 3], [4, 5]],
    [opTable.matmul, [3, 0], [0, 5]],
    [opTable.matmul, [1, 4], [4, 1]],
  ] as const;
  it.each(products.map(([def, as, bs]) => [def.name, as, bs, def] as const))(
    '%s of %j and %j, with and without grad',
    (name, as, bs, def) => {
      for (const seed of [2, 3]) {
        const a = values(as, seed);
        const b = values(bs, seed + 10);
        const reference = def.forward([a, b], undefined);
        expectSameBits(
          noGrad(() => def.applyTo(a, b)),
          reference.shape,
          reference.data,
        );
        const recorded = def.applyTo(a, values(bs, seed + 10, true));
        expectSameBits(recorded, reference.shape, reference.data);
        expect(recorded.op).toBe(name);
      }
    },
  );
});

describe('sumTo gives the sum op’s bits when it sums a bias gradient directly', () => {
  // Leading axes summed (the direct path), one of them of length 1 too, and a middle axis
  // (the general path), each against the recorded sum, which always applies the op.
  it.each([
    [
      [6, 3],
      [1, 3],
    ],
    [[6, 3], [3]],
    [
      [2, 6, 3],
      [1, 1, 3],
    ],
    [
      [2, 6, 3],
      [6, 3],
    ],
    [
      [4, 1],
      [1, 1],
    ],
    [[4], []],
    [
      [6, 1, 3],
      [1, 1, 3],
    ],
    [
      [2, 6, 3],
      [2, 1, 3],
    ],
    [[0, 3], [3]],
  ] as [Shape, Shape][])('from %j to %j', (gs, shape) => {
    for (const seed of [2, 3]) {
      const reference = sumTo(values(gs, seed, true), shape);
      const direct = noGrad(() => sumTo(values(gs, seed), shape));
      expectSameBits(direct, shape, reference.values);
      expect(direct.requiresGrad).toBe(false);
    }
  });
});
