import { noGrad } from '@deltagrad/core';
import { Adam, fit, halfSSE, mlp, xor } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

describe('XOR 2-4-1 (tanh hidden, sigmoid output) with Adam', () => {
  it('reaches ½·SSE < 1e-3 for at least 95 of the seeds 0–99', () => {
    const data = xor();
    const failed: number[] = [];
    const started = performance.now();
    let epochs = 0;
    for (let seed = 0; seed < 100; seed++) {
      // Default initialisation (PyTorch's nn.Linear scheme) from createRandom(seed).
      const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed });
      const history = fit(model, data, {
        loss: 'halfSSE',
        optimizer: new Adam(model, { lr: 0.05 }),
        epochs: 2000,
        targetLoss: 1e-3,
      });
      epochs += history.epochs;
      // Judge the trained model itself, not the last epoch's pre-update loss.
      const final = noGrad(() => halfSSE(model.forward(data.x), data.y).item());
      if (!(final < 1e-3)) failed.push(seed);
    }
    const ms = performance.now() - started;
    console.log(
      `XOR statistical test: ${100 - failed.length}/100 seeds reached ½·SSE < 1e-3 (failed: ${failed.join(', ') || 'none'}); ${epochs} epochs in ${ms.toFixed(0)} ms`,
    );
    expect(100 - failed.length).toBeGreaterThanOrEqual(95);
  });
});
