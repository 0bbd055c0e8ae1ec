/**
 * The levels of the function transforms (`jvp`, `vmap`), JAX's trace levels done eagerly. Each
 * call of `jvp` or `vmap` opens a level; a tensor inside it can carry, per level, a tangent
 * (forward mode: the tensor is the primal of a dual number) or a batch (the tensor's values are
 * one example of a batched value whose leading axis runs over the batch). Applying an op to
 * tensors with entries dispatches on the innermost level among them (transform/apply.ts), so
 * transforms nest (`jvp` of `vmap`, `vmap` of `grad`, forward over reverse) without confusing
 * one level's perturbation with another's.
 *
 * This module holds only state and bookkeeping and imports no op, so tensor.ts can use it.
 */
import { makeTensor, shareValues } from '../construct';
import { DeltagradError, fmtShape } from '../errors';
import { type Shape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';

/** One level's part of a tensor: its tangent, or the batched value it is one example of. */
export interface TransformEntry {
  readonly level: number;
  readonly kind: 'tangent' | 'batch';
  /** The tangent (same shape as the tensor), or the batched value (batch axis first). */
  readonly value: Tensor;
}

/** An open level: what opened it and, for `vmap`, the batch size. */
export interface Level {
  readonly id: number;
  readonly kind: 'tangent' | 'batch';
  readonly size: number;
  /** The transform that opened it, for messages (`jvp`, `vmap`). */
  readonly by: string;
}

const open: Level[] = [];
let nextId = 1;
/** Entries at levels ≥ this are hidden: a rule of level L runs with only levels below L visible. */
let visibleBelow = Number.POSITIVE_INFINITY;

/** Opens a level (ids grow, so a level that closed is never confused with a new one). */
export function openLevel(kind: Level['kind'], by: string, size = 0): Level {
  const level: Level = { id: nextId++, kind, size, by };
  open.push(level);
  return level;
}

/** Closes `level`, the innermost one (levels nest like the calls that open them). */
export function closeLevel(level: Level): void {
  const at = open.lastIndexOf(level);
  if (at >= 0) open.splice(at, 1);
}

/** True while some transform is running: the backward pass then pools nothing (tangents and batches share its arrays). */
export function transformsActive(): boolean {
  return open.length > 0;
}

function levelById(id: number): Level | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.id === id) return open[i];
  return undefined;
}

/** Runs `fn` with only levels below `level` visible (how a level's rules see their inputs). */
export function withLevelsBelow<T>(level: number, fn: () => T): T {
  const previous = visibleBelow;
  visibleBelow = Math.min(previous, level);
  try {
    return fn();
  } finally {
    visibleBelow = previous;
  }
}

/**
 * The innermost visible open level among `t`'s entries, or `null`. A batch entry of a closed
 * level means the tensor escaped its `vmap` (stored outside, returned in a closure): its values
 * are only a placeholder, so using it is an error rather than a silent NaN.
 */
export function topLevel(t: Tensor): Level | null {
  const entries = t.transforms;
  if (entries === null) return null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.level >= visibleBelow) continue;
    const level = levelById(e.level);
    if (level !== undefined) return level;
    if (e.kind === 'batch') throw escaped(t);
  }
  return null;
}

/** `t`'s entry at `level`, or undefined. */
export function entryAt(t: Tensor, level: number): TransformEntry | undefined {
  const entries = t.transforms;
  if (entries === null) return undefined;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.level === level) return entries[i];
  return undefined;
}

/** Drops `t`'s entries of closed levels (they are ignored anyway; this spares later ops the dispatch). */
export function pruneClosed(t: Tensor): void {
  const entries = t.transforms;
  if (entries === null) return;
  const kept = entries.filter((e) => levelById(e.level) !== undefined);
  if (kept.length !== entries.length) t.transforms = kept.length > 0 ? kept : null;
}

/** Adds an entry to a tensor just created (its entries stay ordered by level). */
export function addEntry(t: Tensor, entry: TransformEntry): Tensor {
  t.transforms = t.transforms === null ? [entry] : [...t.transforms, entry];
  return t;
}

// Placeholder values of batched tensors (their real values are the batch): shared, NaN so a
// stray read is visible; item(), toArray() and toNested() refuse to read them.
const placeholders = new Map<number, Float64Array>();
const PLACEHOLDER_LIMIT = 64;

function placeholder(size: number): Float64Array {
  let data = placeholders.get(size);
  if (data === undefined) {
    data = new Float64Array(size).fill(Number.NaN);
    if (placeholders.size < PLACEHOLDER_LIMIT) placeholders.set(size, data);
  }
  return data;
}

/** A tensor of `shape` that is one example of `value` (shape [size, ...shape]) at `level`. */
export function batchedTensor(value: Tensor, level: number, shape: Shape, requiresGrad = false): Tensor {
  const t = makeTensor(placeholder(sizeOf(shape)), shape, requiresGrad);
  t.transforms = [{ level, kind: 'batch', value }];
  return t;
}

/**
 * `t` cut from the reverse graph, for `detach()`: a batched tensor stays batched (its batch
 * detached), and tangents are dropped (JAX's stop_gradient zeroes them too).
 */
export function detachTransformed(t: Tensor, detach: (x: Tensor) => Tensor): Tensor {
  const entries = t.transforms ?? [];
  const batch = entries.find((e) => e.kind === 'batch');
  if (batch === undefined) return shareValues(t, t.shape, false);
  return batchedTensor(detach(batch.value), batch.level, t.shape);
}

/** A fresh leaf with `t`'s values and entries (a tangent or batch kept), that requires grad. */
export function leafOf(t: Tensor): Tensor {
  const leaf = shareValues(t, t.shape, true);
  leaf.transforms = t.transforms;
  return leaf;
}

/** `t` without its reverse graph (what `grad` returns as the value), keeping its tangents and batch. */
export function withoutGraph(t: Tensor): Tensor {
  if (t.transforms === null) return t.detach();
  const copy = shareValues(t, t.shape, false);
  copy.transforms = t.transforms;
  return copy;
}

/** Throws when `t` is batched (reading its values inside `vmap` has no single answer). */
export function assertNotBatched(t: Tensor, what: string): void {
  const entries = t.transforms;
  if (entries === null) return;
  for (const e of entries) {
    if (e.kind !== 'batch') continue;
    const level = levelById(e.level);
    if (level === undefined) throw escaped(t);
    throw new DeltagradError(
      'UNSUPPORTED',
      `vmap: ${what} reads the values of a batched tensor (shape ${fmtShape(t.shape)}, one of ${level.size} examples); return it from the mapped function and read it outside`,
    );
  }
}

function escaped(t: Tensor): DeltagradError {
  return new DeltagradError(
    'UNSUPPORTED',
    `vmap: a batched tensor (shape ${fmtShape(t.shape)}) was used after its vmap returned; return it from the mapped function instead of keeping it`,
  );
}
