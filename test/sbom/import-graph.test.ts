import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custodyBin, runCustody } from '#test-helpers';
import { writeSmallNpmProject } from './project.js';

let work: string;
let register: string;

// A module-load hook (node:module register) that names every file the process loads: the SPDX
// path must stay light, so the big libraries only some outputs need must not be among them. The
// CLI is a bundle: each file it loads is translated into the source modules it holds, from the
// list the bundler wrote (bundle/inputs.json, paths relative to packages/cli).
let inputsOf: Record<string, string[]>;
const bundleDir = dirname(custodyBin);

beforeAll(async () => {
  inputsOf = JSON.parse(await readFile(join(bundleDir, 'inputs.json'), 'utf8')) as Record<string, string[]>;
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-graph-'));
  await writeSmallNpmProject(join(work, 'demo'));
  await writeFile(
    join(work, 'hooks.mjs'),
    "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }\n",
  );
  register = join(work, 'register.mjs');
  await writeFile(
    register,
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function loadedBy(args: string[]): Promise<string[]> {
  const result = await runCustody(args, { env: { NODE_OPTIONS: `--import ${register}` } });
  expect(result.status).toBe(0);
  const files = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => fileURLToPath(line.slice('loaded '.length)));
  expect(files).toContain(custodyBin);
  return files.flatMap((file) => {
    if (!file.startsWith(`${bundleDir}/`)) return [file];
    const held = inputsOf[file.slice(bundleDir.length + 1)];
    expect(held, `${file} is not in bundle/inputs.json`).toBeDefined();
    return held ?? [];
  });
}

describe('custody sbom: what the SPDX path loads', () => {
  it('loads neither cyclonedx-library, nor ajv, nor yaml for an npm lockfile to SPDX', async () => {
    const loaded = await loadedBy(['sbom', join(work, 'demo'), '-o', join(work, 'out.spdx.json')]);
    expect(loaded.some((path) => path.startsWith('../sbom/dist/catalog/'))).toBe(true);
    for (const heavy of ['@cyclonedx+cyclonedx-library', '/ajv@', '/yaml@'])
      expect(loaded.filter((url) => url.includes(heavy))).toEqual([]);
  });

  it('loads cyclonedx-library when CycloneDX is asked for (the hook sees it)', async () => {
    const loaded = await loadedBy([
      'sbom',
      join(work, 'demo'),
      '-f',
      'cyclonedx-json',
      '-o',
      join(work, 'out.cdx.json'),
    ]);
    expect(loaded.some((url) => url.includes('@cyclonedx+cyclonedx-library'))).toBe(true);
  });
});
