import { autodiffEngine } from './autodiff-engine';
import type { EngineContext, GradientEngine } from './engine';
import { manualEngine } from './manual-engine';
import type { ExperimentConfig, MethodName } from './types';
import type { Description } from './vocabulary';

/** A way of computing the gradients: how it is shown, and how its engine is built. */
export interface MethodEntry extends Description {
  create(context: EngineContext): GradientEngine;
}

/**
 * The record of methods. Every run with `method: 'both'` builds each of them from the same
 * initial weights and compares each one's gradients with the first's (autodiff) every epoch;
 * a new method is one more entry here.
 */
export const GRADIENT_METHODS = Object.freeze({
  autodiff: {
    label: 'autodiff',
    description: "reverse-mode autodiff: @deltagrad/core's engine differentiating an @deltagrad/nn model",
    create: autodiffEngine,
  },
  manual: {
    label: 'δ equations',
    description: 'the hand-derived δ recursion of @deltagrad/manual, on plain matrices',
    create: manualEngine,
  },
} satisfies Record<string, MethodEntry>);

/** The name of a gradient method: a key of {@link GRADIENT_METHODS}. */
export type GradientMethod = keyof typeof GRADIENT_METHODS;

/** Every gradient method, in the record's order (the first is the reference). */
export const GRADIENT_METHOD_NAMES: readonly GradientMethod[] = Object.freeze(
  Object.keys(GRADIENT_METHODS) as GradientMethod[],
);

/** The values of the `method` option: `both` (every method, compared), or one method alone. */
export const METHODS: readonly MethodName[] = Object.freeze(['both', ...GRADIENT_METHOD_NAMES]);

/** Each value of the `method` option, described. */
export const METHOD_INFO: Readonly<Record<MethodName, Description>> = Object.freeze({
  both: {
    label: 'all methods',
    description: 'every gradient method, each compared with autodiff at every epoch',
  },
  ...GRADIENT_METHODS,
});

/** The methods a run of `config` builds, reference first. */
export function methodsOf(config: Pick<ExperimentConfig, 'method'>): GradientMethod[] {
  return config.method === 'both' ? [...GRADIENT_METHOD_NAMES] : [config.method];
}
