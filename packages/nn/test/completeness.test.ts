/**
 * Every built-in layer type is checked by the shared harness: a type without a spec in
 * specs/modules.ts (gradcheck, gradgradcheck, forward against an oracle) fails here, so a new
 * layer cannot ship without one. Every module class the package exports is a built-in layer
 * type, so an exported layer cannot escape the list.
 */
import * as nn from '@deltagrad/nn';
import { LAYER_TYPES } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';
import { moduleSpecs } from './specs/modules';

describe('harness coverage of the built-in layers', () => {
  const names = moduleSpecs.map((spec) => spec.op);
  for (const type of LAYER_TYPES) {
    it(`${type} has a module spec`, () => {
      const specs = names.filter((op) => new RegExp(`(^|[ (,])${type}\\b`).test(op));
      expect(specs, `no spec in specs/modules.ts names ${type}`).not.toHaveLength(0);
    });
  }
});

describe('the built-in layer types are every module the package exports', () => {
  const exported = Object.entries(nn)
    .filter(([, value]) => typeof value === 'function' && value.prototype instanceof nn.Module)
    .map(([name]) => name);

  it('finds the exported module classes', () => {
    expect(exported).toContain('Dropout');
    expect(exported).toContain('BatchNorm1d');
  });

  it.each(exported)('%s is a built-in layer type', (name) => {
    expect(LAYER_TYPES).toContain(name);
  });
});
