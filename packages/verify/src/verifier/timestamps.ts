import type { SignedEntity } from '@sigstore/verify/dist/shared.types.js';
import { getTLogTimestamp, getTSATimestamp } from '@sigstore/verify/dist/timestamp/index.js';
import { VerifyError } from '../errors.js';
import type { TrustContext } from '../trust/trust-context.js';

/**
 * Verifies every timestamp of the bundle (RFC 3161 by a TSA of the trusted root; a log entry's
 * integrated time when it has a SET, checked with the entry later) and returns the trusted times.
 * Each verified time is appended to `record`.
 */
export function verifyTimestamps(
  entity: SignedEntity,
  trust: TrustContext,
  record: { source: 'tlog' | 'tsa'; time: string }[],
): Date[] {
  const times: Date[] = [];
  const seen = new Set<string>();
  for (const timestamp of entity.timestamps) {
    if (timestamp.$case === 'timestamp-authority') {
      try {
        const verified = getTSATimestamp(
          timestamp.timestamp,
          entity.signature.signature,
          trust.material.timestampAuthorities,
        );
        times.push(verified.timestamp);
        record.push({ source: 'tsa', time: verified.timestamp.toISOString() });
        key(seen, `tsa:${verified.logID.toString('hex')}:${verified.timestamp.getTime()}`);
      } catch (error) {
        const signer = distinguishedName(timestamp.timestamp.signerIssuer);
        const github = /github/i.test(signer);
        const roots = trust.roots.map((root) => root.source).join(', ');
        throw new VerifyError(
          'TIMESTAMP',
          `RFC 3161 timestamp issued under "${signer}" does not verify against the timestamp authorities of ${roots}${github ? ": it comes from GitHub's own Sigstore instance, so it needs GitHub's trusted root" : ''}`,
          {
            expected: 'a timestamp over this signature by a TSA of the trusted root, within its validity',
            found: `timestamp by "${signer}" at ${timestamp.timestamp.signingTime.toISOString()}`,
            hint: github
              ? "give GitHub's trusted root with --trusted-root (gh attestation trusted-root > root.jsonl)"
              : undefined,
            cause: error,
          },
        );
      }
    } else {
      const verified = getTLogTimestamp(timestamp.tlogEntry);
      if (verified === undefined) continue;
      times.push(verified.timestamp);
      record.push({ source: 'tlog', time: verified.timestamp.toISOString() });
      key(seen, `tlog:${verified.logID.toString('hex')}:${verified.timestamp.getTime()}`);
    }
  }
  return times;
}

/** The printable attributes of a DER Name (O=…, CN=…), for messages. */
function distinguishedName(der: Buffer): string {
  const parts: string[] = [];
  // AttributeTypeAndValue: OID 2.5.4.x (06 03 55 04 xx) followed by a string (tag, short length).
  for (let index = 0; index + 6 < der.length; index++) {
    if (
      der[index] === 0x06 &&
      der[index + 1] === 0x03 &&
      der[index + 2] === 0x55 &&
      der[index + 3] === 0x04
    ) {
      const attribute = der[index + 4] === 0x03 ? 'CN' : der[index + 4] === 0x0a ? 'O' : undefined;
      const length = der[index + 6] as number;
      if (attribute !== undefined && length < 0x80) {
        parts.push(`${attribute}=${der.subarray(index + 7, index + 7 + length).toString('utf8')}`);
      }
    }
  }
  return parts.length > 0 ? parts.join(', ') : 'an unknown issuer';
}

function key(seen: Set<string>, value: string): void {
  if (seen.has(value)) throw new VerifyError('TIMESTAMP', 'duplicate timestamp in the bundle');
  seen.add(value);
}
