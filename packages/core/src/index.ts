/**
 * @deltagrad/core: reverse-mode automatic differentiation over float64 tensors.
 *
 * @packageDocumentation
 */
export {
  type Argnums,
  type GradOf,
  type GradOptions,
  type Grads,
  type GradsAt,
  grad,
  type TensorFn,
  valueAndGrad,
  vjp,
} from './autodiff';
export { type BackwardOptions, gradients } from './backward';
export { broadcastShapes, sizeOf, sumTo } from './checked-exports';
export { type CompiledFn, type CompileOptions, compile } from './compile';
export { arange, full, ones, rand, randn, scalar, type TensorOptions, tensor, zeros } from './creation';
export { detectAnomaly, isGradEnabled, noGrad } from './engine';
export { DeltagradError, type DeltagradErrorCode } from './errors';
export * from './functional';
export {
  type GradcheckFailure,
  type GradcheckOptions,
  type GradcheckResult,
  gradcheck,
  gradgradcheck,
} from './gradcheck';
export { type GraphJSON, type GraphJSONEdge, type GraphJSONNode, toDot, toGraphJSON } from './graph';
export { type KernelsName, kernelsInUse, setKernels } from './kernels/index';
export {
  type BatchContext,
  type Binary,
  type Comparison,
  type Computed,
  type InputGrads,
  type Inputs,
  type InputTangents,
  type OpAttrs,
  type OpDef,
  type OpName,
  opNames,
  opTable,
  type RuleContext,
  type Ternary,
  type Unary,
  type VjpContext,
} from './ops/index';
export { elementBudget, type Shape, setElementBudget } from './shape';
export {
  type GradHook,
  type HookHandle,
  type NestedArray,
  Tensor,
  type TensorLike,
} from './tensor';
export { customVjp, defineOp, type OpDefinition, type UserOp } from './transform/custom';
export { jvp } from './transform/forward';
export {
  hessian,
  hvp,
  type Jacobian,
  type JacobianArgs,
  type JacobianOptions,
  jacfwd,
  jacobian,
  jacrev,
} from './transform/jacobian';
export { linearize, type TangentsOf } from './transform/linearize';
export type { TensorTree } from './transform/pytree';
export { type InAxes, type OutAxes, vmap } from './transform/vmap';
