const assert = require('node:assert/strict');
const { traceStep } = require('@deltagrad/crosscheck');

const { layers } = traceStep();
for (const layer of layers) {
  const adjoint = layer.adjoint.flat();
  for (const [i, d] of layer.delta.flat().entries()) assert.ok(Math.abs(d - adjoint[i]) <= 1e-15);
}
console.log('cjs: δ equals the autodiff adjoint at every layer');
