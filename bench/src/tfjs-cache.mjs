// Where the optional TensorFlow.js peer lives: a folder outside the repository.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TFJS_VERSION = '4.22.0';
export const TFJS_DIR =
  process.env.DELTAGRAD_BENCH_TFJS_DIR ??
  join(homedir(), '.cache', 'deltagrad-bench', `tfjs-${TFJS_VERSION}`);
