import {
  formatEpochLine,
  formatFixed,
  formatNumpyRounded,
  fromRows,
  ManualError,
  matrix,
  numpyRound,
  toRows,
} from '@deltagrad/manual';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixture';

describe('formatFixed: Python’s f"{x:.Nf}"', () => {
  it(`matches Python ${fixture.python} on the fixture’s cases, exact ties included`, () => {
    for (const [x, want] of fixture.format.fixed4) expect(formatFixed(x, 4), String(x)).toBe(want);
  });

  it('rounds exact ties to even where toFixed rounds them up', () => {
    expect((0.03125).toFixed(4)).toBe('0.0313');
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(-0.03125, 4)).toBe('-0.0312');
  });

  it('signs, zeros and non-finite values as Python prints them', () => {
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixed(-0.00001, 4)).toBe('-0.0000');
    expect(formatFixed(Number.NaN, 4)).toBe('nan');
    expect(formatFixed(Number.NEGATIVE_INFINITY, 4)).toBe('-inf');
  });

  it('formatEpochLine is the seed’s progress line', () => {
    expect(formatEpochLine(9000, 0.12884986)).toBe('Epoch 9000, Loss: 0.1288');
  });

  it('rejects bad digits and huge values', () => {
    expect(() => formatFixed(1, 21)).toThrow(
      new ManualError('INVALID_OPTION', 'formatFixed: digits must be an integer in [0, 20], got 21'),
    );
    expect(() => formatFixed(1e21, 2)).toThrow(ManualError);
  });
});

describe('numpyRound and formatNumpyRounded: print(a.round(d))', () => {
  it('rounds like np.round: rint(x·10^d)/10^d, ties to even', () => {
    expect(toRows(numpyRound(fromRows([[0.0005], [0.0015], [2.5], [-0.0001]]), 3))).toEqual([
      [0],
      [0.002],
      [2.5],
      [-0],
    ]);
    expect(Object.is(numpyRound(fromRows([[-0.0001]]), 3).data[0], -0)).toBe(true);
    expect(toRows(numpyRound(fromRows([[0.5, 1.5, 2.5, -0.5]]), 0))).toEqual([[0, 2, 2, -0]]);
  });

  it(`matches NumPy ${fixture.numpy} at 3 decimals`, () => {
    for (const [rows, want] of fixture.format.round3)
      expect(formatNumpyRounded(fromRows(rows), 3)).toBe(want);
  });

  it('matches NumPy at 0 to 4 decimals', () => {
    for (const [decimals, rows, want] of fixture.format.roundN) {
      expect(formatNumpyRounded(fromRows(rows), decimals)).toBe(want);
    }
  });

  it('pads nan and inf as NumPy does', () => {
    expect(formatNumpyRounded(fromRows([[Number.NaN], [0.5]]), 3)).toBe('[[nan]\n [0.5]]');
    expect(formatNumpyRounded(fromRows([[Number.POSITIVE_INFINITY], [-0.125]]), 3)).toBe(
      '[[   inf]\n [-0.125]]',
    );
  });

  it('refuses what NumPy would print differently (scientific, wrapped, summarised)', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ManualError).code;
      }
      return 'none';
    };
    expect(code(() => formatNumpyRounded(fromRows([[0.001], [1.5]]), 3))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => formatNumpyRounded(fromRows([[1e9]]), 0))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => formatNumpyRounded(matrix(1, 30), 3))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => formatNumpyRounded(matrix(1001, 1), 3))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => formatNumpyRounded(matrix(1, 1), 9))).toBe('INVALID_OPTION');
  });
});
