/**
 * A process that saves one model file over and over until it is killed: the victim of
 * kill-during-save.test.ts. Usage: `node save-forever.mjs <path>`. Saves alternate between
 * two model files (`saveText(0)`, `saveText(1)`), and after each it prints `saved <n>`. The
 * texts are made up front, so that the process spends its time in the save itself
 * (temporary file, write, fsync, rename), where a kill must do no harm.
 */
import { pathToFileURL } from 'node:url';
import { Linear, normalInit, Sequential, Sigmoid, stringifyModel, Tanh, toModelJSON } from '@deltagrad/nn';
import { writeFileAtomic } from '@deltagrad/nn/node';
import { createRandom } from '@deltagrad/random';

/** A 40-100-100-1 network (about 14,000 parameters, ~270 KB of text), its weights drawn from `seed`. */
export function fileModel(seed: number): Sequential {
  const init = normalInit(createRandom(seed));
  return new Sequential([
    new Linear(40, 100, { init }),
    new Tanh(),
    new Linear(100, 100, { init }),
    new Tanh(),
    new Linear(100, 1, { init }),
    new Sigmoid(),
  ]);
}

/** The model file text of save `n` (0 or 1). */
export function saveText(n: 0 | 1): string {
  return stringifyModel(toModelJSON(fileModel(n), undefined, { save: n }));
}

async function main(path: string): Promise<void> {
  const texts = [saveText(0), saveText(1)];
  for (let n = 0; ; n++) {
    await writeFileAtomic(path, texts[n % 2]!);
    process.stdout.write(`saved ${n}\n`);
  }
}

// Run as a program (not when the test imports the helpers above).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2]!);
}
