import assert from 'node:assert/strict';
import { grad, tensor } from '@deltagrad/core';

const x = tensor([1, 2, 3], { requiresGrad: true });
x.mul(x).sum().backward();
assert.deepEqual(x.grad.toArray(), [2, 4, 6]);
const [dx] = grad((t) => t.sigmoid().sum())(tensor([0]));
assert.equal(dx.item(), 0.25);
console.log('esm: d/dx Σx² = 2x and σ′(0) = 0.25');
