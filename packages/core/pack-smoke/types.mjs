import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as core from '@deltagrad/core';

// The shipped types: Tensor's public surface, and none of the engine's bookkeeping. Every
// declaration file in dist, since with two entry points (`.` and `./internal`) the bundler
// moves the shared Tensor class into a chunk of its own.
const require = createRequire(import.meta.url);
const dist = require.resolve('@deltagrad/core/package.json').replace('package.json', 'dist');
const dts = readdirSync(dist)
  .filter((file) => file.endsWith('.d.ts'))
  .map((file) => readFileSync(join(dist, file), 'utf8'))
  .join('\n');
assert.ok(dts.includes('declare class Tensor {'), 'no declaration file in dist declares Tensor');
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
