import { type BinaryRun, broadcastBinary } from '../kernels';
import { broadcastingBatch } from './rules';
import type { Binary, OpDef } from './types';

/** Which comparison {@link compare} makes. */
export type Comparison = 'gt' | 'ge' | 'lt' | 'le' | 'eq';

const runs: Record<Comparison, BinaryRun> = {
  gt: (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! > b[ib + i * sb]! ? 1 : 0;
  },
  ge: (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! >= b[ib + i * sb]! ? 1 : 0;
  },
  lt: (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! < b[ib + i * sb]! ? 1 : 0;
  },
  le: (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! <= b[ib + i * sb]! ? 1 : 0;
  },
  eq: (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! === b[ib + i * sb]! ? 1 : 0;
  },
};

/**
 * Element-wise comparison giving 1 (true) or 0 (false), broadcast. Piecewise constant, so its
 * gradient is zero everywhere it exists: the VJP returns no gradient for either input and the
 * JVP a zero tangent.
 */
export const compare: OpDef<Binary, { kind: Comparison }> = {
  name: 'compare',
  forward: ([a, b], { kind }, into) => broadcastBinary(kind, a, b, runs[kind], into),
  vjp: () => [null, null],
  jvp: () => null,
  batch: broadcastingBatch(() => compare),
};
