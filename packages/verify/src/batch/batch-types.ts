import type { IdentityPolicy } from '../policy/identity-policy.js';
import type { TrustOptions } from '../trust/trust-context.js';
import type { CheckResult } from '../verifier/checks.js';

/** One bundle of a batch. */
export interface BatchItem {
  /** The bundle JSON (an object, or its JSON text). */
  bundle: unknown;
  /** The artifact of a message signature, or the in-toto subject. */
  artifact?: Uint8Array;
  label?: string;
}

/** The outcome of one batch item (plain data: it crosses worker boundaries). */
export interface BatchResult {
  label: string;
  verified: boolean;
  checks: CheckResult[];
  error?: { code: string; message: string; expected?: string; found?: string };
}

/** What every worker of a pool verifies against; serializable, so each worker parses it once. */
export interface BatchOptions {
  trust?: Omit<TrustOptions, 'now'>;
  policy?: IdentityPolicy;
}
