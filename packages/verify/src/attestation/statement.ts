import { createHash } from 'node:crypto';
import { VerifyError } from '../errors.js';

/** The DSSE payload type of in-toto statements (in-toto attestation spec, Envelope layer). */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** An in-toto Statement (v0.1 or v1; the layer custody reads is the same). */
export interface InTotoStatement {
  _type: string;
  subject: { name?: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate?: unknown;
}

const STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

/** Parses a DSSE payload as an in-toto Statement, or throws SUBJECT_DIGEST naming what is wrong. */
export function parseStatement(payloadType: string, payload: Buffer, label: string): InTotoStatement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('PREDICATE_TYPE', `${label}: the DSSE payload is not an in-toto statement`, {
      expected: IN_TOTO_PAYLOAD_TYPE,
      found: payloadType,
    });
  }
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new VerifyError('BUNDLE_INVALID', `${label}: the in-toto statement is not JSON`, { cause: error });
  }
  const candidate = statement as Partial<InTotoStatement> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    !STATEMENT_TYPES.includes(String(candidate._type)) ||
    !Array.isArray(candidate.subject) ||
    typeof candidate.predicateType !== 'string'
  ) {
    throw new VerifyError('BUNDLE_INVALID', `${label}: not an in-toto Statement`, {
      expected: `_type ${STATEMENT_TYPES.join(' or ')}, subject, predicateType`,
      found: candidate === null || typeof candidate !== 'object' ? typeof candidate : String(candidate._type),
    });
  }
  return candidate as InTotoStatement;
}

/** The artifact's digests in the algorithms subjects use (hex). */
export interface ArtifactDigests {
  sha256: string;
  sha512: string;
}

/** sha256 and sha512 of `data`, hex. */
export function artifactDigests(data: Uint8Array): ArtifactDigests {
  return {
    sha256: createHash('sha256').update(data).digest('hex'),
    sha512: createHash('sha512').update(data).digest('hex'),
  };
}

/**
 * The subject whose sha256 or sha512 equals the artifact's (in-toto: a subject matches when any
 * digest algorithm both sides know agrees, and none disagrees); throws SUBJECT_DIGEST otherwise.
 */
export function matchSubject(
  statement: InTotoStatement,
  digests: ArtifactDigests,
  label: string,
): InTotoStatement['subject'][number] {
  for (const subject of statement.subject) {
    const shared = (['sha256', 'sha512'] as const).filter(
      (algorithm) => subject.digest?.[algorithm] !== undefined,
    );
    if (shared.length === 0) continue;
    if (shared.every((algorithm) => subject.digest[algorithm]?.toLowerCase() === digests[algorithm]))
      return subject;
  }
  const found = statement.subject
    .map(
      (subject) =>
        `${subject.name ?? '?'} ${Object.entries(subject.digest ?? {})
          .map(([a, v]) => `${a}:${v}`)
          .join(',')}`,
    )
    .join('; ');
  throw new VerifyError('SUBJECT_DIGEST', `${label}: no subject of the statement matches the artifact`, {
    expected: `sha256:${digests.sha256}`,
    found: found === '' ? 'no subjects' : found,
  });
}
