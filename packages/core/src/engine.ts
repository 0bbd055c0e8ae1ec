/**
 * Graph recording: applying a primitive to tensors, the grad mode (`noGrad`) and anomaly mode
 * (`detectAnomaly`). The backward pass that walks what is recorded here is in backward.ts.
 */
import { makeTensor } from './construct';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { EXPOSED, recordChecksums } from './guard';
import { isTrailing } from './kernels/broadcast';
import type { Binary, BinaryOpDef, Inputs, OpDef, UnaryOpDef } from './ops/types';
import { allocate } from './pool';
import { type Shape, sameShape, sizeOf } from './shape';
import type { Tensor, TensorLike } from './tensor';
import { assertNotBatched } from './transform/levels';

/** Where a tensor came from: the op that produced it, its inputs and the op's attributes. */
export interface GraphNode {
  readonly def: OpDef<Inputs, unknown>;
  readonly inputs: Inputs;
  readonly attrs: unknown;
  /** Checksums of the exposed inputs and output when recorded (guard.ts), or null if none was. */
  readonly checksums: readonly number[] | null;
  /** Stack of the call that created it; recorded only inside {@link detectAnomaly}. */
  readonly createdAt?: string;
}

let gradEnabled = true;
let anomalyMode = false;

/** True unless inside {@link noGrad}. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** True inside {@link detectAnomaly}. */
export function isAnomalyMode(): boolean {
  return anomalyMode;
}

/**
 * Runs `fn` without recording the graph: results never require grad. Use it for parameter
 * updates and evaluation.
 *
 * @example
 * ```ts
 * noGrad(() => { w = w.sub(w.grad!.mul(0.1)); });
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  assertFunction(fn, 'noGrad');
  return withGradMode(false, fn);
}

/** Throws `INVALID_ARGUMENT` unless `fn` is a function. */
function assertFunction(fn: unknown, where: string): void {
  if (typeof fn !== 'function') {
    throw new DeltagradError('INVALID_ARGUMENT', `${where}: fn must be a function, got ${describeValue(fn)}`);
  }
}

/**
 * @internal Switches graph recording on or off and returns the previous mode, for hot paths that
 * restore it in their own `finally` (no closure per call, as {@link withGradMode} takes).
 */
export function setGradMode(enabled: boolean): boolean {
  const previous = gradEnabled;
  gradEnabled = enabled;
  return previous;
}

/** Runs `fn` with graph recording switched on or off, restoring the previous mode after. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` with anomaly detection: every op's output and every gradient is checked for NaN
 * and Infinity, and every derivative rule (VJP) for writing into the tensors it is given (its
 * inputs, its output, the upstream gradient). The first offender throws a `DeltagradError` with
 * code `ANOMALY` naming the op and the line of user code that created it. Slow; for debugging.
 */
export function detectAnomaly<T>(fn: () => T): T {
  assertFunction(fn, 'detectAnomaly');
  const previous = anomalyMode;
  anomalyMode = true;
  try {
    return fn();
  } finally {
    anomalyMode = previous;
  }
}

// Constants such as 0.5, 1 or the learning rate recur every step; tensors are immutable, so
// one 0-d tensor per value can be shared. Bounded, so arbitrary numbers cannot grow it.
const scalarCache = new Map<number, Tensor>();
const SCALAR_CACHE_LIMIT = 256;

/** The constant {@link toTensor} returned last, checked before the Map (a learning rate recurs per parameter). */
let lastScalar: Tensor | null = null;

/** Wraps a number as a 0-d constant tensor; passes tensors through. */
export function toTensor(value: TensorLike): Tensor {
  if (typeof value !== 'number') return value;
  // Same value, same bits: a NaN (never equal) and −0 (equal to 0) take the lookup below.
  if (lastScalar !== null && lastScalar.values[0] === value && value !== 0 && !(lastScalar.flags & EXPOSED))
    return lastScalar;
  // The Map finds 0's tensor for −0 (SameValueZero): −0 is never looked up, 1 / −0 is −∞.
  let t = Object.is(value, -0) ? undefined : scalarCache.get(value);
  // A shared constant whose array user code reached (through `.inputs` and `.data`) is retired.
  if (t !== undefined && t.flags & EXPOSED) t = undefined;
  if (t === undefined) {
    t = makeTensor(Float64Array.of(value), []);
    if (scalarCache.size < SCALAR_CACHE_LIMIT && !Object.is(value, -0)) scalarCache.set(value, t);
  }
  lastScalar = t;
  return t;
}

/** @internal One primitive application, as a compiled step's trace records it. */
export interface TapeEntry {
  readonly def: OpDef<Inputs, unknown>;
  readonly inputs: Inputs;
  readonly attrs: unknown;
  readonly out: Tensor;
}

let tape: TapeEntry[] | null = null;
let traceStart = -1;

/**
 * @internal Starts (with an array and the first tensor id of the trace) or stops (with `null`)
 * recording every primitive applied; compile.ts traces a step this way.
 */
export function setTape(entries: TapeEntry[] | null, firstId = -1): void {
  tape = entries;
  traceStart = entries === null ? -1 : firstId;
}

/** @internal True while compile.ts traces a step (its arrays become the step's buffers: never pool them). */
export function isTracing(): boolean {
  return tape !== null;
}

/**
 * Throws `NOT_COMPILABLE` when `what` reads the values of a tensor computed inside a step being
 * compiled: the trace would keep this call's values, as JAX's jit refuses concrete values.
 */
export function assertNotTraced(t: Tensor, what: string): void {
  assertNotBatched(t, what);
  if (traceStart >= 0 && t.id >= traceStart) {
    throw new DeltagradError(
      'NOT_COMPILABLE',
      `compile: ${what} reads the values of tensor #${t.id} (shape ${fmtShape(t.shape)}) while the step is traced; return it from the compiled function and read it outside`,
    );
  }
}

/** How transform/apply.ts applies an op to inputs that carry tangents or batches. */
export type TransformedApply = <In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A) => Tensor;

let transformedApply: TransformedApply | null = null;

/** @internal Installs the dispatch of ops on transformed inputs (transform/apply.ts, once). */
export function setTransformedApply(fn: TransformedApply): void {
  transformedApply = fn;
}

/**
 * Applies primitive `def` to `inputs`, recording a graph node when any input requires grad.
 * Inputs that carry a tangent (`jvp`) or a batch (`vmap`) go to the transforms' dispatch.
 */
export function apply<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A): Tensor {
  if (transformedApply !== null) {
    for (const t of inputs) if (t.transforms !== null) return transformedApply(def, inputs, attrs);
  }
  return applyPlain(def, inputs, attrs);
}

/**
 * {@link apply} of an element-wise two-input op, with a short path for the operands of nearly
 * every call: plain tensors (no tangent, no batch) of one shape, a one-element operand of no
 * higher rank, or one operand repeated whole along the other's leading axes (a bias row). The
 * loop runs over the same runs as the op's forward (broadcastBinary), so the values are the
 * same bits; the output and its graph node are made as {@link applyPlain} makes them. Anything
 * else (another broadcast, a transform, a trace, anomaly mode, a forward replaced in the op
 * table) goes through `apply`.
 */
export function applyBinary(def: BinaryOpDef, a: Tensor, b: Tensor): Tensor {
  if (!plainOperands(a, b) || def.forward !== def.runForward) return apply(def, [a, b], undefined);
  const as = a.shape;
  const bs = b.shape;
  const na = a.size;
  const nb = b.size;
  const run = def.run;
  let data: Float64Array;
  let shape: Shape;
  if (sameShape(as, bs)) {
    data = allocate(na);
    run(data, 0, a.values, 0, 1, b.values, 0, 1, na);
    shape = as;
  } else if (nb === 1 && bs.length <= as.length) {
    data = allocate(na);
    run(data, 0, a.values, 0, 1, b.values, 0, 0, na);
    shape = as;
  } else if (na === 1 && as.length <= bs.length) {
    data = allocate(nb);
    run(data, 0, a.values, 0, 0, b.values, 0, 1, nb);
    shape = bs;
  } else if (as.length >= bs.length && isTrailing(bs, as)) {
    data = allocate(na);
    for (let o = 0; o < na; o += nb) run(data, o, a.values, o, 1, b.values, 0, 1, nb);
    shape = as;
  } else return apply(def, [a, b], undefined);
  return binaryOutput(def, a, b, data, shape);
}

/**
 * True when a two-input op may run on `a` and `b` directly instead of through {@link apply}:
 * no step is being traced, anomaly mode is off, and neither carries a tangent or a batch.
 */
export function plainOperands(a: Tensor, b: Tensor): boolean {
  return tape === null && !anomalyMode && a.transforms === null && b.transforms === null;
}

/**
 * The output of two-input op `def` whose new values `data` (of `shape`) were computed directly
 * from plain operands `a` and `b` (see {@link plainOperands}): made and recorded as
 * {@link applyPlain} makes it.
 */
export function binaryOutput(
  def: OpDef<Binary>,
  a: Tensor,
  b: Tensor,
  data: Float64Array,
  shape: Shape,
): Tensor {
  if (!(gradEnabled && (a.requiresGrad || b.requiresGrad))) return makeTensor(data, shape, false);
  return recorded(def, [a, b], undefined, data, shape);
}

/**
 * {@link apply} of an element-wise one-input op to a plain tensor (no tangent, no batch): its
 * kernel straight into a new array of x's shape, as the op's forward runs it. Anything else
 * (a transform, a trace, anomaly mode, a forward replaced in the op table) goes through `apply`.
 */
export function applyUnary<A>(def: UnaryOpDef<A>, x: Tensor, attrs: A): Tensor {
  if (tape !== null || anomalyMode || x.transforms !== null || def.forward !== def.kernelForward) {
    return apply(def, [x], attrs);
  }
  const data = allocate(x.size);
  def.kernel(x.values, data, attrs);
  if (!(gradEnabled && x.requiresGrad)) return makeTensor(data, x.shape, false);
  return recorded(def, [x], attrs, data, x.shape);
}

/** The output of a recorded op over new values (no input's array): a tensor that requires grad, with its node. */
function recorded<In extends Inputs, A>(
  def: OpDef<In, A>,
  inputs: In,
  attrs: A,
  data: Float64Array,
  shape: Shape,
): Tensor {
  const out = makeTensor(data, shape, true);
  out.node = { def: def as OpDef<Inputs, unknown>, inputs, attrs, checksums: recordChecksums(inputs, out) };
  return out;
}

/** @internal {@link apply} on plain values: the forward kernel, the graph node, the compile tape. */
export function applyPlain<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A): Tensor {
  const out = compute(def, inputs, attrs);
  if (tape !== null) tape.push({ def: def as OpDef<Inputs, unknown>, inputs, attrs, out });
  return out;
}

function compute<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A): Tensor {
  const { data, shape } = def.forward(inputs, attrs);
  if (data.length !== sizeOf(shape)) throw brokenForward(def.name, data, shape);
  let track = false;
  let shares: Tensor | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    if (t.requiresGrad) track = true;
    // An output over an input's array (reshape) shares that input's exposure and checksums.
    if (t.values === data) shares = t;
  }
  track &&= gradEnabled;
  const out = makeTensor(data, shape, track);
  if (shares !== null) out.base = shares.base ?? shares;
  if (!track) return out;
  const checksums = recordChecksums(inputs, out);
  const node: GraphNode = anomalyMode
    ? {
        def: def as OpDef<Inputs, unknown>,
        inputs,
        attrs,
        checksums,
        createdAt: userFrame(new Error().stack),
      }
    : { def: def as OpDef<Inputs, unknown>, inputs, attrs, checksums };
  out.node = node;
  if (anomalyMode) assertFinite(out, `forward of ${def.name}`, node);
  return out;
}

/** An op whose forward returned values that do not fill its shape: an engine or op bug, named. */
function brokenForward(op: string, data: Float64Array, shape: Shape): DeltagradError {
  return new DeltagradError(
    'INVALID_SHAPE',
    `forward of ${op} returned ${data.length} values for its output shape ${fmtShape(shape)} (${sizeOf(shape)} needed): a bug in the op's kernel`,
  );
}

/** The first stack frame outside this package: where user code created the node. */
function userFrame(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').slice(1);
  // Skip deltagrad's own library code (core, nn, …) from the workspace or node_modules.
  const library = /[\\/](?:packages|@deltagrad)[\\/][a-z]+[\\/](?:src|dist)[\\/]|node:internal/;
  const user = frames.find((f) => !library.test(f));
  return (user ?? frames[frames.length - 1] ?? 'unknown').trim().replace(/^at /, '');
}

/** Throws `ANOMALY` at the first NaN or ±Infinity of `t`, naming `what` and where the node was created. */
export function assertFinite(t: Tensor, what: string, node: GraphNode | null): void {
  // A tensor inside vmap holds placeholder values: its batch holds the real ones.
  const batch = t.transforms?.find((e) => e.kind === 'batch');
  if (batch !== undefined) {
    assertFinite(batch.value, what, node);
    return;
  }
  const d = t.values;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      const where = node?.createdAt ? ` (created at ${node.createdAt})` : '';
      throw new DeltagradError(
        'ANOMALY',
        `${what} produced ${d[i]} at flat index ${i} of a tensor of shape ${fmtShape(t.shape)}${where}`,
      );
    }
  }
}
