import { initialSeed, Linear, manualSeed, mlp, pytorchDefault } from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

const weights = (layer: Linear) => [...layer.W.value.toArray(), ...layer.b!.value.toArray()];

describe("nn's default generator", () => {
  it('starts from seed 0: the first bare Linear is pytorchDefault(createRandom(0))', () => {
    expect(initialSeed()).toBe(0);
    const bare = new Linear(4, 3);
    const explicit = new Linear(4, 3, { init: pytorchDefault(createRandom(0)) });
    expect(weights(bare)).toEqual(weights(explicit));
  });

  it('gives every bare layer fresh draws (they used to start from identical weights)', () => {
    const a = new Linear(4, 3);
    const b = new Linear(4, 3);
    expect(weights(a)).not.toEqual(weights(b));
    const m1 = mlp({ sizes: [2, 3, 1], activations: 'tanh' });
    const m2 = mlp({ sizes: [2, 3, 1], activations: 'tanh' });
    expect(m1.stateDict()['0.W']!.toArray()).not.toEqual(m2.stateDict()['0.W']!.toArray());
  });

  it('manualSeed(n) makes the sequence of bare layers reproducible, like torch.manual_seed', () => {
    manualSeed(7);
    expect(initialSeed()).toBe(7);
    const first = [weights(new Linear(3, 2)), weights(new Linear(2, 2))];
    manualSeed(7);
    const again = [weights(new Linear(3, 2)), weights(new Linear(2, 2))];
    expect(again).toEqual(first);
    manualSeed(8);
    expect(weights(new Linear(3, 2))).not.toEqual(first[0]);
  });

  it('explicit generators and seeds are untouched by it', () => {
    manualSeed(1);
    const a = mlp({ sizes: [2, 3, 1], activations: 'tanh', seed: 5 })
      .stateDict()
      ['0.W']!.toArray();
    manualSeed(2);
    new Linear(5, 5);
    const b = mlp({ sizes: [2, 3, 1], activations: 'tanh', seed: 5 })
      .stateDict()
      ['0.W']!.toArray();
    expect(b).toEqual(a);
  });

  it('manualSeed checks its seed', () => {
    expect(() => manualSeed(-1)).toThrow(/manualSeed: option seed must be an integer in \[0, 2\^32\)/);
    expect(() => manualSeed(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
