import { CustodyError, type CustodyErrorDetails, type ErrorKind } from '@custody/core';

/**
 * Codes raised by `@custody/verify`. Each verification check has its own code (the check that
 * failed is the code), so a caller can tell a bad signature from an untrusted certificate.
 */
export type VerifyErrorCode =
  | 'BUNDLE_INVALID'
  | 'TRUSTED_ROOT_INVALID'
  | 'ARTIFACT_DIGEST'
  | 'TIMESTAMP'
  | 'CERTIFICATE_CHAIN'
  | 'CERTIFICATE_VALIDITY'
  | 'SCT'
  | 'PUBLIC_KEY'
  | 'SIGNATURE'
  | 'TLOG_ENTRY'
  | 'TLOG_BODY'
  | 'TLOG_INCLUSION_PROOF'
  | 'TLOG_SET'
  | 'THRESHOLD'
  | 'IDENTITY'
  | 'SUBJECT_DIGEST'
  | 'PREDICATE_TYPE'
  | 'PROVENANCE'
  | 'INPUT_UNREADABLE'
  | 'KEY_INVALID'
  | 'PASSWORD_MISSING'
  | 'USAGE';

const KIND: Record<VerifyErrorCode, ErrorKind> = {
  BUNDLE_INVALID: 'check',
  TRUSTED_ROOT_INVALID: 'check',
  ARTIFACT_DIGEST: 'check',
  TIMESTAMP: 'check',
  CERTIFICATE_CHAIN: 'check',
  CERTIFICATE_VALIDITY: 'check',
  SCT: 'check',
  PUBLIC_KEY: 'check',
  SIGNATURE: 'check',
  TLOG_ENTRY: 'check',
  TLOG_BODY: 'check',
  TLOG_INCLUSION_PROOF: 'check',
  TLOG_SET: 'check',
  THRESHOLD: 'check',
  IDENTITY: 'check',
  SUBJECT_DIGEST: 'check',
  PREDICATE_TYPE: 'check',
  PROVENANCE: 'check',
  INPUT_UNREADABLE: 'input',
  KEY_INVALID: 'input',
  PASSWORD_MISSING: 'usage',
  USAGE: 'usage',
};

/** An error raised by `@custody/verify`; failed checks exit 1, unreadable input exits 2. */
export class VerifyError extends CustodyError<VerifyErrorCode> {
  override readonly name = 'VerifyError';

  constructor(code: VerifyErrorCode, message: string, details: CustodyErrorDetails = {}) {
    super(code, KIND[code], message, details);
  }
}
