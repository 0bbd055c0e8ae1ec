/**
 * How the modules below the Tensor class make tensors without importing it. Tensor's methods
 * call the functional ops and its `backward()` calls the engine, so if those modules imported
 * the class back, every one of them would sit in an import cycle with tensor.ts. Instead
 * tensor.ts hands its class over here once, when it loads (before any tensor can exist).
 */
import type { Shape } from './shape';
import type { Tensor } from './tensor';

type TensorClass = new (data: Float64Array, shape: Shape, requiresGrad?: boolean) => Tensor;
type TensorFactory = (data: Float64Array, shape: Shape, requiresGrad: boolean) => Tensor;

let TensorClass: TensorClass | undefined;
let trustedFactory: TensorFactory | undefined;

/**
 * Called once, by tensor.ts, with the Tensor class and its unchecked factory (for arrays the
 * engine made for a shape it computed: the public constructor's checks would only repeat it).
 */
export function provideTensorClass(cls: TensorClass, factory: TensorFactory): void {
  TensorClass = cls;
  trustedFactory = factory;
}

/**
 * A new tensor over an array the engine made (`new Tensor(data, shape, requiresGrad)`, but not
 * exposed: no user code holds `data` yet), for the engine, the ops and the functional API.
 */
export function makeTensor(data: Float64Array, shape: Shape, requiresGrad = false): Tensor {
  if (trustedFactory === undefined) throw new Error('@deltagrad/core: tensor.ts was not loaded');
  const t = trustedFactory(data, shape, requiresGrad);
  t.flags = 0;
  return t;
}

/**
 * A new tensor over the values of `source` (no copy), of the same size: detach, a reshape, a
 * differentiation target. It shares `source`'s exposure and checksums (guard.ts).
 */
export function shareValues(source: Tensor, shape: Shape, requiresGrad: boolean): Tensor {
  const t = makeTensor(source.values, shape, requiresGrad);
  t.base = source.base ?? source;
  return t;
}

/** True for a Tensor (an instance of the class tensor.ts handed over). */
export function isTensor(value: unknown): value is Tensor {
  return TensorClass !== undefined && value instanceof TensorClass;
}
