import { describe, expect, it } from 'vitest';
import { numpyRandom } from '@deltagrad/random';

describe('numpy compat smoke', () => {
  it('randn seed 42', () => {
    const r = numpyRandom(42);
    expect([r.normal(), r.normal(), r.normal(), r.normal()]).toEqual([
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254,
    ]);
  });
});
