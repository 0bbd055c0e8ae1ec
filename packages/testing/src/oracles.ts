/**
 * The reference implementations of the op specs, by name, for packages that check functions
 * built from these ops (nn's layers and losses): a layer is then checked against the same
 * independent code as the op it applies, not against a second copy of it.
 */
import type { Dense } from './dense';
import type { OpSpec } from './spec';
import { logSoftmaxSpec } from './specs/log-softmax';
import { logSumExpSpec } from './specs/log-sum-exp';
import { matmulSpec } from './specs/matmul';
import { sigmoidSpec } from './specs/sigmoid';

export { softmaxLast } from './specs/softmax';

function scalarOf(spec: OpSpec): (x: number) => number {
  const scalar = spec.scalar;
  if (scalar === undefined) throw new Error(`the ${spec.op} spec has no scalar reference`);
  return (x) => scalar(x);
}

function oracleOf(spec: OpSpec): (...inputs: Dense[]) => Dense {
  const oracle = spec.oracle;
  if (oracle === undefined) throw new Error(`the ${spec.op} spec has no oracle`);
  return oracle;
}

/** σ(x) = 1 / (1 + e⁻ˣ): the sigmoid spec's scalar reference. */
export const sigmoidOf: (x: number) => number = scalarOf(sigmoidSpec);

/** log softmax over the last axis, by plain loops: the logSoftmax spec's oracle. */
export const logSoftmaxLast: (x: Dense) => Dense = oracleOf(logSoftmaxSpec);

/** log Σ exp over the last axis (that axis dropped), by plain loops: the logSumExp spec's oracle. */
export const logSumExpLast: (x: Dense) => Dense = oracleOf(logSumExpSpec);

/** The matrix product over the last two axes, batch axes broadcast, by loops: the matmul spec's oracle. */
export const matmulDense: (a: Dense, b: Dense) => Dense = oracleOf(matmulSpec);
