import * as core from '@deltagrad/core';
import {
  add,
  broadcastShapes,
  DeltagradError,
  div,
  elementBudget,
  kernelsInUse,
  mul,
  setElementBudget,
  setKernels,
  sub,
  sum,
  Tensor,
  tensor,
} from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Every public export of core, called with random arguments — tensors of random shapes, numbers
// (NaN, ±Infinity, −0, huge), nested and ragged arrays, shapes with negative, fractional and
// huge entries, axes, options objects, functions, and values of the wrong type — must either
// return a well-formed result or throw a DeltagradError: never a TypeError or RangeError from
// deep inside, never a hang. A small element budget bounds every allocation, so a huge shape is
// refused before anything is allocated and each call stays fast.

/** The element budget while fuzzing: any larger tensor must be refused, not allocated. */
const FUZZ_BUDGET = 4096;
/** Calls per export. */
const RUNS = 100;

const finite = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }),
);
const strange = fc.constantFrom(
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e308,
  -1e-300,
  2 ** 53,
  0.5,
  -1,
);
const number = fc.oneof({ weight: 3, arbitrary: finite }, { weight: 1, arbitrary: strange });

const smallShape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
const badDim = fc.constantFrom(-1, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e10, 2 ** 31, 2 ** 53);
const shape = fc.oneof(
  { weight: 3, arbitrary: smallShape },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), badDim), { minLength: 1, maxLength: 5 }),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 70 }, () => 1)) },
);

/** A fresh tensor of a small random shape with random values (a third of them requiring grad). */
const tensorArb = smallShape.chain((s) =>
  fc
    .tuple(
      fc.array(number, { minLength: sizeOf(s), maxLength: sizeOf(s) }),
      fc.boolean(),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([values, requiresGrad, view]) => {
      const t = tensor(Float64Array.from(values), { shape: s, requiresGrad: requiresGrad && view === 0 });
      // Also tensors made by ops (graph nodes) and detached views of them.
      if (view === 1) return add(t, 0);
      if (view === 2) return t.detach();
      return t;
    }),
);

/** Nested arrays of numbers: regular, ragged, with holes of the wrong type, or very deep. */
const nested: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.constantFrom('1', null, undefined, true, {}),
  ),
})).node;
const deep = fc.integer({ min: 60, max: 10_000 }).map((depth) => {
  let a: unknown = 1;
  for (let i = 0; i < depth; i++) a = [a];
  // fast-check would print it recursively, overflowing the stack.
  Object.defineProperty(a, fc.toStringMethod, { value: () => `[[…1…]] (${depth} deep)` });
  return a;
});

const axes = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 4 }),
  fc.constantFrom(1.5, Number.NaN, 1e10),
);

/** User functions handed to grad, vjp, compile, gradcheck, noGrad, …: they call only core's functional API. */
const userFn = fc.constantFrom(
  (x: unknown) => x,
  (x: unknown) => sum(x as Tensor),
  (x: unknown, y: unknown) => sum(mul(x as Tensor, (y ?? x) as Tensor)),
  (...xs: unknown[]) => xs.reduce((a, b) => add(a as Tensor, b as Tensor), 0),
  (x: unknown) => [x, sum(x as Tensor)],
  (x: unknown) => ({ value: sum(x as Tensor), x }),
  () => 5,
  () => undefined,
  () => 'not a tensor',
  (x: unknown) => div(sub(x as Tensor, 1), 0),
);

const options = fc.record(
  {
    requiresGrad: fc.oneof(fc.boolean(), fc.constantFrom(1, 'yes', null)),
    shape,
    eps: fc.oneof(number, fc.constant(0)),
    atol: number,
    rtol: number,
    fast: fc.boolean(),
    createGraph: fc.boolean(),
    retainGraph: fc.boolean(),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.oneof(number, fc.constant(null)),
  },
  { requiredKeys: [] },
);

/** Any argument: mostly tensors and numbers, then everything else a caller might pass. */
const argument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: tensorArb },
  { weight: 4, arbitrary: number },
  { weight: 2, arbitrary: shape },
  { weight: 2, arbitrary: axes },
  { weight: 2, arbitrary: nested },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: options },
  { weight: 2, arbitrary: userFn },
  { weight: 1, arbitrary: fc.array(tensorArb, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(createRandom(7)) },
  { weight: 1, arbitrary: fc.constantFrom('js', 'wasm', 'gpu', 'lt', 'add') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(null, undefined, true, 'text', {}, Symbol('s'), 10n, new Float64Array(3), [
      1,
      'a',
    ]),
  },
);
const argumentLists = fc.array(argument, { maxLength: 4 });

function sizeOf(s: readonly number[]): number {
  return s.reduce((a, b) => a * b, 1);
}

/** Throws unless every tensor reachable from `value` (a few levels deep) is well formed. */
function assertWellFormed(value: unknown, depth = 0): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (value instanceof Tensor) {
    for (const d of value.shape) expect(Number.isInteger(d) && d >= 0, `shape ${value.shape}`).toBe(true);
    expect(value.toArray().length).toBe(sizeOf(value.shape));
    expect(value.size).toBe(sizeOf(value.shape));
    return;
  }
  if (Array.isArray(value)) for (const v of value) assertWellFormed(v, depth + 1);
  else if (!(value instanceof Error)) for (const v of Object.values(value)) assertWellFormed(v, depth + 1);
}

/** The value at broadcast output index `flat` of `t` for output shape `out`. */
function broadcastAt(t: Tensor, out: readonly number[], flat: number): number {
  const values = t.toArray();
  let k = 0;
  let stride = 1;
  let rest = flat;
  const idx: number[] = new Array(out.length);
  for (let i = out.length - 1; i >= 0; i--) {
    idx[i] = rest % out[i]!;
    rest = Math.floor(rest / out[i]!);
  }
  for (let i = t.rank - 1; i >= 0; i--) {
    const d = t.shape[i]!;
    const j = idx[out.length - t.rank + i]!;
    k += (d === 1 ? 0 : j) * stride;
    stride *= d;
  }
  return values[k]!;
}

/** Element-wise ops whose result is checked value by value against JavaScript's arithmetic. */
const elementwise: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: Math.abs,
  square: (a) => a * a,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  relu: (a) => (a > 0 || Number.isNaN(a) ? a : 0), // NaN propagates, as in PyTorch
};

/** For the ops of {@link elementwise}: the result's shape and every value, bit for bit (NaN = NaN). */
function assertElementwise(name: string, args: unknown[], result: unknown): void {
  const f = elementwise[name]!;
  const binary = f.length === 2;
  const operands = args.slice(0, binary ? 2 : 1);
  if (!operands.every((a) => a instanceof Tensor || typeof a === 'number')) return;
  const ts = operands.map((a) => (a instanceof Tensor ? a : tensor(a as number)));
  const out = binary ? broadcastShapes(name, ts[0]!.shape, ts[1]!.shape) : ts[0]!.shape;
  const r = result as Tensor;
  expect(r.shape).toEqual(out);
  const got = r.toArray();
  for (let k = 0; k < got.length; k++) {
    const want = f(broadcastAt(ts[0]!, out, k), binary ? broadcastAt(ts[1]!, out, k) : 0);
    expect(
      Object.is(got[k], want) || (got[k] === 0 && want === 0),
      `${name} element ${k}: ${got[k]} vs ${want}`,
    ).toBe(true);
  }
}

/** Calls `fn` and returns what it returned or threw. */
function call(fn: () => unknown): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The contract: a well-formed (and, where an oracle exists, correct) result, or a DeltagradError. */
function assertContract(name: string, args: unknown[], outcome: ReturnType<typeof call>): void {
  if (!outcome.ok) {
    const e = outcome.error;
    expect(e, `${name}(${show(args)}) threw ${e instanceof Error ? e.stack : String(e)}`).toBeInstanceOf(
      DeltagradError,
    );
    expect((e as DeltagradError).code).toMatch(/^[A-Z_]+$/);
    return;
  }
  assertWellFormed(outcome.value);
  if (name in elementwise) assertElementwise(name, args, outcome.value);
}

/** Arguments as a failure message shows them. */
function show(args: unknown[]): string {
  return args
    .map((a) => {
      if (a instanceof Tensor) return `Tensor${JSON.stringify(a.shape)}`;
      if (typeof a === 'function') return `fn(${a.length})`;
      if (typeof a === 'bigint' || typeof a === 'symbol') return String(a);
      try {
        return JSON.stringify(a)?.slice(0, 60) ?? String(a);
      } catch {
        return typeof a;
      }
    })
    .join(', ');
}

/** A tensor of `s` with random values (fresh each time). */
function tensorOf(s: readonly number[], requiresGrad = false): fc.Arbitrary<Tensor> {
  return fc
    .array(number, { minLength: sizeOf(s), maxLength: sizeOf(s) })
    .map((v) => tensor(Float64Array.from(v), { shape: [...s], requiresGrad }));
}
/** A tensor that requires grad, of a small random shape. */
const leaf = smallShape.chain((s) => tensorOf(s, true));
/** Two tensors whose shapes broadcast together (the second sometimes a number). */
const pair = smallShape.chain((s) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: s.length }),
      fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
    )
    .chain(([drop, ones]) => {
      const t = s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      return fc.tuple(tensorOf(s), fc.oneof(tensorOf(t), number));
    })
    .chain(([a, b]) => fc.boolean().map((swap) => (swap && b instanceof Tensor ? [b, a] : [a, b]))),
);
/** A tensor with an axis of it (and sometimes an axis list, or keepdims). */
const withAxis = smallShape
  .filter((s) => s.length > 0)
  .chain((s) => fc.tuple(tensorOf(s), fc.integer({ min: -s.length, max: s.length - 1 }), fc.boolean()));
/** Shapes of a matrix product: [m, k] × [k, n], with optional batch axes and transposes. */
const matmulArgs = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
  .chain(([m, k, n]) =>
    fc
      .tuple(fc.boolean(), fc.boolean())
      .chain(([ta, tb]) =>
        fc.tuple(
          tensorOf(ta ? [k, m] : [m, k]),
          tensorOf(tb ? [n, k] : [k, n]),
          fc.constant({ transposeA: ta, transposeB: tb }),
        ),
      ),
  );
const permutation = (n: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
const thunk = userFn.map((f) => () => f(undefined, undefined));
/** `out = Σ x²` and `[x]`, for gradients. */
const graph = leaf.map((x) => [sum(mul(x, x)), [x]]);

/** For each export, its arguments as a caller would write them (then mutated; see argsFor). */
const typedArgs: Record<string, fc.Arbitrary<unknown[]>> = {
  grad: fc.tuple(userFn),
  valueAndGrad: fc.tuple(userFn),
  vjp: fc.tuple(userFn, leaf),
  gradients: graph,
  jvp: leaf.chain((x) =>
    fc.tuple(userFn, fc.constant([x]), fc.constant([tensor(x.toArray(), { shape: x.shape })])),
  ),
  linearize: fc.tuple(userFn, leaf),
  jacfwd: fc.tuple(
    userFn,
    fc.record({ argnums: fc.oneof(fc.integer({ min: -2, max: 2 }), axes) }, { requiredKeys: [] }),
  ),
  jacrev: fc.tuple(
    userFn,
    fc.record({ argnums: fc.oneof(fc.integer({ min: -2, max: 2 }), axes) }, { requiredKeys: [] }),
  ),
  jacobian: fc.tuple(userFn),
  hessian: fc.tuple(userFn),
  hvp: leaf.chain((x) =>
    fc.tuple(userFn, fc.constant([x]), fc.constant([tensor(x.toArray(), { shape: x.shape })])),
  ),
  vmap: fc.tuple(userFn, fc.oneof(fc.constant(0), fc.constant(null), axes), fc.oneof(fc.constant(0), axes)),
  defineOp: fc.tuple(
    fc.record({
      name: fc.constantFrom('userOp', ''),
      forward: userFn,
      vjp: fc.constantFrom(
        (g: Tensor) => [g],
        () => 3,
        (g: Tensor) => [g, g],
      ),
    }),
  ),
  customVjp: fc.tuple(
    userFn,
    fc.constantFrom(
      (g: Tensor) => [g],
      () => 3,
      () => [null],
    ),
  ),
  sumTo: pair
    .filter(([, b]) => b instanceof Tensor)
    .map(([a, b]) => {
      const [big, small] = (a as Tensor).size >= (b as Tensor).size ? [a, b] : [b, a];
      return [add(big as Tensor, small as Tensor), (small as Tensor).shape];
    }),
  compile: fc.tuple(userFn, fc.record({ codegen: fc.boolean() })),
  arange: fc.tuple(finite, finite, fc.oneof(finite, fc.constant(0))),
  full: fc.tuple(smallShape, number),
  ones: fc.tuple(smallShape, options),
  zeros: fc.tuple(smallShape, options),
  rand: fc.tuple(smallShape, fc.constant(createRandom(3))),
  randn: fc.tuple(smallShape, fc.constant(createRandom(4))),
  scalar: fc.tuple(number),
  tensor: fc.tuple(
    fc.oneof(
      nested,
      deep,
      fc.array(number),
      tensorArb.map((t) => t.toNested()),
    ),
    options,
  ),
  detectAnomaly: fc.tuple(thunk),
  noGrad: fc.tuple(thunk),
  isGradEnabled: fc.constant([]),
  DeltagradError: fc.tuple(fc.constantFrom('INVALID_ARGUMENT', 'ANOMALY'), fc.string()),
  gradcheck: fc.tuple(
    userFn,
    fc.array(leaf, { minLength: 1, maxLength: 2 }),
    fc.constantFrom({}, { fast: true }),
  ),
  gradgradcheck: fc.tuple(
    userFn,
    fc.array(leaf, { minLength: 1, maxLength: 2 }),
    fc.constantFrom({}, { fast: true }),
  ),
  toDot: fc.tuple(tensorArb),
  toGraphJSON: fc.tuple(tensorArb),
  kernelsInUse: fc.constant([]),
  setKernels: fc.tuple(fc.constantFrom('js', 'wasm')),
  broadcastShapes: pair.map(([a, b]) => ['add', (a as Tensor).shape, b instanceof Tensor ? b.shape : []]),
  elementBudget: fc.constant([]),
  setElementBudget: fc.tuple(fc.integer({ min: 1, max: 10_000 })),
  sizeOf: fc.tuple(smallShape),
  Tensor: smallShape.chain((s) =>
    fc.tuple(
      fc.array(number, { minLength: sizeOf(s), maxLength: sizeOf(s) }).map((v) => Float64Array.from(v)),
      fc.constant(s),
      fc.boolean(),
    ),
  ),
  compare: pair.chain((p) => fc.constantFrom('gt', 'ge', 'lt', 'le', 'eq').map((k) => [...p, k])),
  where: pair.chain(([a, b]) => tensorArb.map((c) => [a instanceof Tensor ? a : c, b, c])),
  clamp: fc.tuple(tensorArb, finite, finite),
  leakyRelu: fc.tuple(tensorArb, number),
  powScalar: fc.tuple(tensorArb, number),
  matmul: matmulArgs,
  sum: withAxis,
  mean: withAxis,
  max: withAxis,
  logSumExp: withAxis,
  logSoftmax: withAxis.map(([t, axis]) => [t, axis]),
  softmax: withAxis.map(([t, axis]) => [t, axis]),
  reshape: tensorArb.chain((t) =>
    fc.constantFrom([t, [t.size]], [t, [-1]], [t, [1, ...t.shape]], [t, [...t.shape, 1]]),
  ),
  permute: tensorArb.chain((t) => permutation(t.rank).map((p) => [t, p])),
  transpose: smallShape
    .filter((s) => s.length >= 2)
    .chain((s) =>
      fc.tuple(
        tensorOf(s),
        fc.integer({ min: -s.length, max: s.length - 1 }),
        fc.integer({ min: -s.length, max: s.length - 1 }),
      ),
    ),
  broadcastTo: pair
    .filter(([, b]) => b instanceof Tensor)
    .map(([a, b]) => [b, add(a as Tensor, b as Tensor).shape]),
  slice: tensorArb.chain((t) =>
    fc.tuple(
      fc.constant(t),
      fc.tuple(...t.shape.map((d) => fc.integer({ min: -d, max: d }))),
      fc.tuple(...t.shape.map((d) => fc.integer({ min: -d, max: d }))),
    ),
  ),
  pad: tensorArb.chain((t) =>
    fc.tuple(
      fc.constant(t),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: t.rank, maxLength: t.rank }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: t.rank, maxLength: t.rank }),
    ),
  ),
  concat: smallShape
    .filter((s) => s.length > 0)
    .chain((s) =>
      fc.tuple(
        fc.array(tensorOf(s), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: -s.length, max: s.length - 1 }),
      ),
    ),
};
const unaries = [
  'neg',
  'square',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sigmoid',
  'tanh',
  'relu',
  'softplus',
  'stopGradient',
];
for (const name of unaries) typedArgs[name] = fc.tuple(tensorArb);
const binaries = [
  'add',
  'sub',
  'mul',
  'div',
  'mulNoNan',
  'pow',
  'maximum',
  'minimum',
  'greater',
  'less',
  'equal',
];
for (const name of [...binaries, 'sigmoidBackward', 'tanhBackward', 'reluBackward']) typedArgs[name] = pair;

/**
 * Arguments for export `name`: half as a caller writes them, a quarter with one of them
 * replaced by anything, a quarter anything at all.
 */
function argsFor(name: string): fc.Arbitrary<unknown[]> {
  const typed = typedArgs[name]!;
  const mutated = typed.chain((args) =>
    fc.tuple(fc.integer({ min: 0, max: args.length }), argument).map(([i, junk]) => {
      const copy = [...args];
      copy[i] = junk;
      return copy;
    }),
  );
  return fc.oneof(
    { weight: 2, arbitrary: typed },
    { weight: 1, arbitrary: mutated },
    { weight: 1, arbitrary: argumentLists },
  );
}
/** What is passed to a function an export returned (grad(f), compile(f), vjp's pullback). */
const followUp = fc.oneof(fc.array(tensorArb, { minLength: 1, maxLength: 2 }), argumentLists);

/** Calls an export (a class with `new`) with `args`, then whatever function it returned. */
function exercise(name: string, value: unknown, args: unknown[], more: unknown[]): void {
  const isClass = value === Tensor || value === DeltagradError;
  const f = value as (...a: unknown[]) => unknown;
  const outcome = call(() =>
    isClass ? new (value as new (...a: unknown[]) => unknown)(...args) : f(...args),
  );
  assertContract(name, args, outcome);
  if (!outcome.ok) return;
  // grad, valueAndGrad and compile return functions, vjp { out, vjp }, linearize [out, fJvp]: call those too.
  const returned = outcome.value;
  if (typeof returned === 'function') {
    assertContract(
      `${name}(…)`,
      more,
      call(() => (returned as (...a: unknown[]) => unknown)(...more)),
    );
  } else if (Array.isArray(returned) && typeof returned[1] === 'function') {
    // linearize returns [outputs, fJvp].
    const fJvp = returned[1] as (...a: unknown[]) => unknown;
    assertContract(
      `${name}(…)[1]`,
      more,
      call(() => fJvp(...more)),
    );
  } else if (returned !== null && typeof returned === 'object' && 'vjp' in returned) {
    const pullback = (returned as { vjp: (...a: unknown[]) => unknown }).vjp;
    assertContract(
      `${name}(…).vjp`,
      more,
      call(() => pullback(...more)),
    );
  }
}

/** Tensor members: methods are called, getters read. */
const tensorMembers = Object.getOwnPropertyNames(Tensor.prototype).filter((n) => n !== 'constructor');

const exports = Object.entries(core);
const callable = exports.filter(([, v]) => typeof v === 'function');

describe('fuzz: every public export returns a correct result or throws a DeltagradError', () => {
  let kernels: ReturnType<typeof kernelsInUse>;
  let budget: number;
  beforeEach(() => {
    kernels = kernelsInUse();
    budget = elementBudget();
    setElementBudget(FUZZ_BUDGET);
  });
  afterEach(() => {
    setKernels(kernels);
    setElementBudget(budget);
  });

  it('covers every export: the only ones not called are the op table and its names (data, not functions)', () => {
    expect(exports.filter(([, v]) => typeof v !== 'function').map(([n]) => n)).toEqual([
      'opNames',
      'opTable',
    ]);
    // A new export needs its typed arguments here, as a new op needs its spec.
    expect(callable.map(([n]) => n).filter((n) => !Object.hasOwn(typedArgs, n))).toEqual([]);
  });

  it.each(callable.map(([name, value]) => [name, value] as const))('%s', (name, value) => {
    fc.assert(
      fc.property(argsFor(name), followUp, (args, more) => {
        try {
          exercise(name, value, args, more);
        } finally {
          // setElementBudget and setKernels are fuzzed too: each call starts from the same state.
          setElementBudget(FUZZ_BUDGET);
          setKernels(kernels);
        }
      }),
      { numRuns: RUNS, seed: 12 },
    );
  });

  it.each(tensorMembers)('Tensor#%s', (member) => {
    // A method that mirrors a function (x.add(y) for add(x, y)) also gets that function's typed
    // arguments, minus the tensor it is called on.
    const typed = Object.hasOwn(typedArgs, member) ? typedArgs[member] : undefined;
    const calls = fc.oneof(
      fc.tuple(tensorArb, argumentLists),
      ...(typed === undefined
        ? []
        : [
            typed
              .filter((args) => args[0] instanceof Tensor)
              .map((args) => [args[0] as Tensor, args.slice(1)] as [Tensor, unknown[]]),
          ]),
    );
    fc.assert(
      fc.property(calls, argumentLists, ([t, args], more) => {
        const descriptor = Object.getOwnPropertyDescriptor(Tensor.prototype, member)!;
        const outcome = call(() =>
          descriptor.get !== undefined
            ? descriptor.get.call(t)
            : (descriptor.value as (...a: unknown[]) => unknown).apply(t, args),
        );
        assertContract(`Tensor#${member}`, args, outcome);
        // A hook or a changed value only shows in backward: run one after every call.
        if (outcome.ok)
          assertContract(
            `backward after Tensor#${member}`,
            more,
            call(() => sum(t).backward()),
          );
      }),
      { numRuns: RUNS, seed: 12 },
    );
  });
});
