import { loadTrust } from '../trust/trust-context.js';
import { verifyBundle } from '../verifier/verify-bundle.js';
import type { BatchItem, BatchOptions, BatchResult } from './batch-types.js';

/**
 * Verifies items in this thread with one cached trust context. Each bundle is verified in full:
 * only trust material (keys, CA chains) is reused between bundles, never a bundle's result.
 */
export function verifyBatchHere(items: BatchItem[], options: BatchOptions): BatchResult[] {
  const trust = loadTrust(options.trust ?? {});
  return items.map((item, index) => {
    const label = item.label ?? `bundle ${index + 1}`;
    const json = typeof item.bundle === 'string' ? (JSON.parse(item.bundle) as unknown) : item.bundle;
    const outcome = verifyBundle(json, {
      trust,
      label,
      ...(item.artifact !== undefined ? { artifact: item.artifact } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
    });
    const result: BatchResult = { label, verified: outcome.verified, checks: outcome.checks };
    if (outcome.error !== undefined) {
      result.error = { code: outcome.error.code, message: outcome.error.message };
      if (outcome.error.expected !== undefined) result.error.expected = outcome.error.expected;
      if (outcome.error.found !== undefined) result.error.found = outcome.error.found;
    }
    return result;
  });
}
