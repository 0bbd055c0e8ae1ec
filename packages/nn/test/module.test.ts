import { noGrad, type Tensor, tensor } from '@deltagrad/core';
import {
  ACTIVATION_NAMES,
  activation,
  fit,
  functionalCall,
  Identity,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  mlp,
  NnError,
  numpyRandn,
  Parameter,
  ReLU,
  Sequential,
  SGD,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
  xor,
  zerosInit,
} from '@deltagrad/nn';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

describe('Parameter', () => {
  it('holds a leaf that requires grad and exposes its gradient', () => {
    const p = new Parameter(tensor([[1, 2]]), 'w');
    expect(p.value.requiresGrad).toBe(true);
    expect(p.value.isLeaf).toBe(true);
    p.value.mul(3).sum().backward();
    expect(p.grad?.toNested()).toEqual([[3, 3]]);
    p.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('accepts a new value of the same shape only', () => {
    const p = new Parameter(tensor([1, 2]), 'w');
    const x = tensor([3, 4]);
    p.value = x;
    expect(p.value.toArray()).toEqual([3, 4]);
    expect(x.requiresGrad).toBe(false); // the given tensor is not modified
    expect(() => {
      p.value = tensor([1, 2, 3]);
    }).toThrow(/Parameter 'w': new value has shape \[3\], expected \[2\]/);
  });
});

describe('Linear', () => {
  it('uses the seed layout: W in×out, b 1×out, forward x·W + b', () => {
    const layer = new Linear(2, 3, { init: zerosInit() });
    expect(layer.W.shape).toEqual([2, 3]);
    expect(layer.b?.shape).toEqual([1, 3]);
    layer.loadStateDict({
      W: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      b: [[0.5, 0, -0.5]],
    });
    const y = layer.forward(
      tensor([
        [1, 1],
        [0, 2],
      ]),
    );
    expect(y.toNested()).toEqual([
      [5.5, 7, 8.5],
      [8.5, 10, 11.5],
    ]);
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['W', 'b']);
    expect(layer.toString()).toBe('Linear(2 → 3)');
  });

  it('can have no bias', () => {
    const layer = new Linear(2, 1, { bias: false });
    expect(layer.b).toBeNull();
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['W']);
  });

  it('says what is wrong with its input and options', () => {
    const layer = new Linear(2, 3);
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow(
      /Linear\(2 → 3\): input of shape \[1, 3\] should have shape \[batch, 2\]/,
    );
    expect(() => new Linear(0, 3)).toThrow(/Linear: option inFeatures must be an integer >= 1, got 0/);
    expect(() => new Linear(2, 3, { init: {} as never })).toThrow(/option init must be an Initializer/);
    expect(() => new Linear(2, 3, { bias: 1 as never })).toThrow(/option bias must be true or false/);
  });

  it('default init is the PyTorch scheme (bound 1/√in), from the default generator (see default-generator.test.ts)', () => {
    const a = new Linear(4, 3);
    for (const v of [...a.W.value.toArray(), ...a.b!.value.toArray()]) expect(Math.abs(v)).toBeLessThan(0.5);
  });
});

describe('Sequential and mlp', () => {
  it('names parameters by layer index', () => {
    const model = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.W', '0.b', '2.W', '2.b']);
    expect(model.parameters()).toHaveLength(4);
    expect(model.numParameters()).toBe(9);
    expect(model.length).toBe(4);
    expect(model.toString()).toBe('Sequential(Linear(2 → 2), Sigmoid(), Linear(2 → 1), Sigmoid())');
  });

  it('nests: names get every level', () => {
    const inner = new Sequential(new Linear(2, 2), new Tanh());
    const model = new Sequential(inner, new Linear(2, 1));
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.0.W', '0.0.b', '1.W', '1.b']);
  });

  it('mlp builds Linear/activation pairs, with the seed weights for numpyRandn(42)', () => {
    const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: numpyRandn(numpyRandom(42)) });
    expect(model.toString()).toBe('Sequential(Linear(2 → 2), Sigmoid(), Linear(2 → 1), Sigmoid())');
    const state = model.stateDict();
    expect(state['0.W']!.toNested()).toEqual([
      [0.4967141530112327, -0.13826430117118466],
      [0.6476885381006925, 1.5230298564080254],
    ]);
    expect(state['2.W']!.toNested()).toEqual([[-0.23415337472333597], [-0.23413695694918055]]);
    expect(state['0.b']!.toNested()).toEqual([[0, 0]]);
    expect(state['2.b']!.toNested()).toEqual([[0]]);
  });

  it('mlp takes one activation per layer and validates its options', () => {
    const model = mlp({ sizes: [2, 4, 3, 1], activations: ['tanh', 'leakyRelu', 'identity'], slope: 0.2 });
    expect(model.toString()).toBe(
      'Sequential(Linear(2 → 4), Tanh(), Linear(4 → 3), LeakyReLU(0.2), Linear(3 → 1), Identity())',
    );
    expect(() => mlp({ sizes: [2], activations: 'tanh' })).toThrow(/at least two layer widths/);
    expect(() => mlp({ sizes: [2, 0], activations: 'tanh' })).toThrow(
      /option sizes\[1\] must be an integer >= 1/,
    );
    expect(() => mlp({ sizes: [2, 3, 1], activations: ['tanh'] })).toThrow(/2 names \(one per dense layer\)/);
    expect(() => mlp({ sizes: [2, 1], activations: 'gelu' as never })).toThrow(
      /option activations\[0\] must be one of 'identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus', got "gelu"/,
    );
    expect(() => mlp({ sizes: [2, 1], activations: 'tanh', sead: 1 } as never)).toThrow(
      /unknown option "sead"/,
    );
    expect(() => mlp({ sizes: [2, 1], activations: 'tanh', seed: -1 })).toThrow(/option seed/);
  });

  it('different seeds give different weights, the same seed the same', () => {
    const w = (seed: number) =>
      mlp({ sizes: [2, 3, 1], activations: 'tanh', seed })
        .stateDict()
        ['0.W']!.toArray();
    expect(w(1)).toEqual(w(1));
    expect(w(1)).not.toEqual(w(2));
  });
});

describe('activation modules', () => {
  const x = tensor([[-2, -0.5, 0, 0.5, 2]]);
  const cases: [Module, (v: number) => number][] = [
    [new Identity(), (v) => v],
    [new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    [new Tanh(), Math.tanh],
    [new ReLU(), (v) => Math.max(v, 0)],
    [new LeakyReLU(0.1), (v) => (v > 0 ? v : 0.1 * v)],
    [new Softplus(), (v) => Math.log1p(Math.exp(v))],
  ];
  for (const [m, f] of cases) {
    it(`${m.toString()} computes element-wise and has no parameters`, () => {
      const y = m.forward(x).toArray();
      x.toArray().forEach((v, i) => {
        expect(y[i]).toBeCloseTo(f(v), 14);
      });
      expect(m.parameters()).toEqual([]);
    });
  }

  it('activation(name) covers every ActivationName', () => {
    expect(ACTIVATION_NAMES).toEqual(['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus']);
    const names = ACTIVATION_NAMES.map((n) => activation(n).toString());
    expect(names).toEqual(['Identity()', 'Sigmoid()', 'Tanh()', 'ReLU()', 'LeakyReLU(0.01)', 'Softplus()']);
    expect(() => activation('swish' as never)).toThrow(NnError);
  });

  it('Softmax and LogSoftmax work along the last axis', () => {
    const z = tensor([[1, 2, 3]]);
    const p = new Softmax().forward(z).toArray();
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    const lp = new LogSoftmax().forward(z).toArray();
    lp.forEach((v, i) => {
      expect(v).toBeCloseTo(Math.log(p[i]!), 14);
    });
  });
});

describe('automatic registration of fields holding modules and parameters', () => {
  class Net extends Module {
    readonly fc1 = this.registerModule('fc1', new Linear(2, 4));
    readonly act = new Tanh();
    // Not registered explicitly: it used to train silently frozen.
    readonly fc2 = new Linear(4, 1);
    forward(x: Tensor): Tensor {
      return this.fc2.forward(this.act.forward(this.fc1.forward(x))).sigmoid();
    }
  }

  it('a submodule held in a field trains (it used to stay frozen)', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual(['fc1.W', 'fc1.b', 'fc2.W', 'fc2.b']);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    const before = net.fc2.W.value.toArray();
    fit(net, xor(), { loss: 'halfSSE', optimizer: new SGD(net, { lr: 0.5 }), epochs: 50 });
    expect(net.fc2.W.value.toArray()).not.toEqual(before);
  });

  it('fields are registered in declaration order under their names, parameters too', () => {
    class Affine extends Module {
      scale = new Parameter(tensor([[2]]));
      shift = new Parameter(tensor([[1]]));
      inner = new Sequential(new Identity());
      note = 'not a module';
      forward(x: Tensor): Tensor {
        return x.mul(this.scale.value).add(this.shift.value);
      }
    }
    const m = new Affine();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['scale', 'shift']);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['inner']);
    m.eval();
    expect(m.inner.at(0)!.training).toBe(false);
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'shift']);
  });

  it('a field assigned a new module replaces the registered one under its name', () => {
    const net = new Net();
    net.namedParameters();
    (net as { fc2: Linear }).fc2 = new Linear(4, 1, { bias: false });
    expect(net.namedParameters().map(([n]) => n)).toEqual(['fc1.W', 'fc1.b', 'fc2.W']);
  });

  it('modules in an array field are reported, not silently left out', () => {
    class Stack extends Module {
      blocks = [new Linear(2, 2), new Linear(2, 2)];
      forward(x: Tensor): Tensor {
        return this.blocks.reduce((h, b) => b.forward(h), x);
      }
    }
    expect(() => new Stack().parameters()).toThrow(
      /Stack: field 'blocks' holds Modules in an array, which are not registered/,
    );
  });

  it('a module that contains itself is a typed error, not an endless walk', () => {
    class Loop extends Module {
      self: Module = this;
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Loop().parameters()).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('Module', () => {
  class Scale extends Module {
    readonly s = this.registerParameter('s', tensor([2]));
    forward(x: Tensor): Tensor {
      return x.mul(this.s.value);
    }
  }

  it('custom modules register parameters; train/eval propagate', () => {
    const model = new Sequential(new Scale(), new Tanh());
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.s']);
    model.eval();
    expect(model.training).toBe(false);
    expect(model.at(0)!.training).toBe(false);
    model.train();
    expect(model.at(1)!.training).toBe(true);
    expect(() => model.describe()).toThrow(expect.objectContaining({ code: 'UNKNOWN_LAYER' }));
  });

  it('rejects duplicate or dotted names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerParameter('a', tensor([1]));
        this.registerParameter(name, tensor([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad('a')).toThrow(/name 'a' is already registered/);
    expect(() => new Bad('a.b')).toThrow(/invalid name "a.b"/);
  });

  it('zeroGrad clears every gradient', () => {
    const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid' });
    model
      .forward(tensor([[1, 0]]))
      .sum()
      .backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('loadStateDict checks everything before changing anything', () => {
    const model = mlp({ sizes: [2, 2, 1], activations: 'sigmoid', init: zerosInit() });
    expect(() =>
      model.loadStateDict(
        {
          '0.W': [
            [1, 1],
            [1, 1],
          ],
          '2.W': [[1, 1]],
        },
        { strict: false },
      ),
    ).toThrow(/parameter '2.W' has shape \[1, 2\], expected \[2, 1\]/);
    expect(model.stateDict()['0.W']!.toArray()).toEqual([0, 0, 0, 0]);
    expect(() =>
      model.loadStateDict({
        '0.W': [
          [1, 1],
          [1, 1],
        ],
      }),
    ).toThrow(/missing parameter\(s\) 0.b, 2.W, 2.b/);
    expect(() => model.loadStateDict({ nope: [1] })).toThrow(/unknown parameter 'nope'/);
  });

  it('stateDict snapshots do not change with training', () => {
    const model = mlp({ sizes: [2, 1], activations: 'identity' });
    const before = model.stateDict()['0.W']!.toArray();
    const snap = model.stateDict();
    noGrad(() => {
      model.parameters()[0]!.value = model.parameters()[0]!.value.add(1);
    });
    expect(snap['0.W']!.toArray()).toEqual(before);
  });

  it('functionalCall runs a module on other parameter tensors and restores them', () => {
    const layer = new Linear(2, 1, { init: zerosInit() });
    const W = tensor([[1], [2]], { requiresGrad: true });
    const y = functionalCall(layer, { W }, tensor([[3, 4]]));
    expect(y.toNested()).toEqual([[11]]);
    y.sum().backward();
    expect(W.grad?.toNested()).toEqual([[3], [4]]);
    expect(layer.W.value.toArray()).toEqual([0, 0]);
    expect(() => functionalCall(layer, { V: W }, tensor([[3, 4]]))).toThrow(/unknown parameter 'V'/);
    expect(() => functionalCall(layer, { W: tensor([1]) }, tensor([[3, 4]]))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
