/**
 * The source document's script (shared/seed/backprop-xor.md) as data and one function: its
 * 2 → 2 → 1 sigmoid network, the XOR truth table, its training settings, and `runSeed`, which
 * trains and prints exactly what the script prints.
 */

import { formatFixed, formatNumpyRounded } from './format';
import { fromRows, type Matrix } from './matrix';
import { initParams, type Network, type Params } from './network';
import { type TrainResult, train } from './train';

/**
 * The seed's network: 2 inputs, 2 sigmoid hidden units, 1 sigmoid output, trained on
 * L = ½ Σ (y − ŷ)² (whose gradient is the seed's `d_a2 = -(y - a2)`).
 *
 * @example
 * ```ts
 * seedNetwork.sizes; // [2, 2, 1]
 * ```
 */
export const seedNetwork: Network = Object.freeze({
  sizes: Object.freeze([2, 2, 1]),
  activations: Object.freeze(['sigmoid', 'sigmoid'] as const),
  loss: 'halfSSE',
});

/**
 * The seed's training settings: `lr = 0.1`, 10000 epochs, a line printed every 1000.
 *
 * @example
 * ```ts
 * train(seedNetwork, params, X, Y, { ...SEED_SETTINGS });
 * ```
 */
export const SEED_SETTINGS: Readonly<{ lr: number; epochs: number; every: number }> = Object.freeze({
  lr: 0.1,
  epochs: 10000,
  every: 1000,
});

/**
 * The XOR truth table as the seed writes it: X = [[0,0],[0,1],[1,0],[1,1]] (4×2) and
 * y = [[0],[1],[1],[0]] (4×1). Fresh matrices on every call.
 *
 * @example
 * ```ts
 * const { X, Y } = xorData();
 * ```
 */
export function xorData(): { X: Matrix; Y: Matrix } {
  return {
    X: fromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    Y: fromRows([[0], [1], [1], [0]]),
  };
}

/**
 * One of the seed's progress lines, `f"Epoch {epoch}, Loss: {loss:.4f}"`.
 *
 * @example
 * ```ts
 * formatEpochLine(0, 0.25582); // 'Epoch 0, Loss: 0.2558'
 * ```
 */
export function formatEpochLine(epoch: number, loss: number): string {
  return `Epoch ${epoch}, Loss: ${formatFixed(loss, 4)}`;
}

/**
 * The heading the seed prints above its predictions, `print("预测结果：")` ("predictions:").
 *
 * @example
 * ```ts
 * console.log(PREDICTIONS_HEADING); // 预测结果：
 * ```
 */
export const PREDICTIONS_HEADING = '预测结果：';

/** What {@link runSeed} returns. */
export interface SeedRun {
  /** The initial parameters: W1 = randn(2, 2), W2 = randn(2, 1), zero biases. */
  readonly initial: Params;
  /** The training run: final parameters, per-epoch losses and MSEs, the last output a2. */
  readonly result: TrainResult;
  /** Everything the script prints, newline-terminated lines. */
  readonly stdout: string;
}

/**
 * The seed script: draws W1 then W2 from `normal`, trains the seed's network on XOR with its
 * settings, and prints what it prints: `Epoch 0, Loss: …` every 1000 epochs (the MSE of that
 * epoch's forward pass, before its update), then `预测结果：` ("predictions:") and
 * `a2.round(3)` as NumPy prints it.
 *
 * @param normal - standard normal draws; `numpyRandom(seed).normal` from `@deltagrad/random`
 *   reproduces `np.random.seed(seed)` then `np.random.randn`
 * @param print - called with the text of each `print(...)` of the script (default: nothing)
 *
 * @example
 * ```ts
 * import { numpyRandom } from '@deltagrad/random';
 * const rng = numpyRandom(42);
 * runSeed(() => rng.normal(), console.log); // Epoch 0, Loss: 0.2558 … [[0.053] …
 * ```
 */
export function runSeed(normal: () => number, print: (text: string) => void = () => {}): SeedRun {
  const out: string[] = [];
  const emit = (text: string): void => {
    out.push(text);
    print(text);
  };
  const initial = initParams(seedNetwork, normal);
  const { X, Y } = xorData();
  const result = train(seedNetwork, initial, X, Y, {
    ...SEED_SETTINGS,
    onEpoch: ({ epoch, mse }) => emit(formatEpochLine(epoch, mse)),
  });
  emit(PREDICTIONS_HEADING);
  emit(formatNumpyRounded(result.output, 3));
  return { initial, result, stdout: `${out.join('\n')}\n` };
}
