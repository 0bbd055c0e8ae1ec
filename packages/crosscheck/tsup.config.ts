import { library } from '../../tsup.library';

export default library({
  // `node` (the multi-core sweep) starts `sweep-worker` on worker threads: it is an entry too.
  entry: ['src/index.ts', 'src/node.ts', 'src/sweep-worker.ts'],
  dts: { entry: ['src/index.ts', 'src/node.ts'] },
  external: [/^node:/],
  removeNodeProtocol: false,
});
