/** Predictions of a trained model: evaluation mode, no graph, optionally as probabilities. */
import { noGrad, Tensor } from '@deltagrad/core';
import { fmtValue, NnError } from './errors';
import { Module } from './module';
import { checkOptionKeys, given, oneOf } from './validate';

/** What {@link predict} returns for each row. */
export type PredictOutput = 'raw' | 'softmax' | 'sigmoid';

/** Options of {@link predict}. */
export interface PredictOptions {
  /**
   * `'raw'` (default): the model's outputs as they are; `'softmax'`: softmax along the last
   * axis (class probabilities from logits, for a model trained with `crossEntropy`);
   * `'sigmoid'`: σ of each output (probabilities from the logits of `bceWithLogits`).
   */
  output?: PredictOutput;
}

/**
 * The model's outputs for `x`, computed in evaluation mode (Dropout off, BatchNorm on its
 * running statistics) without building a graph; the model's previous mode is restored after.
 * With `output: 'softmax'` the rows are class probabilities.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a non-module, a non-tensor or a bad option.
 *
 * @example
 * ```ts
 * const probs = predict(model, test.x, { output: 'softmax' }); // rows sum to 1
 * const classes = argmax(probs);
 * ```
 */
export function predict(model: Module, x: Tensor, opts: PredictOptions = {}): Tensor {
  if (!(model instanceof Module)) {
    throw new NnError('INVALID_OPTION', `predict: model must be a Module, got ${fmtValue(model)}`);
  }
  if (!(x instanceof Tensor))
    throw new NnError('INVALID_OPTION', `predict: x must be a Tensor, got ${fmtValue(x)}`);
  checkOptionKeys('predict', opts, ['output']);
  const output = oneOf('predict', 'output', given(opts.output, 'raw'), [
    'raw',
    'softmax',
    'sigmoid',
  ] as const);
  const modes = new Map<Module, boolean>();
  const stack: Module[] = [model];
  while (stack.length > 0) {
    const m = stack.pop()!;
    modes.set(m, m.training);
    for (const [, child] of m.namedChildren()) stack.push(child);
  }
  model.eval();
  try {
    return noGrad(() => {
      const raw = model.forward(x);
      return output === 'softmax' ? raw.softmax(-1) : output === 'sigmoid' ? raw.sigmoid() : raw;
    });
  } finally {
    for (const [m, training] of modes) m.training = training;
  }
}
