import type { Tensor } from './tensor';

let pass = 0;
/**
 * The search's stack of tensors and, beside each, the index of its next input to visit: kept
 * between calls (a backward pass per training step would otherwise allocate and grow two
 * arrays each time). Empty between calls: a search ends when its stack is, and one that throws
 * (`follow` refusing a released graph) empties it, so no tensor is held past the call.
 */
const stack: Tensor[] = [];
const next: number[] = [];

/**
 * Every tensor `root` depends on through live graph nodes, inputs before outputs (a
 * topological order; `root` is last). `follow(input)` says whether to walk into an input
 * (backward follows only tensors that require grad; graph export follows all). Iterative
 * depth-first search, so chains of any length work; each call stamps the tensors it visits
 * instead of keeping a set. The one traversal of the graph: backward and graph export use it.
 */
export function topologicalOrder(root: Tensor, follow: (input: Tensor) => boolean): Tensor[] {
  const mark = ++pass;
  const order: Tensor[] = [];
  stack.push(root);
  next.push(0);
  root.visit = mark;
  try {
    search(mark, order, follow);
  } catch (error) {
    stack.length = 0;
    next.length = 0;
    throw error;
  }
  return order;
}

/** The depth-first search of {@link topologicalOrder} from what `stack` holds, appending to `order`. */
function search(mark: number, order: Tensor[], follow: (input: Tensor) => boolean): void {
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top]!;
    const inputs = t.node?.inputs;
    const i = next[top]!;
    if (inputs && i < inputs.length) {
      next[top] = i + 1;
      const child = inputs[i]!;
      if (child.visit !== mark && follow(child)) {
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
}
