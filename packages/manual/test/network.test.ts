import {
  type Activation,
  backward,
  cloneMatrix,
  cloneParams,
  forward,
  fromRows,
  initParams,
  ManualError,
  matrix,
  type Network,
  type Params,
  sgdStep,
  toRows,
  train,
  validateNetwork,
  validateParams,
  xorData,
} from '@deltagrad/manual';
import { describe, expect, it } from 'vitest';

/** Runs `fn` and returns the ManualError it throws (failing if it throws something else or nothing). */
function thrown(fn: () => unknown): ManualError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManualError);
    return e as ManualError;
  }
  throw new Error('expected a ManualError, but nothing was thrown');
}

const net: Network = { sizes: [2, 2, 1], activations: ['sigmoid', 'sigmoid'], loss: 'halfSSE' };
const params: Params = {
  W: [
    fromRows([
      [0.5, -0.25],
      [0.75, 1],
    ]),
    fromRows([[1.5], [-2]]),
  ],
  b: [fromRows([[0.1, -0.1]]), fromRows([[0.2]])],
};

describe('matrices', () => {
  it('matrix, fromRows, toRows, cloneMatrix', () => {
    expect(toRows(matrix(2, 2))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const data = [1, 2, 3];
    const m = matrix(1, 3, data);
    data[0] = 9;
    expect(toRows(m)).toEqual([[1, 2, 3]]);
    expect(toRows(fromRows([[1], [2]]))).toEqual([[1], [2]]);
    const c = cloneMatrix(m);
    c.data[0] = 5;
    expect(m.data[0]).toBe(1);
  });

  it('rejects bad shapes with INVALID_MATRIX', () => {
    expect(thrown(() => matrix(0, 2)).message).toBe('matrix: rows must be a positive integer, got 0');
    expect(thrown(() => matrix(2, 2, [1, 2, 3])).message).toBe(
      'matrix: data has 3 numbers, but a 2×2 matrix needs 4',
    );
    const e = thrown(() => fromRows([[1, 2], [3]]));
    expect(e.code).toBe('INVALID_MATRIX');
    expect(e.message).toBe(
      'fromRows: row 1 has 1 entries, but row 0 has 2 (rows must be non-empty and equally long)',
    );
    expect(thrown(() => fromRows([])).code).toBe('INVALID_MATRIX');
  });
});

describe('network and parameter checks', () => {
  it('names the bad layer sizes', () => {
    for (const sizes of [[2], [2, 0], [2, 1.5], 'two']) {
      const e = thrown(() => validateNetwork({ sizes, activations: ['sigmoid'] } as unknown as Network));
      expect(e.code).toBe('INVALID_SIZES');
      expect(e.message).toMatch(/^network\.sizes must be an array of at least 2 positive integers/);
    }
  });

  it('names an unknown activation and its layer', () => {
    const e = thrown(() =>
      validateNetwork({ sizes: [2, 2, 1], activations: ['sigmoid', 'gelu'] } as unknown as Network),
    );
    expect(e.code).toBe('INVALID_ACTIVATION');
    expect(e.message).toBe(
      "network.activations[1] must be one of identity, sigmoid, tanh, relu, leakyRelu, softplus, got 'gelu'",
    );
    expect(thrown(() => validateNetwork({ sizes: [2, 2, 1], activations: ['sigmoid'] })).message).toBe(
      "network.activations must have one activation per layer: sizes [2, 2, 1] has 2 layers, got ['sigmoid']",
    );
  });

  it('checks a network spec again when it was changed in place after passing', () => {
    // validateNetwork remembers a spec that passed: changing it must not slip past the check.
    const sizes = [2, 2, 1];
    const activations: Activation[] = ['sigmoid', 'sigmoid'];
    const network: Network = { sizes, activations };
    validateNetwork(network);
    sizes[1] = 0;
    expect(thrown(() => validateNetwork(network)).code).toBe('INVALID_SIZES');
    sizes[1] = 2;
    validateNetwork(network);
    (activations as string[])[0] = 'gelu';
    expect(thrown(() => validateNetwork(network)).code).toBe('INVALID_ACTIVATION');
    activations[0] = 'relu';
    validateNetwork(network);
    (network as { loss?: string }).loss = 'bce';
    validateNetwork(network);
    activations[1] = 'tanh';
    expect(thrown(() => validateNetwork(network)).code).toBe('INVALID_LOSS');
  });

  it('checks a changed spec again when another network was validated in between', () => {
    // The last network is remembered apart from the others: both ways must see a change.
    const a: Network = { sizes: [2, 2, 1], activations: ['sigmoid', 'sigmoid'] };
    const b: Network = { sizes: [3, 1], activations: ['tanh'] };
    validateNetwork(a);
    validateNetwork(b);
    (a.sizes as number[])[2] = 1.5;
    expect(thrown(() => validateNetwork(a)).code).toBe('INVALID_SIZES');
    validateNetwork(b);
    (b.activations as string[])[0] = 'gelu';
    expect(thrown(() => validateNetwork(b)).code).toBe('INVALID_ACTIVATION');
    (a.sizes as number[])[2] = 1;
    validateNetwork(a);
    expect(thrown(() => validateNetwork(b)).code).toBe('INVALID_ACTIVATION');
  });

  it('names an unknown loss, and bce without a sigmoid output', () => {
    const e = thrown(() => validateNetwork({ ...net, loss: 'hinge' } as unknown as Network));
    expect(e.code).toBe('INVALID_LOSS');
    expect(e.message).toBe("network.loss must be one of halfSSE, mse, bce, got 'hinge'");
    const bce = thrown(() => validateNetwork({ sizes: [2, 1], activations: ['relu'], loss: 'bce' }));
    expect(bce.code).toBe('INVALID_LOSS');
    expect(bce.message).toMatch(
      /^network\.loss 'bce' needs a sigmoid output layer, but network\.activations\[0\] is 'relu'/,
    );
    expect(() =>
      validateNetwork({ sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], loss: 'bce' }),
    ).not.toThrow();
  });

  it('names the parameter whose shape does not fit', () => {
    const e = thrown(() =>
      validateParams({ sizes: [2, 1], activations: ['sigmoid'] }, { W: [matrix(3, 1)], b: [matrix(1, 1)] }),
    );
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toBe('params.W[0] (W^(1)) has shape 3×1 but network.sizes [2, 1] needs 2×1 (in × out)');
    expect(thrown(() => validateParams(net, { W: params.W, b: [params.b[0]!, matrix(2, 1)] })).message).toBe(
      'params.b[1] (b^(2)) has shape 2×1 but network.sizes [2, 2, 1] needs 1×1',
    );
    expect(thrown(() => validateParams(net, { W: [params.W[0]!], b: params.b })).message).toBe(
      'params.W has 1 matrices but network.sizes [2, 2, 1] has 2 layers',
    );
    const bad = { rows: 2, cols: 2, data: [1, 2, 3, 4] } as unknown as ReturnType<typeof matrix>;
    expect(thrown(() => validateParams(net, { W: [bad, params.W[1]!], b: params.b })).message).toBe(
      'params.W[0] must be a matrix { rows, cols, data: Float64Array(rows × cols) }, got rows=2, cols=2, data=[1, 2, 3, 4]',
    );
  });

  it('forward names X when its columns do not match sizes[0]', () => {
    const e = thrown(() => forward(net, params, matrix(4, 3)));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toBe(
      'forward: X has shape 4×3 but network.sizes[0] is 2 (X must be examples×2, one column per input)',
    );
  });

  it('backward names Y when its shape does not match the output', () => {
    const { X } = xorData();
    const cache = forward(net, params, X);
    const e = thrown(() => backward(params, cache, matrix(4, 2)));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toBe(
      'backward: Y has shape 4×2 but the output a^(2) has shape 4×1 (one row of targets per example, one column per output unit)',
    );
    const bce: Network = { ...net, loss: 'bce' };
    const e2 = thrown(() => backward(params, forward(bce, params, X), fromRows([[0], [1], [2], [0]])));
    expect(e2.code).toBe('INVALID_LOSS');
    expect(e2.message).toBe("backward: loss 'bce' needs targets in [0, 1], got Y[2][0] = 2");
    const wider: Network = { sizes: [2, 3, 1], activations: ['sigmoid', 'sigmoid'] };
    const widerParams = initParams(wider, () => 0.5);
    expect(thrown(() => backward(widerParams, { ...cache, network: wider }, xorData().Y)).code).toBe(
      'SHAPE_MISMATCH',
    );
  });

  it('initParams fills each W row by row from the draws, layer after layer, biases zero', () => {
    let k = 0;
    const p = initParams({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] }, () => ++k);
    expect(toRows(p.W[0]!)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toRows(p.W[1]!)).toEqual([[7], [8], [9]]);
    expect(toRows(p.b[0]!)).toEqual([[0, 0, 0]]);
    expect(toRows(p.b[1]!)).toEqual([[0]]);
  });
});

describe('a 2-2-1 network by hand', () => {
  // Everything below is recomputed with scalar algebra, independently of the package.
  const s = (x: number) => 1 / (1 + Math.exp(-x));
  const x = [1, 0.5];
  const y = 1;
  const z1 = [x[0]! * 0.5 + x[1]! * 0.75 + 0.1, x[0]! * -0.25 + x[1]! * 1 - 0.1];
  const a1 = z1.map(s);
  const z2 = a1[0]! * 1.5 + a1[1]! * -2 + 0.2;
  const a2 = s(z2);
  const d2 = (a2 - y) * a2 * (1 - a2);
  const d1 = [d2 * 1.5 * a1[0]! * (1 - a1[0]!), d2 * -2 * a1[1]! * (1 - a1[1]!)];

  it('forward and backward give the chain rule’s numbers', () => {
    const cache = forward(net, params, fromRows([x]));
    expect(cache.z[0]!.data[0]).toBeCloseTo(z1[0]!, 15);
    expect(cache.a[1]!.data[0]).toBeCloseTo(a2, 15);
    const g = backward(params, cache, fromRows([[y]]));
    expect(g.delta[1]!.data[0]).toBeCloseTo(d2, 15);
    expect(Array.from(g.delta[0]!.data)).toEqual(d1.map((v) => expect.closeTo(v, 15)));
    expect(toRows(g.dW[1]!)).toEqual([[expect.closeTo(a1[0]! * d2, 15)], [expect.closeTo(a1[1]! * d2, 15)]]);
    expect(toRows(g.dW[0]!)).toEqual([
      [expect.closeTo(x[0]! * d1[0]!, 15), expect.closeTo(x[0]! * d1[1]!, 15)],
      [expect.closeTo(x[1]! * d1[0]!, 15), expect.closeTo(x[1]! * d1[1]!, 15)],
    ]);
    expect(toRows(g.db[0]!)).toEqual([d1.map((v) => expect.closeTo(v, 15))]);
    expect(g.db[1]!.data[0]).toBeCloseTo(d2, 15);
  });
});

describe('sgdStep and train', () => {
  const { X, Y } = xorData();

  it('sgdStep returns θ − η·g and leaves params alone', () => {
    const before = cloneParams(params);
    const g = backward(params, forward(net, params, X), Y);
    const next = sgdStep(params, g, 0.5);
    expect(params).toEqual(before);
    expect(next.W[1]!.data[0]).toBe(params.W[1]!.data[0]! - 0.5 * g.dW[1]!.data[0]!);
    expect(next.b[0]!.data[1]).toBe(params.b[0]!.data[1]! - 0.5 * g.db[0]!.data[1]!);
  });

  it('sgdStep checks lr and the gradient shapes before computing', () => {
    const g = backward(params, forward(net, params, X), Y);
    expect(thrown(() => sgdStep(params, g, Number.NaN)).message).toBe(
      'sgdStep: lr must be a finite number, got NaN',
    );
    const e = thrown(() => sgdStep(params, { dW: [g.dW[0]!, matrix(1, 2)], db: g.db }, 0.1));
    expect(e.message).toBe('sgdStep: grads.dW[1] has shape 1×2 but params.W[1] has shape 2×1');
  });

  const result0 = train(net, params, X, Y, { lr: 0.5, epochs: 5 });

  it('train steps like sgdStep, reports every `every` epochs after the update, keeps params', () => {
    const before = cloneParams(params);
    const events: number[] = [];
    const result = train(net, params, X, Y, {
      lr: 0.5,
      epochs: 5,
      every: 2,
      onEpoch: (e) => {
        events.push(e.epoch);
        expect(e.mse).toBe(result0.mse[e.epoch]);
      },
    });
    expect(params).toEqual(before);
    expect(events).toEqual([0, 2, 4]);
    let p = params;
    for (let epoch = 0; epoch < 5; epoch++) {
      const cache = forward(net, p, X);
      if (epoch === 4) expect(result.output).toEqual(cache.a[1]);
      p = sgdStep(p, backward(p, cache, Y), 0.5);
    }
    expect(result.params).toEqual(p);
    expect(result.losses.length).toBe(5);
    expect(result.losses[0]).toBeCloseTo(2 * result.mse[0]!, 15); // ½Σ over 4 rows = 2 × mean
  });
  it('epochs: 0 returns the initial parameters and their output', () => {
    const r = train(net, params, X, Y, { lr: 0.1, epochs: 0 });
    expect(r.params).toBe(params);
    expect(r.output).toEqual(forward(net, params, X).a[1]);
    expect(r.losses.length).toBe(0);
  });

  it('names the bad option', () => {
    expect(thrown(() => train(net, params, X, Y, { lr: -1, epochs: 1 })).message).toBe(
      'train: option lr must be a positive finite number, got -1',
    );
    expect(thrown(() => train(net, params, X, Y, { lr: 0.1, epochs: 1.5 })).message).toBe(
      'train: option epochs must be a non-negative integer, got 1.5',
    );
    expect(thrown(() => train(net, params, X, Y, { lr: 0.1, epochs: 1, every: 0 })).message).toBe(
      'train: option every must be a positive integer, got 0',
    );
    const e = thrown(() => train(net, params, X, matrix(4, 2), { lr: 0.1, epochs: 1 }));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toBe(
      'train: Y has shape 4×2 but X has 4 rows and the network 1 output (Y must be 4×1)',
    );
  });
});
