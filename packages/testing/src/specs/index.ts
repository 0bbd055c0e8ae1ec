import type { OpSpec } from '../spec';
import { absSpec } from './abs';
import { addSpec } from './add';
import { broadcastToSpec } from './broadcast-to';
import { clampSpec } from './clamp';
import { compareSpec } from './compare';
import { concatSpec } from './concat';
import { divSpec } from './div';
import { expSpec } from './exp';
import { leakyReluSpec } from './leaky-relu';
import { logSpec } from './log';
import { logSoftmaxSpec } from './log-softmax';
import { logSumExpSpec } from './log-sum-exp';
import { matmulSpec } from './matmul';
import { matmulNTSpec } from './matmul-nt';
import { matmulTNSpec } from './matmul-tn';
import { maxSpec } from './max';
import { maximumSpec } from './maximum';
import { meanSpec } from './mean';
import { minimumSpec } from './minimum';
import { mulSpec } from './mul';
import { mulNoNanSpec } from './mul-no-nan';
import { negSpec } from './neg';
import { padSpec } from './pad';
import { permuteSpec } from './permute';
import { powSpec } from './pow';
import { powScalarSpec } from './pow-scalar';
import { reluSpec } from './relu';
import { reluBackwardSpec } from './relu-backward';
import { reshapeSpec } from './reshape';
import { sigmoidSpec } from './sigmoid';
import { sigmoidBackwardSpec } from './sigmoid-backward';
import { sliceSpec } from './slice';
import { softmaxSpec } from './softmax';
import { softplusSpec } from './softplus';
import { sqrtSpec } from './sqrt';
import { squareSpec } from './square';
import { subSpec } from './sub';
import { sumSpec } from './sum';
import { tanhSpec } from './tanh';
import { tanhBackwardSpec } from './tanh-backward';
import { transposeSpec } from './transpose';
import { whereSpec } from './where';

/**
 * Every op spec: one per primitive of core's op table, and one per composite. Sorted by `op`
 * (code-unit order); `pnpm new:op <name>` inserts new specs in place.
 */
export const allSpecs: readonly OpSpec[] = [
  absSpec,
  addSpec,
  broadcastToSpec,
  clampSpec,
  compareSpec,
  concatSpec,
  divSpec,
  expSpec,
  leakyReluSpec,
  logSpec,
  logSoftmaxSpec,
  logSumExpSpec,
  matmulSpec,
  matmulNTSpec,
  matmulTNSpec,
  maxSpec,
  maximumSpec,
  meanSpec,
  minimumSpec,
  mulSpec,
  mulNoNanSpec,
  negSpec,
  padSpec,
  permuteSpec,
  powSpec,
  powScalarSpec,
  reluSpec,
  reluBackwardSpec,
  reshapeSpec,
  sigmoidSpec,
  sigmoidBackwardSpec,
  sliceSpec,
  softmaxSpec,
  softplusSpec,
  sqrtSpec,
  squareSpec,
  subSpec,
  sumSpec,
  tanhSpec,
  tanhBackwardSpec,
  transposeSpec,
  whereSpec,
];

/** The spec of op `name`, or undefined. */
export function specFor(name: string): OpSpec | undefined {
  return allSpecs.find((s) => s.op === name);
}
