import {
  addPenaltyGradient,
  backward,
  forward,
  fromRows,
  lossValue,
  ManualError,
  type Matrix,
  type Network,
  output,
  type Params,
  penalty,
  REGULARIZATIONS,
} from '@deltagrad/manual';
import { describe, expect, it } from 'vitest';

const W = (): Matrix[] => [
  fromRows([
    [3, -1],
    [0, 2],
  ]),
  fromRows([[-4], [0.5]]),
];

describe('penalty', () => {
  it('is λ·Σ|w| for l1, λ·½·Σw² for l2, 0 for none, over every layer', () => {
    expect(penalty('l1', 0.1, W())).toBe(0.1 * (3 + 1 + 0 + 2 + 4 + 0.5));
    expect(penalty('l2', 0.1, W())).toBe(0.1 * (0.5 * (9 + 1 + 0 + 4 + 16 + 0.25)));
    expect(penalty('none', 0.1, W())).toBe(0);
    expect(REGULARIZATIONS).toEqual(['none', 'l1', 'l2']);
  });

  it('rejects an unknown penalty and a negative or non-finite rate, naming them', () => {
    expect(() => penalty('l3' as never, 0.1, W())).toThrow(ManualError);
    expect(() => penalty('l3' as never, 0.1, W())).toThrow(/regularization must be one of none, l1, l2/);
    expect(() => penalty('l2', -1, W())).toThrow(/rate must be a finite number ≥ 0, got -1/);
    expect(() => penalty('l2', Number.NaN, W())).toThrow(/rate must be a finite number ≥ 0/);
  });
});

describe('addPenaltyGradient', () => {
  it('adds λ·w (l2) and λ·sign(w) (l1, 0 at w = 0) to each weight gradient, in place', () => {
    const dW = [
      fromRows([
        [1, 1],
        [1, 1],
      ]),
      fromRows([[1], [1]]),
    ];
    const out = addPenaltyGradient('l2', 0.5, W(), dW);
    expect(out).toBe(dW);
    expect([...dW[0]!.data, ...dW[1]!.data]).toEqual([2.5, 0.5, 1, 2, -1, 1.25]);
    const dW1 = [
      fromRows([
        [1, 1],
        [1, 1],
      ]),
      fromRows([[1], [1]]),
    ];
    addPenaltyGradient('l1', 0.5, W(), dW1);
    expect([...dW1[0]!.data, ...dW1[1]!.data]).toEqual([1.5, 0.5, 1, 1.5, 0.5, 1.5]);
  });

  it('leaves the gradients alone for none', () => {
    const dW = [
      fromRows([
        [1, 2],
        [3, 4],
      ]),
      fromRows([[5], [6]]),
    ];
    addPenaltyGradient('none', 0.5, W(), dW);
    expect([...dW[0]!.data, ...dW[1]!.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses gradients of other shapes than the weights', () => {
    expect(() => addPenaltyGradient('l2', 0.1, W(), [fromRows([[1, 2]])])).toThrow(
      /dW \(1×2\) must have the shapes of W/,
    );
  });

  it('is the derivative of the penalty: central differences of L + λR agree with backward + addPenaltyGradient', () => {
    const network: Network = { sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };
    const params: Params = { W: W(), b: [fromRows([[0.1, -0.2]]), fromRows([[0.3]])] };
    const X = fromRows([
      [0.5, -1],
      [1, 0.25],
      [-0.5, 0.5],
    ]);
    const Y = fromRows([[1], [0], [1]]);
    for (const kind of ['l1', 'l2'] as const) {
      const objective = () =>
        lossValue('mse', output(forward(network, params, X)), Y) + penalty(kind, 0.01, params.W);
      const g = backward(params, forward(network, params, X), Y);
      addPenaltyGradient(kind, 0.01, params.W, g.dW);
      params.W.forEach((w, l) => {
        for (let i = 0; i < w.data.length; i++) {
          const v = w.data[i]!;
          // W1[1][0] is 0, where |w| has no derivative: l1 takes sign 0 = 0, central differences agree.
          const h = 1e-6;
          w.data[i] = v + h;
          const up = objective();
          w.data[i] = v - h;
          const down = objective();
          w.data[i] = v;
          expect(Math.abs((up - down) / (2 * h) - g.dW[l]!.data[i]!)).toBeLessThan(1e-8);
        }
      });
    }
  });
});

describe('the README example', () => {
  it('prints what the README says', () => {
    const W = [fromRows([[3], [4]])];
    expect(penalty('l2', 0.1, W)).toBeCloseTo(1.25, 15);
    const dW = [fromRows([[1], [1]])];
    addPenaltyGradient('l2', 0.1, W, dW);
    expect(Array.from(dW[0]!.data)).toEqual([1 + 0.1 * 3, 1 + 0.1 * 4]);
    expect(dW[0]!.data[0]).toBeCloseTo(1.3, 15);
    expect(dW[0]!.data[1]).toBeCloseTo(1.4, 15);
  });
});
