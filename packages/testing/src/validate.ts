/**
 * A spec checked before the harness plans anything from it: a malformed spec (a user's, for an
 * op of their own) is a typed error naming the op and the field, not a TypeError from deep
 * inside a check, and a misspelt optional field (`secondorder`, `scaler`) is refused rather
 * than silently leaving its checks out.
 */
import { DeltagradError } from '@deltagrad/core';
import type { OpSpec } from './spec';

/** Every field of an {@link OpSpec}. */
const SPEC_KEYS = [
  'op',
  'kind',
  'call',
  'shapes',
  'domain',
  'avoid',
  'differentiable',
  'batching',
  'secondOrder',
  'scalar',
  'oracle',
  'derivative',
  'vjpOracle',
  'linear',
  'reference',
  'edge',
  'tolerance',
] as const;

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isShape = (s: unknown): boolean =>
  Array.isArray(s) && s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0);

/**
 * Throws `INVALID_ARGUMENT` naming `where`, the op and the field when `spec` is not a valid
 * {@link OpSpec}: a required field missing or of the wrong type, shape lists that are not one
 * shape (non-negative integers) per input, or an unknown field.
 */
export function checkSpec(where: string, spec: unknown): asserts spec is OpSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: expected a spec ({ op, kind, call, shapes, secondOrder, … }), got ${describe(spec)}`,
    );
  }
  const s = spec as Record<string, unknown>;
  if (typeof s.op !== 'string' || s.op.length === 0) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: a spec's op must be a non-empty string (the op's name), got ${describe(s.op)}`,
    );
  }
  const fail = (field: string, what: string, value: unknown): never => {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: spec "${s.op}": ${field} must be ${what}, got ${describe(value)}`,
    );
  };
  for (const key of Object.keys(s)) {
    if (!(SPEC_KEYS as readonly string[]).includes(key)) {
      throw new DeltagradError(
        'INVALID_ARGUMENT',
        `${where}: spec "${s.op}" has an unknown field ${JSON.stringify(key)} (the fields: ${SPEC_KEYS.join(', ')})`,
      );
    }
  }
  if (s.kind !== 'primitive' && s.kind !== 'composite') fail('kind', "'primitive' or 'composite'", s.kind);
  if (typeof s.call !== 'function') fail('call', 'a function of the input tensors', s.call);
  if (typeof s.secondOrder !== 'boolean') fail('secondOrder', 'true or false', s.secondOrder);
  const shapes = s.shapes;
  if (!Array.isArray(shapes) || shapes.length === 0) {
    fail(
      'shapes',
      'a non-empty array of input shape lists (one shape per input, e.g. [[[3]], [[2, 3]]])',
      shapes,
    );
  }
  const lists = shapes as unknown[];
  lists.forEach((list, i) => {
    if (!Array.isArray(list) || !list.every(isShape)) {
      fail(`shapes[${i}]`, 'one shape (an array of non-negative integers) per input, e.g. [[2, 3]]', list);
    }
  });
  for (const key of ['differentiable', 'batching'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'boolean') fail(key, 'true or false when given', s[key]);
  }
  for (const key of ['scalar', 'oracle', 'derivative', 'vjpOracle'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'function') fail(key, 'a function when given', s[key]);
  }
  if (s.linear !== undefined && s.linear !== 'joint' && s.linear !== 'each') {
    fail('linear', "'joint' or 'each' when given", s.linear);
  }
  for (const key of ['reference', 'edge'] as const) {
    const cases = s[key];
    if (cases === undefined) continue;
    if (!Array.isArray(cases)) fail(key, 'an array of cases when given', cases);
    (cases as unknown[]).forEach((c, i) => {
      const v = c as Record<string, unknown> | null;
      if (v === null || typeof v !== 'object' || !Array.isArray(v.inputs) || !('expected' in v)) {
        fail(`${key}[${i}]`, 'a case { inputs: [one value per input], expected }', c);
      }
    });
  }
  if (s.tolerance !== undefined && (s.tolerance === null || typeof s.tolerance !== 'object')) {
    fail('tolerance', 'an object of tolerances per kind of check when given', s.tolerance);
  }
}
