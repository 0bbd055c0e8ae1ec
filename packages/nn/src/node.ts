/**
 * @deltagrad/nn/node: model files on disk, for Node.js. Saving is atomic: the text goes to a
 * temporary file in the same directory, is flushed to disk (fsync), and is then renamed over
 * the target, so a crash or a failed write never leaves a truncated model file behind — the
 * path holds either the old file or the complete new one.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NnError } from './errors';
import type { Sequential } from './layers/sequential';
import type { ModelJSON, RestoredModel } from './model-file/format';
import { restoreModel } from './model-file/restore';
import { parseModel } from './model-file/validate';
import { stringifyModel, toModelJSON } from './model-file/write';
import type { Optimizer } from './optim/optimizer';

function ioError(what: string, path: string, error: unknown): NnError {
  if (error instanceof NnError) {
    return new NnError(error.code, `${what} ${path}: ${error.message}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new NnError('IO', `${what} ${path}: ${reason}`, { cause: error });
}

/**
 * Writes `text` to `path` atomically: `${path}.${pid}.${random}.tmp` in the same directory,
 * fsync, rename over `path`, then (best effort) fsync of the directory. On any failure the
 * temporary file is removed and `path` is left as it was.
 *
 * @throws {@link NnError} `IO` naming the path.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', 0o644);
    await handle.writeFile(text, 'utf8');
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
 * Reads and checks the model file at `path`.
 *
 * @throws {@link NnError} `IO` if it cannot be read; otherwise the validation error of
 *   {@link parseModel} with the path in its message.
 *
 * @example
 * ```ts
 * const json = await loadModelFile('xor.model.json');
 * const { model, optimizer } = restoreModel(json);
 * ```
 */
export async function loadModelFile(path: string): Promise<ModelJSON> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw ioError('could not read', path, error);
  }
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
export async function loadModel(path: string): Promise<RestoredModel> {
  const json = await loadModelFile(path);
  return restoreModel(json);
}
