/**
 * Gradients of every module and loss of @deltagrad/nn through the shared op harness
 * (@deltagrad/testing), the way core's ops are checked: one OpSpec per module and per loss
 * (per reduction), one Vitest test per planned check (forward against an independent
 * implementation, reference values, gradcheck and gradgradcheck on several shapes, gradient
 * shapes, zero upstream gradients, NaN-aware edge points). The catalogues are in `specs/`.
 */
import { runSpecSuite } from '@deltagrad/testing/vitest';
import { lossSpecs } from './specs/losses';
import { moduleSpecs } from './specs/modules';

runSpecSuite('nn harness', { module: moduleSpecs, loss: lossSpecs }, { seed: 0 });
