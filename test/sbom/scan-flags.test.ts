import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustody } from '#test-helpers';
import { writeSmallNpmProject } from './project.js';
import { expectValidDocument } from './validate.js';

let work: string;
let monorepo: string;

// A folder holding the small project twice: at its root, and under tools/helper as a project of
// another name with the same lockfile contents (so the same dependencies).
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-flags-'));
  monorepo = join(work, 'repo');
  await writeSmallNpmProject(monorepo);
  await writeSmallNpmProject(join(monorepo, 'tools', 'helper'), 'helper-tool');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function packageNames(args: string[]): Promise<string[]> {
  const result = await runCustody(['sbom', monorepo, '-q', ...args]);
  expect(result.status).toBe(0);
  expectValidDocument(JSON.parse(result.stdout));
  return (JSON.parse(result.stdout) as { packages: { name: string }[] }).packages.map((p) => p.name).sort();
}

describe('custody sbom DIR: --exclude', () => {
  it('scans a nested project by default and leaves it out with --exclude GLOB', async () => {
    const all = await packageNames([]);
    const excluded = await packageNames(['--exclude', 'tools/**']);
    // The nested project is one more package (its own root); its dependencies are the same ones.
    expect(all).toEqual([...excluded, 'helper-tool'].sort());
    expect(excluded).toEqual(['@types/node', 'ansi-styles', 'chalk', 'demo-app', 'fsevents', 'left-pad']);
  });
});
