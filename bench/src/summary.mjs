// What the step tables show, computed from the measurements (src/measure.mjs, numpy_peer.py)
// apart from the printing, so a test can check it. On a shared machine the wall clock of a
// measurement includes the time other processes took from it; the CPU time per step and the
// median over chunks of steps are what stays put (bench/README.md, "How to read it").

/** The timed steps are timed in at most this many chunks (numpy_peer.py uses the same number). */
export const MAX_CHUNKS = 200;

/** The median of `xs` (the mean of the two middle values for an even count); NaN for none. */
export function median(xs) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * How `steps` timed steps split into chunks: at most {@link MAX_CHUNKS}, as even as can be (the
 * first `steps % chunks` chunks one step longer). A chunk of a fast step (the seed net's 20,000
 * steps of ≈ 1 µs) lasts long enough for the clock's resolution; one of a slow step is one step.
 */
export function chunkSizes(steps) {
  const chunks = Math.min(steps, MAX_CHUNKS);
  const base = Math.floor(steps / chunks);
  return Array.from({ length: chunks }, (_, i) => base + (i < steps % chunks ? 1 : 0));
}

/**
 * The median over chunks of each chunk's wall time per step, in µs, from the chunks' times in
 * ns and their step counts: a chunk in which another process ran is slower than the rest, and the
 * median ignores it as long as fewer than half the chunks were disturbed.
 */
export function medianStepUs(chunkNs, chunkSteps) {
  return median(chunkNs.map((ns, i) => ns / 1000 / chunkSteps[i]));
}

/**
 * One row of a step table from the rounds of one peer on one workload, each round one
 * measurement `{ usPerStep, wallMedianUs, cpuUsPerStep, gcMs? }` (measure.mjs's JSON line), and
 * the plain loop's row from the same run (`undefined` when the plain loop was not run):
 * - `cpuUs`: median over rounds of the process's CPU time per step (every thread: the main one,
 *   V8's GC and compiler helpers; NumPy's `time.process_time`), what the ratio and GFLOP/s use;
 * - `wallUs`: median over rounds of the median-over-chunks wall time per step;
 * - `cpuRatio`, `wallRatio`: each over the plain loop's same figure (NaN without it);
 * - `gflops`: `flops` per step over `cpuUs`;
 * - `gcShare`: median over rounds of GC pause time over the timed steps' wall time (undefined
 *   when the peer reports no GC, as NumPy).
 */
export function summarise(rounds, flops, plain) {
  const cpuUs = median(rounds.map((r) => r.cpuUsPerStep));
  const wallUs = median(rounds.map((r) => r.wallMedianUs));
  const gc = rounds.filter((r) => r.gcMs !== undefined);
  return {
    cpuUs,
    wallUs,
    cpuRatio: plain ? cpuUs / plain.cpuUs : Number.NaN,
    wallRatio: plain ? wallUs / plain.wallUs : Number.NaN,
    gflops: flops / (cpuUs * 1e-6) / 1e9,
    // usPerStep is the mean wall time of a step, so usPerStep × steps is the timed steps' wall time.
    gcShare: gc.length ? median(gc.map((r) => r.gcMs / (r.usPerStep * r.steps * 1e-3))) : undefined,
  };
}
