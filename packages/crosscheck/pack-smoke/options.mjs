import assert from 'node:assert/strict';
import { OPTIONS, parseOption, resolveConfig } from '@deltagrad/crosscheck/options';

assert.equal(OPTIONS.lr.label, 'Learning rate');
assert.equal(OPTIONS.activation.info.tanh.label, 'tanh');
assert.equal(resolveConfig({ lr: parseOption('lr', '0.05') }).lr, 0.05);
assert.throws(() => parseOption('lr', '0x10'), /lr must be a finite positive number/);
console.log('options entry: the table, its labels and its parser, without the engines');
