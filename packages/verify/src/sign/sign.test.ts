import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { assertBundle, bundleFromJSON } from '@sigstore/bundle';
import { Bundle, TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import { artifactDigests } from '../attestation/statement.js';
import { loadTrust } from '../trust/trust-context.js';
import { keyHint } from '../verifier/public-key.js';
import { verifyBundle } from '../verifier/verify-bundle.js';
import { generateKeyPair, type KeyAlgorithm, loadPrivateKey, publicKeyDer } from './keys.js';
import { type SerializedBundle, signBlob, signStatement, statementFor } from './sign.js';

const EMPTY_ROOT = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

/** @sigstore/verify itself, keyed: a trust material holding only the signer's key, no log or timestamp required. */
function libraryAccepts(json: SerializedBundle, publicPem: string, artifact?: Buffer): boolean {
  const hint = hintOf(json);
  const material = toTrustMaterial(EMPTY_ROOT, {
    [hint]: {
      rawBytes: Buffer.from(publicPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'),
      keyDetails: 0,
    },
  });
  const verifier = new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  try {
    verifier.verify(toSignedEntity(bundleFromJSON(json), artifact));
    return true;
  } catch {
    return false;
  }
}

function hintOf(json: SerializedBundle): string {
  return (json.verificationMaterial?.publicKey as { hint: string } | undefined)?.hint ?? '';
}

function custodyAccepts(json: SerializedBundle, publicPem: string, artifact: Buffer): boolean {
  const trust = loadTrust({ publicKeys: [{ pem: publicPem, source: 'test.pub' }] });
  return verifyBundle(json, { trust, artifact }).verified;
}

function publicPemOf(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
}

function flip(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes.toString('base64');
}

const ARTIFACT = Buffer.from('custody signs this\n');

describe.each<KeyAlgorithm>(['ecdsa-p256', 'ed25519'])('signing with %s keys', (algorithm) => {
  const pair = generateKeyPair(algorithm, 'correct horse');
  const key = loadPrivateKey(pair.privateKeyPem, 'correct horse', 'test.key');
  // Ed25519 cannot sign blobs (see signBlob); its blob cases use a P-256 key.
  const blobKey =
    algorithm === 'ed25519'
      ? loadPrivateKey(generateKeyPair('ecdsa-p256', 'p').privateKeyPem, 'p', 'p256.key')
      : key;
  const blobPublicPem = algorithm === 'ed25519' ? '' : pair.publicKeyPem;
  const blob = signBlob(ARTIFACT, blobKey);
  const statement = statementFor(
    { name: 'a.txt', sha256: artifactDigests(ARTIFACT).sha256 },
    'https://openvex.dev/ns',
    {
      statements: [],
    },
  );
  const attestation = signStatement(statement, key);

  it('writes an encrypted PKCS#8 key (PBES2) and a PEM public key', () => {
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(() => loadPrivateKey(pair.privateKeyPem, 'wrong', 'test.key')).toThrow(
      /cannot read the private key/,
    );
  });

  it.each([
    ['sign blob', blob],
    ['attest', attestation],
  ])('%s writes what protobuf-specs round-trips unchanged and @sigstore/bundle accepts', (_name, json) => {
    expect(Bundle.toJSON(Bundle.fromJSON(json))).toEqual(json);
    expect(() => assertBundle(bundleFromJSON(json))).not.toThrow();
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const signer = json === blob ? blobKey : key;
    expect(hintOf(json)).toBe(keyHint(publicKeyDer(signer)));
  });

  if (algorithm === 'ecdsa-p256') {
    it('@sigstore/verify and custody accept the blob signature', () => {
      expect(libraryAccepts(blob, blobPublicPem, ARTIFACT)).toBe(true);
      expect(custodyAccepts(blob, blobPublicPem, ARTIFACT)).toBe(true);
    });
  } else {
    it('refuses to sign a blob with Ed25519, which no verifier would accept', () => {
      expect(() => signBlob(ARTIFACT, key)).toThrow(/Ed25519 key cannot make a Sigstore message signature/);
    });
  }

  it('@sigstore/verify and custody accept the attestation', () => {
    expect(libraryAccepts(attestation, pair.publicKeyPem)).toBe(true);
    expect(custodyAccepts(attestation, pair.publicKeyPem, ARTIFACT)).toBe(true);
  });

  it('both reject a tampered signature, payload or artifact', () => {
    const blobPem = algorithm === 'ed25519' ? publicPemOf(blobKey) : pair.publicKeyPem;
    const badSignature = structuredClone(blob) as SerializedBundle & {
      messageSignature: { signature: string };
    };
    badSignature.messageSignature.signature = flip(badSignature.messageSignature.signature, 10);
    expect(libraryAccepts(badSignature, blobPem, ARTIFACT)).toBe(false);
    expect(custodyAccepts(badSignature, blobPem, ARTIFACT)).toBe(false);

    const badPayload = structuredClone(attestation) as SerializedBundle & {
      dsseEnvelope: { payload: string };
    };
    badPayload.dsseEnvelope.payload = flip(badPayload.dsseEnvelope.payload, 5);
    expect(libraryAccepts(badPayload, pair.publicKeyPem)).toBe(false);
    expect(custodyAccepts(badPayload, pair.publicKeyPem, ARTIFACT)).toBe(false);

    const otherArtifact = Buffer.from('custody signs that\n');
    expect(libraryAccepts(blob, blobPem, otherArtifact)).toBe(false);
    expect(custodyAccepts(blob, blobPem, otherArtifact)).toBe(false);
  });

  it('custody rejects it with another key, and without a key (no log entry, no timestamp)', () => {
    const other = generateKeyPair(algorithm, 'x');
    expect(custodyAccepts(attestation, other.publicKeyPem, ARTIFACT)).toBe(false);
    const result = verifyBundle(blob, { trust: loadTrust({}), artifact: ARTIFACT });
    expect(result.verified).toBe(false);
    expect(result.error?.code).toBe('THRESHOLD');
  });
});

describe.each([
  ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })],
  ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
])('--key with %s keys', (_name, generate) => {
  const pair = generate();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const blob = signBlob(ARTIFACT, pair.privateKey);

  it('custody and @sigstore/verify accept the blob signature, and reject it for another file', () => {
    expect(libraryAccepts(blob, publicPem, ARTIFACT)).toBe(true);
    expect(custodyAccepts(blob, publicPem, ARTIFACT)).toBe(true);
    expect(custodyAccepts(blob, publicPem, Buffer.from('other'))).toBe(false);
  });
});
