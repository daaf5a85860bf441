/**
 * A real, signed apt repository built in test setup (issue 6, "Real parts in the tests"): `.deb`
 * files made by `dpkg-deb` around static binaries from `gcc -static`, `Packages` and `Release` by
 * `apt-ftparchive`, `InRelease` and `Release.gpg` signed by a key `gpg` generates at test time.
 * Serve it with StaticServer (./static-server.ts) on 127.0.0.1. Nothing is mocked.
 *
 * API (stable; other suites build on it):
 *
 *   const gpg = await GpgHome.create();                      // ./gpg-home.ts; gpg.close() in afterAll
 *   const key = await gpg.generateKey({ type: 'ed25519' });  // or 'rsa4096'
 *   const repo = await AptTestRepository.build({
 *     dir,                                                   // an empty temporary directory
 *     gpg, key,
 *     suites: [{
 *       suite: 'stable', codename: 'custody',
 *       packages: [
 *         { name: 'hello', version: '1.0-1', conffile: true },
 *         { name: 'hello', version: '1.0-2', depends: 'libhello1 (>= 2.0)', conffile: true },
 *         { name: 'libhello1', version: '2.0-1' },
 *       ],
 *     }],
 *   });
 *   repo.root                      // the directory to serve: dists/ and pool/
 *   repo.debs                      // every BuiltDeb: path, filename (pool path), sha256, size, spec
 *   repo.deb('hello', '1.0-2')     // one BuiltDeb
 *   repo.publicKey                 // binary keyring bytes of `key` (for signed-by or trusted.gpg.d)
 *   repo.sourcesLine(url, 'stable')// `deb [signed-by=…] URL stable main` for a rootfs sources.list
 *   await repo.release('stable', { date, validFor, key, digestAlgo, at, sign })  // re-make Release
 *                                  // and its signatures: tamper tests (past Valid-Until, future Date,
 *                                  // SHA-1, expired or wrong key, unsigned)
 *   const server = await StaticServer.start(repo.root); server.url; await server.close();
 *
 * Layout: `dists/SUITE/Release`, `InRelease`, `Release.gpg`,
 * `dists/SUITE/COMPONENT/binary-ARCH/Packages{,.gz,.xz}`, `pool/SUITE/COMPONENT/x/NAME/NAME_VER_ARCH.deb`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GpgHome, SignOptions, TestKey } from './gpg-home.js';

const run = promisify(execFile);

/** A package to build with dpkg-deb. */
export interface TestDebSpec {
  name: string;
  version: string;
  /** Default: the host's `dpkg --print-architecture`. `all` packages get no binary. */
  architecture?: string;
  component?: string;
  depends?: string;
  preDepends?: string;
  provides?: string;
  breaks?: string;
  conflicts?: string;
  multiArch?: 'same' | 'foreign' | 'allowed';
  essential?: boolean;
  /** Further control fields, written as given. */
  fields?: Record<string, string>;
  /** Ship `/etc/NAME/NAME.conf` (a conffile, listed in `conffiles`). */
  conffile?: boolean;
  /** A static `/usr/bin/NAME` built with `gcc -static` (default true unless architecture is `all`). */
  binary?: boolean;
  /** Extra files: path inside the package (no leading slash) to content. */
  files?: Record<string, string>;
  /** Maintainer scripts (`postinst`, `prerm`, …) to content; made executable. */
  scripts?: Record<string, string>;
  /** dpkg-deb -Z: `xz` (default), `gzip`, `zstd` or `none` (control.tar follows, uniformly). */
  compression?: 'gzip' | 'xz' | 'zstd' | 'none';
}

/** A .deb the repository holds. */
export interface BuiltDeb {
  spec: TestDebSpec;
  architecture: string;
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the repository root, as `Filename:` in Packages says. */
  filename: string;
  /** Hex SHA256 of the file. */
  sha256: string;
  size: number;
}

/** One suite (distribution) of the repository. */
export interface TestSuiteSpec {
  suite: string;
  /** Default: the suite name. */
  codename?: string;
  origin?: string;
  label?: string;
  notAutomatic?: boolean;
  butAutomaticUpgrades?: boolean;
  /** Architectures listed in Release and given a Packages index (default: the host's). */
  architectures?: string[];
  packages: TestDebSpec[];
}

/** How `release()` makes a suite's Release and signatures. */
export interface ReleaseOptions extends SignOptions {
  /** `Date:` (default: now). */
  date?: Date;
  /** Seconds from Date to `Valid-Until:`; absent or 0: no Valid-Until. */
  validFor?: number;
  /** The signing key, or keys for several signatures (default: the repository's key). */
  key?: TestKey | TestKey[];
  /** Which signatures to write (default both). Unwritten ones are removed. */
  sign?: { inRelease?: boolean; releaseGpg?: boolean };
}

export interface AptTestRepositoryOptions {
  dir: string;
  gpg: GpgHome;
  key: TestKey;
  suites: TestSuiteSpec[];
  /** Release options for the first signing of every suite. */
  release?: ReleaseOptions;
}

let hostArchitecture: string | undefined;

/** `dpkg --print-architecture`. */
export async function dpkgArchitecture(): Promise<string> {
  hostArchitecture ??= (await run('dpkg', ['--print-architecture'])).stdout.trim();
  return hostArchitecture;
}

/** RFC 2822 in UTC, as apt writes `Date:` (`Mon, 23 Nov 2026 11:22:37 UTC`). */
export function releaseDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, 'UTC');
}

function controlText(spec: TestDebSpec, architecture: string): string {
  const fields: [string, string | undefined][] = [
    ['Package', spec.name],
    ['Version', spec.version],
    ['Architecture', architecture],
    ['Maintainer', 'custody tests <tests@custody.invalid>'],
    ['Essential', spec.essential === true ? 'yes' : undefined],
    ['Multi-Arch', spec.multiArch],
    ['Pre-Depends', spec.preDepends],
    ['Depends', spec.depends],
    ['Provides', spec.provides],
    ['Breaks', spec.breaks],
    ['Conflicts', spec.conflicts],
    ['Section', 'misc'],
    ['Priority', 'optional'],
    ...Object.entries(spec.fields ?? {}),
    ['Description', `custody test package ${spec.name}\n test data built by test/helpers/apt-repository.ts`],
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
}

async function staticBinary(dir: string, spec: TestDebSpec): Promise<string> {
  const source = join(dir, `${spec.name}.c`);
  const text = `${spec.name} ${spec.version}`.replace(/["\\]/g, '');
  await writeFile(source, `#include <stdio.h>\nint main(void){puts("${text}");return 0;}\n`);
  const output = join(dir, spec.name);
  await run('gcc', ['-static', '-O2', '-o', output, source]);
  return output;
}

/** Builds one .deb with dpkg-deb into `outDir`; `work` is scratch space. */
export async function buildDeb(spec: TestDebSpec, work: string, outDir: string): Promise<BuiltDeb> {
  const architecture = spec.architecture ?? (await dpkgArchitecture());
  const tree = join(work, `${spec.name}_${spec.version.replace(/:/g, '%')}_${architecture}`);
  await mkdir(join(tree, 'DEBIAN'), { recursive: true });
  await writeFile(join(tree, 'DEBIAN', 'control'), controlText(spec, architecture));
  const conffiles: string[] = [];
  if (spec.binary ?? architecture !== 'all') {
    await mkdir(join(tree, 'usr/bin'), { recursive: true });
    const binary = await staticBinary(work, spec);
    await writeFile(join(tree, 'usr/bin', spec.name), await readFile(binary));
    await chmod(join(tree, 'usr/bin', spec.name), 0o755);
  }
  if (spec.conffile === true) {
    await mkdir(join(tree, 'etc', spec.name), { recursive: true });
    await writeFile(
      join(tree, 'etc', spec.name, `${spec.name}.conf`),
      `# ${spec.name} ${spec.version}\nenabled=1\n`,
    );
    conffiles.push(`/etc/${spec.name}/${spec.name}.conf`);
  }
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    const target = join(tree, path);
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, content);
  }
  if (conffiles.length > 0) await writeFile(join(tree, 'DEBIAN', 'conffiles'), `${conffiles.join('\n')}\n`);
  for (const [name, content] of Object.entries(spec.scripts ?? {})) {
    await writeFile(join(tree, 'DEBIAN', name), content);
    await chmod(join(tree, 'DEBIAN', name), 0o755);
  }
  // md5sums, as dh_md5sums would write it (dpkg-deb does not).
  const { stdout: md5 } = await run(
    'sh',
    ['-c', "find . -type f ! -path './DEBIAN/*' -printf '%P\\0' | sort -z | xargs -0r md5sum"],
    { cwd: tree },
  );
  if (md5.length > 0) await writeFile(join(tree, 'DEBIAN', 'md5sums'), md5);
  await mkdir(outDir, { recursive: true });
  const base = `${spec.name}_${spec.version.replace(/^\d+:/, '')}_${architecture}.deb`;
  const path = join(outDir, base);
  await run('dpkg-deb', ['--root-owner-group', `-Z${spec.compression ?? 'xz'}`, '--build', tree, path]);
  const bytes = await readFile(path);
  return {
    spec,
    architecture,
    path,
    filename: base,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
  };
}

/** A signed apt repository on disk. */
export class AptTestRepository {
  private constructor(
    readonly root: string,
    readonly gpg: GpgHome,
    readonly key: TestKey,
    readonly suites: TestSuiteSpec[],
    readonly debs: BuiltDeb[],
    /** The repository key as a binary keyring (apt's `signed-by` file). */
    readonly publicKey: Buffer,
  ) {}

  /** Builds the .debs, indexes, Release files and signatures under `options.dir`. */
  static async build(options: AptTestRepositoryOptions): Promise<AptTestRepository> {
    const { dir, gpg, key, suites } = options;
    const debs: BuiltDeb[] = [];
    const work = join(dir, '.work');
    for (const suite of suites) {
      for (const spec of suite.packages) {
        const component = spec.component ?? 'main';
        const pool = join('pool', suite.suite, component, spec.name.slice(0, 1), spec.name);
        const deb = await buildDeb(spec, join(work, suite.suite), join(dir, pool));
        debs.push({ ...deb, filename: `${pool}/${deb.filename}` });
      }
    }
    await rm(work, { recursive: true, force: true });
    const publicKey = await gpg.exportPublicKey(key, { armor: false });
    const repo = new AptTestRepository(dir, gpg, key, suites, debs, publicKey);
    for (const suite of suites) {
      await repo.writeIndexes(suite);
      await repo.release(suite.suite, options.release);
    }
    return repo;
  }

  /** The .deb of a package version (first match). */
  deb(name: string, version: string, architecture?: string): BuiltDeb {
    const found = this.debs.find(
      (d) =>
        d.spec.name === name &&
        d.spec.version === version &&
        (architecture ?? d.architecture) === d.architecture,
    );
    if (found === undefined) throw new Error(`no test deb ${name} ${version}`);
    return found;
  }

  /** A path under `dists/SUITE/`. */
  distPath(suite: string, ...rest: string[]): string {
    return join(this.root, 'dists', suite, ...rest);
  }

  /** A one-line sources.list entry for this repository served at `url`. */
  sourcesLine(
    url: string,
    suite: string,
    options: { signedBy?: string; components?: string[] } = {},
  ): string {
    const opts = options.signedBy !== undefined ? `[signed-by=${options.signedBy}] ` : '';
    return `deb ${opts}${url} ${suite} ${(options.components ?? this.components(suite)).join(' ')}`;
  }

  private components(suite: string): string[] {
    const spec = this.suiteSpec(suite);
    return [...new Set(['main', ...spec.packages.map((p) => p.component ?? 'main')])].sort();
  }

  private suiteSpec(suite: string): TestSuiteSpec {
    const spec = this.suites.find((s) => s.suite === suite);
    if (spec === undefined) throw new Error(`no test suite ${suite}`);
    return spec;
  }

  private async architectures(suite: TestSuiteSpec): Promise<string[]> {
    return suite.architectures ?? [await dpkgArchitecture()];
  }

  /** Packages, Packages.gz and Packages.xz for every component and architecture, by apt-ftparchive. */
  private async writeIndexes(suite: TestSuiteSpec): Promise<void> {
    for (const component of this.components(suite.suite)) {
      for (const arch of await this.architectures(suite)) {
        const folder = this.distPath(suite.suite, component, `binary-${arch}`);
        await mkdir(folder, { recursive: true });
        const pool = join('pool', suite.suite, component);
        await mkdir(join(this.root, pool), { recursive: true });
        const { stdout } = await run('apt-ftparchive', ['--arch', arch, 'packages', pool], {
          cwd: this.root,
          maxBuffer: 256 << 20,
        });
        await writeFile(join(folder, 'Packages'), stdout);
        await run('sh', ['-c', 'gzip -9nkf Packages && xz -kf Packages'], { cwd: folder });
      }
    }
  }

  /**
   * (Re)writes `dists/SUITE/Release` with apt-ftparchive and signs it: `InRelease` (clearsigned)
   * and `Release.gpg` (detached). Returns the Release text.
   */
  async release(suite: string, options: ReleaseOptions = {}): Promise<string> {
    const spec = this.suiteSpec(suite);
    const date = options.date ?? new Date();
    const settings: [string, string | undefined][] = [
      ['Origin', spec.origin ?? 'custody-tests'],
      ['Label', spec.label ?? 'custody-tests'],
      ['Suite', spec.suite],
      ['Codename', spec.codename ?? spec.suite],
      ['Date', releaseDate(date)],
      ['Architectures', (await this.architectures(spec)).join(' ')],
      ['Components', this.components(suite).join(' ')],
      ['NotAutomatic', spec.notAutomatic === true ? 'yes' : undefined],
      ['ButAutomaticUpgrades', spec.butAutomaticUpgrades === true ? 'yes' : undefined],
    ];
    const args = settings
      .filter((s): s is [string, string] => s[1] !== undefined)
      .flatMap(([k, v]) => ['-o', `APT::FTPArchive::Release::${k}=${v}`]);
    const dists = this.distPath(suite);
    // apt-ftparchive would list an old Release or its signatures among the indexes.
    for (const name of ['Release', 'InRelease', 'Release.gpg']) await rm(join(dists, name), { force: true });
    const { stdout } = await run('apt-ftparchive', [...args, 'release', '.'], {
      cwd: dists,
      maxBuffer: 64 << 20,
    });
    // apt-ftparchive's ValidTime counts from the wall clock, not from a given Date: write
    // Valid-Until here, after Date, as apt-ftparchive places it.
    const text = options.validFor
      ? stdout.replace(
          /^(Date: .*\n)/m,
          `$1Valid-Until: ${releaseDate(new Date(Math.floor(date.getTime() / 1000) * 1000 + options.validFor * 1000))}\n`,
        )
      : stdout;
    await writeFile(join(dists, 'Release'), text);
    const key = options.key ?? this.key;
    const sign = { inRelease: true, releaseGpg: true, ...options.sign };
    if (sign.inRelease)
      await writeFile(join(dists, 'InRelease'), await this.gpg.clearsign(text, key, options));
    else await rm(join(dists, 'InRelease'), { force: true });
    if (sign.releaseGpg)
      await writeFile(join(dists, 'Release.gpg'), await this.gpg.detachSign(text, key, options));
    else await rm(join(dists, 'Release.gpg'), { force: true });
    return text;
  }
}
