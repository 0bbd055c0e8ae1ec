// The source document's script (shared/seed/backprop-xor.md), run with @deltagrad/manual: the
// same 2 → 2 → 1 sigmoid network, the same NumPy seed-42 weights (through @deltagrad/random's
// NumPy-compatible generator), the same loop. It prints what the script really prints, line for
// line, which is not the output the document claims (see the README).
//
//   pnpm --filter @deltagrad/manual example:seed        # seed 42, the document's
//   pnpm --filter @deltagrad/manual example:seed 1      # a seed whose network learns XOR
//
// Runs against the built package (dist/): build @deltagrad/random and this package first.
import { runSeed } from '@deltagrad/manual';
import { numpyRandom } from '@deltagrad/random';

const seed = Number(process.argv[2] ?? 42);
const rng = numpyRandom(seed); // np.random.seed(seed)
runSeed(
  () => rng.normal(),
  (text) => console.log(text),
);
