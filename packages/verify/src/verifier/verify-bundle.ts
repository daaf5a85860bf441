import { createHash, type KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { crypto, type X509Certificate } from '@sigstore/core';
import { toSignedEntity } from '@sigstore/verify';
import {
  type ArtifactDigests,
  artifactDigests,
  type InTotoStatement,
  matchSubject,
  parseStatement,
} from '../attestation/statement.js';
import { parseBundle } from '../bundle/parse.js';
import { VerifyError } from '../errors.js';
import { type SignerIdentity, signerIdentity } from '../policy/fulcio-extensions.js';
import { assertCompletePolicy, comparePolicy, type IdentityPolicy } from '../policy/identity-policy.js';
import type { TrustContext, TrustedPublicKey } from '../trust/trust-context.js';
import { CheckRecorder, type CheckResult } from './checks.js';
import { certificateParts } from './der.js';
import { selectKey } from './public-key.js';
import { verifyEmbeddedScts } from './sct.js';
import { verifyTimestamps } from './timestamps.js';
import { type SigningKeyMaterial, verifyLogEntryBody, verifyLogInclusion } from './tlog.js';

/** What to verify a bundle against. */
export interface VerifyBundleOptions {
  /** The trusted root and keys (from `loadTrust`, cached). */
  trust: TrustContext;
  /** The signed artifact (message signatures), or the in-toto subject (DSSE bundles). */
  artifact?: Uint8Array;
  /** The artifact's digests, when the caller hashed it already (e.g. while streaming). */
  artifactDigests?: ArtifactDigests;
  /** Who must have signed a keyless bundle (required for keyless bundles). */
  policy?: IdentityPolicy;
  /** A name for the bundle in messages (file, `file:3`). */
  label?: string;
}

/** Who signed a bundle, as far as verification established it. */
export type VerifiedSigner =
  | { type: 'certificate'; identity: SignerIdentity }
  | { type: 'public-key'; source: string; hint?: string };

/** The result of verifying one bundle: every check run, and what it established. */
export interface BundleVerification {
  label: string;
  verified: boolean;
  checks: CheckResult[];
  /** The failure, when `verified` is false. */
  error?: VerifyError;
  mediaType?: string;
  signer?: VerifiedSigner;
  /** Trusted times: signed entry timestamps and RFC 3161 timestamps. */
  timestamps: { source: 'tlog' | 'tsa'; time: string }[];
  /** The in-toto statement of a DSSE bundle (unverified fields are not set). */
  statement?: InTotoStatement;
}

const MESSAGE_DIGEST_ALGORITHMS: Record<number, string> = { 1: 'sha256', 2: 'sha384', 3: 'sha512' };

/**
 * Verifies one Sigstore bundle offline, as @sigstore/verify's Verifier does, plus custody's own
 * checks where 3.1.1 falls short (see README). Never throws for a failed check: the result says
 * which check failed, with expected and found. Throws only USAGE (no identity policy for a
 * keyless bundle, no artifact for a message signature).
 */
export function verifyBundle(json: unknown, options: VerifyBundleOptions): BundleVerification {
  const label = options.label ?? 'bundle';
  const recorder = new CheckRecorder();
  const result: BundleVerification = { label, verified: false, checks: recorder.results, timestamps: [] };
  try {
    runChecks(json, options, label, recorder, result);
    result.verified = true;
  } catch (error) {
    if (error instanceof VerifyError && (error.kind === 'usage' || error.kind === 'input')) throw error;
    result.error = error as VerifyError;
  }
  return result;
}

function runChecks(
  json: unknown,
  options: VerifyBundleOptions,
  label: string,
  recorder: CheckRecorder,
  result: BundleVerification,
): void {
  const { trust } = options;
  const bundle = recorder.run(
    'bundle',
    'BUNDLE_INVALID',
    (b: Bundle) => b.mediaType,
    () => parseBundle(json, label),
  );
  result.mediaType = bundle.mediaType;
  const keyless = bundle.verificationMaterial.content.$case !== 'publicKey';
  if (keyless) assertCompletePolicy(options.policy);

  checkMessageDigest(bundle, options, label, recorder);

  const entity = recorder.run(
    'bundle',
    'BUNDLE_INVALID',
    () => 'signed entity',
    () =>
      withoutStackTraces(() =>
        toSignedEntity(bundle, options.artifact === undefined ? undefined : Buffer.from(options.artifact)),
      ),
  );
  recorder.results.pop();

  const times = recorder.run(
    'timestamps',
    'TIMESTAMP',
    (verified: Date[]) => `${verified.length} trusted time(s)`,
    () => verifyTimestamps(entity, trust, result.timestamps),
  );

  const explicitKey = !keyless && trust.explicitKeys.length > 0;
  recorder.run(
    'threshold',
    'THRESHOLD',
    () =>
      explicitKey
        ? 'keyed bundle verified with the given key: no log entry or timestamp required'
        : `${bundle.verificationMaterial.tlogEntries.length} log entr(ies), ${times.length} trusted time(s)`,
    () => {
      if (explicitKey) return;
      const tsaCount = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0;
      if (bundle.verificationMaterial.tlogEntries.length === 0 && tsaCount === 0) {
        throw new VerifyError(
          'THRESHOLD',
          'the bundle has no transparency-log entry and no trusted timestamp',
          {
            expected: 'at least one tlog entry or RFC 3161 timestamp',
            found: 'none',
            hint: keyless ? undefined : 'a bundle from custody sign is accepted only with --key',
          },
        );
      }
      if (times.length === 0) {
        throw new VerifyError(
          'TIMESTAMP',
          'no trusted time: no signed entry timestamp and no RFC 3161 timestamp',
          {
            expected:
              'at least one verified timestamp (Rekor v2 entries carry none: an RFC 3161 timestamp is required)',
            found: '0',
          },
        );
      }
    },
  );

  let key: KeyObject;
  let keyMaterial: SigningKeyMaterial;
  if (entity.key.$case === 'certificate') {
    const leaf = entity.key.certificate;
    const leafDer = leafBytes(bundle);
    const leafBuffer = Buffer.from(leafDer.buffer, leafDer.byteOffset, leafDer.byteLength);
    const path = recorder.run(
      'certificate-chain',
      'CERTIFICATE_CHAIN',
      (p: X509Certificate[]) =>
        `path of ${p.length} certificates to a trusted CA, valid at every trusted time`,
      () => {
        trust.chains.checkBundledChain(bundledIntermediates(bundle));
        return trust.chains.verify(leaf, leafDer, times);
      },
    );
    recorder.run(
      'sct',
      'SCT',
      (count: number) => `${count} verified SCT(s)`,
      () => {
        const issuer = path[1];
        const count =
          issuer === undefined
            ? 0
            : verifyEmbeddedScts(leafBuffer, trust.chains.issuerSpki(issuer), trust.material.ctlogs);
        if (count < 1) {
          throw new VerifyError('SCT', 'the certificate has no signed certificate timestamp', {
            expected: '1 SCT',
            found: '0',
          });
        }
        return count;
      },
    );
    const leafSpki = certificateParts(leafBuffer).spki;
    key = crypto.createPublicKey(leafSpki);
    keyMaterial = { certificate: leafBuffer, spki: leafSpki };
    result.signer = { type: 'certificate', identity: signerIdentity(leaf) };
  } else {
    const hint = entity.key.hint;
    const trusted = recorder.run(
      'public-key',
      'PUBLIC_KEY',
      (k: TrustedPublicKey) => `key ${k.source}`,
      () => selectKey(hint, trust, times),
    );
    key = trusted.publicKey;
    keyMaterial = { spki: trusted.spki };
    result.signer = { type: 'public-key', source: trusted.source, ...(hint === '' ? {} : { hint }) };
  }

  recorder.run(
    'signature',
    'SIGNATURE',
    () =>
      bundle.content.$case === 'dsseEnvelope'
        ? 'DSSE envelope signature'
        : 'message signature over the artifact',
    () => {
      if (!entity.signature.verifySignature(key)) {
        throw new VerifyError('SIGNATURE', 'the signature does not verify with the signing key', {
          expected: 'a signature by the certificate or key',
          found: 'a signature that does not verify',
        });
      }
    },
  );

  for (const [index, entry] of entity.tlogEntries.entries()) {
    const name = `${entry.kindVersion.kind}/${entry.kindVersion.version} entry ${entry.logIndex}`;
    recorder.run(
      'tlog-body',
      'TLOG_BODY',
      () => `${name} records this signature, content and key`,
      () => verifyLogEntryBody(entry, bundle, entity.signature, keyMaterial),
    );
    recorder.run(
      'tlog-inclusion',
      'TLOG_INCLUSION_PROOF',
      () =>
        `${name}: ${[
          entry.inclusionPromise ? 'signed entry timestamp' : '',
          entry.inclusionProof ? 'inclusion proof' : '',
        ]
          .filter(Boolean)
          .join(' and ')} verified (entry ${index})`,
      () => verifyLogInclusion(entry, trust.material.tlogs),
    );
  }

  // The statement is read only once the envelope is proven authentic (signature and log).
  checkStatement(bundle, options, label, recorder, result);

  if (result.signer.type === 'certificate' && options.policy !== undefined) {
    recorder.compare(
      'identity',
      'IDENTITY',
      comparePolicy(options.policy, result.signer.identity),
      (comparison) => `certificate ${comparison.name} does not match`,
    );
  }
}

function checkMessageDigest(
  bundle: Bundle,
  options: VerifyBundleOptions,
  label: string,
  recorder: CheckRecorder,
): void {
  if (bundle.content.$case === 'messageSignature') {
    const artifact = options.artifact;
    if (artifact === undefined) {
      throw new VerifyError(
        'USAGE',
        `${label}: a message-signature bundle is verified against its artifact`,
        {
          hint: 'name the signed file',
        },
      );
    }
    const messageDigest = bundle.content.messageSignature.messageDigest;
    if (messageDigest === undefined) return;
    recorder.run(
      'artifact-digest',
      'ARTIFACT_DIGEST',
      () => 'the bundle digest is the artifact digest',
      () => {
        const algorithm = MESSAGE_DIGEST_ALGORITHMS[messageDigest.algorithm] ?? 'sha256';
        const actual = createHash(algorithm).update(artifact).digest();
        if (!actual.equals(Buffer.from(messageDigest.digest))) {
          throw new VerifyError('ARTIFACT_DIGEST', `${label}: the bundle was made for another artifact`, {
            expected: `${algorithm}:${Buffer.from(messageDigest.digest).toString('hex')}`,
            found: `${algorithm}:${actual.toString('hex')}`,
          });
        }
      },
    );
  }
}

function checkStatement(
  bundle: Bundle,
  options: VerifyBundleOptions,
  label: string,
  recorder: CheckRecorder,
  result: BundleVerification,
): void {
  if (bundle.content.$case !== 'dsseEnvelope') return;
  const digests =
    options.artifactDigests ??
    (options.artifact === undefined ? undefined : artifactDigests(options.artifact));
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== 'application/vnd.in-toto+json' && digests === undefined) return;
  const statement = recorder.run(
    'subject-digest',
    'SUBJECT_DIGEST',
    () => 'in-toto statement',
    () => parseStatement(envelope.payloadType, Buffer.from(envelope.payload), label),
  );
  recorder.results.pop();
  result.statement = statement;
  if (digests === undefined) return;
  recorder.run(
    'subject-digest',
    'SUBJECT_DIGEST',
    (subject: InTotoStatement['subject'][number]) =>
      `subject ${subject.name ?? ''} has the artifact's digest`,
    () => matchSubject(statement, digests, label),
  );
}

/**
 * Runs `parse` with stack capture off. @sigstore/core's ASN.1 parser tries to read every OCTET
 * STRING as nested DER and throws (and catches) an ASN1ParseError when it is not, several times per
 * Fulcio certificate; capturing those stacks cost more than half a millisecond per bundle.
 */
function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function bundledIntermediates(bundle: Bundle): Uint8Array[] {
  const content = bundle.verificationMaterial.content;
  if (content.$case !== 'x509CertificateChain') return [];
  return content.x509CertificateChain.certificates.slice(1).map((certificate) => certificate.rawBytes);
}

function leafBytes(bundle: Bundle): Uint8Array {
  const content = bundle.verificationMaterial.content;
  if (content.$case === 'x509CertificateChain')
    return content.x509CertificateChain.certificates[0]?.rawBytes ?? Buffer.alloc(0);
  if (content.$case === 'certificate') return content.certificate.rawBytes;
  return Buffer.alloc(0);
}
