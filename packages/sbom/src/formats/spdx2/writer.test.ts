import { describe, expect, it } from 'vitest';
import { describeWithReference, SBOM_SCHEMA_PATHS, spdx23SchemaCheck } from '#test-helpers';
import { handBuiltProject } from '../../document/__fixtures__/project.js';
import { assembleSbom } from '../../document/index.js';
import type { Sbom } from '../../model/index.js';
import { spdxVcsLocation, writeSpdx2Json } from './writer.js';
import { spdxIdsFor } from './writer-ids.js';

const TOOL = { name: 'custody', version: '9.9.9' };

interface SpdxPackage {
  name: string;
  SPDXID: string;
  filesAnalyzed: boolean;
  downloadLocation: string;
  licenseDeclared: string;
  checksums: { algorithm: string; checksumValue: string }[];
  externalRefs: unknown[];
}
interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}
interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  hasExtractedLicensingInfos: { licenseId: string; extractedText: string }[];
}

function written(sbom?: Sbom): SpdxDocument {
  return JSON.parse(
    writeSpdx2Json(sbom ?? assembleSbom(handBuiltProject(), { tool: TOOL, sourceDateEpoch: 1700000000 })),
  );
}

function packageNamed(document: SpdxDocument, name: string): SpdxPackage {
  const found = document.packages.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no package ${name}`);
  return found;
}

describeWithReference('SPDX 2.3 writer against the official schema', SBOM_SCHEMA_PATHS, () => {
  it('writes a document the SPDX 2.3 JSON schema accepts', () => {
    expect(spdx23SchemaCheck()(written())).toEqual([]);
  });
});

describe('SPDX 2.3 writer', () => {
  it('states the spec version, data license, tool and creation time (SPDX 2.3 §6)', () => {
    const document = written();
    expect(document.spdxVersion).toBe('SPDX-2.3');
    expect(document.dataLicense).toBe('CC0-1.0');
    expect(document.SPDXID).toBe('SPDXRef-DOCUMENT');
    expect(document.creationInfo.creators).toEqual(['Tool: custody-9.9.9']);
    // 1700000000 s after the epoch is 2023-11-14T22:13:20Z.
    expect(document.creationInfo.created).toBe('2023-11-14T22:13:20Z');
  });

  it('describes the root and nothing else', () => {
    const document = written();
    const describes = document.relationships.filter((r) => r.relationshipType === 'DESCRIBES');
    expect(describes).toEqual([
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: packageNamed(document, 'demo-app').SPDXID,
      },
    ]);
  });

  it('writes production edges as DEPENDS_ON and dev and optional ones as their reverse SPDX types', () => {
    const document = written();
    const id = (name: string) => packageNamed(document, name).SPDXID;
    const edges = document.relationships
      .filter((r) => r.relationshipType !== 'DESCRIBES')
      .map((r) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`)
      .sort();
    expect(edges).toEqual(
      [
        `${id('demo-app')} DEPENDS_ON ${id('left-pad')}`,
        `${id('@types/node')} DEV_DEPENDENCY_OF ${id('demo-app')}`,
        `${id('fsevents')} OPTIONAL_DEPENDENCY_OF ${id('demo-app')}`,
        `${id('@types/node')} DEPENDS_ON ${id('undici-types')}`,
      ].sort(),
    );
  });

  it('maps integrity hashes to SPDX algorithm names in lowercase hex (SPDX 2.3 §7.10)', () => {
    const document = written();
    const sha512 = packageNamed(document, 'left-pad').checksums[0]!;
    expect(sha512.algorithm).toBe('SHA512');
    expect(sha512.checksumValue).toMatch(/^b4a24a3f[0-9a-f]{120}$/);
    expect(packageNamed(document, '@types/node').checksums).toEqual([
      { algorithm: 'SHA1', checksumValue: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567' },
    ]);
  });

  it('marks lockfile packages filesAnalyzed false and gives each a purl reference', () => {
    const document = written();
    for (const pkg of document.packages) expect(pkg.filesAnalyzed).toBe(false);
    expect(packageNamed(document, '@types/node').externalRefs).toEqual([
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: 'pkg:npm/%40types/node@20.11.0',
      },
    ]);
  });

  it('writes download locations, and the root VCS origin as git+URL@commit (SPDX 2.3 §7.7)', () => {
    const document = written();
    expect(packageNamed(document, 'left-pad').downloadLocation).toBe(
      'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
    );
    expect(packageNamed(document, 'fsevents').downloadLocation).toBe('NOASSERTION');
    expect(packageNamed(document, 'demo-app').downloadLocation).toBe(
      'git+https://git.example.test/demo-app.git@0123456789abcdef0123456789abcdef01234567',
    );
  });

  it('defines every LicenseRef- it uses and never writes an invalid expression', () => {
    const document = written();
    expect(packageNamed(document, 'fsevents').licenseDeclared).toBe('LicenseRef-Custom-Terms');
    const repaired = packageNamed(document, 'undici-types').licenseDeclared as string;
    expect(repaired === 'NOASSERTION' || repaired.startsWith('LicenseRef-')).toBe(true);
    const defined = new Set(document.hasExtractedLicensingInfos.map((d) => d.licenseId));
    expect(defined.has('LicenseRef-Custom-Terms')).toBe(true);
    if (repaired !== 'NOASSERTION') expect(defined.has(repaired)).toBe(true);
    for (const info of document.hasExtractedLicensingInfos)
      expect(info.extractedText.length).toBeGreaterThan(0);
  });

  it('defines a LicenseRef- a component uses without a definition in the model', () => {
    const sbom = assembleSbom(
      { ...handBuiltProject(), licenseDefinitions: [] },
      { tool: TOOL, sourceDateEpoch: 0 },
    );
    const infos = written(sbom).hasExtractedLicensingInfos as { licenseId: string }[];
    expect(infos.map((info) => info.licenseId)).toContain('LicenseRef-Custom-Terms');
  });

  it('refuses a relationship to a component the model lacks rather than write a dangling one', () => {
    const project = handBuiltProject();
    project.relationships.push({ from: project.root.id, to: 'pkg:npm/ghost@1.0.0', type: 'DEPENDS_ON' });
    expect(() => writeSpdx2Json(assembleSbom(project, { tool: TOOL, sourceDateEpoch: 0 }))).toThrow(/ghost/);
  });
});

describe('SPDXIDs', () => {
  it.each([
    ['pkg:npm/left-pad@1.3.0', 'SPDXRef-Package-npm-left-pad-1.3.0'],
    ['pkg:npm/%40types/node@20.11.0', 'SPDXRef-Package-npm-types-node-20.11.0'],
    ['pkg:npm/a@1.0.0?vcs_url=git%2Bhttps', 'SPDXRef-Package-npm-a-1.0.0-vcs-url-git-https'],
  ])('derives %s as %s', (id, expected) => {
    expect(spdxIdsFor([id], 'Package').get(id)).toBe(expected);
  });

  it('keeps ids unique when two slugs collide, whatever the order', () => {
    const ids = ['pkg:npm/a-b@1.0.0', 'pkg:npm/a/b@1.0.0', 'pkg:npm/c@1.0.0'];
    const forward = spdxIdsFor(ids, 'Package');
    const backward = spdxIdsFor([...ids].reverse(), 'Package');
    expect(new Set(forward.values()).size).toBe(3);
    for (const id of ids) expect(forward.get(id)).toBe(backward.get(id));
    for (const spdxId of forward.values()) expect(spdxId).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
  });
});

describe('SPDX download locations of git dependencies', () => {
  it.each([
    [
      'git+ssh://git@github.com/npm/cli.git#0123456789abcdef0123456789abcdef01234567',
      'git+ssh://git@github.com/npm/cli.git@0123456789abcdef0123456789abcdef01234567',
    ],
    ['git+https://github.com/a/b.git#abc1234', 'git+https://github.com/a/b.git@abc1234'],
    ['https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'https://registry.npmjs.org/a/-/a-1.0.0.tgz'],
    ['git+https://github.com/a/b.git#semver:^1.0.0', 'git+https://github.com/a/b.git#semver:^1.0.0'],
  ])('writes %s as %s', (npm, spdx) => {
    expect(spdxVcsLocation(npm)).toBe(spdx);
  });
});
