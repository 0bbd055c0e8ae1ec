#!/usr/bin/env node
import { numpyRandom } from '@deltagrad/random';
// Benchmark: train the seed network (2-2-1 sigmoid, 4 XOR points, L = ½·Σ(y−ŷ)², SGD lr 0.1,
// 10,000 epochs, NumPy init with seed 42) with the autodiff engine, and with a hand-written
// Float64Array loop in the same process; print µs per epoch and their ratio.
// Run with `pnpm bench` (builds first). A measurement, not a test: it asserts nothing about time.
import { noGrad, randn, tensor, zeros } from '../dist/index.js';

const EPOCHS = 10_000;
const LR = 0.1;
const REPEATS = 7;
const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const Y = [[0], [1], [1], [0]];

function trainEngine() {
  const rng = numpyRandom(42);
  const x = tensor(X);
  const y = tensor(Y);
  let W1 = randn([2, 2], rng, { requiresGrad: true });
  let b1 = zeros([1, 2], { requiresGrad: true });
  let W2 = randn([2, 1], rng, { requiresGrad: true });
  let b2 = zeros([1, 1], { requiresGrad: true });
  let loss = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const a1 = x.matmul(W1).add(b1).sigmoid();
    const a2 = a1.matmul(W2).add(b2).sigmoid();
    const L = y.sub(a2).square().sum().mul(0.5);
    L.backward();
    loss = L.item();
    noGrad(() => {
      W1 = W1.sub(W1.grad.mul(LR)).requireGrad();
      b1 = b1.sub(b1.grad.mul(LR)).requireGrad();
      W2 = W2.sub(W2.grad.mul(LR)).requireGrad();
      b2 = b2.sub(b2.grad.mul(LR)).requireGrad();
    });
  }
  return loss;
}

function sig(v) {
  return 1 / (1 + Math.exp(-v));
}

/** The same network by hand: every buffer preallocated, no allocation per epoch. */
function trainHand() {
  const rng = numpyRandom(42);
  const x = Float64Array.from(X.flat());
  const y = Float64Array.from(Y.flat());
  const W1 = Float64Array.from({ length: 4 }, () => rng.normal());
  const W2 = Float64Array.from({ length: 2 }, () => rng.normal());
  const b1 = new Float64Array(2);
  const b2 = new Float64Array(1);
  const a1 = new Float64Array(8);
  const a2 = new Float64Array(4);
  const d2 = new Float64Array(4);
  const d1 = new Float64Array(8);
  let loss = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    loss = 0;
    for (let n = 0; n < 4; n++) {
      for (let j = 0; j < 2; j++) a1[n * 2 + j] = sig(x[n * 2] * W1[j] + x[n * 2 + 1] * W1[2 + j] + b1[j]);
      a2[n] = sig(a1[n * 2] * W2[0] + a1[n * 2 + 1] * W2[1] + b2[0]);
      const e = a2[n] - y[n];
      loss += 0.5 * e * e;
      d2[n] = e * a2[n] * (1 - a2[n]);
      for (let j = 0; j < 2; j++) d1[n * 2 + j] = d2[n] * W2[j] * a1[n * 2 + j] * (1 - a1[n * 2 + j]);
    }
    for (let j = 0; j < 2; j++) {
      let gW2 = 0;
      let gb1 = 0;
      let gW1a = 0;
      let gW1b = 0;
      for (let n = 0; n < 4; n++) {
        gW2 += a1[n * 2 + j] * d2[n];
        gb1 += d1[n * 2 + j];
        gW1a += x[n * 2] * d1[n * 2 + j];
        gW1b += x[n * 2 + 1] * d1[n * 2 + j];
      }
      W2[j] -= LR * gW2;
      b1[j] -= LR * gb1;
      W1[j] -= LR * gW1a;
      W1[2 + j] -= LR * gW1b;
    }
    b2[0] -= LR * (d2[0] + d2[1] + d2[2] + d2[3]);
  }
  return loss;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(train) {
  train(); // warm-up: let the JIT compile the hot paths
  const times = [];
  let loss = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    loss = train();
    times.push(Number(process.hrtime.bigint() - t0) / 1e3 / EPOCHS);
  }
  return { usPerEpoch: median(times), loss };
}

const engine = measure(trainEngine);
const hand = measure(trainHand);
const fmt = (v) => v.toFixed(3).padStart(8);
console.log(`seed network 2-2-1 sigmoid, ${EPOCHS} epochs, median of ${REPEATS} runs (after a warm-up run)`);
console.log(
  `  autodiff engine   ${fmt(engine.usPerEpoch)} µs/epoch   final ½·SSE ${engine.loss.toPrecision(12)}`,
);
console.log(
  `  hand-written loop ${fmt(hand.usPerEpoch)} µs/epoch   final ½·SSE ${hand.loss.toPrecision(12)}`,
);
console.log(`  ratio engine / hand: ${(engine.usPerEpoch / hand.usPerEpoch).toFixed(1)}×`);
