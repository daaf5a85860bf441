import { describe, expect, it } from 'vitest';
import { PatchError } from '../errors.js';
import { fixesByPackage, readTrivyReport } from './trivy.js';

// A report in the shape of Trivy's JSON (schema 2, pkg/types/report.go), written by hand: an
// OS result with fixed, unfixed and multi-branch entries, and a language result to be ignored.
const report = {
  SchemaVersion: 2,
  ArtifactName: 'debian:12',
  Results: [
    {
      Target: 'debian:12 (debian 12.7)',
      Class: 'os-pkgs',
      Type: 'debian',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2024-0001',
          PkgName: 'libssl3',
          PkgIdentifier: { PURL: 'pkg:deb/debian/libssl3@3.0.14-1~deb12u1?arch=amd64&distro=debian-12.7' },
          InstalledVersion: '3.0.14-1~deb12u1',
          FixedVersion: '3.0.14-1~deb12u2',
        },
        {
          VulnerabilityID: 'CVE-2024-0002',
          PkgName: 'libssl3',
          PkgIdentifier: { PURL: 'pkg:deb/debian/libssl3@3.0.14-1~deb12u1?arch=amd64&distro=debian-12.7' },
          InstalledVersion: '3.0.14-1~deb12u1',
          FixedVersion: '3.0.15-1~deb12u1',
        },
        {
          VulnerabilityID: 'CVE-2024-0003',
          PkgName: 'bash',
          InstalledVersion: '5.2.15-2+b2',
          FixedVersion: '',
        },
        {
          VulnerabilityID: 'CVE-2024-0004',
          PkgName: 'zlib1g',
          InstalledVersion: '1:1.2.13.dfsg-1',
          FixedVersion: '1:1.2.11.dfsg-2+deb11u3, 1:1.2.13.dfsg-1+deb12u1',
        },
      ],
    },
    {
      Target: 'app/package-lock.json',
      Class: 'lang-pkgs',
      Type: 'npm',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2024-9',
          PkgName: 'lodash',
          InstalledVersion: '4.0.0',
          FixedVersion: '4.17.21',
        },
      ],
    },
  ],
};

describe('Trivy report', () => {
  it('keeps OS packages with a fix, the branch fix above the installed version, and the purl arch', () => {
    const found = readTrivyReport(JSON.stringify(report));
    expect(found.map((v) => [v.vulnerabilityId, v.package, v.arch, v.fixedVersion])).toEqual([
      ['CVE-2024-0001', 'libssl3', 'amd64', '3.0.14-1~deb12u2'],
      ['CVE-2024-0002', 'libssl3', 'amd64', '3.0.15-1~deb12u1'],
      ['CVE-2024-0004', 'zlib1g', undefined, '1:1.2.13.dfsg-1+deb12u1'],
    ]);
  });

  it('groups by package with the highest fixed version', () => {
    expect(fixesByPackage(readTrivyReport(JSON.stringify(report)))).toEqual([
      {
        package: 'libssl3',
        arch: 'amd64',
        installedVersion: '3.0.14-1~deb12u1',
        fixedVersion: '3.0.15-1~deb12u1',
        vulnerabilityIds: ['CVE-2024-0001', 'CVE-2024-0002'],
      },
      {
        package: 'zlib1g',
        installedVersion: '1:1.2.13.dfsg-1',
        fixedVersion: '1:1.2.13.dfsg-1+deb12u1',
        vulnerabilityIds: ['CVE-2024-0004'],
      },
    ]);
  });

  it.each([
    ['not JSON', '{'],
    ['no Results array', '{"Results": 3}'],
    [
      'a vulnerability without PkgName',
      JSON.stringify({ Results: [{ Class: 'os-pkgs', Vulnerabilities: [{}] }] }),
    ],
  ])('REPORT_INVALID: %s', (_name, text) => {
    const error = (() => {
      try {
        readTrivyReport(text, 'r.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ code: 'REPORT_INVALID', kind: 'input' });
  });
});
