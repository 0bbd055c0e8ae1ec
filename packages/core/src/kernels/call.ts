/**
 * How an op's kernel is replayed by a compiled step (see `prepare` in ops/types.ts): a closure,
 * or a {@link KernelCall} the generated step writes out as a direct call.
 */

/**
 * One kernel call of a compiled step with every argument fixed: the generated step calls `fn`
 * directly with the numbers and strings written in as literals, so V8 sees one target per call
 * site and folds the sizes and strides into the kernel it inlines (a closure per op would send
 * every op's kernel through one shared, megamorphic call site in the closure's body).
 */
export interface KernelCall {
  readonly fn: (...args: never[]) => void;
  readonly args: readonly unknown[];
}

/** What a compiled step replays for one op: a closure, or a {@link KernelCall}. */
export type ReplayStep = (() => void) | KernelCall;

/** `fn(...args)` as a {@link KernelCall}, the arguments checked against `fn`'s parameters. */
export function kernelCall<P extends unknown[]>(fn: (...args: P) => void, ...args: P): KernelCall {
  return { fn: fn as unknown as KernelCall['fn'], args };
}
