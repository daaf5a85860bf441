import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { effectiveLicense, parseSbom, readSbom, type Sbom } from '../../packages/sbom/src/index.js';

/**
 * What must not depend on the format a project was written in: each package's name, version,
 * purl, supplier, effective license and dev scope, and the dependency edges between packages.
 */
function view(sbom: Sbom) {
  const key = new Map(sbom.components.map((c) => [c.id, `${c.name}@${c.version ?? ''}`]));
  return {
    packages: sbom.components
      .map((c) => ({
        name: c.name,
        version: c.version,
        purl: c.purl,
        supplier: c.supplier?.name,
        license: effectiveLicense(c.licenses)?.expression,
        dev: c.scope === 'dev',
      }))
      .sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`)),
    dependencies: sbom.relationships
      .filter((r) => r.type === 'DEPENDS_ON')
      .map((r) => `${key.get(r.from)} -> ${key.get(r.to)}`)
      .sort(),
  };
}

// The SPDX project publishes these examples in both 2.3 and 3.0 (spdx/spdx-examples).
const pairs: { name: string; spdx2: string; spdx3: string; packages: number; dependencies: number }[] = [
  {
    name: 'example10 hello-source',
    spdx2: 'sbom/examples/spdx-examples-example10-spdx2.3-hello-source.spdx.json',
    spdx3: 'sbom/examples/spdx-examples-example10-spdx3.0-hello-source.spdx3.json',
    packages: 1,
    dependencies: 0,
  },
  {
    name: 'example11 hello-server',
    spdx2: 'sbom/examples/spdx-examples-example11-spdx2.3-sbom.spdx.json',
    spdx3: 'sbom/examples/spdx-examples-example11-spdx3.0-sbom.spdx3.json',
    packages: 4,
    dependencies: 3,
  },
  {
    name: 'examplemaven (2.3 enriched by Parlay, 3.0 from spdx-maven-plugin)',
    spdx2: 'policy/sboms/spdx23-examplemaven-enriched.json',
    spdx3: 'policy/sboms/spdx30-examplemaven.json',
    packages: 6,
    dependencies: 5,
  },
];

describeWithReference(
  'the same project in two formats reads the same',
  pairs
    .flatMap((p) => [p.spdx2, p.spdx3])
    .concat([
      'policy/sboms/cdx16-spec-example.json',
      'sbom/examples/sbom-tool-sample-spdx2.2-manifest.spdx.json',
      'sbom/examples/sbom-tool-sample-spdx3.0-manifest.spdx.json',
    ]),
  () => {
    it.each(pairs)('$name: SPDX 2.3 and SPDX 3.0', async ({ spdx2, spdx3, packages, dependencies }) => {
      const two = view(await readSbom(requireReferenceData(spdx2)));
      const three = view(await readSbom(requireReferenceData(spdx3)));
      expect(two.packages).toHaveLength(packages);
      expect(two.dependencies).toHaveLength(dependencies);
      expect(three).toEqual(two);
    });

    it("sbom-tool's own sample in SPDX 2.2 and SPDX 3.0", async () => {
      const two = view(
        await readSbom(requireReferenceData('sbom/examples/sbom-tool-sample-spdx2.2-manifest.spdx.json')),
      );
      const three = view(
        await readSbom(requireReferenceData('sbom/examples/sbom-tool-sample-spdx3.0-manifest.spdx.json')),
      );
      // The two runs differ only in the root package: its swid purl carries a fresh tag_id, and
      // the 3.0 run names no supplier for it. Everything else must read the same.
      const notRoot = (p: { name: string }) => p.name !== 'sbom-tool sample';
      expect(two.packages.filter(notRoot)).toHaveLength(266);
      expect(three.packages.filter(notRoot)).toEqual(two.packages.filter(notRoot));
      expect(two.dependencies).toHaveLength(266);
      expect(three.dependencies).toEqual(two.dependencies);
    });

    it('CycloneDX 1.6 and its SPDX 3.0 translation written by hand', async () => {
      const path = requireReferenceData('policy/sboms/cdx16-spec-example.json');
      const cdx = await readSbom(path);
      // The hash values are taken from the CycloneDX file so that none is copied into the project.
      const raw = JSON.parse(await readFile(path, 'utf8')) as {
        components: { hashes?: { alg: string; content: string }[] }[];
      };
      const spdxAlg: Record<string, string> = {
        MD5: 'md5',
        'SHA-1': 'sha1',
        'SHA-256': 'sha256',
        'SHA-512': 'sha512',
      };
      const hashes = (raw.components[0]?.hashes ?? []).map((h) => ({
        type: 'Hash',
        algorithm: spdxAlg[h.alg],
        hashValue: h.content,
      }));
      const ns = 'https://example.com/acme-application/';
      const creationInfo = '_:creationinfo';
      const spdx3 = {
        '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
        '@graph': [
          {
            type: 'CreationInfo',
            '@id': creationInfo,
            specVersion: '3.0.1',
            created: '2020-04-13T20:20:39Z',
            createdBy: [`${ns}samantha`],
          },
          { type: 'Person', spdxId: `${ns}samantha`, name: 'Samantha Wright', creationInfo },
          { type: 'Organization', spdxId: `${ns}example-inc`, name: 'Example, Inc.', creationInfo },
          { type: 'SpdxDocument', spdxId: `${ns}document`, creationInfo, rootElement: [`${ns}sbom`] },
          { type: 'software_Sbom', spdxId: `${ns}sbom`, creationInfo, rootElement: [`${ns}app`] },
          {
            type: 'software_Package',
            spdxId: `${ns}app`,
            creationInfo,
            name: 'Acme Application',
            software_packageVersion: '9.1.1',
            software_primaryPurpose: 'application',
          },
          {
            type: 'software_Package',
            spdxId: `${ns}tomcat`,
            creationInfo,
            name: 'tomcat-catalina',
            software_packageVersion: '9.0.14',
            software_packageUrl: 'pkg:npm/acme/component@1.0.0',
            verifiedUsing: hashes,
          },
          {
            type: 'simplelicensing_LicenseExpression',
            spdxId: `${ns}apache`,
            creationInfo,
            simplelicensing_licenseExpression: 'Apache-2.0',
          },
          {
            type: 'Relationship',
            spdxId: `${ns}r1`,
            creationInfo,
            from: `${ns}tomcat`,
            relationshipType: 'hasDeclaredLicense',
            to: [`${ns}apache`],
          },
          {
            type: 'software_Package',
            spdxId: `${ns}mylibrary`,
            creationInfo,
            name: 'mylibrary',
            software_packageVersion: '1.0.0',
            suppliedBy: `${ns}example-inc`,
          },
          {
            type: 'Relationship',
            spdxId: `${ns}r2`,
            creationInfo,
            from: `${ns}tomcat`,
            relationshipType: 'dependsOn',
            to: [`${ns}tomcat`],
          },
        ],
      };
      const fromSpdx = parseSbom(JSON.stringify(spdx3), { path: 'acme.spdx3.json' });
      expect(view(fromSpdx)).toEqual(view(cdx));
      expect(fromSpdx.describes.map((id) => fromSpdx.components.find((c) => c.id === id)?.name)).toEqual([
        'Acme Application',
      ]);
      const hashesOf = (sbom: Sbom) => sbom.components.find((c) => c.name === 'tomcat-catalina')?.hashes;
      expect(hashesOf(fromSpdx)).toEqual(hashesOf(cdx));
      expect(hashesOf(cdx)).toHaveLength(4);
    });
  },
);
