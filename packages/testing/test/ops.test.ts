import { allSpecs } from '@deltagrad/testing';
import { runSpecSuite } from '@deltagrad/testing/vitest';

// Every check of every spec, one test each; prints the count when done.
runSpecSuite(
  'harness',
  {
    primitive: allSpecs.filter((s) => s.kind === 'primitive'),
    composite: allSpecs.filter((s) => s.kind === 'composite'),
  },
  { seed: 0 },
);
