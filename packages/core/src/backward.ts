/**
 * The backward pass: from a root tensor back through the recorded graph, one vector-Jacobian
 * product per node in reverse topological order (iterative, never recursive), summing each
 * gradient back to its input's shape in one place (`sumTo`).
 */
import { booleanArg, tensorArg } from './arguments';
import { isTensor, makeTensor } from './construct';
import {
  apply,
  assertFinite,
  type GraphNode,
  isAnomalyMode,
  isGradEnabled,
  isTracing,
  setGradMode,
} from './engine';
import { DeltagradError, describeValue, fmtShape } from './errors';
import { topologicalOrder } from './graph-order';
import { checksum, needsVerification, verifyUnchanged } from './guard';
import { columnSums } from './kernels/reduce';
import { opTable as op } from './ops/index';
import type { InputGrads, Inputs, VjpContext } from './ops/types';
import { allocate, endTracking, releaseExcept, startTracking } from './pool';
import { type Shape, sameShape, sizeOf } from './shape';
import type { GradHook, Tensor, TensorLike } from './tensor';
import { transformsActive } from './transform/levels';

/** Options of {@link Tensor.backward} and {@link gradients}. */
export interface BackwardOptions {
  /** Keep the graph after backward so it can be traversed again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so gradients can be differentiated again. */
  createGraph?: boolean;
}

/**
 * Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). The result
 * may keep `shape` as its own: pass a tensor's shape, or a copy (shapes are never written).
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  let leading = true;
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) {
      leading &&= axes.length === i;
      axes.push(i);
    }
  }
  // A bias gradient (the leading axes summed), not recorded: the sum op's kernel into an array
  // of `shape`, without the op and the reshape after it (unrecorded, nothing could see them).
  if (leading && axes.length > 0 && !isGradEnabled() && !isTracing() && g.transforms === null) {
    const out = allocate(sizeOf(shape));
    columnSums(g.values, out.length, out);
    return makeTensor(out, shape);
  }
  const summed = axes.length > 0 ? apply(op.sum, [g], { axes, keepdims: true }) : g;
  return summed.rank === shape.length && sameShape(summed.shape, shape)
    ? summed
    : apply(op.reshape, [summed], { shape: [...shape] });
}

/** Implements `Tensor.backward()`: accumulate into `.grad` of leaves that require it. */
export function backpropagate(root: Tensor, seed: TensorLike | undefined, opts: BackwardOptions = {}): void {
  runBackward(root, seed, opts, null);
}

/**
 * The gradients of `output` with respect to each of `inputs` (leaves or intermediate tensors),
 * returned rather than accumulated into `.grad` — PyTorch's `torch.autograd.grad`. An input
 * that `output` does not depend on gets a zero gradient.
 */
export function gradients(
  output: Tensor,
  inputs: readonly Tensor[],
  seed?: TensorLike,
  opts: BackwardOptions = {},
): Tensor[] {
  tensorArg(output, 'gradients', 'output');
  if (!Array.isArray(inputs)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `gradients(): inputs must be an array of Tensors, got ${describeValue(inputs)}`,
    );
  }
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    // The message (a template string) is built only when the check fails: this runs every step.
    if (!isTensor(t)) tensorArg(t, 'gradients()', `inputs[${i}]`);
    if (!t.requiresGrad) {
      throw new DeltagradError(
        'NO_GRAD',
        `gradients(): input ${i} (shape ${fmtShape(t.shape)}) does not require grad`,
      );
    }
  }
  return targetGradients(output, inputs, seed, opts);
}

/**
 * {@link gradients} for callers whose `inputs` are tensors that require grad by construction
 * (`grad` and `valueAndGrad` differentiate fresh leaves): the same pass, without checking them again.
 */
export function targetGradients(
  output: Tensor,
  inputs: readonly Tensor[],
  seed: TensorLike | undefined,
  opts: BackwardOptions,
): Tensor[] {
  const found = runBackward(output, seed, opts, inputs);
  const index = found.index!;
  return inputs.map((t) => found.grads[index.of(t)] ?? makeTensor(new Float64Array(t.size), t.shape));
}

/**
 * Where each differentiation target sits in the list `gradients` was given (its first place,
 * for a target listed twice): a scan of the list for the usual handful, a Map past that. Every
 * tensor of the pass is looked up, so ids outside the targets' range are rejected first: the
 * fresh leaves `grad` differentiates have neighbouring ids, apart from the step's other tensors.
 */
class TargetIndex {
  readonly #map: Map<Tensor, number> | null;
  readonly #minId: number;
  readonly #maxId: number;
  constructor(readonly targets: readonly Tensor[]) {
    let minId = Number.POSITIVE_INFINITY;
    let maxId = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < targets.length; i++) {
      const id = targets[i]!.id;
      if (id < minId) minId = id;
      if (id > maxId) maxId = id;
    }
    this.#minId = minId;
    this.#maxId = maxId;
    if (targets.length <= 16) this.#map = null;
    else {
      this.#map = new Map();
      for (let i = targets.length - 1; i >= 0; i--) this.#map.set(targets[i]!, i);
    }
  }
  /** The index of `t`, or −1 when it is not a target. */
  of(t: Tensor): number {
    if (t.id < this.#minId || t.id > this.#maxId) return -1;
    return this.#map === null ? this.targets.indexOf(t) : (this.#map.get(t) ?? -1);
  }
}

/** What a backward pass found: the gradient of each target (by {@link TargetIndex}), if any. */
interface Found {
  readonly index: TargetIndex | null;
  readonly grads: (Tensor | undefined)[];
}

function runBackward(
  root: Tensor,
  seed: TensorLike | undefined,
  opts: BackwardOptions,
  targets: readonly Tensor[] | null,
): Found {
  if (!root.requiresGrad) {
    throw new DeltagradError(
      'NO_GRAD',
      `backward(): the output (shape ${fmtShape(root.shape)}) does not require grad — create an input with { requiresGrad: true }, and do not compute it inside noGrad()`,
    );
  }
  const seedTensor = makeSeed(root, seed);
  if (opts === null || typeof opts !== 'object') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `backward(): options must be an object, got ${describeValue(opts)}`,
    );
  }
  const createGraph = booleanArg(opts.createGraph, 'backward()', 'createGraph', false);
  const retainGraph = booleanArg(opts.retainGraph, 'backward()', 'retainGraph', createGraph);
  assertLive(root);
  const order = topologicalOrder(root, followForBackward);
  root.pendingGrad = seedTensor;
  const index = targets === null ? null : new TargetIndex(targets);
  const found: Found = { index, grads: [] };
  const anomaly = isAnomalyMode();
  // Arrays allocated by this pass; those no caller sees go back to the pool at the end. Not
  // under createGraph (they are the new graph), nor while a step is traced (they are its
  // buffers), nor inside jvp or vmap (tangents and batches it made may escape through results).
  const record: Float64Array[] | null = createGraph || isTracing() || transformsActive() ? null : [];
  // Arrays that escaped (what hooks saw, gradients returned): made only when needed.
  let keep: Set<Float64Array> | null = null;
  const outerRecord = startTracking(record);
  const outerMode = setGradMode(createGraph);
  // Each tensor's pendingGrad is cleared as the loop takes it; only a pass that threw leaves some.
  let completed = false;

  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      let g = t.pendingGrad;
      if (g === null) continue;
      t.pendingGrad = null;
      if (t.hooks) {
        keep ??= new Set();
        g = runHooks(t, t.hooks, g, keep);
      }
      if (index !== null) {
        const at = index.of(t);
        if (at >= 0) found.grads[at] = g;
      }
      const node = t.node;
      if (node === null) {
        if (index === null && t.requiresGrad) t.grad = t.grad ? accumulate(t.grad, g) : g;
        continue;
      }
      if (index === null && t.retainsGrad) t.grad = t.grad ? accumulate(t.grad, g) : g;
      if (needsVerification(node.inputs, t, node.checksums)) {
        verifyUnchanged(node.def.name, node.inputs, t, node.checksums);
      }
      const needsGrad = needsGradOf(node.inputs);
      const ctx = { inputs: node.inputs, out: t, attrs: node.attrs, needsGrad };
      const grads = anomaly ? checkedVjp(node, g, ctx) : node.def.vjp(g, ctx);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i]!;
        const gi = grads[i];
        if (!needsGrad[i] || gi === null || gi === undefined) continue;
        // Most gradients come in their input's shape: one comparison, nothing to sum back.
        let reduced: Tensor;
        if (isTensor(gi) && sameShape(gi.shape, input.shape)) reduced = gi;
        else {
          if (!isTensor(gi) || !reducibleTo(gi.shape, input.shape))
            throw brokenVjp(node.def.name, i, gi, input);
          reduced = sumTo(gi, input.shape);
        }
        if (anomaly) assertFinite(reduced, `backward of ${node.def.name} (input ${i})`, node);
        const prev = input.pendingGrad;
        input.pendingGrad = prev ? accumulate(prev, reduced) : reduced;
      }
    }
    completed = true;
  } finally {
    setGradMode(outerMode);
    endTracking(outerRecord);
    // A failed pass (an anomaly, a throwing hook) must not leave gradients behind for the next.
    if (!completed) for (const t of order) t.pendingGrad = null;
  }
  // Tiny arrays are never pooled, so a small network's pass may have recorded nothing.
  if (record !== null && record.length > 0) {
    keep ??= new Set();
    for (const g of found.grads) if (g !== undefined) keep.add(g.values);
    for (const t of order) if (t.grad !== null) keep.add(t.grad.values);
    releaseExcept(record, keep);
  }

  if (!retainGraph) {
    for (const t of order) {
      if (t.node !== null) {
        t.released = t.node.def.name;
        t.node = null;
      }
    }
  }
  return found;
}

/** `needsGrad` of one or two inputs, shared (rules only read it): no array per node. */
const NEEDS_ONE: readonly (readonly boolean[])[] = [Object.freeze([false]), Object.freeze([true])];
const NEEDS_TWO: readonly (readonly boolean[])[] = [
  Object.freeze([false, false]),
  Object.freeze([false, true]),
  Object.freeze([true, false]),
  Object.freeze([true, true]),
];

/** Which of a node's inputs need a gradient (the VJP context's `needsGrad`). */
function needsGradOf(inputs: Inputs): readonly boolean[] {
  if (inputs.length === 1) return NEEDS_ONE[inputs[0]!.requiresGrad ? 1 : 0]!;
  if (inputs.length === 2)
    return NEEDS_TWO[(inputs[0]!.requiresGrad ? 2 : 0) + (inputs[1]!.requiresGrad ? 1 : 0)]!;
  return inputs.map((x) => x.requiresGrad);
}

/**
 * Runs a tensor's hooks in order on its gradient. What a hook sees or returns may be kept by
 * it, so it is never pooled, and arrays the hook allocates are not recorded.
 */
function runHooks(t: Tensor, hooks: readonly GradHook[], g: Tensor, keep: Set<Float64Array>): Tensor {
  const paused = startTracking(null);
  try {
    for (const [k, hook] of [...hooks].entries()) {
      keep.add(g.values);
      const replaced: unknown = hook(g);
      if (replaced !== undefined && replaced !== null) {
        if (!isTensor(replaced)) {
          throw new DeltagradError(
            'INVALID_ARGUMENT',
            `backward(): hook ${k} of tensor #${t.id} returned ${describeValue(replaced)}; a hook returns a Tensor (the new gradient) or undefined`,
          );
        }
        if (!sameShape(replaced.shape, g.shape)) {
          throw new DeltagradError(
            'INVALID_SHAPE',
            `backward(): hook ${k} of tensor #${t.id} returned a gradient of shape ${fmtShape(replaced.shape)}, not ${fmtShape(g.shape)} (the shape of the gradient it was given)`,
          );
        }
        g = replaced;
      }
      keep.add(g.values);
    }
    return g;
  } finally {
    endTracking(paused);
  }
}

/**
 * A VJP call under `detectAnomaly`: checksums of everything the rule is handed (its inputs, its
 * output and the upstream gradient g) before and after, so a rule that writes into one of them
 * (zeroing g after use, say, which silently breaks every other consumer of g) is named. The
 * comparison is immediate: no array goes back to the pool before the pass ends, so a
 * temporary's legitimate reuse cannot look like a write.
 */
function checkedVjp(node: GraphNode, g: Tensor, ctx: VjpContext<Inputs, unknown>): InputGrads<Inputs> {
  const handed = [...node.inputs, ctx.out, g];
  const before = handed.map((x) => checksum(x.values));
  const grads = node.def.vjp(g, ctx);
  handed.forEach((x, i) => {
    if (checksum(x.values) === before[i]) return;
    const which =
      i < node.inputs.length
        ? `input ${i}`
        : i === node.inputs.length
          ? 'its output'
          : 'its upstream gradient g';
    const where = node.createdAt ? ` (created at ${node.createdAt})` : '';
    throw new DeltagradError(
      'ANOMALY',
      `backward of ${node.def.name} changed ${which} (shape ${fmtShape(x.shape)}) in place${where}: a VJP must not write into the tensors it is given`,
    );
  });
  return grads;
}

/**
 * True when a gradient of shape `g` can be summed back to an input of shape `shape`: the same
 * shape, or one the input broadcasts to (the engine's unbroadcast then applies).
 */
function reducibleTo(g: Shape, shape: Shape): boolean {
  if (sameShape(g, shape)) return true;
  const lead = g.length - shape.length;
  if (lead < 0) return false;
  for (let i = 0; i < shape.length; i++) if (shape[i] !== 1 && shape[i] !== g[lead + i]) return false;
  return true;
}

/** A VJP that returned something other than a gradient for `input`: an op bug, named. */
function brokenVjp(op: string, i: number, gi: unknown, input: Tensor): DeltagradError {
  const what = isTensor(gi) ? `a gradient of shape ${fmtShape(gi.shape)}` : describeValue(gi);
  return new DeltagradError(
    'INVALID_SHAPE',
    `backward of ${op} returned ${what} for input ${i} of shape ${fmtShape(input.shape)}: a VJP returns a Tensor of the input's shape or of the broadcast output shape`,
  );
}

/** Backward walks into inputs that require grad, and refuses a graph an earlier pass released. */
function followForBackward(input: Tensor): boolean {
  if (!input.requiresGrad) return false;
  assertLive(input);
  return true;
}

function assertLive(t: Tensor): void {
  if (t.released) {
    throw new DeltagradError(
      'GRAPH_RELEASED',
      `backward(): the graph through "${t.released}" (tensor #${t.id}, shape ${fmtShape(t.shape)}) was already released by an earlier backward — pass { retainGraph: true } to the first backward to traverse it twice`,
    );
  }
}

/**
 * Adds two gradients through the op table, so a compiled step replays it; the pass runs in the
 * grad mode of `createGraph`, so the sum is recorded only then.
 */
function accumulate(acc: Tensor, g: Tensor): Tensor {
  return apply(op.add, [acc, g], undefined);
}

function makeSeed(root: Tensor, seed: TensorLike | undefined): Tensor {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new DeltagradError(
        'NON_SCALAR_OUTPUT',
        `backward(): the output has shape ${fmtShape(root.shape)}, not a scalar — reduce it first (.sum() or .mean()) or pass a seed of shape ${fmtShape(root.shape)}`,
      );
    }
    // `new` and a store: Float64Array.of walks its arguments generically, several times slower.
    const one = new Float64Array(1);
    one[0] = 1;
    return makeTensor(one, root.shape);
  }
  if (typeof seed === 'number') return makeTensor(new Float64Array(root.size).fill(seed), root.shape);
  if (!isTensor(seed)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `backward(): seed must be a Tensor of the output's shape ${fmtShape(root.shape)} or a number, got ${describeValue(seed)}`,
    );
  }
  const s = seed;
  if (!sameShape(s.shape, root.shape)) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `backward(): seed shape ${fmtShape(s.shape)} does not match the output shape ${fmtShape(root.shape)}`,
    );
  }
  return s;
}
