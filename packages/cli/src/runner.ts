import type { Logger, LogLevel } from '@custody/core';

/** Options every command accepts. */
export interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

/** What a command action receives besides its arguments. */
export interface CommandContext {
  logger: Logger;
  /** Machine output (documents, JSON): stdout unless a command writes a file. */
  stdout: NodeJS.WritableStream;
}

function levelOf(options: GlobalOptions): LogLevel {
  if (options.debug === true) return 'debug';
  if (options.quiet === true) return 'error';
  if (options.verbose === true) return 'debug';
  return 'info';
}

/**
 * Runs one command action: builds the logger, maps errors to exit statuses and prints them as one
 * line (a stack trace only with `--debug`). The action returns the exit status it wants (0 or 1).
 */
export async function runAction(
  options: GlobalOptions,
  action: (context: CommandContext) => Promise<number | undefined>,
): Promise<void> {
  // The bin is a minified bundle: with --debug, stack traces are mapped back to the TypeScript
  // sources through the bundle's source maps (which chain through each package's own).
  if (options.debug === true) process.setSourceMapsEnabled(true);
  const core = await import('@custody/core');
  const logger = core.createLogger({ level: levelOf(options) });
  try {
    const status = await action({ logger, stdout: process.stdout });
    process.exitCode = status ?? 0;
  } catch (error) {
    if (core.isCustodyError(error)) {
      logger.error(error.toLine());
      if (options.debug === true && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitStatus;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error(`internal error: ${message}`);
    if (options.debug === true && error instanceof Error && error.stack !== undefined) {
      process.stderr.write(`${error.stack}\n`);
    } else {
      process.stderr.write('custody: run again with --debug for details, and report it if it persists\n');
    }
    process.exitCode = core.ExitStatus.internalOrNetwork;
  }
}
