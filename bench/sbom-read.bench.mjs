// The SBOM readers on generated 10,000-component documents in each format, in process: the
// median time of `parseSbom` (JSON.parse included) against `JSON.parse` of the same text alone.
// The readers must stay linear and cheap: the policy gate's whole-process target (issue 5:
// under 300 ms, within 3x of parse alone) leaves them a few tens of milliseconds.
import { fileURLToPath } from 'node:url';

export const title = 'SBOM readers: 10,000 components per document (median of 9, in process)';
export const notes = 'parseSbom includes its own JSON.parse; "mapping" is the difference.';

const COMPONENTS = 10_000;
const LICENSES = [
  'MIT',
  'Apache-2.0',
  'ISC',
  'BSD-3-Clause',
  'MIT OR Apache-2.0',
  'GPL-2.0',
  'MIT/X11',
  'Apache2',
];

function each(make) {
  const out = [];
  for (let i = 0; i < COMPONENTS; i++) {
    const name = `pkg-${i}`;
    const version = `${i % 7}.${i % 13}.${i % 5}`;
    out.push(
      make({ i, name, version, purl: `pkg:npm/${name}@${version}`, license: LICENSES[i % LICENSES.length] }),
    );
  }
  return out;
}

function cyclonedx() {
  const components = each(({ i, name, version, purl, license }) => ({
    type: 'library',
    'bom-ref': purl,
    name,
    version,
    purl,
    supplier: { name: `Org ${i % 50}` },
    licenses: [license.includes(' ') ? { expression: license } : { license: { id: license } }],
    hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
  }));
  const dependencies = components.map((c, i) => ({
    ref: c['bom-ref'],
    dependsOn: [components[(i + 1) % COMPONENTS]['bom-ref']],
  }));
  return { bomFormat: 'CycloneDX', specVersion: '1.6', components, dependencies };
}

function spdx2() {
  const packages = each(({ i, name, version, purl, license }) => ({
    SPDXID: `SPDXRef-Package-${i}`,
    name,
    versionInfo: version,
    supplier: `Organization: Org ${i % 50}`,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: license,
    checksums: [{ algorithm: 'SHA512', checksumValue: 'ab'.repeat(64) }],
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }],
  }));
  const relationships = packages.map((p, i) => ({
    spdxElementId: p.SPDXID,
    relationshipType: 'DEPENDS_ON',
    relatedSpdxElement: packages[(i + 1) % COMPONENTS].SPDXID,
  }));
  return {
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'bench',
    dataLicense: 'CC0-1.0',
    documentNamespace: 'https://example.com/bench',
    creationInfo: { created: '2026-01-01T00:00:00Z', creators: ['Person: Bench'] },
    packages,
    relationships,
  };
}

function spdx3() {
  const ns = 'https://example.com/bench/';
  const graph = [
    {
      type: 'CreationInfo',
      '@id': '_:c',
      specVersion: '3.0.1',
      created: '2026-01-01T00:00:00Z',
      createdBy: [],
    },
  ];
  for (const license of LICENSES)
    graph.push({
      type: 'simplelicensing_LicenseExpression',
      spdxId: `${ns}license-${license}`,
      creationInfo: '_:c',
      simplelicensing_licenseExpression: license,
    });
  const ids = each(({ i, name, version, purl, license }) => {
    const id = `${ns}package-${i}`;
    graph.push(
      {
        type: 'software_Package',
        spdxId: id,
        creationInfo: '_:c',
        name,
        software_packageVersion: version,
        software_packageUrl: purl,
        verifiedUsing: [{ type: 'Hash', algorithm: 'sha512', hashValue: 'ab'.repeat(64) }],
      },
      {
        type: 'Relationship',
        spdxId: `${id}-license`,
        creationInfo: '_:c',
        from: id,
        relationshipType: 'hasDeclaredLicense',
        to: [`${ns}license-${license}`],
      },
    );
    return id;
  });
  for (const [i, id] of ids.entries()) {
    graph.push({
      type: 'Relationship',
      spdxId: `${id}-dep`,
      creationInfo: '_:c',
      from: id,
      relationshipType: 'dependsOn',
      to: [ids[(i + 1) % COMPONENTS]],
    });
  }
  graph.push({ type: 'SpdxDocument', spdxId: `${ns}document`, creationInfo: '_:c', rootElement: [ids[0]] });
  return { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': graph };
}

function median(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export async function run() {
  const { parseSbom } = await import(
    fileURLToPath(new URL('../packages/sbom/dist/index.js', import.meta.url))
  );
  const rows = [];
  for (const [format, make] of [
    ['CycloneDX 1.6', cyclonedx],
    ['SPDX 2.3', spdx2],
    ['SPDX 3.0', spdx3],
  ]) {
    const text = JSON.stringify(make());
    parseSbom(text); // warm the license cache and the JIT, as a long document does after its first components
    const parseMs = median(9, () => JSON.parse(text));
    const readMs = median(9, () => parseSbom(text));
    rows.push({
      format,
      'size MiB': (text.length / 1048576).toFixed(1),
      'JSON.parse ms': parseMs.toFixed(1),
      'parseSbom ms': readMs.toFixed(1),
      'mapping ms': (readMs - parseMs).toFixed(1),
      ratio: `${(readMs / parseMs).toFixed(2)}x`,
      'components/s': Math.round(COMPONENTS / (readMs / 1000)).toLocaleString('en-US'),
    });
  }
  return rows;
}
