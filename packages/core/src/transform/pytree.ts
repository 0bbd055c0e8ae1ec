/**
 * Pytrees: the arguments and results of the transforms are tensors, or arrays and plain objects
 * of them, nested to any depth. One flattening rule, as JAX's: a Tensor is a leaf; an array's
 * children come in index order; a plain object's children come in the order of its keys
 * sorted by code unit (so `{ w, b }` and `{ b, w }` flatten alike). Anything else (a number,
 * null, a class instance) is not a tree, and is refused with a message naming where it was.
 */
import { isTensor } from '../construct';
import { DeltagradError, describeValue } from '../errors';
import type { Tensor } from '../tensor';

/** A tensor, or arrays and plain objects of tensors nested to any depth (a pytree). */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/**
 * The structure of a tree without its leaves: rebuilds it from a list of leaves (one per
 * leaf, in flattening order) with {@link unflatten}.
 */
export type TreeDef =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'array'; readonly children: readonly TreeDef[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const LEAF: TreeDef = { kind: 'leaf' };

/** The deepest nesting of arrays and objects a tree may have (as tensors have at most 64 axes). */
const MAX_TREE_DEPTH = 64;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * The leaves of `tree` in flattening order, and its structure. `where` names the tree in
 * messages (`grad: argument 0`); a non-tree value is refused with its path (`argument 0.w[1]`).
 */
export function flatten(tree: unknown, where: string): { leaves: Tensor[]; def: TreeDef } {
  const leaves: Tensor[] = [];
  const walk = (node: unknown, path: string, depth: number): TreeDef => {
    // A bound on nesting: a cycle (an object containing itself) or a runaway tree is refused.
    if (depth > MAX_TREE_DEPTH) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where} nests deeper than ${MAX_TREE_DEPTH} levels (a cycle?), at ${path.slice(0, 80)}…`,
      );
    }
    if (isTensor(node)) {
      leaves.push(node);
      return LEAF;
    }
    if (Array.isArray(node)) {
      return { kind: 'array', children: node.map((child, i) => walk(child, `${path}[${i}]`, depth + 1)) };
    }
    if (isPlainObject(node)) {
      const keys = Object.keys(node).sort();
      return { kind: 'object', keys, children: keys.map((k) => walk(node[k], `${path}.${k}`, depth + 1)) };
    }
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${path} must be a Tensor or an array or plain object of Tensors, got ${describeValue(node)}`,
    );
  };
  const def = walk(tree, where, 0);
  return { leaves, def };
}

/** Rebuilds a tree of structure `def` from its leaves (in flattening order). */
export function unflatten<T>(def: TreeDef, leaves: readonly T[]): unknown {
  let next = 0;
  const build = (d: TreeDef): unknown => {
    if (d.kind === 'leaf') return leaves[next++];
    if (d.kind === 'array') return d.children.map(build);
    const out: Record<string, unknown> = {};
    d.keys.forEach((k, i) => {
      out[k] = build(d.children[i]!);
    });
    return out;
  };
  return build(def);
}

/** Number of leaves of a structure. */
export function leafCount(def: TreeDef): number {
  if (def.kind === 'leaf') return 1;
  return def.children.reduce((n, c) => n + leafCount(c), 0);
}

/** True when two structures are the same (same nesting, same keys). */
export function sameTreeDef(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'leaf') return true;
  const bc = (b as { children: readonly TreeDef[] }).children;
  if (a.children.length !== bc.length) return false;
  if (a.kind === 'object') {
    const bk = (b as { keys: readonly string[] }).keys;
    if (a.keys.some((k, i) => k !== bk[i])) return false;
  }
  return a.children.every((c, i) => sameTreeDef(c, bc[i]!));
}

/** A structure shown in messages: `Tensor`, `[Tensor, Tensor]`, `{ b: Tensor, w: Tensor }`. */
export function showTreeDef(def: TreeDef): string {
  if (def.kind === 'leaf') return 'Tensor';
  if (def.kind === 'array') return `[${def.children.map(showTreeDef).join(', ')}]`;
  return `{ ${def.keys.map((k, i) => `${k}: ${showTreeDef(def.children[i]!)}`).join(', ')} }`;
}
