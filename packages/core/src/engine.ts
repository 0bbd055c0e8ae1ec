import { DeltagradError, fmtShape } from './errors';
import { type OpAttrs, type OpDef, type OpName, opTable } from './ops/index';
import { type Shape, sameShape } from './shape';
import { type GraphNode, Tensor, type TensorLike } from './tensor';

let gradEnabled = true;
let anomalyMode = false;

/** True unless inside {@link noGrad}. */
export function isGradEnabled(): boolean {
  return gradEnabled;
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
  return withGradMode(false, fn);
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
 * and Infinity, and the first offender throws a `DeltagradError` with code `ANOMALY` naming
 * the op and the line of user code that created it. Slow; for debugging only.
 */
export function detectAnomaly<T>(fn: () => T): T {
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

/** Wraps a number as a 0-d constant tensor; passes tensors through. */
export function toTensor(value: TensorLike): Tensor {
  if (typeof value !== 'number') return value;
  let t = scalarCache.get(value);
  if (t === undefined) {
    t = new Tensor(Float64Array.of(value), []);
    if (scalarCache.size < SCALAR_CACHE_LIMIT && !Object.is(value, -0)) scalarCache.set(value, t);
  }
  return t;
}

/** Applies primitive `op` to `inputs`, recording a graph node when any input requires grad. */
export function apply<K extends OpName>(op: K, inputs: readonly Tensor[], attrs: OpAttrs[K]): Tensor {
  const { data, shape } = opTable[op].forward(inputs, attrs);
  let track = false;
  if (gradEnabled) {
    for (const t of inputs) {
      if (t.requiresGrad) {
        track = true;
        break;
      }
    }
  }
  if (!track) return new Tensor(data, shape);
  const node: GraphNode = anomalyMode
    ? { op, inputs, attrs, createdAt: userFrame(new Error().stack) }
    : { op, inputs, attrs };
  const out = new Tensor(data, shape, true, node);
  if (anomalyMode) assertFinite(out, `forward of ${op}`, node);
  return out;
}

/** The first stack frame outside this package: where user code created the node. */
function userFrame(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').slice(1);
  // Skip deltagrad's own library code (core, nn, …) from the workspace or node_modules.
  const library = /[\\/](?:packages|@deltagrad)[\\/][a-z]+[\\/](?:src|dist)[\\/]|node:internal/;
  const user = frames.find((f) => !library.test(f));
  return (user ?? frames[frames.length - 1] ?? 'unknown').trim().replace(/^at /, '');
}

function assertFinite(t: Tensor, what: string, node: GraphNode | null): void {
  const d = t.data;
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

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? apply('sum', [g], { axes, keepdims: true }) : g;
  return summed.rank === shape.length && sameShape(summed.shape, shape)
    ? summed
    : apply('reshape', [summed], { shape: [...shape] });
}

export interface BackwardOptions {
  /** Keep the graph after backward so it can be traversed again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so gradients can be differentiated again. */
  createGraph?: boolean;
}

/** Implements {@link Tensor.backward}: accumulate into `.grad` of leaves that require it. */
export function backwardFrom(root: Tensor, seed: TensorLike | undefined, opts: BackwardOptions = {}): void {
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
  for (const [i, t] of inputs.entries()) {
    if (!t.requiresGrad) {
      throw new DeltagradError(
        'NO_GRAD',
        `gradients(): input ${i} (shape ${fmtShape(t.shape)}) does not require grad`,
      );
    }
  }
  const found = runBackward(output, seed, opts, inputs);
  return inputs.map((t) => found.get(t) ?? new Tensor(new Float64Array(t.size), t.shape));
}

let pass = 0;

function runBackward(
  root: Tensor,
  seed: TensorLike | undefined,
  opts: BackwardOptions,
  targets: readonly Tensor[] | null,
): Map<Tensor, Tensor> {
  if (!root.requiresGrad) {
    throw new DeltagradError(
      'NO_GRAD',
      `backward(): the output (shape ${fmtShape(root.shape)}) does not require grad — create an input with { requiresGrad: true }, and do not compute it inside noGrad()`,
    );
  }
  const seedTensor = makeSeed(root, seed);
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const order = topologicalOrder(root);
  root.pendingGrad = seedTensor;
  const found = new Map<Tensor, Tensor>();
  const targetSet = targets ? new Set(targets) : null;

  try {
    withGradMode(createGraph, () => {
      for (let k = order.length - 1; k >= 0; k--) {
        const t = order[k]!;
        let g = t.pendingGrad;
        if (g === null) continue;
        t.pendingGrad = null;
        if (t.hooks) for (const hook of [...t.hooks]) g = hook(g) ?? g;
        if (targetSet?.has(t)) found.set(t, g);
        const node = t.node;
        if (node === null) {
          if (!targetSet && t.requiresGrad) t.grad = t.grad ? accumulate(t.grad, g, createGraph) : g;
          continue;
        }
        if (!targetSet && t.retainsGrad) t.grad = t.grad ? accumulate(t.grad, g, createGraph) : g;
        const def = opTable[node.op as OpName] as OpDef<unknown>;
        const needsGrad: boolean[] = [];
        for (const x of node.inputs) needsGrad.push(x.requiresGrad);
        const grads = def.vjp(g, { inputs: node.inputs, out: t, attrs: node.attrs, needsGrad });
        for (let i = 0; i < node.inputs.length; i++) {
          const input = node.inputs[i]!;
          const gi = grads[i];
          if (!needsGrad[i] || gi === null || gi === undefined) continue;
          const reduced = sumTo(gi, input.shape);
          if (anomalyMode) assertFinite(reduced, `backward of ${node.op} (input ${i})`, node);
          const prev = input.pendingGrad;
          input.pendingGrad = prev ? accumulate(prev, reduced, createGraph) : reduced;
        }
      }
    });
  } finally {
    // A failed pass (an anomaly, a throwing hook) must not leave gradients behind for the next.
    for (const t of order) t.pendingGrad = null;
  }

  if (!retainGraph) {
    for (const t of order) {
      if (t.node !== null) {
        t.released = t.node.op;
        t.node = null;
      }
    }
  }
  return found;
}

/** Adds two gradients; outside createGraph the left one is a buffer we own, so add in place. */
function accumulate(acc: Tensor, g: Tensor, createGraph: boolean): Tensor {
  if (createGraph || acc.requiresGrad) return apply('add', [acc, g], undefined);
  const out = new Float64Array(acc.data);
  const gd = g.data;
  for (let i = 0; i < out.length; i++) out[i]! += gd[i]!;
  return new Tensor(out, acc.shape);
}

function makeSeed(root: Tensor, seed: TensorLike | undefined): Tensor {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new DeltagradError(
        'NON_SCALAR_OUTPUT',
        `backward(): the output has shape ${fmtShape(root.shape)}, not a scalar — reduce it first (.sum() or .mean()) or pass a seed of shape ${fmtShape(root.shape)}`,
      );
    }
    return new Tensor(Float64Array.of(1), root.shape);
  }
  const s = toTensor(seed);
  if (typeof seed === 'number') return new Tensor(new Float64Array(root.size).fill(seed), root.shape);
  if (!sameShape(s.shape, root.shape)) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `backward(): seed shape ${fmtShape(s.shape)} does not match the output shape ${fmtShape(root.shape)}`,
    );
  }
  return s;
}

/**
 * Tensors that require grad and lead to `root`, inputs before outputs. Iterative depth-first
 * search (no recursion), so chains of any length work.
 */
function topologicalOrder(root: Tensor): Tensor[] {
  const mark = ++pass;
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  root.visit = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top]!;
    if (t.released) {
      throw new DeltagradError(
        'GRAPH_RELEASED',
        `backward(): the graph through "${t.released}" (tensor #${t.id}, shape ${fmtShape(t.shape)}) was already released by an earlier backward — pass { retainGraph: true } to the first backward to traverse it twice`,
      );
    }
    const inputs = t.node?.inputs;
    const i = next[top]!;
    if (inputs && i < inputs.length) {
      next[top] = i + 1;
      const child = inputs[i]!;
      if (child.requiresGrad && child.visit !== mark) {
        child.visit = mark;
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  return order;
}
