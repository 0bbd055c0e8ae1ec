import { createRandom, numpyRandom, RandomError } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

// The values printed in README.md's examples; if one of these changes, update the README too.
describe('README examples', () => {
  it('numpyRandom(42) gives the seed document’s W1 and W2', () => {
    const rng = numpyRandom(42);
    const W1 = [
      [rng.normal(), rng.normal()],
      [rng.normal(), rng.normal()],
    ];
    const W2 = [[rng.normal()], [rng.normal()]];
    expect(W1).toEqual([
      [0.4967141530112327, -0.13826430117118466],
      [0.6476885381006925, 1.5230298564080254],
    ]);
    expect(W2).toEqual([[-0.23415337472333597], [-0.23413695694918055]]);
  });

  it('float() and uniform() as np.random.rand and np.random.uniform', () => {
    const a = numpyRandom(42);
    expect([a.float(), a.float(), a.float()]).toEqual([
      0.3745401188473625, 0.9507143064099162, 0.7319939418114051,
    ]);
    const b = numpyRandom(42);
    expect([b.uniform(-1, 1), b.uniform(-1, 1)]).toEqual([-0.250919762305275, 0.9014286128198323]);
  });

  it('createRandom(7)', () => {
    const rng = createRandom(7);
    expect(rng.float()).toBe(0.19514828444296084);
    expect(rng.normal()).toBe(-0.35780271287537335);
    expect(rng.uniform(-1, 1)).toBe(0.8489640659772728);
    expect(rng.integer(0, 10)).toBe(6);
    expect(rng.shuffle([1, 2, 3, 4, 5])).toEqual([3, 4, 1, 5, 2]);
  });

  it('fork', () => {
    const root = createRandom(1);
    const init = root.fork();
    const data = root.fork();
    expect([init.float(), data.float()]).toEqual([0.9680386642086543, 0.09664557889450276]);
  });

  it('error messages', () => {
    expect(() => numpyRandom(-1)).toThrow(
      new RandomError('INVALID_SEED', 'numpyRandom: seed must be an integer in [0, 2^32), got -1'),
    );
    expect(() => createRandom(1).integer(5, 5)).toThrow(
      'integer(lo, hi): hi must be greater than lo (hi is exclusive), got lo=5, hi=5',
    );
  });
});
