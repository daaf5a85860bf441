import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cyclonedx16SchemaCheck,
  describeWithReference,
  runCustody,
  SBOM_SCHEMA_PATHS,
  spdx23SchemaCheck,
} from '#test-helpers';
import { readSbom, type Sbom } from '../../packages/sbom/src/index.js';
import { LEFT_PAD, writeSmallNpmProject } from './project.js';
import { expectValidDocument } from './validate.js';

interface SpdxPackage {
  name: string;
  SPDXID: string;
  versionInfo?: string;
  supplier?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
}
interface SpdxDocument {
  name: string;
  documentNamespace: string;
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

let work: string;
let project: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-out-'));
  project = join(work, 'demo');
  await writeSmallNpmProject(project);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function scan(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runCustody(['sbom', project, ...args], { env });
  expect(result.stderr).not.toMatch(/internal error/);
  if (result.status === 0 && result.stdout !== '') expectValidDocument(JSON.parse(result.stdout));
  return result;
}

async function lintFile(path: string): Promise<void> {
  const result = await runCustody(['sbom', 'lint', path]);
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
}

function byName(document: SpdxDocument): Map<string, SpdxPackage> {
  return new Map(document.packages.map((p) => [p.name, p]));
}

describe('custody sbom DIR: SPDX 2.3 to stdout', () => {
  let document: SpdxDocument;
  beforeAll(async () => {
    const result = await scan([]);
    expect(result.status).toBe(0);
    document = JSON.parse(result.stdout);
  });

  it('lists the root and the five packages of the lockfile (counted by hand)', () => {
    expect([...byName(document).keys()].sort()).toEqual(
      ['@types/node', 'ansi-styles', 'chalk', 'demo-app', 'fsevents', 'left-pad'].sort(),
    );
  });

  it('carries the integrity hash as lowercase hex', () => {
    expect(byName(document).get('left-pad')?.checksums).toEqual([
      { algorithm: 'SHA512', checksumValue: LEFT_PAD.sha512 },
    ]);
  });

  it('records the lockfile graph, dev and optional edges marked', () => {
    const name = new Map(document.packages.map((p) => [p.SPDXID, p.name]));
    const edges = document.relationships
      .filter((r) => r.relationshipType !== 'DESCRIBES')
      .map((r) => `${name.get(r.spdxElementId)} ${r.relationshipType} ${name.get(r.relatedSpdxElement)}`)
      .sort();
    expect(edges).toEqual(
      [
        'demo-app DEPENDS_ON left-pad',
        'demo-app DEPENDS_ON chalk',
        'chalk DEPENDS_ON ansi-styles',
        '@types/node DEV_DEPENDENCY_OF demo-app',
        'fsevents OPTIONAL_DEPENDENCY_OF demo-app',
      ].sort(),
    );
  });
});

describeWithReference('custody sbom DIR: both formats in one run', SBOM_SCHEMA_PATHS, () => {
  let spdxPath: string;
  let cdxPath: string;
  beforeAll(async () => {
    spdxPath = join(work, 'both', 'sbom.spdx.json');
    cdxPath = join(work, 'both', 'bom.cdx.json');
    const result = await scan(['-o', `spdx-json=${spdxPath}`, '-o', `cyclonedx-json=${cdxPath}`]);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('writes an SPDX document the official SPDX 2.3 schema accepts, and that lints clean', async () => {
    expect(spdx23SchemaCheck()(JSON.parse(await readFile(spdxPath, 'utf8')))).toEqual([]);
    await lintFile(spdxPath);
  });

  it('writes a CycloneDX document the official CycloneDX 1.6 schema accepts, and that lints clean', async () => {
    expect(cyclonedx16SchemaCheck()(JSON.parse(await readFile(cdxPath, 'utf8')))).toEqual([]);
    await lintFile(cdxPath);
  });

  it('carries the same packages, purls, hashes and edges in both, read back through the model', async () => {
    const summary = (sbom: Sbom) => {
      const purlOf = new Map(sbom.components.map((c) => [c.id, c.purl ?? c.name]));
      return {
        packages: sbom.components
          .map((c) => `${c.purl} ${(c.hashes ?? []).map((h) => `${h.algorithm}:${h.value}`).sort()}`)
          .sort(),
        edges: sbom.relationships
          .filter((r) => r.type === 'DEPENDS_ON')
          .map((r) => `${purlOf.get(r.from)} -> ${purlOf.get(r.to)}`)
          .sort(),
      };
    };
    const fromSpdx = summary(await readSbom(spdxPath));
    const fromCdx = summary(await readSbom(cdxPath));
    expect(fromSpdx.packages).toHaveLength(6);
    expect(fromSpdx.edges).toHaveLength(5);
    expect(fromCdx).toEqual(fromSpdx);
  });
});

describe('custody sbom DIR: reproducible with SOURCE_DATE_EPOCH', () => {
  it('writes byte-identical documents in both formats, namespace and serial number included', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const outputs = [];
    for (const run of ['a', 'b']) {
      const dir = join(work, `repro-${run}`);
      const result = await scan(['-o', `spdx-json=${dir}/s.json`, '-o', `cyclonedx-json=${dir}/c.json`], env);
      expect(result.status).toBe(0);
      outputs.push([await readFile(join(dir, 's.json')), await readFile(join(dir, 'c.json'))]);
      for (const output of outputs.at(-1)!) expectValidDocument(JSON.parse(output.toString()));
    }
    expect(outputs[1]![0]!.equals(outputs[0]![0]!)).toBe(true);
    expect(outputs[1]![1]!.equals(outputs[0]![1]!)).toBe(true);
    expect(JSON.parse(outputs[0]![0]!.toString()).creationInfo.created).toBe('2023-11-14T22:13:20Z');
  });

  it('without it, gives each document its own namespace', async () => {
    const env = { SOURCE_DATE_EPOCH: '' };
    const first = JSON.parse((await scan([], env)).stdout) as SpdxDocument;
    const second = JSON.parse((await scan([], env)).stdout) as SpdxDocument;
    expect(second.documentNamespace).not.toBe(first.documentNamespace);
  });
});

describe('custody sbom DIR: document metadata flags', () => {
  it('applies --name, --version, --supplier and --namespace to both formats', async () => {
    const spdxPath = join(work, 'meta', 's.json');
    const cdxPath = join(work, 'meta', 'c.json');
    const result = await scan([
      '--name',
      'shop',
      '--version',
      '2.0.0',
      '--supplier',
      'Organization: ACME (ops@acme.test)',
      '--namespace',
      'https://acme.test/sboms/shop-2.0.0',
      '-o',
      `spdx-json=${spdxPath}`,
      '-o',
      `cyclonedx-json=${cdxPath}`,
    ]);
    expect(result.status).toBe(0);
    const spdx = JSON.parse(await readFile(spdxPath, 'utf8')) as SpdxDocument;
    expect(spdx.name).toBe('shop@2.0.0');
    expect(spdx.documentNamespace).toBe('https://acme.test/sboms/shop-2.0.0');
    expect(byName(spdx).get('shop')).toMatchObject({
      versionInfo: '2.0.0',
      supplier: 'Organization: ACME (ops@acme.test)',
    });
    const cdx = JSON.parse(await readFile(cdxPath, 'utf8'));
    expectValidDocument(spdx);
    expectValidDocument(cdx);
    expect(cdx.metadata.component).toMatchObject({
      name: 'shop',
      version: '2.0.0',
      purl: 'pkg:npm/shop@2.0.0',
    });
    expect(cdx.metadata.supplier.name).toBe('ACME');
  });

  it('refuses a namespace with # before writing anything (exit 2)', async () => {
    const out = join(work, 'bad-namespace');
    const result = await scan(['--namespace', 'https://acme.test/x#1', '-o', join(out, 'sbom.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--namespace https:\/\/acme.test\/x#1 is not an absolute URI without "#"/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a SOURCE_DATE_EPOCH that is not a count of seconds (exit 2)', async () => {
    const result = await scan([], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/SOURCE_DATE_EPOCH=yesterday is not a count of seconds/);
    expect(result.stdout).toBe('');
  });

  it('refuses -o with an unknown FORMAT= prefix (exit 2), writing nothing', async () => {
    const out = join(work, 'bad-format');
    const result = await scan(['-o', `spdx-json=${join(out, 'a.json')}`, '-o', `xml=${join(out, 'b.xml')}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown output format xml/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('leaves dev-only packages out with --exclude-dev', async () => {
    const document = JSON.parse((await scan(['--exclude-dev'])).stdout) as SpdxDocument;
    expect([...byName(document).keys()]).not.toContain('@types/node');
    expect([...byName(document).keys()]).toContain('left-pad');
    expect(document.relationships.map((r) => r.relationshipType)).not.toContain('DEV_DEPENDENCY_OF');
  });

  it('writes CycloneDX to stdout with --format cyclonedx-json', async () => {
    const result = await scan(['--format', 'cyclonedx-json']);
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.bomFormat).toBe('CycloneDX');
    expect(document.specVersion).toBe('1.6');
  });
});
