import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { handBuiltProject } from '../document/__fixtures__/project.js';
import { assembleSbom } from '../document/index.js';
import { writeCycloneDxJson } from '../formats/cyclonedx/writer.js';
import { writeSpdx2Json } from '../formats/spdx2/writer.js';
import { lintSbomDocument } from './lint.js';
import { LINT_RULES, type LintRuleId } from './problem.js';

// biome-ignore lint/suspicious/noExplicitAny: broken documents are made by editing JSON freely.
type Json = any;

const sbom = () =>
  assembleSbom(handBuiltProject(), { tool: { name: 'custody', version: '1.0.0' }, sourceDateEpoch: 0 });
const spdx = (): Json => JSON.parse(writeSpdx2Json(sbom()));
const cyclonedx = async (): Promise<Json> => JSON.parse(await writeCycloneDxJson(sbom()));

/**
 * One broken document per rule: a clean document with one thing the rule forbids, and the rules
 * that break with it as a consequence (renaming an element leaves its relationships dangling).
 */
type Breakage = [LintRuleId, string, (document: Json) => void, LintRuleId[]?];

const SPDX_BREAKAGES: Breakage[] = [
  ['spdx-namespace', 'a namespace with #', (d) => (d.documentNamespace = 'https://example.test/doc#part')],
  ['spdx-namespace', 'a relative namespace', (d) => (d.documentNamespace = 'docs/sbom-1')],
  [
    'spdx-id-format',
    'an SPDXID with a slash',
    (d) => (d.packages[1].SPDXID = 'SPDXRef-Package-npm/left-pad'),
    ['spdx-relationship-dangling'],
  ],
  ['spdx-id-format', 'a document id other than SPDXRef-DOCUMENT', (d) => (d.SPDXID = 'SPDXRef-DOC')],
  [
    'spdx-id-unique',
    'two packages with one SPDXID',
    (d) => (d.packages[2].SPDXID = d.packages[1].SPDXID),
    ['spdx-relationship-dangling'],
  ],
  [
    'spdx-describes',
    'no DESCRIBES',
    (d) => (d.relationships = d.relationships.filter((r: Json) => r.relationshipType !== 'DESCRIBES')),
  ],
  [
    'spdx-license-ref-defined',
    'an undefined LicenseRef-',
    (d) => (d.packages[1].licenseDeclared = 'LicenseRef-Nowhere'),
  ],
  [
    'spdx-relationship-dangling',
    'a relationship to a missing package',
    (d) => (d.relationships[1].relatedSpdxElement = 'SPDXRef-Package-missing'),
  ],
  [
    'spdx-files-analyzed',
    'a lockfile package without filesAnalyzed',
    (d) => delete d.packages[1].filesAnalyzed,
  ],
  [
    'spdx-license-expression',
    'free text as a license',
    (d) => (d.packages[1].licenseConcluded = 'MIT or whatever'),
  ],
  [
    'spdx-purl',
    'a purl that does not parse',
    (d) =>
      (d.packages[1].externalRefs = [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'npm/left-pad' },
      ]),
  ],
  [
    'spdx-checksum',
    'an uppercase, short checksum',
    (d) => (d.packages[1].checksums = [{ algorithm: 'SHA256', checksumValue: 'ABCDEF' }]),
  ],
];

const CYCLONEDX_BREAKAGES: Breakage[] = [
  [
    'cdx-bom-ref-unique',
    'two components with one bom-ref',
    (d) => (d.components[1]['bom-ref'] = d.components[0]['bom-ref']),
    ['cdx-dependency-ref'],
  ],
  [
    'cdx-dependency-ref',
    'a dependsOn naming nothing',
    (d) => d.dependencies[0].dependsOn.push('pkg:npm/ghost@1.0.0'),
  ],
  [
    'cdx-dependency-ref',
    'a dependency entry for nothing',
    (d) => d.dependencies.push({ ref: 'pkg:npm/ghost@1.0.0' }),
  ],
  ['cdx-purl', 'a purl that does not parse', (d) => (d.components[0].purl = 'not a purl')],
  [
    'cdx-license-expression',
    'an invalid expression',
    (d) => (d.components[0].licenses = [{ expression: 'MIT and' }]),
  ],
];

describe('sbom lint: documents custody writes', () => {
  it('finds nothing in the SPDX writer output', () => {
    expect(lintSbomDocument(spdx()).problems).toEqual([]);
  });

  it('finds nothing in the CycloneDX writer output', async () => {
    expect(lintSbomDocument(await cyclonedx()).problems).toEqual([]);
  });
});

describe('sbom lint: one broken SPDX document per rule', () => {
  it.each(SPDX_BREAKAGES)('%s: %s', (rule, _what, breakIt, consequences = []) => {
    const document = spdx();
    breakIt(document);
    const rules = new Set(lintSbomDocument(document).problems.map((p) => p.rule));
    expect(rules).toEqual(new Set([rule, ...consequences]));
  });
});

describe('sbom lint: one broken CycloneDX document per rule', () => {
  it.each(CYCLONEDX_BREAKAGES)('%s: %s', async (rule, _what, breakIt, consequences = []) => {
    const document = await cyclonedx();
    breakIt(document);
    const rules = new Set(lintSbomDocument(document).problems.map((p) => p.rule));
    expect(rules).toEqual(new Set([rule, ...consequences]));
  });
});

describe('sbom lint', () => {
  it('has a broken document for every rule it declares', () => {
    const covered = new Set([...SPDX_BREAKAGES, ...CYCLONEDX_BREAKAGES].map(([rule]) => rule));
    expect([...covered].sort()).toEqual(Object.keys(LINT_RULES).sort());
  });

  it('accepts NONE, NOASSERTION and DocumentRef- license references', () => {
    const document = spdx();
    document.packages[1].licenseConcluded = 'NONE';
    document.packages[2].licenseDeclared = 'DocumentRef-other:LicenseRef-x';
    expect(lintSbomDocument(document).problems).toEqual([]);
  });

  it('refuses a document in neither format', () => {
    expect(() => lintSbomDocument({ hello: 'world' }, 'x.json')).toThrow(
      /x.json: not an SPDX 2.x or CycloneDX/,
    );
  });
});

const SPEC_EXAMPLES = [
  'sbom/examples/spdx-spec-SPDXJSONExample-v2.3.spdx.json',
  'sbom/examples/spdx-examples-example14-spdx2.3-examplemaven-0.0.1-enriched.spdx.json',
  'sbom/examples/spdx-examples-ossna23-03-SBOMwDependency.json',
  'sbom/examples/sbom-tool-sample-spdx2.2-manifest.spdx.json',
];

// The SPDX project's own examples follow the rules: a rule that flags them is a wrong rule.
describeWithReference('sbom lint: SPDX project examples', SPEC_EXAMPLES, () => {
  it.each(SPEC_EXAMPLES)('finds nothing in %s', (path) => {
    const document = JSON.parse(readFileSync(requireReferenceData(path), 'utf8'));
    expect(lintSbomDocument(document, path).problems).toEqual([]);
  });
});
