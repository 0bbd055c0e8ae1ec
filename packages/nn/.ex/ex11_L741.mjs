import { Adam, fit, mlp, restoreModel, toModelJSON, xor } from '@deltagrad/nn';
import { loadModelFile, saveModelFile } from '@deltagrad/nn/node';

const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
const optimizer = new Adam(model, { lr: 0.05 });
fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 2000 });
await saveModelFile('xor.model.json', toModelJSON(model, optimizer, { epoch: 2000 }));
const { model: again, optimizer: opt } = restoreModel(await loadModelFile('xor.model.json'));
console.log(opt.type, again.forward(xor().x).toArray().join() === model.forward(xor().x).toArray().join()); // Adam true
