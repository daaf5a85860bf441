/**
 * What kind of failure an error is. The kind, not the code, decides the exit status, so that
 * every package can add codes without the CLI learning about them.
 */
export type ErrorKind = 'check' | 'usage' | 'input' | 'network' | 'internal';

/** Exit statuses of the custody CLI (see README "Exit codes"). */
export const ExitStatus = {
  ok: 0,
  checkFailed: 1,
  usageOrInput: 2,
  internalOrNetwork: 3,
} as const;
export type ExitStatus = (typeof ExitStatus)[keyof typeof ExitStatus];

const EXIT_BY_KIND: Record<ErrorKind, ExitStatus> = {
  check: ExitStatus.checkFailed,
  usage: ExitStatus.usageOrInput,
  input: ExitStatus.usageOrInput,
  network: ExitStatus.internalOrNetwork,
  internal: ExitStatus.internalOrNetwork,
};

/** The exit status an error kind maps to. */
export function exitStatusOf(kind: ErrorKind): ExitStatus {
  return EXIT_BY_KIND[kind];
}

/** Fields every custody error may carry besides its message. */
export interface CustodyErrorDetails {
  /** The input the error is about: a file path, an image reference, a URL. */
  input?: string;
  /** 1-based line in `input`, where known. */
  line?: number;
  /** What was expected, for messages of the form "expected X, found Y". */
  expected?: string;
  /** What was found instead. */
  found?: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/**
 * The base of every error custody raises on purpose. Each package declares its own code union
 * (`OciErrorCode`, `SbomErrorCode`, …) and passes it as `Code`; the CLI prints `message` and
 * exits with `exitStatus`, never a stack trace.
 */
export class CustodyError<Code extends string = string> extends Error {
  override readonly name: string = 'CustodyError';
  readonly code: Code;
  readonly kind: ErrorKind;
  readonly input?: string;
  readonly line?: number;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;

  constructor(code: Code, kind: ErrorKind, message: string, details: CustodyErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.kind = kind;
    if (details.input !== undefined) this.input = details.input;
    if (details.line !== undefined) this.line = details.line;
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.found !== undefined) this.found = details.found;
    if (details.hint !== undefined) this.hint = details.hint;
  }

  /** The CLI exit status for this error. */
  get exitStatus(): ExitStatus {
    return exitStatusOf(this.kind);
  }

  /**
   * One line for a terminal: `input:line: message (hint)`. The input is prefixed only when the
   * message does not already name it.
   */
  toLine(): string {
    let where = '';
    if (this.input !== undefined && !this.message.includes(this.input)) {
      where = this.line !== undefined ? `${this.input}:${this.line}: ` : `${this.input}: `;
    }
    const hint = this.hint !== undefined ? ` (${this.hint})` : '';
    return `${where}${this.message}${hint}`;
  }
}

/** True when `value` is a CustodyError (also across duplicated module instances). */
export function isCustodyError(value: unknown): value is CustodyError {
  return (
    value instanceof CustodyError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { kind?: unknown }).kind === 'string' &&
      typeof (value as { toLine?: unknown }).toLine === 'function')
  );
}

/** Codes raised by `@custody/core` itself. */
export type CoreErrorCode =
  | 'INVALID_DIGEST'
  | 'DIGEST_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'INVALID_PURL'
  | 'INVALID_VERSION'
  | 'WRITE_FAILED'
  | 'READ_FAILED';

/** An error raised by `@custody/core`. */
export class CoreError extends CustodyError<CoreErrorCode> {
  override readonly name = 'CoreError';
}
