import { fmtValue, NnError } from '../errors';
import { isPlainObject } from '../json';
import { ADAM_STATE, ADAMW_STATE, Adam, type AdamOptions, AdamW } from './adam';
import type { Optimizer, ParamsInput } from './optimizer';
import { RMSPROP_STATE, RMSprop, type RMSpropOptions } from './rmsprop';
import { SGD, SGD_STATE, type SGDOptions } from './sgd';
import {
  checkSteppedBuffers,
  OPTIMIZER_TYPES,
  type OptimizerStateJSON,
  type OptimizerType,
  type SavedStateRules,
  validateOptimizerState,
} from './state';

const SAVED_STATE: Readonly<Record<OptimizerType, SavedStateRules<unknown>>> = {
  SGD: SGD_STATE,
  Adam: ADAM_STATE,
  AdamW: ADAMW_STATE,
  RMSprop: RMSPROP_STATE,
};

/**
 * @internal Checks a saved optimizer state for parameters of `shapes` (in order) as
 * {@link optimizerFromState} would, without building an optimizer: its layout, then its options
 * (an `INVALID_OPTION` error naming the option), then the buffers of every stepped parameter.
 */
export function checkSavedOptimizer(
  value: unknown,
  path: string,
  shapes: readonly (readonly number[])[],
): OptimizerStateJSON {
  const state = validateOptimizerState(value, path, shapes);
  const rules = SAVED_STATE[state.type];
  checkSteppedBuffers(state.params, rules.requiredBuffers(rules.options(state.options)), path);
  return state;
}

/**
 * A new optimizer of the saved type, over `params`, with the saved hyperparameters and
 * buffers: the inverse of `optimizer.state()`.
 *
 * @throws {@link NnError} `MODEL_FORMAT`, `SHAPE_MISMATCH`, `NON_FINITE` or `INVALID_OPTION`
 *   naming the field at fault.
 *
 * @example
 * ```ts
 * const saved = opt.state();
 * const restored = optimizerFromState(model, saved);
 * ```
 */
export function optimizerFromState(params: ParamsInput, state: OptimizerStateJSON): Optimizer {
  if (!isPlainObject(state)) {
    throw new NnError(
      'MODEL_FORMAT',
      `optimizerFromState: expected a saved state object, got ${fmtValue(state)}`,
    );
  }
  const { type } = state;
  // Build with the default rate (a saved rate may be 0, which constructors refuse); loadState
  // then applies and checks every saved option, the rate included.
  const { lr: _lr, ...options } = isPlainObject(state.options) ? state.options : {};
  let opt: Optimizer;
  switch (type) {
    case 'SGD':
      opt = new SGD(params, options as SGDOptions);
      break;
    case 'Adam':
      opt = new Adam(params, options as AdamOptions);
      break;
    case 'AdamW':
      opt = new AdamW(params, options as AdamOptions);
      break;
    case 'RMSprop':
      opt = new RMSprop(params, options as RMSpropOptions);
      break;
    default:
      throw new NnError(
        'MODEL_FORMAT',
        `optimizerFromState: unknown optimizer ${JSON.stringify(type)} (known: ${OPTIMIZER_TYPES.join(', ')})`,
      );
  }
  opt.loadState(state);
  return opt;
}
