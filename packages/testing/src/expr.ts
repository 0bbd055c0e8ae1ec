/**
 * Expressions over differentiable ops with safe domains, for property tests: every op is
 * smooth on all of ℝ (logs and square roots get positive arguments, exponentials bounded
 * ones), so finite differences are valid at any point the inputs land on.
 */
import {
  add,
  div,
  exp,
  log,
  logSumExp,
  mul,
  mulNoNan,
  neg,
  pow,
  sigmoid,
  softmax,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  type Tensor,
  tanh,
} from '@deltagrad/core';

/** A unary op of expressions: how to apply it, and how to show it around its argument. */
export interface UnaryOp {
  readonly apply: (x: Tensor) => Tensor;
  readonly show: (x: string) => string;
}

/** A binary op of expressions (broadcasting its operands). */
export interface BinaryOp {
  readonly apply: (a: Tensor, b: Tensor) => Tensor;
  readonly show: (a: string, b: string) => string;
}

const call = (name: string) => (x: string) => `${name}(${x})`;
const call2 = (name: string) => (a: string, b: string) => `${name}(${a}, ${b})`;

/** The unary ops expressions draw from. Reductions keep their axis, so shapes still broadcast. */
export const unaryOps = {
  neg: { apply: neg, show: call('neg') },
  tanh: { apply: tanh, show: call('tanh') },
  sigmoid: { apply: sigmoid, show: call('sigmoid') },
  softplus: { apply: softplus, show: call('softplus') },
  square: { apply: square, show: call('square') },
  exp: { apply: (x) => exp(tanh(x)), show: (x) => `exp(tanh(${x}))` },
  log: { apply: (x) => log(add(softplus(x), 0.5)), show: (x) => `log(softplus(${x}) + 0.5)` },
  sqrt: { apply: (x) => sqrt(add(square(x), 1)), show: (x) => `sqrt(square(${x}) + 1)` },
  sumLast: { apply: (x) => (x.rank === 0 ? x : sum(x, -1, true)), show: (x) => `sum(${x}, -1, keepdims)` },
  softmax: { apply: (x) => (x.rank === 0 ? x : softmax(x, -1)), show: call('softmax') },
  logSumExp: {
    apply: (x) => (x.rank === 0 ? x : logSumExp(x, -1, true)),
    show: (x) => `logSumExp(${x}, -1, keepdims)`,
  },
} satisfies Record<string, UnaryOp>;

/** The binary ops expressions draw from. */
export const binaryOps = {
  add: { apply: add, show: call2('add') },
  sub: { apply: sub, show: call2('sub') },
  mul: { apply: mul, show: call2('mul') },
  mulNoNan: { apply: mulNoNan, show: call2('mulNoNan') },
  div: { apply: (a, b) => div(a, add(square(b), 1)), show: (a, b) => `div(${a}, square(${b}) + 1)` },
  pow: {
    apply: (a, b) => pow(add(softplus(a), 0.5), tanh(b)),
    show: (a, b) => `pow(softplus(${a}) + 0.5, tanh(${b}))`,
  },
} satisfies Record<string, BinaryOp>;

/** The name of a unary op in {@link unaryOps}. */
export type UnaryName = keyof typeof unaryOps;
/** The name of a binary op in {@link binaryOps}. */
export type BinaryName = keyof typeof binaryOps;

/** An expression tree over inputs x0, x1, …. */
export type Expr =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'unary'; readonly op: UnaryName; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryName; readonly left: Expr; readonly right: Expr };

/** Evaluates `expr` on `inputs` (x0 is `inputs[0]`). Recursion is bounded by the tree's depth. */
export function evalExpr(expr: Expr, inputs: readonly Tensor[]): Tensor {
  switch (expr.kind) {
    case 'input':
      return inputs[expr.index]!;
    case 'unary':
      return unaryOps[expr.op].apply(evalExpr(expr.arg, inputs));
    case 'binary':
      return binaryOps[expr.op].apply(evalExpr(expr.left, inputs), evalExpr(expr.right, inputs));
  }
}

/** `mul(tanh(x0), x1)`: the expression as code. */
export function showExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'input':
      return `x${expr.index}`;
    case 'unary':
      return unaryOps[expr.op].show(showExpr(expr.arg));
    case 'binary':
      return binaryOps[expr.op].show(showExpr(expr.left), showExpr(expr.right));
  }
}

/** Depth of the tree: 0 for an input. */
export function exprDepth(expr: Expr): number {
  switch (expr.kind) {
    case 'input':
      return 0;
    case 'unary':
      return 1 + exprDepth(expr.arg);
    case 'binary':
      return 1 + Math.max(exprDepth(expr.left), exprDepth(expr.right));
  }
}
