import { tensor } from '@deltagrad/core';
import {
  Adam,
  fit,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type ModelJSON,
  mlp,
  modelFromJSON,
  NnError,
  parseModel,
  RMSprop,
  restoreModel,
  Sequential,
  SGD,
  Sigmoid,
  Softmax,
  stringifyModel,
  Tanh,
  toModelJSON,
  validateModelJSON,
  xor,
  zerosInit,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

function trained() {
  const model = mlp({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], seed: 11 });
  const optimizer = new Adam(model, { lr: 0.05, amsgrad: true });
  fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 25 });
  return { model, optimizer };
}

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}: ${message}`).toBeInstanceOf(NnError);
  expect((error as NnError).code).toBe(code);
  expect((error as NnError).message).toMatch(message);
}

describe('model files', () => {
  it('round trip is exact: architecture, parameters (bit for bit), optimizer state', () => {
    const { model, optimizer } = trained();
    const text = stringifyModel(toModelJSON(model, optimizer, { epochs: 25 }));
    const { model: back, optimizer: opt } = restoreModel(parseModel(text));
    expect(back.toString()).toBe(model.toString());
    const a = model.stateDict();
    const b = back.stateDict();
    for (const name of Object.keys(a)) {
      const x = a[name]!.data;
      const y = b[name]!.data;
      expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength)).toEqual(
        Buffer.from(x.buffer, x.byteOffset, x.byteLength),
      );
    }
    expect(opt?.state()).toEqual(optimizer.state());
    // Continuing from the file gives the same numbers as continuing in memory.
    fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 10 });
    fit(back, xor(), { loss: 'halfSSE', optimizer: opt!, epochs: 10 });
    expect(back.stateDict()['0.W']!.toArray()).toEqual(model.stateDict()['0.W']!.toArray());
    expect(JSON.parse(text).metadata).toEqual({ epochs: 25 });
  });

  it('keeps −0, extreme and subnormal values exactly', () => {
    const layer = new Linear(2, 2);
    const values = [-0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2];
    layer.W.value = tensor([values.slice(0, 2), values.slice(2)]);
    const back = modelFromJSON(parseModel(stringifyModel(toModelJSON(new Sequential(layer)))));
    const got = back.stateDict()['0.W']!.toArray();
    got.forEach((v, i) => {
      expect(Object.is(v, values[i])).toBe(true);
    });
  });

  it('every built-in layer round-trips, nested Sequential included', () => {
    const model = new Sequential(
      new Sequential(new Linear(3, 4), new LeakyReLU(0.2)),
      new Linear(4, 2, { bias: false }),
      new Tanh(),
      new Softmax(-1),
      new LogSoftmax(1),
    );
    const back = modelFromJSON(JSON.parse(JSON.stringify(toModelJSON(model))));
    expect(back.toString()).toBe(model.toString());
    expect(back.namedParameters().map(([n]) => n)).toEqual(['0.0.W', '0.0.b', '1.W']);
  });

  it('SGD and RMSprop states round-trip too, including an lr annealed to 0', () => {
    for (const make of [
      (m: Sequential) => new SGD(m, { lr: 0.1, momentum: 0.9 }),
      (m: Sequential) => new RMSprop(m, { centered: true, momentum: 0.5 }),
    ]) {
      const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid' });
      const opt = make(model);
      fit(model, xor(), { loss: 'halfSSE', optimizer: opt, epochs: 3 });
      opt.lr = 0;
      const back = restoreModel(JSON.parse(stringifyModel(toModelJSON(model, opt))));
      expect(back.optimizer?.state()).toEqual(opt.state());
    }
  });

  it('refuses to write what it could not read back', () => {
    const model = mlp({ sizes: [2, 1], activations: 'sigmoid' });
    model.parameters()[0]!.value = tensor([[1], [Number.NaN]]);
    expectError(() => toModelJSON(model), 'NON_FINITE', /parameter '0.W' has NaN at flat index 1/);
    class Custom extends Tanh {
      override describe(): never {
        throw new NnError('UNKNOWN_LAYER', 'Custom cannot be described');
      }
    }
    expectError(() => toModelJSON(new Sequential(new Custom())), 'UNKNOWN_LAYER', /Custom/);
    expectError(() => toModelJSON(new Linear(2, 1) as never), 'INVALID_OPTION', /must be a Sequential/);
    const other = mlp({ sizes: [2, 1], activations: 'sigmoid' });
    expectError(
      () => toModelJSON(mlp({ sizes: [2, 1], activations: 'sigmoid' }), new SGD(other, { lr: 1 })),
      'INVALID_OPTION',
      /optimizer must be over exactly the model's parameters/,
    );
  });

  describe('loading rejects bad input with typed errors that say what is wrong', () => {
    const good = (): ModelJSON => {
      const { model, optimizer } = trained();
      return JSON.parse(JSON.stringify(toModelJSON(model, optimizer)));
    };

    it('truncated text', () => {
      const text = stringifyModel(good());
      for (const cut of [1, 10, Math.floor(text.length / 2), text.length - 3]) {
        expectError(
          () => parseModel(text.slice(0, cut)),
          'MODEL_FORMAT',
          /model file is not valid JSON \(truncated or corrupted\?\)/,
        );
      }
      expectError(() => parseModel(''), 'MODEL_FORMAT', /not valid JSON/);
    });

    it('wrong or newer format version, wrong format name', () => {
      expectError(
        () => validateModelJSON({ ...good(), version: 2 }),
        'NEWER_FORMAT',
        /format version 2 is newer than this library supports \(1\)/,
      );
      expectError(
        () => validateModelJSON({ ...good(), version: 0 }),
        'MODEL_FORMAT',
        /version: expected an integer >= 1, got 0/,
      );
      expectError(
        () => validateModelJSON({ ...good(), version: '1' }),
        'MODEL_FORMAT',
        /version: expected an integer >= 1, got "1"/,
      );
      expectError(
        () => validateModelJSON({ ...good(), format: 'keras' }),
        'MODEL_FORMAT',
        /format: expected "deltagrad-model", got "keras"/,
      );
      expectError(() => validateModelJSON(null), 'MODEL_FORMAT', /model: expected an object, got null/);
      expectError(() => validateModelJSON([]), 'MODEL_FORMAT', /expected an object/);
    });

    it('unknown layers and inconsistent architectures', () => {
      const j = good();
      (j.architecture as unknown[])[1] = { type: 'Conv2d', kernel: 3 };
      expectError(() => validateModelJSON(j), 'UNKNOWN_LAYER', /unknown layer 'Conv2d' at architecture\[1\]/);
      const k = good();
      (k.architecture[0] as { inFeatures: number }).inFeatures = 0;
      expectError(
        () => validateModelJSON(k),
        'MODEL_FORMAT',
        /architecture\[0\].inFeatures: expected an integer >= 1, got 0/,
      );
      const l = good();
      (l.architecture[2] as { inFeatures: number }).inFeatures = 5;
      expectError(
        () => validateModelJSON(l),
        'SHAPE_MISMATCH',
        /architecture\[2\]: Linear takes 5 inputs but the layers before it give 3/,
      );
      const m = good();
      (m.architecture[1] as unknown as Record<string, unknown>).extra = true;
      expectError(
        () => validateModelJSON(m),
        'MODEL_FORMAT',
        /architecture\[1\]: unknown field "extra" for Tanh/,
      );
      let deep: unknown = { type: 'Tanh' };
      for (let i = 0; i < 100; i++) deep = { type: 'Sequential', layers: [deep] };
      expectError(
        () => validateModelJSON({ ...good(), architecture: [deep], parameters: {}, optimizer: undefined }),
        'MODEL_FORMAT',
        /nested more than 32 deep/,
      );
    });

    it('tampered parameters: shape, length, values, names', () => {
      const a = good();
      a.parameters['0.W']!.shape = [2, 4];
      expectError(
        () => validateModelJSON(a),
        'SHAPE_MISMATCH',
        /parameter '0.W' has shape \[2, 4\], expected \[2, 3\]/,
      );
      const b = good();
      b.parameters['0.W']!.data.pop();
      expectError(
        () => validateModelJSON(b),
        'SHAPE_MISMATCH',
        /parameters\['0.W'\].data has 5 values, but shape \[2, 3\] needs 6/,
      );
      const c = good();
      (c.parameters['0.W']!.data as unknown[])[3] = null;
      expectError(
        () => validateModelJSON(c),
        'NON_FINITE',
        /non-finite value at parameters\['0.W'\].data\[3\]/,
      );
      const d = good();
      (d.parameters['2.b']!.data as unknown[])[0] = '0.5';
      expectError(
        () => validateModelJSON(d),
        'MODEL_FORMAT',
        /parameters\['2.b'\].data\[0\] is "0.5", expected a number/,
      );
      const e = good();
      delete (e.parameters as Record<string, unknown>)['2.b'];
      expectError(() => validateModelJSON(e), 'MODEL_FORMAT', /missing parameter '2.b'/);
      const f = good();
      f.parameters['9.W'] = { shape: [1], data: [1] };
      expectError(() => validateModelJSON(f), 'MODEL_FORMAT', /unexpected parameter '9.W'/);
      const text = stringifyModel(good()).replace(/"data": \[([-0-9.e]+),/, '"data": [1e999,');
      expectError(
        () => parseModel(text),
        'NON_FINITE',
        /non-finite value Infinity at parameters\['0.W'\].data\[0\]/,
      );
    });

    it('tampered optimizer state', () => {
      const a = good();
      a.optimizer!.params[1]!.buffers.expAvg = [1, 2];
      expectError(
        () => validateModelJSON(a),
        'SHAPE_MISMATCH',
        /optimizer.params\[1\].buffers.expAvg: has 2 values/,
      );
      const b = good();
      a.optimizer!.params.pop();
      expectError(
        () => validateModelJSON(a),
        'MODEL_FORMAT',
        /optimizer.params: has state for 3 parameters, the model has 4/,
      );
      b.optimizer!.options.lr = -1;
      expectError(
        () => validateModelJSON(b),
        'MODEL_FORMAT',
        /optimizer.options: Adam: option lr must be a finite number >= 0, got -1/,
      );
      const c = good();
      (c.optimizer as { type: string }).type = 'Lion';
      expectError(() => validateModelJSON(c), 'MODEL_FORMAT', /optimizer.type: unknown optimizer "Lion"/);
    });

    it('prototype-polluting input is rejected and pollutes nothing', () => {
      const text = stringifyModel(good());
      const attacks = [
        text.replace('"format"', '"__proto__": {"polluted": true}, "format"'),
        text.replace('"0.W": {', '"0.W": {"__proto__": {"polluted": true}, '),
        text.replace('"parameters": {', '"parameters": {"constructor": {"prototype": {"polluted": true}}, '),
        text.replace('"type": "Tanh"', '"type": "Tanh", "prototype": 1'),
      ];
      for (const attack of attacks) {
        expect(() => JSON.parse(attack)).not.toThrow();
        expectError(
          () => parseModel(attack),
          'MODEL_FORMAT',
          /forbidden key "(__proto__|constructor|prototype)"/,
        );
        expectError(() => restoreModel(JSON.parse(attack)), 'MODEL_FORMAT', /forbidden key/);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('a failed load builds nothing half-way: the error comes before any model exists', () => {
      const j = good();
      (j.parameters['2.W']!.data as unknown[])[0] = null;
      expect(() => restoreModel(j)).toThrow(NnError);
    });
  });
});

describe('model files: limits and strictness', () => {
  const small = () => toModelJSON(mlp({ sizes: [2, 1], activations: 'sigmoid', seed: 1 }));

  it('lr: null in saved optimizer options is refused, not defaulted', () => {
    const model = mlp({ sizes: [2, 1], activations: 'sigmoid', seed: 1 });
    const json = toModelJSON(model, new SGD(model, { lr: 0.5 }));
    (json.optimizer!.options as Record<string, unknown>).lr = null;
    expectError(
      () => validateModelJSON(json),
      'MODEL_FORMAT',
      /optimizer.options: SGD: option lr must be a finite number >= 0, got null/,
    );
    expectError(() => restoreModel(json), 'MODEL_FORMAT', /got null/);
    (json.optimizer!.options as Record<string, unknown>).lr = 0.5;
    (json.optimizer!.options as Record<string, unknown>).momentum = null;
    expectError(
      () => restoreModel(json),
      'MODEL_FORMAT',
      /option momentum must be a finite number >= 0, got null/,
    );
    expectError(
      () => new SGD(model, { lr: null as never }),
      'INVALID_OPTION',
      /option lr must be a finite number > 0, got null/,
    );
    expectError(() => new Adam(model, { eps: null as never }), 'INVALID_OPTION', /option eps .* got null/);
  });

  it('a UTF-8 byte order mark before the JSON is ignored (RFC 8259 allows it); the writer never writes one', () => {
    const text = stringifyModel(small());
    expect(text.charCodeAt(0)).toBe(0x7b);
    expect(parseModel(`\uFEFF${text}`)).toEqual(parseModel(text));
    expectError(() => parseModel(`\uFEFF\uFEFF${text}`), 'MODEL_FORMAT', /not valid JSON/);
  });

  it('metadata nested deeper than 256 levels is refused when saving and when loading', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = { a: deep };
    const model = mlp({ sizes: [2, 1], activations: 'sigmoid', seed: 1 });
    expectError(
      () => toModelJSON(model, undefined, { deep }),
      'MODEL_FORMAT',
      /metadata.*nested more than 256 deep/,
    );
    const text = stringifyModel(small()).replace(
      /\n}\n$/,
      `,\n"metadata": {"deep": ${'{"a": '.repeat(3000)}1${'}'.repeat(3000)}}\n}\n`,
    );
    expectError(() => parseModel(text), 'MODEL_FORMAT', /nested more than 256 deep/);
    // The file is level 1 and metadata level 2, so 254 nested objects in it reach level 256.
    const nest = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = { a: v };
      return v;
    };
    const back = parseModel(stringifyModel(toModelJSON(model, undefined, { ok: nest(254) })));
    expect(back.metadata).toEqual({ ok: nest(254) });
    expectError(
      () => toModelJSON(model, undefined, { ok: nest(255) }),
      'MODEL_FORMAT',
      /nested more than 256 deep/,
    );
  });

  it('model files with 1e5 layers save and load (no "Maximum call stack size exceeded")', () => {
    const layers = [
      new Linear(2, 1, { init: zerosInit() }),
      ...Array.from({ length: 100_000 }, () => new Tanh()),
    ];
    const model = new Sequential(layers);
    expect(model.length).toBe(100_001);
    const text = stringifyModel(toModelJSON(model));
    const back = modelFromJSON(parseModel(text));
    expect(back.length).toBe(100_001);
    expect(back.at(-1)).toBeInstanceOf(Tanh);
  });

  it('new Sequential takes an array, so 200,000 modules need no argument spreading', () => {
    const modules = Array.from({ length: 200_000 }, () => new Tanh());
    const model = new Sequential(modules);
    expect(model.length).toBe(200_000);
    modules.length = 0;
    expect(model.length).toBe(200_000);
    expect(new Sequential(new Tanh(), new Sigmoid()).length).toBe(2);
    expect(new Sequential([]).length).toBe(0);
    expectError(() => new Sequential([new Tanh(), 3 as never]), 'INVALID_OPTION', /layer 1 is not a Module/);
  });
});
