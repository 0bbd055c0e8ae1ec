#!/usr/bin/env node
// `pnpm bench`: every workload of src/workloads.mjs on every peer, each measurement in its own
// process, for several rounds; prints the median CPU time and wall time per step, GFLOP/s and the
// ratios to the plain Float64Array loop written in this folder (src/summary.mjs), and checks that
// deltagrad's losses equal the plain loop's to the bit; then the digits epoch
// (src/digits/run.mjs). A measurement, not a test: nothing here asserts a time.
//
//   node run.mjs [--rounds N] [--workloads seed,wide,digits] [--peers plain,core] [--install-tfjs]
//   pnpm bench -- [the same options]        (from the repository root: builds first)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './src/summary.mjs';
import { TFJS_DIR, TFJS_VERSION } from './src/tfjs-cache.mjs';
import { flopsPerStep, WORKLOADS } from './src/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (args.includes('--install-tfjs')) {
  mkdirSync(TFJS_DIR, { recursive: true });
  writeFileSync(join(TFJS_DIR, 'package.json'), '{"name":"deltagrad-bench-tfjs","private":true}');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      `@tensorflow/tfjs@${TFJS_VERSION}`,
      `@tensorflow/tfjs-backend-wasm@${TFJS_VERSION}`,
    ],
    { cwd: TFJS_DIR, stdio: 'inherit' },
  );
}

const python = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const tfjs = existsSync(join(TFJS_DIR, 'node_modules', '@tensorflow', 'tfjs'));

/** The peers, deltagrad's first. `exact`: its losses must equal the plain loop's bit for bit. */
const PEERS = [
  { name: 'core', label: 'core eager, JS kernels', exact: true },
  { name: 'core-wasm', file: 'core', kernels: 'wasm', label: 'core eager, WASM kernels', exact: true },
  { name: 'compiled', label: 'core compiled, JS kernels', exact: true },
  {
    name: 'compiled-wasm',
    file: 'compiled',
    kernels: 'wasm',
    label: 'core compiled, WASM kernels',
    exact: true,
  },
  { name: 'nn', label: 'nn (README loop)', exact: true },
  { name: 'manual', label: 'manual (δ equations)', exact: true },
  { name: 'plain', label: 'plain Float64Array loop', exact: true },
  { name: 'numpy', label: 'NumPy, 1 thread', available: python, why: 'no python3 with numpy' },
  { name: 'tfjs-wasm', label: 'tfjs wasm (float32)', available: tfjs, why: 'see --install-tfjs' },
  { name: 'tfjs-cpu', label: 'tfjs cpu (float32)', available: tfjs, why: 'see --install-tfjs' },
];

/** Stops with one readable line (no stack trace) for an option it cannot use. */
function refuse(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
/** A comma-separated list option, each name checked against `known`. */
function listOption(name, known) {
  const list = option(name);
  if (list === undefined) return undefined;
  const names = list.split(',');
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || list === '')
    refuse(
      `--${name}: unknown ${unknown.map((n) => `'${n}'`).join(', ') || "''"} (choose from ${known.join(', ')})`,
    );
  return names;
}

const rounds = Number(option('rounds', 5));
if (!Number.isInteger(rounds) || rounds < 1)
  refuse(`--rounds must be a positive integer, got ${option('rounds')}`);
const chosenWorkloads = listOption('workloads', [...WORKLOADS.map((w) => w.name), 'digits']);
const chosenPeers = listOption(
  'peers',
  PEERS.map((p) => p.name),
);
const wanted = (name, list) => !list || list.includes(name);
const workloads = WORKLOADS.filter((w) => wanted(w.name, chosenWorkloads));
const peers = PEERS.filter((p) => wanted(p.name, chosenPeers));

function measure(workload, peer) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  let cmd = process.execPath;
  let argv = [join(here, 'src', 'measure.mjs'), workload.name, peer.file ?? peer.name];
  if (peer.kernels) env.DELTAGRAD_BENCH_KERNELS = peer.kernels;
  if (peer.name === 'numpy') {
    cmd = 'python3';
    argv = [join(here, 'src', 'numpy_peer.py'), workload.name];
    env.DELTAGRAD_BENCH_WORKLOAD = JSON.stringify(workload);
  } else if (peer.name.startsWith('tfjs-')) {
    argv = [join(here, 'src', 'measure.mjs'), workload.name, 'tfjs'];
    env.DELTAGRAD_BENCH_TFJS_BACKEND = peer.name.slice(5);
  }
  const out = spawnSync(cmd, argv, { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${peer.name} on ${workload.name} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

/** A ratio to the plain loop's, or a dash when the plain loop was not run (--peers without plain). */
const fmtRatio = (ratio) => (Number.isNaN(ratio) ? '—' : ratio.toFixed(2));
const fmtTime = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us < 10 ? 2 : 1)} µs`);

// The step workloads; the digits epoch (below) has its own table.
if (workloads.length > 0) stepTables();

function stepTables() {
  const results = new Map(); // `${workload}/${peer}` -> { rounds: [measurement, …], loss }
  for (let r = 0; r < rounds; r++) {
    for (const w of workloads) {
      for (const p of peers) {
        if (p.available === false) continue;
        const measurement = measure(w, p);
        const key = `${w.name}/${p.name}`;
        const entry = results.get(key) ?? { rounds: [], loss: measurement.loss };
        entry.rounds.push(measurement);
        results.set(key, entry);
      }
    }
    process.stderr.write(`round ${r + 1} of ${rounds} done\n`);
  }

  console.log(
    `deltagrad benchmark: one training step (forward, backward, SGD update), median of ${rounds} rounds,`,
  );
  console.log("each measurement its own process. CPU: the process's CPU time per step (all its threads,");
  console.log('GC helpers included); wall: the median step (of up to 200 chunks); × plain: over the plain');
  console.log("loop's, from this run. GFLOP/s (on CPU time) counts 3 matrix products per layer");
  console.log("(2·batch·in·out each); GC: the share of the timed steps' wall time spent in GC pauses.");
  for (const w of workloads) {
    const base = results.get(`${w.name}/plain`);
    const plain = base ? summarise(base.rounds, flopsPerStep(w)) : undefined;
    console.log(`\n${w.title} (${w.activations.join('/')}, ${w.steps} timed steps after ${w.warmup})`);
    const rows = [['peer', 'CPU/step', '× plain', 'wall/step', '× plain', 'GFLOP/s', 'GC', 'final loss']];
    for (const p of peers) {
      if (p.available === false) {
        rows.push([p.label, '—', '—', '—', '—', '—', '—', `not run (${p.why})`]);
        continue;
      }
      const entry = results.get(`${w.name}/${p.name}`);
      const row = summarise(entry.rounds, flopsPerStep(w), plain);
      let check;
      if (!base) check = String(entry.loss);
      else if (p.exact)
        check = Object.is(entry.loss, base.loss)
          ? 'same bits as plain'
          : `DIFFERS: ${entry.loss} vs ${base.loss}`;
      else check = `rel. diff ${(Math.abs(entry.loss - base.loss) / Math.abs(base.loss)).toExponential(1)}`;
      rows.push([
        p.label,
        fmtTime(row.cpuUs),
        fmtRatio(row.cpuRatio),
        fmtTime(row.wallUs),
        fmtRatio(row.wallRatio),
        row.gflops.toFixed(2),
        row.gcShare === undefined ? '—' : `${(row.gcShare * 100).toFixed(0)} %`,
        check,
      ]);
    }
    const left = new Set([0, rows[0].length - 1]);
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    for (const row of rows)
      console.log(
        `  ${row.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`.trimEnd(),
      );
  }
}

// The digits epoch (nn's fit against the same epoch by hand) has its own table: src/digits/run.mjs.
if (wanted('digits', chosenWorkloads)) await import('./src/digits/run.mjs');
