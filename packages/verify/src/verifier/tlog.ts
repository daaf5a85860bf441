import { createHash } from 'node:crypto';
import type { Bundle, TransparencyLogEntry } from '@sigstore/bundle';
import { dsse, X509Certificate } from '@sigstore/core';
import { Entry } from '@sigstore/protobuf-specs/rekor/v2';
import type { TrustMaterial } from '@sigstore/verify';
import type { SignatureContent } from '@sigstore/verify/dist/shared.types.js';
import { verifyCheckpoint } from '@sigstore/verify/dist/tlog/checkpoint.js';
import { verifyTLogBody } from '@sigstore/verify/dist/tlog/index.js';
import { verifyMerkleInclusion } from '@sigstore/verify/dist/tlog/merkle.js';
import { verifyTLogSET } from '@sigstore/verify/dist/tlog/set.js';
import { VerifyError } from '../errors.js';

/** The key the bundle was verified with, to compare with the key recorded in the log. */
export interface SigningKeyMaterial {
  /** DER of the signing certificate (keyless). */
  certificate?: Buffer;
  /** DER SubjectPublicKeyInfo of the signing key. */
  spki: Buffer;
}

type JsonObject = Record<string, unknown>;

/**
 * Checks that a log entry records this bundle: signature, digest and signing key. @sigstore/verify
 * 3.1.1 does not know Rekor v2's hashedrekord-over-DSSE encoding (rekor-v2 spec §6.1.4: a DSSE
 * envelope logged as hashedrekord/0.0.2 of Hash(PAE(payloadType, payload))) and fails it with
 * "digest mismatch"; custody checks that case itself. The library also never compares the key
 * in a hashedrekord entry with the bundle's; custody does (a log entry for another key proves
 * nothing about this signature).
 */
export function verifyLogEntryBody(
  entry: TransparencyLogEntry,
  bundle: Bundle,
  content: SignatureContent,
  key: SigningKeyMaterial,
): void {
  const { kind, version } = entry.kindVersion;
  let body: JsonObject;
  try {
    body = JSON.parse(entry.canonicalizedBody.toString('utf8')) as JsonObject;
  } catch (error) {
    throw new VerifyError('TLOG_BODY', 'the log entry body is not JSON', { cause: error });
  }
  if (kind === 'hashedrekord' && version === '0.0.2' && bundle.content.$case === 'dsseEnvelope') {
    verifyDsseOverHashedRekord(body, bundle.content.dsseEnvelope, content);
  } else {
    try {
      verifyTLogBody(entry, content);
    } catch (error) {
      throw new VerifyError(
        'TLOG_BODY',
        `the log entry does not match the bundle: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
  const recorded = recordedKey(kind, version, body);
  if (recorded !== undefined && !safeSameKey(recorded, key)) {
    throw new VerifyError('TLOG_BODY', 'the log entry records a different signing key than the bundle', {
      expected: 'the bundle certificate or key',
      found: `another ${recorded.certificate !== undefined ? 'certificate' : 'key'} in the ${kind}/${version} entry`,
    });
  }
}

function verifyDsseOverHashedRekord(
  body: JsonObject,
  envelope: Extract<Bundle['content'], { $case: 'dsseEnvelope' }>['dsseEnvelope'],
  content: SignatureContent,
): void {
  const spec = Entry.fromJSON(body).spec?.spec;
  if (spec?.$case !== 'hashedRekordV002') {
    throw new VerifyError('TLOG_BODY', 'the hashedrekord/0.0.2 entry has no hashedRekordV002 spec');
  }
  const recordedSignature = spec.hashedRekordV002.signature?.content ?? Buffer.alloc(0);
  if (!content.compareSignature(Buffer.from(recordedSignature))) {
    throw new VerifyError('TLOG_BODY', 'the log entry records another signature than the DSSE envelope', {
      expected: content.signature.toString('base64').slice(0, 24),
      found: Buffer.from(recordedSignature).toString('base64').slice(0, 24),
    });
  }
  const pae = dsse.preAuthEncoding(envelope.payloadType, envelope.payload);
  const algorithm = digestAlgorithm(spec.hashedRekordV002.data?.algorithm);
  const expected = createHash(algorithm).update(pae).digest();
  const recordedDigest = Buffer.from(spec.hashedRekordV002.data?.digest ?? Buffer.alloc(0));
  if (!expected.equals(recordedDigest)) {
    throw new VerifyError(
      'TLOG_BODY',
      'the log entry does not record this DSSE envelope (digest of PAE differs)',
      {
        expected: `${algorithm}:${expected.toString('hex')}`,
        found: `${algorithm}:${recordedDigest.toString('hex')}`,
      },
    );
  }
}

// protobuf-specs HashAlgorithm enum values (sigstore_common.proto): 1 SHA2_256, 2 SHA2_384, 3 SHA2_512.
function digestAlgorithm(algorithm: number | undefined): string {
  if (algorithm === 2) return 'sha384';
  if (algorithm === 3) return 'sha512';
  return 'sha256';
}

function recordedKey(kind: string, version: string, body: JsonObject): SigningKeyMaterial | undefined {
  const spec = body.spec as JsonObject | undefined;
  if (spec === undefined) return undefined;
  if (kind === 'hashedrekord' && version === '0.0.1') {
    const content = ((spec.signature as JsonObject | undefined)?.publicKey as JsonObject | undefined)
      ?.content;
    return typeof content === 'string' ? pemKey(Buffer.from(content, 'base64').toString('utf8')) : undefined;
  }
  if (kind === 'dsse' && version === '0.0.1') {
    const verifier = (spec.signatures as JsonObject[] | undefined)?.[0]?.verifier;
    return typeof verifier === 'string'
      ? pemKey(Buffer.from(verifier, 'base64').toString('utf8'))
      : undefined;
  }
  if (kind === 'hashedrekord' && version === '0.0.2') {
    const verifier = (((spec.hashedRekordV002 as JsonObject | undefined)?.signature as JsonObject | undefined)
      ?.verifier ?? undefined) as JsonObject | undefined;
    const certificate = (verifier?.x509Certificate as JsonObject | undefined)?.rawBytes;
    if (typeof certificate === 'string') return derKey(Buffer.from(certificate, 'base64'), true);
    const publicKey = (verifier?.publicKey as JsonObject | undefined)?.rawBytes;
    if (typeof publicKey === 'string') return derKey(Buffer.from(publicKey, 'base64'), false);
  }
  return undefined;
}

function pemKey(pem: string): SigningKeyMaterial | undefined {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END/.exec(pem);
  if (match === null) return undefined;
  const der = Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64');
  return derKey(der, match[1] === 'CERTIFICATE');
}

function derKey(der: Buffer, isCertificate: boolean): SigningKeyMaterial | undefined {
  if (!isCertificate) return { spki: der };
  // The key of a recorded certificate is read only when compared with a bare key (sameKey):
  // comparing certificates byte for byte needs no parse.
  let spki: Buffer | undefined;
  return {
    certificate: der,
    get spki(): Buffer {
      spki ??= X509Certificate.parse(Buffer.from(der)).publicKey;
      return spki;
    },
  };
}

function safeSameKey(recorded: SigningKeyMaterial, key: SigningKeyMaterial): boolean {
  try {
    return sameKey(recorded, key);
  } catch {
    return false;
  }
}

function sameKey(recorded: SigningKeyMaterial, key: SigningKeyMaterial): boolean {
  if (recorded.certificate !== undefined && key.certificate !== undefined) {
    return recorded.certificate.equals(key.certificate);
  }
  return recorded.spki.equals(key.spki);
}

/**
 * Checks that the entry is in the log: its signed entry timestamp (SET) and/or its inclusion
 * proof against a signed checkpoint, each reported under its own check.
 */
export function verifyLogInclusion(entry: TransparencyLogEntry, tlogs: TrustMaterial['tlogs']): void {
  let verified = false;
  if (entry.inclusionPromise !== undefined) {
    try {
      verifyTLogSET(entry as Parameters<typeof verifyTLogSET>[0], tlogs);
    } catch (error) {
      throw new VerifyError('TLOG_SET', `signed entry timestamp: ${(error as Error).message}`, {
        cause: error,
      });
    }
    verified = true;
  }
  if (entry.inclusionProof !== undefined) {
    try {
      const withProof = entry as Parameters<typeof verifyCheckpoint>[0];
      verifyMerkleInclusion(withProof, verifyCheckpoint(withProof, tlogs));
    } catch (error) {
      throw new VerifyError('TLOG_INCLUSION_PROOF', `inclusion proof: ${(error as Error).message}`, {
        cause: error,
      });
    }
    verified = true;
  }
  if (!verified) {
    throw new VerifyError(
      'TLOG_INCLUSION_PROOF',
      'the log entry has neither an inclusion proof nor a signed entry timestamp',
    );
  }
}
