import { defineOp, grad, tensor } from '@deltagrad/core';
import { checkOp, defineSpec } from '@deltagrad/testing';

// softsign(x) = x / (1 + |x|), an op of your own: the forward on raw values, and its
// derivatives written with deltagrad's ops (so second derivatives and Hessians work).
const softsign = defineOp({
  name: 'softsign',
  forward: (x) => ({ data: x.data.map((v) => v / (1 + Math.abs(v))), shape: x.shape }),
  vjp: (g, { inputs: [x] }) => [g.div(x.abs().add(1).square())], // ∂/∂x = 1 / (1 + |x|)²
  jvp: ([t], { inputs: [x] }) => t.div(x.abs().add(1).square()), // optional: derived from vjp if left out
  batch: ({ inputs: [x] }) => softsign(x), // optional: element-wise, so the batch is one call
});
console.log(grad((x) => softsign(x).sum())(tensor([1, -3]))[0].toArray()); // [ 0.25, 0.0625 ]

// The harness checks it as it checks deltagrad's own ops: forward against a scalar formula,
// VJP and JVP against finite differences, JVP against VJP, Hessians two ways, vmap against a loop.
const report = checkOp(
  defineSpec({
    op: 'softsign',
    kind: 'primitive',
    call: (x) => softsign(x),
    shapes: [[[]], [[3]], [[2, 3]]],
    avoid: { points: [0], margin: 0.05 }, // |x| has a kink at 0
    secondOrder: true,
    scalar: (x) => x / (1 + Math.abs(x)),
  }),
);
console.log(report.ok, report.checks.length); // true 39
if (!report.ok) process.exit(1);
