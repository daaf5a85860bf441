import { expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { readSbom } from '../../read.js';
import { checkExpectation, component, type FileExpectation } from '../__fixtures__/reader-expectations.js';

// Every expectation below was written by hand from reading the file (its README row, and the
// components, licenses and dependencies in the JSON), never from custody's output.
const files: FileExpectation[] = [
  {
    file: 'policy/sboms/cdx14-juice-shop-cyclonedx-npm.json',
    format: 'cyclonedx',
    specVersion: '1.4',
    // 837 top-level components + 278 nested under their parents + metadata.component.
    components: 1116,
    // 1116 `dependencies` entries with 1775 dependsOn refs; each nested component is CONTAINed.
    relationships: { DEPENDS_ON: 1775, CONTAINS: 278 },
    describes: ['juice-shop'],
    named: [
      { ref: 'juice-shop', version: '14.1.1', license: 'MIT' },
      { ref: 'express@4.18.2', purl: 'pkg:npm/express@4.18.2', license: 'MIT', hashes: ['SHA-512'] },
      { ref: 'chainsaw', version: '0.1.0', license: 'MIT OR X11', licenseRaw: 'MIT/X11' },
      { ref: 'foreachasync', version: '3.0.0', license: 'Apache-2.0', licenseRaw: 'Apache2' },
      { ref: 'fuzzball', version: '1.4.0', license: 'GPL-2.0-only', licenseRaw: 'GPL-2.0' },
      { ref: 'esprima@1.0.4', purl: 'pkg:npm/esprima@1.0.4', license: 'LicenseRef-BSD', licenseRaw: 'BSD' },
      { ref: 'atob', version: '2.1.2', license: 'MIT OR Apache-2.0' },
      { ref: 'rc', license: 'BSD-2-Clause OR MIT OR Apache-2.0' },
    ],
    edges: [
      ['express@4.18.2', 'DEPENDS_ON', 'accepts@1.3.8'],
      ['notevil', 'CONTAINS', 'esprima@1.0.4'],
    ],
    warnings: [/MIT\/X11/, /Apache2/, /"BSD" is not an SPDX expression/],
    also: (sbom) => {
      // 76 components (top-level and nested) say `"scope": "optional"`; none says another scope.
      expect(sbom.components.filter((c) => c.scope === 'optional')).toHaveLength(76);
      expect(sbom.components.filter((c) => c.scope !== undefined && c.scope !== 'optional')).toHaveLength(0);
      expect(sbom.document.tools?.map((t) => t.name)).toContain('cyclonedx-npm');
    },
  },
  {
    file: 'policy/sboms/cdx14-laravel-cyclonedx-php-composer.json',
    format: 'cyclonedx',
    specVersion: '1.4',
    components: 63,
    relationships: { DEPENDS_ON: 113 },
    describes: ['cyclonedx-php-composer-demo'],
    named: [
      {
        ref: 'stack-cors',
        group: 'asm89',
        version: '1.3.0',
        purl: 'pkg:composer/asm89/stack-cors@1.3.0',
        license: 'MIT',
      },
      {
        ref: 'math',
        group: 'brick',
        version: '0.9.3',
        purl: 'pkg:composer/brick/math@0.9.3',
        license: 'MIT',
      },
      { ref: 'portable-ascii', group: 'voku', version: '1.6.1', license: 'MIT' },
    ],
    edges: [['stack-cors', 'DEPENDS_ON', 'http-foundation']],
  },
  {
    file: 'policy/sboms/cdx15-blackduck-hub.json',
    format: 'cyclonedx',
    specVersion: '1.5',
    components: 117,
    relationships: { DEPENDS_ON: 117 },
    describes: ['STM32CubeH7'],
    named: [
      {
        ref: 'STM32CubeH7',
        version: '1.12.1',
        supplier: 'ST Microelectronics',
        license: 'LicenseRef-SOFTWARE-PACKAGE-LICENSE-AGREEMENT-SLA0048',
        licenseRaw: 'SOFTWARE PACKAGE LICENSE AGREEMENT (SLA0048)',
      },
      { ref: 'FatFS', version: 'r0.12c_stm32cube_20230818', license: 'BSD-3-Clause' },
      { ref: 'jQuery', purl: 'pkg:github/jquery/jquery@1.7.1' },
    ],
    edges: [['STM32CubeH7', 'DEPENDS_ON', 'FatFS']],
    also: (sbom) => {
      // Only three components carry a purl; suppliers are written as `{"name": ""}`, which is none.
      expect(sbom.components.filter((c) => c.purl !== undefined)).toHaveLength(3);
      expect(component(sbom, 'FatFS').supplier).toBeUndefined();
      expect(
        sbom.components.filter(
          (c) => c.licenses?.declared?.expression === 'LicenseRef-Ultimate-Liberty-license-SLA0044',
        ),
      ).toHaveLength(42);
    },
  },
  {
    file: 'policy/sboms/cdx15-deprecated-license-ids.json',
    format: 'cyclonedx',
    specVersion: '1.5',
    components: 32,
    describes: [],
    // Successors as the SPDX License List's deprecation notes give them.
    named: [
      { ref: 'package-deprecated-license-GPL-2.0', license: 'GPL-2.0-only', licenseRaw: 'GPL-2.0' },
      { ref: 'package-deprecated-license-GPL-2.0+', license: 'GPL-2.0-or-later', licenseRaw: 'GPL-2.0+' },
      { ref: 'package-deprecated-license-LGPL-2.1', license: 'LGPL-2.1-only' },
      { ref: 'package-deprecated-license-LGPL-3.0+', license: 'LGPL-3.0-or-later' },
      { ref: 'package-deprecated-license-AGPL-3.0', license: 'AGPL-3.0-only' },
      {
        ref: 'package-deprecated-license-GPL-2.0-with-classpath-exception',
        license: 'GPL-2.0-only WITH Classpath-exception-2.0',
      },
      {
        ref: 'package-deprecated-license-GPL-3.0-with-GCC-exception',
        license: 'GPL-3.0-only WITH GCC-exception-3.1',
      },
      {
        ref: 'package-deprecated-license-wxWindows',
        license: 'GPL-2.0-or-later WITH WxWindows-exception-3.1',
      },
      { ref: 'package-deprecated-license-Nunit', license: 'zlib-acknowledgement' },
      { ref: 'package-deprecated-license-BSD-2-Clause-NetBSD', license: 'BSD-2-Clause' },
    ],
    warnings: [/deprecated id GPL-2.0 read as GPL-2.0-only/, /Net-SNMP has no single successor/],
    also: (sbom) => {
      // Every one of the 32 ids is deprecated: each statement records a step.
      expect(
        sbom.components.filter((c) => (c.licenses?.declared?.normalization?.length ?? 0) > 0),
      ).toHaveLength(32);
    },
  },
  {
    file: 'policy/sboms/cdx16-spec-example.json',
    format: 'cyclonedx',
    specVersion: '1.6',
    components: 3,
    relationships: { DEPENDS_ON: 1 },
    describes: ['Acme Application'],
    named: [
      { ref: 'Acme Application', version: '9.1.1' },
      {
        ref: 'tomcat-catalina',
        group: 'com.acme',
        version: '9.0.14',
        purl: 'pkg:npm/acme/component@1.0.0',
        license: 'Apache-2.0',
        hashes: ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'],
      },
      { ref: 'mylibrary', group: 'org.example', version: '1.0.0', supplier: 'Example, Inc.' },
    ],
    // The file's one dependency entry has the component depend on itself.
    edges: [['tomcat-catalina', 'DEPENDS_ON', 'tomcat-catalina']],
    also: (sbom) => {
      const supplier = component(sbom, 'mylibrary').supplier;
      expect(supplier).toEqual({
        kind: 'organization',
        name: 'Example, Inc.',
        email: 'support@example.com',
        url: 'https://example.com',
      });
      expect(sbom.document.authors?.[0]?.name).toBe('Samantha Wright');
      // `"publisher": "Acme Inc"` is where the component came from.
      expect(component(sbom, 'tomcat-catalina').originator).toEqual({ kind: 'unknown', name: 'Acme Inc' });
      expect(component(sbom, 'Acme Application').identifiers).toContainEqual({
        type: 'swid',
        value: 'swidgen-242eb18a-503e-ca37-393b-cf156ef09691_9.1.1',
      });
    },
  },
  {
    file: 'policy/sboms/cdx14-vex-case8-bom.json',
    format: 'cyclonedx',
    specVersion: '1.4',
    components: 1,
    describes: ['ABC'],
    named: [{ ref: 'ABC' }],
  },
  // The VEX documents carry vulnerabilities only: no components, and reading them is no error.
  {
    file: 'policy/sboms/cdx14-vex-case8-vex.json',
    format: 'cyclonedx',
    specVersion: '1.4',
    components: 0,
    describes: [],
    named: [],
  },
  {
    file: 'policy/sboms/cdx14-vex-standalone.json',
    format: 'cyclonedx',
    specVersion: '1.4',
    components: 0,
    describes: [],
    named: [],
  },
];

describeWithReference(
  'CycloneDX reader on real documents',
  files.map((f) => f.file),
  () => {
    it.each(files)('$file', async (expected) => {
      const sbom = await readSbom(requireReferenceData(expected.file));
      checkExpectation(sbom, expected);
    });
  },
);
