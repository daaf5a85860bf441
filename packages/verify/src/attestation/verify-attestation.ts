import type { BundleDocument } from '../bundle/documents.js';
import { VerifyError } from '../errors.js';
import { CheckRecorder, type Comparison } from '../verifier/checks.js';
import {
  type BundleVerification,
  type VerifyBundleOptions,
  verifyBundle,
} from '../verifier/verify-bundle.js';
import { isSlsaProvenance, predicateTypeMatches } from './predicate-types.js';
import {
  compareRequirements,
  crossCheckCertificate,
  type ProvenanceRequirements,
  provenanceFacts,
} from './slsa.js';
import type { ArtifactDigests } from './statement.js';

/** What `verify attestation` checks besides each bundle. */
export interface VerifyAttestationOptions
  extends Omit<VerifyBundleOptions, 'label' | 'artifact' | 'artifactDigests'> {
  /** The digests of the attested file (the subject must carry one of them). */
  artifactDigests: ArtifactDigests;
  /** The predicate type URI required (resolve short names with `resolvePredicateType`). */
  predicateType?: string;
  /** SLSA provenance requirements (`--builder-id`, `--source-*`). */
  provenance?: ProvenanceRequirements;
}

/** A verified predicate, for `--print-predicate` and the policy gate. */
export interface VerifiedPredicate {
  label: string;
  predicateType: string;
  predicate: unknown;
}

/** The result of verifying every bundle of an attestation input. */
export interface AttestationVerification {
  verified: boolean;
  bundles: BundleVerification[];
  /** The first failure, when `verified` is false. */
  error?: VerifyError;
  /** Predicates of verified bundles of the wanted type (all types when none was asked). */
  predicates: VerifiedPredicate[];
}

function hasRequirements(requirements: ProvenanceRequirements | undefined): boolean {
  return requirements !== undefined && Object.values(requirements).some((value) => value !== undefined);
}

/**
 * Verifies each bundle of an attestation input (one bundle, JSON Lines, an npm attestations
 * response) as an in-toto attestation about the artifact: the bundle itself, the subject digest,
 * the predicate type, and for SLSA provenance the builder/source requirements and the
 * certificate-versus-predicate cross-checks. Every bundle must verify.
 */
export function verifyAttestation(
  documents: BundleDocument[],
  options: VerifyAttestationOptions,
): AttestationVerification {
  const outcome: AttestationVerification = { verified: true, bundles: [], predicates: [] };
  const fail = (error: VerifyError | undefined): void => {
    outcome.verified = false;
    outcome.error ??= error;
  };
  let wantedFound = false;
  let provenanceChecked = false;
  for (const document of documents) {
    const result = verifyBundle(document.json, {
      ...options,
      artifactDigests: options.artifactDigests,
      label: document.label,
    });
    outcome.bundles.push(result);
    if (!result.verified) {
      fail(result.error);
      continue;
    }
    const recorder = new CheckRecorder(result.checks);
    try {
      const statement = recorder.run(
        'predicate-type',
        'PREDICATE_TYPE',
        () => '',
        () => {
          if (result.statement === undefined) {
            throw new VerifyError(
              'PREDICATE_TYPE',
              `${document.label}: not an attestation (no in-toto statement)`,
              {
                expected: 'a DSSE envelope with an in-toto statement',
                found: 'a message signature',
              },
            );
          }
          return result.statement;
        },
      );
      recorder.results.pop();
      const wanted =
        options.predicateType === undefined ||
        predicateTypeMatches(options.predicateType, statement.predicateType);
      recorder.pass(
        'predicate-type',
        wanted ? 'predicate type' : 'predicate type (not the one asked for)',
        options.predicateType,
        statement.predicateType,
      );
      if (!wanted) continue;
      wantedFound = true;
      if (isSlsaProvenance(statement.predicateType)) {
        provenanceChecked = true;
        const facts = provenanceFacts(statement);
        const comparisons: Comparison[] = [...compareRequirements(facts, options.provenance ?? {})];
        if (result.signer?.type === 'certificate')
          comparisons.push(...crossCheckCertificate(facts, result.signer.identity));
        recorder.compare(
          'provenance',
          'PROVENANCE',
          comparisons,
          (comparison) => `${document.label}: provenance ${comparison.name} does not match`,
        );
      }
      outcome.predicates.push({
        label: document.label,
        predicateType: statement.predicateType,
        predicate: statement.predicate,
      });
    } catch (error) {
      result.verified = false;
      result.error = error as VerifyError;
      fail(result.error);
    }
  }
  if (outcome.verified && options.predicateType !== undefined && !wantedFound) {
    fail(
      new VerifyError('PREDICATE_TYPE', 'no verified attestation has the predicate type asked for', {
        expected: options.predicateType,
        found: outcome.bundles.map((bundle) => bundle.statement?.predicateType ?? '(none)').join(', '),
      }),
    );
  }
  if (outcome.verified && hasRequirements(options.provenance) && !provenanceChecked) {
    fail(
      new VerifyError('PROVENANCE', 'no verified SLSA provenance to check --builder-id/--source-* against', {
        expected: 'an attestation with predicate type https://slsa.dev/provenance/v0.2 or v1',
        found: outcome.bundles.map((bundle) => bundle.statement?.predicateType ?? '(none)').join(', '),
      }),
    );
  }
  return outcome;
}
