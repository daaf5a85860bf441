import { CustodyError } from '@custody/core';

/**
 * Codes raised by `@custody/sbom`. Catalogers raise the lockfile codes; writers, readers and the
 * linter add theirs here.
 */
export type SbomErrorCode =
  /** A lockfile or manifest is not valid JSON/YAML/yarn syntax, or is cut short. */
  | 'MALFORMED_LOCKFILE'
  /** A lockfile declares a version of its format that custody does not read. */
  | 'UNSUPPORTED_LOCKFILE_VERSION'
  /** A file the scan needs cannot be read. */
  | 'UNREADABLE_INPUT'
  /** The directory to scan does not exist or is not a directory. */
  | 'NOT_A_DIRECTORY'
  /** An SBOM is not valid JSON, or is cut short (readers). */
  | 'MALFORMED_SBOM'
  /** A document is not SPDX 2.x/3.0 or CycloneDX JSON (readers). */
  | 'UNKNOWN_SBOM_FORMAT'
  /** A license expression does not parse as SPDX (parseLicenseExpression). */
  | 'INVALID_LICENSE_EXPRESSION'
  /** Document metadata given by the user is unusable (namespace, SOURCE_DATE_EPOCH, output format). */
  | 'INVALID_DOCUMENT_OPTION';

/** An error raised by `@custody/sbom`. */
export class SbomError extends CustodyError<SbomErrorCode> {
  override readonly name = 'SbomError';
}
