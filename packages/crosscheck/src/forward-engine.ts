import { linearize, type Tensor, tensor, vmap } from '@deltagrad/core';
import { functionalCall } from '@deltagrad/nn';
import { adoptGradients, modelEngine, modelSetup } from './autodiff-engine';
import type { EngineContext, GradientEngine } from './engine';

/**
 * The basis of one parameter tensor's own directions: shape [n, ...shape] for its n entries,
 * direction k is 1 at flat index k and 0 elsewhere.
 */
function ownBasis(shape: readonly number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size * size);
  for (let k = 0; k < size; k++) data[k * size + k] = 1;
  return tensor(data, { shape: [size, ...shape] });
}

/**
 * The forward-mode side: the same @deltagrad/nn model as autodiff, differentiated by forward
 * mode. The derivative of the loss along direction eₖ is the JVP J·eₖ = ∂L/∂θₖ, so one JVP per
 * parameter gives the whole gradient. `linearize` evaluates the objective once and records its
 * linear part (the ops each JVP rule applies to the tangents); the JVPs then run as one pass
 * of that linear map per parameter tensor under `vmap` over its own basis, the other tangents
 * `null` (symbolic zeros, whose ops are skipped: the directions of W2 never multiply zeros
 * through layer 1), as JAX's `jacfwd` maps `jvp` over each argument's basis, and no backward
 * pass, graph or VJP rule is involved. It costs P forward passes' worth of arithmetic where reverse mode costs about two,
 * which is why reverse mode trains networks: this side exists to derive every gradient a second,
 * independent way (each op's JVP rule instead of its VJP rule).
 *
 * The objective is the autodiff side's: the configured loss plus the weight penalty. Like the
 * autodiff side it runs as a compiled step, the SGD update included (see `modelEngine`), and
 * eagerly where a step cannot be compiled.
 */
export function forwardEngine(context: EngineContext): GradientEngine {
  const setup = modelSetup(context);
  const { model, named } = setup;
  const bases = named.map(([, p]) => ownBasis(p.shape));
  // The objective for `x` against `y` (the configured loss plus the weight penalty), and the outputs.
  const objective = (x: Tensor, y: Tensor, values: readonly Tensor[]) => {
    const out = functionalCall(model, Object.fromEntries(named.map(([name], i) => [name, values[i]!])), x);
    return [setup.objective(out, y, values), out] as const;
  };

  // The objective, the outputs and every ∂L/∂θₖ, from the batch and the parameters.
  // `linearize` evaluates the objective once and records its linear part (the ops the JVP rules
  // apply to the tangents); `vmap` replays that part over each parameter tensor's basis.
  const evaluateAt = (x: Tensor, y: Tensor, ...values: Tensor[]) => {
    const [[loss, out], linear] = linearize((...v: Tensor[]) => objective(x, y, v), ...values);
    const grads = values.map((v, i) =>
      vmap((t: Tensor) => linear(...values.map((_, j) => (j === i ? t : null)))[0])(bases[i]!).reshape(
        v.shape,
      ),
    );
    return [loss, out, grads] as const;
  };
  const eager = (x: Tensor, y: Tensor) =>
    adoptGradients(setup, ...evaluateAt(x, y, ...named.map(([, p]) => p.value)));
  return modelEngine(setup, evaluateAt, eager, context.config);
}
