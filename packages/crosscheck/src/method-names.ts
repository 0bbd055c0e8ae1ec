/**
 * The gradient methods by name: what each is called and what it is, with no engine attached.
 * The option table (`method`) and every label read these; the engines are joined to them in
 * `methods.ts`. A page that shows only the options therefore never loads @deltagrad/nn or
 * @deltagrad/core: nothing here imports them.
 */
import type { Description } from './vocabulary';

/**
 * Each gradient method, described. The first is the reference every other method is compared
 * with. A new method is one entry here and its engine in `GRADIENT_METHODS` (`methods.ts`),
 * which the compiler requires once the entry exists.
 */
export const GRADIENT_METHOD_INFO = Object.freeze({
  autodiff: {
    label: 'autodiff',
    description: "reverse-mode autodiff: @deltagrad/core's engine differentiating an @deltagrad/nn model",
  },
  manual: {
    label: 'δ equations',
    description: 'the hand-derived δ recursion of @deltagrad/manual, on plain matrices',
  },
  forward: {
    label: 'forward mode',
    description:
      "forward-mode autodiff: @deltagrad/core's JVP rules, one directional derivative per parameter (vmap of jvp)",
  },
} satisfies Record<string, Description>);

/** The name of a gradient method: a key of {@link GRADIENT_METHOD_INFO} (and of `GRADIENT_METHODS`). */
export type GradientMethod = keyof typeof GRADIENT_METHOD_INFO;

/** Every gradient method, in the record's order (the first is the reference). */
export const GRADIENT_METHOD_NAMES: readonly GradientMethod[] = Object.freeze(
  Object.keys(GRADIENT_METHOD_INFO) as GradientMethod[],
);

/** The choices of the `method` option: the gradient methods, in the record's order. */
export const METHODS: readonly GradientMethod[] = GRADIENT_METHOD_NAMES;

/** Each choice of the `method` option, described: the record of methods' descriptions. */
export const METHOD_INFO: Readonly<Record<GradientMethod, Description>> = GRADIENT_METHOD_INFO;

/**
 * The methods a run of a config builds, reference first: the `method` option, which lists them
 * in the record's order (so autodiff is the reference whenever it runs).
 */
export function methodsOf(config: { readonly method: readonly GradientMethod[] }): GradientMethod[] {
  return [...config.method];
}
