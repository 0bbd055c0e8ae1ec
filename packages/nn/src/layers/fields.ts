/** Field rules of the built-in layers' descriptors (see `LayerDefinition.fields`). */
import type { FieldRule } from '../registry';

/** An integer >= `min`. */
export function integerField(min: number): FieldRule {
  return {
    expected: `an integer >= ${min}`,
    test: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min,
  };
}

/** Any integer (negative allowed). */
export const anyIntegerField: FieldRule = {
  expected: 'an integer',
  test: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

/** A finite number. */
export const finiteField: FieldRule = {
  expected: 'a finite number',
  test: (v) => typeof v === 'number' && Number.isFinite(v),
};

/** true or false. */
export const booleanField: FieldRule = {
  expected: 'true or false',
  test: (v) => typeof v === 'boolean',
};

/** A layer that keeps the width of its input (an element-wise activation, softmax). */
export function sameWidth(_config: object, inputWidth: number | null): number | null {
  return inputWidth;
}
