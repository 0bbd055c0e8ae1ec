import { fmtValue, NnError } from '../errors';
import { isPlainObject } from '../json';
import { Adam, type AdamOptions, AdamW } from './adam';
import type { Optimizer, ParamsInput } from './optimizer';
import { RMSprop, type RMSpropOptions } from './rmsprop';
import { SGD, type SGDOptions } from './sgd';
import { OPTIMIZER_TYPES, type OptimizerStateJSON } from './state';

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
