import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import { VerifyError } from '../errors.js';

/** The bundle media types custody reads (v0.3 under both its legacy and its current name). */
export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
] as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Standard base64 with padding (RFC 4648 §4), what protobuf JSON writes for bytes. Node's
// decoder silently skips invalid characters, so "INVALID!!!" would decode to a few bytes.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64_URL_OR_STD = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Parses and validates one bundle. Before @sigstore/bundle's structural checks, custody checks
 * what those let through or report vaguely, so that the error names what is wrong: base64 of
 * signatures, the certificate chain's shape, negative log indexes, inclusion proofs without a
 * checkpoint (on which @sigstore/verify 3.1.1 throws a TypeError).
 */
export function parseBundle(json: unknown, label: string): Bundle {
  if (!isObject(json)) throw new VerifyError('BUNDLE_INVALID', `${label}: a bundle is a JSON object`);
  const mediaType = json.mediaType;
  if (typeof mediaType !== 'string' || !(BUNDLE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new VerifyError('BUNDLE_INVALID', `${label}: unsupported bundle media type`, {
      expected: 'bundle v0.1, v0.2 or v0.3',
      found: String(mediaType),
    });
  }
  checkSignatureEncoding(json, label);
  const material = isObject(json.verificationMaterial) ? json.verificationMaterial : {};
  checkCertificateChain(material, label);
  const usable = checkLogEntries(material, mediaType, label) ? withoutUncheckpointedProofs(json) : json;
  try {
    return bundleFromJSON(usable);
  } catch (error) {
    const fields = (error as { fields?: string[] }).fields;
    throw new VerifyError('BUNDLE_INVALID', `${label}: ${(error as Error).message}`, {
      expected: 'a bundle with every required field',
      found:
        fields !== undefined && fields.length > 0 ? `missing or invalid: ${fields.join(', ')}` : 'invalid',
      cause: error,
    });
  }
}

function checkSignatureEncoding(json: JsonObject, label: string): void {
  const signatures: unknown[] = [];
  if (isObject(json.messageSignature)) signatures.push(json.messageSignature.signature);
  if (isObject(json.dsseEnvelope) && Array.isArray(json.dsseEnvelope.signatures)) {
    for (const signature of json.dsseEnvelope.signatures)
      signatures.push(isObject(signature) ? signature.sig : undefined);
  }
  for (const signature of signatures) {
    if (typeof signature !== 'string' || signature === '' || !BASE64.test(signature)) {
      throw new VerifyError('SIGNATURE', `${label}: the bundle's signature is not valid base64`, {
        expected: 'standard base64 (RFC 4648)',
        found: typeof signature === 'string' ? signature.slice(0, 40) : String(signature),
      });
    }
  }
}

function checkCertificateChain(material: JsonObject, label: string): void {
  const chain = material.x509CertificateChain;
  if (chain === undefined) return;
  const certificates = isObject(chain) && Array.isArray(chain.certificates) ? chain.certificates : [];
  if (certificates.length === 0) {
    throw new VerifyError('CERTIFICATE_CHAIN', `${label}: the bundle's certificate chain is empty`, {
      expected: 'the signing certificate',
      found: 'no certificate',
    });
  }
}

/**
 * Checks the log entries' shape. Returns true when a v0.1 bundle has inclusion proofs without a
 * checkpoint: those predate signed checkpoints in Rekor responses and cannot be verified against
 * anything, so, as v0.1 clients did, such a bundle rests on its signed entry timestamp (required in
 * v0.1) and the proof is set aside (@sigstore/verify 3.1.1 throws a TypeError on them instead).
 */
function checkLogEntries(material: JsonObject, mediaType: string, label: string): boolean {
  const entries = Array.isArray(material.tlogEntries) ? material.tlogEntries : [];
  const proofRequired = !mediaType.endsWith('version=0.1');
  let uncheckpointed = false;
  for (const [index, entry] of entries.entries()) {
    if (!isObject(entry)) continue;
    const where = `${label}: tlog entry ${index}`;
    if (typeof entry.logIndex === 'string' && entry.logIndex.startsWith('-')) {
      throw new VerifyError('TLOG_ENTRY', `${where} has a negative log index`, {
        expected: 'logIndex >= 0',
        found: entry.logIndex,
      });
    }
    const proof = entry.inclusionProof;
    if (proof === undefined || proof === null) {
      // Bundle v0.2 and later must carry an inclusion proof (bundle.proto); v0.1 may rely on the SET.
      if (proofRequired) {
        throw new VerifyError('TLOG_INCLUSION_PROOF', `${where} has no inclusion proof`, {
          expected: `an inclusion proof (required from bundle v0.2; ${mediaType})`,
          found: 'none',
        });
      }
      continue;
    }
    const checkpoint = isObject(proof) && isObject(proof.checkpoint) ? proof.checkpoint.envelope : undefined;
    if ((typeof checkpoint !== 'string' || checkpoint === '') && !proofRequired) {
      uncheckpointed = true;
      continue;
    }
    if (typeof checkpoint !== 'string' || checkpoint === '') {
      throw new VerifyError(
        'TLOG_INCLUSION_PROOF',
        `${where}: the inclusion proof has no signed checkpoint`,
        {
          expected: 'inclusionProof.checkpoint.envelope',
          found: 'none',
        },
      );
    }
    const hashes = isObject(proof) && Array.isArray(proof.hashes) ? proof.hashes : [];
    for (const hash of hashes) {
      if (typeof hash !== 'string' || !BASE64_URL_OR_STD.test(hash)) {
        throw new VerifyError('TLOG_INCLUSION_PROOF', `${where}: an inclusion proof hash is not base64`);
      }
    }
  }
  return uncheckpointed;
}

/** A copy of the bundle JSON without inclusion proofs that lack a checkpoint (v0.1 only). */
function withoutUncheckpointedProofs(json: JsonObject): JsonObject {
  const material = json.verificationMaterial as JsonObject;
  const entries = (material.tlogEntries as JsonObject[]).map((entry) => {
    const proof = entry.inclusionProof;
    if (!isObject(proof) || isObject(proof.checkpoint)) return entry;
    const { inclusionProof: _unverifiable, ...rest } = entry;
    return rest;
  });
  return { ...json, verificationMaterial: { ...material, tlogEntries: entries } };
}
