import { readFileSync } from 'node:fs';
import { fit, halfSSE, Linear, mlp, numpyRandn, SGD, xor } from '@deltagrad/nn';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

// The NumPy run of the seed script, written by the one generator of the seed's fixtures
// (packages/manual/test/fixtures/generate_seed_fixture.py), which manual and crosscheck read too.
type Matrices = Record<'W1' | 'b1' | 'W2' | 'b2', number[][]>;
interface NumpyRun {
  seed: number;
  lr: number;
  epochs: number;
  /** The initial weights, randn(2, 2) then randn(2, 1); the biases start at zero. */
  W1: number[][];
  W2: number[][];
  /** The printed loss (the MSE before each update) of every epoch. */
  losses: number[];
  final: Matrices;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../manual/test/fixtures/seed-xor.json', import.meta.url), 'utf8'),
) as { seeds: NumpyRun[] };

function relDiff(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe.each([42, 1])('the seed network (2-2-1 sigmoid, NumPy init seed %i, ½·SSE, SGD lr 0.1)', (seed) => {
  const numpy = fixture.seeds.find((s) => s.seed === seed)!;
  const seedNet = () =>
    mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(seed)) });

  it("starts from the seed script's W1 and W2, biases zero", () => {
    const state = seedNet().stateDict();
    expect(state['0.W']!.toNested()).toEqual(numpy.W1);
    expect(state['0.b']!.toNested()).toEqual([[0, 0]]);
    expect(state['2.W']!.toNested()).toEqual(numpy.W2);
    expect(state['2.b']!.toNested()).toEqual([[0]]);
  });

  it('follows the NumPy trajectory for 10,000 epochs (MSE ≤ 1e-12 relative, final params ≤ 1e-10)', () => {
    const model = seedNet();
    const mses: number[] = [];
    const history = fit(model, xor(), {
      loss: halfSSE,
      optimizer: new SGD(model, { lr: numpy.lr }),
      epochs: numpy.epochs,
      // ½·Σ(y − ŷ)² over 4 rows is twice the seed's printed mean: MSE = ½·SSE / 2 (exact in binary).
      onEpoch: ({ loss }) => {
        mses.push(loss / 2);
      },
    });
    expect(history.epochs).toBe(numpy.epochs);
    expect(mses).toHaveLength(numpy.losses.length);
    let maxLoss = 0;
    mses.forEach((m, i) => {
      maxLoss = Math.max(maxLoss, relDiff(m, numpy.losses[i]!));
    });
    const state = model.stateDict();
    const pairs: [string, keyof Matrices][] = [
      ['0.W', 'W1'],
      ['0.b', 'b1'],
      ['2.W', 'W2'],
      ['2.b', 'b2'],
    ];
    let maxParam = 0;
    for (const [name, key] of pairs) {
      const ours = state[name]!.toArray();
      const theirs = numpy.final[key].flat();
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((v, i) => {
        maxParam = Math.max(maxParam, Math.abs(v - theirs[i]!));
      });
    }
    console.log(
      `seed ${seed} trajectory: max relative MSE difference ${maxLoss}, max |Δ| final parameter ${maxParam}`,
    );
    expect(maxLoss).toBeLessThanOrEqual(1e-12);
    expect(maxParam).toBeLessThanOrEqual(1e-10);
    expect(model.at(0)).toBeInstanceOf(Linear);
  });
});
