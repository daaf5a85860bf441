import { VerifyError } from '../errors.js';

/** One bundle found in a `--bundle` input, with where it came from. */
export interface BundleDocument {
  /** The bundle's JSON (not yet validated). */
  json: unknown;
  /** `file`, `file:3` (JSON Lines) or `file#attestations[1]`. */
  label: string;
  /** The npm attestation's predicateType, when the input was an npm attestations response. */
  predicateType?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a `--bundle` input into bundles. Three shapes are accepted: one bundle (JSON), JSON Lines
 * of bundles (as `gh attestation download` writes), and the npm registry's attestations response
 * (`/-/npm/v1/attestations/<name>@<version>`: `{"attestations":[{predicateType, bundle}]}`).
 * Text that is none of these throws INPUT_UNREADABLE (exit 2).
 */
export function parseBundleDocuments(text: string, source: string): BundleDocument[] {
  const trimmed = text.trim();
  if (trimmed === '') throw unreadable(source, 'the file is empty');
  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    wholeError = error;
  }
  if (wholeError === undefined) {
    if (isObject(whole) && Array.isArray(whole.attestations)) {
      return whole.attestations.map((attestation, index) => {
        const label = `${source}#attestations[${index}]`;
        if (!isObject(attestation) || !isObject(attestation.bundle)) {
          throw unreadable(source, `attestations[${index}] has no bundle`);
        }
        const document: BundleDocument = { json: attestation.bundle, label };
        if (typeof attestation.predicateType === 'string') document.predicateType = attestation.predicateType;
        return document;
      });
    }
    if (!isObject(whole)) throw unreadable(source, 'a bundle is a JSON object');
    return [{ json: whole, label: source }];
  }
  const lines = trimmed.split('\n');
  if (lines.length < 2) throw unreadable(source, `not JSON: ${(wholeError as Error).message}`);
  const documents: BundleDocument[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      documents.push({ json: JSON.parse(line), label: `${source}:${index + 1}` });
    } catch (error) {
      throw new VerifyError(
        'INPUT_UNREADABLE',
        `${source}:${index + 1}: not JSON: ${(error as Error).message}`,
        {
          input: source,
          hint: 'give a bundle, JSON Lines of bundles, or an npm attestations response',
        },
      );
    }
  }
  return documents;
}

function unreadable(source: string, what: string): VerifyError {
  return new VerifyError('INPUT_UNREADABLE', `${source}: ${what}`, {
    input: source,
    hint: 'give a Sigstore bundle, JSON Lines of bundles, or an npm attestations response',
  });
}
