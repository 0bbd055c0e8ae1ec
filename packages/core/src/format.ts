import type { Tensor } from './tensor';

const MAX_SHOWN = 6;

function fmtValue(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.`;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e8)) return v.toExponential(4);
  return Number(v.toFixed(6)).toString();
}

/**
 * A NumPy-like rendering: nested brackets, long axes elided with `…`, then the shape and
 * where the tensor came from, e.g. `tensor([[1., 2.], [3., 4.]], shape=[2, 2], op=add)`.
 */
export function formatTensor(t: Tensor): string {
  const parts: string[] = [];
  const render = (axis: number, offset: number, stride: number): string => {
    if (axis === t.rank) return fmtValue(t.values[offset]!);
    const n = t.shape[axis]!;
    const inner = stride / n;
    const items: string[] = [];
    const show = (i: number) => items.push(render(axis + 1, offset + i * inner, inner));
    if (n > MAX_SHOWN) {
      for (let i = 0; i < MAX_SHOWN / 2; i++) show(i);
      items.push('…');
      for (let i = n - MAX_SHOWN / 2; i < n; i++) show(i);
    } else for (let i = 0; i < n; i++) show(i);
    const sep = axis === t.rank - 1 ? ', ' : `,\n${' '.repeat(8 + axis)}`;
    return `[${items.join(sep)}]`;
  };
  parts.push(`shape=[${t.shape.join(', ')}]`);
  if (t.op !== null) parts.push(`op=${t.op}`);
  else if (t.requiresGrad) parts.push('requiresGrad=true');
  return `tensor(${render(0, 0, t.size)}, ${parts.join(', ')})`;
}
