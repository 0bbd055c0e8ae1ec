import { tensor } from '@deltagrad/core';
import {
  Linear,
  parseModel,
  registerLayer,
  restoreModel,
  Sequential,
  Sigmoid,
  stringifyModel,
  toModelJSON,
} from '@deltagrad/nn';

class DoubledLinear extends Linear {
  forward(x) {
    return super.forward(x).mul(2);
  }
}
registerLayer({
  type: 'DoubledLinear', // the name in files; unique
  cls: DoubledLinear,
  config: (m) => ({ inFeatures: m.inFeatures, outFeatures: m.outFeatures }),
  build: (c) => new DoubledLinear(c.inFeatures, c.outFeatures), // values come from the file
  // What a file declares for this layer, so that files are checked without building anything:
  parameters: (c) => [
    ['W', [c.inFeatures, c.outFeatures]],
    ['b', [1, c.outFeatures]],
  ],
});
const model = new Sequential(new DoubledLinear(2, 1), new Sigmoid());
const { model: back } = restoreModel(parseModel(stringifyModel(toModelJSON(model))));
const x = tensor([[1, 2]]);
console.log(back.forward(x).item() === model.forward(x).item()); // true
