import { formatNumpyRounded, ManualError, matrix } from '@deltagrad/manual';

/**
 * An epoch line exactly as the seed script prints it: `Epoch 0, Loss: 0.2558` (Python's `:.4f`);
 * and the heading it prints above its predictions, `预测结果：` ("predictions:").
 */
export { formatEpochLine, PREDICTIONS_HEADING } from '@deltagrad/manual';

/**
 * Predictions (one per example) exactly as the seed prints `a2.round(3)` with NumPy, e.g.
 * `[[0.053]\n [0.496]]`. Where NumPy would switch to a layout @deltagrad/manual does not
 * reproduce (scientific notation), the values are printed one per row at 3 decimals instead.
 */
export function formatPredictions(predictions: readonly number[]): string {
  try {
    return formatNumpyRounded(matrix(predictions.length, 1, predictions), 3);
  } catch (error) {
    if (!(error instanceof ManualError) || error.code !== 'UNSUPPORTED_FORMAT') throw error;
    return `[${predictions.map((p) => `[${p.toExponential(3)}]`).join('\n ')}]`;
  }
}
