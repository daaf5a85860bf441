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

const lockfiles = PROJECTS.map((project) => `sbom/lockfiles/${project}`);

describeWithReference(
  'custody sbom on real lockfiles: official schemas and lint',
  [...SBOM_SCHEMA_PATHS, ...lockfiles],
  () => {
    it.each(PROJECTS)('%s in SPDX 2.3 and CycloneDX 1.6', async (project) => {
      await expectValid(await bothFormats(requireReferenceData(`sbom/lockfiles/${project}`), project));
    });
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
