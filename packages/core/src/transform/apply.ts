/**
 * Applying an op to tensors that carry tangents or batches: the engine hands such calls here,
 * and they are dispatched on the innermost visible level among the inputs.
 * - A tangent level L (forward mode): the output's primal is the op applied with level L hidden
 *   (so lower levels still act), and its level-L tangent is the op's JVP rule, run with only
 *   levels below L visible — the rule is ordinary ops, so a tangent has a reverse graph and
 *   tangents of its own at outer levels (forward over reverse, forward over forward).
 * - A batch level L (`vmap`): the op's batching rule runs on the batched values (levels below
 *   L visible), and the output is a tensor of the op's own shape standing for one example.
 * With no visible level the op runs plainly. Broadcasting of tangents is done here, once: a
 * rule may return a tangent in an input's shape, and it is broadcast to the output's shape.
 */

import { isTensor } from '../construct';
import { applyPlain, assertFinite, isAnomalyMode, isGradEnabled, setTransformedApply } from '../engine';
import { DeltagradError, describeValue, fmtShape } from '../errors';
import * as F from '../functional';
import type { Inputs, OpDef } from '../ops/types';
import { broadcastShapes, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { addEntry, batchedTensor, entryAt, type Level, openLevel, topLevel, withLevelsBelow } from './levels';

function applyTransformed<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A): Tensor {
  let top: Level | null = null;
  for (const t of inputs) {
    const level = topLevel(t);
    if (level !== null && (top === null || level.id > top.id)) top = level;
  }
  if (top === null) return applyPlain(def, inputs, attrs);
  return top.kind === 'tangent' ? applyDual(def, inputs, attrs, top) : applyBatched(def, inputs, attrs, top);
}

function applyDual<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A, level: Level): Tensor {
  const id = level.id;
  const out = withLevelsBelow(id, () => applyTransformed(def, inputs, attrs));
  const tangents = inputs.map((t) => entryAt(t, id)?.value ?? null) as unknown as {
    readonly [K in keyof In]: Tensor | null;
  };
  const tangent = withLevelsBelow(id, () => {
    const t = def.jvp(tangents, { inputs, out, attrs });
    return t === null ? null : fitTangent(def.name, t, out);
  });
  // Under detectAnomaly, a JVP rule that makes NaN or ±Infinity from finite tangents is named,
  // as a VJP rule is in backward.
  if (tangent !== null && isAnomalyMode() && (tangents as readonly (Tensor | null)[]).every(isFiniteOrNull)) {
    assertFinite(tangent, `jvp of ${def.name}`, out.node ?? null);
  }
  return tangent === null ? out : addEntry(out, { level: id, kind: 'tangent', value: tangent });
}

/** True for `null` (a zero tangent) and for a tensor without NaN or ±Infinity (its batch's values inside vmap). */
function isFiniteOrNull(t: Tensor | null): boolean {
  if (t === null) return true;
  const batch = t.transforms?.find((e) => e.kind === 'batch');
  if (batch !== undefined) return isFiniteOrNull(batch.value);
  const d = t.values;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  return true;
}

/** A rule's tangent in the output's shape (broadcast up from an input's shape where needed). */
function fitTangent(op: string, t: Tensor, out: Tensor): Tensor {
  if (!isTensor(t)) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `jvp of ${op} returned ${describeValue(t)}, not the output's tangent: a JVP returns one Tensor of the output's shape ${fmtShape(out.shape)} (or of one that broadcasts to it), or null for zero`,
    );
  }
  if (sameShape(t.shape, out.shape)) return t;
  let fits = t.rank <= out.rank;
  if (fits) {
    try {
      fits = sameShape(broadcastShapes(op, t.shape, out.shape), out.shape);
    } catch {
      fits = false;
    }
  }
  if (!fits) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `jvp of ${op} returned a tangent of shape ${fmtShape(t.shape)} for an output of shape ${fmtShape(out.shape)}: a JVP returns a tangent of the output's shape or of one that broadcasts to it`,
    );
  }
  return F.broadcastTo(t, out.shape);
}

function applyBatched<In extends Inputs, A>(def: OpDef<In, A>, inputs: In, attrs: A, level: Level): Tensor {
  const id = level.id;
  const values: Tensor[] = [];
  const batched: boolean[] = [];
  for (const t of inputs) {
    const entry = entryAt(t, id);
    values.push(entry === undefined ? t : entry.value);
    batched.push(entry !== undefined);
  }
  const result = withLevelsBelow(id, () =>
    def.batch({ inputs: values as unknown as In, batched, size: level.size, attrs }),
  );
  if (!isTensor(result)) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `the batching rule of ${def.name} returned ${describeValue(result)}, not a Tensor with the batch of ${level.size} on its leading axis`,
    );
  }
  if (result.rank === 0 || result.shape[0] !== level.size) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `the batching rule of ${def.name} returned shape ${fmtShape(result.shape)}, not a batch of ${level.size} (the batch axis leads)`,
    );
  }
  // The graph of a gradient taken inside vmap is recorded on the per-example tensors.
  const requiresGrad = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const out = batchedTensor(result, id, result.shape.slice(1), requiresGrad);
  // No checksums: a per-example tensor's values are a placeholder (the batch holds the real ones).
  if (requiresGrad) {
    out.node = { def: def as OpDef<Inputs, unknown>, inputs, attrs, checksums: null };
    // As a recorded plain op is checked (engine.ts): the batch holds this op's values.
    if (isAnomalyMode()) assertFinite(result, `forward of ${def.name}`, out.node);
  }
  return out;
}

/** Opens a level of a transform, making sure the engine dispatches ops on it here. */
export function openTransform(kind: Level['kind'], by: string, size = 0): Level {
  setTransformedApply(applyTransformed);
  return openLevel(kind, by, size);
}
