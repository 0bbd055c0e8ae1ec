import { readFileSync } from 'node:fs';
import { format, inspect } from 'node:util';
import * as core from '@deltagrad/core';
import {
  clamp,
  DeltagradError,
  detectAnomaly,
  elementBudget,
  grad,
  gradcheck,
  gradients,
  leakyRelu,
  randn,
  setElementBudget,
  type Tensor,
  tensor,
  valueAndGrad,
  vjp,
  zeros,
} from '@deltagrad/core';
import { createRandom, numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

// The README's examples, run; what they print or state is checked against the README's text.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The code block that follows `heading` in the README. */
function blockAfter(heading: string): string {
  const at = readme.indexOf(heading);
  expect(at, `README has "${heading}"`).toBeGreaterThanOrEqual(0);
  const match = /```(?:js|ts)\n([\s\S]*?)```/.exec(readme.slice(at));
  return match![1]!;
}

/** `console.log(expr); // printed` lines of a block, as [expr, printed] pairs. */
function printedLines(block: string): [string, string][] {
  return [...block.matchAll(/^console\.log\((.*)\); \/\/ (.*)$/gm)].map((m) => [m[1]!, m[2]!]);
}

describe('README', () => {
  it('the seed network example gives ∂L/∂W1 of shape [2, 2]', () => {
    const rng = numpyRandom(42);
    const X = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const Y = tensor([[0], [1], [1], [0]]);
    const W1 = randn([2, 2], rng, { requiresGrad: true });
    const W2 = randn([2, 1], rng, { requiresGrad: true });
    const b1 = zeros([1, 2], { requiresGrad: true });
    const b2 = zeros([1, 1], { requiresGrad: true });
    const a2 = X.matmul(W1).add(b1).sigmoid().matmul(W2).add(b2).sigmoid();
    const loss = Y.sub(a2).square().sum().mul(0.5);
    loss.backward();
    expect(W1.grad!.shape).toEqual([2, 2]);
    expect(blockAfter('## Example: the seed network')).toContain(
      'W1.grad.toNested(); // ∂L/∂W1, shape [2, 2]',
    );
  });

  it('the functional API example prints what its comments say', () => {
    const f = (x: Tensor) => x.pow(3).sum();
    const secondDerivative = grad((x: Tensor) => grad(f)(x)[0].sum());
    const { out, vjp: pullback } = vjp((x: Tensor) => x.mul(x), tensor([1, 2]));
    const run: Record<string, () => unknown> = {
      'grad(f)(tensor([2]))': () => grad(f)(tensor([2])),
      'valueAndGrad(f)(tensor([2]))': () => valueAndGrad(f)(tensor([2])),
      'secondDerivative(tensor([2]))': () => secondDerivative(tensor([2])),
      out: () => out,
      'pullback(tensor([1, 1]))': () => pullback(tensor([1, 1])),
    };
    const lines = printedLines(blockAfter('## Functional API'));
    expect(lines.map(([expr]) => expr)).toEqual(Object.keys(run));
    for (const [expr, printed] of lines) expect(inspect(run[expr]!()), expr).toBe(printed);
  });

  it('the graph-reading example shows op, inputs and the printed tensor', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2).sum();
    const block = blockAfter('### Reading the graph');
    expect(block).toContain(`y.op; // '${y.op}'`);
    expect(block).toContain(`y.inputs[0].op; // '${y.inputs[0]!.op}'`);
    expect(block).toContain(`console.log(y); // ${inspect(y)}`);
  });

  it('the gradcheck example passes', () => {
    const rng = createRandom(0);
    const result = gradcheck((x, w) => x.matmul(w).tanh(), [randn([3, 2], rng), randn([2, 4], rng)]);
    expect(result.ok).toBe(true);
    expect(blockAfter('### gradcheck')).toContain(
      'gradcheck((x, w) => x.matmul(w).tanh(), [randn([3, 2], rng), randn([2, 4], rng)]);',
    );
  });

  it('the detectAnomaly example throws the message shown, pointing at the line that made the op', () => {
    const block = blockAfter('### detectAnomaly');
    const x = tensor([0, 4], { requiresGrad: true });
    let error: unknown;
    try {
      detectAnomaly(() => {
        const loss = x.sqrt().sum();
        loss.backward();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeltagradError);
    const { code, message } = error as DeltagradError;
    const [what, where] = message.split(' (created at ');
    // The creation site is this test file's `x.sqrt()` line; the README shows its own file.
    expect(where).toMatch(/readme\.test\.ts:\d+:\d+\)$/);
    const shown = new RegExp(
      `^// DeltagradError ${code}: (.*) \\(created at file:///…/train\\.mjs:(\\d+):(\\d+)\\)$`,
      'm',
    ).exec(block);
    expect(shown, 'the README shows the error line').not.toBeNull();
    expect(shown![1]).toBe(what);
    // Saved as train.mjs, the README's block has `sqrt(` at the line and column it names.
    const line = block.split('\n')[Number(shown![2]) - 1]!;
    expect(line.slice(Number(shown![3]) - 1)).toMatch(/^sqrt\(/);
  });

  it('the element budget example throws the error shown', () => {
    const block = blockAfter('**Sizes have a budget**');
    const shown = /^\s*zeros\(\[2000, 1000\]\); \/\/ DeltagradError (\w+): (.*)$/m.exec(block);
    expect(shown, 'the README shows the error').not.toBeNull();
    expect(block).toContain('setElementBudget(1e6);');
    const before = elementBudget();
    setElementBudget(1e6);
    try {
      expect(() => zeros([2000, 1000])).toThrow(
        expect.objectContaining({ code: shown![1], message: shown![2] }),
      );
    } finally {
      setElementBudget(before);
    }
  });

  it('the in-place example throws the error shown (tensor #0 in a fresh script)', () => {
    const block = blockAfter('**Changing values before backward is an error**');
    const shown = /^\s*y\.backward\(\); \/\/ DeltagradError (\w+): (.*)…$/m.exec(block);
    expect(shown, 'the README shows the error').not.toBeNull();
    expect(block).toContain('x.data[0] = 100;');
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    x.data[0] = 100;
    let error: unknown;
    try {
      y.backward();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeltagradError);
    expect((error as DeltagradError).code).toBe(shown![1]);
    expect((error as Error).message.replace(`#${x.id},`, '#0,').startsWith(shown![2]!)).toBe(true);
  });

  it('states the derivative at each kink as the code computes it (PyTorch’s choices)', () => {
    const at = (f: (t: Tensor) => Tensor, v: number) => {
      const t = tensor([v], { requiresGrad: true });
      return gradients(f(t).sum(), [t])[0]!.item();
    };
    expect(at((t) => t.relu(), 0)).toBe(0);
    expect(at((t) => t.abs(), 0)).toBe(0);
    expect(at((t) => leakyRelu(t, 0.1), 0)).toBe(0.1);
    expect(at((t) => clamp(t, -1, 2), -1)).toBe(1);
    expect(at((t) => clamp(t, -1, 2), 2)).toBe(1);
    expect(readme).toContain('`relu` and `abs` have derivative 0 at 0; `leakyRelu` has its slope');
    expect(readme).toContain('`clamp(x, lo, hi)` has derivative 1 at the bounds');
  });
});

/**
 * Runs a README block as it stands (its `@deltagrad/core` import bound to the package) and
 * returns what each `console.log` printed, formatted as Node prints it.
 */
function runBlock(block: string): string[] {
  const printed: string[] = [];
  const body = block.replace(/^import \{([^}]+)\} from '@deltagrad\/core';$/m, 'const {$1} = core;');
  expect(body, 'the block imports from @deltagrad/core only').not.toMatch(/^import /m);
  new Function('core', 'console', body)(core, { log: (...args: unknown[]) => printed.push(format(...args)) });
  return printed;
}

describe('README: transforms and ops of your own', () => {
  it.each([
    ['## Forward mode, Jacobians, Hessians, vmap', 5],
    ['**J·t for many tangents at one point**', 4],
    ['every transform are **pytrees**', 1],
    ['## Ops of your own', 5],
  ] as const)('the block after "%s" runs and prints what its comments say', (heading, count) => {
    const block = blockAfter(heading);
    const comments = printedLines(block).map(([, printed]) => printed);
    expect(comments.length).toBe(count);
    expect(runBlock(block)).toEqual(comments);
  });

  it('the Hessian example is within rounding of the closed form, and per-example gradients sum to the gradient', () => {
    const lines = printedLines(blockAfter('## Forward mode, Jacobians, Hessians, vmap'));
    expect(Number(lines[2]![1])).toBeLessThan(1e-15);
    const perExample = core.tensor(JSON.parse(lines[3]![1]) as number[][][]);
    expect(perExample.sum(0).toNested()).toEqual(JSON.parse(lines[4]![1]));
  });
});
