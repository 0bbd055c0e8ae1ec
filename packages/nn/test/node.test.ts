import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
