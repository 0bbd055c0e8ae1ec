import { abs } from './abs';
import { add } from './add';
import { broadcastTo } from './broadcast-to';
import { clamp } from './clamp';
import { compare } from './compare';
import { concat } from './concat';
import { div } from './div';
import { exp } from './exp';
import { leakyRelu } from './leaky-relu';
import { log } from './log';
import { matmul } from './matmul';
import { matmulNT } from './matmul-nt';
import { matmulTN } from './matmul-tn';
import { max } from './max';
import { maximum } from './maximum';
import { minimum } from './minimum';
import { mul } from './mul';
import { mulNoNan } from './mul-no-nan';
import { neg } from './neg';
import { pad } from './pad';
import { permute } from './permute';
import { pow } from './pow';
import { powScalar } from './pow-scalar';
import { relu } from './relu';
import { reluBackward } from './relu-backward';
import { reshape } from './reshape';
import { sigmoid } from './sigmoid';
import { sigmoidBackward } from './sigmoid-backward';
import { slice } from './slice';
import { softplus } from './softplus';
import { sqrt } from './sqrt';
import { sub } from './sub';
import { sum } from './sum';
import { tanh } from './tanh';
import { tanhBackward } from './tanh-backward';
import type { Inputs, OpDef } from './types';
import { where } from './where';

export type { Comparison } from './compare';
export { productRunsInWasm } from './product';
export type { ReduceAttrs } from './sum';
export type {
  BatchContext,
  Binary,
  Computed,
  InputGrads,
  Inputs,
  InputTangents,
  OpDef,
  RuleContext,
  Ternary,
  Unary,
  VjpContext,
} from './types';

/**
 * The op table: every primitive, each defined in its own file in this folder. Adding an op is
 * one import and one entry here; `OpName` and `OpAttrs` follow from the table. `satisfies`
 * makes an entry that is not a complete `OpDef` (no `vjp`, say) a compile error.
 */
export const opTable = {
  add,
  sub,
  mul,
  div,
  mulNoNan,
  neg,
  pow,
  powScalar,
  exp,
  log,
  sqrt,
  abs,
  sigmoid,
  sigmoidBackward,
  tanh,
  tanhBackward,
  relu,
  reluBackward,
  leakyRelu,
  softplus,
  maximum,
  minimum,
  compare,
  where,
  clamp,
  matmul,
  matmulNT,
  matmulTN,
  sum,
  max,
  reshape,
  permute,
  broadcastTo,
  slice,
  pad,
  concat,
} satisfies Record<string, OpDef<Inputs, never>>;

/** The name of a primitive op. */
export type OpName = keyof typeof opTable;

/** Every primitive's name and the type of its attributes (`undefined` for none), read from the table. */
export type OpAttrs = { [K in OpName]: (typeof opTable)[K] extends OpDef<infer _In, infer A> ? A : never };

/** Names of all primitives, in table order. */
export const opNames = Object.keys(opTable) as OpName[];
