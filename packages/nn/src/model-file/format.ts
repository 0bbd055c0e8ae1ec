/**
 * Model files: a model (a {@link Sequential} of registered layers), its parameters and
 * optionally its optimizer's state as versioned JSON. This module holds the format's types and
 * constants; `write.ts` produces files, `validate.ts` checks them without building anything,
 * `restore.ts` builds the model back.
 *
 * Format (version 1):
 *
 * ```json
 * {
 *   "format": "deltagrad-model",
 *   "version": 1,
 *   "architecture": [{ "type": "Linear", "inFeatures": 2, "outFeatures": 2, "bias": true }, { "type": "Sigmoid" }],
 *   "parameters": { "0.W": { "shape": [2, 2], "data": [0.49, -0.13, 0.64, 1.52] }, "0.b": { "shape": [1, 2], "data": [0, 0] } },
 *   "buffers": { "1.runningMean": { "shape": [1, 2], "data": [0.1, 0.2] }, … },
 *   "optimizer": { "type": "SGD", "options": { "lr": 0.1, … }, "params": [{ "name": "0.W", "shape": [2, 2], "step": 3, "buffers": {} }, …] },
 *   "metadata": { "any": "JSON" }
 * }
 * ```
 *
 * `optimizer` and `metadata` are optional; `buffers` is there exactly when the layers have buffers. Numbers are float64 and round-trip exactly:
 * {@link stringifyModel} writes the shortest text that parses back to the same double, and
 * writes −0 as `-0` (plain `JSON.stringify` would write `0`).
 */
import type { LayerDescriptor } from '../descriptors';
import { NnError } from '../errors';
import type { Sequential } from '../layers/sequential';
import type { Optimizer } from '../optim/optimizer';
import type { OptimizerStateJSON } from '../optim/state';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'deltagrad-model';
/** The newest format version this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;
/** How deeply `Sequential`s may nest in a file (deeper input is rejected, not recursed into). */
export const MAX_DEPTH = 32;

/** One parameter in a model file: its shape and its values, row-major. */
export interface ParameterJSON {
  shape: number[];
  data: number[];
}

/** A model file's content (see the module documentation for the layout). */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  /** The layers of the top-level `Sequential`, in order. */
  architecture: LayerDescriptor[];
  /** Every parameter by dotted name (`'0.W'`, `'0.b'`, …). */
  parameters: Record<string, ParameterJSON>;
  /**
   * Every buffer by dotted name (`'1.runningMean'`, …): values saved but not trained. Present
   * when the architecture has buffers (BatchNorm1d), and only then.
   */
  buffers?: Record<string, ParameterJSON>;
  /** The optimizer's state, over the model's parameters in order. */
  optimizer?: OptimizerStateJSON;
  /** Free-form JSON for the caller (e.g. epoch, dataset); not interpreted. */
  metadata?: Record<string, unknown>;
}

/** A model read back from a file, with its optimizer if the file has one. */
export interface RestoredModel {
  model: Sequential;
  optimizer: Optimizer | null;
}

/** Throws `MODEL_FORMAT` for the field at `path`. */
export function fail(path: string, what: string): never {
  throw new NnError('MODEL_FORMAT', `${path}: ${what}`);
}
