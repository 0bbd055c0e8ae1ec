import type { Tensor } from './tensor';

let pass = 0;
/**
 * The search's stack of tensors and, beside each, the index of its next input to visit: kept
 * between calls (a backward pass per training step would otherwise allocate and grow two
 * arrays each time). A search ends when its stack is empty; one that threw (`follow` refusing a
 * released graph) left it as it was, so the next call empties it first.
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
  if (stack.length > 0) {
    stack.length = 0;
    next.length = 0;
  }
  stack.push(root);
  next.push(0);
  root.visit = mark;
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
  return order;
}
