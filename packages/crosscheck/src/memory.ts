import { resolveConfig } from './config';
import { methodsOf } from './method-names';
import type { ExperimentConfig } from './types';

/** What a run of a config needs, estimated before it starts. */
export interface MemoryEstimate {
  /** Trainable parameters: Σ (in·out + out) over the layers. */
  parameters: number;
  /** Bytes the run is expected to hold at its peak (float64 arrays, the graph, the report). */
  bytes: number;
  /** Characters of the JSON result line (its final parameters), when `json` is set; else 0. */
  jsonChars: number;
}

// Float64Arrays per parameter, per method: values, gradient, the optimizer's new values and
// its working copy of the gradient. (Measured: 2-4096-4096-1, 16.8M parameters, SGD, peaks at
// 1.2 GB, 66 bytes a parameter; with Adam 1.6 GB, 90 bytes.)
const PER_PARAMETER = 4;
// Extra per parameter for the optimizer's state.
const STATE: Record<ExperimentConfig['optimizer'], number> = { sgd: 0, momentum: 1, adam: 2, rmsprop: 1 };
// Arrays per unit and example in one forward and backward pass (z, a, their adjoints, f′, δ, …).
const PER_ACTIVATION = 12;
// Node, V8 and the loaded code.
const BASELINE = 80 * 2 ** 20;

/**
 * Estimates the memory a run of `config` needs, from the layer sizes, the dataset size, the
 * methods, the optimizer and the reporting, so a caller can refuse what cannot fit before
 * anything is allocated. With `table: true` (epoch events carrying every parameter and
 * gradient as plain arrays) or `json: true` (the final parameters printed as text), more per
 * parameter; how often epochs are reported never matters.
 *
 * @example
 * ```ts
 * estimateMemory({ layers: [2, 4096, 4096, 4096, 1] }).bytes; // about 2.8e9
 * ```
 */
export function estimateMemory(
  overrides: Partial<ExperimentConfig> = {},
  report: { table?: boolean; json?: boolean } = {},
): MemoryEstimate {
  const config = resolveConfig(overrides);
  const sizes = config.layers;
  let parameters = 0;
  let units = 0;
  for (let l = 1; l < sizes.length; l++) {
    parameters += sizes[l - 1]! * sizes[l]! + sizes[l]!;
    units += sizes[l]!;
  }
  const methods = methodsOf(config).length;
  const examples = config.dataset === 'xor' ? 4 : config.datasetSize;
  let perParameter = methods * (PER_PARAMETER + STATE[config.optimizer]) * 8;
  // The result record's nested rows of plain numbers; a table copies values and each gradient.
  perParameter += 16;
  if (report.table) perParameter += (2 + methods) * 16;
  // JSON text of the final parameters: up to ~24 characters a number.
  if (report.json) perParameter += 48;
  if (config.finiteDifferenceEvery > 0) perParameter += 8;
  const bytes = BASELINE + parameters * perParameter + methods * units * examples * PER_ACTIVATION * 8;
  // A float64 in JSON takes up to 24 characters ("-1.2345678901234567e-300,").
  return { parameters, bytes, jsonChars: report.json ? parameters * 24 : 0 };
}
