/**
 * `compile(fn)`: a jit for the CPU. The first call traces `fn` (runs it once, recording every
 * primitive applied, the backward pass and the update included); later calls replay the
 * recorded kernels into the buffers the trace allocated, so a steady loop allocates no arrays
 * and skips the graph bookkeeping. The replay runs the very kernels eager mode runs, in the
 * same order, so results are bit-identical.
 */
import { booleanArg } from './arguments';
import { makeTensor } from './construct';
import { setTape, type TapeEntry } from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import type { KernelCall, ReplayStep } from './kernels/call';
import { kernelsInUse } from './kernels/index';
import { createArena } from './kernels/wasm';
import { productRunsInWasm } from './ops/index';
import { sameShape } from './shape';
import { peekNextTensorId, Tensor } from './tensor';
import type { TensorTree } from './transform/pytree';

/** Options of {@link compile}. */
export interface CompileOptions {
  /**
   * Generate one JavaScript function that calls every kernel of the step in order (default
   * true), so V8 can inline them. Where `new Function` is forbidden (a Content-Security-Policy
   * without 'unsafe-eval'), or with `false`, the step runs through a replay loop instead: same
   * kernels, same bits, a little more dispatch per op.
   */
  codegen?: boolean;
}

/** A compiled function: call it like `fn`; see {@link compile}. */
export interface CompiledFn<Args extends Tensor[], R extends TensorTree> {
  (...args: Args): R;
  /** How the last call ran: `'generated'` code, the replay `'loop'`, or `'traced'` (a first call for these shapes). */
  readonly mode: 'generated' | 'loop' | 'traced' | null;
  /** Kernels replayed per call by the current trace (0 before the first call). */
  readonly kernelCount: number;
}

/** One trace: the argument buffers, the result, and the replay of every kernel. */
interface Plan<R> {
  readonly inputs: readonly Tensor[];
  readonly result: R;
  readonly run: () => void;
  readonly mode: 'generated' | 'loop';
  readonly kernels: number;
}

/**
 * Compiles `fn`, a function of tensors of fixed shapes that returns tensors (for a training
 * step: the loss and the updated parameters). The first call with given argument shapes traces
 * `fn`; every later call with those shapes replays the trace. Arguments of new shapes trigger
 * a new trace (each kept).
 *
 * The rules a traced function follows, as with JAX's `jit`:
 * - Tensors `fn` closes over (the training data, say) are constants of the trace: pass what
 *   changes between calls as an argument.
 * - `fn` must compute with deltagrad's ops: reading values inside it (`item()`, `toArray()`)
 *   throws `NOT_COMPILABLE`. Every op's derivatives are ops too (masks are comparisons), so
 *   any step of them compiles.
 * - Results are overwritten by the next call: copy what you keep. Passing a result back as an
 *   argument (the parameters of a training loop) is safe: arguments are copied in first.
 *
 * Eager mode stays the default; compile when the shapes are static and the step is hot.
 *
 * @example
 * ```ts
 * const lossOf = (w: Tensor) => x.matmul(w).sub(y).square().sum();
 * const step = compile((w: Tensor) => {
 *   const [loss, [dw]] = valueAndGrad(lossOf)(w);
 *   return [loss, noGrad(() => w.sub(dw.mul(0.1)))] as const;
 * });
 * for (let i = 0; i < 100; i++) [, w] = step(w);
 * ```
 */
export function compile<Args extends Tensor[], R extends TensorTree>(
  fn: (...args: Args) => R,
  opts: CompileOptions = {},
): CompiledFn<Args, R> {
  if (typeof fn !== 'function') {
    throw new DeltagradError('INVALID_ARGUMENT', `compile: fn must be a function, got ${describeValue(fn)}`);
  }
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `compile: options must be an object, got ${describeValue(opts)}`,
    );
  }
  const codegen = booleanArg(opts.codegen, 'compile', 'codegen', true);
  const plans = new Map<string, Plan<R>>();
  let last: Plan<R> | null = null;
  let mode: CompiledFn<Args, R>['mode'] = null;
  const compiled = (...args: Args): R => {
    for (let i = 0; i < args.length; i++) {
      if (!(args[i] instanceof Tensor)) {
        throw new DeltagradError('INVALID_ARGUMENT', `compile: argument ${i} is not a Tensor`);
      }
    }
    let plan = last !== null && fits(last, args) ? last : plans.get(signature(args));
    if (plan === undefined) {
      plan = trace(fn, args, codegen);
      plans.set(signature(args), plan);
      last = plan;
      mode = 'traced';
      return plan.result;
    }
    last = plan;
    mode = plan.mode;
    const inputs = plan.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const target = inputs[i]!.values;
      const source = args[i]!.values;
      if (source === target) continue;
      // TypedArray#set has a fixed cost far above a short loop's: small parameters loop.
      if (source.length > 64) target.set(source);
      else for (let j = 0; j < source.length; j++) target[j] = source[j]!;
    }
    plan.run();
    return plan.result;
  };
  Object.defineProperties(compiled, {
    mode: { get: () => mode },
    kernelCount: { get: () => last?.kernels ?? 0 },
  });
  return compiled as CompiledFn<Args, R>;
}

function signature(args: readonly Tensor[]): string {
  return args.map((a) => fmtShape(a.shape)).join(' ');
}

function fits(plan: Plan<unknown>, args: readonly Tensor[]): boolean {
  const inputs = plan.inputs;
  if (inputs.length !== args.length) return false;
  for (let i = 0; i < inputs.length; i++) if (!sameShape(inputs[i]!.shape, args[i]!.shape)) return false;
  return true;
}

/** Runs `fn` once on copies of `args`, recording every primitive, and turns the record into a replay. */
function trace<Args extends Tensor[], R extends TensorTree>(
  fn: (...args: Args) => R,
  args: Args,
  codegen: boolean,
): Plan<R> {
  const first = peekNextTensorId();
  // The trace's own copies of the arguments: later calls copy their arguments into these.
  const inputs = args.map((a) => makeTensor(new Float64Array(a.values), [...a.shape]));
  const tape: TapeEntry[] = [];
  setTape(tape, first);
  let result: R;
  try {
    result = fn(...(inputs as Args));
  } finally {
    setTape(null);
  }
  const outputs = new Set<Float64Array>();
  collect(result, outputs);
  const kept = liveEntries(tape, outputs);
  // Resident buffers pay off only where a product runs in WebAssembly; V8 reads and writes
  // arrays over a WebAssembly memory more slowly (the seed's step took 15–20 % more CPU).
  if (kernelsInUse() === 'wasm' && kept.some((e) => productRunsInWasm(e.def, e.inputs))) {
    makeResident(kept, inputs, result);
  }
  const steps = replaySteps(kept);
  const generated = codegen ? generate(steps) : null;
  return {
    inputs,
    result,
    run: generated ?? loop(steps),
    mode: generated ? 'generated' : 'loop',
    kernels: steps.length,
  };
}

/** Every tensor's array in a result tree. */
function collect(tree: TensorTree, into: Set<Float64Array>): void {
  if (tree instanceof Tensor) into.add(tree.values);
  else if (Array.isArray(tree)) for (const t of tree) collect(t, into);
  else if (tree !== null && typeof tree === 'object') for (const t of Object.values(tree)) collect(t, into);
  else
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `compile: the function returned ${String(tree)}, not tensors`,
    );
}

/** The tape entries the result depends on, in trace order (graph bookkeeping the trace did anyway is dropped). */
function liveEntries(tape: readonly TapeEntry[], outputs: Set<Float64Array>): TapeEntry[] {
  const live = new Set(outputs);
  const kept: TapeEntry[] = [];
  for (let i = tape.length - 1; i >= 0; i--) {
    const e = tape[i]!;
    if (!live.has(e.out.values)) continue;
    kept.push(e);
    for (const x of e.inputs) live.add(x.values);
  }
  return kept.reverse();
}

/**
 * Each entry's kernel, bound to its inputs' arrays and its output array. Ops whose output
 * shares an input's values (reshape) have nothing to replay.
 */
function replaySteps(kept: readonly TapeEntry[]): ReplayStep[] {
  const steps: ReplayStep[] = [];
  for (const e of kept) {
    const out = e.out.values;
    if (e.inputs.some((x) => x.values === out)) continue;
    steps.push(e.def.prepare ? e.def.prepare(e.inputs, e.attrs, out) : replayForward(e));
  }
  return steps;
}

/**
 * With the WASM kernels: moves the step's own arrays (its argument copies and every array an op
 * wrote) into a WebAssembly memory of the step's own, so each matrix product reads its operands
 * and writes its result in place instead of copying them in and out of the module on every
 * call. Constants (tensors `fn` closes over) stay where they are, read by reference as before;
 * the kernel copies those into the arena's scratch area. The arena is sized once and never
 * grows, so the arrays over it (results included) stay valid as long as the step lives.
 */
function makeResident(kept: readonly TapeEntry[], inputs: readonly Tensor[], result: TensorTree): void {
  const own = new Set<Float64Array>();
  for (const t of inputs) own.add(t.values);
  let largest = 0;
  for (const e of kept) {
    const out = e.out.values;
    if (!e.inputs.some((x) => x.values === out)) own.add(out);
    for (const x of e.inputs) largest = Math.max(largest, x.values.length);
  }
  let slots = 0;
  for (const a of own) slots += a.length + (a.length & 1);
  // Copies of a product's two constant operands, each at most the largest array a kernel reads,
  // and the kernel's packed panel of op(B): 4·k values, k at most that largest size.
  const arena = createArena(slots, 6 * (largest + 1));
  const moved = new Map<Float64Array, Float64Array>();
  for (const a of own) {
    const view = arena.alloc(a.length);
    view.set(a);
    moved.set(a, view);
  }
  const rehome = (t: Tensor): void => {
    const view = moved.get(t.values);
    // `values` is readonly to the rest of core; the trace owns these tensors.
    if (view !== undefined) (t as { values: Float64Array }).values = view;
  };
  for (const e of kept) {
    for (const x of e.inputs) rehome(x);
    rehome(e.out);
  }
  for (const t of inputs) rehome(t);
  forEachTensor(result, rehome);
}

function forEachTensor(tree: TensorTree, fn: (t: Tensor) => void): void {
  if (tree instanceof Tensor) fn(tree);
  else if (Array.isArray(tree)) for (const t of tree) forEachTensor(t, fn);
  else if (tree !== null && typeof tree === 'object')
    for (const t of Object.values(tree)) forEachTensor(t, fn);
}

/** The default replay of an op without `prepare`: its forward, into the traced output array. */
function replayForward({ def, inputs, attrs, out }: TapeEntry): () => void {
  const data = out.values;
  return () => {
    if (def.forward(inputs, attrs, data).data !== data) {
      throw new DeltagradError('NOT_COMPILABLE', `compile: ${def.name} did not write into its output array`);
    }
  };
}

function loop(steps: readonly ReplayStep[]): () => void {
  const calls = steps.map(asClosure);
  return () => {
    for (let i = 0; i < calls.length; i++) calls[i]!();
  };
}

function asClosure(step: ReplayStep): () => void {
  if (typeof step === 'function') return step;
  const { fn, args } = step as KernelCall;
  return (fn as (...a: unknown[]) => void).bind(null, ...args);
}

/**
 * One function calling every step in order, each kernel directly with its sizes written in as
 * literals (arrays and other values are parameters of the factory): each call site sees one
 * target with constant arguments, so V8 inlines the small kernels and folds their sizes.
 * `null` where code generation is forbidden (CSP without 'unsafe-eval').
 */
function generate(steps: readonly ReplayStep[]): (() => void) | null {
  const names = new Map<unknown, string>();
  const bound: unknown[] = [];
  const param = (value: unknown): string => {
    let name = names.get(value);
    if (name === undefined) {
      name = `v${bound.length}`;
      names.set(value, name);
      bound.push(value);
    }
    return name;
  };
  const lines = steps.map((step) => {
    if (typeof step === 'function') return `  ${param(step)}();`;
    const { fn, args } = step as KernelCall;
    return `  ${param(fn)}(${args.map((a) => literal(a) ?? param(a)).join(', ')});`;
  });
  try {
    const factory = new Function(...names.values(), `return function step() {\n${lines.join('\n')}\n};`);
    return factory(...bound) as () => void;
  } catch {
    return null;
  }
}

/** `value` as JavaScript source that evaluates to the very same value, or null to pass it as a parameter. */
function literal(value: unknown): string | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? `(${String(value)})` : null;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || value === undefined) return String(value);
  return null;
}
