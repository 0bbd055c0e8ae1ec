import type { OpSpec } from './spec';

/** What {@link specCoverage} found; every list is empty when the specs cover the op table exactly. */
export interface SpecCoverage {
  /** Primitives of the op table without a primitive spec. */
  readonly missing: string[];
  /** Primitive specs whose `op` is not in the op table. */
  readonly unknownPrimitives: string[];
  /** Composite specs whose `op` is not a function of the public API. */
  readonly unknownComposites: string[];
  /** Op names with more than one spec. */
  readonly duplicates: string[];
  /** Op names out of order (the list must be sorted by `op`, code-unit order). */
  readonly unsorted: string[];
}

/**
 * Compares specs with the op table: which primitives lack a spec, which specs name no real op,
 * which ops have two specs, and where the list is out of order.
 *
 * @param opNames - core's `opNames`
 * @param api - the module whose functions composites name (core's exports)
 */
export function specCoverage(
  specs: readonly OpSpec[],
  opNames: readonly string[],
  api: Readonly<Record<string, unknown>>,
): SpecCoverage {
  const primitives = new Set(specs.filter((s) => s.kind === 'primitive').map((s) => s.op));
  const table = new Set(opNames);
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const s of specs) {
    if (seen.has(s.op)) duplicates.push(s.op);
    seen.add(s.op);
  }
  return {
    missing: opNames.filter((name) => !primitives.has(name)),
    unknownPrimitives: [...primitives].filter((name) => !table.has(name)),
    unknownComposites: specs
      .filter((s) => s.kind === 'composite' && typeof api[s.op] !== 'function')
      .map((s) => s.op),
    duplicates,
    unsorted: specs.filter((s, i) => i > 0 && specs[i - 1]!.op >= s.op).map((s) => s.op),
  };
}
