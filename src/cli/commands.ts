/** The `gangrad` commands: each one's summary for `gangrad --help` and the function that runs it. */
import { trainCommand } from './train.js';
import { sampleCommand } from './sample.js';
import { evalCommand } from './eval.js';
import { reportCommand } from './report.js';
import { EXIT_CODES_HELP } from './signals.js';
import { ENVIRONMENT_HELP } from './args.js';

/** One command: the line `gangrad --help` shows, and the command itself (an exit code, or void for 0). */
export interface Command {
  summary: string;
  run: (argv: string[]) => Promise<number | void>;
  /** A group (`gangrad portfolio train …`): its messages are prefixed with the subcommand too. */
  group?: boolean;
}

/** Every `gangrad` command by name: how it runs and its help. */
export const COMMANDS: Record<string, Command> = {
  train: { summary: 'learn the distribution of daily returns from a CSV of prices', run: trainCommand },
  sample: { summary: 'generate synthetic return series and price paths', run: sampleCommand },
  eval: {
    summary: 'compare the GAN with GARCH-t, GJR-GARCH-t, a block bootstrap and a Gaussian, all fitted on the\n           training part: on the real test part and on long paths against the whole series',
    run: evalCommand,
  },
  report: { summary: 'write a self-contained HTML report with charts', run: reportCommand },
  forecast: {
    summary: "the distribution of the next days' return from a date's close: quantiles, VaR, ES, scenarios",
    run: async (argv) => (await import('./forecast.js')).forecastCommand(argv),
  },
  backtest: {
    summary: "judge the model's VaR/ES forecasts on the test part beside GJR-GARCH-t, FHS, HS and EWMA",
    run: async (argv) => (await import('./backtest.js')).backtestCommand(argv),
  },
  portfolio: {
    summary: 'a joint GAN of several assets, beside copula-GJR and a block bootstrap (gangrad portfolio --help)',
    run: async (argv) => (await import('./portfolio.js')).portfolioCommand(argv), group: true,
  },
  // Loaded on use: the return-GAN commands do not pay for the tabular modules.
  tabular: { summary: 'a class-conditional GAN for tables (gangrad tabular --help)', run: async (argv) => (await import('./tabular.js')).tabularCommand(argv), group: true },
};

// The summaries' column: after the longest command name (continuation lines of a summary align with it).
const NAME_WIDTH = Math.max(...Object.keys(COMMANDS).map((name) => name.length));

/** `gangrad --help`. */
export const USAGE = `gangrad: synthetic daily market returns and synthetic tables with a GAN

Usage: gangrad <command> [options]    (gangrad <command> --help for each; gangrad --version)

${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(NAME_WIDTH)}  ${c.summary.replace(/\n\s*/g, `\n${' '.repeat(NAME_WIDTH + 4)}`)}`).join('\n')}

${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}
`;
