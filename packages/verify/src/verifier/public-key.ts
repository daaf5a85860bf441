import { createHash } from 'node:crypto';
import { VerifyError } from '../errors.js';
import { type TrustContext, type TrustedPublicKey, within } from '../trust/trust-context.js';

/** sigstore's key hint for a key: base64 of sha256 of its DER SubjectPublicKeyInfo. */
export function keyHint(spki: Uint8Array): string {
  return createHash('sha256').update(spki).digest('base64');
}

/** The key for a keyed bundle: a `--key` key (by hint, else the first), else a trusted key by hint. */
export function selectKey(hint: string, trust: TrustContext, times: Date[]): TrustedPublicKey {
  let key: TrustedPublicKey | undefined;
  if (trust.explicitKeys.length > 0) {
    key = trust.explicitKeys.find((candidate) => keyHint(candidate.spki) === hint) ?? trust.explicitKeys[0];
  } else {
    key = trust.keysByHint.get(hint);
  }
  if (key === undefined) {
    throw new VerifyError(
      'PUBLIC_KEY',
      `no trusted key for the bundle's key hint ${hint === '' ? '(none)' : hint}`,
      {
        expected: 'a key given with --key, or an npm registry key',
        found: hint === '' ? '(no hint)' : hint,
        hint: "give the signer's public key with --key",
      },
    );
  }
  for (const time of times) {
    if (!within(key.validFor, time)) {
      throw new VerifyError('PUBLIC_KEY', `${key.source} was not valid at ${time.toISOString()}`, {
        expected: `${key.validFor.start?.toISOString() ?? '-'} .. ${key.validFor.end?.toISOString() ?? '-'}`,
        found: time.toISOString(),
      });
    }
  }
  return key;
}
