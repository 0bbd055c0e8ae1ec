import * as F from '../functional';
import { Tensor } from '../tensor';
import type { OpDef } from './types';

/** x for x > 0, slope·x otherwise. ∂/∂x = 1 or slope (slope at the kink). */
export const leakyRelu: OpDef<{ slope: number }> = {
  name: 'leakyRelu',
  forward: ([x], { slope }) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! > 0 ? src[i]! : slope * src[i]!;
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x], attrs: { slope } }) => {
    const src = x!.data;
    const d = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) d[i] = src[i]! > 0 ? 1 : slope;
    return [F.mulNoNan(new Tensor(d, x!.shape), g)];
  },
};
