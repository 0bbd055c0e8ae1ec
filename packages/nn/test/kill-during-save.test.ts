/**
 * kill -9 during saves: a child process saves one model file over and over, and is killed
 * with SIGKILL at a random moment, 50 times. After every kill the file must load and hold
 * one whole save (old or new, never a mix), and the next save must remove the temporary
 * file the killed one left behind.
 *
 * The child runs test/support/save-forever.ts, bundled from the sources with tsup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, saveModel } from '@deltagrad/nn/node';
import { createRandom } from '@deltagrad/random';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileModel, saveText } from './support/save-forever';

const KILLS = 50;
let dir: string;
let child: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deltagrad-kill-'));
  await build({
    config: false,
    entry: { 'save-forever': fileURLToPath(new URL('./support/save-forever.ts', import.meta.url)) },
    outDir: join(dir, 'bin'),
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/.*/],
    outExtension: () => ({ js: '.mjs' }),
    esbuildOptions(options) {
      options.conditions = ['@deltagrad/source'];
    },
    dts: false,
    sourcemap: false,
    splitting: false,
    silent: true,
  });
  child = join(dir, 'bin', 'save-forever.mjs');
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Resolves once the child has printed `count` lines `saved <n>`. */
function savesReported(proc: ChildProcess, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let lines = 0;
    proc.stdout!.on('data', (chunk: Buffer) => {
      lines += chunk.toString('utf8').split('\n').length - 1;
      if (lines >= count) resolve();
    });
    proc.on('exit', (code, signal) => reject(new Error(`the saver exited early (${code ?? signal})`)));
  });
}

/** Resolves after `turns` turns of the event loop: a random moment, without a timer. */
async function eventLoopTurns(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('kill -9 during saves', () => {
  it(`${KILLS} SIGKILLs at random moments: the file always loads whole, no temporary file outlives the next save`, async () => {
    const rng = createRandom(12);
    const texts = [saveText(0), saveText(1)];
    let killedMidSave = 0;
    const path = join(dir, 'model.json');
    let stderr = '';
    for (let kill = 0; kill < KILLS; kill++) {
      const proc = spawn(process.execPath, [child, path], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      await savesReported(proc, 1 + rng.integer(0, 4));
      await eventLoopTurns(rng.integer(0, 2000));
      proc.kill('SIGKILL');
      await exited;
      expect(stderr).toBe('');

      // One whole save, byte for byte, that loads.
      const text = await readFile(path, 'utf8');
      expect(text === texts[0] || text === texts[1]).toBe(true);
      const { model } = await loadModel(path);
      expect(model.stateDict()['4.b']!.toArray()).toEqual(
        fileModel(text === texts[0] ? 0 : 1)
          .stateDict()
          ['4.b']!.toArray(),
      );

      // Only the killed process's temporary file can be there: the earlier ones were removed
      // by this process's first save.
      const temps = (await readdir(dir)).filter((f) => f.endsWith('.tmp'));
      expect(temps.every((f) => f.startsWith(`model.json.${proc.pid}.`))).toBe(true);
      if (temps.length > 0) killedMidSave++;
    }
    console.log(`kill -9 during saves: ${KILLS} kills, ${killedMidSave} inside a save (temporary file left)`);
    await saveModel(path, fileModel(1));
    expect((await readdir(dir)).sort()).toEqual(['bin', 'model.json']);
  }, 300_000);
});
