import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSbom } from '@custody/sbom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { FIXTURE_POLICY } from '../__fixtures__/fixture-policy.js';
import { loadPolicy } from '../load/load.js';
import type { Policy } from '../model/policy.js';
import type { PolicyReport, RuleResult } from '../model/result.js';
import { evaluatePolicy } from './evaluate.js';

type Expected = [
  rule: string,
  component: string,
  version: string | undefined,
  outcome: 'pass' | 'fail' | 'warn',
];

/**
 * Findings written by hand from reading each file (the comment says what in the file causes
 * each), never from custody's output. Components are named by name and version as the file
 * writes them.
 */
const expectations: Record<string, Expected[]> = {
  'cdx14-juice-shop-cyclonedx-npm.json': [
    ['no-copyleft', 'fuzzball', '1.4.0', 'fail'], // license.id "GPL-2.0" (deprecated: GPL-2.0-only, copyleft)
    ['permissive-only', 'esprima', '1.0.4', 'fail'], // license.name "BSD": no SPDX id, so no category
    ['permissive-only', 'esprima', '4.0.1', 'pass'], // license.id "BSD-2-Clause"
    ['banned', 'lodash', '2.4.2', 'fail'], // below 4.17.21
    ['banned', 'lodash', '4.17.21', 'pass'],
    ['banned', 'minimist', '0.2.3', 'fail'], // below 1.2.6
    ['banned', 'minimist', '1.2.8', 'pass'],
    ['banned', 'jsonwebtoken', '0.1.0', 'fail'], // below 9.0.0
  ],
  'cdx14-laravel-cyclonedx-php-composer.json': [
    ['banned', 'swiftmailer', 'v6.3.0', 'fail'], // pkg:composer/swiftmailer/swiftmailer@v6.3.0, banned at any version
    ['banned', 'psr7', '1.9.0', 'fail'], // pkg:composer/guzzlehttp/psr7@1.9.0 < 1.9.1
    ['banned', 'guzzle', '6.5.8', 'pass'], // guzzlehttp/guzzle is not on the list
    ['supplier-named', 'math', '0.9.3', 'fail'], // brick/math: no supplier field in the component
    ['permissive-only', 'phpoption', '1.9.0', 'pass'], // license.id "Apache-2.0"
  ],
  'cdx14-vex-case8-bom.json': [
    ['identified', 'ABC', undefined, 'fail'], // metadata.component "ABC": no version, no purl
    ['permissive-only', 'ABC', undefined, 'warn'], // no licenses: onUnknown warn
    ['supplier-named', 'ABC', undefined, 'fail'], // no supplier
  ],
  'cdx15-blackduck-hub.json': [
    ['permissive-only', 'Audio PDM', '3.3.0', 'fail'], // license.name "SLA0047": a LicenseRef-, category unknown
    ['identified', 'FatFS', 'r0.12c_stm32cube_20230818', 'fail'], // no purl
    ['banned', 'jQuery', '1.7.1', 'fail'], // pkg:github/jquery/jquery@1.7.1 < 3.5.0
    ['supplier-named', 'FreeRTOS', 'v10.3.1_20200831', 'fail'], // supplier.name is ""
    ['known-ecosystems', 'CMSIS_5', '5.6.0', 'fail'], // pkg:github/ARM-software/CMSIS_5: github is not an allowed type
  ],
  'cdx15-deprecated-license-ids.json': [
    ['no-copyleft', 'package-deprecated-license-GPL-2.0', '2.0.0', 'fail'], // license.id "GPL-2.0"
    ['no-network-copyleft', 'package-deprecated-license-AGPL-3.0', '2.0.0', 'fail'], // license.id "AGPL-3.0"
    ['permissive-only', 'package-deprecated-license-LGPL-2.1', '2.0.0', 'fail'], // LGPL-2.1-only: copyleft-limited
    ['no-copyleft', 'package-deprecated-license-LGPL-2.1', '2.0.0', 'pass'], // copyleft-limited is not copyleft
    ['permissive-only', 'package-deprecated-license-BSD-2-Clause-NetBSD', '1.0.0', 'pass'], // now BSD-2-Clause
    // "GPL-2.0-with-classpath-exception" is GPL-2.0-only WITH Classpath-exception-2.0; the deny
    // list has no WITH entry and exceptions do not inherit, so it is not denied.
    ['no-copyleft', 'package-deprecated-license-GPL-2.0-with-classpath-exception', '2.0.0', 'pass'],
    ['no-copyleft', 'package-deprecated-license-GPL-2.0+', '2.0.0', 'fail'], // GPL-2.0-or-later: 2.0 and 3.0 both copyleft
    ['identified', 'package-deprecated-license-Nunit', '1.0.0', 'fail'], // no purl
  ],
  'cdx16-spec-example.json': [
    ['identified', 'mylibrary', '1.0.0', 'fail'], // no purl
    ['permissive-only', 'mylibrary', '1.0.0', 'warn'], // no licenses
    ['supplier-named', 'mylibrary', '1.0.0', 'pass'], // supplier.name "Example, Inc."
    ['banned', 'tomcat-catalina', '9.0.14', 'fail'], // purl pkg:npm/acme/component@1.0.0 matches pkg:npm/acme/*
  ],
  'spdx-photon-sbomqs-sample.json': [
    ['permissive-only', 'bash', '4.4.18-4.ph3', 'fail'], // licenseDeclared LicenseRef-92fe666
    ['identified', 'bash', '4.4.18-4.ph3', 'fail'], // no purl externalRef
    ['permissive-only', 'curl', '7.86.0-3.ph3', 'pass'], // concluded NOASSERTION, declared MIT
    ['permissive-only', 'photon', '3.0', 'warn'], // NOASSERTION both
    ['supplier-named', 'curl', '7.86.0-3.ph3', 'fail'], // no supplier
  ],
  'spdx22-ms-sbom-tool-0.3.0-win-x64.json': [
    ['supplier-named', 'StyleCop.Analyzers', '1.1.118', 'fail'], // supplier NOASSERTION
    ['supplier-named', 'Microsoft.Sbom.DotNetTool', '0.3.0', 'pass'], // "Organization: Microsoft"
    ['banned', 'Ninject', '3.3.6', 'fail'], // pkg:nuget/Ninject%403.3.6 (the tool escapes the @) < 3.3.7
    ['permissive-only', 'Ninject', '3.3.6', 'warn'], // NOASSERTION
    ['known-ecosystems', 'Azure Pipelines Hosted Image win22', '20221027.1', 'fail'], // its "purl" is a GitHub URL
  ],
  'spdx22-syft-flux-0.26.3.json': [
    ['supplier-named', 'cloud.google.com/go', 'v0.81.0', 'fail'], // no supplier
    ['banned', 'github.com/Azure/azure-sdk-for-go', 'v51.1.0+incompatible', 'fail'], // < 52.0.0
    ['banned', 'golang.org/x/crypto', 'v0.0.0-20211215153901-e495a2d5b3d3', 'pass'], // after the 2020-12-16 fix
    ['permissive-only', 'golang.org/x/text', 'v0.3.7', 'warn'], // licenseConcluded NONE (syft: not looked at)
  ],
  'spdx22-syft-grype-0.32.0-1160pkgs.json': [
    ['no-copyleft', 'libvncserver', '0.9.9', 'fail'], // GPL-2.0-or-later: every version it admits is copyleft
    ['known-ecosystems', 'libvncserver', '0.9.9', 'fail'], // pkg:alpine is not an allowed type
    ['banned', 'golang.org/x/crypto', 'v0.0.0-20191011191535-87dc89f01550', 'fail'], // before the fix
    ['banned', 'golang.org/x/crypto', 'v0.0.0-20210322153248-0c34fe9e7dc2', 'pass'], // after it
    ['identified', 'apt', '1.8.2', 'fail'], // no purl
    ['permissive-only', 'Pygments', '2.6.1', 'warn'], // NOASSERTION
  ],
  'spdx23-examplemaven-enriched.json': [
    ['permissive-only', 'JUnit', '3.8.1', 'fail'], // concluded NOASSERTION, declared CPL-1.0
    ['identified', 'Apache Log4j Core', undefined, 'fail'], // no versionInfo, no purl
    ['supplier-named', 'examplemaven', '0.0.1', 'pass'], // "Organization: SPDX"
    ['supplier-named', 'SLF4J API Module', undefined, 'fail'], // no supplier
  ],
  'spdx30-examplemaven.json': [
    ['permissive-only', 'JUnit', '3.8.1', 'fail'], // hasDeclaredLicense CPL-1.0, hasConcludedLicense NOASSERTION
    ['identified', 'Apache Log4j Core', undefined, 'fail'], // no packageVersion
    ['supplier-named', 'examplemaven', '0.0.1', 'pass'], // suppliedBy the SPDX organization
    ['supplier-named', 'SLF4J API Module', undefined, 'fail'], // no suppliedBy
    ['permissive-only', 'Apache Log4j API', undefined, 'warn'], // NOASSERTION both ways
  ],
  'spdx30-appbomination.json': [
    ['banned', 'junit', '4.12', 'fail'], // pkg:maven/junit/junit@4.12 < 4.13.1
    ['permissive-only', 'Faust Proprietary File', undefined, 'fail'], // LicenseRef-1
    ['permissive-only', 'App-BOM-ination', '1.0', 'fail'], // concluded (Apache-2.0 AND LicenseRef-1)
    ['permissive-only', 'commons-lang3', '3.4', 'pass'], // Apache-2.0
    ['no-copyleft', 'junit', '4.12', 'pass'], // EPL-1.0 is copyleft-limited
  ],
  'spdx30-sbomqs-complete.json': [
    ['supplier-named', 'my-application', '1.0.0', 'fail'], // no suppliedBy
    ['supplier-named', 'my-library', '2.3.4', 'fail'],
    ['banned', 'my-library', '2.3.4', 'fail'], // pkg:npm/my-library@2.3.4 in >=2.0.0 <3.0.0
    ['permissive-only', 'my-library', '2.3.4', 'pass'], // MIT
  ],
};

// The VEX-only documents have no components: they must read and evaluate without error.
const vexOnly = ['cdx14-vex-case8-vex.json', 'cdx14-vex-standalone.json'];

const files = [...Object.keys(expectations), ...vexOnly];

describeWithReference(
  'policy over every reference SBOM',
  files.map((f) => `policy/sboms/${f}`),
  () => {
    let dir: string;
    let policy: Policy;
    const reports = new Map<string, PolicyReport>();

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'custody-policy-ref-'));
      await writeFile(join(dir, 'policy.yaml'), FIXTURE_POLICY);
      policy = await loadPolicy(join(dir, 'policy.yaml'));
      for (const file of files) {
        const sbom = await readSbom(requireReferenceData(`policy/sboms/${file}`));
        reports.set(
          file,
          evaluatePolicy(policy, [{ name: file, sbom }], {
            now: new Date('2026-01-01T00:00:00Z'),
            keepPasses: true,
          }),
        );
      }
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('uses every rule kind', () => {
      expect(new Set(policy.rules.map((r) => r.kind))).toEqual(new Set(['license', 'component', 'package']));
    });

    it.each(Object.keys(expectations))('%s', (file) => {
      const report = reports.get(file) as PolicyReport;
      const expected = expectations[file] as Expected[];
      expect(expected.filter((e) => e[3] !== 'pass').length).toBeGreaterThanOrEqual(3);
      for (const [rule, name, version, outcome] of expected) {
        const matching = report.results.filter(
          (r: RuleResult) =>
            r.ruleId === rule &&
            r.component.name === name &&
            (version === undefined || r.component.version === version),
        );
        expect(matching.length, `${rule} on ${name}@${version}`).toBeGreaterThan(0);
        for (const result of matching)
          expect([rule, name, version, result.outcome]).toEqual([rule, name, version, outcome]);
      }
    });

    it.each(vexOnly)('%s evaluates with no components', (file) => {
      const report = reports.get(file) as PolicyReport;
      expect(report.results).toEqual([]);
      expect(report.status).toBe('pass');
    });

    it('skips components outside a rule’s scopes', () => {
      // JUnit is a test dependency in examplemaven (TEST_DEPENDENCY_OF / hasTestCase).
      const report = reports.get('spdx23-examplemaven-enriched.json') as PolicyReport;
      expect(report.results.filter((r) => r.ruleId === 'identified' && r.component.name === 'JUnit')).toEqual(
        [],
      );
      expect(report.results.some((r) => r.ruleId === 'permissive-only' && r.component.name === 'JUnit')).toBe(
        true,
      );
    });
  },
);
