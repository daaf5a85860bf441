import { expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import {
  effectiveLicense,
  parseSbom,
  readSbom,
  type Sbom,
  writeCycloneDxJson,
  writeSpdx2Json,
} from '../../packages/sbom/src/index.js';

/** The model content both formats carry, keyed by name@version so that ids may differ. */
function view(
  sbom: Sbom,
  options: { group: boolean; scope: boolean; contains: boolean; bothLicenses: boolean },
) {
  const key = new Map(
    sbom.components.map((c) => [
      c.id,
      `${options.group && c.group ? `${c.group}/` : ''}${c.name}@${c.version ?? ''}`,
    ]),
  );
  return {
    components: sbom.components
      .map((c) => ({
        key: key.get(c.id),
        purl: c.purl,
        ...(options.group ? { group: c.group } : {}),
        ...(options.scope ? { scope: c.scope } : {}),
        supplier: c.supplier?.name,
        // SPDX 2 writes NOASSERTION where the model has no statement: the same fact.
        ...(options.bothLicenses
          ? {
              declared: c.licenses?.declared?.expression ?? 'NOASSERTION',
              concluded: c.licenses?.concluded?.expression ?? 'NOASSERTION',
            }
          : { license: effectiveLicense(c.licenses)?.expression ?? 'NOASSERTION' }),
        hashes: c.hashes,
      }))
      .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '')),
    edges: sbom.relationships
      .filter((r) => r.type === 'DEPENDS_ON' || (options.contains && r.type === 'CONTAINS'))
      .map((r) => `${key.get(r.from)} ${r.type} ${key.get(r.to)}`)
      .sort(),
    describes: sbom.describes
      .map((id) => key.get(id))
      .filter((k) => k !== undefined)
      .sort(),
  };
}

const inputs = [
  'policy/sboms/cdx14-juice-shop-cyclonedx-npm.json',
  'policy/sboms/cdx14-laravel-cyclonedx-php-composer.json',
  'policy/sboms/spdx23-examplemaven-enriched.json',
  'sbom/examples/spdx-examples-example11-spdx2.3-sbom.spdx.json',
];

// Read a real document, write it with custody's writers, read the output back: the model
// content must survive. SPDX 2.3 has no component group or scope field, so those are compared
// through CycloneDX only; custody's CycloneDX writer lists components flat (no nesting), so
// CONTAINS edges are compared through SPDX only; and it writes a license that is both declared
// and concluded once, as declared, so through CycloneDX the license that counts is compared.
// CycloneDX has no files, so a described file is compared through SPDX only.
describeWithReference('custody writes what its readers read back', inputs, () => {
  it.each(inputs)('%s through SPDX 2.3', async (file) => {
    const original = await readSbom(requireReferenceData(file));
    // SPDX needs a document namespace; a CycloneDX serial number is no absolute URI.
    if (original.source?.format === 'cyclonedx')
      original.document.namespace = 'https://example.com/custody/round-trip';
    const back = parseSbom(writeSpdx2Json(original), { path: 'written.spdx.json' });
    expect(back.source).toMatchObject({ format: 'spdx', specVersion: '2.3' });
    expect(view(back, { group: false, scope: false, contains: true, bothLicenses: true })).toEqual(
      view(original, { group: false, scope: false, contains: true, bothLicenses: true }),
    );
  });

  it.each(inputs)('%s through CycloneDX 1.6', async (file) => {
    const original = await readSbom(requireReferenceData(file));
    const back = parseSbom(await writeCycloneDxJson(original), { path: 'written.cdx.json' });
    expect(back.source).toMatchObject({ format: 'cyclonedx', specVersion: '1.6' });
    expect(view(back, { group: true, scope: true, contains: false, bothLicenses: false })).toEqual(
      view(original, { group: true, scope: true, contains: false, bothLicenses: false }),
    );
  });
});
