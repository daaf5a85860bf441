import { expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { effectiveLicense } from '../../license/effective.js';
import { readSbom } from '../../read.js';
import { checkExpectation, component, type FileExpectation } from '../__fixtures__/reader-expectations.js';

// Every expectation below was written by hand from reading the file (its README row, and the
// packages, licenses and relationships in the JSON), never from custody's output.
const files: FileExpectation[] = [
  {
    file: 'policy/sboms/spdx-photon-sbomqs-sample.json',
    format: 'spdx',
    specVersion: '2.2',
    components: 38,
    relationships: { CONTAINS: 37 },
    describes: ['photon'],
    named: [
      { ref: 'photon', version: '3.0' },
      { ref: 'bash', version: '4.4.18-4.ph3', license: 'LicenseRef-92fe666' },
      { ref: 'openssl', version: '1.0.2ze-3.ph3', license: 'OpenSSL' },
      { ref: 'zlib', license: 'Zlib', licenseRaw: 'zlib' },
    ],
    edges: [['photon', 'CONTAINS', 'ad1f1c6f4fef6e6208ebc53e701bf9937f4e05dce5f601b20c35d8a0ad7fdeff']],
    also: (sbom) => {
      // tern brings 14 LicenseRef- texts (hasExtractedLicensingInfos), e.g. "GPLv3".
      expect(sbom.licenseDefinitions?.find((d) => d.id === 'LicenseRef-92fe666')?.text).toBe('GPLv3');
      expect(sbom.components.filter((c) => c.purl !== undefined)).toHaveLength(0);
    },
  },
  {
    file: 'policy/sboms/spdx22-ms-sbom-tool-0.3.0-win-x64.json',
    format: 'spdx',
    specVersion: '2.2',
    components: 88,
    files: 1,
    relationships: { DEPENDS_ON: 87 },
    describes: ['SBOMTool'],
    named: [
      { ref: 'SBOMTool', version: '0.3.0', supplier: 'Microsoft' },
      // sbom-tool 0.x wrote `pkg:nuget/Microsoft.Sbom.DotNetTool%400.3.0`: the @ percent-encoded.
      {
        ref: 'Microsoft.Sbom.DotNetTool',
        version: '0.3.0',
        purl: 'pkg:nuget/Microsoft.Sbom.DotNetTool@0.3.0',
        supplier: 'Microsoft',
        license: 'NOASSERTION',
      },
      { ref: 'Newtonsoft.Json', version: '13.0.1', purl: 'pkg:nuget/Newtonsoft.Json@13.0.1' },
    ],
    edges: [['SBOMTool', 'DEPENDS_ON', 'Microsoft.Sbom.DotNetTool']],
    warnings: [/percent-encoded/],
    also: (sbom) => {
      expect(component(sbom, 'Newtonsoft.Json').supplier).toBeUndefined();
      expect(sbom.document.tools).toEqual([{ name: 'Microsoft.SBOMTool', version: '0.2.7' }]);
    },
  },
  {
    file: 'policy/sboms/spdx22-syft-flux-0.26.3.json',
    format: 'spdx',
    specVersion: '2.2',
    components: 244,
    files: 491,
    relationships: { DEPENDS_ON: 0, CONTAINS: 0 },
    describes: [],
    named: [
      {
        ref: 'cloud.google.com/go/storage',
        version: 'v1.10.0',
        purl: 'pkg:golang/cloud.google.com/go/storage@v1.10.0',
        cpe: 'cpe:2.3:a:go:storage:v1.10.0:*:*:*:*:*:*:*',
        license: 'NOASSERTION',
      },
      {
        ref: 'github.com/Azure/go-ansiterm',
        version: 'v0.0.0-20210617225240-d185dfc1b5a1',
        purl: 'pkg:golang/github.com/Azure/go-ansiterm@v0.0.0-20210617225240-d185dfc1b5a1',
      },
    ],
    // syft wrote NONE for every package: a tool's NONE means "found none", read as NOASSERTION.
    warnings: [/license NONE read as NOASSERTION: the document was written by a tool \(syft 0\.33\.0\)/],
    also: (sbom) => {
      expect(sbom.relationships).toHaveLength(0);
      const yaml = sbom.components.filter((c) => c.name === 'sigs.k8s.io/yaml');
      expect(yaml.map((c) => c.purl)).toEqual([
        'pkg:golang/sigs.k8s.io/yaml@v1.3.0',
        'pkg:golang/sigs.k8s.io/yaml@v1.3.0',
      ]);
      expect(yaml[0]?.licenses?.declared?.expression).toBe('NOASSERTION');
      expect(yaml[0]?.licenses?.declared?.raw).toBe('NONE');
      const report = sbom.files?.find((f) => f.path === '.github/ISSUE_TEMPLATE/bug_report.yaml');
      expect(report?.hashes).toEqual([
        { algorithm: 'SHA-256', value: '4f9e0322b6ddcf7da238b8e900a1a66aa11d1242a33fdb71644b66b8186f93a5' },
      ]);
    },
  },
  {
    file: 'policy/sboms/spdx22-syft-grype-0.32.0-1160pkgs.json',
    format: 'spdx',
    specVersion: '2.2',
    components: 1160,
    describes: [],
    named: [
      {
        ref: 'Pygments',
        version: '2.6.1',
        cpe: 'cpe:2.3:a:python-Pygments:python-Pygments:2.6.1:*:*:*:*:*:*:*',
      },
      { ref: 'rails', version: '4.1.1', license: 'NOASSERTION' },
      {
        ref: 'libvncserver',
        version: '0.9.9',
        purl: 'pkg:alpine/libvncserver@0.9.9?arch=x86_64',
        license: 'GPL-2.0-or-later',
      },
    ],
    also: (sbom) => {
      expect(sbom.components.filter((c) => c.purl !== undefined)).toHaveLength(1157);
      // 1158 NONE/NONE, 1 NOASSERTION, 1 GPL-2.0-or-later: only one says something.
      expect(
        sbom.components.filter((c) => effectiveLicense(c.licenses)?.expression !== 'NOASSERTION'),
      ).toHaveLength(1);
    },
  },
  {
    file: 'policy/sboms/spdx23-examplemaven-enriched.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 6,
    files: 2,
    // 4 DYNAMIC_LINK and 1 TEST_DEPENDENCY_OF; 2 CONTAINS; GENERATES; TEST_CASE_OF. AMENDS is about the document.
    relationships: { DEPENDS_ON: 5, CONTAINS: 2, GENERATED_FROM: 1, OTHER: 1 },
    describes: ['examplemaven'],
    named: [
      { ref: 'examplemaven', version: '0.0.1', supplier: 'SPDX', license: 'Apache-2.0', hashes: ['SHA-1'] },
      // Concluded NOASSERTION, declared CPL-1.0: the declared one counts.
      { ref: 'JUnit', version: '3.8.1', license: 'CPL-1.0', scope: 'dev' },
      { ref: 'Apache Log4j SLF4J Binding', license: 'NOASSERTION' },
    ],
    edges: [
      ['examplemaven', 'DEPENDS_ON', 'JUnit'],
      ['examplemaven', 'DEPENDS_ON', 'Apache Log4j SLF4J Binding'],
    ],
    also: (sbom) => {
      const junit = component(sbom, 'JUnit').id;
      expect(sbom.relationships.find((r) => r.to === junit)?.dependencyKind).toBe('dev');
    },
  },
  {
    file: 'sbom/examples/spdx-spec-SPDXJSONExample-v2.3.spdx.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 4,
    files: 5,
    relationships: { DEPENDS_ON: 1, CONTAINS: 1, GENERATED_FROM: 1, OTHER: 1 },
    describes: ['glibc', './package/foo.c'],
    named: [
      {
        ref: 'glibc',
        version: '2.11.1',
        supplier: 'Jane Doe',
        license: 'LGPL-2.0-only OR LicenseRef-3',
        hashes: ['MD5', 'SHA-1', 'SHA-256', 'BLAKE2b-384'],
        cpe: 'cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*',
      },
      { ref: 'Saxon', version: '8.8', license: 'MPL-1.0' },
      { ref: 'Jena', version: '3.12.0' },
    ],
    edges: [['glibc', 'DEPENDS_ON', 'Saxon']],
    also: (sbom) => {
      const glibc = component(sbom, 'glibc');
      expect(glibc.supplier).toEqual({ kind: 'person', name: 'Jane Doe', email: 'jane.doe@example.com' });
      expect(glibc.originator).toEqual({
        kind: 'organization',
        name: 'ExampleCodeInspect',
        email: 'contact@example.com',
      });
      expect(glibc.licenses?.declared?.expression).toBe('LGPL-2.0-only AND LicenseRef-3');
      expect(sbom.licenseDefinitions?.map((d) => d.id)).toEqual([
        'LicenseRef-1',
        'LicenseRef-2',
        'LicenseRef-4',
        'LicenseRef-Beerware-4.2',
        'LicenseRef-3',
      ]);
    },
  },
  {
    file: 'sbom/examples/sbom-tool-sample-spdx2.2-manifest.spdx.json',
    format: 'spdx',
    specVersion: '2.2',
    components: 267,
    files: 1,
    relationships: { DEPENDS_ON: 266 },
    describes: ['sbom-tool sample'],
    named: [
      { ref: 'Castle.Core', version: '5.1.1', purl: 'pkg:nuget/Castle.Core@5.1.1' },
      {
        ref: 'Microsoft.Sbom.Targets',
        version: '4.0.3',
        purl: 'pkg:nuget/Microsoft.Sbom.Targets@4.0.3',
        supplier: 'Microsoft',
      },
    ],
    also: (sbom) => {
      expect(sbom.files?.[0]?.path).toBe('./sbom-tool-win-x64.exe');
      expect(sbom.files?.[0]?.hashes.map((h) => h.algorithm)).toEqual(['SHA-256', 'SHA-1']);
    },
  },
  {
    file: 'sbom/examples/spdx-examples-example10-spdx2.3-hello-source.spdx.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 1,
    files: 5,
    describes: ['hello'],
    named: [{ ref: 'hello', license: 'MIT' }],
  },
  {
    file: 'sbom/examples/spdx-examples-example11-spdx2.3-sbom.spdx.json',
    format: 'spdx',
    specVersion: '2.3',
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
    file: 'sbom/examples/spdx-examples-example14-spdx2.3-examplemaven-0.0.1-enriched.spdx.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 6,
    files: 2,
    describes: ['examplemaven'],
    named: [{ ref: 'JUnit', license: 'CPL-1.0' }],
  },
  {
    file: 'sbom/examples/spdx-examples-ossna23-01-MinimalSBOM.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 1,
    describes: ['tools-java'],
    named: [
      {
        ref: 'tools-java',
        version: '1.5.1',
        purl: 'pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc',
        supplier: 'SPDX',
        hashes: ['SHA-1'],
      },
    ],
    also: (sbom) => {
      expect(component(sbom, 'tools-java').licenses).toBeUndefined();
      expect(sbom.document.authors).toEqual([
        { kind: 'person', name: "Gary O'Neall", email: 'gary@sourceauditor.com' },
      ]);
    },
  },
  {
    file: 'sbom/examples/spdx-examples-ossna23-03-SBOMwDependency.json',
    format: 'spdx',
    specVersion: '2.3',
    components: 2,
    relationships: { DEPENDS_ON: 1 },
    describes: ['tools-java'],
    named: [
      { ref: 'xlsx', version: '0.16.6', purl: 'pkg:maven/org.webjars.npm/xlsx@0.16.6', supplier: 'Webjar' },
    ],
    edges: [['tools-java', 'DEPENDS_ON', 'xlsx']],
  },
];

describeWithReference(
  'SPDX 2 reader on real documents',
  files.map((f) => f.file),
  () => {
    it.each(files)('$file', async (expected) => {
      const sbom = await readSbom(requireReferenceData(expected.file));
      checkExpectation(sbom, expected);
    });

    it("reads a tool's NONE as written when asked to (toolNone: 'keep')", async () => {
      const sbom = await readSbom(
        requireReferenceData('policy/sboms/spdx22-syft-grype-0.32.0-1160pkgs.json'),
        {
          toolNone: 'keep',
        },
      );
      expect(component(sbom, 'rails').licenses?.declared).toEqual({ expression: 'NONE' });
    });
  },
);
