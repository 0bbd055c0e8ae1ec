/**
 * safetensors files: round trips in both layouts, both directions with PyTorch (fixtures in
 * fixtures/safetensors/, made by generate_deltagrad_fixture.mjs and generate_pytorch_fixture.py),
 * and typed refusals of malformed files.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, tensor } from '@deltagrad/core';
import {
  BatchNorm1d,
  decodeSafetensors,
  encodeSafetensors,
  fromSafetensors,
  Linear,
  Module,
  mlp,
  NnError,
  predict,
  Sequential,
  Tanh,
  toSafetensors,
} from '@deltagrad/nn';
import { loadSafetensors, saveSafetensors } from '@deltagrad/nn/node';
import { describe, expect, it } from 'vitest';
import { architecture, deltagradModel, INPUTS } from './fixtures/safetensors/model.mjs';

const fixture = (name: string) => new URL(`./fixtures/safetensors/${name}`, import.meta.url);
const values = (m: Module) =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.toArray()]));

/** A file from a header object and raw data bytes (the length prefix computed). */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function thrown(fn: () => unknown): NnError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NnError) return error;
    throw error;
  }
  throw new Error('expected an NnError');
}

describe('safetensors with PyTorch (fixtures)', () => {
  it('deltagrad → PyTorch: toSafetensors still writes the file the PyTorch script loaded and checked', async () => {
    const committed = new Uint8Array(await readFile(fixture('deltagrad-model.safetensors')));
    expect(toSafetensors(deltagradModel(), { layout: 'pytorch' })).toEqual(committed);
    const recorded = JSON.parse(await readFile(fixture('deltagrad-outputs.json'), 'utf8'));
    expect(predict(deltagradModel(), tensor(INPUTS)).toNested()).toEqual(recorded.outputs);
    // What the file holds, in PyTorch's names and layout.
    const { tensors, dtypes } = decodeSafetensors(committed);
    expect(Object.keys(tensors)).toContain('1.num_batches_tracked');
    expect(dtypes['1.num_batches_tracked']).toBe('I64');
    expect(tensors['0.weight']!.shape).toEqual([8, 4]);
    expect(tensors['0.bias']!.shape).toEqual([8]);
  });

  it('PyTorch → deltagrad: a file written by PyTorch loads into the same network and gives its outputs', async () => {
    const bytes = new Uint8Array(await readFile(fixture('pytorch-model.safetensors')));
    const recorded: { outputs: number[][] } = JSON.parse(
      await readFile(fixture('pytorch-outputs.json'), 'utf8'),
    );
    const model = architecture();
    fromSafetensors(model, bytes, { layout: 'pytorch' });
    expect(decodeSafetensors(bytes).dtypes['0.weight']).toBe('F32');
    expect(model.stateDict()['1.batchesTracked']!.item()).toBe(3);
    const outputs = predict(model, tensor(INPUTS)).toNested() as number[][];
    let maxDiff = 0;
    outputs.forEach((row, i) => {
      row.forEach((v, j) => {
        maxDiff = Math.max(maxDiff, Math.abs(v - recorded.outputs[i]![j]!));
      });
    });
    // Same float32 weights read as doubles, float64 arithmetic on both sides; only the summation order differs.
    expect(maxDiff).toBeLessThanOrEqual(1e-14);
  });

  it('a PyTorch file in the deltagrad layout is refused with a hint', async () => {
    const bytes = new Uint8Array(await readFile(fixture('pytorch-model.safetensors')));
    const e = thrown(() => fromSafetensors(architecture(), bytes));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/has tensors the module does not \(.*'0.weight'/);
    expect(e.message).toMatch(/pass \{ layout: 'pytorch' \}/);
  });
});

describe('safetensors round trips', () => {
  const model = () => {
    const m = new Sequential(
      mlp({ sizes: [3, 5, 2], activations: ['tanh', 'identity'], seed: 3 }),
      new BatchNorm1d(2),
    );
    m.train().forward(
      tensor([
        [1, 2, 3],
        [-1, 0.5, 2],
        [0, 0, 1],
      ]),
    );
    return m;
  };

  it('deltagrad layout, float64: every parameter and buffer exactly, names as stateDict', () => {
    const a = model();
    const bytes = toSafetensors(a, { metadata: { epoch: '3' } });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(a.stateDict()).sort());
    expect(metadata).toEqual({ epoch: '3' });
    const b = new Sequential(
      mlp({ sizes: [3, 5, 2], activations: ['tanh', 'identity'], seed: 9 }),
      new BatchNorm1d(2),
    );
    expect(fromSafetensors(b, bytes).metadata).toEqual({ epoch: '3' });
    expect(values(b)).toEqual(values(a));
    // The header is padded to 8 bytes, so every F64 value is aligned.
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
  });

  it('pytorch layout round-trips exactly; float32 rounds each value to the nearest float32', () => {
    const a = model();
    const b = model();
    b.loadStateDict(Object.fromEntries(Object.entries(b.stateDict()).map(([k, t]) => [k, t.mul(0)])));
    fromSafetensors(b, toSafetensors(a, { layout: 'pytorch' }), { layout: 'pytorch' });
    expect(values(b)).toEqual(values(a));
    fromSafetensors(b, toSafetensors(a, { dtype: 'float32' }));
    expect(b.stateDict()['0.0.W']!.toArray()).toEqual(a.stateDict()['0.0.W']!.toArray().map(Math.fround));
  });

  it('any module: field names are kept, registered layers inside are mapped', () => {
    class Net extends Module {
      fc1 = new Linear(2, 3);
      fc2 = new Linear(3, 1, { bias: false });
      forward(x: Tensor): Tensor {
        return this.fc2.forward(this.fc1.forward(x).tanh());
      }
    }
    const names = Object.keys(decodeSafetensors(toSafetensors(new Net(), { layout: 'pytorch' })).tensors);
    expect(names).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
  });

  it('saves and loads files atomically from @deltagrad/nn/node', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deltagrad-st-'));
    try {
      const a = model();
      const path = join(dir, 'm.safetensors');
      await saveSafetensors(path, a, { layout: 'pytorch' });
      const b = model();
      b.loadStateDict(Object.fromEntries(Object.entries(b.stateDict()).map(([k, t]) => [k, t.mul(0)])));
      await loadSafetensors(path, b, { layout: 'pytorch' });
      expect(values(b)).toEqual(values(a));
      await expect(loadSafetensors(path, b, { maxBytes: 10 })).rejects.toThrow(/more than the limit of 10/);
      await writeFile(path, new Uint8Array([1, 2, 3]));
      await expect(loadSafetensors(path, b)).rejects.toThrow(/invalid safetensors file .*fewer than the 8/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed safetensors files are refused with typed errors', () => {
  const f64 = (...xs: number[]) => new Uint8Array(Float64Array.from(xs).buffer);
  const entry = (shape: number[], begin: number, end: number, dtype = 'F64') => ({
    dtype,
    shape,
    data_offsets: [begin, end],
  });
  const cases: [string, Uint8Array, RegExp][] = [
    ['fewer than 8 bytes', new Uint8Array(5), /the file has 5 bytes, fewer than the 8/],
    [
      'header length beyond the file',
      rawFile({}, new Uint8Array(0), 1000n),
      /header length 1000 is beyond the file/,
    ],
    ['header length of 2^64 − 1', rawFile({}, new Uint8Array(0), 2n ** 64n - 1n), /is beyond the file/],
    ['header not JSON', rawFile('{"a": ', new Uint8Array(0)), /safetensors header is not valid JSON/],
    ['header not an object', rawFile('[1, 2]'), /must be a JSON object starting with '\{'/],
    ['unknown dtype', rawFile({ a: entry([1], 0, 8, 'F128') }, f64(1)), /tensor 'a': unknown dtype "F128"/],
    [
      'F8 dtype',
      rawFile({ a: entry([8], 0, 8, 'F8_E4M3') }, f64(1)),
      /tensor 'a': unsupported dtype "F8_E4M3"/,
    ],
    [
      'negative dimension',
      rawFile({ a: entry([-1], 0, 8) }, f64(1)),
      /shape must be an array of non-negative integers, got/,
    ],
    [
      'fractional dimension',
      rawFile({ a: entry([1.5], 0, 8) }, f64(1)),
      /shape must be an array of non-negative integers/,
    ],
    [
      'infinite dimension',
      rawFile('{"a":{"dtype":"F64","shape":[1e400],"data_offsets":[0,8]}}', f64(1)),
      /non-negative integers/,
    ],
    [
      'shape overflowing',
      rawFile({ a: entry([2 ** 40, 2 ** 40], 0, 8) }, f64(1)),
      /more elements than can be counted/,
    ],
    [
      'offsets out of range',
      rawFile({ a: entry([2], 0, 16) }, f64(1)),
      /data_offsets \[0, 16\] are outside the 8 data bytes/,
    ],
    ['offsets reversed', rawFile({ a: entry([1], 8, 0) }, f64(1)), /are outside the 8 data bytes/],
    [
      'offsets not matching the shape',
      rawFile({ a: entry([2], 0, 8) }, f64(1)),
      /hold 8 bytes, but F64 \[2\] needs 16/,
    ],
    [
      'overlapping offsets',
      rawFile({ a: entry([1], 0, 8), b: entry([1], 0, 8) }, f64(1)),
      /overlap another tensor's/,
    ],
    ['a gap between tensors', rawFile({ a: entry([1], 8, 16) }, f64(1, 2)), /leaving bytes 0–8 unused/],
    [
      'bytes after the last tensor',
      rawFile({ a: entry([1], 0, 8) }, f64(1, 2)),
      /use 8 of the 16 data bytes/,
    ],
    [
      'offsets that are not integers',
      rawFile({ a: { dtype: 'F64', shape: [1], data_offsets: [0, '8'] } }, f64(1)),
      /data_offsets must be \[begin, end\]/,
    ],
    ['an unknown field', rawFile({ a: { ...entry([1], 0, 8), extra: 1 } }, f64(1)), /unknown field "extra"/],
    ['metadata not strings', rawFile({ __metadata__: { a: 1 } }), /__metadata__.a must be a string/],
    [
      'a forbidden key',
      rawFile('{"__proto__": {"dtype":"F64","shape":[],"data_offsets":[0,8]}}', f64(1)),
      /forbidden key "__proto__"/,
    ],
    [
      'an I64 beyond 2^53',
      rawFile({ a: entry([1], 0, 8, 'I64') }, new Uint8Array(BigInt64Array.of(2n ** 60n).buffer)),
      /beyond 2\^53/,
    ],
    [
      'a header that is not UTF-8',
      rawFile('{}', new Uint8Array(0)).map((b, i) => (i === 9 ? 0xff : b)),
      /not valid UTF-8|not a JSON object|not valid JSON/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const e = thrown(() => decodeSafetensors(bytes));
      expect(e.code).toBe('MODEL_FORMAT');
      expect(e.message).toMatch(message);
    });
  }

  it('a file of the wrong shapes or with NaN leaves the module as it was', () => {
    const layer = new Linear(2, 2);
    const before = values(layer);
    const wrong = encodeSafetensors([
      { name: 'W', tensor: new Tensor(new Float64Array(6), [3, 2]), dtype: 'F64' },
      { name: 'b', tensor: new Tensor(new Float64Array(2), [1, 2]), dtype: 'F64' },
    ]);
    expect(thrown(() => fromSafetensors(layer, wrong)).message).toMatch(
      /'W' has shape \[3, 2\], expected \[2, 2\]/,
    );
    const nan = encodeSafetensors([
      { name: 'W', tensor: new Tensor(Float64Array.of(0, 0, Number.NaN, 0), [2, 2]), dtype: 'F64' },
      { name: 'b', tensor: new Tensor(new Float64Array(2), [1, 2]), dtype: 'F64' },
    ]);
    expect(thrown(() => fromSafetensors(layer, nan)).code).toBe('NON_FINITE');
    expect(values(layer)).toEqual(before);
    const torchWeight = encodeSafetensors([
      { name: 'weight', tensor: new Tensor(new Float64Array(6), [2, 3]), dtype: 'F64' },
    ]);
    expect(
      thrown(() => fromSafetensors(new Linear(2, 3, { bias: false }), torchWeight, { layout: 'pytorch' }))
        .message,
    ).toMatch(
      /'weight' has shape \[2, 3\], expected \[3, 2\] \(Linear\(2 → 3, no bias\), stored out×in as PyTorch does\)/,
    );
    expect(() => toSafetensors(new Tanh(), { dtype: 'float16' as never })).toThrow(
      /option dtype must be one of 'float64', 'float32'/,
    );
  });
});
