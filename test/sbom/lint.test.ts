import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustody } from '#test-helpers';
import { writeSmallNpmProject } from './project.js';

let work: string;
let clean: Record<string, unknown> & { packages: Record<string, unknown>[]; documentNamespace: string };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-lint-'));
  await writeSmallNpmProject(join(work, 'demo'));
  const result = await runCustody(['sbom', join(work, 'demo')]);
  expect(result.status).toBe(0);
  clean = JSON.parse(result.stdout);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function lint(name: string, text: string) {
  const path = join(work, name);
  await writeFile(path, text);
  return { path, result: await runCustody(['sbom', 'lint', path]) };
}

describe('custody sbom lint FILE', () => {
  it('exits 0 on a document custody wrote', async () => {
    const { result } = await lint('clean.json', JSON.stringify(clean));
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/clean \(SPDX 2\.3\)/);
  });

  it('exits 1 and lists every problem, each naming its rule', async () => {
    const broken = structuredClone(clean);
    broken.documentNamespace = 'https://example.test/doc#1';
    delete broken.packages[1]!.filesAnalyzed;
    broken.packages[2]!.licenseDeclared = 'LicenseRef-Undefined';
    const { path, result } = await lint('broken.json', JSON.stringify(broken));
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(': ')[1]).sort()).toEqual(
      ['spdx-files-analyzed', 'spdx-license-ref-defined', 'spdx-namespace'].sort(),
    );
    for (const line of lines) expect(line.startsWith(`${path}: `)).toBe(true);
  });

  it.each([
    [
      'not JSON',
      'truncated.json',
      '{"spdxVersion": "SPDX-2.3", "packages": [',
      /truncated\.json: not valid JSON/,
    ],
    [
      'neither SPDX nor CycloneDX',
      'other.json',
      '{"hello": "world"}',
      /other\.json: not an SPDX 2\.x or CycloneDX/,
    ],
  ])('exits 2 on a file that is %s', async (_what, name, text, message) => {
    const { result } = await lint(name, text);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a file that cannot be read', async () => {
    const result = await runCustody(['sbom', 'lint', join(work, 'absent.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*absent\.json: ENOENT/);
  });
});
