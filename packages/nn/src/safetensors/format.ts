/**
 * The safetensors format (github.com/huggingface/safetensors), read and written without
 * dependencies: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, …, "__metadata__": { string: string } }`
 * (padded with spaces), then the tensors' bytes, little-endian, row-major, `data_offsets`
 * counted from the end of the header. The reader treats a file as hostile: every length,
 * offset and shape is checked before it is used, and anything wrong is an `NnError`.
 */
import { Tensor } from '@deltagrad/core';
import { fmtShape, fmtValue, NnError } from '../errors';
import { isPlainObject, parseJsonSafely } from '../json';

/** The element types of safetensors files that deltagrad reads (F8 types aside, all of them). */
export type SafetensorsDtype =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

/** Bytes per element of each dtype. */
const SIZES: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** The largest header read: 100 MB, the limit of the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;

/** What {@link decodeSafetensors} returns. */
export interface SafetensorsContent {
  /** Every tensor by name, as float64 values. */
  tensors: Record<string, Tensor>;
  /** The dtype each tensor was stored as. */
  dtypes: Record<string, SafetensorsDtype>;
  /** The file's `__metadata__` (string to string), empty if it has none. */
  metadata: Record<string, string>;
}

/** One tensor to write: its values, shape and the dtype to store them as. */
export interface SafetensorsEntry {
  name: string;
  tensor: Tensor;
  dtype: 'F64' | 'F32' | 'I64';
}

function bad(what: string): never {
  throw new NnError('MODEL_FORMAT', `safetensors: ${what}`);
}

/** An F16 value (IEEE half) as a double. */
function halfToDouble(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Reads `count` values of `dtype` from `view` at `offset`, as doubles. */
function readValues(
  name: string,
  view: DataView,
  offset: number,
  count: number,
  dtype: SafetensorsDtype,
): Float64Array {
  const out = new Float64Array(count);
  const size = SIZES[dtype];
  for (let i = 0; i < count; i++) {
    const at = offset + i * size;
    switch (dtype) {
      case 'F64':
        out[i] = view.getFloat64(at, true);
        break;
      case 'F32':
        out[i] = view.getFloat32(at, true);
        break;
      case 'F16':
        out[i] = halfToDouble(view.getUint16(at, true));
        break;
      case 'BF16':
        // bfloat16 is the top half of a float32.
        out[i] = new Float32Array(Uint32Array.of(view.getUint16(at, true) << 16).buffer)[0]!;
        break;
      case 'I64':
      case 'U64': {
        const v = dtype === 'I64' ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
          bad(`'${name}'[${i}] = ${v} (${dtype}) is beyond 2^53: a double cannot hold it exactly`);
        }
        out[i] = Number(v);
        break;
      }
      case 'I32':
        out[i] = view.getInt32(at, true);
        break;
      case 'U32':
        out[i] = view.getUint32(at, true);
        break;
      case 'I16':
        out[i] = view.getInt16(at, true);
        break;
      case 'U16':
        out[i] = view.getUint16(at, true);
        break;
      case 'I8':
        out[i] = view.getInt8(at);
        break;
      case 'U8':
      case 'BOOL':
        out[i] = view.getUint8(at);
        break;
    }
  }
  return out;
}

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Checks one header entry: known fields, a known dtype, a finite shape, offsets that fit it. */
function checkEntry(name: string, info: unknown, dataLength: number): Entry {
  const at = `tensor '${name}'`;
  if (!isPlainObject(info)) bad(`${at}: expected { dtype, shape, data_offsets }, got ${fmtValue(info)}`);
  for (const key of Object.keys(info)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets')
      bad(`${at}: unknown field ${JSON.stringify(key)}`);
  }
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string' || !Object.hasOwn(SIZES, dtype)) {
    const known = Object.keys(SIZES).join(', ');
    const f8 = typeof dtype === 'string' && dtype.startsWith('F8_');
    bad(`${at}: ${f8 ? 'unsupported' : 'unknown'} dtype ${fmtValue(dtype)} (read: ${known})`);
  }
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    bad(`${at}: shape must be an array of non-negative integers, got ${fmtValue(shape)}`);
  }
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (!Number.isSafeInteger(count))
      bad(`${at}: shape ${fmtShape(shape)} has more elements than can be counted`);
  }
  const bytes = count * SIZES[dtype as SafetensorsDtype];
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
  ) {
    bad(`${at}: data_offsets must be [begin, end] (non-negative integers), got ${fmtValue(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    bad(`${at}: data_offsets [${begin}, ${end}] are outside the ${dataLength} data bytes`);
  }
  if (end - begin !== bytes) {
    bad(
      `${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} ${fmtShape(shape)} needs ${bytes}`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end };
}

/**
 * Reads a safetensors file's bytes into float64 tensors (whatever dtype they were stored as),
 * with their dtypes and the file's metadata. Values are read as they are (NaN included);
 * loading into a module ({@link fromSafetensors}) refuses non-finite ones.
 *
 * @throws {@link NnError} `MODEL_FORMAT` naming the problem: fewer than 8 bytes, a header
 *   length beyond the file (or over 100 MB), a header that is not UTF-8 JSON of the format,
 *   an unknown dtype, a shape that is not non-negative integers, data offsets that overflow
 *   their shape, leave the data, overlap each other or leave gaps, an integer beyond 2^53.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = decodeSafetensors(new Uint8Array(await readFile('model.safetensors')));
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (!(bytes instanceof Uint8Array)) bad(`expected the file's bytes (a Uint8Array), got ${fmtValue(bytes)}`);
  if (bytes.length < 8) bad(`the file has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    bad(`the header length ${headerLength} is beyond the file (${bytes.length - 8} bytes after the length)`);
  }
  const n = Number(headerLength);
  if (n > MAX_HEADER_BYTES) bad(`the header is ${n} bytes, more than the limit of ${MAX_HEADER_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch (error) {
    throw new NnError('MODEL_FORMAT', 'safetensors: the header is not valid UTF-8', { cause: error });
  }
  if (!text.startsWith('{'))
    bad(`the header must be a JSON object starting with '{', got ${fmtValue(text.slice(0, 20))}`);
  const header = parseJsonSafely(text, 'safetensors header');
  if (!isPlainObject(header)) bad(`the header must be a JSON object, got ${fmtValue(header)}`);
  const dataLength = bytes.length - 8 - n;
  const metadata: Record<string, string> = Object.create(null);
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isPlainObject(info)) bad(`__metadata__ must be an object of strings, got ${fmtValue(info)}`);
      for (const [key, value] of Object.entries(info)) {
        if (typeof value !== 'string') bad(`__metadata__.${key} must be a string, got ${fmtValue(value)}`);
        metadata[key] = value;
      }
      continue;
    }
    entries.push(checkEntry(name, info, dataLength));
  }
  // The tensors must tile the data exactly: sorted by offset, each starts where the last ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let next = 0;
  for (const e of sorted) {
    if (e.begin < next)
      bad(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap another tensor's`);
    if (e.begin > next)
      bad(`tensor '${e.name}': data_offsets start at ${e.begin}, leaving bytes ${next}–${e.begin} unused`);
    next = e.end;
  }
  if (next !== dataLength)
    bad(`the tensors use ${next} of the ${dataLength} data bytes; the rest is unaccounted for`);
  const tensors: Record<string, Tensor> = Object.create(null);
  const dtypes: Record<string, SafetensorsDtype> = Object.create(null);
  const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  for (const e of entries) {
    tensors[e.name] = new Tensor(readValues(e.name, view, 8 + n + e.begin, count(e.shape), e.dtype), e.shape);
    dtypes[e.name] = e.dtype;
  }
  return { tensors, dtypes, metadata };
}

/**
 * A safetensors file's bytes for `entries`, in their order (8-byte types first, so every
 * tensor's data is aligned to its element size), with `metadata` as `__metadata__`. The header
 * is padded with spaces to a multiple of 8 bytes, as the reference writer does. F32 rounds each
 * double to the nearest float32; I64 needs integers (BatchNorm's batch count).
 *
 * @throws {@link NnError} `INVALID_OPTION` for a name used twice, an empty name or
 *   `__metadata__`, a non-integer in an I64 entry or non-string metadata.
 */
export function encodeSafetensors(
  entries: readonly SafetensorsEntry[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (!isPlainObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string')) {
    throw new NnError(
      'INVALID_OPTION',
      `safetensors: metadata must map strings to strings, got ${fmtValue(metadata)}`,
    );
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const ordered = [...entries].sort((a, b) => SIZES[b.dtype] - SIZES[a.dtype]);
  let offset = 0;
  for (const { name, tensor, dtype } of ordered) {
    if (name === '' || name === '__metadata__' || Object.hasOwn(header, name)) {
      throw new NnError(
        'INVALID_OPTION',
        `safetensors: tensor name ${JSON.stringify(name)} is empty, reserved or used twice`,
      );
    }
    if (dtype === 'I64') {
      const k = tensor.data.findIndex((v) => !Number.isSafeInteger(v));
      if (k >= 0)
        throw new NnError(
          'INVALID_OPTION',
          `safetensors: '${name}'[${k}] = ${tensor.data[k]} is not an integer for I64`,
        );
    }
    const bytes = tensor.size * SIZES[dtype];
    header[name] = { dtype, shape: [...tensor.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const { tensor, dtype } of ordered) {
    for (const v of tensor.data) {
      if (dtype === 'F64') view.setFloat64(at, v, true);
      else if (dtype === 'F32') view.setFloat32(at, v, true);
      else view.setBigInt64(at, BigInt(v), true);
      at += SIZES[dtype];
    }
  }
  return out;
}
