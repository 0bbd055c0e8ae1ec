import { library } from '../../tsup.library';

export default library({
  // The main entry is platform-neutral (browsers, Web Workers); `node` holds the file-system helpers.
  entry: ['src/index.ts', 'src/node.ts'],
  // Node built-ins (only imported by src/node.ts) stay external imports, `node:` prefix kept.
  external: [/^node:/],
  removeNodeProtocol: false,
});
