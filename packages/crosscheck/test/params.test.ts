import {
  entryOf,
  experimentEvents,
  fromManualParams,
  fromNamedRows,
  fromTable,
  initialParams,
  paramKeys,
  paramName,
  resolveConfig,
  shapeOf,
  toManualParams,
  toNamedRows,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

const config = resolveConfig({ layers: [2, 3, 2, 1], seed: 7 });
const set = initialParams(config);

describe('the parameter set', () => {
  it('keys every tensor by { layer, kind }, layers 1-based as in the equations', () => {
    const keys = paramKeys(3);
    expect(keys.map(paramName)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(keys[2]).toEqual({ layer: 2, kind: 'W' });
    expect(shapeOf(set, { layer: 2, kind: 'W' })).toEqual([3, 2]);
    expect(shapeOf(set, { layer: 3, kind: 'b' })).toEqual([1, 1]);
    expect(entryOf(set, { layer: 1, kind: 'W' })).toBe(set[0]!.W);
    expect(() => entryOf(set, { layer: 4, kind: 'W' })).toThrow(RangeError);
  });

  it('is viewed by @deltagrad/manual without copies, both ways', () => {
    const manual = toManualParams(set);
    expect(manual.W[1]!.data).toBe(set[1]!.W);
    expect([manual.W[1]!.rows, manual.W[1]!.cols]).toEqual([3, 2]);
    const back = fromManualParams(manual);
    expect(back[2]!.b).toBe(set[2]!.b);
    expect(back.map((p) => [p.inputs, p.outputs])).toEqual([
      [2, 3],
      [3, 2],
      [2, 1],
    ]);
  });

  it('goes to named rows and back exactly', () => {
    const named = toNamedRows(set);
    expect(Object.keys(named)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(named.W2).toHaveLength(3);
    const back = fromNamedRows(config.layers, named);
    back.forEach((p, l) => {
      expect(p.W).toEqual(set[l]!.W);
      expect(p.b).toEqual(set[l]!.b);
    });
    expect(() => fromNamedRows(config.layers, { ...named, W2: [[1]] })).toThrow(/W2 must be 3×2/);
  });

  it('reads a table by key, whatever the order of its rows', () => {
    const [first] = experimentEvents(config, { table: true });
    if (first?.type !== 'epoch' || first.params === null)
      throw new Error('expected an epoch event with a table');
    const shuffled = [...first.params].reverse();
    const back = fromTable(config.layers, shuffled);
    back.forEach((p, l) => {
      expect(p.W).toEqual(set[l]!.W);
    });
    expect(() => fromTable(config.layers, shuffled.slice(1))).toThrow(/the table has no b3/);
  });
});
