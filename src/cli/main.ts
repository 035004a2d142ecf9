#!/usr/bin/env node
/** `gangrad`: the command-line entry point. */
import { COMMANDS, USAGE } from './commands.js';
import { HelpRequested, threadsFromEnvironment, UsageError } from './args.js';
import { TooLittleDataError } from '../io/too-little-data.js';
import { ColumnNotFoundError } from '../io/column-not-found.js';
import { EXIT, EXIT_CODES_HELP, installSignalHandlers } from './signals.js';
import { packageVersion } from './paths.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    console.log(packageVersion());
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`gangrad: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  installSignalHandlers();
  // A reader that stops early (`gangrad train … | head`) closes the pipe: the work goes on, unread,
  // rather than dying mid-run on the next progress line.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });
  }
  // Messages name what was run: `gangrad portfolio forecast: …`, not only the group.
  const name = entry.group && rest[0] && !rest[0].startsWith('-') && /^[a-z]+$/.test(rest[0]) ? `${command} ${rest[0]}` : command;
  try {
    threadsFromEnvironment(); // a bad GANGRAD_THREADS is a usage error before any work
    return (await entry.run(rest)) ?? EXIT.done;
  } catch (e) {
    if (e instanceof HelpRequested) {
      console.log(`${e.help}\n\n${EXIT_CODES_HELP}`);
      return EXIT.done;
    }
    // Library errors start with "gangrad: "; the command's own prefix replaces it.
    const message = (e as Error).message.replace(/^gangrad: /, '');
    // Too little data for what was asked, or a column name the file lacks, is the user's to change (a longer
    // file, a shorter window, another name), as an option is.
    if (e instanceof UsageError || e instanceof TooLittleDataError || e instanceof ColumnNotFoundError) {
      console.error(`gangrad ${name}: ${message}`);
      return EXIT.usage;
    }
    console.error(`gangrad ${name}: ${message}`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv.slice(2));
