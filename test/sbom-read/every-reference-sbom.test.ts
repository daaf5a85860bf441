import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithReference, referenceData, requireReferenceData } from '#test-helpers';
import { readSbom } from '../../packages/sbom/src/index.js';

// Every file in the two reference folders, listed at run time so that a file added there is
// read too. Per-file expectations written by hand live beside the readers
// (packages/sbom/src/formats/*/reader.test.ts); this guards that none is left out.
const folders = ['policy/sboms', 'sbom/examples'];
// The VEX documents carry vulnerabilities only (policy/sboms/README.md).
const withoutComponents = new Set(['cdx14-vex-case8-vex.json', 'cdx14-vex-standalone.json']);

describeWithReference('every reference SBOM reads', folders, () => {
  // The table is listed while collecting, which a skipped suite still does: nothing when absent.
  const files = folders.flatMap((folder) => {
    const dir = referenceData(folder);
    if (dir === undefined) return [];
    return readdirSync(dir)
      .filter((name) => /\.(json|jsonld)$/.test(name))
      .map((name) => ({ folder, name }));
  });

  it('finds the 16 policy SBOMs and 11 examples the READMEs list', () => {
    expect(files.filter((f) => f.folder === 'policy/sboms')).toHaveLength(16);
    expect(files.filter((f) => f.folder === 'sbom/examples')).toHaveLength(11);
  });

  it.each(files)('$folder/$name', async ({ folder, name }) => {
    const sbom = await readSbom(join(requireReferenceData(folder), name));
    if (withoutComponents.has(name)) expect(sbom.components).toHaveLength(0);
    else expect(sbom.components.length).toBeGreaterThan(0);
    // Every edge joins elements of the document.
    const ids = new Set([...sbom.components.map((c) => c.id), ...(sbom.files ?? []).map((f) => f.id)]);
    for (const r of sbom.relationships)
      expect(ids.has(r.from) && ids.has(r.to), `${r.from} ${r.type} ${r.to}`).toBe(true);
    for (const id of sbom.describes) expect(ids.has(id)).toBe(true);
  });
});
