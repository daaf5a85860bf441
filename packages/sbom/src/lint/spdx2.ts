import { isValidDocumentNamespace } from '../document/identity.js';
import { isValidLicenseExpression, isValidPurl, records, text } from './expression.js';
import type { LintProblem } from './problem.js';

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const LOCAL_LICENSE_REF = /(?<![A-Za-z0-9.:-])LicenseRef-[A-Za-z0-9.-]+/g;
const SPECIAL = new Set(['NONE', 'NOASSERTION']);
/** Hex digits per checksum algorithm (SPDX 2.3 §7.10); others are not length-checked. */
const CHECKSUM_LENGTH: Record<string, number> = {
  MD5: 32,
  SHA1: 40,
  SHA224: 56,
  SHA256: 64,
  SHA384: 96,
  SHA512: 128,
  'SHA3-256': 64,
  'SHA3-384': 96,
  'SHA3-512': 128,
  'BLAKE2b-256': 64,
  'BLAKE2b-384': 96,
  'BLAKE2b-512': 128,
};

/** License fields of packages, files and snippets (single values and lists). */
const LICENSE_FIELDS = ['licenseConcluded', 'licenseDeclared'];
const LICENSE_LIST_FIELDS = ['licenseInfoFromFiles', 'licenseInfoInFiles', 'licenseInfoInSnippets'];

interface Element {
  record: Record<string, unknown>;
  path: string;
}

function elementsOf(document: Record<string, unknown>): { packages: Element[]; all: Element[] } {
  const packages = records(document.packages).map((record, i) => ({ record, path: `/packages/${i}` }));
  const files = records(document.files).map((record, i) => ({ record, path: `/files/${i}` }));
  const snippets = records(document.snippets).map((record, i) => ({ record, path: `/snippets/${i}` }));
  return { packages, all: [...packages, ...files, ...snippets] };
}

function checkNamespace(document: Record<string, unknown>, problems: LintProblem[]): void {
  const namespace = text(document.documentNamespace);
  if (namespace === undefined || !isValidDocumentNamespace(namespace))
    problems.push({
      rule: 'spdx-namespace',
      message: `documentNamespace ${JSON.stringify(namespace ?? null)} is not an absolute URI without "#"`,
      path: '/documentNamespace',
    });
}

function checkIds(
  document: Record<string, unknown>,
  elements: Element[],
  problems: LintProblem[],
): Set<string> {
  const ids = new Set<string>();
  if (document.SPDXID !== 'SPDXRef-DOCUMENT')
    problems.push({
      rule: 'spdx-id-format',
      message: `the document's SPDXID is ${JSON.stringify(document.SPDXID ?? null)}, not SPDXRef-DOCUMENT`,
      path: '/SPDXID',
    });
  ids.add('SPDXRef-DOCUMENT');
  for (const { record, path } of elements) {
    const id = text(record.SPDXID);
    if (id === undefined || !SPDX_ID.test(id)) {
      problems.push({
        rule: 'spdx-id-format',
        message: `SPDXID ${JSON.stringify(id ?? null)} is malformed`,
        path: `${path}/SPDXID`,
      });
      continue;
    }
    if (ids.has(id))
      problems.push({
        rule: 'spdx-id-unique',
        message: `SPDXID ${id} is used more than once`,
        path: `${path}/SPDXID`,
      });
    ids.add(id);
  }
  return ids;
}

function checkRelationships(
  document: Record<string, unknown>,
  ids: Set<string>,
  problems: LintProblem[],
): void {
  const externalDocuments = new Set(
    records(document.externalDocumentRefs).map((ref) => text(ref.externalDocumentId)),
  );
  const known = (id: string | undefined, mayBeSpecial: boolean): boolean => {
    if (id === undefined) return false;
    if (ids.has(id)) return true;
    if (mayBeSpecial && SPECIAL.has(id)) return true;
    const colon = id.indexOf(':');
    return colon > 0 && id.startsWith('DocumentRef-') && externalDocuments.has(id.slice(0, colon));
  };
  let describes = Array.isArray(document.documentDescribes) ? document.documentDescribes.length : 0;
  records(document.relationships).forEach((relationship, i) => {
    const from = text(relationship.spdxElementId);
    const to = text(relationship.relatedSpdxElement);
    const type = text(relationship.relationshipType);
    if (
      (type === 'DESCRIBES' && from === 'SPDXRef-DOCUMENT') ||
      (type === 'DESCRIBED_BY' && to === 'SPDXRef-DOCUMENT')
    )
      describes++;
    for (const [end, id, special] of [
      ['spdxElementId', from, false],
      ['relatedSpdxElement', to, true],
    ] as const) {
      if (!known(id, special))
        problems.push({
          rule: 'spdx-relationship-dangling',
          message: `relationship ${from ?? '?'} ${type ?? '?'} ${to ?? '?'}: ${end} ${id ?? '(missing)'} is not an element of the document`,
          path: `/relationships/${i}/${end}`,
        });
    }
  });
  if (describes === 0)
    problems.push({
      rule: 'spdx-describes',
      message: 'the document has no DESCRIBES relationship (nor documentDescribes)',
      path: '/relationships',
    });
}

function checkLicenses(
  document: Record<string, unknown>,
  elements: Element[],
  problems: LintProblem[],
): void {
  const defined = new Set(records(document.hasExtractedLicensingInfos).map((info) => text(info.licenseId)));
  const check = (value: unknown, path: string): void => {
    const expression = text(value);
    if (expression === undefined || SPECIAL.has(expression)) return;
    if (!isValidLicenseExpression(expression)) {
      problems.push({
        rule: 'spdx-license-expression',
        message: `${JSON.stringify(expression)} is not a valid SPDX license expression`,
        path,
      });
      return;
    }
    for (const ref of expression.match(LOCAL_LICENSE_REF) ?? [])
      if (!defined.has(ref))
        problems.push({
          rule: 'spdx-license-ref-defined',
          message: `${ref} is used but not defined in hasExtractedLicensingInfos`,
          path,
        });
  };
  for (const { record, path } of elements) {
    for (const field of LICENSE_FIELDS) check(record[field], `${path}/${field}`);
    for (const field of LICENSE_LIST_FIELDS)
      if (Array.isArray(record[field]))
        (record[field] as unknown[]).forEach((value, i) => {
          check(value, `${path}/${field}/${i}`);
        });
  }
}

function checkPackages(
  document: Record<string, unknown>,
  packages: Element[],
  problems: LintProblem[],
): void {
  const containers = new Set(
    records(document.relationships)
      .filter((relationship) => relationship.relationshipType === 'CONTAINS')
      .map((relationship) => text(relationship.spdxElementId)),
  );
  for (const { record, path } of packages) {
    const id = text(record.SPDXID) ?? '?';
    const hasFiles = (Array.isArray(record.hasFiles) && record.hasFiles.length > 0) || containers.has(id);
    if (record.filesAnalyzed !== false && !hasFiles && record.packageVerificationCode === undefined)
      problems.push({
        rule: 'spdx-files-analyzed',
        message: `package ${id} lists no files and no verification code, so it must say filesAnalyzed: false (absent means true)`,
        path: `${path}/filesAnalyzed`,
      });
    records(record.externalRefs).forEach((ref, i) => {
      const locator = text(ref.referenceLocator);
      if (ref.referenceType === 'purl' && (locator === undefined || !isValidPurl(locator)))
        problems.push({
          rule: 'spdx-purl',
          message: `package ${id}: purl ${JSON.stringify(locator ?? null)} does not parse`,
          path: `${path}/externalRefs/${i}`,
        });
    });
    records(record.checksums).forEach((checksum, i) => {
      const algorithm = text(checksum.algorithm) ?? '';
      const value = text(checksum.checksumValue) ?? '';
      const length = CHECKSUM_LENGTH[algorithm];
      if (!/^[0-9a-f]+$/.test(value) || (length !== undefined && value.length !== length))
        problems.push({
          rule: 'spdx-checksum',
          message: `package ${id}: ${algorithm} checksum ${JSON.stringify(value)} is not ${length ?? 'some'} lowercase hex digits`,
          path: `${path}/checksums/${i}`,
        });
    });
  }
}

/** Checks an SPDX 2.x JSON document against the spec rules its JSON schema cannot express. */
export function lintSpdx2(document: Record<string, unknown>): LintProblem[] {
  const problems: LintProblem[] = [];
  const { packages, all } = elementsOf(document);
  checkNamespace(document, problems);
  const ids = checkIds(document, all, problems);
  checkRelationships(document, ids, problems);
  checkLicenses(document, all, problems);
  checkPackages(document, packages, problems);
  return problems;
}
