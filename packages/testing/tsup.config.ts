import { library } from '../../tsup.library';

// `./vitest` registers the checks as Vitest tests; Vitest stays a peer dependency, not bundled.
export default library({ entry: ['src/index.ts', 'src/vitest.ts'] });
