// A worker thread of `runSweep`: runs the seeds it is sent, posts each outcome back, and says it
// is alive at least every `heartbeatMs` while a seed runs (the parent's watchdog waits for that).
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from './config';
import { runSweepSeed } from './sweep';
import type { ExperimentConfig } from './types';

const { config, seeds, heartbeatMs } = workerData as {
  config: ExperimentConfig;
  seeds: number[];
  heartbeatMs: number;
};
const base = resolveConfig(config);
let lastPost = Date.now();
const heartbeat = () => {
  const now = Date.now();
  if (now - lastPost < heartbeatMs) return;
  parentPort!.postMessage({ type: 'alive' });
  lastPost = now;
};
for (const seed of seeds) {
  parentPort!.postMessage({ type: 'outcome', outcome: runSweepSeed(base, seed, { onEpoch: heartbeat }) });
  lastPost = Date.now();
}
