import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fields, formatStanzas, indexStanza, runAptOracle } from '../__fixtures__/apt-oracle.js';
import { PatchError } from '../errors.js';
import { PackageVersion } from '../index-model/index.js';
import type { Rootfs } from '../rootfs/index.js';
import { resolvePlan } from './plan.js';
import type { RepositoryIndexSource } from './source.js';

// In-memory indexes stand in for the repository layer (tested on its own against signed
// repositories); apt-get -s on the same paragraphs gives the expected plan.

const pkg = (Package: string, Version: string, more: Fields = {}): Fields => ({
  Package,
  Version,
  Architecture: 'amd64',
  ...more,
});

const status = [
  pkg('openssl', '3.0.1-1', { Depends: 'libssl3 (>= 3.0.1)' }),
  pkg('libssl3', '3.0.1-1'),
  pkg('zlib1g', '1:1.2.13-1'),
  pkg('bash', '5.2-1'),
];
const index = [
  pkg('openssl', '3.0.2-1', { Depends: 'libssl3 (>= 3.0.2)' }),
  pkg('libssl3', '3.0.2-1'),
  pkg('zlib1g', '1:1.2.13-1+deb12u1'),
  pkg('bash', '5.2-2'),
  pkg('curl', '8.0-1'),
].map(indexStanza);

function rootfsOf(stanzas: Fields[]): Rootfs {
  return {
    root: '/fake-rootfs',
    nativeArch: 'amd64',
    foreignArchs: [],
    installed: stanzas.map((s) => ({
      version: new PackageVersion(s),
      status: { want: 'install', flag: 'ok', state: 'installed' },
    })),
    held: new Set(),
    osRelease: {},
    preferences: [],
  };
}

function sourceOf(stanzas: Fields[], counter = { texts: 0 }): RepositoryIndexSource {
  return {
    indexes: async () => [
      {
        origin: { baseUri: 'http://127.0.0.1:1/debian/', component: 'main', release: { suite: 'stable' } },
        architecture: 'amd64',
        sha256: 'a'.repeat(64),
        text: async () => {
          counter.texts++;
          return formatStanzas(stanzas);
        },
      },
    ],
    download: async () => {
      throw new Error('not used');
    },
  };
}

const trivy = JSON.stringify({
  Results: [
    {
      Class: 'os-pkgs',
      Type: 'debian',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-1',
          PkgName: 'libssl3',
          InstalledVersion: '3.0.1-1',
          FixedVersion: '3.0.2-1',
        },
        {
          VulnerabilityID: 'CVE-2',
          PkgName: 'zlib1g',
          InstalledVersion: '1:1.2.13-1',
          FixedVersion: '1:1.2.13-1+deb12u1',
        },
        { VulnerabilityID: 'CVE-3', PkgName: 'bash', InstalledVersion: '5.2-1', FixedVersion: '5.3-1' },
      ],
    },
  ],
});

describe('resolvePlan', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'custody-plan-cache-'));
  });
  afterAll(async () => rm(cacheDir, { recursive: true, force: true }));

  it('plans the report fixes as apt-get -s install does, and lists what the repositories cannot fix', async () => {
    const apt = await runAptOracle({
      nativeArch: 'amd64',
      status,
      suites: [{ suite: 'stable', packages: { amd64: index } }],
      command: ['install', 'libssl3', 'zlib1g'],
    });
    expect(apt.status, apt.output).toBe(0);
    const plan = await resolvePlan({
      rootfs: rootfsOf(status),
      source: sourceOf(index),
      report: { text: trivy, input: 'trivy.json' },
      update: 'report',
    });
    expect(plan.entries.map((e) => ({ package: e.package, arch: e.arch, version: e.to }))).toEqual(
      apt.installs,
    );
    expect(plan.entries.find((e) => e.package === 'libssl3')).toMatchObject({
      from: '3.0.1-1',
      why: ['CVE-1'],
      deb: { url: 'http://127.0.0.1:1/debian/pool/main/l/libssl3/libssl3_3.0.2-1_amd64.deb', size: 1000 },
    });
    expect(plan.unfixed).toEqual([
      {
        package: 'bash',
        arch: 'amd64',
        installedVersion: '5.2-1',
        fixedVersion: '5.3-1',
        candidate: '5.2-2',
        vulnerabilityIds: ['CVE-3'],
      },
    ]);
  });

  it('parses an index once, then reads the parse cache keyed by its digest', async () => {
    const counter = { texts: 0 };
    const first = await resolvePlan({
      rootfs: rootfsOf(status),
      source: sourceOf(index, counter),
      update: 'all',
      cacheDir,
    });
    const second = await resolvePlan({
      rootfs: rootfsOf(status),
      source: sourceOf(index, counter),
      update: 'all',
      cacheDir,
    });
    expect(counter.texts).toBe(1);
    expect((await readdir(join(cacheDir, 'index'))).sort()).toEqual([
      `custody-index-v3-${'a'.repeat(64)}.packages`,
      `custody-index-v3-${'a'.repeat(64)}.provides.json`,
    ]);
    expect(second).toEqual(first);
    expect(first.entries.map((e) => e.package)).toEqual(['bash', 'libssl3', 'openssl', 'zlib1g']);
  });

  it('a report fix that cannot be satisfied is PLAN_UNSATISFIABLE; with --update all it is kept back', async () => {
    const broken = sourceOf([...index, indexStanza(pkg('bash', '6.0', { Depends: 'libreadline9' }))]);
    const report = JSON.stringify({
      Results: [
        {
          Class: 'os-pkgs',
          Vulnerabilities: [
            { VulnerabilityID: 'CVE-4', PkgName: 'bash', InstalledVersion: '5.2-1', FixedVersion: '6.0' },
          ],
        },
      ],
    });
    const error = await resolvePlan({
      rootfs: rootfsOf(status),
      source: broken,
      update: 'report',
      report: { text: report, input: 'trivy.json' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ code: 'PLAN_UNSATISFIABLE', kind: 'check' });
    expect((error as PatchError).message).toContain('bash 6.0 (amd64) Depends: libreadline9');
    const plan = await resolvePlan({ rootfs: rootfsOf(status), source: broken, update: 'all' });
    expect(plan.entries.map((e) => e.package)).toEqual(['libssl3', 'openssl', 'zlib1g']);
    expect(plan.keptBack).toMatchObject([{ package: 'bash', installedVersion: '5.2-1', candidate: '6.0' }]);
  });

  it('PREFERENCES_INVALID names the record apt would refuse too', async () => {
    const rootfs = {
      ...rootfsOf(status),
      preferences: [{ Package: 'bash', Pin: 'bogus 1', 'Pin-Priority': '600' }],
    };
    const error = await resolvePlan({ rootfs, source: sourceOf(index), update: 'all' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ code: 'PREFERENCES_INVALID', kind: 'input' });
    expect((error as PatchError).message).toContain('record 1: unknown pin "bogus 1"');
  });

  it.each([
    ['NO_REPOSITORIES', 'input', () => ({ ...sourceOf(index), indexes: async () => [] })],
    [
      'INDEX_INVALID',
      'input',
      (): RepositoryIndexSource => {
        const source = sourceOf(index);
        return {
          ...source,
          indexes: async () =>
            (await source.indexes()).map((i) => ({ ...i, text: async () => 'Package: x\nbroken line\n' })),
        };
      },
    ],
  ])('%s', async (code, kind, source) => {
    const error = await resolvePlan({ rootfs: rootfsOf(status), source: source(), update: 'all' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ code, kind });
  });
});
