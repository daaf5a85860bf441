import { CustodyError } from '@custody/core';

/** Codes raised by `@custody/patch`. */
export type PatchErrorCode =
  // rootfs, report and plan input
  | 'ROOTFS_NOT_FOUND'
  | 'DPKG_STATUS_INVALID'
  | 'PREFERENCES_INVALID'
  | 'ARCHITECTURE_UNKNOWN'
  | 'REPORT_INVALID'
  | 'INDEX_INVALID'
  // repositories (sources, Release verification, fetching); authentication failures are
  // kind 'input' (exit 2): a tampered or stale repository is bad input to the plan, not a plan
  // that cannot be satisfied (1) nor an unreachable one (3).
  | 'SOURCES_INVALID'
  | 'KEYRING_INVALID'
  | 'RELEASE_INVALID'
  | 'RELEASE_NOT_SIGNED'
  | 'RELEASE_SIGNATURE_INVALID'
  | 'RELEASE_KEY_UNKNOWN'
  | 'RELEASE_KEY_EXPIRED'
  | 'RELEASE_KEY_REVOKED'
  | 'RELEASE_WEAK_DIGEST'
  | 'RELEASE_EXPIRED'
  | 'RELEASE_DATE_IN_FUTURE'
  | 'RELEASE_REPLAYED'
  | 'INDEX_NOT_LISTED'
  | 'INDEX_DIGEST_MISMATCH'
  | 'DEB_DIGEST_MISMATCH'
  | 'DEB_INVALID'
  | 'REPOSITORY_UNREACHABLE'
  | 'CACHE_FAILED'
  // upgrade plans
  | 'PLAN_UNSATISFIABLE'
  | 'NOTHING_REQUESTED'
  | 'NO_REPOSITORIES';

/** An error raised by `@custody/patch`. */
export class PatchError extends CustodyError<PatchErrorCode> {
  override readonly name = 'PatchError';
}
