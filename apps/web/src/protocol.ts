/**
 * Messages between the page and the training worker. The worker owns the experiment (one
 * `experimentEvents` generator, one event per epoch); the page only sends commands and draws the
 * latest state it was sent.
 */
import type {
  ExperimentConfig,
  LayerGrads,
  ParamComparison,
  SeedOutcome,
  StepTrace,
  SweepSummary,
} from '@deltagrad/crosscheck';
import type { HistoryChunk } from './history';
import type { Domain } from './numerics';

export type { HistoryChunk };

export type ToWorker =
  /**
   * Start a new run (generation `gen`) and replay it to `epoch` (Reset: the same config, epoch 0).
   * With `resume` (the run on screen with an edit), it may go on from the nearest kept epoch of
   * the run on screen before where they differ, instead of from epoch 0.
   */
  | { type: 'configure'; gen: number; config: ExperimentConfig; epoch: number; resume?: boolean }
  | { type: 'play'; epochsPerSecond: number }
  | { type: 'speed'; epochsPerSecond: number }
  | { type: 'pause' }
  /**
   * `n` epochs on. From an earlier epoch shown (scrubbed back), the next kept epoch is shown;
   * past the kept ones the run is replayed to the epoch asked for.
   */
  | { type: 'step'; n: number }
  /** Show an earlier epoch (the latest kept one at or before `epoch`), or the latest at `epoch` ≥ it. */
  | { type: 'show'; epoch: number }
  /** Central differences of the loss at the current parameters. */
  | { type: 'finiteDifferences' }
  /** A traced forward and backward pass (both methods) at the current parameters. */
  | { type: 'trace' }
  /**
   * The epoch shown, exported: the run to it as `deltagrad xor --json` prints it (JSON lines), or
   * its network as an @deltagrad/nn model file.
   */
  | { type: 'export'; what: ExportKind }
  | { type: 'sweep'; id: number; config: ExperimentConfig; seeds: number[] };

/** What the worker exports: the run's JSON lines, or the model file. */
export type ExportKind = 'run' | 'model';

/** The run as of its latest epoch: θ after `epoch` updates, the loss and both gradients there. */
export interface TrainingState {
  type: 'state';
  gen: number;
  /** The epoch shown: the latest one trained, or an earlier one kept (scrubbing back). */
  epoch: number;
  /** The latest epoch trained. */
  head: number;
  /** The epochs kept for scrubbing back (a ring of the latest and a spread over the run). */
  kept: { count: number; bytes: number };
  playing: boolean;
  /** The configured loss (½·SSE, MSE or BCE) at θ. */
  loss: number;
  /** ½·Σ(y−ŷ)² and the mean squared error at θ (the seed's printed "loss"). */
  halfSSE: number;
  mse: number;
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  params: ParamComparison[];
  /** Loss and worst mismatch for the epochs since the previous update, in epoch order. */
  history: HistoryChunk;
  /**
   * The history starts again with this chunk (the run was replayed to an earlier epoch): after
   * the page's epochs up to `historyKeptTo` (−1: none), which the run went on from unchanged.
   */
  resetHistory: boolean;
  historyKeptTo: number;
  /** Why training stopped by itself, if it did (divergence, the end of the run). */
  stopped: string | null;
  /**
   * The first epoch of the run (up to the latest trained) at which the methods' gradients parted,
   * and the parameters that parted then, output layer first (crosscheck's `disagreeing`); null
   * while they agree.
   */
  firstDisagreement: { epoch: number; params: string[] } | null;
}

/** One seed of a sweep (its outcome class and final parameters), and the square its thumbnail covers. */
export interface SweepOutcome extends SeedOutcome {
  /** The swept dataset's square of inputs. */
  domain: Domain;
}

export type FromWorker =
  | TrainingState
  /** The run's training data (inputs n×2 row-major, targets), sent as the run starts. */
  /** Every point (x: n×2 before any feature), the `train` training ones first, then the test set. */
  | { type: 'data'; gen: number; x: Float64Array; y: Float64Array; train: number }
  | { type: 'replay'; gen: number; done: number; total: number }
  /** Central finite differences of the loss at the epoch's parameters, layer by layer. */
  | { type: 'fd'; gen: number; epoch: number; values: LayerGrads[] }
  | { type: 'trace'; gen: number; epoch: number; trace: StepTrace }
  | { type: 'export'; gen: number; epoch: number; what: ExportKind; text: string }
  | { type: 'sweepProgress'; id: number; outcome: SweepOutcome; done: number; total: number }
  | { type: 'sweepDone'; id: number; summary: Pick<SweepSummary, 'seeds' | 'counts' | 'bySeed'> }
  | { type: 'error'; message: string };
