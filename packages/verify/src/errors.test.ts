import { describe, expect, it } from 'vitest';
import { VerifyError, type VerifyErrorCode } from './errors.js';

// Every code and the exit status it gives (DEVELOPERS.md: 1 a check failed, 2 usage or input).
const STATUS: Record<VerifyErrorCode, number> = {
  BUNDLE_INVALID: 1,
  TRUSTED_ROOT_INVALID: 1,
  ARTIFACT_DIGEST: 1,
  TIMESTAMP: 1,
  CERTIFICATE_CHAIN: 1,
  CERTIFICATE_VALIDITY: 1,
  SCT: 1,
  PUBLIC_KEY: 1,
  SIGNATURE: 1,
  TLOG_ENTRY: 1,
  TLOG_BODY: 1,
  TLOG_INCLUSION_PROOF: 1,
  TLOG_SET: 1,
  THRESHOLD: 1,
  IDENTITY: 1,
  SUBJECT_DIGEST: 1,
  PREDICATE_TYPE: 1,
  PROVENANCE: 1,
  INPUT_UNREADABLE: 2,
  KEY_INVALID: 2,
  PASSWORD_MISSING: 2,
  USAGE: 2,
};

describe('VerifyError', () => {
  it.each(Object.entries(STATUS))('%s exits %i', (code, status) => {
    expect(new VerifyError(code as VerifyErrorCode, 'm').exitStatus).toBe(status);
  });
});
