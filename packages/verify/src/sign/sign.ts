import { createHash, type KeyObject, sign } from 'node:crypto';
import { bundleToJSON, toDSSEBundle, toMessageSignatureBundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { IN_TOTO_PAYLOAD_TYPE, type InTotoStatement } from '../attestation/statement.js';
import { VerifyError } from '../errors.js';
import { keyHint } from '../verifier/public-key.js';
import { publicKeyDer } from './keys.js';

/** A Sigstore bundle in its protobuf-specs JSON form (what custody writes to a file). */
export type SerializedBundle = ReturnType<typeof bundleToJSON>;

/**
 * Signs with the key's own scheme: ECDSA over SHA-256 (DER signature, as Sigstore's
 * PKIX_ECDSA_P256_SHA_256), Ed25519 pure (no pre-hash). RSA keys sign PKCS#1 v1.5 SHA-256.
 */
function signBytes(data: Buffer, key: KeyObject): Buffer {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return sign(null, data, key);
  if (type === 'ec' || type === 'rsa') return sign('sha256', data, key);
  throw new VerifyError('KEY_INVALID', `cannot sign with a ${type ?? 'unknown'} key`, {
    hint: 'use an ECDSA P-256, Ed25519 or RSA key (custody keygen)',
  });
}

/**
 * A bundle v0.3 with a message signature over `artifact` and a public-key hint (base64 SHA-256 of
 * the key's SubjectPublicKeyInfo). It carries no log entry and no timestamp: verifiers accept it
 * only with the public key (`custody verify blob --key`, `cosign verify-blob --key`). ECDSA and RSA keys
 * only (see below).
 */
export function signBlob(artifact: Buffer, privateKey: KeyObject): SerializedBundle {
  // A message signature is verified with the digest's hash (@sigstore/verify 3.1.1 passes
  // 'sha256' to crypto.verify), which pure Ed25519 cannot take: such a bundle would verify nowhere.
  if (privateKey.asymmetricKeyType === 'ed25519') {
    throw new VerifyError(
      'KEY_INVALID',
      'an Ed25519 key cannot make a Sigstore message signature that verifiers accept',
      {
        hint: 'sign blobs with an ECDSA P-256 key (custody keygen), or attest with Ed25519 (DSSE)',
      },
    );
  }
  const bundle = toMessageSignatureBundle({
    digest: createHash('sha256').update(artifact).digest(),
    signature: signBytes(artifact, privateKey),
    keyHint: keyHint(publicKeyDer(privateKey)),
  });
  return bundleToJSON(bundle);
}

/** A bundle v0.3 with a DSSE envelope of `statement` (payload type application/vnd.in-toto+json). */
export function signStatement(statement: InTotoStatement, privateKey: KeyObject): SerializedBundle {
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const hint = keyHint(publicKeyDer(privateKey));
  const bundle = toDSSEBundle({
    artifact: payload,
    artifactType: IN_TOTO_PAYLOAD_TYPE,
    signature: signBytes(dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), privateKey),
    keyHint: hint,
  });
  return bundleToJSON(bundle);
}

/** An in-toto v1 Statement about one file. */
export function statementFor(
  subject: { name: string; sha256: string },
  predicateType: string,
  predicate: unknown,
): InTotoStatement {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: subject.name, digest: { sha256: subject.sha256 } }],
    predicateType,
    predicate,
  };
}
