/**
 * Classification metrics on class indices: accuracy, the confusion matrix, and per-class
 * precision, recall and F1 (scikit-learn's conventions: rows of the matrix are true classes,
 * columns predicted ones).
 */
import type { Tensor } from '@deltagrad/core';
import { argmax, classIndices } from './classes';
import { fmtValue, NnError } from './errors';
import { checkOptionKeys, given, integer } from './validate';

/**
 * The predicted classes of `predicted`: scores of shape [n, classes ≥ 2] (logits or
 * probabilities) are reduced by argmax; class indices of shape [n] or [n, 1] are taken as they
 * are. Then checked against `labels` (same n).
 */
function pairs(where: string, predicted: Tensor, labels: Tensor, classes: number | null) {
  const isScores = predicted?.rank === 2 && (predicted.shape[1] ?? 0) >= 2;
  if (isScores && classes !== null && predicted.shape[1] !== classes) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: predicted has ${predicted.shape[1]} scores per row, but option classes is ${classes}`,
    );
  }
  const pred = classIndices(where, 'predicted', isScores ? argmax(predicted) : predicted, classes);
  const truth = classIndices(where, 'labels', labels, classes);
  if (pred.length !== truth.length || truth.length === 0) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: predicted has ${pred.length} rows and labels ${truth.length}; they need the same number (at least 1)`,
    );
  }
  return { pred, truth };
}

/**
 * The share of rows whose predicted class is the label, in [0, 1]. `predicted` is either
 * scores of shape [n, classes] (logits or probabilities: the largest wins) or class indices of
 * shape [n] or [n, 1]; `labels` are class indices.
 *
 * @throws {@link NnError} `SHAPE_MISMATCH` for different row counts or other shapes;
 *   `INVALID_OPTION` for a value that is not a class index (e.g. a sigmoid's probabilities:
 *   threshold them first).
 *
 * @example
 * ```ts
 * accuracy(model.forward(test.x), test.y); // 0.97
 * accuracy(tensor([1, 0, 2]), tensor([1, 1, 2])); // 2/3
 * ```
 */
export function accuracy(predicted: Tensor, labels: Tensor): number {
  const { pred, truth } = pairs('accuracy', predicted, labels, null);
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) right++;
  return right / truth.length;
}

/**
 * The confusion matrix: entry [t][p] counts the rows of true class t predicted as class p
 * (scikit-learn's `confusion_matrix`), so row sums are the classes' sizes and the diagonal the
 * correct predictions. `predicted` as for {@link accuracy}. `classes` defaults to one more than
 * the largest class seen (or the number of scores per row).
 *
 * @throws {@link NnError} as {@link accuracy}, and `INVALID_OPTION` for a bad `classes` or a
 *   class index outside it.
 *
 * @example
 * ```ts
 * confusionMatrix(tensor([0, 1, 1]), tensor([0, 1, 0])); // [[1, 1], [0, 1]]
 * ```
 */
export function confusionMatrix(
  predicted: Tensor,
  labels: Tensor,
  opts: { classes?: number } = {},
): number[][] {
  checkOptionKeys('confusionMatrix', opts, ['classes']);
  const given_ = opts.classes === undefined ? null : integer('confusionMatrix', 'classes', opts.classes, 1);
  const { pred, truth } = pairs('confusionMatrix', predicted, labels, given_);
  let k = given_ ?? (predicted.rank === 2 && (predicted.shape[1] ?? 0) >= 2 ? predicted.shape[1]! : 0);
  if (given_ === null) for (let i = 0; i < truth.length; i++) k = Math.max(k, truth[i]! + 1, pred[i]! + 1);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]!]![pred[i]!]!++;
  return matrix;
}

/** Per-class figures from a confusion matrix (see {@link precisionRecall}). */
export interface ClassMetrics {
  /** Of the rows predicted as class c, the share that are c: M[c][c] / Σₜ M[t][c]. */
  precision: number[];
  /** Of the rows of class c, the share predicted as c: M[c][c] / Σₚ M[c][p]. */
  recall: number[];
  /** The harmonic mean 2·P·R / (P + R). */
  f1: number[];
  /** The number of rows of class c: Σₚ M[c][p]. */
  support: number[];
}

function checkMatrix(where: string, matrix: unknown): number[][] {
  const ok =
    Array.isArray(matrix) &&
    matrix.length > 0 &&
    matrix.every(
      (row) =>
        Array.isArray(row) &&
        row.length === matrix.length &&
        row.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0),
    );
  if (!ok) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: expected a square confusion matrix of counts (confusionMatrix's result), got ${fmtValue(matrix)}`,
    );
  }
  return matrix as number[][];
}

/**
 * Precision, recall, F1 and support of every class, from a {@link confusionMatrix}. A ratio
 * whose denominator is 0 (a class never predicted, or absent) is 0, as scikit-learn's
 * `precision_recall_fscore_support` with its default `zero_division`.
 *
 * @throws {@link NnError} `INVALID_OPTION` unless given a square matrix of non-negative integers.
 *
 * @example
 * ```ts
 * const { precision, recall } = precisionRecall(confusionMatrix(predicted, labels));
 * ```
 */
export function precisionRecall(matrix: readonly (readonly number[])[]): ClassMetrics {
  const m = checkMatrix('precisionRecall', matrix);
  const k = m.length;
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const support = m.map((row) => row.reduce((a, b) => a + b, 0));
  const predictedAs = Array.from({ length: k }, (_, c) => m.reduce((a, row) => a + row[c]!, 0));
  const precision = m.map((row, c) => ratio(row[c]!, predictedAs[c]!));
  const recall = m.map((row, c) => ratio(row[c]!, support[c]!));
  const f1 = precision.map((p, c) => ratio(2 * p * recall[c]!, p + recall[c]!));
  return { precision, recall, f1, support };
}

/**
 * A confusion matrix as text: one row per true class, one column per predicted class, with
 * each class's recall at the end of its row and its precision under its column.
 *
 * @param opts - `names`: a label per class (default the indices)
 * @throws {@link NnError} `INVALID_OPTION` for a malformed matrix or a wrong number of names.
 *
 * @example
 * ```ts
 * console.log(formatConfusionMatrix(confusionMatrix(argmax(scores), test.y)));
 * ```
 */
export function formatConfusionMatrix(
  matrix: readonly (readonly number[])[],
  opts: { names?: readonly string[] } = {},
): string {
  const m = checkMatrix('formatConfusionMatrix', matrix);
  checkOptionKeys('formatConfusionMatrix', opts, ['names']);
  const names = given(
    opts.names,
    m.map((_, c) => String(c)),
  );
  if (!Array.isArray(names) || names.length !== m.length || !names.every((s) => typeof s === 'string')) {
    throw new NnError(
      'INVALID_OPTION',
      `formatConfusionMatrix: option names must be ${m.length} strings, one per class, got ${fmtValue(names)}`,
    );
  }
  const { precision, recall } = precisionRecall(m);
  const pct = (v: number, digits: number) => `${(100 * v).toFixed(digits)}%`;
  const width = Math.max(...m.flat().map((v) => String(v).length), ...names.map((s) => s.length), 4) + 1;
  const label = Math.max(...names.map((s) => s.length), 'precision'.length);
  const cells = (values: readonly string[]) => values.map((v) => v.padStart(width)).join('');
  const lines = [
    `${' '.repeat(label + 1)}predicted`,
    `${'true'.padEnd(label)} ${cells(names)}   recall`,
    ...m.map(
      (row, t) =>
        `${names[t]!.padStart(label)} ${cells(row.map(String))}   ${pct(recall[t]!, 1).padStart(6)}`,
    ),
    `${'precision'.padStart(label)} ${cells(precision.map((p) => pct(p, 0)))}`,
  ];
  return lines.join('\n');
}
