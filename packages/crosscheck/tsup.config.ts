import { library } from '../../tsup.library';

export default library({
  // `node` (the multi-core sweep) starts `sweep-worker` on worker threads: it is an entry too.
  // `options` is the vocabulary without the engines (a page's first view).
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    'sweep-worker': 'src/sweep-worker.ts',
    options: 'src/options-entry.ts',
  },
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts', options: 'src/options-entry.ts' } },
  external: [/^node:/],
  removeNodeProtocol: false,
});
