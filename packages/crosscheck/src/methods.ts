/**
 * The record of methods: each gradient method's description (from `method-names.ts`) joined to
 * the factory of its engine. Importing this module loads every engine (and with them
 * @deltagrad/nn and @deltagrad/core); the names and labels alone are in `method-names.ts`.
 */
import { autodiffEngine } from './autodiff-engine';
import type { EngineContext, GradientEngine } from './engine';
import { forwardEngine } from './forward-engine';
import { manualEngine } from './manual-engine';
import { GRADIENT_METHOD_INFO, type GradientMethod } from './method-names';
import type { Description } from './vocabulary';

/** A way of computing the gradients: how it is shown, and how its engine is built. */
export interface MethodEntry extends Description {
  create(context: EngineContext): GradientEngine;
}

/**
 * The record of methods. Every run with `method: 'both'` builds each of them from the same
 * initial weights and compares each one's gradients with the first's (autodiff) every epoch.
 * A new method is one more entry of {@link GRADIENT_METHOD_INFO} and its engine here (the type
 * below makes a missing engine a compile error).
 */
export const GRADIENT_METHODS: Readonly<Record<GradientMethod, MethodEntry>> = Object.freeze({
  autodiff: { ...GRADIENT_METHOD_INFO.autodiff, create: autodiffEngine },
  manual: { ...GRADIENT_METHOD_INFO.manual, create: manualEngine },
  forward: { ...GRADIENT_METHOD_INFO.forward, create: forwardEngine },
});
