/**
 * @deltagrad/nn/node: model and state files on disk, for Node.js.
 *
 * Saving is atomic: the text goes to a temporary file in the same directory, is flushed to
 * disk (fsync), and is then renamed over the target, so a crash, a kill -9 or a failed write
 * never leaves a truncated file behind — the path holds either the old file or the complete
 * new one. Only a regular file (or nothing) is replaced: a symbolic link, a hard-linked file,
 * a FIFO, a device or a directory at the path is refused. An existing file keeps its mode.
 * The temporary files of earlier saves that were killed are removed by the next save.
 *
 * Loading reads regular files only (never waiting on a FIFO, never reading a device), at most
 * `maxBytes` bytes (default 256 MiB), as strict UTF-8.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor } from '@deltagrad/core';
import type { Dataset } from './data/dataset';
import { NnError } from './errors';
import type { Sequential } from './layers/sequential';
import type { ModelJSON, RestoredModel } from './model-file/format';
import { restoreModel } from './model-file/restore';
import {
  parseState,
  type RestoredState,
  restoreState,
  type StateJSON,
  stringifyState,
  toStateJSON,
} from './model-file/state';
import { parseModel } from './model-file/validate';
import { stringifyModel, toModelJSON } from './model-file/write';
import type { Module } from './module';
import type { Optimizer } from './optim/optimizer';
import {
  type FromSafetensorsOptions,
  fromSafetensors,
  type ToSafetensorsOptions,
  toSafetensors,
} from './safetensors/module';
import { checkOptionKeys, given, integer } from './validate';

/** The default most bytes a load reads: 256 MiB (a model of about ten million parameters). */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Options of the loading functions. */
export interface LoadOptions {
  /** The most bytes to read (default {@link DEFAULT_MAX_BYTES}); a larger file is refused. */
  maxBytes?: number;
}

function ioError(what: string, path: string, error: unknown): NnError {
  if (error instanceof NnError) {
    return new NnError(error.code, `${what} ${path}: ${error.message}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new NnError('IO', `${what} ${path}: ${reason}`, { cause: error });
}

/** What a non-regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The mode to give the new file: the existing file's, or null if there is none. Throws `IO`
 * for anything but a regular file with one link: replacing a symbolic link, a hard link, a
 * FIFO or a device by a regular file would silently cut it off from what it pointed to.
 */
async function modeToKeep(path: string): Promise<number | null> {
  let st: Stats;
  try {
    st = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (st.isSymbolicLink()) {
    throw new NnError(
      'IO',
      `${path} is a symbolic link; refusing to replace it by a regular file (save to the path it points to)`,
    );
  }
  if (!st.isFile())
    throw new NnError('IO', `${path} is ${kindOf(st)}, not a regular file; refusing to replace it`);
  if (st.nlink > 1) {
    throw new NnError(
      'IO',
      `${path} has ${st.nlink} hard links; refusing to replace it (the other links would keep the old content)`,
    );
  }
  return st.mode & 0o7777;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `${path}.<pid>.<12 hex>.tmp` files whose process is gone: what a save killed before
 * its rename leaves behind. Files of live processes (a save in progress) are kept. Best effort.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}

/**
 * Writes `text` (or bytes) to `path` atomically: `${path}.${pid}.${random}.tmp` in the same directory,
 * fsync, rename over `path`, then (best effort) fsync of the directory. An existing file's mode
 * is kept. On any failure the temporary file is removed and `path` is left as it was.
 *
 * @throws {@link NnError} `IO` naming the path, also for a target that is a symbolic link, a
 *   hard-linked file, a FIFO, a device or a directory.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  let mode: number | null;
  try {
    mode = await modeToKeep(path);
  } catch (error) {
    throw ioError('could not save', path, error);
  }
  await removeStaleTemps(path);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    // An existing file's content is never readable more widely than the file itself was.
    handle = await open(tmp, 'wx', mode === null ? 0o644 : 0o600);
    if (mode !== null) await handle.chmod(mode);
    await handle.writeFile(text, typeof text === 'string' ? 'utf8' : undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw ioError('could not save', path, error);
  }
  // Make the rename itself durable; not possible on every platform (e.g. Windows), so best effort.
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // ignored: the file is complete and in place
  }
}

/**
 * The bytes of the regular file at `path`: opened without blocking (a FIFO with no writer is
 * refused at once, not waited on), checked to be a regular file of at most `maxBytes` bytes,
 * and read to at most `maxBytes` bytes.
 */
async function readRegularBytes(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  let bytes: Buffer;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) throw new NnError('IO', `${path} is ${kindOf(st)}, not a regular file`);
    const tooBig = (size: number) =>
      new NnError('IO', `${path} is ${size} bytes, more than the limit of ${maxBytes} (option maxBytes)`);
    if (st.size > maxBytes) throw tooBig(st.size);
    // The file may grow while it is read: read at most one byte past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(
        Math.min(Math.max(st.size - total, 0) + 1, maxBytes + 1 - total, 1 << 24),
      );
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooBig(total);
    }
    bytes = Buffer.concat(chunks, total);
  } catch (error) {
    throw ioError('could not read', path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return bytes;
}

/**
 * The text of the regular file at `path` (see {@link readRegularBytes}), decoded as strict
 * UTF-8 (a leading byte order mark is kept for the JSON parser to ignore).
 */
async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  const bytes = await readRegularBytes(path, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new NnError('MODEL_FORMAT', `invalid model file ${path}: not valid UTF-8`, { cause: error });
  }
}

function maxBytesOf(where: string, opts: LoadOptions | undefined): number {
  checkOptionKeys(where, opts, ['maxBytes']);
  return integer(where, 'maxBytes', given(opts?.maxBytes, DEFAULT_MAX_BYTES), 1);
}

/**
 * Saves model file content to `path` atomically (see {@link writeFileAtomic}). The content is
 * checked first, so an invalid model (e.g. a NaN weight) is refused and nothing is written.
 *
 * @throws {@link NnError} `IO` naming the path, or the validation error (message prefixed with the path).
 *
 * @example
 * ```ts
 * import { saveModelFile } from '@deltagrad/nn/node';
 * await saveModelFile('xor.model.json', toModelJSON(model, optimizer));
 * ```
 */
export async function saveModelFile(path: string, json: ModelJSON): Promise<void> {
  let text: string;
  try {
    text = stringifyModel(json);
  } catch (error) {
    throw ioError('refusing to save', path, error);
  }
  await writeFileAtomic(path, text);
}

/**
 * Reads and checks the model file at `path` (a regular file of at most `maxBytes` bytes).
 *
 * @throws {@link NnError} `IO` if it cannot be read, is not a regular file or is too big;
 *   `INVALID_OPTION` for a bad `maxBytes`; otherwise the validation error of
 *   {@link parseModel} with the path in its message.
 *
 * @example
 * ```ts
 * const json = await loadModelFile('xor.model.json');
 * const { model, optimizer } = restoreModel(json);
 * ```
 */
export async function loadModelFile(path: string, opts?: LoadOptions): Promise<ModelJSON> {
  const text = await readRegularFile(path, maxBytesOf('loadModelFile', opts));
  try {
    return parseModel(text);
  } catch (error) {
    throw ioError('invalid model file', path, error);
  }
}

/** Saves `model` (and `optimizer`'s state) to `path` atomically: `saveModelFile(path, toModelJSON(…))`. */
export async function saveModel(
  path: string,
  model: Sequential,
  optimizer?: Optimizer,
  metadata?: Record<string, unknown>,
): Promise<void> {
  let json: ModelJSON;
  try {
    json = toModelJSON(model, optimizer, metadata);
  } catch (error) {
    throw ioError('refusing to save', path, error);
  }
  await saveModelFile(path, json);
}

/** Loads the model (and optimizer, if saved) from the file at `path`. */
export async function loadModel(path: string, opts?: LoadOptions): Promise<RestoredModel> {
  const json = await loadModelFile(path, opts);
  try {
    return restoreModel(json);
  } catch (error) {
    throw ioError('invalid model file', path, error);
  }
}

/**
 * Saves the parameters of any module (its state dict), and optionally its optimizer's state
 * and metadata, to `path` atomically: a state file (see `toStateJSON`).
 *
 * @example
 * ```ts
 * await saveState('net.state.json', net, optimizer, { epoch: 10 });
 * ```
 */
export async function saveState(
  path: string,
  module: Module,
  optimizer?: Optimizer,
  metadata?: Record<string, unknown>,
): Promise<void> {
  let text: string;
  try {
    text = stringifyState(toStateJSON(module, optimizer, metadata));
  } catch (error) {
    throw ioError('refusing to save', path, error);
  }
  await writeFileAtomic(path, text);
}

/**
 * Loads the state file at `path` into `module` (built by the program, as when it was saved):
 * its parameters, and its optimizer and metadata if saved. Checked whole before anything
 * changes.
 *
 * @example
 * ```ts
 * const net = new Net();
 * const { optimizer, metadata } = await loadState('net.state.json', net);
 * ```
 */
export async function loadState(
  path: string,
  module: Module,
  opts: LoadOptions & { strict?: boolean } = {},
): Promise<RestoredState> {
  const { strict, ...load } = opts ?? {};
  const text = await readRegularFile(path, maxBytesOf('loadState', load));
  let json: StateJSON;
  try {
    json = parseState(text);
    return restoreState(module, json, strict === undefined ? {} : { strict });
  } catch (error) {
    throw ioError('invalid state file', path, error);
  }
}

/**
 * Saves `module`'s state dict (parameters and buffers) as a safetensors file at `path`,
 * atomically (see {@link writeFileAtomic}); `layout: 'pytorch'` writes what PyTorch's
 * `load_state_dict` takes for the equivalent `torch.nn` module.
 *
 * @throws {@link NnError} `IO` naming the path, or the error of `toSafetensors` (prefixed with the path).
 *
 * @example
 * ```ts
 * await saveSafetensors('model.safetensors', model, { layout: 'pytorch' });
 * // Python: model.load_state_dict(safetensors.torch.load_file('model.safetensors'))
 * ```
 */
export async function saveSafetensors(
  path: string,
  module: Module,
  opts?: ToSafetensorsOptions,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = toSafetensors(module, opts);
  } catch (error) {
    throw ioError('refusing to save', path, error);
  }
  await writeFileAtomic(path, bytes);
}

/**
 * Loads the safetensors file at `path` into `module` (checked whole before anything changes);
 * `layout: 'pytorch'` reads a file PyTorch wrote from the equivalent `torch.nn` module. Returns
 * the file's metadata.
 *
 * @throws {@link NnError} `IO` if the file cannot be read, is not a regular file or is larger
 *   than `maxBytes`; otherwise the error of `fromSafetensors` with the path in its message.
 *
 * @example
 * ```ts
 * await loadSafetensors('model.safetensors', model, { layout: 'pytorch' });
 * ```
 */
export async function loadSafetensors(
  path: string,
  module: Module,
  opts: FromSafetensorsOptions & LoadOptions = {},
): Promise<{ metadata: Record<string, string> }> {
  const { maxBytes, ...rest } = opts ?? {};
  const bytes = await readRegularBytes(path, maxBytesOf('loadSafetensors', { maxBytes }));
  try {
    return fromSafetensors(module, bytes, rest);
  } catch (error) {
    throw ioError('invalid safetensors file', path, error);
  }
}

/** Images, pixels per image and the byte length of `data/digits.bin` (see data/README.md). */
const DIGITS = { images: 1797, pixels: 64, bytes: 1797 * 65 } as const;

/**
 * The 8×8 handwritten digits (UCI's "Optical Recognition of Handwritten Digits" test set, the
 * copy scikit-learn ships as `load_digits`; CC BY 4.0, see the package's data/README.md):
 * `x` of shape [1797, 64], each row an image's pixels row-major, integers 0–16 as floats;
 * `y` of shape [1797, 1], the digit 0–9. In scikit-learn's order (split with
 * `trainTestSplit`, and `standardize` or divide by 16 before training).
 *
 * @throws {@link NnError} `IO` if the file is missing, `MODEL_FORMAT` if it is not the data set.
 *
 * @example
 * ```ts
 * const digits = await loadDigits();
 * const { train, test } = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
 * ```
 */
export async function loadDigits(): Promise<Dataset> {
  const path = fileURLToPath(new URL('../data/digits.bin', import.meta.url));
  const bytes = await readRegularBytes(path, DIGITS.bytes);
  const pixelBytes = DIGITS.images * DIGITS.pixels;
  const bad = bytes.findIndex((b, i) => (i < pixelBytes ? b > 16 : b > 9));
  if (bytes.length !== DIGITS.bytes || bad >= 0) {
    throw new NnError(
      'MODEL_FORMAT',
      `${path} is not the digits data set (${bytes.length} bytes, expected ${DIGITS.bytes}${bad >= 0 ? `; byte ${bad} is ${bytes[bad]}` : ''})`,
    );
  }
  return {
    x: new Tensor(Float64Array.from(bytes.subarray(0, pixelBytes)), [DIGITS.images, DIGITS.pixels]),
    y: new Tensor(Float64Array.from(bytes.subarray(pixelBytes)), [DIGITS.images, 1]),
  };
}
