// Every upgrade scenario of the resolver tests, end to end: each becomes suites of one signed
// repository of real .debs (dpkg-deb, apt-ftparchive, gpg) on 127.0.0.1 and a rootfs; apt-get -s
// on that rootfs and repository is the oracle for `custody patch plan`. Requests of `apt-get
// install PKG` become a Trivy report naming PKG with its newest version in the repository.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustody } from '#test-helpers';
import {
  type Fields,
  formatStanzas,
  runAptOnRootfs,
} from '../../packages/patch/src/__fixtures__/apt-oracle.js';
import { SCENARIOS } from '../../packages/patch/src/__fixtures__/scenarios.js';
import { AptTestRepository, type TestDebSpec, type TestSuiteSpec } from '../helpers/apt-repository.js';
import { GpgHome } from '../helpers/gpg-home.js';
import { StaticServer } from '../helpers/static-server.js';

const ARCHS = ['amd64', 'i386'];

/** Suite names are made unique per scenario: `s3-stable-updates`. */
const suiteName = (index: number, suite: string) => `s${index}-${suite}`;

function debSpec(fields: Fields): TestDebSpec {
  const spec: TestDebSpec = { name: fields.Package!, version: fields.Version!, binary: false };
  if (fields.Architecture !== undefined) spec.architecture = fields.Architecture;
  if (fields.Depends !== undefined) spec.depends = fields.Depends;
  if (fields['Pre-Depends'] !== undefined) spec.preDepends = fields['Pre-Depends'];
  if (fields.Provides !== undefined) spec.provides = fields.Provides;
  if (fields.Breaks !== undefined) spec.breaks = fields.Breaks;
  if (fields.Conflicts !== undefined) spec.conflicts = fields.Conflicts;
  if (fields['Multi-Arch'] !== undefined) spec.multiArch = fields['Multi-Arch'] as TestDebSpec['multiArch'];
  if (fields.Essential === 'yes') spec.essential = true;
  return spec;
}

/** The newest of some versions, by dpkg's own order. */
function newest(versions: string[]): string | undefined {
  const greater = (a: string, b: string) => {
    try {
      execFileSync('dpkg', ['--compare-versions', a, 'gt', b]);
      return true;
    } catch {
      return false;
    }
  };
  return versions.reduce<string | undefined>(
    (best, v) => (best === undefined || greater(v, best) ? v : best),
    undefined,
  );
}

/** `a=stable-updates` in preferences names the renamed suite. */
const renamePins = (text: string, index: number) =>
  text.replace(/a=([A-Za-z0-9.-]+)/g, (_all, suite: string) => `a=${suiteName(index, suite)}`);

describe('every resolver scenario through custody patch plan and a signed repository, against apt-get -s', () => {
  let work: string;
  let gpg: GpgHome;
  let repo: AptTestRepository;
  let server: StaticServer;
  let keyring: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'custody-patch-scenarios-'));
    gpg = await GpgHome.create();
    const key = await gpg.generateKey({ type: 'rsa4096' });
    const suites: TestSuiteSpec[] = SCENARIOS.flatMap(([, spec], index) =>
      spec.suites.map((suite) => ({
        suite: suiteName(index, suite.suite),
        architectures: ARCHS,
        ...(suite.notAutomatic === true ? { notAutomatic: true } : {}),
        ...(suite.butAutomaticUpgrades === true ? { butAutomaticUpgrades: true } : {}),
        packages: Object.values(suite.packages).flat().map(debSpec),
      })),
    );
    repo = await AptTestRepository.build({ dir: join(work, 'repo'), gpg, key, suites });
    keyring = join(work, 'custody-tests.gpg');
    await writeFile(keyring, repo.publicKey);
    server = await StaticServer.start(repo.root);
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await gpg?.close();
    await rm(work, { recursive: true, force: true });
  });

  it.each(SCENARIOS.map(([name, spec], index) => [name, spec, index] as const))(
    '%s',
    async (_name, spec, index) => {
      const suites = spec.suites.map((s) => suiteName(index, s.suite));
      const archs = [spec.nativeArch, ...(spec.foreignArchs ?? [])];
      const root = join(work, `rootfs-${index}`);
      await mkdir(join(root, 'var/lib/dpkg'), { recursive: true });
      await mkdir(join(root, 'etc/apt/keyrings'), { recursive: true });
      const status = spec.status.map((s) => ({ Status: 'install ok installed', ...s }));
      await writeFile(join(root, 'var/lib/dpkg/status'), formatStanzas(status));
      await writeFile(join(root, 'var/lib/dpkg/arch'), `${archs.join('\n')}\n`);
      await writeFile(join(root, 'etc/apt/keyrings/tests.gpg'), repo.publicKey);
      const inImage = suites.map((s) =>
        repo.sourcesLine(server.url, s, { signedBy: '/etc/apt/keyrings/tests.gpg' }),
      );
      await writeFile(join(root, 'etc/apt/sources.list'), `${inImage.join('\n')}\n`);
      const preferences = spec.preferences === undefined ? undefined : renamePins(spec.preferences, index);
      if (preferences !== undefined) await writeFile(join(root, 'etc/apt/preferences'), preferences);

      // apt, pointed at the rootfs's status and preferences, with its own fresh state.
      const target = spec.targetRelease === undefined ? undefined : suiteName(index, spec.targetRelease);
      const apt = await runAptOnRootfs({
        root,
        stateDir: join(work, `apt-${index}`),
        sources: suites.map((s) => repo.sourcesLine(server.url, s, { signedBy: keyring })),
        archs,
        ...(target !== undefined ? { targetRelease: target } : {}),
        ...(preferences !== undefined ? { preferences } : {}),
        command: spec.command,
      });
      expect(apt.status, apt.output).toBe(0);
      expect(apt.removals).toEqual([]);
      expect(apt.installs.length).toBeGreaterThan(0);

      const args = ['patch', 'plan', root, '--format', 'json', '--no-cache'];
      if (target !== undefined) args.push('--target-release', target);
      const [verb, ...names] = spec.command;
      if (verb === 'dist-upgrade') {
        args.push('--update', 'all');
      } else {
        // The report asks for each named package at its newest version in the scenario's repositories.
        const vulnerabilities = names.map((qualified, i) => {
          const [name, arch = spec.nativeArch] = qualified.split(':') as [string, string?];
          const versions = spec.suites
            .flatMap((s) => s.packages[arch] ?? [])
            .filter((p) => p.Package === name)
            .map((p) => p.Version!);
          const installed = spec.status.find((p) => p.Package === name && (p.Architecture ?? arch) === arch);
          return {
            VulnerabilityID: `CVE-2026-${1000 + i}`,
            PkgName: name,
            PkgIdentifier: { PURL: `pkg:deb/debian/${name}@${installed?.Version}?arch=${arch}` },
            InstalledVersion: installed?.Version,
            FixedVersion: newest(versions),
          };
        });
        const report = join(work, `report-${index}.json`);
        await writeFile(
          report,
          JSON.stringify({
            SchemaVersion: 2,
            Results: [{ Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulnerabilities }],
          }),
        );
        args.push('--report', report);
      }
      const result = await runCustody(args);
      expect(result.status, result.stderr).toBe(0);
      const plan = JSON.parse(result.stdout) as { entries: { package: string; arch: string; to: string }[] };
      expect(
        plan.entries
          .map((e) => ({ package: e.package, arch: e.arch, version: e.to }))
          .sort((a, b) => `${a.package}:${a.arch}`.localeCompare(`${b.package}:${b.arch}`)),
      ).toEqual(apt.installs);
    },
  );
});
