const assert = require('node:assert/strict');
const { numpyRandom } = require('@deltagrad/random');

const rng = numpyRandom(42);
assert.equal(rng.normal(), 0.4967141530112327);
console.log('cjs: require(esm) works; numpyRandom(42).normal() matches NumPy');
