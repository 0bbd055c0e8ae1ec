/**
 * A run written down: as JSON lines (the schema of `deltagrad xor --json`, which the CLI and the
 * web demo both write with these functions) and its network as an @deltagrad/nn model file.
 */
import { mlp, stringifyModel, toModelJSON, zerosInit } from '@deltagrad/nn';
import { resolveConfig } from './config';
import { CrosscheckError } from './errors';
import type { GradientMethod } from './method-names';
import { activationsOf } from './network';
import { fromNamedRows, loadIntoModel } from './params';
import type {
  Disagreement,
  EpochEvent,
  ExperimentConfig,
  LossReport,
  MethodAgreement,
  ResultEvent,
} from './types';
import { AGREEMENT_TOLERANCE } from './vocabulary';

/** The first line of a run's JSON: every option of the config. */
export type ConfigRecord = { type: 'config' } & ExperimentConfig;

/** An epoch line. `test` appears for a dataset with a test set, `disagreeing` when gradients parted. */
export interface EpochRecord {
  type: 'epoch';
  epoch: number;
  loss: number;
  mse: number;
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  test?: LossReport;
  disagreeing?: string[];
}

/**
 * The last line: everything the CLI's verdict says, as data. `agreed` is whether every gradient
 * agreed within `tolerance` at every epoch (null with one method). `test` appears for a dataset
 * with a test set, `firstDisagreement` when gradients parted, `byMethod` when several methods ran.
 */
export interface ResultRecord {
  type: 'result';
  epochs: number;
  params: Record<string, number[][]>;
  predictions: number[];
  mse: number;
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  maxParamDrift: number | null;
  converged: boolean;
  loss: number;
  objective: number;
  maxFiniteDifferenceError: number | null;
  worstEpoch: number | null;
  agreed: boolean | null;
  tolerance: number;
  outcome: ResultEvent['outcome'];
  wrongPoints: number;
  finalMaxAbsGrad: number;
  divergedAt: number | null;
  test?: LossReport;
  firstDisagreement?: Disagreement;
  /** Each method's agreement with autodiff, when several ran. */
  byMethod?: Partial<Record<GradientMethod, MethodAgreement>>;
}

/**
 * The config line of a run's JSON.
 *
 * @example
 * ```ts
 * JSON.stringify(configRecord(resolveConfig())); // {"type":"config","layers":[2,2,1],…}
 * ```
 */
export function configRecord(config: ExperimentConfig): ConfigRecord {
  return { type: 'config', ...config };
}

/** An epoch line of a run's JSON (`JSON.stringify` it). */
export function epochRecord(e: EpochEvent): EpochRecord {
  const record: EpochRecord = {
    type: 'epoch',
    epoch: e.epoch,
    loss: e.loss,
    mse: e.mse,
    maxAbsGradDiff: e.maxAbsGradDiff,
    maxRelGradDiff: e.maxRelGradDiff,
  };
  // Only when there is something to say, so a run without a test set or a mistake reads as before.
  if (e.test !== null) record.test = e.test;
  if (e.disagreeing.length > 0) record.disagreeing = e.disagreeing;
  return record;
}

/** The result line of a run's JSON (`JSON.stringify` it). */
export function resultRecord(r: ResultEvent): ResultRecord {
  const record: ResultRecord = {
    type: 'result',
    epochs: r.epochs,
    params: r.params,
    predictions: r.predictions,
    mse: r.mse,
    maxAbsGradDiff: r.maxAbsGradDiff,
    maxRelGradDiff: r.maxRelGradDiff,
    maxParamDrift: r.maxParamDrift,
    converged: r.converged,
    loss: r.loss,
    objective: r.objective,
    maxFiniteDifferenceError: r.maxFiniteDifferenceError,
    worstEpoch: r.worstEpoch,
    agreed: r.maxAbsGradDiff === null ? null : r.maxAbsGradDiff <= AGREEMENT_TOLERANCE,
    tolerance: AGREEMENT_TOLERANCE,
    outcome: r.outcome,
    wrongPoints: r.wrongPoints,
    finalMaxAbsGrad: r.finalMaxAbsGrad,
    divergedAt: r.divergedAt,
  };
  if (r.test !== null) record.test = r.test;
  if (r.firstDisagreement !== null) record.firstDisagreement = r.firstDisagreement;
  if (r.byMethod !== null) record.byMethod = r.byMethod;
  return record;
}

/** A run's JSON read back: its config (validated), its epoch lines and its result line. */
export interface RunRecord {
  config: ExperimentConfig;
  epochs: EpochRecord[];
  /** Null when the text stops before the result (a run still going). */
  result: ResultRecord | null;
}

/**
 * Reads a run's JSON lines (as `deltagrad xor --json` or the web demo's export writes them):
 * the config line first, then epoch lines, then at most one result line. The config is
 * validated (`resolveConfig`), so it can be run again.
 *
 * @throws {@link CrosscheckError} `INVALID_OPTION` naming the line that is not JSON, not in
 * order or of an unknown type; `INVALID_CONFIG` for a config that does not validate.
 *
 * @example
 * ```ts
 * const { config, result } = parseRunRecord(text);
 * runExperimentSync(config).mse === result?.mse; // the same run, the same numbers
 * ```
 */
export function parseRunRecord(text: string): RunRecord {
  const bad = (line: number, what: string): never => {
    throw new CrosscheckError('INVALID_OPTION', `parseRunRecord: line ${line} ${what}`);
  };
  const lines = String(text)
    .split('\n')
    .map((l, i) => [i + 1, l.trim()] as const)
    .filter(([, l]) => l !== '');
  let config: ExperimentConfig | null = null;
  const epochs: EpochRecord[] = [];
  let result: ResultRecord | null = null;
  for (const [n, line] of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad(n, 'is not JSON');
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (config === null && type !== 'config')
      bad(n, `must be the config line first; got type ${JSON.stringify(type)}`);
    if (result !== null) bad(n, 'follows the result line');
    if (type === 'config') {
      if (config !== null) bad(n, 'is a second config line');
      const { type: _, ...options } = value as ConfigRecord;
      config = resolveConfig(options);
    } else if (type === 'epoch') epochs.push(value as EpochRecord);
    else if (type === 'result') result = value as ResultRecord;
    else bad(n, `has an unknown type ${JSON.stringify(type)}`);
  }
  if (config === null) bad(1, 'is missing: no config line');
  return { config: config!, epochs, result };
}

/**
 * The network of `config` with `params` (by name, as a result's or `run.params()` gives them)
 * as an @deltagrad/nn model file: `parseModel` + `modelFromJSON` of @deltagrad/nn load it, and
 * its `forward` on the network inputs (`featuresOf` of the points) gives the run's outputs. The
 * file's metadata holds the config (`metadata.config`), so the features and the dataset travel
 * with the weights.
 *
 * @throws {@link CrosscheckError} `INVALID_OPTION` if `params` does not fit the network.
 *
 * @example
 * ```ts
 * import { modelFromJSON, parseModel } from '@deltagrad/nn';
 * const r = runExperimentSync();
 * const model = modelFromJSON(parseModel(modelFileOf(resolveConfig(), r.params)));
 * ```
 */
export function modelFileOf(
  overrides: Partial<ExperimentConfig>,
  params: Record<string, number[][]>,
): string {
  const config = resolveConfig(overrides);
  let set: ReturnType<typeof fromNamedRows>;
  try {
    set = fromNamedRows(config.layers, params);
  } catch (e) {
    throw new CrosscheckError('INVALID_OPTION', `modelFileOf: ${(e as Error).message}`);
  }
  const model = mlp({ sizes: config.layers, activations: activationsOf(config), init: zerosInit() });
  loadIntoModel(model, set);
  return stringifyModel(toModelJSON(model, undefined, { source: '@deltagrad/crosscheck', config }));
}
