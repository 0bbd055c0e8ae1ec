import { tensor } from '@deltagrad/core';
import {
  accuracy,
  argmax,
  confusionMatrix,
  crossEntropy,
  formatConfusionMatrix,
  Linear,
  NnError,
  oneHot,
  precisionRecall,
  predict,
  Sequential,
  Sigmoid,
  Tanh,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

describe('argmax and oneHot', () => {
  it('argmax: index of the largest along an axis, first on ties, NaN largest (NumPy)', () => {
    expect(
      argmax(
        tensor([
          [0.1, 2, -1],
          [3, 0, 3],
        ]),
      ).toNested(),
    ).toEqual([1, 0]);
    expect(
      argmax(
        tensor([
          [0.1, 2, -1],
          [3, 0, 3],
        ]),
        0,
      ).toNested(),
    ).toEqual([1, 0, 1]);
    expect(argmax(tensor([1, Number.NaN, 5, Number.NaN])).item()).toBe(1);
    expect(
      argmax(
        tensor([
          [
            [1, 2],
            [4, 3],
          ],
        ]),
        1,
      ).toNested(),
    ).toEqual([[1, 1]]);
    expect(argmax(tensor([-Infinity, -Infinity])).item()).toBe(0);
  });

  it('oneHot: a 1 in each row at its label', () => {
    expect(oneHot(tensor([2, 0]), 3).toNested()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(oneHot(tensor([[1], [1]]), 2).toNested()).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('refuse what is not an axis or a class index, naming it', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => argmax(tensor(3)), /argmax: the input is 0-d/],
      [() => argmax(tensor([[1, 2]]), 2), /argmax: option axis 2 is out of range for shape \[1, 2\]/],
      [() => oneHot(tensor([0, 3]), 3), /oneHot: labels\[1\] = 3 is not a class index in \[0, 3\)/],
      [() => oneHot(tensor([0.5]), 3), /oneHot: labels\[0\] = 0.5 is not a class index/],
      [
        () => oneHot(tensor([[0, 1]]), 3),
        /oneHot: labels must be class indices of shape \[n\] or \[n, 1\], got \[1, 2\]/,
      ],
      [() => oneHot(tensor([0]), 0), /oneHot: option classes must be an integer >= 1/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      expect(fn).toThrow(NnError);
    }
  });
});

describe('crossEntropy with class indices', () => {
  it('is −log softmax(z)[label], the same as with one-hot rows, stable at ±1e3', () => {
    const z = tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const byLabel = crossEntropy(z, tensor([2, 1]), { reduction: 'none' }).toArray();
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(byLabel[0]).toBeCloseTo(lse - 3, 15);
    expect(byLabel[1]).toBeCloseTo(Math.log(3), 15);
    expect(crossEntropy(z, oneHot(tensor([2, 1]), 3), { reduction: 'none' }).toArray()).toEqual(byLabel);
    expect(crossEntropy(tensor([[1000, -1000]]), tensor([1])).item()).toBe(2000);
  });
});

describe('metrics', () => {
  // scikit-learn: confusion_matrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2]) = [[1, 1, 0], [0, 2, 0], [1, 0, 1]];
  // precision_recall_fscore_support: precision [0.5, 0.6667, 1], recall [0.5, 1, 0.5], f1 [0.5, 0.8, 0.6667].
  const labels = tensor([0, 0, 1, 1, 2, 2]);
  const predicted = tensor([0, 1, 1, 1, 0, 2]);

  it('accuracy from indices or from scores (argmax)', () => {
    expect(accuracy(predicted, labels)).toBe(4 / 6);
    const scores = tensor([
      [3, 1, 0],
      [0, 2, 1],
      [0, 5, 1],
      [1, 2, 0],
      [9, 0, 1],
      [0, 0, 1],
    ]);
    expect(accuracy(scores, labels.reshape([6, 1]))).toBe(4 / 6);
  });

  it('confusion matrix, precision, recall and F1 as scikit-learn computes them', () => {
    const m = confusionMatrix(predicted, labels);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    const r = precisionRecall(m);
    expect(r.precision).toEqual([0.5, 2 / 3, 1]);
    expect(r.recall).toEqual([0.5, 1, 0.5]);
    expect(r.f1[0]).toBe(0.5);
    expect(r.f1[1]).toBeCloseTo(0.8, 15);
    expect(r.f1[2]).toBeCloseTo(2 / 3, 15);
    expect(r.support).toEqual([2, 2, 2]);
    // A class never predicted and never seen: zeros, not NaN.
    expect(precisionRecall(confusionMatrix(predicted, labels, { classes: 4 })).precision[3]).toBe(0);
  });

  it('prints the matrix with recall per row and precision per column', () => {
    const text = formatConfusionMatrix(confusionMatrix(predicted, labels));
    expect(text.split('\n')).toEqual([
      '          predicted',
      'true          0    1    2   recall',
      '        0     1    1    0    50.0%',
      '        1     0    2    0   100.0%',
      '        2     1    0    1    50.0%',
      'precision   50%  67% 100%',
    ]);
  });

  it('refuse mismatched or malformed input, naming it', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => accuracy(tensor([0, 1]), tensor([0])), /accuracy: predicted has 2 rows and labels 1/],
      [
        () => accuracy(tensor([[0.3], [0.9]]), tensor([0, 1])),
        /accuracy: predicted\[0\] = 0.3 is not a class index/,
      ],
      [
        () => confusionMatrix(tensor([0, 3]), tensor([0, 1]), { classes: 3 }),
        /predicted\[1\] = 3 is not a class index in \[0, 3\)/,
      ],
      [
        () => confusionMatrix(tensor([[1, 0]]), tensor([0]), { classes: 3 }),
        /2 scores per row, but option classes is 3/,
      ],
      [() => precisionRecall([[1, 2]]), /precisionRecall: expected a square confusion matrix/],
      [() => formatConfusionMatrix([[1]], { names: ['a', 'b'] }), /option names must be 1 strings/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      expect(fn).toThrow(NnError);
    }
  });
});

describe('predict', () => {
  const model = new Sequential(new Linear(2, 3), new Tanh());
  const x = tensor([
    [1, 2],
    [-1, 0.5],
  ]);

  it('gives the outputs without a graph, in eval mode, and restores the training mode', () => {
    model.train();
    let seenTraining: boolean | undefined;
    const spy = new (class extends Sigmoid {
      override forward(t: Parameters<Sigmoid['forward']>[0]) {
        seenTraining = this.training;
        return super.forward(t);
      }
    })();
    const wrapped = new Sequential(model, spy);
    const out = predict(wrapped, x);
    expect(seenTraining).toBe(false);
    expect(out.requiresGrad).toBe(false);
    expect(out.toArray()).toEqual(wrapped.forward(x).toArray());
    expect(wrapped.training && model.training && spy.training).toBe(true);
    model.eval();
    predict(model, x);
    expect(model.training).toBe(false);
  });

  it("output 'softmax' gives probability rows; 'sigmoid' σ of each output", () => {
    const probs = predict(model, x, { output: 'softmax' });
    for (const row of probs.toNested() as number[][])
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(argmax(probs).toArray()).toEqual(argmax(model.forward(x)).toArray());
    const raw = predict(model, x).toArray();
    expect(predict(model, x, { output: 'sigmoid' }).toArray()).toEqual(
      raw.map((v) => 1 / (1 + Math.exp(-v))),
    );
    expect(() => predict(model, x, { output: 'probs' as never })).toThrow(
      /predict: option output must be one of 'raw', 'softmax', 'sigmoid'/,
    );
  });
});
