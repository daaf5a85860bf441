// apt itself as the oracle for upgrade plans: apt-get runs against a status file and file:
// repositories in a temporary directory, with no chroot and no root (APT_CONFIG points every Dir
// at the directory; see packages/patch/README.md "Asking apt for the same plan").
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One paragraph, fields in order. */
export type Fields = Record<string, string>;

/** A suite of a file: repository, with the pin-relevant Release fields. */
export interface OracleSuite {
  suite: string;
  codename?: string;
  notAutomatic?: boolean;
  butAutomaticUpgrades?: boolean;
  /** Packages paragraphs per architecture (component `main`). */
  packages: Record<string, Fields[]>;
}

export interface OracleCase {
  nativeArch: string;
  foreignArchs?: string[];
  /** dpkg status paragraphs (Status defaults to `install ok installed`). */
  status: Fields[];
  suites: OracleSuite[];
  targetRelease?: string;
  /** /etc/apt/preferences text (apt_preferences(5)). */
  preferences?: string;
  /** `['dist-upgrade']` or `['install', 'a', 'b:i386']`. */
  command: string[];
}

/** One `Inst` line of `apt-get -s`: package (without `:arch`), architecture, new version. */
export interface AptInstall {
  package: string;
  arch: string;
  version: string;
}

export interface AptResult {
  status: number;
  installs: AptInstall[];
  removals: string[];
  output: string;
}

/** deb822 text of paragraphs. */
export function formatStanzas(stanzas: Fields[]): string {
  return stanzas
    .map((s) =>
      Object.entries(s)
        .map(([k, v]) => `${k}: ${v}\n`)
        .join(''),
    )
    .join('\n');
}

/** Fills the fields apt and custody expect in a Packages paragraph but scenarios do not care about. */
export function indexStanza(fields: Fields): Fields {
  const name = fields.Package ?? 'x';
  const version = (fields.Version ?? '0').replace(/^\d+:/, '');
  return {
    Priority: 'optional',
    Section: 'misc',
    Maintainer: 'custody tests <tests@example.invalid>',
    Filename: `pool/main/${name[0]}/${name}/${name}_${version}_${fields.Architecture ?? 'all'}.deb`,
    Size: '1000',
    SHA256: '0'.repeat(64),
    Description: `test package ${name}`,
    ...fields,
  };
}

/** Builds the repository and state, runs `apt-get update` then `apt-get -s COMMAND`. */
export async function runAptOracle(spec: OracleCase): Promise<AptResult> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-apt-oracle-'));
  try {
    const repo = join(dir, 'repo');
    const archs = [spec.nativeArch, ...(spec.foreignArchs ?? [])];
    const sources: string[] = [];
    for (const suite of spec.suites) {
      const dists = join(repo, 'dists', suite.suite);
      for (const arch of archs) {
        const folder = join(dists, 'main', `binary-${arch}`);
        await mkdir(folder, { recursive: true });
        const stanzas = (suite.packages[arch] ?? []).map(indexStanza);
        await writeFile(join(folder, 'Packages'), formatStanzas(stanzas));
      }
      const options = [
        `APT::FTPArchive::Release::Suite=${suite.suite}`,
        `APT::FTPArchive::Release::Codename=${suite.codename ?? suite.suite}`,
        'APT::FTPArchive::Release::Origin=custody-tests',
        'APT::FTPArchive::Release::Components=main',
        `APT::FTPArchive::Release::Architectures=${archs.join(' ')}`,
        ...(suite.notAutomatic === true ? ['APT::FTPArchive::Release::NotAutomatic=yes'] : []),
        ...(suite.butAutomaticUpgrades === true
          ? ['APT::FTPArchive::Release::ButAutomaticUpgrades=yes']
          : []),
      ].flatMap((o) => ['-o', o]);
      const { stdout } = await run('apt-ftparchive', [...options, 'release', dists], { maxBuffer: 64 << 20 });
      await writeFile(join(dists, 'Release'), stdout);
      sources.push(`deb [trusted=yes] file:${repo} ${suite.suite} main`);
    }
    const status = spec.status.map((s) => ({ Status: 'install ok installed', ...s }));
    await writeFile(join(dir, 'status'), formatStanzas(status));
    await writeFile(join(dir, 'sources.list'), `${sources.join('\n')}\n`);
    if (spec.preferences !== undefined) await writeFile(join(dir, 'preferences'), spec.preferences);
    for (const sub of ['empty', 'lists/partial', 'cache/archives/partial', 'log', 'state']) {
      await mkdir(join(dir, sub), { recursive: true });
    }
    const config = aptConfig(dir, archs, spec.targetRelease);
    await writeFile(join(dir, 'apt.conf'), config);
    const env = { ...process.env, APT_CONFIG: join(dir, 'apt.conf'), LC_ALL: 'C' };
    await run('apt-get', ['update', '-q', '--error-on=any'], { env });
    return await simulate(env, spec.command);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** apt pointed at a rootfs: its dpkg status, sources lines with host paths, a fresh state directory. */
export interface AptOnRootfs {
  /** The rootfs whose `var/lib/dpkg/status` apt reads. */
  root: string;
  /** A fresh directory for apt's lists, cache, logs and configuration. */
  stateDir: string;
  /** sources.list lines (signed-by paths on the host). */
  sources: string[];
  archs: string[];
  targetRelease?: string;
  preferences?: string;
  /** `['dist-upgrade']`, `['install', 'a']`. */
  command: string[];
}

/** `apt-get update --error-on=any`, then `apt-get -s COMMAND`, on a rootfs without chroot. */
export async function runAptOnRootfs(spec: AptOnRootfs): Promise<AptResult> {
  const dir = spec.stateDir;
  for (const sub of ['empty', 'lists/partial', 'cache/archives/partial', 'log', 'state']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  await writeFile(join(dir, 'sources.list'), `${spec.sources.join('\n')}\n`);
  if (spec.preferences !== undefined) await writeFile(join(dir, 'preferences'), spec.preferences);
  const config = aptConfig(dir, spec.archs, spec.targetRelease).replace(
    `Dir::State::status "${dir}/status";`,
    `Dir::State::status "${join(spec.root, 'var/lib/dpkg/status')}";`,
  );
  await writeFile(join(dir, 'apt.conf'), config);
  const env = { ...process.env, APT_CONFIG: join(dir, 'apt.conf'), LC_ALL: 'C' };
  await run('apt-get', ['update', '-q', '--error-on=any'], { env, maxBuffer: 64 << 20 });
  return simulate(env, spec.command);
}

async function simulate(env: NodeJS.ProcessEnv, command: string[]): Promise<AptResult> {
  try {
    const { stdout } = await run('apt-get', ['-s', '-q', '-y', '--allow-downgrades', ...command], {
      env,
      maxBuffer: 64 << 20,
    });
    return { status: 0, ...parseAptSimulation(stdout), output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    return { status: e.code ?? -1, ...parseAptSimulation(e.stdout ?? ''), output };
  }
}

/**
 * The apt.conf that points every directory apt reads or writes at `dir` (and `Dir::Etc::parts` at an
 * empty folder, so the host's apt.conf.d does not leak in).
 */
export function aptConfig(dir: string, archs: string[], targetRelease?: string): string {
  const lines = [
    `Dir::State "${dir}/state";`,
    `Dir::State::lists "${dir}/lists";`,
    `Dir::State::status "${dir}/status";`,
    `Dir::Cache "${dir}/cache";`,
    `Dir::Log "${dir}/log";`,
    `Dir::Etc::sourcelist "${dir}/sources.list";`,
    `Dir::Etc::sourceparts "${dir}/empty";`,
    `Dir::Etc::parts "${dir}/empty";`,
    `Dir::Etc::preferences "${dir}/preferences";`,
    `Dir::Etc::preferencesparts "${dir}/empty";`,
    `Dir::Etc::trustedparts "${dir}/empty";`,
    'Debug::NoLocking "true";',
    `APT::Architecture "${archs[0]}";`,
    `APT::Architectures { ${archs.map((a) => `"${a}";`).join(' ')} };`,
    'APT::Install-Recommends "false";',
    'APT::Install-Suggests "false";',
    'Acquire::Languages "none";',
    'APT::Sandbox::User "root";',
    ...(targetRelease !== undefined ? [`APT::Default-Release "${targetRelease}";`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** `Inst` and `Remv` lines of `apt-get -s`. */
export function parseAptSimulation(output: string): { installs: AptInstall[]; removals: string[] } {
  const installs: AptInstall[] = [];
  const removals: string[] = [];
  for (const line of output.split('\n')) {
    const inst = /^Inst (\S+) (?:\[\S+\] )?\((\S+) .*\[(\S+)\]\)/.exec(line);
    if (inst !== null) {
      const [, qualified, version, arch] = inst as unknown as [string, string, string, string];
      installs.push({ package: qualified.split(':')[0]!, arch, version });
      continue;
    }
    const remv = /^Remv (\S+)/.exec(line);
    if (remv !== null) removals.push(remv[1]!);
  }
  installs.sort((a, b) => `${a.package}:${a.arch}`.localeCompare(`${b.package}:${b.arch}`));
  return { installs, removals };
}
