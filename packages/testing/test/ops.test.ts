import { allSpecs } from '@deltagrad/testing';
import { runOpSuite } from './suite';

// Every check of every spec, one test each; prints the count when done.
runOpSuite(allSpecs, { seed: 0 });
