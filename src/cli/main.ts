#!/usr/bin/env node
/** `gangrad`: the command-line entry point. */
import { trainCommand } from './train.js';
import { sampleCommand } from './sample.js';
import { evalCommand } from './eval.js';
import { reportCommand } from './report.js';
import { UsageError } from './args.js';
import { EXIT, EXIT_CODES_HELP, installSignalHandlers } from './signals.js';

const USAGE = `gangrad: synthetic daily market returns with a GAN

Usage: gangrad <command> [options]    (gangrad <command> --help for each)

  train    learn the distribution of daily returns from a CSV of prices
  sample   generate synthetic return series and price paths
  eval     compare synthetic, real (test part) and Gaussian returns on the stylized facts
  report   write a self-contained HTML report with charts
  forecast the distribution of the next days' return from a date's close (VaR, ES, scenarios)
  backtest judge the model's VaR/ES forecasts on the test part, beside GJR-GARCH, FHS, HS and EWMA
  tabular  a class-conditional GAN for tables (gangrad tabular --help)

${EXIT_CODES_HELP}
`;

const commands: Record<string, (argv: string[]) => Promise<number | void>> = {
  train: trainCommand,
  sample: sampleCommand,
  eval: evalCommand,
  report: reportCommand,
  forecast: async (argv) => (await import('./forecast.js')).forecastCommand(argv),
  backtest: async (argv) => (await import('./backtest.js')).backtestCommand(argv),
  // Loaded on use: the return-GAN commands do not pay for the tabular modules.
  tabular: async (argv) => (await import('./tabular.js')).tabularCommand(argv),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    console.error(`gangrad: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  installSignalHandlers();
  try {
    return (await run(rest)) ?? EXIT.done;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`gangrad ${command}: ${e.message}`);
      return EXIT.usage;
    }
    console.error(`gangrad ${command}: ${(e as Error).message}`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv.slice(2));
