import { CustodyError } from '@custody/core';

/** Codes raised by `@custody/policy`. */
export type PolicyErrorCode =
  | 'POLICY_NOT_FOUND'
  | 'POLICY_SYNTAX'
  | 'POLICY_INVALID'
  | 'POLICY_EXTENDS_CYCLE'
  | 'POLICY_FAILED'
  | 'SBOM_INVALID'
  | 'OUTPUT_INVALID';

/** An error raised by `@custody/policy`. */
export class PolicyError extends CustodyError<PolicyErrorCode> {
  override readonly name = 'PolicyError';
}
