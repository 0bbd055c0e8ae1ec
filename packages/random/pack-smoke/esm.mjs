import assert from 'node:assert/strict';
import { numpyRandom } from '@deltagrad/random';

const rng = numpyRandom(42);
assert.equal(rng.normal(), 0.4967141530112327);
console.log('esm: numpyRandom(42).normal() matches NumPy');
