import { library } from '../../tsup.library';

// stripInternal: the engine's bookkeeping on Tensor (marked @internal) stays out of the shipped types.
// `internal` is the entry deltagrad's own packages read values through without exposing them
// (src/internal.ts; not public API).
export default library({
  entry: { index: 'src/index.ts', internal: 'src/internal.ts' },
  dts: { compilerOptions: { stripInternal: true } },
});
