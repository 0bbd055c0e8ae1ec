import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import * as core from '@deltagrad/core';

// The shipped types: Tensor's public surface, and none of the engine's bookkeeping.
const require = createRequire(import.meta.url);
const dts = readFileSync(
  require.resolve('@deltagrad/core/package.json').replace('package.json', 'dist/index.d.ts'),
  'utf8',
);
const tensorClass = dts.slice(
  dts.indexOf('declare class Tensor {'),
  dts.indexOf('\n}\n', dts.indexOf('declare class Tensor {')),
);
for (const member of [
  'get op(): string | null;',
  'get inputs(): readonly Tensor[];',
  'backward(seed?: TensorLike',
]) {
  assert.ok(tensorClass.includes(member), `Tensor's types lack ${member}`);
}
for (const internal of ['node', 'visit', 'pendingGrad', 'released', 'hooks', 'retainsGrad']) {
  assert.ok(
    !new RegExp(`^\\s+${internal}\\b`, 'm').test(tensorClass),
    `the shipped Tensor type shows ${internal}`,
  );
}
for (const name of [
  'backwardFrom',
  'backpropagate',
  'formatTensor',
  'makeTensor',
  'provideTensorClass',
  'GraphNode',
]) {
  assert.ok(!(name in core), `${name} is exported`);
  assert.ok(!new RegExp(`\\b${name}\\b`).test(dts), `${name} is in the shipped types`);
}

// console.log(tensor) shows values, shape and op, not engine internals.
const x = core.tensor([1, 2], { requiresGrad: true });
assert.equal(inspect(x.mul(2)), 'tensor([2., 4.], shape=[2], op=mul)');
console.log(`types: Tensor ships op and inputs, no engine bookkeeping; inspect → ${inspect(x)}`);
