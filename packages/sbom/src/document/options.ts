import { SbomError } from '../errors.js';
import { isValidDocumentNamespace } from './identity.js';

/**
 * Reads SOURCE_DATE_EPOCH (reproducible-builds.org/specs/source-date-epoch): a non-negative
 * integer count of seconds. Unset or empty means "not reproducible"; anything else is a usage error.
 */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) > 253402300799)
    throw new SbomError(
      'INVALID_DOCUMENT_OPTION',
      'usage',
      `SOURCE_DATE_EPOCH=${value} is not a count of seconds`,
      {
        expected: 'a non-negative integer no later than year 9999',
        found: value,
        hint: 'set it to e.g. $(git log -1 --format=%ct), or unset it',
      },
    );
  return Number(value);
}

/** Checks a user-given namespace against SPDX 2.3 §6.5 before any document is written. */
export function checkDocumentNamespace(value: string): string {
  if (!isValidDocumentNamespace(value))
    throw new SbomError(
      'INVALID_DOCUMENT_OPTION',
      'usage',
      `--namespace ${value} is not an absolute URI without "#"`,
      {
        hint: 'SPDX 2.3 §6.5: e.g. https://example.com/sboms/my-app-1.0.0',
      },
    );
  return value;
}
