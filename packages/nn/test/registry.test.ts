import { noGrad, type Tensor, tensor } from '@deltagrad/core';
import {
  Adam,
  fit,
  LAYER_TYPES,
  Linear,
  Module,
  modelFromJSON,
  NnError,
  type Parameter,
  parseModel,
  parseState,
  registerLayer,
  restoreModel,
  restoreState,
  Sequential,
  Sigmoid,
  stringifyModel,
  stringifyState,
  Tanh,
  toModelJSON,
  toStateJSON,
  validateModelJSON,
  xor,
  zerosInit,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

function thrown(fn: () => unknown): NnError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NnError);
    return e as NnError;
  }
  throw new Error('expected an NnError');
}

/** A Linear whose output is doubled: the example of a subclass saved as its parent. */
class DoubledLinear extends Linear {
  override forward(x: Tensor): Tensor {
    return super.forward(x).mul(2);
  }
}

/** y = x·s for a learned scale s of shape [1, width]. */
class Scale extends Module {
  readonly s: Parameter;
  constructor(readonly width: number) {
    super();
    this.s = this.registerParameter('s', tensor([Array.from({ length: width }, (_, i) => i + 1)]));
  }
  forward(x: Tensor): Tensor {
    return x.mul(this.s.value);
  }
}

let builds = 0;
registerLayer({
  type: 'test.Scale',
  cls: Scale,
  fields: {
    width: { expected: 'an integer >= 1', test: (v) => Number.isSafeInteger(v) && (v as number) >= 1 },
  },
  config: (m) => ({ width: m.width }),
  build: (c) => {
    builds++;
    return new Scale(c.width);
  },
  parameters: (c) => [['s', [1, c.width]]],
  outputWidth: (c, width) => (width === null || width === c.width ? c.width : null),
});

describe('layer types are registered; saving refuses what it could not rebuild', () => {
  it('a subclass of a built-in layer is refused, naming the class (it used to reload as the plain layer)', () => {
    const layer = new DoubledLinear(2, 1, { init: zerosInit() });
    layer.loadStateDict({ W: [[0.3], [-0.2]], b: [[0.1]] });
    const e = thrown(() => toModelJSON(new Sequential(layer, new Sigmoid())));
    expect(e.code).toBe('UNKNOWN_LAYER');
    expect(e.message).toMatch(/DoubledLinear \(a subclass of Linear\) is not a registered layer type/);
    expect(e.message).toMatch(/registerLayer/);
    expect(e.message).toMatch(/toStateJSON/);
  });

  it('a registered subclass round-trips and computes the same after loading', () => {
    class HalvedLinear extends Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(x).mul(0.5);
      }
    }
    registerLayer({
      type: 'test.HalvedLinear',
      cls: HalvedLinear,
      config: (m) => ({ inFeatures: m.inFeatures, outFeatures: m.outFeatures }),
      build: (c) => new HalvedLinear(c.inFeatures, c.outFeatures),
      parameters: (c) => [
        ['W', [c.inFeatures, c.outFeatures]],
        ['b', [1, c.outFeatures]],
      ],
    });
    const layer = new HalvedLinear(2, 1, { init: zerosInit() });
    layer.loadStateDict({ W: [[0.3], [-0.2]], b: [[0.1]] });
    const model = new Sequential(layer, new Sigmoid());
    const back = modelFromJSON(parseModel(stringifyModel(toModelJSON(model))));
    expect(back.at(0)).toBeInstanceOf(HalvedLinear);
    const x = tensor([[1, 2]]);
    expect(noGrad(() => back.forward(x)).toArray()).toEqual(noGrad(() => model.forward(x)).toArray());
  });

  it('a custom registered layer saves, validates without being built, and loads', () => {
    const model = new Sequential(new Linear(2, 3, { init: zerosInit() }), new Scale(3), new Tanh());
    const json = toModelJSON(model);
    expect(json.architecture[1]).toEqual({ type: 'test.Scale', width: 3 });
    builds = 0;
    validateModelJSON(JSON.parse(JSON.stringify(json)));
    stringifyModel(json);
    expect(builds).toBe(0);
    const back = restoreModel(JSON.parse(stringifyModel(json))).model;
    expect(builds).toBe(1);
    expect(back.at(1)).toBeInstanceOf(Scale);
    expect(back.stateDict()['1.s']!.toArray()).toEqual([1, 2, 3]);
    const bad = JSON.parse(JSON.stringify(json));
    bad.architecture[1].width = 0;
    expect(thrown(() => validateModelJSON(bad)).message).toMatch(
      /architecture\[1\].width: expected an integer >= 1, got 0/,
    );
    expect(LAYER_TYPES).not.toContain('test.Scale');
  });

  it('a registered definition that disagrees with its layer is refused at save, not written', () => {
    class Shift extends Module {
      readonly t = this.registerParameter('t', tensor([[0]]));
      forward(x: Tensor): Tensor {
        return x.add(this.t.value);
      }
    }
    registerLayer({ type: 'test.Shift', cls: Shift, config: () => ({}), build: () => new Shift() });
    const e = thrown(() => toModelJSON(new Sequential(new Shift())));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/architecture\[0\] \(test.Shift\) has parameters t \[1, 1\]/);
  });

  it('a registered definition whose buffers disagree with its layer is refused at save', () => {
    class Tally extends Module {
      readonly seen = this.registerBuffer('seen', tensor(0));
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    registerLayer({ type: 'test.Tally', cls: Tally, config: () => ({}), build: () => new Tally() });
    const e = thrown(() => toModelJSON(new Sequential(new Tally())));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(
      /architecture\[0\] \(test.Tally\) has buffers seen \[\], but its registered definition declares none: its buffers\(\) must list them/,
    );
  });

  it('registration conflicts and malformed definitions are typed errors', () => {
    expect(
      thrown(() =>
        registerLayer({ type: 'Linear', cls: Scale, config: () => ({}), build: () => new Scale(1) }),
      ).message,
    ).toMatch(/layer type 'Linear' is already registered/);
    expect(
      thrown(() => registerLayer({ type: '', cls: Scale, config: () => ({}), build: () => new Scale(1) }))
        .code,
    ).toBe('INVALID_OPTION');
  });

  it('a subclass of Sequential as the model is refused (the file would reload as a plain Sequential)', () => {
    class Residual extends Sequential {
      override forward(x: Tensor): Tensor {
        return super.forward(x).add(x);
      }
    }
    const e = thrown(() => toModelJSON(new Residual(new Linear(2, 2))));
    expect(e.code).toBe('UNKNOWN_LAYER');
    expect(e.message).toMatch(/Residual/);
  });

  it('a build that throws something other than an NnError gives MODEL_FORMAT naming the layer', () => {
    class Fragile extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    registerLayer({
      type: 'test.Fragile',
      cls: Fragile,
      config: () => ({}),
      build: (c: Record<string, unknown>) => {
        if (c.boom) throw new TypeError('boom');
        return new Fragile();
      },
    });
    const json = toModelJSON(new Sequential(new Fragile()));
    (json.architecture[0] as unknown as Record<string, unknown>).boom = true;
    const e = thrown(() => restoreModel(json));
    expect(e.code).toBe('MODEL_FORMAT');
    expect(e.message).toMatch(/architecture\[0\] \(test.Fragile\).*boom/);
  });
});

describe('state files: any module’s stateDict saved and loaded', () => {
  class TwoLayer extends Module {
    hidden = new Linear(2, 4);
    act = new Tanh();
    out = new Linear(4, 1);
    forward(x: Tensor): Tensor {
      return this.out.forward(this.act.forward(this.hidden.forward(x))).sigmoid();
    }
  }

  it('round-trips parameters bit for bit, with the optimizer and metadata, into a fresh model', () => {
    const model = new TwoLayer();
    const optimizer = new Adam(model, { lr: 0.05 });
    fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 20 });
    expect(thrown(() => toModelJSON(model as never)).code).toBe('INVALID_OPTION');
    const text = stringifyState(toStateJSON(model, optimizer, { epochs: 20 }));
    const fresh = new TwoLayer();
    const { optimizer: opt, metadata } = restoreState(fresh, parseState(text));
    expect(metadata).toEqual({ epochs: 20 });
    for (const [name, value] of Object.entries(model.stateDict())) {
      expect(Array.from(fresh.stateDict()[name]!.data)).toEqual(Array.from(value.data));
    }
    expect(opt?.state()).toEqual(optimizer.state());
    fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 5 });
    fit(fresh, xor(), { loss: 'halfSSE', optimizer: opt!, epochs: 5 });
    expect(fresh.stateDict()['out.W']!.toArray()).toEqual(model.stateDict()['out.W']!.toArray());
  });

  it('loading checks names, shapes and values before changing anything', () => {
    const model = new TwoLayer();
    const json = toStateJSON(model);
    const target = new TwoLayer();
    const before = target.stateDict()['hidden.W']!.toArray();
    const wrong = structuredClone(json);
    wrong.parameters['out.W'] = { shape: [1, 4], data: [1, 2, 3, 4] };
    expect(thrown(() => restoreState(target, wrong)).code).toBe('SHAPE_MISMATCH');
    const missing = structuredClone(json);
    delete (missing.parameters as Record<string, unknown>)['out.b'];
    expect(thrown(() => restoreState(target, missing)).message).toMatch(/missing parameter\(s\) out.b/);
    const nan = structuredClone(json);
    (nan.parameters['out.b']!.data as unknown[])[0] = null;
    expect(thrown(() => restoreState(target, nan)).code).toBe('NON_FINITE');
    expect(
      thrown(() => parseState(stringifyState(json).replace('deltagrad-state', 'deltagrad-model'))).code,
    ).toBe('MODEL_FORMAT');
    expect(target.stateDict()['hidden.W']!.toArray()).toEqual(before);
  });
});
