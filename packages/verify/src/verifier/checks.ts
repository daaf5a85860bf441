import { isCustodyError } from '@custody/core';
import { VerifyError, type VerifyErrorCode } from '../errors.js';

/** The checks of a verification, in the order custody runs them. */
export type CheckName =
  | 'bundle'
  | 'artifact-digest'
  | 'subject-digest'
  | 'timestamps'
  | 'threshold'
  | 'certificate-chain'
  | 'sct'
  | 'public-key'
  | 'signature'
  | 'tlog-body'
  | 'tlog-inclusion'
  | 'identity'
  | 'predicate-type'
  | 'provenance';

/** One comparison of a policy or provenance requirement with what the bundle says. */
export interface Comparison {
  name: string;
  expected: string;
  found: string | undefined;
  ok: boolean;
}

/** The outcome of one check, as `--format json` prints it. */
export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** What was checked or, on failure, what is wrong. */
  detail: string;
  expected?: string;
  found?: string;
  /** On failure: the error code (the precise check that failed, such as TLOG_SET). */
  code?: VerifyErrorCode;
}

/**
 * Runs checks in order and records each. The first failure stops the run (later checks would
 * only repeat it); the error is kept for the caller to report.
 */
export class CheckRecorder {
  constructor(readonly results: CheckResult[] = []) {}

  /** Runs `body` as check `name`: records a pass with `detail`, or the failure, and rethrows it. */
  run<T>(name: CheckName, fallback: VerifyErrorCode, detail: (value: T) => string, body: () => T): T {
    try {
      const value = body();
      this.results.push({ check: name, ok: true, detail: detail(value) });
      return value;
    } catch (error) {
      const failure = asVerifyError(error, fallback);
      const result: CheckResult = { check: name, ok: false, detail: failure.message, code: failure.code };
      if (failure.expected !== undefined) result.expected = failure.expected;
      if (failure.found !== undefined) result.found = failure.found;
      this.results.push(result);
      throw failure;
    }
  }

  /**
   * Records each comparison (policy and provenance checks compare expected with found); the
   * first mismatch fails check `name` with `code`, its message made by `describe`.
   */
  compare(
    name: CheckName,
    code: VerifyErrorCode,
    comparisons: Comparison[],
    describe: (c: Comparison) => string,
  ): void {
    for (const comparison of comparisons) {
      if (comparison.ok) {
        this.pass(name, comparison.name, comparison.expected, comparison.found);
        continue;
      }
      this.run(
        name,
        code,
        () => '',
        () => {
          throw new VerifyError(code, describe(comparison), {
            expected: comparison.expected,
            found: comparison.found ?? '(absent)',
          });
        },
      );
    }
  }

  /** Records a passing comparison (policy checks record each comparison). */
  pass(name: CheckName, detail: string, expected?: string, found?: string): void {
    const result: CheckResult = { check: name, ok: true, detail };
    if (expected !== undefined) result.expected = expected;
    if (found !== undefined) result.found = found;
    this.results.push(result);
  }
}

/** Wraps a library error (VerificationError, TypeError, …) as the check's error code. */
export function asVerifyError(error: unknown, fallback: VerifyErrorCode): VerifyError {
  if (error instanceof VerifyError) return error;
  if (isCustodyError(error)) {
    return new VerifyError(fallback, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new VerifyError(fallback, message, { cause: error });
}
