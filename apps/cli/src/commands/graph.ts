import { toDot } from '@deltagrad/core';
import { type ExperimentConfig, xorGraph, xorGraphJSON } from '@deltagrad/crosscheck';
import type { Output } from '../output';

/**
 * `deltagrad graph [--format dot|json]`: the computational graph of one forward and backward
 * pass of the network at its initial weights, with every value and gradient (and, in JSON,
 * each node's role in the equations).
 */
export function graphCommand(
  opts: { format: 'dot' | 'json'; config: Partial<ExperimentConfig> },
  io: Output,
): number {
  io.out(opts.format === 'dot' ? toDot(xorGraph(opts.config)) : JSON.stringify(xorGraphJSON(opts.config)));
  return 0;
}
