import { setKernels } from '@deltagrad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, fitPeer, loopPeer, plainPeer } from '../src/digits/peers.mjs';
import { digitsSetup } from '../src/digits/workload.mjs';

/** Epochs here: the second reshuffles the rows and continues Adam's moments. */
const EPOCHS = 2;

afterEach(() => setKernels('js'));

const reference = plainPeer(await digitsSetup(), EPOCHS);

// The digits epoch's contract: nn's fit and a loop over batches() give the plain Float64Array loop's
// losses, epoch by epoch, and its final parameters, to the bit (JS and WASM kernels).
describe('digits epoch', () => {
  it('the plain loop learns (its loss falls below half the first epoch’s)', () => {
    expect(reference.losses).toHaveLength(EPOCHS);
    expect(reference.losses[1]!).toBeLessThan(reference.losses[0]! / 2);
  });

  it.each([
    ['fit', 'js', fitPeer],
    ['fit', 'wasm', fitPeer],
    ['loop over batches()', 'js', loopPeer],
  ] as const)(
    'nn %s with %s kernels ends with the plain loop’s losses and parameters to the bit',
    async (_, kernels, peer) => {
      setKernels(kernels);
      const run = peer(await digitsSetup(), EPOCHS);
      expect(run.losses.map((v, i) => Object.is(v, reference.losses[i]))).not.toContain(false);
      expect(fingerprint(run.params)).toBe(fingerprint(reference.params));
      expect(run.params.map((p) => p.length)).toEqual([64 * 32, 32, 32 * 10, 10]);
    },
  );
});
