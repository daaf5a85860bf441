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
  // upgrade plans
  | 'PLAN_UNSATISFIABLE'
  | 'NO_REPOSITORIES';

/** An error raised by `@custody/patch`. */
export class PatchError extends CustodyError<PatchErrorCode> {
  override readonly name = 'PatchError';
}
