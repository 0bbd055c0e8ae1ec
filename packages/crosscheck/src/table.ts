/**
 * The per-parameter comparison table of a reported epoch, kept as a snapshot: each epoch it is
 * recorded into arrays allocated once (the values at which the gradients were computed, every
 * method's gradient, the finite differences), and turned into plain rows only when someone asks.
 * A page that trains at thousands of epochs a second and draws thirty times a second pays for
 * thirty tables, not thousands.
 */
import type { Agreement } from './compare';
import type { Evaluation } from './engine';
import { GRADIENT_METHOD_NAMES, type GradientMethod } from './method-names';
import { entryOf, type LayerGrads, type ParamKey, type ParamSet, paramKeys, paramName } from './params';
import type { ParamComparison, ParamView } from './types';

/** One key's recorded numbers. */
interface Row {
  key: ParamKey;
  shape: [number, number];
  value: Float64Array;
  /** Per method of the record (null for a method that does not run). */
  gradients: (Float64Array | null)[];
  finiteDifference: Float64Array;
  maxAbsDiff: number;
  maxRelDiff: number;
}

/** A row's live view: the row's arrays, and the numbers `record` rewrites. */
type MutableView = { -readonly [K in keyof ParamView]: ParamView[K] };

/** The table of the last recorded epoch, in arrays reused from one epoch to the next. */
export class TableSnapshot {
  readonly #rows: Row[];
  readonly #methods: readonly GradientMethod[];
  readonly #views: MutableView[];
  #hasFiniteDifference = false;
  #recorded = false;

  /** For a network of layer `sizes` (input first) and the methods that run, reference first. */
  constructor(sizes: readonly number[], methods: readonly GradientMethod[]) {
    this.#methods = methods;
    this.#rows = paramKeys(sizes.length - 1).map((key) => {
      const shape: [number, number] =
        key.kind === 'W' ? [sizes[key.layer - 1]!, sizes[key.layer]!] : [1, sizes[key.layer]!];
      const size = shape[0] * shape[1];
      return {
        key,
        shape,
        value: new Float64Array(size),
        gradients: GRADIENT_METHOD_NAMES.map((m) => (methods.includes(m) ? new Float64Array(size) : null)),
        finiteDifference: new Float64Array(size),
        maxAbsDiff: Number.NaN,
        maxRelDiff: Number.NaN,
      };
    });
    this.#views = this.#rows.map((row) => ({
      ...row.key,
      name: paramName(row.key),
      shape: row.shape,
      value: row.value,
      gradients: Object.fromEntries(GRADIENT_METHOD_NAMES.map((m, j) => [m, row.gradients[j]!])) as Record<
        GradientMethod,
        Float64Array | null
      >,
      finiteDifference: null,
      maxAbsDiff: Number.NaN,
      maxRelDiff: Number.NaN,
    }));
  }

  /**
   * Copies one epoch's numbers: the parameters (before the update), each method's evaluation
   * (in the order of `methods`), the per-key agreements (null with one method) and the finite
   * differences (null when they did not run).
   */
  record(
    params: ParamSet,
    evals: readonly Evaluation[],
    agreements: readonly Agreement[] | null,
    fd: readonly LayerGrads[] | null,
  ): void {
    this.#rows.forEach((row, i) => {
      row.value.set(entryOf(params, row.key));
      GRADIENT_METHOD_NAMES.forEach((m, j) => {
        const k = this.#methods.indexOf(m);
        if (k >= 0) row.gradients[j]!.set(entryOf(evals[k]!.grads, row.key));
      });
      if (fd) row.finiteDifference.set(entryOf(fd, row.key));
      row.maxAbsDiff = agreements ? agreements[i]!.maxAbsDiff : Number.NaN;
      row.maxRelDiff = agreements ? agreements[i]!.maxRelDiff : Number.NaN;
      const view = this.#views[i]!;
      view.finiteDifference = fd ? row.finiteDifference : null;
      view.maxAbsDiff = row.maxAbsDiff;
      view.maxRelDiff = row.maxRelDiff;
    });
    this.#hasFiniteDifference = fd !== null;
    this.#recorded = true;
  }

  /**
   * The recorded epoch's table as live views of the snapshot's arrays (the same objects every
   * time, rewritten by each record), or null before the first record.
   */
  view(): readonly ParamView[] | null {
    return this.#recorded ? this.#views : null;
  }

  /** The recorded epoch's table as plain rows (fresh copies), or null before the first record. */
  rows(): ParamComparison[] | null {
    if (!this.#recorded) return null;
    return this.#rows.map((row) => ({
      ...row.key,
      name: paramName(row.key),
      shape: [...row.shape],
      value: Array.from(row.value),
      gradients: Object.fromEntries(
        GRADIENT_METHOD_NAMES.map((m, j) => {
          const g = row.gradients[j];
          return [m, g ? Array.from(g) : null];
        }),
      ) as Record<GradientMethod, number[] | null>,
      finiteDifference: this.#hasFiniteDifference ? Array.from(row.finiteDifference) : null,
      maxAbsDiff: row.maxAbsDiff,
      maxRelDiff: row.maxRelDiff,
    }));
  }
}
