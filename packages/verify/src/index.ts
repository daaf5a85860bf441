/**
 * @custody/verify: verify Sigstore bundles, DSSE/in-toto attestations and SLSA provenance offline
 * against a trusted root; sign and attest with local keys.
 */

export {
  isSlsaProvenance,
  PREDICATE_TYPES,
  predicateTypeMatches,
  resolvePredicateType,
} from './attestation/predicate-types.js';
export {
  compareRequirements,
  crossCheckCertificate,
  normalizeRepository,
  type ProvenanceFacts,
  type ProvenanceRequirements,
  provenanceFacts,
} from './attestation/slsa.js';
export {
  type ArtifactDigests,
  artifactDigests,
  IN_TOTO_PAYLOAD_TYPE,
  type InTotoStatement,
  matchSubject,
  parseStatement,
} from './attestation/statement.js';
export {
  type AttestationVerification,
  type VerifiedPredicate,
  type VerifyAttestationOptions,
  verifyAttestation,
} from './attestation/verify-attestation.js';
export type { BatchItem, BatchOptions, BatchResult } from './batch/batch-types.js';
export { VerifierPool, verifyBundles } from './batch/pool.js';
export { verifyBatchHere } from './batch/verify-batch.js';
export { type BundleDocument, parseBundleDocuments } from './bundle/documents.js';
export { BUNDLE_MEDIA_TYPES, parseBundle } from './bundle/parse.js';
export { VerifyError, type VerifyErrorCode } from './errors.js';
export { hashFile, readBundleFile, readInput } from './io/files.js';
export {
  FULCIO_OIDS,
  type FulcioExtensionName,
  type SignerIdentity,
  signerIdentity,
} from './policy/fulcio-extensions.js';
export {
  anchoredRegExp,
  assertCompletePolicy,
  comparePolicy,
  type GitHubClaims,
  type IdentityPolicy,
} from './policy/identity-policy.js';
export {
  type GeneratedKeyPair,
  generateKeyPair,
  type KeyAlgorithm,
  loadPrivateKey,
  PASSWORD_VARIABLE,
  passphraseFrom,
  publicKeyDer,
} from './sign/keys.js';
export {
  type BuildDescription,
  GENERIC_BUILD_TYPE,
  GITHUB_WORKFLOW_BUILD_TYPE,
  provenancePredicate,
} from './sign/provenance.js';
export { type SerializedBundle, signBlob, signStatement, statementFor } from './sign/sign.js';
export { type NpmRegistryKey, SEED_SOURCE, seedNpmRegistryKeys, seedTrustedRootText } from './trust/seed.js';
export {
  loadTrust,
  parsePublicKeyPem,
  type TrustContext,
  type TrustedPublicKey,
  type TrustOptions,
} from './trust/trust-context.js';
export { allKeysExpired, parseTrustedRoots, type TrustedRootDocument } from './trust/trusted-root.js';
export type { CheckName, CheckResult, Comparison } from './verifier/checks.js';
export { keyHint } from './verifier/public-key.js';
export {
  type BundleVerification,
  type VerifiedSigner,
  type VerifyBundleOptions,
  verifyBundle,
} from './verifier/verify-bundle.js';
