import { readFileSync } from 'node:fs';
import { fit, halfSSE, Linear, mlp, numpyRandn, SGD, xor } from '@deltagrad/nn';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

interface SeedFixture {
  epochs: number;
  lr: number;
  initial: Record<'W1' | 'b1' | 'W2' | 'b2', number[][]>;
  mse: number[];
  final: Record<'W1' | 'b1' | 'W2' | 'b2', number[][]>;
}

const fixture: SeedFixture = JSON.parse(
  readFileSync(new URL('./fixtures/seed-trajectory.json', import.meta.url), 'utf8'),
);

function relDiff(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe('the seed network (2-2-1 sigmoid, NumPy init seed 42, ½·SSE, SGD lr 0.1)', () => {
  it("starts from the seed script's W1 and W2", () => {
    const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
    const state = model.stateDict();
    expect(state['0.W']!.toNested()).toEqual(fixture.initial.W1);
    expect(state['0.b']!.toNested()).toEqual(fixture.initial.b1);
    expect(state['2.W']!.toNested()).toEqual(fixture.initial.W2);
    expect(state['2.b']!.toNested()).toEqual(fixture.initial.b2);
  });

  it('follows the NumPy trajectory for 10,000 epochs (MSE ≤ 1e-12 relative, final params ≤ 1e-10)', () => {
    const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
    const mses: number[] = [];
    const history = fit(model, xor(), {
      loss: halfSSE,
      optimizer: new SGD(model, { lr: fixture.lr }),
      epochs: fixture.epochs,
      // ½·Σ(y − ŷ)² over 4 rows is twice the seed's printed mean: MSE = ½·SSE / 2 (exact in binary).
      onEpoch: ({ loss }) => {
        mses.push(loss / 2);
      },
    });
    expect(history.epochs).toBe(fixture.epochs);
    let maxLoss = 0;
    mses.forEach((m, i) => {
      maxLoss = Math.max(maxLoss, relDiff(m, fixture.mse[i]!));
    });
    const state = model.stateDict();
    const pairs: [string, keyof SeedFixture['final']][] = [
      ['0.W', 'W1'],
      ['0.b', 'b1'],
      ['2.W', 'W2'],
      ['2.b', 'b2'],
    ];
    let maxParam = 0;
    for (const [name, key] of pairs) {
      const ours = state[name]!.toArray();
      const theirs = fixture.final[key].flat();
      ours.forEach((v, i) => {
        maxParam = Math.max(maxParam, Math.abs(v - theirs[i]!));
      });
    }
    console.log(
      `seed trajectory: max relative MSE difference ${maxLoss}, max |Δ| final parameter ${maxParam}`,
    );
    expect(maxLoss).toBeLessThanOrEqual(1e-12);
    expect(maxParam).toBeLessThanOrEqual(1e-10);
    expect(model.at(0)).toBeInstanceOf(Linear);
  });
});
