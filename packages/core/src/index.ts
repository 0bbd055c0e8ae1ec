/**
 * @deltagrad/core: reverse-mode automatic differentiation over float64 tensors.
 *
 * @packageDocumentation
 */
export { type Grads, grad, type TensorFn, valueAndGrad, vjp } from './autodiff';
export { arange, full, ones, rand, randn, scalar, type TensorOptions, tensor, zeros } from './creation';
export {
  type BackwardOptions,
  detectAnomaly,
  gradients,
  isGradEnabled,
  noGrad,
  sumTo,
} from './engine';
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
export {
  type Comparison,
  type OpAttrs,
  type OpDef,
  type OpName,
  opNames,
  opTable,
  type VjpContext,
} from './ops/index';
export { broadcastShapes, type Shape, sizeOf } from './shape';
export {
  type GradHook,
  type GraphNode,
  type HookHandle,
  type NestedArray,
  Tensor,
  type TensorLike,
} from './tensor';
