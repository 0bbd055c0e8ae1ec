import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isControl } from '../src/output';
import { CLI, runCli } from './run-cli';

/** The one line a failed run writes on stderr (and that it is one line, without a stack trace). */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('output that cannot be written', () => {
  it('a full disk (> /dev/full) ends with one line and exit 1', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" xor --epochs 10 > /dev/full`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^deltagrad: cannot write the output: ENOSPC: no space left on device/);
  });
});

describe('control characters in arguments', () => {
  it('are escaped when an error echoes them', () => {
    const r = runCli(['xor', '--activation', '\u001b[31mred\nline\u0007']);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toBe(
      "deltagrad: --activation must be one of identity, sigmoid, tanh, relu, leakyRelu, softplus; got '\\u001b[31mred\\nline\\u0007'",
    );
    // Nothing but the final newline is a control character.
    expect([...r.stderr.trimEnd()].filter((c) => isControl(c.codePointAt(0)!))).toEqual([]);
  });

  it('in unknown options too', () => {
    const r = runCli(['xor', '--\u001b]0;title\u0007']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown option '--\\u001b\]0;title\\u0007'/);
  });
});

describe('memory', () => {
  it('a run larger than --memory-limit is refused before it starts, with the estimate and the limit', () => {
    const r = runCli(['xor', '--layers', '2,1024,1024,1', '--memory-limit', '100']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toMatch(
      /^deltagrad: this run needs about \d+ MB for 1,053,697 parameters, more than the memory limit of 100 MB \(--memory-limit in MB; default 80% of this machine's [\d.]+ [GT]B\): use smaller --layers$/,
    );
  });

  it('the default limit comes from the machine: ten billion parameters are refused anywhere', () => {
    const sizes = [2, ...Array(600).fill(4096), 1];
    const parameters = sizes.slice(1).reduce((n, out, l) => n + sizes[l]! * out + out, 0);
    const r = runCli(['xor', '--layers', sizes.join(','), '--epochs', '1']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(
      `for ${parameters.toLocaleString('en-US')} parameters, more than the memory limit of`,
    );
  });

  it('--json refuses a result line no string could hold', () => {
    const r = runCli(['xor', '--json', '--layers', '2,4096,4096,4096,1', '--memory-limit', '1000000']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--json would write 33,579,009 final parameters on one line/);
  });

  it('a sweep counts one run per worker', () => {
    const r = runCli([
      'sweep',
      '--seeds',
      '0..3',
      '--layers',
      '2,1024,1024,1',
      '--threads',
      '2',
      '--memory-limit',
      '250',
    ]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/\(2 workers × \d+ MB\).*or fewer --threads$/);
  });
});

describe('sweep', () => {
  it('--threads is capped by the cores', () => {
    const cores = availableParallelism();
    const r = runCli(['sweep', '--seeds', '0..1', '--threads', String(cores + 1)]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(
      `deltagrad: --threads must be an integer in [0, ${cores}] (this machine has ${cores} core${cores === 1 ? '' : 's'}); got '${cores + 1}'`,
    );
  });

  it('a worker silent past --watchdog fails the sweep with one line', () => {
    const r = runCli([
      'sweep',
      '--seeds',
      '0..3',
      '--layers',
      '2,64,1',
      '--threads',
      '1',
      '--watchdog',
      '0.001',
    ]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      'deltagrad: sweep worker 1 of 1 sent nothing for 1 ms (watchdog); stopped every worker',
    );
  });

  it('--json streams each seed as it finishes, and Ctrl-C still writes the summary of those (exit 130)', async () => {
    const child = spawn(process.execPath, [CLI, 'sweep', '--seeds', '0..199', '--threads', '1', '--json'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const firstSeed = new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) resolve();
      });
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // 200 seeds of 10,000 epochs take minutes: the first line can only be a streamed one.
    await firstSeed;
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(stderr).toBe('');
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const seeds = events.filter((e) => e.type === 'seed');
    expect(seeds.length).toBeGreaterThanOrEqual(1);
    expect(seeds.length).toBeLessThan(200);
    const summary = events.at(-1);
    expect(summary).toMatchObject({
      type: 'sweep',
      seeds: seeds.length,
      requested: 200,
      stopped: 'interrupted',
    });
    const counted =
      summary.counts.learned + summary.counts.slow + summary.counts.stuck + summary.counts.diverged;
    expect(counted).toBe(seeds.length);
  });
});
