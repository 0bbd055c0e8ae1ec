// The digits epoch of `pnpm bench`: nn's fit (JS and WASM kernels), a training loop over nn's
// batches(), and the same epoch written by hand over Float64Arrays, each measurement in its own
// process, median of the rounds. nn's paths must end with the plain loop's loss and parameters
// to the bit. A measurement, not a test: nothing here asserts a time.
//
//   node run.mjs --workloads digits [--rounds N]        (or any run of `pnpm bench` that includes it)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIGITS, digitsSetup } from './workload.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const i = args.indexOf('--rounds');
const rounds = Number(i >= 0 ? args[i + 1] : 5);

const PEERS = [
  { name: 'fit', label: 'nn fit, JS kernels' },
  { name: 'fit-wasm', file: 'fit', kernels: 'wasm', label: 'nn fit, WASM kernels' },
  { name: 'loop', label: 'nn loop over batches()' },
  { name: 'plain', label: 'plain Float64Array loop' },
];

const results = new Map(PEERS.map((p) => [p.name, { times: [], loss: Number.NaN, params: '' }]));
for (let r = 0; r < rounds; r++) {
  for (const p of PEERS) {
    const env = { ...process.env };
    if (p.kernels) env.DELTAGRAD_BENCH_KERNELS = p.kernels;
    const out = spawnSync(process.execPath, [join(here, 'measure.mjs'), p.file ?? p.name], {
      encoding: 'utf8',
      env,
    });
    if (out.status !== 0) throw new Error(`digits ${p.name} failed:\n${out.stderr}`);
    const { msPerEpoch, loss, params } = JSON.parse(out.stdout.trim().split('\n').pop());
    const entry = results.get(p.name);
    entry.times.push(msPerEpoch);
    entry.loss = loss;
    entry.params = params;
  }
  process.stderr.write(`digits round ${r + 1} of ${rounds} done\n`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rowsTrained = (await digitsSetup()).data.x.shape[0];
const base = results.get('plain');
const baseTime = median(base.times);
console.log(
  `\ndigits epoch: ${DIGITS.sizes.join('-')} (relu/identity), ${rowsTrained.toLocaleString('en')} training images in shuffled batches of ${DIGITS.batch} (${Math.ceil(rowsTrained / DIGITS.batch)} batches), crossEntropy on the labels, Adam lr ${DIGITS.lr}`,
);
console.log(
  `(mean of ${DIGITS.epochs} epochs after ${DIGITS.warmup}, each measurement its own process; the median and the fastest of ${rounds} rounds)`,
);
const baseFastest = Math.min(...base.times);
const rows = [
  ['peer', 'per epoch', '× plain loop', 'fastest', '× plain', 'loss and parameters after the last epoch'],
];
for (const p of PEERS) {
  const { times, loss, params } = results.get(p.name);
  const t = median(times);
  const fastest = Math.min(...times);
  let check;
  if (p.name === 'plain') check = `loss ${loss}`;
  else if (Object.is(loss, base.loss) && params === base.params) check = 'same bits as plain';
  else check = `DIFFERS: loss ${loss} vs ${base.loss}, parameters ${params} vs ${base.params}`;
  rows.push([
    p.label,
    `${t.toFixed(1)} ms`,
    (t / baseTime).toFixed(2),
    `${fastest.toFixed(1)} ms`,
    (fastest / baseFastest).toFixed(2),
    check,
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
for (const row of rows) {
  console.log(
    `  ${row.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`,
  );
}
