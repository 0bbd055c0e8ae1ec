/**
 * @deltagrad/testing: the shared op test harness. One {@link OpSpec} per op says how to call
 * it, on which shapes and values, and what it must give; {@link checkOp} runs every generic
 * check on it (forward against references, gradcheck and gradgradcheck on several shapes,
 * gradient shapes, zero upstream gradients, NaN-aware edge points) and returns a report.
 *
 * @packageDocumentation
 */
export {
  broadcastableTo,
  broadcastPairArb,
  type CompositionCase,
  compositionArb,
  exprArb,
  exprOfDepth,
  type ShapeLimits,
  shapeArb,
  tensorArb,
} from './arbitraries';
export { type SpecCoverage, specCoverage } from './coverage';
export {
  at,
  broadcastShape,
  type Dense,
  elementwise,
  fromNested,
  lastAxisVjp,
  reduce,
  shapeOfNested,
  tabulate,
  unravel,
} from './dense';
export {
  type BinaryName,
  type BinaryOp,
  binaryOps,
  type Expr,
  evalExpr,
  exprDepth,
  showExpr,
  type UnaryName,
  type UnaryOp,
  unaryOps,
} from './expr';
export { type CheckOptions, checkAll, checkOp, fmtShapes, type PlannedCheck, planChecks } from './harness';
export { logSoftmaxLast, logSumExpLast, matmulDense, sigmoidOf, softmaxLast } from './oracles';
export {
  buildReport,
  type CheckKind,
  type CheckResult,
  checkKinds,
  type DerivativeFailure,
  failureError,
  formatReportTable,
  type OpReport,
} from './report';
export { isAvoided, sampleInputs, sampleValue, seedFor } from './sample';
export {
  type Avoid,
  type Domain,
  defineSpec,
  type GradTolerance,
  type OpSpec,
  type PerInput,
  type SpecTolerances,
  type Tolerance,
  type ValueCase,
} from './spec';
export { BINARY_SHAPES, KINK_AT_ZERO, TINY, UNARY_SHAPES } from './spec-kit';
export { allSpecs, specFor } from './specs/index';
export { compareValues, type Mismatch, sameNumber, type ValueComparison } from './values';
