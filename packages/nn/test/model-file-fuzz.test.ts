/**
 * The loaders' contract under hostile input (model files and safetensors files): every call
 * returns a model or throws an NnError — never another error type (TypeError, RangeError, a
 * stack overflow), never a hang (the test timeout would catch one). Inputs are random JSON,
 * random text and bytes, and valid files mutated at random places, with a fixed fast-check seed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam,
  BatchNorm1d,
  Dropout,
  decodeSafetensors,
  fit,
  fromSafetensors,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type ModelJSON,
  NnError,
  parseModel,
  restoreModel,
  Sequential,
  Sigmoid,
  Softmax,
  stringifyModel,
  Tanh,
  toModelJSON,
  toSafetensors,
  xor,
  zerosInit,
} from '@deltagrad/nn';
import { loadModel, loadSafetensors } from '@deltagrad/nn/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SEED = 20_241_130;

/** Runs `load`; passes if it returns a value or throws an NnError, fails on any other throw. */
function returnsOrThrowsNnError(load: () => unknown): boolean {
  try {
    expect(load()).toBeDefined();
  } catch (error) {
    if (error instanceof NnError) return true;
    throw error;
  }
  return true;
}

/** A model file using every built-in layer type (so buffers too), an optimizer state and metadata. */
function validModel(): ModelJSON {
  const model = new Sequential(
    new Sequential(new Linear(2, 3), new LeakyReLU(0.2)),
    new LayerNorm(3),
    new Linear(3, 2, { bias: false }),
    new BatchNorm1d(2, { momentum: null }),
    new Dropout(0.1),
    new Tanh(),
    new Linear(2, 2, { init: zerosInit() }),
    new Softmax(-1),
    new LogSoftmax(1),
    new Linear(2, 1),
    new Sigmoid(),
  );
  const optimizer = new Adam(model, { lr: 0.01, amsgrad: true });
  fit(model, { x: xor().x, y: xor().y }, { loss: 'halfSSE', optimizer, epochs: 3 });
  return toModelJSON(model, optimizer, { epochs: 3, tags: ['a', { b: [1, 2] }] });
}

const VALID = validModel();
const VALID_TEXT = stringifyModel(VALID);

/** Every path (keys and indices) into `value`, parents before children. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}
const PATHS = pathsOf(VALID).slice(1);

type Mutation =
  | { kind: 'replace'; path: number; value: unknown }
  | { kind: 'delete'; path: number }
  | { kind: 'wrap'; path: number };

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1, 2 ** 53, -0, 1e308, 0.5, '', 'Linear', 'Sequential', null, true, [], {}),
  fc.constantFrom([1e9, 1e9], [2, -1], [0], [2 ** 31, 2 ** 31], { type: 'Sequential', layers: [] }),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), path: fc.nat(PATHS.length - 1), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.nat(PATHS.length - 1) }),
  fc.record({ kind: fc.constant('wrap' as const), path: fc.nat(PATHS.length - 1) }),
);

function mutate(base: ModelJSON, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(base) as unknown as Record<string | number, unknown>;
  for (const m of mutations) {
    const path = PATHS[m.path]!;
    let parent: Record<string | number, unknown> | undefined = root;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent =
        next !== null && typeof next === 'object' ? (next as Record<string | number, unknown>) : undefined;
    }
    if (parent === undefined) continue;
    const key = path.at(-1)!;
    if (m.kind === 'replace') parent[key] = structuredClone(m.value);
    else if (m.kind === 'delete') delete parent[key];
    else parent[key] = [parent[key]];
  }
  return root;
}

/** Text edits: cut a range, insert text, or overwrite one character. */
const textEditArb = fc.record({
  at: fc.nat(VALID_TEXT.length),
  cut: fc.nat(40),
  insert: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('[', ']', '{', '}', ',', '"', '1e999', '-', 'null', '\uFEFF', '\u0000'),
  ),
});

describe('model file loader fuzz (fast-check, fixed seed)', () => {
  it('random JSON values: a model or an NnError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        returnsOrThrowsNnError(() => restoreModel(value));
        return returnsOrThrowsNnError(() => parseModel(JSON.stringify(value) ?? 'null'));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('random text: a model or an NnError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => returnsOrThrowsNnError(() => parseModel(text))),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('valid files with fields replaced, deleted or wrapped at random: a model or an NnError', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const value = mutate(VALID, mutations);
        returnsOrThrowsNnError(() => restoreModel(value));
        return returnsOrThrowsNnError(() => restoreModel(parseModel(JSON.stringify(value))));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('valid file text cut, spliced and overwritten at random: a model or an NnError', () => {
    fc.assert(
      fc.property(fc.array(textEditArb, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = VALID_TEXT;
        for (const { at, cut, insert } of edits) {
          const i = Math.min(at, text.length);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        return returnsOrThrowsNnError(() => restoreModel(parseModel(text)));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('hostile shapes: deep nesting, huge sizes, long arrays', () => {
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepLayers = (n: number) => {
      let layers: unknown = [{ type: 'Tanh' }];
      for (let i = 0; i < n; i++) layers = [{ type: 'Sequential', layers }];
      return layers;
    };
    const cases: unknown[] = [
      { ...VALID, architecture: deepLayers(10_000) },
      { ...VALID, metadata: JSON.parse(`{"a": ${deepArray}}`) },
      { ...VALID, architecture: [{ type: 'Linear', inFeatures: 1e9, outFeatures: 1e9, bias: true }] },
      { ...VALID, architecture: [{ type: 'Linear', inFeatures: 2 ** 53, outFeatures: 2, bias: true }] },
      { ...VALID, parameters: { '0.0.W': { shape: new Array(100_000).fill(1), data: [1] } } },
      { ...VALID, architecture: Array.from({ length: 50_000 }, () => ({ type: 'Conv2d' })) },
    ];
    for (const value of cases) {
      expect(returnsOrThrowsNnError(() => restoreModel(value))).toBe(true);
    }
    expect(returnsOrThrowsNnError(() => parseModel(deepArray))).toBe(true);
  });

  it('files on disk, mutated bytes: loadModel gives a model or an NnError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deltagrad-fuzz-'));
    try {
      const bytes = Buffer.from(VALID_TEXT, 'utf8');
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ at: fc.nat(bytes.length - 1), byte: fc.nat(255) }), {
            minLength: 1,
            maxLength: 6,
          }),
          async (edits) => {
            const copy = Buffer.from(bytes);
            for (const { at, byte } of edits) copy[at] = byte;
            const path = join(dir, 'm.json');
            await writeFile(path, copy);
            try {
              expect((await loadModel(path)).model).toBeInstanceOf(Sequential);
            } catch (error) {
              if (!(error instanceof NnError)) throw error;
            }
          },
        ),
        { seed: SEED, numRuns: 200 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('safetensors reader fuzz (fast-check, fixed seed)', () => {
  const model = restoreModel(VALID).model;
  const files = {
    deltagrad: toSafetensors(model, { metadata: { note: 'fuzz' } }),
    pytorch: toSafetensors(model, { layout: 'pytorch', dtype: 'float32' }),
  };
  /** decodeSafetensors, then loading into the model: each returns or throws an NnError. */
  const readBoth = (bytes: Uint8Array, layout: 'deltagrad' | 'pytorch') => {
    returnsOrThrowsNnError(() => decodeSafetensors(bytes));
    return returnsOrThrowsNnError(() => fromSafetensors(restoreModel(VALID).model, bytes, { layout }));
  };

  it('random bytes: tensors or an NnError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => readBoth(bytes, 'deltagrad')),
      { seed: SEED, numRuns: 400 },
    );
  });

  for (const [layout, file] of Object.entries(files) as ['deltagrad' | 'pytorch', Uint8Array][]) {
    it(`a valid ${layout} file with bytes overwritten, cut or extended at random: a model or an NnError`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ at: fc.nat(file.length - 1), byte: fc.nat(255) }), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.integer({ min: -16, max: 16 }),
          (edits, resize) => {
            const copy = new Uint8Array(Math.max(0, file.length + resize));
            copy.set(file.subarray(0, copy.length));
            for (const { at, byte } of edits) if (at < copy.length) copy[at] = byte;
            return readBoth(copy, layout);
          },
        ),
        { seed: SEED, numRuns: 1500 },
      );
    });
  }

  it('header fields replaced by hostile values: a model or an NnError', () => {
    const header = JSON.parse(
      new TextDecoder().decode(
        files.deltagrad.subarray(8, 8 + Number(new DataView(files.deltagrad.buffer).getBigUint64(0, true))),
      ),
    );
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom('dtype', 'shape', 'data_offsets'),
        hostileValue,
        (name, field, value) => {
          const mutated = structuredClone(header);
          mutated[name][field] = value;
          const json = new TextEncoder().encode(JSON.stringify(mutated));
          const data = files.deltagrad.subarray(
            8 + Number(new DataView(files.deltagrad.buffer).getBigUint64(0, true)),
          );
          const bytes = new Uint8Array(8 + json.length + data.length);
          new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
          bytes.set(json, 8);
          bytes.set(data, 8 + json.length);
          return readBoth(bytes, 'deltagrad');
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('files on disk: loadSafetensors gives a model or an NnError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deltagrad-fuzz-st-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ at: fc.nat(files.pytorch.length - 1), byte: fc.nat(255) }), {
            minLength: 1,
            maxLength: 4,
          }),
          async (edits) => {
            const copy = Uint8Array.from(files.pytorch);
            for (const { at, byte } of edits) copy[at] = byte;
            const path = join(dir, 'm.safetensors');
            await writeFile(path, copy);
            try {
              await loadSafetensors(path, restoreModel(VALID).model, { layout: 'pytorch' });
            } catch (error) {
              if (!(error instanceof NnError)) throw error;
            }
          },
        ),
        { seed: SEED, numRuns: 100 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
