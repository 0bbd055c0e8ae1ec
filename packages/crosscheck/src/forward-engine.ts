import { linearize, type Tensor, tensor, vmap } from '@deltagrad/core';
import { functionalCall } from '@deltagrad/nn';
import { adoptGradients, modelEngine, modelSetup } from './autodiff-engine';
import type { EngineContext, GradientEngine } from './engine';

/**
 * The tangents of every parameter direction at once: for parameter tensor i, a batch of P
 * tangents of its shape (P the number of parameters), where direction k is the basis vector eₖ
 * of all parameters flattened in order — 1 in the one entry it names, 0 everywhere else.
 */
function basisTangents(shapes: readonly (readonly number[])[]): Tensor[] {
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  let offset = 0;
  return shapes.map((shape, i) => {
    const size = sizes[i]!;
    const data = new Float64Array(total * size);
    for (let k = 0; k < size; k++) data[(offset + k) * size + k] = 1;
    offset += size;
    return tensor(data, { shape: [total, ...shape] });
  });
}

/**
 * The forward-mode side: the same @deltagrad/nn model as autodiff, differentiated by forward
 * mode. The derivative of the loss along direction eₖ is the JVP J·eₖ = ∂L/∂θₖ, so one JVP per
 * parameter gives the whole gradient. `linearize` evaluates the objective once and records its
 * linear part (the ops each JVP rule applies to the tangents); the P JVPs then run as one pass
 * of that linear map under `vmap` over the basis (JAX's `jacfwd` is `vmap` of `jvp`: the same
 * bits, with the objective evaluated once), and no backward pass, graph or VJP rule is
 * involved. It costs P forward passes' worth of arithmetic where reverse mode costs about two,
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
  const basis = basisTangents(named.map(([, p]) => p.shape));
  // The objective for `x` against `y` (the configured loss plus the weight penalty), and the outputs.
  const objective = (x: Tensor, y: Tensor, values: readonly Tensor[]) => {
    const out = functionalCall(model, Object.fromEntries(named.map(([name], i) => [name, values[i]!])), x);
    return [setup.objective(out, y, values), out] as const;
  };

  // The objective, the outputs and every ∂L/∂θₖ (a vector of P), from the batch and the parameters.
  // `linearize` evaluates the objective once and records its linear part (the ops the JVP rules
  // apply to the tangents); `vmap` replays that part over the P basis tangents at once.
  const evaluateAt = (x: Tensor, y: Tensor, ...values: Tensor[]) => {
    const [[loss, out], linear] = linearize((...v: Tensor[]) => objective(x, y, v), ...values);
    const directional = vmap((...tangents: Tensor[]) => linear(...tangents)[0])(...basis);
    let offset = 0;
    const grads = values.map((v) => {
      const g = directional.slice([offset], [offset + v.size]).reshape(v.shape);
      offset += v.size;
      return g;
    });
    return [loss, out, grads] as const;
  };
  const eager = (x: Tensor, y: Tensor) =>
    adoptGradients(setup, ...evaluateAt(x, y, ...named.map(([, p]) => p.value)));
  return modelEngine(setup, evaluateAt, eager, context.config);
}
