import { readFile } from 'node:fs/promises';
import { tensor } from '@deltagrad/core';
import { BatchNorm1d, Dropout, LayerNorm, Linear, predict, ReLU, Sequential, Tanh } from '@deltagrad/nn';
import { loadSafetensors, saveSafetensors } from '@deltagrad/nn/node';

// torch.nn.Sequential(Linear(4, 8), BatchNorm1d(8), Tanh(), Linear(8, 6), LayerNorm(6), ReLU(), Dropout(0.1), Linear(6, 3))
const model = new Sequential(
  new Linear(4, 8),
  new BatchNorm1d(8),
  new Tanh(),
  new Linear(8, 6),
  new LayerNorm(6),
  new ReLU(),
  new Dropout(0.1),
  new Linear(6, 3),
);
// Written by PyTorch: safetensors.torch.save_file(model.state_dict(), 'pytorch-model.safetensors')
const dir = 'test/fixtures/safetensors';
await loadSafetensors(`${dir}/pytorch-model.safetensors`, model, { layout: 'pytorch' });
const torch = JSON.parse(await readFile(`${dir}/pytorch-outputs.json`, 'utf8'));
const ours = predict(model, tensor(torch.inputs)).toNested();
const diff = Math.max(...ours.flatMap((row, i) => row.map((v, j) => Math.abs(v - torch.outputs[i][j]))));
console.log(diff < 1e-14); // true — PyTorch's outputs, from PyTorch's weights

// And back to PyTorch: model.load_state_dict(safetensors.torch.load_file('model.safetensors'))
await saveSafetensors('model.safetensors', model, { layout: 'pytorch' });
