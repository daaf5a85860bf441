import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  cyclonedx16SchemaCheck,
  describeWithReference,
  repositoryRoot,
  requireReferenceData,
  runCustody,
  SBOM_SCHEMA_PATHS,
  spdx23SchemaCheck,
} from '#test-helpers';
import { readSbom, type Sbom } from '../../packages/sbom/src/index.js';

/** Real lockfiles of real projects: every document custody makes of them passes schema and lint. */
const PROJECTS = ['npm-cli', 'vite', 'jest', 'webpack'];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-ref-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function bothFormats(dir: string, name: string): Promise<{ spdx: string; cdx: string }> {
  const spdx = join(work, `${name}.spdx.json`);
  const cdx = join(work, `${name}.cdx.json`);
  const result = await runCustody([
    'sbom',
    dir,
    '-q',
    '-o',
    `spdx-json=${spdx}`,
    '-o',
    `cyclonedx-json=${cdx}`,
  ]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { spdx, cdx };
}

async function expectValid(paths: { spdx: string; cdx: string }): Promise<void> {
  const spdx = JSON.parse(await readFile(paths.spdx, 'utf8'));
  const cdx = JSON.parse(await readFile(paths.cdx, 'utf8'));
  expect(spdx23SchemaCheck()(spdx)).toEqual([]);
  expect(cyclonedx16SchemaCheck()(cdx)).toEqual([]);
  for (const path of [paths.spdx, paths.cdx]) {
    const lint = await runCustody(['sbom', 'lint', path]);
    expect(lint.stdout).toBe('');
    expect(lint.status).toBe(0);
  }
  // One package per component in both formats (CycloneDX keeps the root in metadata).
  expect(cdx.components.length + 1).toBe(spdx.packages.length);
}

/** Packages with their hashes, and DEPENDS_ON edges, by purl: what both formats must agree on. */
function summary(sbom: Sbom): { packages: string[]; edges: string[] } {
  const purlOf = new Map(sbom.components.map((c) => [c.id, c.purl ?? c.name]));
  return {
    packages: sbom.components
      .map((c) => `${c.purl ?? c.name} ${(c.hashes ?? []).map((h) => `${h.algorithm}:${h.value}`).sort()}`)
      .sort(),
    edges: sbom.relationships
      .filter((r) => r.type === 'DEPENDS_ON')
      .map((r) => `${purlOf.get(r.from)} -> ${purlOf.get(r.to)}`)
      .sort(),
  };
}

async function expectSameContent(paths: { spdx: string; cdx: string }): Promise<void> {
  const fromSpdx = summary(await readSbom(paths.spdx));
  const fromCdx = summary(await readSbom(paths.cdx));
  expect(fromSpdx.edges.length).toBeGreaterThan(0);
  expect(fromCdx.packages).toEqual(fromSpdx.packages);
  expect(fromCdx.edges).toEqual(fromSpdx.edges);
}

const lockfiles = PROJECTS.map((project) => `sbom/lockfiles/${project}`);

describeWithReference(
  'custody sbom on real lockfiles: official schemas and lint',
  [...SBOM_SCHEMA_PATHS, ...lockfiles],
  () => {
    it.each(PROJECTS)(
      '%s: SPDX 2.3 and CycloneDX 1.6 with the same packages, hashes and edges',
      async (project) => {
        const paths = await bothFormats(requireReferenceData(`sbom/lockfiles/${project}`), project);
        await expectValid(paths);
        await expectSameContent(paths);
      },
    );
  },
);

describeWithReference(
  'the README Quick start: custody sbom . from the repository root',
  SBOM_SCHEMA_PATHS,
  () => {
    it('writes this repository’s SBOM (pnpm-lock.yaml v9 with workspaces), valid and lint-clean', async () => {
      const paths = await bothFormats(repositoryRoot, 'custody');
      await expectValid(paths);
      const spdx = JSON.parse(await readFile(paths.spdx, 'utf8')) as { packages: { name: string }[] };
      const names = new Set(spdx.packages.map((p) => p.name));
      // Workspace members are packages of their own (packages/*/package.json).
      for (const member of ['@custody/core', '@custody/sbom', '@custody/cli'])
        expect(names.has(member)).toBe(true);
    });
  },
);
