import * as F from '../functional';
import { unaryOp } from './unary';

/** x for x > 0, slope·x otherwise. ∂/∂x = 1 or slope (slope at the kink). */
export const leakyRelu = unaryOp<{ slope: number }>({
  name: 'leakyRelu',
  kernel: (x, out, { slope }) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i]! > 0 ? x[i]! : slope * x[i]!;
  },
  derivative: ({ inputs: [x], attrs: { slope } }) => F.where(F.greater(x, 0), 1, slope),
});
