/**
 * One update of every engine in lockstep: the run's hottest code (a seed run makes 10,000 of
 * them, most before V8 has optimized anything), so it is a few small monomorphic functions over
 * records allocated once, and every check and comparison of an update is one pass over the
 * arrays: each compared method's gradients against the reference's, entry by entry, with the
 * finiteness of both. It keeps the maxima of the epoch so far (of finite updates only: a
 * diverged update never counts); the caller folds them into the run's statistics once an epoch.
 */
import { type Agreement, maxAbsDifference } from './compare';
import type { Batch, Evaluation, GradientEngine } from './engine';
import { AGREEMENT_TOLERANCE } from './vocabulary';

/**
 * max |a − b| into out[0] and max |a − b| / max(|a|, |b|) into out[1] over the entries (a pair
 * of zeros counts 0, as `agreement` has it), in one pass that also tells whether every entry of
 * both is finite (x·0 is 0 for a finite x and NaN for ±Infinity and NaN). The maxima are those
 * of `agreement` when every entry is finite, which is the only case anyone reads them.
 */
function agreeFinite(a: Float64Array, b: Float64Array, out: Float64Array): boolean {
  let abs = 0;
  let rel = 0;
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    bad += x * 0 + y * 0;
    const d = Math.abs(x - y);
    if (d > abs) abs = d;
    const scale = Math.max(Math.abs(x), Math.abs(y));
    if (scale > 0 && d / scale > rel) rel = d / scale;
  }
  out[0] = abs;
  out[1] = rel;
  return bad === 0;
}

/** Whether every entry is finite. */
function allFinite(a: Float64Array): boolean {
  let bad = 0;
  for (let i = 0; i < a.length; i++) bad += a[i]! * 0;
  return bad === 0;
}

/**
 * The engines of a run, what one update of theirs produced, and the maxima of the epoch so far.
 * Keys are in the table's order (W1, b1, W2, b2, …): key 2(l − 1) is W^(l), key 2(l − 1) + 1
 * is b^(l). Per method, index k − 1 is engine k (the reference, engine 0, is compared with).
 */
export class Lockstep {
  readonly engines: readonly GradientEngine[];
  /** Every engine's evaluation of the last update (the engines' own records). */
  readonly evals: Evaluation[];
  /**
   * Per key: the worst agreement of any compared method's gradient with the reference's in the
   * last update (empty with one method).
   */
  readonly perKey: Agreement[];
  /** Per compared method: max |Δgrad| over the finite updates of the epoch so far. */
  readonly epochAbs: Float64Array;
  /** Per compared method: max relative |Δgrad| over the finite updates of the epoch so far. */
  readonly epochRel: Float64Array;
  /** Per compared method: max |θ − θ_reference| after the epoch's updates so far (NaN wins). */
  readonly epochDrift: Float64Array;
  /** Per key: whether some method's gradient parted from the reference's this epoch (1) or not (0). */
  readonly parting: Uint8Array;
  /** Whether any key parted this epoch. */
  anyParted = false;
  /** Per compared method: max |Δgrad| and max relative of the last update. */
  readonly #updateAbs: Float64Array;
  readonly #updateRel: Float64Array;
  readonly #pair = new Float64Array(2);

  constructor(engines: readonly GradientEngine[], keyCount: number) {
    this.engines = engines;
    this.evals = new Array(engines.length);
    const compared = engines.length - 1;
    this.perKey =
      compared > 0 ? Array.from({ length: keyCount }, () => ({ maxAbsDiff: 0, maxRelDiff: 0 })) : [];
    this.epochAbs = new Float64Array(compared);
    this.epochRel = new Float64Array(compared);
    this.epochDrift = new Float64Array(compared);
    this.parting = new Uint8Array(keyCount);
    this.#updateAbs = new Float64Array(compared);
    this.#updateRel = new Float64Array(compared);
  }

  /** Starts an epoch: its maxima and parted keys start empty. */
  startEpoch(): void {
    this.epochAbs.fill(0);
    this.epochRel.fill(0);
    this.epochDrift.fill(0);
    if (this.anyParted) this.parting.fill(0);
    this.anyParted = false;
  }

  /**
   * Every engine evaluates `batch`, then every compared method's gradients are compared with the
   * reference's (into `perKey`) in the same pass that checks every entry finite. Returns whether
   * every loss and gradient entry is finite: only then does the update count in the epoch's
   * maxima (when not, the caller names what is not finite and stops the run).
   */
  evaluate(batch: Batch): boolean {
    const { engines, evals } = this;
    let bad = 0;
    for (let k = 0; k < engines.length; k++) {
      const e = engines[k]!.evaluate(batch);
      evals[k] = e;
      bad += e.loss * 0;
    }
    if (engines.length === 1) return gradsFinite(evals[0]!) && bad === 0;
    if (!this.#compare() || bad !== 0) return false;
    // Finite, so no NaN below: a plain comparison is `worse`.
    const { epochAbs, epochRel, perKey, parting } = this;
    for (let k = 0; k < epochAbs.length; k++) {
      if (this.#updateAbs[k]! > epochAbs[k]!) epochAbs[k] = this.#updateAbs[k]!;
      if (this.#updateRel[k]! > epochRel[k]!) epochRel[k] = this.#updateRel[k]!;
    }
    for (let i = 0; i < perKey.length; i++) {
      if (perKey[i]!.maxAbsDiff > AGREEMENT_TOLERANCE) {
        parting[i] = 1;
        this.anyParted = true;
      }
    }
    return true;
  }

  /** The pass over every (method, parameter) pair of an update; true when all entries are finite. */
  #compare(): boolean {
    const { evals, perKey } = this;
    const updateAbs = this.#updateAbs;
    const updateRel = this.#updateRel;
    const pair = this.#pair;
    const reference = evals[0]!.grads;
    for (let i = 0; i < perKey.length; i++) {
      perKey[i]!.maxAbsDiff = 0;
      perKey[i]!.maxRelDiff = 0;
    }
    let finite = true;
    for (let k = 1; k < evals.length; k++) {
      const grads = evals[k]!.grads;
      let abs = 0;
      let rel = 0;
      for (let l = 0; l < reference.length; l++) {
        const r = reference[l]!;
        const g = grads[l]!;
        for (let kind = 0; kind < 2; kind++) {
          if (!agreeFinite(kind === 0 ? r.W : r.b, kind === 0 ? g.W : g.b, pair)) finite = false;
          const worst = perKey[2 * l + kind]!;
          if (pair[0]! > worst.maxAbsDiff) worst.maxAbsDiff = pair[0]!;
          if (pair[1]! > worst.maxRelDiff) worst.maxRelDiff = pair[1]!;
          if (pair[0]! > abs) abs = pair[0]!;
          if (pair[1]! > rel) rel = pair[1]!;
        }
      }
      updateAbs[k - 1] = abs;
      updateRel[k - 1] = rel;
    }
    return finite;
  }

  /**
   * Every engine applies its update, then each compared copy of the parameters is compared
   * with the reference's (into `epochDrift`).
   */
  step(): void {
    const { engines, epochDrift } = this;
    for (let k = 0; k < engines.length; k++) engines[k]!.step();
    if (engines.length === 1) return;
    const reference = engines[0]!.params();
    for (let k = 1; k < engines.length; k++) {
      const params = engines[k]!.params();
      // Math.max returns NaN when any argument is NaN: NaN wins, as `worse` has it.
      let drift = epochDrift[k - 1]!;
      for (let l = 0; l < reference.length; l++) {
        const r = reference[l]!;
        const p = params[l]!;
        drift = Math.max(drift, maxAbsDifference(r.W, p.W), maxAbsDifference(r.b, p.b));
      }
      epochDrift[k - 1] = drift;
    }
  }
}

/** Whether an evaluation's gradients are all finite. */
function gradsFinite(e: Evaluation): boolean {
  let finite = true;
  for (const layer of e.grads) if (!allFinite(layer.W) || !allFinite(layer.b)) finite = false;
  return finite;
}
