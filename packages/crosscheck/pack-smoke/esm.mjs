import assert from 'node:assert/strict';
import { runExperimentSync } from '@deltagrad/crosscheck';

const r = runExperimentSync({ epochs: 1000 });
assert.ok(r.maxAbsGradDiff <= 1e-12, `methods disagree: ${r.maxAbsGradDiff}`);
assert.equal(r.params.W1.length, 2);
console.log(`esm: 1000 seed epochs, max |Δgrad| ${r.maxAbsGradDiff}`);
