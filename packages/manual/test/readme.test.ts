import { readFileSync } from 'node:fs';
import {
  activate,
  backward,
  biasGradient,
  createOptimizer,
  formatNumpyRounded,
  forward,
  fromRows,
  hiddenDelta,
  initParams,
  linear,
  ManualError,
  matrix,
  type Network,
  outputDelta,
  type Params,
  runSeed,
  seedNetwork,
  toRows,
  train,
  validateNetwork,
  weightGradient,
  xorData,
} from '@deltagrad/manual';
import { createRandom, numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { seedEntry } from './fixture';

// The values README.md states; if one of these changes, update the README too.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('the seed example', () => {
    const rng = numpyRandom(42);
    const { result } = runSeed(() => rng.normal());
    expect(result.mse[0]).toBe(0.25582994194443676);
    expect(result.mse[9999]).toBe(0.12822657152410466);
    expect(readme).toContain('result.mse[0]; // 0.25582994194443676');
  });

  it('shows the real output of seeds 42 and 1, as NumPy prints it', () => {
    expect(readme).toContain(`\`\`\`text\n${seedEntry(42).stdout}\`\`\``);
    const one = seedEntry(1).lines;
    expect(readme).toContain([one[0], '...', ...one.slice(9)].join('\n'));
  });

  it('states the measured agreement with NumPy', () => {
    for (const [seed, rel, bitEqual] of [
      [42, '1.1 · 10⁻¹⁵', '4 982 of 10 000'],
      [1, '4.9 · 10⁻¹⁵', '3 128 of 10 000'],
    ] as const) {
      const entry = seedEntry(seed);
      const rng = numpyRandom(seed);
      const { mse } = runSeed(() => rng.normal()).result;
      let max = 0;
      let equal = 0;
      mse.forEach((v, i) => {
        max = Math.max(max, Math.abs(v - entry.losses[i]!) / entry.losses[i]!);
        if (v === entry.losses[i]) equal++;
      });
      const [mantissa, exponent] = max.toExponential(1).split('e');
      const sup = (n: string) => [...n].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)] ?? '⁻').join('');
      expect(`${mantissa} · 10${sup(exponent!)}`).toBe(rel);
      expect(`${equal.toLocaleString('en').replace(',', ' ')} of 10 000`).toBe(bitEqual);
      expect(readme).toContain(`| ${seed.toString().padEnd(4)} | ${rel}`);
    }
  });

  it('the single-step example', () => {
    const rng = numpyRandom(42);
    const params = initParams(seedNetwork, () => rng.normal());
    const { X, Y } = xorData();
    const cache = forward(seedNetwork, params, X);
    const grads = backward(params, cache, Y);
    expect(toRows(cache.a[1]!)).toEqual([
      [0.44172968306048194],
      [0.41436683210261693],
      [0.4367018852127325],
      [0.40978492092391494],
    ]);
    expect(toRows(grads.delta[1]!).slice(0, 2)).toEqual([[0.10893255861970766], [-0.14211382085435678]]);
    expect(toRows(grads.dW[1]!)).toEqual([[-0.0498011040280595], [-0.04744397990458983]]);
    expect(toRows(grads.db[1]!)).toEqual([[-0.07263776288144298]]);

    // The step-by-step version gives the same numbers.
    const z1 = linear(X, params.W[0]!, params.b[0]!);
    const a1 = activate('sigmoid', z1);
    const z2 = linear(a1, params.W[1]!, params.b[1]!);
    const a2 = activate('sigmoid', z2);
    const d2 = outputDelta('halfSSE', 'sigmoid', z2, a2, Y);
    const d1 = hiddenDelta(d2, params.W[1]!, z1, 'sigmoid');
    expect(weightGradient(a1, d2)).toEqual(grads.dW[1]);
    expect(biasGradient(d1)).toEqual(grads.db[0]);
  });

  it('the bce example', () => {
    const network: Network = { sizes: [2, 4, 4, 1], activations: ['tanh', 'relu', 'sigmoid'], loss: 'bce' };
    const rng = createRandom(3);
    const { X, Y } = xorData();
    const result = train(
      network,
      initParams(network, () => rng.normal()),
      X,
      Y,
      { lr: 0.5, epochs: 2000 },
    );
    expect(result.losses.at(-1)).toBe(0.0011647894725559864);
    expect(formatNumpyRounded(result.output, 3)).toBe('[[0.002]\n [1.   ]\n [1.   ]\n [0.002]]');
  });

  it('the error examples', () => {
    const params = initParams(seedNetwork, () => 0.1);
    const messages: string[] = [];
    for (const fn of [
      () => forward(seedNetwork, params, matrix(4, 3)),
      () => validateNetwork({ sizes: [2, 2, 1], activations: ['sigmoid', 'gelu' as never] }),
    ]) {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ManualError);
        messages.push(`// ManualError ${(e as ManualError).code}: ${(e as ManualError).message}`);
      }
    }
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(readme).toContain(m);
  });

  it('the momentum example', () => {
    const momentum = createOptimizer('momentum', { lr: 0.1 });
    const grads = { dW: [fromRows([[1]])], db: [fromRows([[0]])] };
    let p: Params = { W: [fromRows([[1]])], b: [fromRows([[0]])] };
    p = momentum.step(p, grads);
    expect(p.W[0]!.data[0]).toBe(0.9);
    p = momentum.step(p, grads);
    expect(p.W[0]!.data[0]).toBeCloseTo(0.71, 15);
    expect(readme).toContain('p = momentum.step(p, grads); // W = 0.9 − 0.1·(0.9·1 + 1) ≈ 0.71');
  });
});
