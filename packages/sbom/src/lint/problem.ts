/** The rules `custody sbom lint` checks: the spec rules the official JSON schemas do not express. */
export const LINT_RULES = {
  'spdx-namespace': 'documentNamespace is an absolute URI without "#" (SPDX 2.3 §6.5)',
  'spdx-id-format':
    'every SPDXID is "SPDXRef-" followed by letters, digits, "." and "-"; the document is SPDXRef-DOCUMENT (§3.2, §6.3)',
  'spdx-id-unique': 'no two elements share an SPDXID (§3.2)',
  'spdx-describes': 'the document DESCRIBES at least one element (§6.1, §11)',
  'spdx-license-ref-defined':
    'every LicenseRef- a license field uses is defined in hasExtractedLicensingInfos (§10.1)',
  'spdx-relationship-dangling':
    'both ends of every relationship are elements of the document or of a declared external document (§11)',
  'spdx-files-analyzed':
    'a package with no files and no verification code says filesAnalyzed: false, as lockfile packages must (§7.8, §7.9)',
  'spdx-license-expression':
    'every license field is NONE, NOASSERTION or a valid SPDX license expression (Annex D)',
  'spdx-purl': 'every purl external reference parses as a package URL (Annex F)',
  'spdx-checksum': 'checksums are lowercase hex of the length their algorithm gives (§7.10)',
  'cdx-bom-ref-unique': 'no two components or services share a bom-ref (CycloneDX 1.6 bom-ref)',
  'cdx-dependency-ref': 'every ref and dependsOn in dependencies names a bom-ref of the BOM',
  'cdx-purl': 'every component purl parses as a package URL',
  'cdx-license-expression': 'every license expression is a valid SPDX license expression',
} as const;

/** The id of a lint rule, as problems name it. */
export type LintRuleId = keyof typeof LINT_RULES;

/** One broken rule at one place in a document. */
export interface LintProblem {
  rule: LintRuleId;
  message: string;
  /** JSON-pointer-like place of the problem in the document, e.g. `/packages/3/SPDXID`. */
  path?: string;
}

/** What linting one document found. */
export interface LintReport {
  format: 'spdx' | 'cyclonedx';
  specVersion: string;
  problems: LintProblem[];
}
