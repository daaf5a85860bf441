/** Levels in increasing verbosity. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Where log lines go: a writable with an optional TTY flag, as `process.stderr` is. */
export interface LogSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A progress line that redraws in place on a terminal and prints nothing elsewhere. */
export interface Progress {
  /** Replaces the progress text (throttled on a TTY). */
  update(text: string): void;
  /** Clears the line; prints `summary` as an info line when given. */
  done(summary?: string): void;
}

/** Diagnostics for humans on stderr; machine output never goes through the logger. */
export interface Logger {
  readonly level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  progress(label: string): Progress;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  /** Prefix of warning and error lines, `custody` by default. */
  name?: string;
  /** Minimum milliseconds between progress redraws. */
  throttleMs?: number;
}

/**
 * A logger for the CLI. Progress appears only when the sink is a TTY, so CI logs and redirected
 * stderr stay clean; warnings and errors always appear unless the level silences them.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const sink: LogSink = options.sink ?? process.stderr;
  const name = options.name ?? 'custody';
  const throttleMs = options.throttleMs ?? 100;
  const enabled = (l: LogLevel): boolean => RANK[l] <= RANK[level] && level !== 'silent';
  let progressShown = false;
  const clearProgress = (): void => {
    if (progressShown) {
      sink.write('\r\x1b[2K');
      progressShown = false;
    }
  };
  const line = (l: LogLevel, prefix: string, message: string): void => {
    if (!enabled(l)) return;
    clearProgress();
    sink.write(`${prefix}${message}\n`);
  };
  return {
    level,
    error: (m) => line('error', `${name}: error: `, m),
    warn: (m) => line('warn', `${name}: warning: `, m),
    info: (m) => line('info', '', m),
    debug: (m) => line('debug', `${name}: debug: `, m),
    progress(label: string): Progress {
      const tty = sink.isTTY === true && enabled('info');
      let last = 0;
      return {
        update(text: string) {
          if (!tty) return;
          const now = Date.now();
          if (now - last < throttleMs) return;
          last = now;
          const width = Math.max(20, (sink.columns ?? 80) - 1);
          sink.write(`\r\x1b[2K${`${label} ${text}`.slice(0, width)}`);
          progressShown = true;
        },
        done(summary?: string) {
          clearProgress();
          if (summary !== undefined) line('info', '', summary);
        },
      };
    },
  };
}

/** A logger that prints nothing: the default for library calls. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

/** Formats a byte count for progress lines (binary units, as skopeo and docker print them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
