// A worker thread of `runSweep`: runs the seeds it is sent and posts each outcome back.
import { parentPort, workerData } from 'node:worker_threads';
import { runSeed } from './sweep';
import type { ExperimentConfig } from './types';

const { config, seeds } = workerData as { config: Partial<ExperimentConfig>; seeds: number[] };
for (const seed of seeds) parentPort!.postMessage(runSeed(config, seed));
