#!/usr/bin/env node
/**
 * deltagrad: train XOR with autodiff and with the hand-derived δ equations in lockstep, and
 * show that they agree. Usage errors print one line and exit 2; failures exit 1.
 */
import { availableParallelism } from 'node:os';
// The vocabulary alone: --help and usage errors never load the engines (core, nn, manual).
import { CrosscheckError, OPTIONS } from '@deltagrad/crosscheck/options';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { defaultMemoryLimitMb } from './memory';
import { addExperimentOptions, integerIn, oneOf, optionKeys, positiveNumber, seedRange } from './options';
import { makeOutput, printable } from './output';

declare const __VERSION__: string;

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('deltagrad')
    .description('Backpropagation two ways — autodiff and the δ equations — and proof that they agree.')
    .version(typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0', '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Errors are printed by main() as one line; subcommands inherit this when created below.
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });

  const xor = program
    .command('xor', { isDefault: true })
    .description(
      'train XOR with both methods in lockstep (default: the seed experiment) and compare every gradient',
    );
  const xorConfig = addExperimentOptions(xor, optionKeys());
  xor
    .option('--json', 'write JSON lines (schema in the README)')
    .option('--quiet', 'print only the verdict')
    .option('--no-color', 'never use color')
    .addOption(memoryLimit())
    .action(
      async (
        flags: Record<string, unknown> & {
          json?: boolean;
          quiet?: boolean;
          color: boolean;
          memoryLimit: number;
        },
      ) => {
        const io = makeOutput(flags);
        const opts = {
          config: xorConfig(flags),
          json: Boolean(flags.json),
          quiet: Boolean(flags.quiet),
          memoryLimitMb: flags.memoryLimit,
        };
        // Loaded once the flags are valid: the engines (core, nn, manual) are most of the startup.
        const { xorCommand } = await import('./commands/xor');
        setExit(await xorCommand(opts, io));
      },
    );

  const sweep = program
    .command('sweep')
    .description('run many seeds (on every core) and count how many learn XOR, and how the others end');
  // --seeds replaces --seed; nothing is printed per epoch, so --every has nothing to do.
  const sweepConfig = addExperimentOptions(
    sweep,
    optionKeys((key) => key === 'seed' || key === 'every'),
  );
  const cores = availableParallelism();
  sweep
    .requiredOption('--seeds <range>', 'seeds to run, e.g. 0..199', seedRange)
    .option(
      '--threads <n>',
      `worker threads, at most one per core (default: ${cores}, one per core; 0 runs in this thread)`,
      integerIn('--threads', 0, cores, ` (this machine has ${cores} core${cores === 1 ? '' : 's'})`),
    )
    .option(
      '--watchdog <seconds>',
      'a worker that reports nothing for this long fails the sweep (default: 60)',
      positiveNumber('--watchdog'),
    )
    .option('--json', 'write JSON lines: one per seed as it finishes, then a summary')
    .option('--no-color', 'never use color')
    .addOption(memoryLimit())
    .action(
      async (
        flags: Record<string, unknown> & {
          seeds: number[];
          threads?: number;
          watchdog?: number;
          json?: boolean;
          memoryLimit: number;
        },
      ) => {
        const io = makeOutput(flags);
        // Loaded on demand: worker threads are only needed here.
        const { sweepCommand } = await import('./commands/sweep');
        setExit(
          await sweepCommand(
            {
              seeds: flags.seeds,
              config: sweepConfig(flags),
              json: Boolean(flags.json),
              threads: flags.threads ?? cores,
              watchdogMs: (flags.watchdog ?? 60) * 1000,
              memoryLimitMb: flags.memoryLimit,
            },
            io,
          ),
        );
      },
    );

  program
    .command('gradcheck')
    .description(
      "run the shared harness's checks on every op, or one: VJP and JVP against finite differences, JVP against VJP, Hessians two ways, vmap, edges",
    )
    .option('--op <name>', 'check only this op')
    .option('--json', 'write JSON lines')
    .option('--no-color', 'never use color')
    .action(async (flags: { op?: string; json?: boolean; color: boolean }) => {
      // Loaded on demand: the harness (and fast-check) is not needed by the other commands.
      const { gradcheckCommand } = await import('./commands/gradcheck');
      setExit(
        gradcheckCommand(
          { ...(flags.op === undefined ? {} : { op: flags.op }), json: Boolean(flags.json) },
          makeOutput(flags),
        ),
      );
    });

  const graph = program
    .command('graph')
    .description('print the computational graph of one forward and backward pass, with values and gradients');
  // The options that shape the graph: the network and its data.
  const graphConfig = addExperimentOptions(
    graph,
    optionKeys((key) => OPTIONS[key].group !== 'network' && OPTIONS[key].group !== 'data'),
  );
  graph
    .addOption(
      new Option('--format <format>', 'dot (Graphviz) or json')
        .default('dot')
        .argParser(oneOf('--format', ['dot', 'json'] as const)),
    )
    .action(async (flags: Record<string, unknown> & { format: 'dot' | 'json' }) => {
      const opts = { format: flags.format, config: graphConfig(flags) };
      const { graphCommand } = await import('./commands/graph');
      setExit(graphCommand(opts, makeOutput({})));
    });

  return program;
}

/** --memory-limit: the megabytes a run may use, checked against its estimate before it starts. */
function memoryLimit(): Option {
  const fallback = defaultMemoryLimitMb();
  return new Option(
    '--memory-limit <MB>',
    `refuse a run whose estimated memory is larger (default: ${fallback}, 80% of this machine's memory)`,
  )
    .argParser(positiveNumber('--memory-limit'))
    .default(fallback, String(fallback));
}

/** Commander's message as one line: "error: unknown option '--x'\n(Did you mean --lr?)" → one line. */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
}

/** The one line an error prints: what the user typed is shown escaped (see `printable`). */
function fail(message: string): void {
  process.stderr.write(`deltagrad: ${printable(message)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    const first = argv[0];
    const commands = program.commands.map((c) => c.name());
    // `help [command]` is commander's own, listed by --help.
    if (first !== undefined && !first.startsWith('-') && first !== 'help' && !commands.includes(first)) {
      throw new UsageError(`unknown command '${first}'; commands: ${commands.join(', ')}`);
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      fail(`${oneLine(error.message)} (see deltagrad --help)`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      fail(error.message);
      return EXIT.usage;
    }
    if (error instanceof CrosscheckError && error.code === 'INVALID_CONFIG') {
      // The error names its option by key; on the command line that option is a flag.
      fail(error.describe((key) => OPTIONS[key].flag));
      return EXIT.usage;
    }
    fail(oneLine(error instanceof Error ? error.message : String(error)));
    if (process.env.DELTAGRAD_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}

// A reader that stops early (`deltagrad xor | head -2`) closes the pipe: that ends the run quietly.
// Any other write error (a full disk, `> /dev/full`) ends it with one line and exit code 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  fail(`cannot write the output: ${error.message}`);
  process.exit(EXIT.failure);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
