import { expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { readSbom } from '../../read.js';
import { checkExpectation, component, type FileExpectation } from '../__fixtures__/reader-expectations.js';

// Every expectation below was written by hand from reading the @graph of each file (packages,
// their hasDeclaredLicense/hasConcludedLicense targets, and the other relationships), never
// from custody's output.
const files: FileExpectation[] = [
  {
    file: 'policy/sboms/spdx30-examplemaven.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 6,
    files: 3,
    // dependsOn (scope test) + 4 hasDynamicLink; 2 contains; generates; hasTestCase and
    // hasDistributionArtifact between the root package and its files.
    relationships: { DEPENDS_ON: 5, CONTAINS: 2, GENERATED_FROM: 1, OTHER: 2 },
    describes: ['examplemaven'],
    named: [
      { ref: 'examplemaven', version: '0.0.1', supplier: 'SPDX', license: 'Apache-2.0' },
      { ref: 'JUnit', version: '3.8.1', license: 'CPL-1.0', scope: 'dev' },
      { ref: 'Apache Log4j Core', license: 'NOASSERTION' },
    ],
    edges: [
      ['examplemaven', 'DEPENDS_ON', 'JUnit'],
      ['examplemaven', 'DEPENDS_ON', 'Apache Log4j API'],
    ],
  },
  {
    file: 'policy/sboms/spdx30-appbomination.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 7,
    files: 15,
    // 18 contains relationships, 5 of them written twice: 13 distinct edges.
    relationships: { DEPENDS_ON: 4, CONTAINS: 13, OTHER: 6 },
    describes: ['App-BOM-ination'],
    named: [
      {
        ref: 'App-BOM-ination',
        version: '1.0',
        supplier: 'ACT Project',
        license: 'Apache-2.0 AND LicenseRef-1',
      },
      {
        ref: 'hamcrest-core',
        version: '1.3',
        purl: 'pkg:maven/org.hamcrest/hamcrest-core@1.3',
        license: 'BSD-3-Clause',
        scope: 'dev',
      },
      { ref: 'junit', version: '4.12', purl: 'pkg:maven/junit/junit@4.12', license: 'EPL-1.0', scope: 'dev' },
      { ref: 'slf4j-api', version: '1.7.21', license: 'Apache-2.0' },
      { ref: 'Faust Proprietary File', license: 'LicenseRef-1' },
    ],
    edges: [
      ['junit', 'DEPENDS_ON', 'hamcrest-core'],
      ['App-BOM-ination', 'DEPENDS_ON', 'commons-lang3'],
    ],
    warnings: [/5 repeated relationships read once/],
    also: (sbom) => {
      expect(component(sbom, 'App-BOM-ination').licenses?.declared?.expression).toBe('Apache-2.0');
      expect(component(sbom, 'commons-lang3').scope).toBeUndefined();
    },
  },
  {
    file: 'policy/sboms/spdx30-sbomqs-complete.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 2,
    files: 1,
    relationships: { DEPENDS_ON: 1, CONTAINS: 1, OTHER: 1 },
    describes: ['my-application'],
    named: [
      {
        ref: 'my-application',
        version: '1.0.0',
        purl: 'pkg:npm/my-application@1.0.0',
        cpe: 'cpe:2.3:a:example:my-application:1.0.0:*:*:*:*:*:*:*',
        license: 'MIT',
        hashes: ['SHA-512'],
      },
      { ref: 'my-library', version: '2.3.4', purl: 'pkg:npm/my-library@2.3.4', license: 'MIT' },
    ],
    edges: [['my-application', 'DEPENDS_ON', 'my-library']],
    also: (sbom) => {
      expect(component(sbom, 'my-library').originator).toEqual({
        kind: 'organization',
        name: 'Library Vendor Ltd',
        email: 'support@libraryvendor.com',
      });
      expect(component(sbom, 'my-application').homepage).toBe('https://example.com/my-app');
    },
  },
  {
    file: 'sbom/examples/spdx-examples-example10-spdx3.0-hello-source.spdx3.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 1,
    files: 5,
    relationships: { CONTAINS: 5 },
    describes: ['hello'],
    named: [{ ref: 'hello', license: 'MIT' }],
  },
  {
    file: 'sbom/examples/spdx-examples-example11-spdx3.0-sbom.spdx3.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 4,
    files: 1,
    relationships: { DEPENDS_ON: 3, GENERATED_FROM: 1 },
    describes: ['hello-server-src', 'hello-server'],
    named: [
      { ref: 'hello-server-src', version: '0.1.0', license: 'Apache-2.0' },
      { ref: 'hyper', version: '0.14', purl: 'pkg:cargo/hyper@0.14', license: 'MIT' },
      { ref: 'pretty_env_logger', version: '0.4.0', license: 'MIT OR Apache-2.0' },
    ],
    edges: [['hello-server-src', 'DEPENDS_ON', 'tokio']],
  },
  {
    file: 'sbom/examples/spdx-spec-3.0.1-package_sbom.jsonld',
    format: 'spdx',
    specVersion: '3.0',
    components: 1,
    files: 1,
    relationships: { CONTAINS: 1 },
    // No describes relationship: the SpdxDocument's rootElement is an Sbom whose root is the package.
    describes: ['my-package'],
    named: [{ ref: 'my-package', version: '1.0' }],
  },
  {
    // sbom-tool's 3.0 output is not schema-valid (README): upper-case relationship types,
    // ExternalIdentifier as graph elements, abstract Element/AnyLicenseInfo types. It still reads.
    file: 'sbom/examples/sbom-tool-sample-spdx3.0-manifest.spdx.json',
    format: 'spdx',
    specVersion: '3.0',
    components: 267,
    files: 1,
    relationships: { DEPENDS_ON: 266 },
    describes: ['sbom-tool sample'],
    named: [
      { ref: 'Castle.Core', version: '5.1.1', purl: 'pkg:nuget/Castle.Core@5.1.1', license: 'NOASSERTION' },
      {
        ref: 'Microsoft.Sbom.Targets',
        version: '4.0.3',
        purl: 'pkg:nuget/Microsoft.Sbom.Targets@4.0.3',
        supplier: 'Microsoft',
      },
    ],
    also: (sbom) => {
      expect(component(sbom, 'Castle.Core').supplier).toBeUndefined();
      expect(sbom.document.dataLicense).toBe('CC0-1.0');
      expect(sbom.files?.[0]?.hashes.map((h) => h.algorithm)).toEqual(['SHA-256', 'SHA-1']);
    },
  },
];

describeWithReference(
  'SPDX 3.0 reader on real documents',
  files.map((f) => f.file),
  () => {
    it.each(files)('$file', async (expected) => {
      const sbom = await readSbom(requireReferenceData(expected.file));
      checkExpectation(sbom, expected);
    });
  },
);
