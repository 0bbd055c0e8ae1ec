import { execFileSync } from 'node:child_process';
import {
  chmod,
  link as link_,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@deltagrad/core';
import { Adam, fit, mlp, NnError, restoreModel, toModelJSON, xor } from '@deltagrad/nn';
import { loadModel, loadModelFile, saveModel, saveModelFile, writeFileAtomic } from '@deltagrad/nn/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deltagrad-nn-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function trained() {
  const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 3 });
  const optimizer = new Adam(model, { lr: 0.05 });
  fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 20 });
  return { model, optimizer };
}

async function rejection(p: Promise<unknown>): Promise<NnError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NnError);
    return e as NnError;
  }
  throw new Error('expected a rejection');
}

describe('@deltagrad/nn/node', () => {
  it('saves atomically and loads back exactly, leaving no temporary files', async () => {
    const { model, optimizer } = trained();
    const path = join(dir, 'xor.model.json');
    await saveModelFile(path, toModelJSON(model, optimizer));
    expect(await readdir(dir)).toEqual(['xor.model.json']);
    const { model: back, optimizer: opt } = restoreModel(await loadModelFile(path));
    expect(back.stateDict()['0.W']!.toArray()).toEqual(model.stateDict()['0.W']!.toArray());
    expect(opt?.state()).toEqual(optimizer.state());
    const again = await loadModel(path);
    expect(again.model.toString()).toBe(model.toString());
    // Overwriting replaces the file whole.
    fit(model, xor(), { loss: 'halfSSE', optimizer, epochs: 5 });
    await saveModel(path, model, optimizer);
    expect((await loadModel(path)).model.stateDict()['2.b']!.toArray()).toEqual(
      model.stateDict()['2.b']!.toArray(),
    );
    expect(await readdir(dir)).toEqual(['xor.model.json']);
  });

  it('a failed save leaves the old file intact and no temporary file', async () => {
    const { model } = trained();
    const path = join(dir, 'm.json');
    await saveModel(path, model);
    const before = await readFile(path, 'utf8');
    model.parameters()[0]!.value = tensor([
      [Number.NaN, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const e = await rejection(saveModel(path, model));
    expect(e.code).toBe('NON_FINITE');
    expect(e.message).toContain(path);
    expect(await readFile(path, 'utf8')).toBe(before);
    // The rename fails (the target is a non-empty directory): the temporary file is removed.
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'x'), '');
    const io = await rejection(writeFileAtomic(target, 'text'));
    expect(io.code).toBe('IO');
    expect(io.message).toContain(target);
    expect((await readdir(dir)).sort()).toEqual(['m.json', 'taken']);
  });

  it('a missing directory is an IO error naming the path', async () => {
    const path = join(dir, 'no', 'such', 'dir', 'm.json');
    const e = await rejection(saveModel(path, trained().model));
    expect(e.code).toBe('IO');
    expect(e.message).toMatch(/could not save .*m\.json/);
  });

  it('loading: missing, truncated, tampered and newer files are typed errors naming the path', async () => {
    const missing = await rejection(loadModelFile(join(dir, 'absent.json')));
    expect(missing.code).toBe('IO');
    expect(missing.message).toContain('absent.json');

    const path = join(dir, 'm.json');
    await saveModel(path, trained().model);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    const truncated = await rejection(loadModelFile(path));
    expect(truncated.code).toBe('MODEL_FORMAT');
    expect(truncated.message).toMatch(/invalid model file .*m\.json: model file is not valid JSON/);

    await writeFile(path, text.replace('"version": 1', '"version": 7'));
    expect((await rejection(loadModelFile(path))).code).toBe('NEWER_FORMAT');

    await writeFile(path, text.replace('"format"', '"__proto__": {"x": 1}, "format"'));
    expect((await rejection(loadModelFile(path))).message).toMatch(/forbidden key "__proto__"/);
  });
});

describe('@deltagrad/nn/node: only regular files are written over and read', () => {
  const model = () => mlp({ sizes: [2, 1], activations: 'sigmoid', seed: 1 });

  it('refuses to save over a symbolic link, a FIFO, a directory or a hard-linked file, and leaves them as they were', async () => {
    const real = join(dir, 'real.json');
    await saveModel(real, model());
    const before = await readFile(real, 'utf8');
    const link = join(dir, 'link.json');
    await symlink(real, link);
    const e1 = await rejection(saveModel(link, model()));
    expect(e1.code).toBe('IO');
    expect(e1.message).toMatch(/link\.json is a symbolic link/);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);

    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const e2 = await rejection(saveModel(fifo, model()));
    expect(e2.message).toMatch(/fifo\.json is a FIFO, not a regular file/);
    expect((await lstat(fifo)).isFIFO()).toBe(true);

    const hard = join(dir, 'hard.json');
    await link_(real, hard);
    const e3 = await rejection(saveModel(hard, model()));
    expect(e3.message).toMatch(/hard\.json has 2 hard links/);
    expect(await readFile(real, 'utf8')).toBe(before);

    const sub = join(dir, 'sub');
    await mkdir(sub);
    expect((await rejection(saveModel(sub, model()))).message).toMatch(/sub is a directory/);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to save over a device node and leaves it a device (as root it used to replace /dev/full)', async () => {
    const error = await rejection(saveModel('/dev/full', model()));
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/\/dev\/full is a character device, not a regular file/);
    expect((await lstat('/dev/full')).isCharacterDevice()).toBe(true);
    expect((await readdir('/dev')).filter((f) => f.startsWith('full') && f.endsWith('.tmp'))).toEqual([]);
  });

  it("keeps an existing file's mode (0600 stays 0600)", async () => {
    const path = join(dir, 'private.json');
    await saveModel(path, model());
    await chmod(path, 0o600);
    await saveModel(path, model());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o640);
    await saveModelFile(path, toModelJSON(model()));
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('removes the temporary files of earlier killed saves of the same file, and only those', async () => {
    const path = join(dir, 'm.json');
    // pid 2^31 - 1 cannot be a live process (Linux caps pids at 2^22).
    const stale = `m.json.${2 ** 31 - 1}.0123456789ab.tmp`;
    const live = `m.json.${process.pid}.0123456789ab.tmp`;
    const other = `other.json.${2 ** 31 - 1}.0123456789ab.tmp`;
    for (const name of [stale, live, other]) await writeFile(join(dir, name), 'x'.repeat(1000));
    await saveModel(path, model());
    expect((await readdir(dir)).sort()).toEqual([live, 'm.json', other].sort());
  });

  it('refuses to read a FIFO (without waiting for a writer), a device, or a file over the size cap', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const e1 = await rejection(loadModelFile(fifo));
    expect(e1.code).toBe('IO');
    expect(e1.message).toMatch(/fifo\.json is a FIFO, not a regular file/);
    const e2 = await rejection(loadModel('/dev/zero'));
    expect(e2.message).toMatch(/\/dev\/zero is a character device, not a regular file/);
    const path = join(dir, 'm.json');
    await saveModel(path, model());
    const size = (await stat(path)).size;
    const e3 = await rejection(loadModelFile(path, { maxBytes: size - 1 }));
    expect(e3.message).toMatch(new RegExp(`is ${size} bytes, more than the limit of ${size - 1}`));
    expect((await loadModelFile(path, { maxBytes: size })).format).toBe('deltagrad-model');
    expect((await rejection(loadModelFile(path, { maxBytes: -1 }))).code).toBe('INVALID_OPTION');
    // A symbolic link to a regular file is read through.
    await symlink(path, join(dir, 'alias.json'));
    expect((await loadModel(join(dir, 'alias.json'))).model.length).toBe(2);
  });

  it('reads UTF-8 strictly: a leading byte order mark is ignored, invalid bytes are refused', async () => {
    const path = join(dir, 'm.json');
    await saveModel(path, model(), undefined, { note: 'é' });
    const bytes = await readFile(path);
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect((await loadModelFile(path)).metadata).toEqual({ note: 'é' });
    const broken = Buffer.from(bytes);
    broken[broken.indexOf(Buffer.from('é'))] = 0xff;
    await writeFile(path, broken);
    const e = await rejection(loadModelFile(path));
    expect(e.code).toBe('MODEL_FORMAT');
    expect(e.message).toMatch(/not valid UTF-8/);
  });
});
