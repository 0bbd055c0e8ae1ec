import { abs } from './abs';
import { add } from './add';
import { broadcastTo } from './broadcast-to';
import { clamp } from './clamp';
import { type Comparison, compare } from './compare';
import { concat } from './concat';
import { div } from './div';
import { exp } from './exp';
import { leakyRelu } from './leaky-relu';
import { log } from './log';
import { matmul } from './matmul';
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
import { reshape } from './reshape';
import { sigmoid } from './sigmoid';
import { slice } from './slice';
import { softplus } from './softplus';
import { sqrt } from './sqrt';
import { sub } from './sub';
import { type ReduceAttrs, sum } from './sum';
import { tanh } from './tanh';
import type { OpDef } from './types';
import { where } from './where';

export type { Comparison } from './compare';
export type { ReduceAttrs } from './sum';
export type { Computed, OpDef, VjpContext } from './types';

/**
 * Every primitive's name and the type of its attributes. The table below is typed as a mapped
 * type over these names, so an op listed here without a definition (or a definition without a
 * `vjp`) is a compile error.
 */
export interface OpAttrs {
  add: undefined;
  sub: undefined;
  mul: undefined;
  div: undefined;
  mulNoNan: undefined;
  neg: undefined;
  pow: undefined;
  powScalar: { exponent: number };
  exp: undefined;
  log: undefined;
  sqrt: undefined;
  abs: undefined;
  sigmoid: undefined;
  tanh: undefined;
  relu: undefined;
  leakyRelu: { slope: number };
  softplus: undefined;
  maximum: undefined;
  minimum: undefined;
  compare: { kind: Comparison };
  where: undefined;
  clamp: { lo: number; hi: number };
  matmul: undefined;
  sum: ReduceAttrs;
  max: ReduceAttrs;
  reshape: { shape: number[] };
  permute: { axes: number[] };
  broadcastTo: { shape: number[] };
  slice: { begin: number[]; end: number[] };
  pad: { before: number[]; after: number[] };
  concat: { axis: number };
}

/** The name of a primitive op. */
export type OpName = keyof OpAttrs;

/** The op table: one entry per primitive, each defined in its own file in this folder. */
export const opTable: { readonly [K in OpName]: OpDef<OpAttrs[K]> } = {
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
  tanh,
  relu,
  leakyRelu,
  softplus,
  maximum,
  minimum,
  compare,
  where,
  clamp,
  matmul,
  sum,
  max,
  reshape,
  permute,
  broadcastTo,
  slice,
  pad,
  concat,
};

/** Names of all primitives, in table order. */
export const opNames = Object.keys(opTable) as OpName[];
