import { toDot, toGraphJSON } from '@deltagrad/core';
import { type ExperimentConfig, xorGraph } from '@deltagrad/crosscheck';
import type { Output } from '../output';

/**
 * `deltagrad graph [--format dot|json]`: the computational graph of one forward and backward
 * pass of the network at its initial weights, with every value and gradient.
 */
export function graphCommand(
  opts: { format: 'dot' | 'json'; config: Partial<ExperimentConfig> },
  io: Output,
): number {
  const root = xorGraph(opts.config);
  io.out(opts.format === 'dot' ? toDot(root) : JSON.stringify(toGraphJSON(root)));
  return 0;
}
