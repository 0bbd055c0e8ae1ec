const assert = require('node:assert/strict');
const { checkOp, specFor } = require('@deltagrad/testing');

const report = checkOp(specFor('matmul'), { kinds: ['gradcheck'] });
assert.equal(report.ok, true);
console.log(`cjs: require(esm) works; checkOp(matmul) gradchecks passed on ${report.checks.length} shapes`);
