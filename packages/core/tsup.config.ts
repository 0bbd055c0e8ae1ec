import { library } from '../../tsup.library';

// stripInternal: the engine's bookkeeping on Tensor (marked @internal) stays out of the shipped types.
export default library({ dts: { compilerOptions: { stripInternal: true } } });
