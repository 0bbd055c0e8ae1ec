#!/usr/bin/env node
/**
 * deltagrad: train XOR with autodiff and with the hand-derived δ equations in lockstep, and
 * show that they agree. Usage errors print one line and exit 2; failures exit 1.
 */
import { CrosscheckError, OPTIONS } from '@deltagrad/crosscheck';
import { Command, CommanderError, Option } from 'commander';
import { graphCommand } from './commands/graph';
import { xorCommand } from './commands/xor';
import { EXIT, UsageError } from './errors';
import { addExperimentOptions, oneOf, optionKeys, seedRange } from './options';
import { makeOutput } from './output';

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
    .action(async (flags: Record<string, unknown> & { json?: boolean; quiet?: boolean; color: boolean }) => {
      const io = makeOutput(flags);
      setExit(
        await xorCommand(
          { config: xorConfig(flags), json: Boolean(flags.json), quiet: Boolean(flags.quiet) },
          io,
        ),
      );
    });

  const sweep = program
    .command('sweep')
    .description('run many seeds (on every core) and count how many learn XOR, and how the others end');
  // --seeds replaces --seed; nothing is printed per epoch, so --every has nothing to do.
  const sweepConfig = addExperimentOptions(
    sweep,
    optionKeys((key) => key === 'seed' || key === 'every'),
  );
  sweep
    .requiredOption('--seeds <range>', 'seeds to run, e.g. 0..199', seedRange)
    .option('--threads <n>', 'worker threads (default: one per core; 0 runs in this thread)', (v: string) =>
      oneThreadCount(v),
    )
    .option('--json', 'write JSON lines: one per seed, then a summary')
    .option('--no-color', 'never use color')
    .action(
      async (flags: Record<string, unknown> & { seeds: number[]; threads?: number; json?: boolean }) => {
        const io = makeOutput(flags);
        const opts = { seeds: flags.seeds, config: sweepConfig(flags), json: Boolean(flags.json) };
        // Loaded on demand: worker threads are only needed here.
        const { sweepCommand } = await import('./commands/sweep');
        setExit(
          await sweepCommand(flags.threads === undefined ? opts : { ...opts, threads: flags.threads }, io),
        );
      },
    );

  program
    .command('gradcheck')
    .description("run the shared harness's checks (gradcheck, gradgradcheck, edges) on every op, or one")
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
    .action((flags: Record<string, unknown> & { format: 'dot' | 'json' }) => {
      setExit(graphCommand({ format: flags.format, config: graphConfig(flags) }, makeOutput({})));
    });

  return program;
}

/** --threads: an integer ≥ 0. */
function oneThreadCount(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--threads must be an integer ≥ 0; got '${value}'`);
  }
  return n;
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
      process.stderr.write(`deltagrad: ${oneLine(error.message)} (see deltagrad --help)\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`deltagrad: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CrosscheckError && error.code === 'INVALID_CONFIG') {
      // The error names its option by key; on the command line that option is a flag.
      process.stderr.write(`deltagrad: ${error.describe((key) => OPTIONS[key].flag)}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`deltagrad: ${oneLine(message)}\n`);
    if (process.env.DELTAGRAD_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}

// A reader that stops early (`deltagrad xor | head -2`) closes the pipe: that ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
