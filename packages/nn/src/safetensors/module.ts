/**
 * A module's state dict (parameters and buffers) as a safetensors file, in deltagrad's names
 * and layout or in PyTorch's: the way out to PyTorch, JAX and Hugging Face, and the way in.
 */
import { Tensor } from '@deltagrad/core';
import { fmtShape, fmtValue, NnError } from '../errors';
import { Module } from '../module';
import { layerDefinition, layerTypeOf, type PytorchLayout } from '../registry';
import { boolean, checkOptionKeys, given, oneOf } from '../validate';
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from './format';

/** Whose names and layout a file uses. */
export type SafetensorsLayout = 'deltagrad' | 'pytorch';

/** Options of {@link toSafetensors}. */
export interface ToSafetensorsOptions {
  /** Store values as F64 (default: exact) or F32 (each rounded to the nearest float32). */
  dtype?: 'float64' | 'float32';
  /**
   * `'deltagrad'` (default): names and shapes as `stateDict()` has them. `'pytorch'`: as the
   * equivalent `torch.nn` module's `state_dict()` — Linear's `W` [in, out] becomes `weight`
   * [out, in] and `b` [1, out] `bias` [out]; LayerNorm's and BatchNorm1d's `gamma`/`beta`
   * become `weight`/`bias`, BatchNorm1d's buffers `running_mean`, `running_var` and
   * `num_batches_tracked` (int64). Sequential indices and field names are kept.
   */
  layout?: SafetensorsLayout;
  /** Strings stored as the file's `__metadata__`. */
  metadata?: Record<string, string>;
}

/** Options of {@link fromSafetensors}. */
export interface FromSafetensorsOptions {
  /** The file's names and layout (default `'deltagrad'`); see {@link ToSafetensorsOptions.layout}. */
  layout?: SafetensorsLayout;
  /** The file must hold exactly the module's parameters and buffers (default true). */
  strict?: boolean;
}

/** One state-dict entry and how a file names and shapes it. */
interface Slot {
  /** Our dotted name. */
  name: string;
  /** The file's name. */
  file: string;
  /** Our shape. */
  shape: readonly number[];
  /** The file's shape. */
  fileShape: readonly number[];
  transposed: boolean;
  int64: boolean;
  /** What the module is, for messages. */
  owner: string;
}

/** Every parameter and buffer of `module` with its name and shape in `layout`. */
function slotsOf(module: Module, layout: SafetensorsLayout): Slot[] {
  const slots: Slot[] = [];
  const stack: [string, Module][] = [['', module]];
  while (stack.length > 0) {
    const [prefix, m] = stack.pop()!;
    const type = layerTypeOf(m.constructor as never);
    const mapping: PytorchLayout | undefined =
      layout === 'pytorch' && type !== undefined ? layerDefinition(type)?.pytorch : undefined;
    const own = [...m.namedParameters(), ...m.namedBuffers()].filter(([name]) => !name.includes('.'));
    for (const [name, p] of own) {
      const transposed = mapping?.transposed?.includes(name) === true;
      const flattened = mapping?.flattened?.includes(name) === true;
      const shape = p.shape;
      slots.push({
        name: prefix + name,
        file: prefix + (mapping?.names[name] ?? name),
        shape,
        fileShape: transposed ? [...shape].reverse() : flattened ? [shape[shape.length - 1]!] : shape,
        transposed,
        int64: mapping?.int64?.includes(name) === true,
        owner: m.toString(),
      });
    }
    const children = m.namedChildren();
    for (let i = children.length - 1; i >= 0; i--)
      stack.push([`${prefix}${children[i]![0]}.`, children[i]![1]]);
  }
  return slots;
}

/** The 2-D transpose of row-major `data` of shape [rows, cols]. */
function transpose(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  return out;
}

/**
 * The safetensors bytes of `module`'s state dict — every parameter and buffer — in
 * deltagrad's layout or PyTorch's (see {@link ToSafetensorsOptions.layout}). Works for any
 * module; with `layout: 'pytorch'`, registered layers are renamed and reshaped as their
 * `torch.nn` counterparts, so `torch.nn.Sequential(...).load_state_dict(load_file(path))`
 * takes the file of the same Sequential built here.
 *
 * @throws {@link NnError} `NON_FINITE` naming a NaN or infinite value; `INVALID_OPTION` for a
 *   bad option.
 *
 * @example
 * ```ts
 * const bytes = toSafetensors(model, { layout: 'pytorch' }); // 0.weight [out, in], 0.bias [out], …
 * ```
 */
export function toSafetensors(module: Module, opts: ToSafetensorsOptions = {}): Uint8Array {
  if (!(module instanceof Module)) {
    throw new NnError('INVALID_OPTION', `toSafetensors: expected a Module, got ${fmtValue(module)}`);
  }
  checkOptionKeys('toSafetensors', opts, ['dtype', 'layout', 'metadata']);
  const dtype = oneOf('toSafetensors', 'dtype', given(opts.dtype, 'float64'), [
    'float64',
    'float32',
  ] as const);
  const layout = oneOf('toSafetensors', 'layout', given(opts.layout, 'deltagrad'), [
    'deltagrad',
    'pytorch',
  ] as const);
  const state = module.stateDict();
  const entries: SafetensorsEntry[] = slotsOf(module, layout).map((slot) => {
    const t = state[slot.name]!;
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new NnError(
        'NON_FINITE',
        `toSafetensors: '${slot.name}' has ${t.data[bad]} at flat index ${bad}`,
      );
    }
    const data = slot.transposed ? transpose(t.data, slot.shape[0]!, slot.shape[1]!) : t.data;
    return {
      name: slot.file,
      tensor: new Tensor(data, [...slot.fileShape]),
      dtype: slot.int64 ? 'I64' : dtype === 'float64' ? 'F64' : 'F32',
    };
  });
  return encodeSafetensors(entries, given(opts.metadata, {}));
}

/**
 * Loads a safetensors file's bytes into `module` — parameters and buffers by name, in
 * deltagrad's layout or PyTorch's (`layout: 'pytorch'` reads a file that PyTorch's
 * `safetensors.torch.save_file(model.state_dict(), path)` wrote for the equivalent module).
 * Any stored dtype is read (F32 values become the doubles they are). Everything is checked
 * before anything changes: a failed load leaves the module as it was.
 *
 * @returns the file's metadata
 * @throws {@link NnError} as {@link decodeSafetensors} for a malformed file (`MODEL_FORMAT`);
 *   `SHAPE_MISMATCH` naming a tensor whose shape is not the module's (in the file's layout);
 *   `INVALID_OPTION` for a missing or unexpected tensor (when strict), with a hint when the
 *   names are those of the other layout; `NON_FINITE` naming a NaN or infinite value.
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
 * fromSafetensors(model, bytesFromPyTorch, { layout: 'pytorch' });
 * ```
 */
export function fromSafetensors(
  module: Module,
  bytes: Uint8Array,
  opts: FromSafetensorsOptions = {},
): { metadata: Record<string, string> } {
  if (!(module instanceof Module)) {
    throw new NnError('INVALID_OPTION', `fromSafetensors: expected a Module, got ${fmtValue(module)}`);
  }
  checkOptionKeys('fromSafetensors', opts, ['layout', 'strict']);
  const layout = oneOf('fromSafetensors', 'layout', given(opts.layout, 'deltagrad'), [
    'deltagrad',
    'pytorch',
  ] as const);
  const strict = boolean('fromSafetensors', 'strict', given(opts.strict, true));
  const { tensors, metadata } = decodeSafetensors(bytes);
  const slots = slotsOf(module, layout);
  const names = new Set(slots.map((s) => s.file));
  const unexpected = Object.keys(tensors).filter((name) => !names.has(name));
  const missing = slots.filter((s) => !Object.hasOwn(tensors, s.file)).map((s) => s.file);
  if (strict && (unexpected.length > 0 || missing.length > 0)) {
    const other: SafetensorsLayout = layout === 'pytorch' ? 'deltagrad' : 'pytorch';
    const otherNames = new Set(slotsOf(module, other).map((s) => s.file));
    const hint = Object.keys(tensors).every((name) => otherNames.has(name))
      ? ` — these are the module's names in the '${other}' layout: pass { layout: '${other}' }`
      : '';
    const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
    throw new NnError(
      'INVALID_OPTION',
      `fromSafetensors: the file ${[
        unexpected.length > 0 ? `has tensors the module does not (${list(unexpected)})` : '',
        missing.length > 0 ? `lacks ${list(missing)}` : '',
      ]
        .filter(Boolean)
        .join(' and ')}${hint}`,
    );
  }
  const state: Record<string, Tensor> = Object.create(null);
  for (const slot of slots) {
    const t = tensors[slot.file];
    if (t === undefined) continue;
    const same = t.shape.length === slot.fileShape.length && t.shape.every((d, i) => d === slot.fileShape[i]);
    if (!same) {
      throw new NnError(
        'SHAPE_MISMATCH',
        `fromSafetensors: '${slot.file}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(slot.fileShape)} (${slot.owner}${slot.transposed ? ', stored out×in as PyTorch does' : ''})`,
      );
    }
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new NnError(
        'NON_FINITE',
        `fromSafetensors: '${slot.file}' has ${t.data[bad]} at flat index ${bad}`,
      );
    }
    const data = slot.transposed ? transpose(t.data, slot.shape[1]!, slot.shape[0]!) : t.data;
    state[slot.name] = new Tensor(data, [...slot.shape]);
  }
  module.loadStateDict(state, { strict: false });
  return { metadata };
}
