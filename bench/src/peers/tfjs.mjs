// TensorFlow.js peers (float32: tfjs has no float64), with its own autodiff (variableGrads) and
// SGD. Loaded from a cache outside the repository (`pnpm bench -- --install-tfjs` puts it there):
// the full @tensorflow/tfjs is ~300 MB, too much to install with the workspace for one column.
// The backend comes from DELTAGRAD_BENCH_TFJS_BACKEND ('cpu' or 'wasm').
import { createRequire } from 'node:module';
import { TFJS_DIR } from '../tfjs-cache.mjs';
import { initialState } from '../workloads.mjs';

export async function setup(w) {
  const require = createRequire(`${TFJS_DIR}/package.json`);
  const tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  const backend = process.env.DELTAGRAD_BENCH_TFJS_BACKEND ?? 'cpu';
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} is not available`);
  await tf.ready();
  const { X, Y, W, b } = initialState(w);
  const L = w.sizes.length - 1;
  const x = tf.tensor2d(Float32Array.from(X), [w.batch, w.sizes[0]]);
  const y = tf.tensor2d(Float32Array.from(Y), [w.batch, w.sizes[L]]);
  const vars = [];
  for (let l = 0; l < L; l++) {
    vars.push(tf.variable(tf.tensor2d(Float32Array.from(W[l]), [w.sizes[l], w.sizes[l + 1]])));
    vars.push(tf.variable(tf.tensor2d(Float32Array.from(b[l]), [1, w.sizes[l + 1]])));
  }
  const act = { sigmoid: tf.sigmoid, tanh: tf.tanh, relu: tf.relu, identity: (t) => t };
  const optimizer = tf.train.sgd(w.lr);
  let last = null;
  const lossFn = () => {
    let a = x;
    for (let l = 0; l < L; l++) a = act[w.activations[l]](tf.add(tf.matMul(a, vars[2 * l]), vars[2 * l + 1]));
    return tf.mul(tf.sum(tf.square(tf.sub(y, a))), 0.5);
  };
  return {
    step() {
      last?.dispose();
      last = optimizer.minimize(lossFn, true, vars);
    },
    async sync() {
      await last?.data();
    },
    async loss() {
      return (await last.data())[0];
    },
  };
}
