#!/usr/bin/env node
/**
 * deltagrad: train XOR with autodiff and with the hand-derived δ equations in lockstep, and
 * show that they agree. Usage errors print one line and exit 2; failures exit 1.
 */
import {
  ACTIVATIONS,
  CrosscheckError,
  DATASETS,
  type ExperimentConfig,
  INITS,
  LOSSES,
  METHODS,
  OPTIMIZERS,
} from '@deltagrad/crosscheck';
import { Command, CommanderError, Option } from 'commander';
import { graphCommand } from './commands/graph';
import { xorCommand } from './commands/xor';
import { EXIT, UsageError } from './errors';
import { integerAtLeast, layers, oneOf, positiveNumber, seedRange } from './options';
import { makeOutput } from './output';

declare const __VERSION__: string;

interface ConfigFlags {
  layers?: number[];
  activation?: ExperimentConfig['activation'];
  loss?: ExperimentConfig['loss'];
  optimizer?: ExperimentConfig['optimizer'];
  lr?: number;
  epochs?: number;
  seed?: number;
  init?: ExperimentConfig['init'];
  dataset?: ExperimentConfig['dataset'];
}

/** The experiment options shared by xor, sweep and graph. */
function withConfigOptions(cmd: Command, defaults = true): Command {
  const d = (text: string) => (defaults ? ` (default: ${text})` : '');
  return cmd
    .option('--layers <sizes>', `layer sizes, e.g. 2,4,1${d('2,2,1')}`, layers)
    .option(
      '--activation <name>',
      `hidden-layer activation: ${ACTIVATIONS.join(', ')}${d('sigmoid')}`,
      oneOf('--activation', ACTIVATIONS),
    )
    .option(
      '--loss <name>',
      `loss whose gradients are compared: ${LOSSES.join(', ')}${d('halfSSE')}`,
      oneOf('--loss', LOSSES),
    )
    .option(
      '--optimizer <name>',
      `update rule: ${OPTIMIZERS.join(', ')}${d('sgd')}`,
      oneOf('--optimizer', OPTIMIZERS),
    )
    .option('--lr <rate>', `learning rate${d('0.1')}`, positiveNumber('--lr'))
    .option('--epochs <n>', `epochs${d('10000')}`, integerAtLeast('--epochs', 1))
    .option('--init <name>', `initial weights: ${INITS.join(', ')}${d('numpy')}`, oneOf('--init', INITS))
    .option(
      '--dataset <name>',
      `training data: ${DATASETS.join(', ')}${d('xor')}`,
      oneOf('--dataset', DATASETS),
    );
}

function configFrom(flags: ConfigFlags): Partial<ExperimentConfig> {
  const c: Partial<ExperimentConfig> = {};
  if (flags.layers) c.layers = flags.layers;
  if (flags.activation) c.activation = flags.activation;
  if (flags.loss) c.loss = flags.loss;
  if (flags.optimizer) c.optimizer = flags.optimizer;
  if (flags.lr !== undefined) c.lr = flags.lr;
  if (flags.epochs !== undefined) c.epochs = flags.epochs;
  if (flags.seed !== undefined) c.seed = flags.seed;
  if (flags.init) c.init = flags.init;
  if (flags.dataset) c.dataset = flags.dataset;
  return c;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('deltagrad')
    .description('Backpropagation two ways — autodiff and the δ equations — and proof that they agree.')
    .version(typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0', '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Errors are printed by main() as one line; subcommands inherit this when created below.
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });

  withConfigOptions(
    program
      .command('xor', { isDefault: true })
      .description(
        'train XOR with both methods in lockstep (default: the seed experiment) and compare every gradient',
      ),
  )
    .option('--seed <n>', 'seed of the initial weights (default: 42)', integerAtLeast('--seed', 0))
    .option('--every <n>', 'print every n epochs (default: 1000)', integerAtLeast('--every', 1))
    .addOption(
      new Option('--method <name>', `engines to run: ${METHODS.join(', ')} (default: both)`).argParser(
        oneOf('--method', METHODS),
      ),
    )
    .option(
      '--fd-every <n>',
      'also compare with finite differences every n epochs (default: never)',
      integerAtLeast('--fd-every', 1),
    )
    .option('--json', 'write JSON lines (schema in the README)')
    .option('--quiet', 'print only the verdict')
    .option('--no-color', 'never use color')
    .action(
      async (
        flags: ConfigFlags & {
          every?: number;
          method?: ExperimentConfig['method'];
          fdEvery?: number;
          json?: boolean;
          quiet?: boolean;
          color: boolean;
        },
      ) => {
        const config = configFrom(flags);
        if (flags.every !== undefined) config.every = flags.every;
        if (flags.method) config.method = flags.method;
        if (flags.fdEvery !== undefined) config.finiteDifferenceEvery = flags.fdEvery;
        const io = makeOutput(flags);
        setExit(await xorCommand({ config, json: Boolean(flags.json), quiet: Boolean(flags.quiet) }, io));
      },
    );

  withConfigOptions(
    program.command('sweep').description('run many seeds (on every core) and count how many learn XOR'),
  )
    .requiredOption('--seeds <range>', 'seeds to run, e.g. 0..199', seedRange)
    .option(
      '--threads <n>',
      'worker threads (default: one per core; 0 runs in this thread)',
      integerAtLeast('--threads', 0),
    )
    .option('--json', 'write JSON lines: one per seed, then a summary')
    .option('--no-color', 'never use color')
    .action(
      async (flags: ConfigFlags & { seeds: number[]; threads?: number; json?: boolean; color: boolean }) => {
        const io = makeOutput(flags);
        const opts = { seeds: flags.seeds, config: configFrom(flags), json: Boolean(flags.json) };
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

  withConfigOptions(
    program
      .command('graph')
      .description(
        'print the computational graph of one forward and backward pass, with values and gradients',
      ),
  )
    .option('--seed <n>', 'seed of the initial weights (default: 42)', integerAtLeast('--seed', 0))
    .addOption(
      new Option('--format <format>', 'dot (Graphviz) or json')
        .default('dot')
        .argParser(oneOf('--format', ['dot', 'json'] as const)),
    )
    .action((flags: ConfigFlags & { format: 'dot' | 'json' }) => {
      setExit(graphCommand({ format: flags.format, config: configFrom(flags) }, makeOutput({})));
    });

  return program;
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
    if (
      error instanceof UsageError ||
      (error instanceof CrosscheckError && error.code === 'INVALID_CONFIG')
    ) {
      // The experiment's own checks name its config keys; on the command line they are flags.
      const message = error.message.replace(/^([a-z][A-Za-z]*) (must|has|is)\b/, '--$1 $2');
      process.stderr.write(`deltagrad: ${message}\n`);
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
