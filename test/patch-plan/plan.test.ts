// `custody patch plan` end to end: a signed apt repository built with dpkg-deb and apt-ftparchive,
// served on 127.0.0.1, rootfs fixtures written here, and apt-get -s against the same rootfs and
// repository as the oracle for every plan.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustody } from '#test-helpers';
import {
  type Fields,
  formatStanzas,
  runAptOnRootfs,
} from '../../packages/patch/src/__fixtures__/apt-oracle.js';
import { AptTestRepository, dpkgArchitecture, type TestDebSpec } from '../helpers/apt-repository.js';
import { GpgHome } from '../helpers/gpg-home.js';
import { StaticServer } from '../helpers/static-server.js';

const SUITES = ['stable', 'stable-security', 'stable-updates', 'stable-backports'];

let native: string;
let work: string;
let gpg: GpgHome;
let repo: AptTestRepository;
let server: StaticServer;
let keyring: string;

const deb = (name: string, version: string, more: Partial<TestDebSpec> = {}): TestDebSpec => ({
  name,
  version,
  binary: false,
  ...more,
});

/** A dpkg status paragraph for an installed version of a package the repository builds. */
const installed = (name: string, version: string, more: Fields = {}): Fields => ({
  Package: name,
  Status: 'install ok installed',
  Priority: 'optional',
  Section: 'misc',
  Maintainer: 'custody tests <tests@custody.invalid>',
  Architecture: native,
  Version: version,
  Description: `custody test package ${name}`,
  ...more,
});

async function makeRootfs(
  name: string,
  status: Fields[],
  suites = SUITES,
  url = server.url,
): Promise<string> {
  const root = join(work, 'rootfs', name);
  await mkdir(join(root, 'var/lib/dpkg'), { recursive: true });
  await mkdir(join(root, 'etc/apt/keyrings'), { recursive: true });
  await writeFile(join(root, 'var/lib/dpkg/status'), formatStanzas(status));
  await writeFile(join(root, 'var/lib/dpkg/arch'), `${native}\ni386\n`);
  await writeFile(join(root, 'etc/apt/keyrings/custody-tests.gpg'), repo.publicKey);
  const lines = suites.map((s) =>
    repo.sourcesLine(url, s, { signedBy: '/etc/apt/keyrings/custody-tests.gpg' }),
  );
  await writeFile(join(root, 'etc/apt/sources.list'), `${lines.join('\n')}\n`);
  await writeFile(join(root, 'etc/os-release'), 'ID=debian\nVERSION_CODENAME=bookworm\n');
  return root;
}

/** apt-get -s on the same rootfs (its status file) and repository, with a fresh state directory. */
async function aptPlan(root: string, command: string[], suites = SUITES) {
  return runAptOnRootfs({
    root,
    stateDir: await mkdtemp(join(work, 'apt-')),
    sources: suites.map((s) => repo.sourcesLine(server.url, s, { signedBy: keyring })),
    archs: [native, 'i386'],
    command,
  });
}

interface JsonPlan {
  entries: {
    package: string;
    arch: string;
    from: string | null;
    to: string;
    why: string[];
    deb: { url: string; sha256: string; size: number };
  }[];
  unfixed: { package: string }[];
}

const installsOf = (plan: JsonPlan) =>
  plan.entries
    .map((e) => ({ package: e.package, arch: e.arch, version: e.to }))
    .sort((a, b) => `${a.package}:${a.arch}`.localeCompare(`${b.package}:${b.arch}`));

/** Installed state shared by the scenarios: an upgrade needing a new package, a Multi-Arch pair, a fix in -security. */
const baseStatus = (): Fields[] => [
  installed('hello', '1.0-1'),
  installed('libm', '1.0', { 'Multi-Arch': 'same' }),
  installed('libm', '1.0', { 'Multi-Arch': 'same', Architecture: 'i386' }),
  installed('curlish', '1.0', { Architecture: 'all' }),
  installed('tool', '1.0', { 'Multi-Arch': 'foreign' }),
];

const trivyReport = (vulns: { id: string; name: string; installed: string; fixed: string }[]) =>
  JSON.stringify({
    SchemaVersion: 2,
    Results: [
      {
        Target: 'rootfs (debian 12)',
        Class: 'os-pkgs',
        Type: 'debian',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: v.name,
          InstalledVersion: v.installed,
          FixedVersion: v.fixed,
        })),
      },
    ],
  });

describe('custody patch plan against apt-get -s', () => {
  beforeAll(async () => {
    native = await dpkgArchitecture();
    work = await mkdtemp(join(tmpdir(), 'custody-patch-plan-'));
    gpg = await GpgHome.create();
    const key = await gpg.generateKey({ type: 'ed25519' });
    const archs = [native, 'i386'];
    repo = await AptTestRepository.build({
      dir: join(work, 'repo'),
      gpg,
      key,
      suites: [
        {
          suite: 'stable',
          architectures: archs,
          packages: [
            deb('hello', '1.0-1', { binary: true, conffile: true }),
            deb('hello', '1.0-2', { binary: true, conffile: true, depends: 'libhello1 (>= 2.0)' }),
            deb('libhello1', '2.0-1'),
            deb('libm', '1.1', { multiArch: 'same' }),
            deb('libm', '1.1', { multiArch: 'same', architecture: 'i386' }),
            deb('curlish', '1.0', { architecture: 'all' }),
            deb('tool', '1.0', { multiArch: 'foreign' }),
            deb('broken', '1.0'),
            deb('broken', '2.0', { depends: 'absent-lib (>= 3)' }),
          ],
        },
        {
          suite: 'stable-security',
          architectures: archs,
          packages: [deb('curlish', '1.0+deb12u1', { architecture: 'all' })],
        },
        {
          suite: 'stable-updates',
          architectures: archs,
          packages: [deb('tool', '1.0+deb12u1', { multiArch: 'foreign' })],
        },
        {
          suite: 'stable-backports',
          architectures: archs,
          notAutomatic: true,
          butAutomaticUpgrades: true,
          packages: [
            deb('hello', '2.0~bpo12+1', { depends: 'libhello1 (>= 2.0)' }),
            deb('tool', '2.0~bpo12+1'),
          ],
        },
      ],
    });
    keyring = join(work, 'custody-tests.gpg');
    await writeFile(keyring, repo.publicKey);
    server = await StaticServer.start(repo.root);
  });

  afterAll(async () => {
    await server?.close();
    await gpg?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('--update all: the same packages and versions as apt-get -s dist-upgrade', async () => {
    const root = await makeRootfs('all', baseStatus());
    const apt = await aptPlan(root, ['dist-upgrade']);
    expect(apt.status, apt.output).toBe(0);
    expect(apt.installs.map((i) => i.package)).toContain('libhello1');
    const cacheDir = join(work, 'cache-all');
    const result = await runCustody([
      'patch',
      'plan',
      root,
      '--update',
      'all',
      '--format',
      'json',
      '--cache-dir',
      cacheDir,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as JsonPlan;
    expect(installsOf(plan)).toEqual(apt.installs);
    const hello = plan.entries.find((e) => e.package === 'hello')!;
    const built = repo.deb('hello', '1.0-2');
    expect(hello).toMatchObject({
      from: '1.0-1',
      to: '1.0-2',
      deb: { url: `${server.url}/${built.filename}`, sha256: built.sha256, size: built.size },
    });
    expect(plan.entries.find((e) => e.package === 'libhello1')).toMatchObject({
      from: null,
      why: ['dependency of hello'],
    });
  });

  it('--report: only the reported packages (and what they need), as apt-get -s install does', async () => {
    const root = await makeRootfs('report', baseStatus());
    const report = join(work, 'trivy.json');
    await writeFile(
      report,
      trivyReport([
        { id: 'CVE-2026-0001', name: 'curlish', installed: '1.0', fixed: '1.0+deb12u1' },
        { id: 'CVE-2026-0002', name: 'hello', installed: '1.0-1', fixed: '1.0-2' },
      ]),
    );
    const apt = await aptPlan(root, ['install', 'curlish', 'hello']);
    expect(apt.status, apt.output).toBe(0);
    const result = await runCustody(['patch', 'plan', root, '--report', report, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as JsonPlan;
    expect(installsOf(plan)).toEqual(apt.installs);
    expect(plan.entries.map((e) => e.package)).not.toContain('libm');
    expect(plan.entries.find((e) => e.package === 'curlish')?.why).toEqual(['CVE-2026-0001']);
  });

  it('--format text names from, to, why and the .deb digest', async () => {
    const root = await makeRootfs('text', baseStatus());
    const result = await runCustody(['patch', 'plan', root, '--update', 'all']);
    expect(result.status, result.stderr).toBe(0);
    const built = repo.deb('curlish', '1.0+deb12u1');
    expect(result.stdout).toContain(`curlish:all 1.0 -> 1.0+deb12u1  (newer version available)`);
    expect(result.stdout).toContain(`sha256:${built.sha256}`);
  });

  it('--download fetches every .deb of the plan, verified', async () => {
    const root = await makeRootfs('download', baseStatus());
    const out = join(work, 'debs');
    const result = await runCustody([
      'patch',
      'plan',
      root,
      '--update',
      'all',
      '--format',
      'json',
      '--download',
      out,
    ]);
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as JsonPlan;
    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(plan.entries.length);
    for (const entry of plan.entries) {
      const file = entry.deb.url.slice(entry.deb.url.lastIndexOf('/') + 1);
      const bytes = await readFile(join(out, file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(
        repo.debs.find((d) => d.filename.endsWith(`/${file}`))?.sha256,
      );
    }
  });

  it('--repo replaces the rootfs sources and --keyring adds a key from the host', async () => {
    const root = await makeRootfs('repo-flag', baseStatus(), []);
    const apt = await aptPlan(root, ['dist-upgrade'], ['stable']);
    expect(apt.status, apt.output).toBe(0);
    const args = ['patch', 'plan', root, '--update', 'all', '--format', 'json', '--no-cache'];
    const unsigned = await runCustody([...args, '--repo', `deb ${server.url} stable main`]);
    expect(unsigned.status).toBe(2);
    const result = await runCustody([
      ...args,
      '--repo',
      `deb ${server.url} stable main`,
      '--keyring',
      keyring,
    ]);
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as JsonPlan;
    expect(installsOf(plan)).toEqual(apt.installs);
    expect(plan.entries.map((e) => e.package)).not.toContain('curlish'); // its fix is only in -security
  });

  it('exit 1 when the plan cannot be satisfied, naming the package and the relation (apt fails too)', async () => {
    const root = await makeRootfs('unsatisfiable', [...baseStatus(), installed('broken', '1.0')]);
    const report = join(work, 'trivy-broken.json');
    await writeFile(
      report,
      trivyReport([{ id: 'CVE-2026-0003', name: 'broken', installed: '1.0', fixed: '2.0' }]),
    );
    const apt = await aptPlan(root, ['install', 'broken']);
    expect(apt.status).toBe(100);
    expect(apt.output).toContain('broken : Depends: absent-lib (>= 3)');
    const result = await runCustody(['patch', 'plan', root, '--report', report]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/broken 2\.0 .*Depends: absent-lib \(>= 3\)/);
  });

  it('exit 2 for a rootfs that is not one, and for a report that is not JSON', async () => {
    const nothingAsked = await runCustody(['patch', 'plan', join(work, 'no-such-rootfs')]);
    expect(nothingAsked.status).toBe(2);
    expect(nothingAsked.stderr).toContain('--report FILE (its fixes) or --update all');
    const missing = await runCustody(['patch', 'plan', join(work, 'no-such-rootfs'), '--update', 'all']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-rootfs is not a directory');
    const root = await makeRootfs('bad-report', baseStatus());
    const report = join(work, 'not-json.json');
    await writeFile(report, '{ nope');
    const bad = await runCustody(['patch', 'plan', root, '--report', report]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not-json.json is not JSON');
  });

  it('exit 3 when a repository cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const root = await makeRootfs('unreachable', baseStatus(), ['stable'], `http://127.0.0.1:${port}`);
    const result = await runCustody(['patch', 'plan', root, '--update', 'all']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`127.0.0.1:${port}`);
  });
});
