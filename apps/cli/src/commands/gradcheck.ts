import { allSpecs, checkOp, formatReportTable, type OpReport, specFor } from '@deltagrad/testing';
import { UsageError } from '../errors';
import type { Output } from '../output';

/** `deltagrad gradcheck [--op NAME]`: the shared harness's checks, one table row per op. */
export function gradcheckCommand(opts: { op?: string; json: boolean }, io: Output): number {
  let specs = allSpecs;
  if (opts.op !== undefined) {
    const spec = specFor(opts.op);
    if (!spec) {
      throw new UsageError(
        `--op must name an op with a harness spec (${allSpecs.map((s) => s.op).join(', ')}); got '${opts.op}'`,
      );
    }
    specs = [spec];
  }
  const reports: OpReport[] = [];
  for (const spec of specs) {
    const report = checkOp(spec);
    reports.push(report);
    if (opts.json) {
      io.out(
        JSON.stringify({
          type: 'op',
          op: report.op,
          kind: report.kind,
          ok: report.ok,
          passed: report.passed,
          failed: report.failed,
          maxErrors: report.maxErrors,
        }),
      );
    }
  }
  const failed = reports.filter((r) => !r.ok);
  if (opts.json) {
    io.out(JSON.stringify({ type: 'gradcheck', ops: reports.length, failed: failed.map((r) => r.op) }));
  } else {
    io.out(formatReportTable(reports));
    const { green, red } = io.color;
    io.out(
      failed.length === 0
        ? green(`${reports.length} ops: every check passed`)
        : red(`${failed.length} of ${reports.length} ops failed: ${failed.map((r) => r.op).join(', ')}`),
    );
    for (const r of failed) {
      for (const c of r.checks.filter((c) => !c.ok)) io.out(`  ${r.op}: ${c.label}: ${c.message}`);
    }
  }
  return failed.length === 0 ? 0 : 1;
}
