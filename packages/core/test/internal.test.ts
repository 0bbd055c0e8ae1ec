// @deltagrad/core/internal: how deltagrad's own packages read and make tensors without exposing
// them to the in-place guard, which keeps checking whatever user code can reach.
import { DeltagradError, Tensor, tensor } from '@deltagrad/core';
import { isExposed, peekValues, tensorOver } from '@deltagrad/core/internal';
import { describe, expect, it } from 'vitest';

describe('the internal entry', () => {
  it('peekValues reads the values without exposing them; .data exposes', () => {
    const w = tensor([1, 2, 3]).mul(2);
    expect(Array.from(peekValues(w))).toEqual([2, 4, 6]);
    expect(isExposed(w)).toBe(false);
    void w.data;
    expect(isExposed(w)).toBe(true);
  });

  it('tensorOver makes an unexposed tensor over the array; new Tensor over an array is exposed', () => {
    expect(isExposed(tensorOver(Float64Array.of(1, 2), [2], true))).toBe(false);
    expect(isExposed(new Tensor(Float64Array.of(1, 2), [2], true))).toBe(true);
  });

  it('a write through .data of a tensorOver leaf between forward and backward is still caught', () => {
    const w = tensorOver(Float64Array.of(1, 2), [2], true);
    const loss = w.square().sum();
    w.data[0] = 5;
    expect(() => loss.backward()).toThrow(DeltagradError);
  });

  it('reading with peekValues between forward and backward changes nothing (no checksum, same gradient)', () => {
    const w = tensorOver(Float64Array.of(1, 2), [2], true);
    const loss = w.square().sum();
    expect(Array.from(peekValues(w))).toEqual([1, 2]);
    loss.backward();
    expect(w.grad?.toArray()).toEqual([2, 4]);
    expect(isExposed(w)).toBe(false);
  });
});

describe('tensorOver checks what it is given', () => {
  it('refuses an array whose length does not fit the shape', () => {
    expect(() => tensorOver(new Float64Array(3), [2, 2])).toThrow(
      /tensorOver: shape \[2, 2\] needs 4 values/,
    );
  });
});
