import assert from 'node:assert/strict';
import { allSpecs, checkOp, formatReportTable, specFor } from '@deltagrad/testing';

const report = checkOp(specFor('sigmoid'));
assert.equal(report.ok, true, formatReportTable([report]));
assert.ok(allSpecs.length >= 37);
console.log(`esm: ${allSpecs.length} specs; checkOp(sigmoid) ran ${report.checks.length} checks, all passed`);
