import assert from 'node:assert/strict';
import { runSweep } from '@deltagrad/crosscheck/node';

const summary = await runSweep({ epochs: 10000 }, [1, 42], { threads: 2 });
assert.deepEqual(summary.stuck, [42]);
console.log('node entry: the sweep ran on worker threads; seed 42 is stuck');
