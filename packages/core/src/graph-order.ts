import type { Tensor } from './tensor';

let pass = 0;

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
  const stack: Tensor[] = [root];
  const next: number[] = [0];
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
