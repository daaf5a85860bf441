import { expect } from 'vitest';
import { cyclonedx16SchemaCheck, referenceData, SBOM_SCHEMA_PATHS, spdx23SchemaCheck } from '#test-helpers';
import { lintSbomDocument } from '../../packages/sbom/src/index.js';

const schemasPresent = SBOM_SCHEMA_PATHS.every((path) => referenceData(path) !== undefined);

/**
 * Every document a test makes is checked the same way: the official JSON schema of its format
 * (when the reference data is there) and custody's spec-rule linter.
 */
export function expectValidDocument(document: unknown): void {
  const record = document as { spdxVersion?: string; bomFormat?: string };
  if (schemasPresent) {
    const check = record.bomFormat === 'CycloneDX' ? cyclonedx16SchemaCheck() : spdx23SchemaCheck();
    expect(check(document)).toEqual([]);
  }
  expect(lintSbomDocument(document).problems).toEqual([]);
}
